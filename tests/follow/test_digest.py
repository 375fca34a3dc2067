"""The digest after an import: one e-mail per member for everything they follow, new contracts
only (first seen in that import), at most once, resumable, with a one-click unsubscribe."""

import html
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from apure.follow import follow
from apure.follow.models import DigestRun, FollowKind, Mail
from tests.factories import UserFactory
from tests.network.conftest import FROZEN_NOW, frozen_now  # noqa: F401

from .conftest import CROIX, LILLE, contract

pytestmark = pytest.mark.django_db

CLEANING = "nettoyage-locaux"  # a segment of the clause library: CPV prefixes 9091, 9092


def first_import(served):
    served([contract(1), contract(2, buyer=LILLE), contract(3, cpv="45000000")], "run-1", 2)
    return follow.queue_digests()


def second_import(served):
    # Contract 1 comes back (a later publication of the same contract: not new); 4, 5, 6 are.
    served(
        [
            contract(1, amount=60_000.0),
            contract(2, buyer=LILLE),
            contract(3, cpv="45000000"),
            contract(4),
            contract(5, cpv="45000000"),
            contract(6, buyer=LILLE, departement="62"),
        ],
        "run-2",
        9,
    )


@pytest.fixture
def buyer_at_croix():
    user = UserFactory(email="acheteuse@croix.fr", first_name="Camille")
    follow.follow(user, FollowKind.BUYER, CROIX)
    follow.follow(user, FollowKind.SEGMENT, CLEANING, "32")
    follow.follow(user, FollowKind.DEPARTEMENT, "62")
    return user


@pytest.mark.usefixtures("frozen_now")
def test_the_first_import_is_a_baseline_and_sends_nothing(served, buyer_at_croix):
    result = first_import(served)
    assert result == {"runs": ["run-1"], "queued": 0}
    assert DigestRun.objects.get().baseline
    assert DigestRun.objects.get().queued_at == FROZEN_NOW
    assert mail.outbox == []


@pytest.mark.usefixtures("frozen_now")
def test_one_digest_after_the_next_import_with_counts_and_links(served, buyer_at_croix):
    first_import(served)
    other = UserFactory(email="autre@exemple.fr")
    follow.follow(other, FollowKind.BUYER, "21590000000000")  # nothing new for this one
    second_import(served)
    call_command("follow_notify")
    assert [m.to for m in mail.outbox] == [["acheteuse@croix.fr"]]
    message = mail.outbox[0]
    # Croix: contracts 4 and 5 are new (1 was already there); cleaning in Hauts-de-France: 4
    # and 6; the Pas-de-Calais: 6. One message for the three follows.
    assert message.subject == "Observatoire apure\u00a0: 5 nouveaux contrats pour vos suivis"
    assert (
        "Commune de Croix, SIRET 21590163800019 (acheteur)\u00a0: 2 nouveaux contrats"
        in message.body
    )
    assert (
        "Nettoyage des locaux en Hauts-de-France (segment d'achat)\u00a0: 2 nouveaux contrats"
        in message.body
    )
    assert "Pas-de-Calais (62) (département)\u00a0: 1 nouveau contrat" in message.body
    assert f"/observatoire/marches/?region=&acheteur={CROIX}\n" in message.body
    assert f"/observatoire/marches/flux.atom?region=&acheteur={CROIX}\n" in message.body
    assert "/observatoire/marches/?region=32&segment=nettoyage-locaux\n" in message.body
    link = re.search(r"(http\S+/suivis/desinscription/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.usefixtures("frozen_now")
def test_running_again_or_importing_nothing_new_sends_nothing_more(served, buyer_at_croix):
    first_import(served)
    second_import(served)
    call_command("follow_notify")
    call_command("follow_notify")
    # The same contracts in a new import: nothing is new.
    second_import_again = [contract(n) for n in (1, 4)]
    served(second_import_again, "run-3", 10)
    call_command("follow_notify")
    assert len(mail.outbox) == 1
    assert sorted(DigestRun.objects.values_list("run_id", flat=True)) == ["run-1", "run-2", "run-3"]


def test_sending_resumes_after_a_failure_without_sending_twice(served, smtp_server, settings):
    settings.NETWORK_NEWSLETTER_BATCH_SIZE = 2
    served([contract(1)], "run-1", 2)
    follow.queue_digests()
    people = [UserFactory(email=f"membre{i}@exemple.fr") for i in range(5)]
    for person in people:
        follow.follow(person, FollowKind.BUYER, CROIX)
    served([contract(1), contract(2)], "run-2", 9)
    smtp_server.refused = {"membre3@exemple.fr"}
    with pytest.raises(CommandError, match="Envoi interrompu à membre3@exemple.fr"):
        call_command("follow_notify")
    assert smtp_server.recipients() == [f"membre{i}@exemple.fr" for i in range(3)]
    smtp_server.refused = set()
    call_command("follow_notify")
    received = smtp_server.recipients()
    assert sorted(received) == sorted(person.email for person in people)
    assert len(received) == len(set(received)) == 5
    assert Mail.objects.count() == 5


def test_one_click_unsubscribe_stops_the_digest(served, client, buyer_at_croix):
    served([contract(1)], "run-1", 2)
    follow.queue_digests()
    url = follow.unsubscribe_url(buyer_at_croix).removeprefix("http://testserver")
    page = client.get(url.replace("http://127.0.0.1:8000", ""))
    assert "Arrêter le récapitulatif" in page.text
    # Mail clients POST without a CSRF token (RFC 8058).
    csrf_client = client.__class__(enforce_csrf_checks=True)
    answer = csrf_client.post(
        url.replace("http://127.0.0.1:8000", ""), {"List-Unsubscribe": "One-Click"}
    )
    assert "vous ne recevrez plus le récapitulatif" in answer.text
    assert not follow.wants_digest(buyer_at_croix)
    served([contract(1), contract(2)], "run-2", 9)
    call_command("follow_notify")
    assert mail.outbox == []


def test_a_forged_unsubscribe_link_changes_nothing(client, buyer_at_croix):
    answer = client.post("/observatoire/suivis/desinscription/42:faux/")
    assert "Ce lien de désinscription n'est pas valide." in html.unescape(answer.text)
    assert follow.wants_digest(buyer_at_croix)


def test_a_lost_ledger_starts_again_from_a_baseline_without_a_flood(served, buyer_at_croix):
    from io import StringIO

    from apure.follow import ledger

    first_import(served)
    ledger.ledger_path().unlink()
    second_import(served)
    out = StringIO()
    call_command("follow_notify", stdout=out)
    assert mail.outbox == []  # every contract counts as already known: no old contract is sent
    assert "Imports traités\u00a0: run-2." in out.getvalue()
    assert "0 récapitulatif(s) préparé(s)." in out.getvalue()
