import pytest

from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/a-propos/",
        "/outils/",
        "/mentions-legales/",
        "/accessibilite/",
        "/membres/",
        "/membres/lille/",
        "/compte/connexion/",
        "/compte/mot-de-passe/oubli/",
    ],
)
def test_page_has_no_serious_accessibility_violation(axe_violations, path):
    OrganisationFactory(name="Ville de Lille", slug="lille", siren="215903501", is_founder=True)
    assert axe_violations(path) == []
