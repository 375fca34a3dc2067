import pytest

from apure.organisations.demo import create_founders
from apure.reuse import demo
from apure.reuse.models import Lot, Reservation, Wanted

pytestmark = pytest.mark.django_db


def test_tools_page_links_the_exchange_and_pooling(client):
    page = client.get("/outils/").content.decode()
    assert 'href="/outils/reemploi/"' in page
    assert 'href="/outils/mutualisation/"' in page


def test_demo_adds_examples_once_with_one_complete_exchange(client, communes):
    create_founders()
    demo.load(lambda line: None)
    demo.load(lambda line: None)
    assert Lot.objects.exclude(is_example=True).count() == 0
    assert set(Lot.objects.values_list("organisation__slug", flat=True)) == {"mel", "lille", "cud"}
    assert Wanted.objects.filter(is_example=True).count() == 2
    exchange = Reservation.objects.get()
    assert exchange.status == "remise" and exchange.co2e_kg is not None
    assert "Exemple" in client.get("/outils/reemploi/").content.decode()
