"""Documents for the consultation file, opened back and checked."""

import io

import docx
from django.urls import reverse
from odf import teletype
from odf.opendocument import load
from odf.text import H, P


def download(client, output, slugs=("fixture-insertion-travaux", "fixture-critere-carbone")):
    return client.get(
        reverse("clauses:document"),
        {"clause": list(slugs), "format": output, "objet": "Réhabilitation de l'école"},
    )


def test_docx_holds_titles_texts_references_and_verification(library, client):
    response = download(client, "docx")
    assert response["Content-Disposition"].startswith('attachment; filename="clauses-apure-')
    document = docx.Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "1. Heures d'insertion sur le chantier" in texts
    assert "2. Critère de performance environnementale du chantier" in texts
    assert "Art. L2112-2-1 CCP" in texts and "Art. R2152-7 CCP" in texts
    assert "Attestation du facilitateur des clauses sociales." in texts
    assert "Entre 15 et 25 % de la note." in texts
    assert "Objet du marché : Réhabilitation de l'école" in texts


def test_odt_holds_the_same_content(library, client):
    response = download(client, "odt")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    document = load(io.BytesIO(response.content))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert "1. Heures d'insertion sur le chantier" in headings
    assert "Moyens de vérification" in headings
    assert "– Art. L2112-2-1 CCP" in paragraphs
    assert any("Le titulaire réserve un nombre d'heures" in p for p in paragraphs)


def test_printable_page(library, client):
    response = download(client, "html")
    html = response.content.decode()
    assert "<h2>1. Heures d&#x27;insertion sur le chantier</h2>" in html
    assert "<li>Art. L2112-2-1 CCP</li>" in html
    assert "@media print" not in html  # print rules live in the stylesheet
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_no_clause_ticked_sends_back_with_a_message(library, client):
    response = client.get(reverse("clauses:document"), {"format": "docx"}, follow=True)
    assert "Cochez au moins une clause" in response.content.decode()


def test_unpublished_clauses_never_reach_a_document(library, client):
    from apure.clauses.models import Clause, Status

    Clause.objects.filter(slug="fixture-critere-carbone").update(status=Status.DRAFT)
    document = docx.Document(io.BytesIO(download(client, "docx").content))
    texts = " ".join(paragraph.text for paragraph in document.paragraphs)
    assert "Critère de performance environnementale" not in texts


def test_the_recommenders_sizing_fills_the_insertion_blanks_and_the_file_names_apure(db, client):
    from tests.clauses.factories import ClauseFactory

    ClauseFactory(
        slug="insertion-sizing",
        text="Il y consacre au minimum [N] heures de travail, environ [X] % des heures. "
        "Au moins [N] heures par an sont réalisées sur site.",
    )
    response = client.get(
        reverse("clauses:document"),
        {"clause": "insertion-sizing", "format": "docx", "heures": "4\u202f000 heures",
         "taux": "5\u00a0%"},
    )  # fmt: skip
    document = docx.Document(io.BytesIO(response.content))
    texts = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "au minimum 4\u202f000 heures de travail, environ 5\u00a0% des heures" in texts
    assert "Au moins [N] heures par an" in texts  # a yearly figure is not the contract's total
    assert "Heures d'insertion estimées : 4\u202f000 heures (taux d'insertion 5\u00a0%)" in texts
    assert document.core_properties.author == "apure"
    assert "python-docx" not in document.core_properties.comments
    # Values of another shape are not written into a legal document.
    response = client.get(
        reverse("clauses:document"),
        {"clause": "insertion-sizing", "format": "html", "heures": "<b>beaucoup</b>"},
    )
    assert "[N] heures de travail" in response.content.decode()
