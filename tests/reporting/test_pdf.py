"""The SPASER report's PDF read as a reader gets it: text extracted with pypdf, links, and
the chart's labels measured against its width."""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import stringWidth

from apure.reporting import pdf, spaser
from apure.reporting.models import SpaserReport, Status
from tests.reporting.factories import ObjectiveFactory, SchemeFactory

pytestmark = pytest.mark.django_db

SITE = "https://apure.example.org"
LONG_LABELS = [
    "Part des marchés de travaux de réhabilitation énergétique des bâtiments scolaires "
    "comportant une clause d'insertion sociale",
    "Marchés de restauration collective et de denrées alimentaires avec des produits "
    "durables et de qualité",
    "Consommablesinformatiquesreconditionnésdanslesservicesdépartementauxetlescollèges",
    "Marchés comportant une considération sociale",
]


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes) -> str:
    return _words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _links(data: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


@pytest.fixture
def long_labelled_report(body, settings):
    settings.SITE_URL = SITE + "/"
    scheme = SchemeFactory(organisation=body)
    for index, label in enumerate(LONG_LABELS):
        ObjectiveFactory(scheme=scheme, label=label, target_value=Decimal(40 + index * 20))
    SpaserReport.objects.create(scheme=scheme, year=2024, status=Status.PUBLISHED, is_public=True)
    return scheme


def test_the_pdf_gives_the_full_address_of_the_carbon_method_as_a_link(
    long_labelled_report, small_store, body
):
    data = pdf.render(spaser.report_content(long_labelled_report, 2024))

    text = _pdf_text(data)
    method = f"{SITE}/observatoire/methode/carbone/"
    assert method in text
    assert not re.search(r"(?<![\w.])/observatoire/methode/carbone/", text)  # no bare path
    report = f"{SITE}/outils/spaser/{body.slug}/rapport-2024/"
    assert report in text  # the cover says where the report is online
    assert {method, report} <= _links(data)


def test_no_chart_label_runs_past_its_column_and_full_labels_are_given(
    long_labelled_report, small_store
):
    content = spaser.report_content(long_labelled_report, 2024)

    drawing, shortened = pdf._chart(content["values"])

    label_column = 62 * pdf.mm
    strings = [item for item in drawing.contents if isinstance(item, String)]
    for string in strings:
        right = string.x + stringWidth(string.text, string.fontName, string.fontSize)
        assert right <= drawing.width, string.text  # nothing cut at the edge
        if string.x < label_column:  # a label (or its number) stays left of the bars
            assert right <= label_column, string.text
    # The short label is whole; the long ones wrapped or shortened, never silently cut.
    shown = " ".join(string.text for string in strings)
    assert "Marchés comportant une considération sociale" in shown
    assert [number for number, _ in shortened] == [1, 2, 3]
    data = pdf.render(content)
    text = _pdf_text(data)
    assert "Objectif (libellé complet)" in text
    for label in LONG_LABELS[:2]:
        assert _words(label) in text  # in full, in the legend (and the results table)


def test_a_label_that_fits_is_left_whole(small_store):
    lines, cut = pdf._fit("Marchés verts", 100)
    assert (lines, cut) == (["Marchés verts"], False)
    lines, cut = pdf._fit("un " * 80, 100)
    assert cut and len(lines) == pdf.CHART_LABEL_LINES and lines[-1].endswith("…")
    assert all(stringWidth(line, pdf.CHART_FONT, pdf.CHART_SIZE) <= 100 for line in lines)


def test_paragraphs_typed_in_a_browser_stay_paragraphs(long_labelled_report, small_store):
    content = spaser.report_content(long_labelled_report, 2024)
    content["report"].actions = "Formation des acheteurs.\r\n\r\nUn marché réservé."

    story = pdf._actions_section(content, pdf._styles())

    assert [item.text for item in story[1:]] == ["Formation des acheteurs.", "Un marché réservé."]


def test_a_report_published_but_never_made_public_reads_as_a_draft_as_on_its_page(
    long_labelled_report, small_store
):
    SpaserReport.objects.update(is_public=False)  # « publié » before the single action
    text = _pdf_text(pdf.render(spaser.report_content(long_labelled_report, 2024)))

    assert "brouillon, pas en ligne" in text
    assert "publié en ligne" not in text and "Rapport publié" not in text
