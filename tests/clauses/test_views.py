import json
from urllib.parse import urlencode

import lxml.html
import pytest
from django.urls import reverse

from apure.clauses.models import Clause, Segment, Status
from tests.factories import FacilitatorFactory

RECOMMEND = {
    "objet": "Réhabilitation thermique d'un groupe scolaire",
    "cpv": "",
    "montant": "2400000",
    "acheteur_type": "commune",
    "date_lancement": "2026-10-01",
    "nature": "",
    "type_contrat": "marche",
    "taux_insertion": "5",
    "cout_horaire": "30",
}


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    return html


def test_library_home_lists_published_clauses_with_facets(library, client):
    html = page(client, reverse("clauses:home"))
    assert "9 clauses types" in html
    assert "Mobilier issu du réemploi" in html
    assert "Nettoyage des locaux</a> (3)" in html


def test_search_is_accent_and_case_insensitive_with_facets(library, client):
    html = page(client, reverse("clauses:home"), {"q": "REEMPLOI"})
    assert "2 clauses trouvées" in html
    assert "Réemploi des matériaux de déconstruction" in html
    html = page(client, reverse("clauses:home"), {"q": "reemploi", "segment": "mobilier"})
    assert "1 clause trouvée" in html
    assert "Réemploi des matériaux" not in html


def test_search_tolerates_a_typo_and_filters_by_kind_and_theme(library, client):
    html = page(client, reverse("clauses:home"), {"q": "écolabelisés"})
    assert "Produits de nettoyage écolabellisés" in html
    html = page(client, reverse("clauses:home"), {"kind": "variant"})
    assert "1 clause trouvée" in html and "Variante mobilier reconditionné" in html
    html = page(client, reverse("clauses:home"), {"theme": "insertion"})
    assert "3 clauses trouvées" in html


def test_clause_page_shows_text_verification_and_legal_basis(library, client):
    html = page(client, reverse("clauses:clause", args=["fixture-nettoyage-ecolabel"]))
    assert "Les produits d&#x27;entretien utilisés portent l&#x27;Écolabel européen" in html
    assert "Art. R2111-12 CCP" in html
    assert "Moyens de vérification" in html


def test_draft_clause_is_hidden_from_the_public_but_shown_to_facilitators(library, client):
    Clause.objects.filter(slug="fixture-mobilier-variante").update(status=Status.DRAFT)
    url = reverse("clauses:clause", args=["fixture-mobilier-variante"])
    assert client.get(url).status_code == 404
    assert "Variante mobilier" not in page(client, reverse("clauses:home"), {"q": "variante"})
    client.force_login(FacilitatorFactory())
    assert "Clause non publiée" in page(client, url)


def test_segment_pages(library, client):
    html = page(client, reverse("clauses:segments"))
    assert "Réhabilitation de bâtiments" in html
    html = page(client, reverse("clauses:segment", args=["mobilier"]))
    assert "2 clauses" in html and "Mobilier issu du réemploi" in html


def test_recommender_form_then_results(library, cpv_codes, client):
    html = page(client, reverse("clauses:recommend"))
    assert "Objet du marché" in html and "Voir les obligations et les clauses" in html
    html = page(client, reverse("clauses:recommend"), RECOMMEND)
    assert "Critère d&#x27;attribution environnemental" in html
    assert "Art. L2152-7 et R2152-7 CCP" in html
    assert "2\xa0000 heures" in html
    # ...and the document re-runs the project from its inputs, never from computed figures.
    assert 'name="objet" value="Réhabilitation' in html and 'name="heures"' not in html
    assert "Réemploi des matériaux de déconstruction" in html
    assert "Pas encore de données de l'observatoire" in html
    assert "deviné depuis l'objet" in html


def test_recommender_asks_to_choose_a_cpv_code_from_words(library, cpv_codes, client):
    html = page(client, reverse("clauses:recommend"), {**RECOMMEND, "cpv": "mobilier scolaire"})
    assert "Choisissez le code CPV de votre marché" in html
    assert 'value="39160000"' in html
    assert "Obligations légales" not in html
    html = page(
        client,
        reverse("clauses:recommend"),
        {**RECOMMEND, "cpv": "mobilier scolaire", "cpv_choice": "39160000"},
    )
    assert "39160000 — Mobilier scolaire" in html
    assert "Mobilier issu du réemploi" in html


def test_recommender_shows_form_errors_in_french(library, client):
    html = page(client, reverse("clauses:recommend"), {**RECOMMEND, "montant": "beaucoup"})
    assert "Saisissez un nombre" in html
    assert "Obligations légales" not in html


