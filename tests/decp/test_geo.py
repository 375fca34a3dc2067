"""Buyer kind read from the SIREN series (apure/decp/geo.py)."""

from apure.decp.geo import kind_from_siren_series
from apure.decp.importer import run_import

from .conftest import marche, query, write_2022


def test_the_state_series_is_recognised_and_hospitals_are_not_guessed():
    assert kind_from_siren_series("110000015") == "etat"  # a ministry's service
    assert kind_from_siren_series("194909701") == "etat"  # a university: same series
    # CHU de Nantes (26…) shares its series with communal social action centres: unknown.
    assert kind_from_siren_series("264400136") is None
    assert kind_from_siren_series("215901638") is None  # a commune: the reference table says so
    assert kind_from_siren_series("") is None
    assert kind_from_siren_series(None) is None


def test_imported_state_buyers_get_the_kind_etat(analytics, tmp_path):
    path = write_2022(tmp_path / "etat.json", [marche(acheteur={"id": "11000001500013"})])
    run_import([path], workers=1)
    assert query("SELECT buyer_kind FROM contracts")[0][0] == "etat"
