"""Sources are named for people on public pages; raw file names stay on the quality page."""

import html
import re
from pathlib import Path

import pytest

from apure.decp.demo import SAMPLES
from apure.decp.importer import expand, run_import, sha256
from apure.observatory import sources, store_query

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "decp" / "fixtures"
MEGALIS = SAMPLES / "decp-59920013600241-2024-07-09-01.json"
MEGALIS_CONTRACT = "/observatoire/marches/59920013600241/H9O2024T0000256/"
TEST_FILE = FIXTURES / "decp_test_2022.json"


def _text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text, path
    # What a reader sees: tags out, entities decoded, spaces collapsed.
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_every_shipped_sample_is_a_described_source_and_none_is_a_test_file():
    shipped = {sha256(path): path for path in expand([SAMPLES])}
    described = {checksum for source in sources.catalogue() for _, checksum in source.files}
    assert set(shipped) == described
    for source in sources.catalogue():
        for name, checksum in source.files:
            assert sha256(SAMPLES / name) == checksum, name
    assert not [path.name for path in shipped.values() if "test" in path.name.lower()]


def test_public_pages_name_sources_for_people_and_only_the_quality_page_names_files(
    client, empty_store
):
    # A shipped source, and a file someone imported that nobody described.
    run_import([MEGALIS, TEST_FILE], workers=1)
    store_query.clear_cache()

    # The sources served are one click away from the home, in « Données chargées et méthode ».
    home = _text(client, "/observatoire/?region=&partie=donnees")
    assert "Profil d'acheteur Mégalis Bretagne, juillet 2024" in home
    assert "Données importées : 5 acheteurs, 2019-2024" in home
    # A non-breaking space keeps the colon on the line of « importées », however narrow.
    page = client.get("/observatoire/?region=&partie=donnees").content.decode()
    assert "Données importées\u00a0: 5 acheteurs, 2019-2024" in page
    contract = _text(client, MEGALIS_CONTRACT)
    assert "Source des données Profil d'acheteur Mégalis Bretagne, juillet 2024" in contract
    for page in (home, contract):
        assert "decp_test_2022" not in page and "decp-59920013600241" not in page

    quality = _text(client, "/observatoire/qualite/")
    assert "decp_test_2022.json" in quality and MEGALIS.name in quality
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in quality


def test_a_file_nobody_described_is_named_after_its_buyer_and_years():
    assert (
        sources.imported_label(1, "Ville de Lille", "21590350100017", 2023, 2024)
        == "Données importées\u00a0: Ville de Lille, 2023-2024"
    )
    # The 2022 format publishes no buyer name.
    assert (
        sources.imported_label(1, None, "21590350100017", 2024, 2024)
        == "Données importées\u00a0: acheteur 21590350100017, 2024"
    )
    assert sources.imported_label(0, None, None, None, None) == (
        "Données importées\u00a0: acheteur inconnu, années inconnues"
    )
