import csv
import html
import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

PAGES = [
    "/observatoire/",
    "/observatoire/?annee=2025&region=&segment=construction-neuve",
    "/observatoire/acheteurs/21590350100017/",
    "/observatoire/marches/21590350100017/2025-SANS-MONTANT/",
    "/observatoire/segments/restauration-collective/",
    "/observatoire/cpv/45/",
    "/observatoire/territoires/region/32/",
    "/observatoire/territoires/departement/59/",
    "/observatoire/qualite/",
    "/observatoire/recherche/?q=lille",
    "/observatoire/marches/?annee=2025",
    "/observatoire/indicateurs/radar_climat_resilience/",
    "/observatoire/indicateurs/estimation_spaser/?region=",
    "/observatoire/indicateurs/position_pairs/?acheteur=21590350100017",
]


def _page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text, path
    return text


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_without_undefined_variables(client, observatory_store, path):
    _page(client, path)


@pytest.mark.parametrize(
    "path",
    [p for p in PAGES if "/marches/2" not in p and "acheteurs" not in p],
)
def test_page_says_when_nothing_is_imported(client, empty_store, path):
    assert "Aucune donnée importée" in _page(client, path)


def test_home_shows_hauts_de_france_figures_with_coverage(client, observatory_store):
    text = _page(client, "/observatoire/")
    assert "région Hauts-de-France" in text
    assert "inconnus" in text and "couverture" in text
    assert "Dernier import le 02/11/2026" in text
    assert "/observatoire/territoires/region/32/?" in text
    # The map is one click away, in its own part of the page.
    assert "partie=territoires" in text and "<caption>Parts par département</caption>" not in text
    text = _page(client, "/observatoire/?partie=territoires")
    assert 'role="img"' in text and "<caption>Parts par département</caption>" in text


def test_filters_live_in_the_url(client, observatory_store):
    text = _page(client, "/observatoire/?annee=2025&region=53")
    assert "année 2025, région Bretagne" in text
    assert 'value="2025"' in text and "checked" in text


def test_buyer_page_shows_peers_radar_spaser_and_latest_contracts(client, observatory_store):
    page = "/observatoire/acheteurs/20005374200014/"
    assert "Région Hauts-de-France" in _page(client, page)
    text = _page(client, page + "?partie=spaser")
    assert "Estimation de l'obligation SPASER" in text and "au-dessus du seuil" in text
    assert "Radar Climat et résilience (article 35)" in _page(client, page + "?partie=radar")
    assert "Les 10 derniers contrats notifiés" in _page(client, page + "?partie=contrats")
    text = _page(client, "/observatoire/acheteurs/21590350100017/?partie=pairs")
    assert "des acheteurs comparables font mieux" in text


def test_indicator_page_shows_definition_and_table(client, observatory_store):
    text = _page(client, "/observatoire/indicateurs/estimation_spaser/?region=")
    assert "Région Hauts-de-France" in text and "au-dessus du seuil" in text
    assert "borne basse" in text
    text = _page(client, "/observatoire/indicateurs/position_pairs/")
    assert "indiquez son SIRET" in text


def test_unknown_buyer_and_contract_are_not_found(client, observatory_store):
    _page(client, "/observatoire/indicateurs/inconnu/", 404)
    _page(client, "/observatoire/acheteurs/00000000000000/", 404)
    _page(client, "/observatoire/marches/nope/", 404)


def test_contract_page_shows_fields_notes_and_source(client, observatory_store):
    text = _page(client, "/observatoire/marches/21590350100017/2025-SANS-MONTANT/")
    assert "Montant absent" in text and "Code CPV mal formé" in text
    # The source is named for people; its file name is for the quality page only.
    assert "Source des données" in text and "Données importées" in text
    assert "fixture.json" not in text
    assert "inconnu" in text


def test_search_finds_buyers_by_name_and_siret_and_contracts_by_object(client, observatory_store):
    assert "Ville de Lille" in _page(client, "/observatoire/recherche/?q=ville+lille")
    assert "Ville de Lille" in _page(client, "/observatoire/recherche/?q=21590350100017")
    text = _page(client, "/observatoire/recherche/?q=espaces+verts")
    assert "Entretien des espaces verts" in text


