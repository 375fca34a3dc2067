"""The yearly SPASER report as a PDF an elected assembly can receive (reportlab, pure Python).

It is drawn from `spaser.report_content`, the same dict as the HTML page: no figure is computed
here. The standard PDF fonts carry the French accents and « € » (WinAnsi), not the narrow
no-break space, which becomes a no-break space.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from apure.carbon import estimate
from apure.obligations.thresholds import french_date

from . import formatting, spaser
from .models import Unit

INK = colors.HexColor("#1f2a37")
ACCENT = colors.HexColor("#0b5f73")
PALE = colors.HexColor("#e8f1f3")
MUTED = colors.HexColor("#5b6675")
REACHED = colors.HexColor("#2e7d32")
BEHIND = colors.HexColor("#b3541e")


def _text(value) -> str:
    return escape(str(value)).replace("\u202f", "\u00a0")


def _styles():
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=14, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontSize=22, leading=28, textColor=ACCENT
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=13, leading=18, alignment=TA_CENTER
        ),
        "h1": ParagraphStyle(
            "h1", parent=base["Heading1"], fontSize=15, textColor=ACCENT, spaceBefore=12
        ),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12, textColor=INK),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
    }


def _table(rows, widths, styles):
    cells = [[Paragraph(_text(cell), styles["cell"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), PALE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


CHART_FONT, CHART_SIZE, CHART_LEADING = "Helvetica", 8, 9
# What a frame of SimpleDocTemplate leaves between the margins (6 pt of padding each side):
# a drawing as wide as the margins would end 6 pt into the right one.
FRAME_WIDTH = A4[0] - 40 * mm - 12
CHART_LABEL_LINES = 2


def _fit(text: str, width: float, lines: int = CHART_LABEL_LINES) -> tuple[list[str], bool]:
    """`text` wrapped on at most `lines` lines of `width` points in the chart's font, the last
    one ended by « … » if the text does not fit; and whether it was shortened. A chart label
    used to be cut at 42 characters, which at that width could still run under the bars."""

    def fits(line):
        return stringWidth(line, CHART_FONT, CHART_SIZE) <= width

    def shorten(line):
        while line and not fits(line + "…"):
            line = line[:-1]
        return line.rstrip() + "…"

    wrapped, words = [], text.split()
    while words and len(wrapped) < lines:
        line = words.pop(0)
        if not fits(line):  # a word wider than the column
            wrapped.append(shorten(line))
            continue
        while words and fits(f"{line} {words[0]}"):
            line = f"{line} {words.pop(0)}"
        wrapped.append(line)
    if not words:
        return wrapped, any(line.endswith("…") for line in wrapped)
    last = f"{wrapped[-1]} {' '.join(words)}"
    wrapped[-1] = shorten(last)
    return wrapped, True


def _value_text(item) -> str:
    return formatting.measure(item.value, Unit.PERCENT).replace("\u202f", "\u00a0")


def _chart(values, width=FRAME_WIDTH):
    """Achieved share against target, one numbered bar per objective measured in percent; the
    labels fit their column (wrapped, else shortened with « … »), the values theirs. Returns
    the drawing and the objectives whose label was shortened (given in full in a legend)."""
    shown = [item for item in values if item.objective.unit == Unit.PERCENT]
    if not shown:
        return None, []
    bar, gap, label_width = 12, 16, 62 * mm
    value_width = max(stringWidth(_value_text(item), CHART_FONT, CHART_SIZE) for item in shown)
    value_gap = 4
    # The bars take what the labels and the values leave, so that nothing runs off the edge.
    scale = (width - label_width - value_gap - value_width) / 100
    height = len(shown) * (bar + gap) + 24
    drawing = Drawing(width, height)
    shortened = []
    for index, item in enumerate(shown):
        y = height - 20 - (index + 1) * (bar + gap) + gap
        number = f"{index + 1}. "
        number_width = stringWidth(number, CHART_FONT, CHART_SIZE)
        lines, cut = _fit(item.objective.label, label_width - number_width - 6)
        if cut:
            shortened.append((index + 1, item.objective))
        top = y + bar / 2 - 3 + (len(lines) - 1) * CHART_LEADING / 2
        drawing.add(String(0, top, number, fontName=CHART_FONT, fontSize=CHART_SIZE,
                           fillColor=INK))  # fmt: skip
        for line_index, line in enumerate(lines):
            drawing.add(
                String(number_width, top - line_index * CHART_LEADING, line,
                       fontName=CHART_FONT, fontSize=CHART_SIZE, fillColor=INK)
            )  # fmt: skip
        drawing.add(Rect(label_width, y, 100 * scale, bar, fillColor=PALE, strokeColor=None))
        if item.value is not None:
            colour = REACHED if item.target_reached else BEHIND
            length = min(float(item.value), 100) * scale
            drawing.add(Rect(label_width, y, length, bar, fillColor=colour, strokeColor=None))
        target_x = label_width + min(float(item.objective.target_value), 100) * scale
        drawing.add(Line(target_x, y - 3, target_x, y + bar + 3, strokeColor=INK, strokeWidth=2))
        drawing.add(
            String(label_width + 100 * scale + value_gap, y + 3, _value_text(item),
                   fontName=CHART_FONT, fontSize=CHART_SIZE, fillColor=INK)
        )  # fmt: skip
    drawing.add(
        String(label_width, height - 10, "Barre\u00a0: réalisé\u00a0; trait noir\u00a0: cible.",
               fontName="Helvetica-Oblique", fontSize=8, fillColor=MUTED)
    )  # fmt: skip
    return drawing, shortened


def _chart_legend(shortened, styles):
    """The full labels of the objectives the chart had to shorten, by their number."""
    rows = [["N°", "Objectif (libellé complet)"]]
    rows += [[str(number), objective.label] for number, objective in shortened]
    return _table(rows, [12 * mm, 158 * mm], styles)


def _link(url: str) -> str:
    """A clickable full address in a Paragraph."""
    return f'<a href="{escape(url)}" color="#0b5f73"><u>{escape(url)}</u></a>'


def _footer(canvas, document, title):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(20 * mm, 12 * mm, title)
    canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {document.page}")
    canvas.restoreState()


def _cover(content, styles):
    scheme, organisation, year = content["scheme"], content["organisation"], content["year"]
    story = [
        Spacer(1, 50 * mm),
        Paragraph(_text(organisation.name), styles["subtitle"]),
        Spacer(1, 8 * mm),
        Paragraph(f"Rapport annuel {year}", styles["title"]),
        Paragraph(
            "Schéma de promotion des achats socialement et écologiquement responsables (SPASER)",
            styles["subtitle"],
        ),
        Spacer(1, 12 * mm),
        Paragraph(_text(scheme.title), styles["subtitle"]),
        Paragraph(
            f"Période du schéma\u00a0: {scheme.period_start} – {scheme.period_end}",
            styles["subtitle"],
        ),
    ]
    report = content["report"]
    published = f" le {french_date(report.published_at.date())}" if report.published_at else ""
    # As the report page: online, or a draft (a report « publié » before publishing became
    # one action, but never made public, is not online either).
    if report.is_online:
        state = f"Rapport publié en ligne{published}"
    else:
        state = "Projet de rapport (brouillon, pas en ligne)"
    story += [Spacer(1, 30 * mm), Paragraph(state, styles["subtitle"])]
    if report.is_online:
        address = spaser.public_url(report.get_absolute_url())
        story.append(Paragraph(_link(address), styles["subtitle"]))
    story.append(PageBreak())
    return story


def _scheme_section(content, styles):
    lines = [content["scheme_sentence"]]
    if content["joint_with"]:
        names = ", ".join(body.name for body in content["joint_with"])
        lines.append(
            f"Schéma commun avec\u00a0: {names}. Les indicateurs de ce rapport ne portent que sur "
            f"{content['organisation'].name}."
        )
    story = [Paragraph("1. Le schéma", styles["h1"])]
    story += [Paragraph(_text(line), styles["body"]) for line in lines]
    obligation = content["obligation"]
    story.append(Paragraph("Obligation d'adopter un SPASER", styles["h2"]))
    if obligation is None:
        story.append(
            Paragraph("Estimation impossible\u00a0: aucune donnée DECP importée.", styles["body"])
        )
    else:
        threshold = obligation.threshold
        story.append(
            Paragraph(
                _text(
                    f"Estimation\u00a0: {formatting.euros(obligation.amount_eur)} HT de marchés "
                    f"notifiés en {content['year']} d'après les données essentielles (DECP), pour "
                    f"un seuil de {formatting.euros(threshold.value) if threshold else 'n.d.'} HT "
                    f"({threshold.reference if threshold else 'seuil non connu'})\u00a0: "
                    f"{obligation.status}. Les DECP donnent des montants notifiés, non des "
                    "dépenses, et omettent les marchés de moins de "
                    f"{formatting.euros(obligation.decp_floor.value)} HT\u00a0: l'estimation est "
                    "une borne basse."
                ),
                styles["body"],
            )
        )
    return story


def _results_section(content, styles):
    year = content["year"]
    story = [Paragraph(f"2. Objectifs et résultats {year}", styles["h1"])]
    rows = [
        ["Catégorie", "Objectif", "Référence", "Cible", f"Réalisé {year}", "Origine de la valeur"]
    ]
    for item in content["values"]:
        objective = item.objective
        baseline = formatting.measure(objective.baseline_value, objective.unit)
        coverage = (
            f" Couverture\u00a0: {formatting.share(item.coverage)}."
            if item.coverage is not None
            else ""
        )
        reason = f" {item.reason.capitalize()}." if item.reason else ""
        pnad = (
            " Objectif national (PNAD)\u00a0: "
            f"{formatting.measure(item.pnad_target, Unit.PERCENT)}."
            if item.pnad_target is not None
            else ""
        )  # noqa: E501
        rows.append(
            [
                objective.get_category_display(),
                objective.label,
                f"{baseline} ({objective.baseline_year})",
                f"{formatting.measure(objective.target_value, objective.unit)} "
                f"en {objective.target_year}",
                "\u00a0; ".join(
                    part for part in (formatting.measure(item.value, objective.unit), item.progress)
                    if part
                ),
                item.source + coverage + reason + pnad,
            ]
        )  # fmt: skip
    if len(rows) == 1:
        story.append(Paragraph("Aucun objectif n'est encore défini.", styles["body"]))
        return story
    story.append(_table(rows, [27 * mm, 36 * mm, 22 * mm, 22 * mm, 19 * mm, 44 * mm], styles))
    chart, shortened = _chart(content["values"])
    if chart:
        story += [
            Spacer(1, 6 * mm),
            KeepTogether([Paragraph("Réalisé et cible", styles["h2"]), chart]),
        ]
        if shortened:
            story += [Spacer(1, 2 * mm), _chart_legend(shortened, styles)]
    return story


def _trend_section(content, styles):
    years = content["trend_years"]
    story = [Paragraph("3. Évolution", styles["h1"])]
    rows = [["Objectif", *[str(year) for year in years]]]
    for line in content["trend"]:
        unit = line["objective"].unit
        rows.append(
            [line["objective"].label, *[formatting.measure(v.value, unit) for v in line["values"]]]
        )
    first = 60 * mm
    other = (170 * mm - first) / max(len(years), 1)
    story.append(_table(rows, [first, *[other] * len(years)], styles))
    story.append(
        Paragraph(
            "Les parts calculées d'après les DECP ne comptent que les marchés où l'information "
            "est renseignée\u00a0; « n.d. »\u00a0: valeur non disponible.",
            styles["small"],
        )
    )
    return story


def _actions_section(content, styles):
    story = [Paragraph("4. Actions menées", styles["h1"])]
    # A browser sends the text area's line breaks as CRLF: paragraphs are split on either.
    text = content["report"].actions.replace("\r\n", "\n").strip()
    if not text:
        return [*story, Paragraph("Non renseigné.", styles["body"])]
    return story + [Paragraph(_text(part), styles["body"]) for part in text.split("\n\n")]


def _agec_section(content, styles):
    story = [
        Paragraph(
            "5. Achats issus du réemploi, de la réutilisation ou recyclés (loi AGEC)", styles["h1"]
        )
    ]
    summary = content["agec"]
    if summary is None:
        return [*story, Paragraph("Déclaration de l'année non préparée.", styles["body"])]
    story.append(
        Paragraph(
            _text(
                f"{summary['categories']} catégorie(s) déclarée(s) sur 17\u00a0: "
                f"{formatting.euros(summary['total_eur'])} HT de dépenses, dont "
                f"{formatting.euros(summary['reuse_eur'])} issus du réemploi, de la réutilisation "
                f"ou de dons ({formatting.measure(summary['reuse_share'], Unit.PERCENT)}) et "
                f"{formatting.euros(summary['recycled_eur'])} de produits intégrant des matières "
                f"recyclées ({formatting.measure(summary['recycled_share'], Unit.PERCENT)})."
            ),
            styles["body"],
        )
    )
    return story


def _carbon_section(content, styles):
    story = [Paragraph("6. Empreinte carbone estimée des achats", styles["h1"])]
    carbon = content["carbon"]
    if carbon is None:
        return [*story, Paragraph("Estimation impossible\u00a0: aucune donnée DECP de la structure "
                                  "pour cette année.", styles["body"])]  # fmt: skip
    lines = [f"Marchés notifiés en {content['year']}\u00a0: {carbon['phrase']}."]
    if not carbon["amount_eur"]:  # no amount known: no coverage or euro year to give
        return [*story, *(Paragraph(_text(line), styles["body"]) for line in lines)]
    lines.append(f"{carbon['coverage_sentence']} Ratios en euros {carbon['euro_years']}.")
    if carbon["framework_note"]:
        lines.append(carbon["framework_note"])
    story += [Paragraph(_text(line), styles["body"]) for line in lines]
    method_url = spaser.public_url(carbon.get("method_url") or estimate.METHOD_PATH)
    story.append(
        Paragraph(
            f"{_text(carbon['method_note'])} Méthode de l'estimation\u00a0: {_link(method_url)}",
            styles["small"],
        )
    )
    return story


def _method_section(styles):
    # Full addresses: a PDF is read away from the site, where a path leads nowhere.
    return [
        Paragraph("Méthode et sources", styles["h1"]),
        Paragraph(
            "Les parts de marchés comportant une considération sociale ou environnementale sont "
            "calculées à partir des données essentielles de la commande publique (DECP) publiées "
            "par la structure, selon les définitions de l'observatoire du réseau\u00a0: elles "
            "portent sur les marchés où l'information est renseignée, et la couverture (part des "
            "marchés renseignés) est donnée à côté. Les autres valeurs sont saisies par la "
            "structure, avec leur origine. L'empreinte carbone est un ordre de grandeur calculé à "
            "partir des montants et des ratios monétaires de l'ADEME (méthode détaillée\u00a0: "
            f"{_link(spaser.public_url(estimate.METHOD_PATH))}).",
            styles["body"],
        ),
        Paragraph(
            "Art. L2111-3 et D2111-3 du code de la commande publique\u00a0; loi n° 2020-105 "
            "(AGEC), art. 58, et décret n° 2024-134.",
            styles["small"],
        ),
    ]


def render(content) -> bytes:
    styles = _styles()
    title = f"{content['organisation'].name} · rapport SPASER {content['year']}"
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=content["organisation"].name,
        lang="fr",
    )
    story = [
        *_cover(content, styles),
        *_scheme_section(content, styles),
        *_results_section(content, styles),
        *_trend_section(content, styles),
        *_actions_section(content, styles),
        *_agec_section(content, styles),
        *_carbon_section(content, styles),
        *_method_section(styles),
    ]
    document.build(
        story,
        onFirstPage=lambda canvas, doc: None,
        onLaterPages=lambda canvas, doc: _footer(canvas, doc, title),
    )
    return buffer.getvalue()
