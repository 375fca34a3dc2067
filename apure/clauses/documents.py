"""Clauses for the consultation file: one outline, rendered as DOCX, ODT or a printable page.

The outline is a list of (style, text) blocks; each renderer maps the styles to its format, so
that the three outputs always say the same thing.
"""

import io
import re
from dataclasses import dataclass, field

from django.utils import timezone

TITLE, HEADING, SUBHEADING, PARAGRAPH, LIST, NOTE = (
    "title", "heading", "subheading", "paragraph", "list", "note",
)  # fmt: skip
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


@dataclass
class Block:
    style: str
    text: str = ""
    items: list[str] = field(default_factory=list)


def outline(clauses, context: dict | None = None) -> list[Block]:
    """The document's content: a title, the contract's description, then one section per clause."""
    context = context or {}
    blocks = [Block(TITLE, "Clauses sociales et environnementales du marché")]
    if context.get("objet"):
        blocks.append(Block(PARAGRAPH, f"Objet du marché : {context['objet']}"))
    for label, key in [("Code CPV", "cpv"), ("Montant estimé", "montant"),
                       ("Date de lancement", "date")]:  # fmt: skip
        if context.get(key):
            blocks.append(Block(PARAGRAPH, f"{label} : {context[key]}"))
    hours, rate = sizing_of(context)
    if hours:
        rate_text = f" (taux d'insertion {rate})" if rate else ""
        blocks.append(Block(PARAGRAPH, f"Heures d'insertion estimées : {hours}{rate_text}"))
    blocks.append(
        Block(
            NOTE,
            f"Document préparé avec apure le {timezone.localdate():%d/%m/%Y}. Adaptez les "
            "passages entre crochets à votre marché et faites relire les clauses par votre "
            "service juridique.",
        )
    )
    for number, clause in enumerate(clauses, start=1):
        blocks.append(Block(HEADING, f"{number}. {clause.title}"))
        blocks.append(Block(NOTE, f"Type : {clause.get_kind_display()}"))
        text = fill_sizing(clause.text, hours, rate)
        blocks.extend(Block(PARAGRAPH, part) for part in _paragraphs(text))
        if clause.weighting_advice:
            blocks.append(Block(SUBHEADING, "Conseil de pondération"))
            blocks.extend(Block(PARAGRAPH, p) for p in _paragraphs(clause.weighting_advice))
        if clause.verification:
            blocks.append(Block(SUBHEADING, "Moyens de vérification"))
            blocks.extend(Block(PARAGRAPH, p) for p in _paragraphs(clause.verification))
        blocks.append(Block(SUBHEADING, "Fondement juridique"))
        blocks.append(Block(LIST, items=clause.legal_basis_list))
        if clause.vigilance:
            blocks.append(Block(SUBHEADING, "Points de vigilance (à ne pas reproduire)"))
            blocks.extend(Block(NOTE, p) for p in _paragraphs(clause.vigilance))
    return blocks


# What the recommender computed, as it sends it: « 4 000 heures », « 5 % ».
_HOURS = re.compile(r"^\d[\d\u202f\u00a0 ]{0,12} heures$")
_RATE = re.compile(r"^\d{1,2}(,\d{1,2})?\u00a0?%$")
# Blanks of the insertion clauses that the sizing answers. "[N] heures par an" is left: the
# sizing gives hours for the whole contract, not per year.
_HOURS_BLANK = re.compile(r"\[N\] heures(?! par an)")
_RATE_BLANK = re.compile(r"environ \[X\] %")


def sizing_of(context) -> tuple[str, str]:
    """(hours, rate) sent by the recommender, each "" unless it has the expected shape."""
    hours, rate = context.get("heures", "").strip(), context.get("taux", "").strip()
    return (hours if _HOURS.match(hours) else "", rate if _RATE.match(rate) else "")


def fill_sizing(text: str, hours: str, rate: str) -> str:
    if hours:
        text = _HOURS_BLANK.sub(hours, text)
    if rate:
        text = _RATE_BLANK.sub(f"environ {rate}", text)
    return text


def _paragraphs(text):
    return [part.strip() for part in text.splitlines() if part.strip()]


def to_docx(blocks: list[Block]) -> bytes:
    from docx import Document

    document = Document()
    properties = document.core_properties
    # The default template carries python-docx's own author, comments and 2013 dates.
    properties.title = blocks[0].text
    properties.language = "fr-FR"
    properties.author = properties.last_modified_by = "apure"
    properties.comments = ""
    properties.created = properties.modified = timezone.now()
    properties.revision = 1
    for block in blocks:
        if block.style == TITLE:
            document.add_heading(block.text, level=0)
        elif block.style == HEADING:
            document.add_heading(block.text, level=1)
        elif block.style == SUBHEADING:
            document.add_heading(block.text, level=2)
        elif block.style == LIST:
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.style == NOTE:
            document.add_paragraph().add_run(block.text).italic = True
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_odt(blocks: list[Block]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    styles = {}
    for name, size, weight, italic in [
        ("Titre", "20pt", "bold", False),
        ("Titre1", "15pt", "bold", False),
        ("Titre2", "12pt", "bold", False),
        ("Texte", "11pt", "normal", False),
        ("Note", "10pt", "normal", True),
    ]:
        style = Style(name=name, family="paragraph")
        style.addElement(ParagraphProperties(marginbottom="0.2cm", margintop="0.2cm"))
        properties = {"fontsize": size, "fontweight": weight}
        if italic:
            properties["fontstyle"] = "italic"
        style.addElement(TextProperties(**properties))
        document.styles.addElement(style)
        styles[name] = style
    for block in blocks:
        if block.style == TITLE:
            document.text.addElement(H(outlinelevel=1, stylename=styles["Titre"], text=block.text))
        elif block.style == HEADING:
            document.text.addElement(H(outlinelevel=2, stylename=styles["Titre1"], text=block.text))
        elif block.style == SUBHEADING:
            document.text.addElement(H(outlinelevel=3, stylename=styles["Titre2"], text=block.text))
        elif block.style == LIST:
            items = List()
            for text in block.items:
                item = ListItem()
                item.addElement(P(stylename=styles["Texte"], text=f"– {text}"))
                items.addElement(item)
            document.text.addElement(items)
        elif block.style == NOTE:
            document.text.addElement(P(stylename=styles["Note"], text=block.text))
        else:
            document.text.addElement(P(stylename=styles["Texte"], text=block.text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
