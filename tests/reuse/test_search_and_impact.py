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
    assert geo.distance_km("59350", "59001") is None  # position not shipped


def test_every_shipped_centre_is_a_real_commune():
    import csv

    from apure.reference import files

    with open(files.COMMUNES, encoding="utf-8") as handle:
        known = {row["code"] for row in csv.DictReader(handle)}
    for code, point in geo.centres().items():
        assert code in known
        assert 41 < point.latitude < 52 and -5 < point.longitude < 10


def test_search_by_distance_category_words_and_date(communes):
    near = LotFactory(
        title="Portes coupe-feu", commune_id="59512", available_until=date(2026, 3, 1)
    )
    LotFactory(title="Portes anciennes", commune_id="75056")
    LotFactory(title="Radiateur", description="", category="cvc", commune_id="59350")
    LotFactory(title="Portes d'Abancourt", commune_id="59001")  # position unknown

    def found(**criteria):
        return {lot.title for lot in search.apply(search.Criteria(**criteria))}

    assert found(commune_code="59350", radius_km=30, category="cloisons") == {near.title}
    assert found(words="porte") == {"Portes coupe-feu", "Portes anciennes", "Portes d'Abancourt"}
    assert found(words="coupe feu") == {near.title}
    assert found(available_on=date(2026, 6, 1), category="cloisons") == {
        "Portes anciennes",
        "Portes d'Abancourt",
    }


def test_the_search_page_asks_for_a_commune_with_a_radius(client, communes):
    page = client.get("/outils/reemploi/", {"radius_km": "30"}).content.decode()
    assert "Indiquez la commune depuis laquelle compter la distance" in page


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
