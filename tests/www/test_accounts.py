import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def test_log_in_with_email_then_log_out(db, client):
    user = UserFactory(email="marie@lille.fr")
    response = client.post(
        reverse("accounts:login"),
        {"username": "Marie@Lille.fr ", "password": PASSWORD},
        follow=True,
    )
    assert response.context["user"] == user
    assert "Mon espace" in response.content.decode()

    response = client.post(reverse("accounts:logout"), follow=True)
    assert not response.context["user"].is_authenticated
    assert "Se connecter" in response.content.decode()


def test_wrong_password_shows_a_french_error(db, client):
    UserFactory(email="marie@lille.fr")
    response = client.post(
        reverse("accounts:login"), {"username": "marie@lille.fr", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


def test_password_reset_end_to_end(db, client):
    UserFactory(email="marie@lille.fr")
    response = client.post(reverse("accounts:password_reset"), {"email": "marie@lille.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie@lille.fr"]
    assert "nouveau mot de passe" in message.subject
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe/nouveau/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {
            "new_password1": "Nouveau-mot-de-passe-2026",
            "new_password2": "Nouveau-mot-de-passe-2026",
        },
        follow=True,
    )
    assert "Mot de passe enregistré" in response.content.decode()
    assert client.login(email="marie@lille.fr", password="Nouveau-mot-de-passe-2026")
    assert not client.login(email="marie@lille.fr", password=PASSWORD)


def test_member_space_requires_login(db, client):
    response = client.get(reverse("members:space"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_reset_link_uses_the_configured_site_address_not_the_request_host(db, client, settings):
    settings.SITE_URL = "https://apure.example.org"
    UserFactory(email="marie@lille.fr")
    client.post(
        reverse("accounts:password_reset"), {"email": "marie@lille.fr"}, HTTP_HOST="evil.example"
    )
    body = mail.outbox[0].body
    assert "https://apure.example.org/compte/mot-de-passe/nouveau/" in body
    assert "evil.example" not in body
