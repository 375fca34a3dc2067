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
def test_page_has_no_serious_accessibility_violation(axe_violations, overflow_at_320px, path):
    OrganisationFactory(name="Ville de Lille", slug="lille", siren="215903501", is_founder=True)
    assert axe_violations(path) == []
    assert overflow_at_320px(path) == 0  # WCAG 1.4.10: no sideways scrolling on a phone
