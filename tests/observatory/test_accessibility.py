import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    [
        "/observatoire/",
        "/observatoire/acheteurs/21590350100017/",
        "/observatoire/marches/21590350100017/2025-SANS-MONTANT/",
        "/observatoire/segments/restauration-collective/",
        "/observatoire/territoires/region/32/",
        "/observatoire/qualite/",
        "/observatoire/recherche/?q=lille",
        "/observatoire/marches/?annee=2025",
    ],
)
def test_observatory_page_has_no_serious_accessibility_violation(
    axe_violations, observatory_store, path
):
    assert axe_violations(path) == []