@pytest.mark.parametrize("params", [{"q": "x" * 500}, {"segment": "inconnu"}])
def test_bad_search_parameters_do_not_break_the_page(library, client, params):
    page(client, reverse("clauses:home"), params)


def test_segment_page_also_offers_transversal_clauses(library, client):
    html = page(client, reverse("clauses:segment", args=["nettoyage"]))
    assert "Clauses valables pour tous les achats" in html
    assert "Bilan annuel des engagements durables" in html


def test_segment_list_groups_each_nature_once(library, client):
    html = page(client, reverse("clauses:segments"))
    assert html.count("<h2>Services</h2>") == 1
    assert html.index("<h2>Fournitures</h2>") < html.index("<h2>Services</h2>")


def test_segments_are_listed_in_french_dictionary_order(shipped_segments, client):
    html = page(client, reverse("clauses:home"))
    select = html[html.index('id="id_segment"') :]
    positions = [select.index(label) for label in
                 ("Bâtiment : construction neuve", "Blanchisserie", "Éclairage public",
                  "Espaces verts", "Voirie")]  # fmt: skip
    assert positions == sorted(positions)
    listing = page(client, reverse("clauses:segments"))
    assert listing.index("Éclairage public") < listing.index("Voirie")


def test_the_beginning_of_a_code_offers_the_broadest_codes_under_it(library, cpv_codes, client):
    html = page(client, reverse("clauses:recommend"), {**RECOMMEND, "cpv": "45"})
    assert "Choisissez le code CPV de votre marché" in html
    assert 'value="45000000"' in html and 'value="45453000"' in html
    assert 'value="39160000"' not in html  # not in division 45


def test_an_unknown_filter_is_named_and_the_others_still_apply(library, client):
    html = page(client, reverse("clauses:home"), {"segment": "nope", "kind": "variant"})
    assert "Filtre « Segment d&#x27;achat » ignoré" in html
    assert "1 clause trouvée" in html  # the kind filter still applies


def test_the_library_lists_clauses_in_french_alphabetical_order(library, client):
    from tests.clauses.factories import ClauseFactory

    ClauseFactory(title="Bâtiments modulaires réemployés")
    ClauseFactory(title="Bois issu de forêts gérées")
    html = page(client, reverse("clauses:home"))
    assert html.index("Bâtiments modulaires") < html.index("Bois issu de forêts")


def submitted_values(html, action):
    """What a browser sends from the form posting to `action`, left as shown: (name, value)."""
    forms = lxml.html.fromstring(html).forms
    form = next(form for form in forms if (form.action or "").startswith(action))
    return list(form.form_values())


def test_the_recommender_accepts_its_own_form_as_first_shown(library, cpv_codes, client):
    html = page(client, reverse("clauses:recommend"))
    values = dict(submitted_values(html, reverse("clauses:recommend")))
    # The hypotheses are shown as a French buyer writes them...
    assert (values["taux_insertion"], values["cout_horaire"]) == ("5", "30")
    # ...and sent back untouched, with only the project filled in, they are accepted.
    values.update(objet=RECOMMEND["objet"], montant="2400000")
    html = page(client, reverse("clauses:recommend"), values)
    assert "errorlist" not in html
    assert "Obligations légales" in html and "2\xa0000 heures" in html


@pytest.mark.parametrize("montant", ["2 400 000", "2\xa0400\xa0000", "2\u202f400\u202f000,00"])
def test_the_recommender_reads_amounts_typed_in_french(library, cpv_codes, client, montant):
    html = page(client, reverse("clauses:recommend"), {**RECOMMEND, "montant": montant})
    assert "errorlist" not in html
    assert "2\xa0000 heures" in html


def test_the_recommender_reads_shares_and_rates_with_a_decimal_comma(library, cpv_codes, client):
    html = page(
        client,
        reverse("clauses:recommend"),
        {**RECOMMEND, "part_main_oeuvre": "40,5", "taux_insertion": "7,5", "cout_horaire": "32,50"},
    )
    # 2 400 000 € × 40,5 % × 7,5 % ÷ 32,50 €/h
    assert "2\xa0243 heures" in html
    assert "40,5\xa0%" in html and "7,5\xa0%" in html


@pytest.mark.parametrize("montant", ["1.200.000", "nan", "inf", "1e6"])
def test_the_recommender_refuses_what_is_not_a_plain_number(library, client, montant):
    html = page(client, reverse("clauses:recommend"), {**RECOMMEND, "montant": montant})
    assert "Saisissez un nombre, par exemple 1 200 000 ou 12,5." in html
    assert "Obligations légales" not in html


