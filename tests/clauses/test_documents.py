"""Documents for the consultation file, opened back and checked."""

import io
from datetime import date

import docx
from django.urls import reverse
from odf import teletype
from odf.opendocument import load
from odf.text import H, P

PROJECT = {
    "objet": "Réhabilitation de l'école",
    "cpv": "45453000",
    "montant": "1 200 000",
    "acheteur_type": "commune",
    "date_lancement": "2026-10-01",
    "type_contrat": "marche",
}


def download(client, output, slugs=("fixture-insertion-travaux", "fixture-critere-carbone"),
             **project):  # fmt: skip
    return client.get(
        reverse("clauses:document"),
        {"clause": list(slugs), "format": output, **PROJECT, **project},
    )


def test_docx_holds_titles_texts_references_and_verification(library, cpv_codes, client):
    response = download(client, "docx")
    assert response["Content-Disposition"].startswith('attachment; filename="clauses-apure-')
    document = docx.Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "1. Heures d'insertion sur le chantier" in texts
    assert "2. Critère de performance environnementale du chantier" in texts
    assert "Art. L2112-2-1 CCP" in texts and "Art. R2152-7 CCP" in texts
    assert "Attestation du facilitateur des clauses sociales." in texts
    assert "Entre 15 et 25 % de la note." in texts
    assert "Objet du marché\u00a0: Réhabilitation de l'école" in texts


def test_odt_holds_the_same_content(library, cpv_codes, client):
    response = download(client, "odt")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    document = load(io.BytesIO(response.content))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert "1. Heures d'insertion sur le chantier" in headings
    assert "Moyens de vérification" in headings
    assert "– Art. L2112-2-1 CCP" in paragraphs
    assert any("Le titulaire réserve un nombre d'heures" in p for p in paragraphs)


def test_printable_page(library, cpv_codes, client):
    response = download(client, "html")
    html = response.content.decode()
    assert "<h2>1. Heures d&#x27;insertion sur le chantier</h2>" in html
    assert "<li>Art. L2112-2-1 CCP</li>" in html
    assert "@media print" not in html  # print rules live in the stylesheet
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_no_clause_ticked_sends_back_with_a_message(library, client):
    response = client.get(reverse("clauses:document"), {"format": "docx"}, follow=True)
    assert "Cochez au moins une clause" in response.content.decode()


def test_unpublished_clauses_never_reach_a_document(library, cpv_codes, client):
    from apure.clauses.models import Clause, Status

    Clause.objects.filter(slug="fixture-critere-carbone").update(status=Status.DRAFT)
    document = docx.Document(io.BytesIO(download(client, "docx").content))
    texts = " ".join(paragraph.text for paragraph in document.paragraphs)
    assert "Critère de performance environnementale" not in texts


INSERTION_TEXT = (
    "Il y consacre au minimum [N] heures de travail, environ [X] % des heures. "
    "Au moins [N] heures par an sont réalisées sur site. Pendant chaque année d'exécution, "
    "au moins [N] heures de travail sont confiées à des personnes en insertion."
)


def test_the_document_fills_every_hours_blank_from_its_own_computation(library, cpv_codes, client):
    from tests.clauses.factories import ClauseFactory

    ClauseFactory(slug="insertion-sizing", text=INSERTION_TEXT)
    # 1.2 M€ of rehabilitation × 50 % × 5 % ÷ 30 € = 1 000 hours, over 24 months: 500 a year.
    response = download(client, "docx", slugs=["insertion-sizing"], duree_mois="24",
                        heures="99 heures", taux="50 %")  # fmt: skip
    document = docx.Document(io.BytesIO(response.content))
    texts = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "au minimum 1\u202f000 heures de travail, environ 5\u00a0% des heures" in texts
    assert "Au moins 500 heures par an" in texts
    assert "au moins 500 heures de travail sont confiées" in texts
    assert "[N]" not in texts and "99 heures" not in texts and "50 %" not in texts
    assert document.core_properties.author == "apure"
    assert "python-docx" not in document.core_properties.comments


def test_figures_in_the_url_never_reach_the_document(library, cpv_codes, client):
    response = download(client, "html", montant="-5")
    html = response.content.decode()
    assert "-5" not in html and "Montant estimé" not in html  # invalid project: no figures
    html = download(client, "html", montant="1 200 000").content.decode()
    assert "Montant estimé\u00a0: 1\u202f200\u202f000 € HT" in html


def test_the_document_carries_the_checklist_of_obligations_with_links(
    library, cpv_codes, client, monkeypatch
):
    from apure.obligations import RuleResult

    def evaluate(draft):
        return [
            RuleResult("critere-environnemental", "Critère environnemental", "applicable",
                       "Art. L2152-7 CCP", "Un critère au moins.", date(2026, 8, 22),
                       reference_url="https://www.legifrance.gouv.fr/codes/article_lc/X"),
            RuleResult("spaser", "SPASER", "non applicable", "Art. L2111-3 CCP", "Sous le seuil."),
        ]  # fmt: skip

    monkeypatch.setattr("apure.obligations.evaluate", evaluate)
    document = docx.Document(io.BytesIO(download(client, "docx").content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Obligations légales du marché" in texts
    assert "☐ Critère environnemental — Applicable" in texts
    assert "Dates\u00a0: en vigueur à partir du 22/08/2026" in texts
    assert "Référence\u00a0: Art. L2111-3 CCP" in texts
    links = [r.target_ref for r in document.part.rels.values() if "hyperlink" in r.reltype]
    assert links == ["https://www.legifrance.gouv.fr/codes/article_lc/X"]
