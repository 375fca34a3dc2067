from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apure.reference import geo
from apure.reuse import impact, search, workflow
from apure.reuse.models import ImpactFactor
from tests.factories import UserFactory

from .factories import LotFactory

pytestmark = pytest.mark.django_db


def test_haversine_gives_known_distances():
    assert geo.distance_km("59350", "75056") == pytest.approx(204, abs=3)
    # Communes that were not in the first, hand-made list of 30 centres.
    assert geo.distance_km("59350", "59183") == pytest.approx(70, abs=5)  # Lille–Dunkerque
    assert geo.distance_km("80021", "60057") == pytest.approx(54, abs=4)  # Amiens–Beauvais
    assert geo.distance_km("59350", "85165") is None  # L'Oie: restored commune, no position


def test_every_commune_of_metropole_and_drom_but_a_few_has_a_centre():
    import csv

    from apure.reference import files

    with open(files.COMMUNES, encoding="utf-8") as handle:
        current = {
            row["code"]: row
            for row in csv.DictReader(handle)
            if row["type"] == "commune-actuelle" and row["zone"] in ("metro", "drom")
        }
    shipped = geo.centres()
    assert set(shipped) <= set(current)
    assert len(current) - len(shipped) <= 10
    for code, point in shipped.items():
        if current[code]["zone"] == "metro":
            assert 41 < point.latitude < 52 and -5.5 < point.longitude < 10, code
        else:  # DROM: Antilles, Guyane, La Réunion, Mayotte
            assert -22 < point.latitude < 17 and -62 < point.longitude < 56, code


def test_communes_within_a_radius():
    near_lille = geo.communes_within("59350", 15)
    assert near_lille["59350"] == 0
    assert near_lille["59512"] == pytest.approx(11.4, abs=1)  # Roubaix
    assert "62041" not in near_lille  # Arras, 43 km
    assert 50 < len(near_lille) < 200  # the Lille conurbation, not the whole band of latitude
    assert geo.communes_within("85165", 30) is None


def test_search_by_distance_category_words_and_date(communes):
    near = LotFactory(
        title="Portes coupe-feu", commune_id="59512", available_until=date(2026, 3, 1)
    )
    LotFactory(title="Portes anciennes", commune_id="75056")
    LotFactory(title="Radiateur", description="", category="cvc", commune_id="59350")
    LotFactory(title="Portes d'Abancourt", commune_id="59001")  # 45 km away
    LotFactory(title="Portes de L'Oie", commune_id="85165")  # position unknown

    def found(**criteria):
        return {lot.title for lot in search.apply(search.Criteria(**criteria))}

    assert found(commune_code="59350", radius_km=30, category="cloisons") == {near.title}
    assert found(commune_code="59350", radius_km=50, words="porte") == {
        near.title,
        "Portes d'Abancourt",
    }
    assert found(words="porte") == {
        "Portes coupe-feu",
        "Portes anciennes",
        "Portes d'Abancourt",
        "Portes de L'Oie",
    }
    assert found(words="coupe feu") == {near.title}
    assert found(available_on=date(2026, 6, 1), category="cloisons") == {
        "Portes anciennes",
        "Portes d'Abancourt",
        "Portes de L'Oie",
    }


def test_the_search_page_asks_for_a_commune_with_a_radius(client, communes):
    page = client.get("/outils/reemploi/", {"radius_km": "30"}).content.decode()
    assert "Indiquez la commune depuis laquelle compter la distance" in page


def test_the_search_page_says_when_the_commune_has_no_position(client, communes):
    page = client.get("/outils/reemploi/", {"commune": "85165", "radius_km": "30"})
    assert "La position de cette commune n&#x27;est pas connue" in page.content.decode()


def _hand_over(lot, quantity, **kwargs):
    owner = UserFactory(organisation=lot.organisation)
    reservation = workflow.request(lot, UserFactory(), Decimal(quantity))
    workflow.accept(reservation, owner)
    workflow.hand_over(reservation, owner, Decimal(quantity), timezone.localdate(), **kwargs)
    reservation.refresh_from_db()
    return reservation


