"""Search by purchase segment (CPV → NAF), by distance from a commune, and the map of results."""

import csv
import hashlib
import re

import pytest
from django.urls import reverse

from apure.clauses.models import Segment
from apure.observatory import charts
from apure.reference import files, geo
from apure.reference.models import Commune
from apure.suppliers import activities, maps
from apure.suppliers.models import Supplier

from .conftest import SUPPLIER_SIRET
from .factories import SupplierFactory

DIRECTORY = "/outils/fournisseurs/"


def test_a_cpv_code_takes_its_longest_listed_prefix():
    assert activities.naf_for_cpv("77310000-6") == ("8130Z", "0161Z")
    assert activities.naf_for_cpv("45262660") == ("4311Z", "3900Z")  # asbestos removal
    assert activities.naf_for_cpv("45214200") == ("4120A", "4120B", "4399C")  # buildings
    assert activities.naf_for_cpv("45300000") == ("41", "42", "43")  # works in general
    assert activities.naf_for_cpv("99999999") == ()


def test_the_mapping_names_only_real_cpv_and_naf_codes():
    with open(files.CPV_2008, newline="", encoding="utf-8") as handle:
        cpv = {row["code"][:8] for row in csv.DictReader(handle)}
    naf = set(activities.naf_labels())
    for prefix, codes in activities.mapping().items():
        assert prefix.ljust(8, "0") in cpv, prefix
        for code in codes:
            assert any(known.startswith(code) for known in naf), (prefix, code)
    assert set(activities.generic_naf()) <= naf


def test_a_segment_takes_the_rows_of_its_prefixes_and_of_more_precise_ones():
    segment = Segment(code="nettoyage", label="Nettoyage", cpv_prefixes=["909"])
    naf = activities.for_segment(segment).naf
    assert {"8121Z", "8122Z", "8129A"} <= set(naf)  # from rows 9091 and 9092


@pytest.fixture
def nord(geography):
    for code, name, postcode in (
        ("59512", "Roubaix", "59100"),
        ("59350", "Lille", "59000"),
        ("75056", "Paris", "75001"),
        ("59999", "Nulle-Part", "59999"),
    ):
        Commune.objects.create(code=code, name=name, departement_id=code[:2], postcodes=postcode)
    Segment.objects.create(code="espaces-verts", label="Espaces verts", nature="services",
                           cpv_prefixes=["7731", "7732"], labour_share="0.6")  # fmt: skip


@pytest.fixture
def suppliers(nord):
    SupplierFactory(name="Jardins de Roubaix", naf="81.30z", siret=SUPPLIER_SIRET)
    SupplierFactory(name="ESAT de Lille", kinds=",ESAT,", naf="", commune_code="59350")
    SupplierFactory(name="Chantier d'insertion", naf="8899B", commune_code="59350")
    SupplierFactory(name="Propreté de Roubaix", kinds=",EI,", naf="8121Z")
    SupplierFactory(name="Paysagiste de Paris", naf="8130Z", commune_code="75056")
    SupplierFactory(name="Sans commune", naf="8130Z", commune_code="", post_code="")


def names(response):
    return [supplier.name for supplier in response.context["page"].object_list]


def test_segment_search_finds_suppliers_whose_naf_code_matches_and_counts_the_unknown(
    client, suppliers
):
    near_lille = {"segment": "espaces-verts", "commune": "59350", "radius_km": "30"}

    response = client.get(DIRECTORY, near_lille)

    assert names(response) == ["Jardins de Roubaix"]
    assert response.context["activity_counts"] == {"matching": 1, "unknown": 2}
    page = response.content.decode()
    assert "1 autre dont l'activité est inconnue" not in page
    assert "2 autres dont l'activité est inconnue" in page
    assert "Services d&#x27;aménagement paysager (NAF 8130Z)" in page

    with_unknown = client.get(DIRECTORY, {**near_lille, "with_unknown": "on"})
    assert names(with_unknown) == ["Chantier d'insertion", "ESAT de Lille", "Jardins de Roubaix"]
    unknown_page = with_unknown.content.decode()
    assert "Activité inconnue (code NAF 8899B&nbsp;: Action sociale" in unknown_page

    by_cpv = client.get(DIRECTORY, {"cpv": "77310000-6"})
    assert names(by_cpv) == ["Jardins de Roubaix", "Paysagiste de Paris", "Sans commune"]
    assert "Code CPV invalide" in client.get(DIRECTORY, {"cpv": "7731"}).content.decode()
    unmapped = client.get(DIRECTORY, {"cpv": "99999999"})
    assert names(unmapped) == []
    assert unmapped.context["activity_counts"] == {"matching": 0, "unknown": 2}
    assert "Aucun code NAF n'est encore associé à ce code CPV" in unmapped.content.decode()


