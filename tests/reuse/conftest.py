import pytest

from apure.reference.models import Commune

# Communes of the tests, with their shipped positions (reference/data/cog/centres_communes.csv):
# Lille–Roubaix ≈ 11 km, Lille–Arras ≈ 43 km, Lille–Dunkerque ≈ 67 km, Lille–Paris ≈ 204 km,
# Lille–Abancourt ≈ 45 km.
COMMUNES = [
    ("59350", "Lille", "59"),
    ("59512", "Roubaix", "59"),
    ("62041", "Arras", "62"),
    ("59183", "Dunkerque", "59"),
    ("75056", "Paris", "75"),
    ("59001", "Abancourt", "59"),
    ("85165", "L'Oie", "85"),  # restored in 2024, no contour yet: no known position
]


@pytest.fixture
def communes(geography):
    for code, name, departement in COMMUNES:
        Commune.objects.get_or_create(
            code=code, defaults={"name": name, "departement_id": departement}
        )


@pytest.fixture(autouse=True)
def mails_leave_at_once(monkeypatch):
    """The test's own transaction never commits: send the exchange's e-mails at once."""
    from types import SimpleNamespace

    from apure.reuse import mail

    monkeypatch.setattr(mail, "transaction", SimpleNamespace(on_commit=lambda send: send()))
