"""The words of a group document, read from its file so that a search finds what it says.

OpenDocument and Office Open XML files are zip packages of XML (read with the standard library,
entities refused by defusedxml); PDF text is read by pypdf, which maps each font's glyphs back
to characters. A scanned PDF gives no text: the document is then found by its title and notes
only. Every step is bounded (bytes inflated, characters kept), and an
unreadable file gives an empty text, never an error: the upload itself was already accepted
from its bytes (uploads.py).
"""

import re
import zipfile

from defusedxml import ElementTree
from pypdf import PdfReader
from pypdf.errors import PyPdfError as PdfError

# Enough for the words of a long report; the index needs no more.
MAX_TEXT_CHARS = 200_000
# Pages read from a PDF (pypdf also bounds what one stream may inflate to).
MAX_PDF_PAGES = 300
MAX_XML_PART_BYTES = 20 * 1024 * 1024

# The XML parts that hold a package's text.
PACKAGE_TEXT_PARTS = {
    "docx": ("word/document.xml",),
    "xlsx": ("xl/sharedStrings.xml",),
    "odt": ("content.xml",),
    "ods": ("content.xml",),
}
# Elements that end a line of text (paragraphs, headings, cells), in either family of formats.
BLOCK_TAGS = {"p", "h", "tc", "si", "table-cell", "br", "tab"}


def _xml_text(data):
    root = ElementTree.fromstring(data)
    words = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if element.text and tag not in {"instrText"}:
            words.append(element.text)
        if tag in BLOCK_TAGS:
            words.append("\n")
        if element.tail:
            words.append(element.tail)
    return "".join(words)


def _package_text(file, kind):
    texts = []
    with zipfile.ZipFile(file) as package:
        for part in PACKAGE_TEXT_PARTS[kind]:
            try:
                info = package.getinfo(part)
            except KeyError:
                continue
            if info.file_size > MAX_XML_PART_BYTES:
                continue
            texts.append(_xml_text(package.read(part)))
    return "\n".join(texts)


def _pdf_text(file):
    reader = PdfReader(file)
    lines = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        lines.append(page.extract_text() or "")
        if sum(map(len, lines)) > MAX_TEXT_CHARS:
            break
    return "\n".join(lines)


def extract_text(file, kind):
    """The text of a stored document file (`kind` is its format read from its bytes), or ""."""
    try:
        file.seek(0)
        if kind == "pdf":
            text = _pdf_text(file)
        elif kind in PACKAGE_TEXT_PARTS:
            text = _package_text(file, kind)
        else:
            return ""
    except (zipfile.BadZipFile, OSError, ValueError, ElementTree.ParseError, PdfError):
        return ""
    finally:
        file.seek(0)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()[:MAX_TEXT_CHARS]