def test_distance_search_gives_each_distance_and_says_when_the_commune_has_no_position(
    client, suppliers
):
    response = client.get(DIRECTORY, {"commune": "59350", "radius_km": "30"})
    found = {s.name: s.distance_km for s in response.context["page"].object_list}
    assert set(found) == {"Jardins de Roubaix", "ESAT de Lille", "Chantier d'insertion",
                          "Propreté de Roubaix"}  # fmt: skip
    assert 9 < found["Jardins de Roubaix"] < 13  # Lille – Roubaix, centre to centre
    assert found["ESAT de Lille"] == 0

    nowhere = client.get(DIRECTORY, {"commune": "59999", "radius_km": "30"})
    assert names(nowhere) == []
    assert "La position de cette commune n'est pas encore connue" in nowhere.content.decode()


def test_results_are_drawn_on_a_map_one_dot_per_commune(client, suppliers):
    response = client.get(DIRECTORY, {"departement": "59"})

    svg = str(response.context["map"].svg)
    assert svg.count("<circle") == 2  # Roubaix and Lille
    assert "<title>Roubaix\u00a0: 2 structures</title>" in svg
    assert response.context["map"].unlocated == 0
    assert client.get(DIRECTORY).context["map"] is None  # no search, no national map


def test_the_map_projection_puts_towns_in_their_departement():
    shapes = {loc["id"]: loc["path"] for loc in charts.map_geometry()["locations"]}

    def extent(code):
        # Absolute positions of a relative path drawn with m/l moves only.
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shapes[code])]
        xs, ys, x, y = [], [], 0.0, 0.0
        for dx, dy in zip(numbers[0::2], numbers[1::2], strict=False):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
        return min(xs), max(xs), min(ys), max(ys)

    for code, town in (("59", geo.Point(50.63, 3.06)), ("29", geo.Point(48.39, -4.49)),
                       ("06", geo.Point(43.70, 7.27)), ("67", geo.Point(48.58, 7.75))):  # fmt: skip
        x, y = maps.project(town)
        left, right, top, bottom = extent(code)
        assert left < x < right and top < y < bottom, code


def test_directory_query_count_with_segment_distance_and_map(
    client, suppliers, holders_store, django_assert_max_num_queries
):
    SupplierFactory.create_batch(30, naf="8130Z")
    # session-less: commune, segment, count, page, counts, map, commune names, départements
    # and segments (choices), the directory's version and, on a first read, its SIRENs
    with django_assert_max_num_queries(11):
        response = client.get(
            DIRECTORY, {"segment": "espaces-verts", "commune": "59350", "radius_km": "30"}
        )
    assert len(names(response)) == 25
    first = response.context["page"].object_list
    jardins = next(s for s in first if s.name == "Jardins de Roubaix")
    assert (jardins.won["contracts"], jardins.won["reserved"]) == (3, 1)
    assert "3 marchés remportés, dont 1 réservé" in response.content.decode()


def test_reserved_winners_link_from_the_recommender_block(client, suppliers, holders_store):
    from apure.suppliers import nearby

    summary = nearby.summary(Segment.objects.get(), Commune.objects.get(code="59350"))

    assert summary.sentence == "1 SIAE à moins de 30 km de Lille"
    assert (summary.matching, summary.unknown, summary.reserved_winners) == (1, 2, 1)
    assert summary.list_url == (
        reverse("suppliers:directory") + "?segment=espaces-verts&commune=59350&radius_km=30"
    )


