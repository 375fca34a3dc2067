"""The site's home page: the region's headline figures from the observatory (its own functions,
its small-sample rule), the network's next events, latest news and public answers (issue 14)."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apure.network.models import Status
from apure.observatory import store_query
from tests.network.factories import EventFactory, NewsFactory, WorkingGroupFactory
from tests.network.workspace_factories import ReplyFactory, ThreadFactory
from tests.observatory import store_builder

pytestmark = pytest.mark.django_db

LILLE = {"buyer_siret": "21590350100017", "buyer_name": "Ville de Lille", "buyer_kind": "commune",
         "buyer_departement": "59", "buyer_region": "32", "departement": "59", "region": "32",
         "cpv": "90910000", "amount": 100_000.0, "notification_date": "2024-03-01"}  # fmt: skip
METZ = {**LILLE, "buyer_siret": "21570463100013", "buyer_name": "Ville de Metz",
        "buyer_departement": "57", "buyer_region": "44", "departement": "57",
        "region": "44"}  # fmt: skip


def contract(base, contract_id, social, environmental):
    return {**base, "contract_id": contract_id, "social": social, "environmental": environmental}


def build_store(settings, rows):
    store_builder.build(settings.ANALYTICS_DB_PATH, rows)
    store_query.clear_cache()


def text_of(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_home_gives_the_region_s_figures_with_their_coverage(client, settings):
    rows = [
        *(contract(LILLE, f"S{i}", "yes", "no") for i in range(3)),
        *(contract(LILLE, f"N{i}", "no", "no") for i in range(3)),
        *({**LILLE, "contract_id": f"U{i}"} for i in range(2)),
        # Outside Hauts-de-France: not counted.
        *(contract(METZ, f"M{i}", "yes", "yes") for i in range(9)),
    ]
    build_store(settings, rows)
    page = text_of(client.get("/"))
    assert "Les achats publics en Hauts-de-France" in page
    assert "Contrats 8" in page  # Metz's nine contracts are left out
    # 3 « oui » among 6 known (2 unknown are not counted as « non »), coverage 6 / 8.
    assert "Considération sociale 50,0 %" in page
    assert "3 oui, 3 non, 2 inconnus ; couverture 75,0 %" in page


def test_below_the_small_sample_threshold_the_share_is_not_given(client, settings):
    rows = [
        *(contract(LILLE, f"K{i}", "yes", "yes") for i in range(4)),
        *({**LILLE, "contract_id": f"U{i}"} for i in range(10)),
    ]
    build_store(settings, rows)
    page = text_of(client.get("/"))
    assert "Considération sociale n.d. — échantillon insuffisant (4 contrats renseignés)" in page
    assert "100,0 %" not in page
    assert "n.d. : part non donnée, moins de 5 contrats" in page


def test_before_any_import_the_home_says_where_the_figures_will_be(client):
    page = text_of(client.get("/"))
    assert "paraîtront ici dès le premier import" in page


def add_network_content(count):
    group = WorkingGroupFactory(slug="reemploi", short_name="Réemploi")
    for n in range(count):
        EventFactory(title=f"Atelier {n}").themes.add(group)
        NewsFactory(title=f"Nouvelle {n}").themes.add(group)
        thread = ThreadFactory(group=group, title=f"Question publique {n}")
        thread.best_reply = ReplyFactory(thread=thread)
        thread.made_public_at = timezone.now()
        thread.save()


def test_the_home_shows_the_next_events_latest_news_and_public_answers(client):
    add_network_content(1)
    EventFactory(title="Atelier passé", starts_at=timezone.now() - timedelta(days=3))
    NewsFactory(title="Brouillon", status=Status.DRAFT, published_at=None)
    ThreadFactory(title="Question privée")
    page = text_of(client.get("/"))
    for expected in ["Atelier 0", "Nouvelle 0", "Question publique 0"]:
        assert expected in page
    for hidden in ["Atelier passé", "Brouillon", "Question privée"]:
        assert hidden not in page


def test_the_home_costs_the_same_queries_whatever_its_content(client):
    add_network_content(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    add_network_content(3)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few) <= 8


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_home_with_figures_and_network_content_has_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px, settings
):
    build_store(
        settings,
        [
            {**LILLE, "contract_id": f"S{i}", "social": "yes", "environmental": "no"}
            for i in range(6)
        ],
    )
    add_network_content(3)
    assert axe_violations("/") == []
    assert overflow_at_320px("/") == 0