def test_contract_list_paginates(client, observatory_store):
    text = _page(client, "/observatoire/marches/?region=")
    assert f"{len(observatory_store)} contrats" in text
    from apure.observatory.contracts import LIST_PAGE_SIZE

    pages = -(-len(observatory_store) // LIST_PAGE_SIZE)
    assert f"page 1 sur {pages}" in text and "Page suivante" in text


def test_csv_export_of_chosen_columns(client, observatory_store):
    response = client.get(
        "/observatoire/marches/export.csv?region=&annee=2025&colonne=uid&colonne=amount"
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["Identifiant apure", "Montant actuel (€ HT)"]
    assert len(rows) - 1 == sum(1 for row in observatory_store if row["year"] == 2025)


def test_export_ignores_unknown_columns(client, observatory_store):
    response = client.get("/observatoire/marches/export.csv?colonne=1;DROP")
    header = b"".join(response.streaming_content).decode("utf-8").splitlines()[0]
    assert "Objet" in header
    # The territory filters use the place of execution, else the buyer's: both are exported.
    assert "Département d'exécution" in header and "Département de l'acheteur" in header


def test_xlsx_export_of_an_indicator_table(client, observatory_store):
    response = client.get("/observatoire/indicateurs/volumes_segments.xlsx?region=")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.cell(1, 2).value == "Segment"
    assert any(row[1] == "Restauration collective et denrées alimentaires"
               for row in sheet.iter_rows(values_only=True))  # fmt: skip


def test_pages_name_the_loaded_files_without_their_server_path(client, settings, empty_store):
    from apure.observatory import store_query
    from tests.observatory import store_builder

    ledger = store_builder.default_import(2)
    ledger["files"][0].update(
        path="/srv/secret/place/decp_2019_tres_long_nom_de_fichier.json", format="2019-json"
    )
    store_builder.build(settings.ANALYTICS_DB_PATH, [
        {"buyer_siret": "21590350100017", "notification_date": "2025-01-02",
         "source_file": "decp_2019_tres_long_nom_de_fichier.json", "source_format": "2019-json"},
        {"buyer_siret": "21590350100017", "notification_date": "2025-01-03",
         "environmental": "yes", "env_clause": True},
    ], imports=[ledger])  # fmt: skip
    store_query.clear_cache()
    quality = _page(client, "/observatoire/qualite/")
    home = _page(client, "/observatoire/?region=&partie=donnees")
    for text in (quality, home):
        assert "/srv/secret" not in text
    # Raw file names stay on the quality page; the home names the source from its data.
    assert "decp_2019_tres_long_nom_de_fichier.json" in quality
    assert "DECP format 2019 (JSON), 2)" in quality
    assert "decp_2019_tres_long_nom_de_fichier.json" not in home
    # The home says which sources are served and how many of their contracts are "unknown".
    home = " ".join(home.split())
    assert ("Données importées : acheteur 21590350100017, 2025</strong> — DECP format 2019 (JSON), "
            "DECP format 2022 (JSON), 2 contrats, notifiés en 2025&nbsp;; "
            "considérations connues&nbsp;: 50,0") in home  # fmt: skip
    assert "format sans ce champ" in _page(client, "/observatoire/?region=")


def _download(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content)


def test_departement_outside_the_default_region_shows_its_contracts(client, observatory_store):
    """QA: `?region=32&departement=75` gave « 0 contrats » without a word."""
    paris = sum(1 for row in observatory_store if row["departement"] == "75")
    text = _page(client, "/observatoire/marches/?region=32&departement=75")
    assert f"{paris} contrats" in text
    assert "département Paris (région Île-de-France)" in text
    assert "la vue porte sur ce département" in text
    api = client.get("/api/indicateurs/?region=32&departement=75").json()
    assert api["contracts"] == paris and api["warnings"]


def test_a_departement_alone_shows_no_notice_about_a_region_never_asked_for(
    client, observatory_store
):
    paris = sum(1 for row in observatory_store if row["departement"] == "75")
    text = _page(client, "/observatoire/marches/?departement=75")
    assert f"{paris} contrats" in text
    assert "département Paris (région Île-de-France)" in text
    assert "la vue porte sur ce département" not in text
    assert "et non sur la région" not in text
    api = client.get("/api/indicateurs/?departement=75").json()
    assert api["contracts"] == paris and api["warnings"] == []
    asked = client.get("/api/indicateurs/?region=84&departement=75").json()
    assert asked["contracts"] == paris
    assert any("et non sur la région Auvergne-Rhône-Alpes" in w for w in asked["warnings"])


def test_a_year_outside_the_data_period_is_named_so_on_pages_and_in_the_api(
    client, observatory_store
):
    text = html.unescape(_page(client, "/observatoire/?annee=2025&annee=1990&annee=deux"))
    assert "Année ignorée\u00a0: « 1990 » hors de la période des données." in text
    assert "« 1990 » n'est pas une année" not in text
    assert "Année ignorée\u00a0: « deux » n'est pas une année." in text
    warnings = client.get("/api/indicateurs/?annee=1990").json()["warnings"]
    assert warnings == ["Année ignorée\u00a0: « 1990 » hors de la période des données."]


def test_pnad_gap_exports_points_as_points_and_shares_as_percentages(client, observatory_store):
    """QA: « Écart social (points) » held -0.3 where the page showed -30 pts."""
    from apure.observatory.filters import Filters
    from apure.observatory.indicators import pnad_gap

    row_2025 = next(r for r in pnad_gap.compute(Filters.build()).rows if r["year"] == 2025)
    share, gap = row_2025["social_share"], row_2025["social_gap"]
    assert gap == pytest.approx(100 * (share - 0.30))
    text = _page(client, "/observatoire/indicateurs/ecart_pnad/?region=")
    assert f"{gap:+.1f}".replace(".", ",") + "\u202fpts" in text

    body = _download(client, "/observatoire/indicateurs/ecart_pnad.csv?region=").decode()
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    line = dict(zip(rows[0], next(r for r in rows if r[0] == "2025"), strict=True))
    # Decimal comma: what French spreadsheet software reads as a number.
    assert float(line["Écart social (points)"].replace(",", ".")) == pytest.approx(gap)
    assert float(line["Part sociale (%)"].replace(",", ".")) == pytest.approx(100 * share)

    raw = _download(client, "/observatoire/indicateurs/ecart_pnad.xlsx?region=")
    sheet = load_workbook(io.BytesIO(raw)).active
    header = [cell.value for cell in sheet[1]]
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 2025)
    share_cell = cells[header.index("Part sociale (%)")]
    assert share_cell.value == pytest.approx(share) and share_cell.number_format == "0.0%"
    assert cells[header.index("Écart social (points)")].value == pytest.approx(gap)

    api = client.get("/api/indicateurs/ecart_pnad/?region=").json()
    units = {column["key"]: column["unit"] for column in api["columns"]}
    assert units["social_gap"] == "points de pourcentage"
    assert units["social_share"].startswith("fraction")


def test_contract_export_in_french_with_real_dates(client, observatory_store):
    query = "region=&annee=2025&colonne=notification_date&colonne=social&colonne=environmental"
    body = _download(client, f"/observatoire/marches/export.csv?{query}").decode()
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))[1:]
    assert {row[1] for row in rows} | {row[2] for row in rows} <= {"oui", "non", "inconnu"}
    raw = _download(client, f"/observatoire/marches/export.xlsx?{query}")
    sheet = load_workbook(io.BytesIO(raw)).active
    first = sheet.cell(2, 1)
    assert first.is_date and first.number_format == "DD/MM/YYYY"
    assert sheet.cell(2, 2).value in {"oui", "non", "inconnu"}


