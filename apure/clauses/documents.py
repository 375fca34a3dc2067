"""Clauses for the consultation file: one outline, rendered as DOCX, ODT or a printable page.

The outline is a list of (style, text) blocks; each renderer maps the styles to its format, so
that the three outputs always say the same thing.
"""

import io
import re
from dataclasses import dataclass, field

from django.utils import timezone

TITLE, HEADING, SUBHEADING, PARAGRAPH, LIST, NOTE, LINK = (
    "title", "heading", "subheading", "paragraph", "list", "note", "link",
)  # fmt: skip
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


@dataclass
class Block:
    style: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    # For LINK blocks: the address the text points to ("" prints the text alone).
    url: str = ""


def outline(clauses, result=None) -> list[Block]:
    """The document: the contract, its obligations, then one section per clause.

    `result` is the recommender's computation for the project (None for a document composed
    from the library alone): every figure printed comes from it.
    """
    blocks = [Block(TITLE, "Clauses sociales et environnementales du marché")]
    sizing = result.insertion if result is not None else None
    if result is not None:
        blocks += _contract_blocks(result)
    blocks.append(
        Block(
            NOTE,
            f"Document préparé avec apure le {timezone.localdate():%d/%m/%Y}. Adaptez les "
            "passages entre crochets à votre marché et faites relire les clauses par votre "
            "service juridique.",
        )
    )
    if result is not None:
        blocks += _obligation_blocks(result.obligations)
    for number, clause in enumerate(clauses, start=1):
        blocks.append(Block(HEADING, f"{number}. {clause.title}"))
        blocks.append(Block(NOTE, f"Type\u00a0: {clause.get_kind_display()}"))
        text = fill_sizing(clause.text, sizing)
        blocks.extend(Block(PARAGRAPH, part) for part in _paragraphs(text))
        if clause.weighting_advice:
            blocks.append(Block(SUBHEADING, "Conseil de pondération"))
            blocks.extend(Block(PARAGRAPH, p) for p in _paragraphs(clause.weighting_advice))
        if clause.verification:
            blocks.append(Block(SUBHEADING, "Moyens de vérification"))
            blocks.extend(Block(PARAGRAPH, p) for p in _paragraphs(clause.verification))
        blocks.append(Block(SUBHEADING, "Fondement juridique"))
        blocks.append(Block(LIST, items=clause.legal_references_text))
        if clause.vigilance:
            blocks.append(Block(SUBHEADING, "Points de vigilance (à ne pas reproduire)"))
            blocks.extend(Block(NOTE, p) for p in _paragraphs(clause.vigilance))
    return blocks


def french_number(value) -> str:
    """« 4 000 » with the narrow no-break space French typography puts between thousands."""
    return f"{value:,.0f}".replace(",", "\u202f")


def _contract_blocks(result) -> list[Block]:
    draft, sizing = result.draft, result.insertion
    lines = [("Objet du marché", draft.object)]
    if draft.cpv:
        lines.append(("Code CPV", f"{draft.cpv} {result.cpv_label}".strip()))
    if result.segment is not None:
        lines.append(("Segment d'achat", result.segment.label))
    if draft.amount_ht is not None:
        lines.append(("Montant estimé", f"{french_number(draft.amount_ht)} € HT"))
    lines.append(("Date de lancement", f"{draft.launch_date:%d/%m/%Y}"))
    blocks = [Block(PARAGRAPH, f"{label}\u00a0: {value}") for label, value in lines]
    if sizing is not None and sizing.sized:
        blocks.append(
            Block(
                PARAGRAPH,
                f"Heures d'insertion estimées\u00a0: {french_number(sizing.hours)} heures, soit "
                f"{french_number(sizing.hours_per_year)} heures par an sur "
                f"{sizing.duration_months} mois (part de main-d'œuvre "
                f"{sizing.labour_share_percent}, taux d'insertion {sizing.rate_percent}, "
                f"coût horaire {sizing.hourly_cost:.2f} €)".replace(".", ","),
            )
        )
    elif sizing is not None:
        blocks.append(Block(PARAGRAPH, f"Heures d'insertion\u00a0: {sizing.explanation}"))
    return blocks


def reference_url(result) -> str:
    """The official text's address a rule result carries, or "" (older results carry none)."""
    return getattr(result, "reference_url", "") or ""


def status_label(result) -> str:
    return getattr(result, "status_label", "") or result.status.capitalize()


def _obligation_blocks(results) -> list[Block]:
    """The checklist of obligations, with status, reference and dates, for the report."""
    blocks = [
        Block(HEADING, "Obligations légales du marché"),
        Block(
            NOTE,
            "Liste de contrôle à reprendre dans le rapport de présentation\u00a0: statut de chaque "
            "obligation à la date de lancement, référence juridique et dates d'application.",
        ),
    ]
    for item in results:
        blocks.append(Block(SUBHEADING, f"☐ {item.title} — {status_label(item)}"))
        blocks.append(Block(LINK, f"Référence\u00a0: {item.reference}", url=reference_url(item)))
        dates = []
        if item.applies_from:
            dates.append(f"en vigueur à partir du {item.applies_from:%d/%m/%Y}")
        if item.applies_to:
            dates.append(f"chiffres valables jusqu'au {item.applies_to:%d/%m/%Y}")
        if dates:
            blocks.append(Block(PARAGRAPH, "Dates\u00a0: " + "\u00a0; ".join(dates)))
        blocks.append(Block(PARAGRAPH, item.explanation))
    return blocks


# Blanks of the clauses that the sizing answers: « [N] heures » for the whole contract, or per
# year when the sentence says so (« [N] heures par an », « chaque année d'exécution … [N] »).
_HOURS_BLANK = re.compile(r"\[N\] heures")
_YEARLY = re.compile(r"chaque année|par an\b|annuel")
_RATE_BLANK = re.compile(r"environ \[X\] %")


def _sentence_around(text, start, end) -> str:
    before = max(text.rfind(". ", 0, start), -1) + 1
    after = text.find(". ", end)
    return text[before : after if after != -1 else len(text)]


def fill_sizing(text: str, sizing) -> str:
    """The clause text with the computed hours and rate in its blanks (unchanged without them)."""
    if sizing is None or not sizing.sized:
        return text

    def hours(match):
        yearly = _YEARLY.search(_sentence_around(text, match.start(), match.end()))
        value = sizing.hours_per_year if yearly else sizing.hours
        return f"{french_number(value)} heures"

    text = _HOURS_BLANK.sub(hours, text)
    return _RATE_BLANK.sub(f"environ {sizing.rate_percent}", text)


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
        elif block.style == LINK and block.url:
            _docx_link(document.add_paragraph(), block.text, block.url)
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_link(paragraph, text, url):
    """A clickable link in a DOCX paragraph (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def to_odt(blocks: list[Block]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import A, H, List, ListItem, P

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
        elif block.style == LINK and block.url:
            paragraph = P(stylename=styles["Texte"])
            paragraph.addElement(A(href=block.url, type="simple", text=block.text))
            document.text.addElement(paragraph)
        else:
            document.text.addElement(P(stylename=styles["Texte"], text=block.text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