def test_no_clause_ticked_on_the_results_keeps_the_project_and_its_results(
    library, cpv_codes, client
):
    results = f"{reverse('clauses:recommend')}?{urlencode(RECOMMEND)}"
    values = submitted_values(page(client, results), reverse("clauses:document"))
    assert ("clause", "fixture-insertion-travaux") in values  # ticked by default
    unticked = [(name, value) for name, value in values if name != "clause"]
    response = client.get(reverse("clauses:document"), [*unticked, ("format", "docx")])
    assert response.status_code == 302 and response["Location"] == results
    html = client.get(response["Location"]).content.decode()
    assert "Cochez au moins une clause pour composer le document." in html
    assert "Réhabilitation thermique d&#x27;un groupe scolaire" in html
    assert "Obligations légales" in html and "2\xa0000 heures" in html

    # The address to come back to is only ever one of this site's pages.
    for elsewhere in ["//ailleurs.example/", "https://ailleurs.example/"]:
        response = client.get(reverse("clauses:document"), {"retour": elsewhere})
        assert response["Location"] == reverse("clauses:home")


ACCENTED = ["Zinc et toitures", "Énergie : électricité et gaz", "Eau potable",
            "Équipements de cuisine", "Maîtrise d'œuvre", "Maintenance", "Écoles"]  # fmt: skip
FRENCH_ORDER = ["Eau potable", "Écoles", "Énergie : électricité et gaz", "Équipements de cuisine",
                "Maintenance", "Maîtrise d'œuvre", "Zinc et toitures"]  # fmt: skip


def test_every_list_of_segments_is_in_french_order_on_any_database(client, db):
    """« Énergie » among the E, not after « Zinc » (SQLite orders bytes, PostgreSQL its locale):
    the default order of segments, which every form and page listing them follows."""
    from apure.www.members.forms import DirectoryListingForm, DirectorySearchForm
    from apure.www.network.workspace_forms import ThreadSearchForm
    from apure.www.suppliers.forms import SearchForm as SupplierSearchForm
    from tests.clauses.factories import ClauseFactory, SegmentFactory

    segments = [
        SegmentFactory(code=f"s-{index}", label=label) for index, label in enumerate(ACCENTED)
    ]
    clause = ClauseFactory(title="Clause de tous les segments")
    clause.segments.set(segments)

    assert [segment.label for segment in Segment.objects.all()] == FRENCH_ORDER
    for form in (DirectorySearchForm(), DirectoryListingForm(), ThreadSearchForm(),
                 SupplierSearchForm()):  # fmt: skip
        field = next(f for name, f in form.fields.items() if name.startswith("segment"))
        assert [segment.label for segment in field.queryset] == FRENCH_ORDER, type(form)
    html = page(client, clause.get_absolute_url())
    html = html[html.index('id="segments"') :]
    positions = [html.index(label.replace("'", "&#x27;")) for label in FRENCH_ORDER]
    assert positions == sorted(positions)


def test_a_renamed_segment_takes_its_new_place(db):
    from tests.clauses.factories import SegmentFactory

    SegmentFactory(code="a", label="Voirie")
    renamed = SegmentFactory(code="b", label="Achats divers")
    renamed.label = "Électricité"
    renamed.save(update_fields=["label"])

    assert [segment.code for segment in Segment.objects.all()] == ["b", "a"]
    assert Segment.objects.get(code="b").sort_key == "electricite"


def test_segments_created_in_bulk_are_in_french_order_too(db):
    Segment.objects.bulk_create([
        Segment(code=f"s-{index}", label=label, nature="services", labour_share="0.1")
        for index, label in enumerate(ACCENTED)
    ])  # fmt: skip

    assert [segment.label for segment in Segment.objects.all()] == FRENCH_ORDER


def test_segments_restored_from_an_older_backup_sort_in_french_order(db, tmp_path):
    # loaddata (apure restore) skips save(); a backup made before the key existed has none.
    from django.core.management import call_command

    fixture = tmp_path / "segments.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "clauses.segment",
                    "pk": f"s-{index}",
                    "fields": {"label": label, "nature": "services", "labour_share": "0.1"},
                }
                for index, label in enumerate(["Zinc", "Énergie", "Bois"])
            ]
        ),  # fmt: skip
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), verbosity=0)

    assert [s.label for s in Segment.objects.all()] == ["Bois", "Énergie", "Zinc"]


def test_a_key_longer_than_its_column_is_cut(db):
    segment = Segment.objects.create(
        code="long", label="œ" * 150, nature="services", labour_share="0.1"
    )
    assert segment.sort_key == "oe" * 100