@pytest.mark.django_db
def test_won_contract_counts_follow_the_directory_and_the_store(holders_store):
    from apure.suppliers import references

    siren = SUPPLIER_SIRET[:9]
    assert references.counts_by_siren([siren]) == {}  # not in the directory yet
    SupplierFactory(siret=SUPPLIER_SIRET)

    counts = references.counts_by_siren([siren])[siren]

    assert (counts["contracts"], counts["reserved"]) == (3, 1)  # the test record left out


def _spread_suppliers(count, kinds=",ESAT,"):
    """One supplier in each of `count` communes spread over metropolitan France (known
    centres), created in one query."""
    codes = [code for code in geo.centres() if not code.startswith("97")]
    step = len(codes) // count
    suppliers = [
        SupplierFactory.build(kinds=kinds, commune_code=code, post_code="", naf="")
        for code in codes[::step][:count]
    ]
    for supplier in suppliers:
        supplier.prepare()
    Supplier.objects.bulk_create(suppliers)


def test_a_national_search_groups_dots_by_departement_and_stays_light(client, nord):
    _spread_suppliers(600)
    SupplierFactory(name="ESAT de La Réunion", kinds=",ESAT,", commune_code="97411")

    response = client.get(DIRECTORY, {"kind": "ESAT"})

    found = response.context["map"]
    assert found.by_departement and found.located == 600
    assert found.off_map == 1  # La Réunion is listed, not drawn on the map of the métropole
    svg = str(found.svg)
    assert 80 <= svg.count("<circle") <= 101
    assert re.search(r"<title>Nord \(59\)\u00a0: \d+ structures dans \d+ communes</title>", svg)
    width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg).group(1))
    assert width < 800  # framed on the métropole, not stretched to the Indian Ocean
    # Outlines of a national view are rounded to whole units: ~50 kB for the 96 départements.
    assert len(svg) < 80_000
    page = response.content.decode()
    assert "600 structures regroupées par département" in page
    assert "1 en outre-mer (hors de cette carte de la métropole)" in page
    assert len(response.content) < 130_000


def test_communes_are_grouped_by_departement_only_beyond_the_bound(nord, monkeypatch):
    monkeypatch.setattr(maps, "MAX_COMMUNE_DOTS", 3)
    for code in ("59350", "59512", "75056"):
        SupplierFactory(commune_code=code)

    at_the_bound = maps.supplier_map(Supplier.objects.all())
    assert not at_the_bound.by_departement
    assert str(at_the_bound.svg).count("<circle") == 3

    SupplierFactory(commune_code="59183")  # Dunkerque: a fourth commune
    beyond = maps.supplier_map(Supplier.objects.all())
    assert beyond.by_departement and beyond.located == 4
    svg = str(beyond.svg)
    assert svg.count("<circle") == 2  # Nord, Paris
    assert "<title>Nord (59)\u00a0: 3 structures dans 3 communes</title>" in svg


def test_outlines_are_rounded_for_wide_views_without_moving_more_than_half_a_unit():
    assert [maps.decimals_for(width) for width in (613, 200, 44, 3)] == [0, 1, 1, 2]
    nord_outline = next(
        loc["path"] for loc in charts.map_geometry()["locations"] if loc["id"] == "59"
    )
    rounded = maps.rounded_path(nord_outline, 0)
    assert len(rounded) < len(nord_outline) / 2
    assert not re.search(r"\d\.\d", rounded)
    original = {(round(x), round(y)) for _, x, y in maps._walk(nord_outline)}
    assert {(x, y) for _, x, y in maps._walk(rounded)} <= original


def test_naf_labels_are_insee_s_as_shipped_with_their_provenance():
    labels = activities.naf_labels()
    assert len(labels) == 732
    assert labels["8130Z"] == "Services d'aménagement paysager"
    assert labels["2550A"] == "Forge, estampage, matriçage ; métallurgie des poudres"
    digest = hashlib.sha256(activities.NAF_FILE.read_bytes()).hexdigest()
    provenance = (activities.NAF_FILE.parents[1] / "PROVENANCE.md").read_text(encoding="utf-8")
    row = next(
        line for line in provenance.splitlines() if line.startswith("| `naf_rev2_sous_classes")
    )
    assert digest in row and "Licence Ouverte" in row
