"""Real documents of each accepted format, built in memory for the upload tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from apure.network.pdf import simple_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


def pdf_bytes():
    return simple_pdf("Guide", ["Une ligne."])


def simple_pdf_with(line):
    return simple_pdf("Document", [line])


def docx_bytes():
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Clause type")
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def odt_bytes():
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    out = io.BytesIO()
    document = OpenDocumentText()
    document.text.addElement(P(text="Délibération"))
    document.save(out)
    return out.getvalue()


def ods_bytes():
    from odf.opendocument import OpenDocumentSpreadsheet

    out = io.BytesIO()
    OpenDocumentSpreadsheet().save(out)
    return out.getvalue()


def plain_zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("notes.txt", "pas un document bureautique")
    return out.getvalue()


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)