def test_per_piece_factor_counts_pieces_with_its_uncertainty(communes):
    laptop = ImpactFactor.objects.get(code="informatique-portable")
    lot = LotFactory(
        category="informatique", unit_mass_kg=Decimal(2), factor=laptop, new_unit_value_eur=700
    )
    done = _hand_over(lot, 3)
    assert (done.co2e_kg, done.co2e_uncertainty_pct, done.mass_kg, done.value_eur) == (
        Decimal(468),
        50,
        Decimal(6),
        Decimal(2100),
    )


def test_no_factor_means_no_emissions_counted_and_says_so(communes):
    done = _hand_over(LotFactory(factor=None), 4)
    assert done.co2e_kg is None
    assert done.co2e_note == impact.NO_FACTOR
    assert done.mass_kg == 100
    totals = impact.totals()
    assert (totals.exchanges, totals.without_factor, totals.tonnes) == (1, 1, Decimal("0.1"))


def test_a_per_piece_factor_does_not_apply_to_square_metres(communes):
    chair = ImpactFactor.objects.get(code="mobilier-chaise-bois")
    done = _hand_over(LotFactory(category="mobilier", unit="m2", factor=chair), 2)
    assert done.co2e_kg is None and done.co2e_note == impact.UNIT_MISMATCH


def test_weighed_mass_wins_over_the_estimate(communes):
    steel = ImpactFactor.objects.get(code="structure-acier")
    done = _hand_over(
        LotFactory(category="structure", factor=steel), 2, weighed_mass_kg=Decimal(1000)
    )
    assert done.mass_kg == 1000 and done.co2e_kg == Decimal("2211")


def test_dashboard_by_category_and_month_and_member_scope(client, communes):
    lot = LotFactory()
    _hand_over(lot, 4)
    other = LotFactory(category="mobilier")
    _hand_over(other, 1)
    assert [label for label, _ in impact.by_category()] == [
        "Cloisons et menuiseries intérieures",
        "Mobilier",
    ]
    assert [(month.month, row.exchanges) for month, row in impact.by_month()] == [
        (timezone.localdate().month, 2)
    ]
    assert impact.totals(lot.organisation).exchanges == 1
    page = client.get("/outils/reemploi/impact/").content.decode()
    assert "2 remises sans facteur d'émission connu" in page


def test_export_neutralises_formulas(client, communes):
    _hand_over(LotFactory(title='=HYPERLINK("http://x")'), 1)
    text = b"".join(
        client.get("/outils/reemploi/impact/export-reseau.csv").streaming_content
    ).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ';"=HYPERLINK' not in text
    assert text.splitlines()[0].startswith("Date de remise;Catégorie;Lot")


def test_factors_page_shows_sources_uncertainty_and_gaps(client):
    page = client.get("/outils/reemploi/facteurs/").content.decode()
    assert "élément 20907" in page and "± 50 %" in page and "non publiée" in page
    assert "Aucun facteur connu" in page and "Plomberie et sanitaires" in page


def test_a_hand_over_cannot_be_dated_before_the_request(communes):
    lot = LotFactory()
    owner = UserFactory(organisation=lot.organisation)
    reservation = workflow.request(lot, UserFactory(), Decimal(1))
    workflow.accept(reservation, owner)
    with pytest.raises(workflow.WorkflowError, match="entre la demande et aujourd'hui"):
        workflow.hand_over(reservation, owner, Decimal(1), date(2000, 1, 1))


def test_a_search_around_a_commune_lists_the_nearest_lots_first(client, communes):
    """QA: results came by publication date, the nearest lot could be on the last page."""
    # Published from the nearest to the farthest: the latest (farthest) would come first.
    LotFactory(title="Portes de Lille", commune_id="59350")  # 0 km
    LotFactory(title="Portes de Roubaix", commune_id="59512")  # 11 km
    LotFactory(title="Portes d'Abancourt", commune_id="59001")  # 45 km from Lille
    page = client.get("/outils/reemploi/", {"commune": "59350", "radius_km": "50"})
    text = page.content.decode()
    positions = [text.index(title) for title in
                 ("Portes de Lille", "Portes de Roubaix", "Portes d&#x27;Abancourt")]  # fmt: skip
    assert positions == sorted(positions)