def _small_store(settings):
    """One contract with known considerations among six, and one without a date."""
    from apure.observatory import store_query
    from tests.observatory import store_builder

    town = {"buyer_siret": "21590350100017", "buyer_name": "Ville de Lille",
            "buyer_kind": "commune", "buyer_departement": "59", "buyer_region": "32",
            "departement": "59", "region": "32", "cpv": "74000000"}  # fmt: skip
    rows = [
        {**town, "notification_date": "2024-05-02", "social": "no", "environmental": "no"},
        *({**town, "notification_date": f"2024-05-0{day}"} for day in range(3, 8)),
        {**town, "notification_date": None, "contract_id": "SANS-DATE"},
    ]
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    store_query.clear_cache()


def test_tiny_samples_are_not_shown_as_big_shares(client, settings, empty_store):
    """QA: « 0,0 % » and « -30,0 pts » in big type on 1 known contract out of 1 466."""
    _small_store(settings)
    text = _page(client, "/observatoire/")
    assert "n.d. — échantillon insuffisant (1 contrat renseigné)" in text
    assert '<span class="figure">0,0' not in text
    assert "écart -30,0" not in text
    assert "1 contrat sans date de notification ne figure pas" in text
    assert "6 inconnus" in text and "dont 0 concession&nbsp;;" in text
    # Nor in the yearly PNAD table, its page and its data (QA round 3).
    assert "-30,0" not in text
    assert "-30,0" not in _page(client, "/observatoire/indicateurs/ecart_pnad/")
    rows = client.get("/api/indicateurs/ecart_pnad/?region=32").json()["rows"]
    assert rows and all(row["social_gap"] is None for row in rows)


def test_cpv_divisions_outside_cpv_2008(client, settings, empty_store):
    _small_store(settings)
    assert client.get("/observatoire/cpv/99/").status_code == 404
    assert "74 – division inconnue du CPV 2008" in _page(client, "/observatoire/cpv/74/")


def test_counts_agree_in_french_with_0_and_1(client, settings, empty_store):
    from apure.www.observatory.templatetags.observatory_format import nb

    assert nb(0, "contrat") == "0 contrat"
    assert nb(1, "contrat renseigné") == "1 contrat renseigné"
    assert nb(1466, "contrat") == "1\u202f466 contrats"
    _small_store(settings)
    assert "(SIRET 21590350100017, 7 contrats)" in _page(client, "/observatoire/recherche/?q=lille")
    assert "0 contrat ·" in _page(client, "/observatoire/marches/?region=&annee=2020")
