import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PAGES = [
    "/observatoire/",
    "/observatoire/acheteurs/21590350100017/",
    "/observatoire/marches/21590350100017/2025-SANS-MONTANT/",
    "/observatoire/segments/restauration-collective/",
    "/observatoire/territoires/region/32/",
    "/observatoire/qualite/",
    "/observatoire/recherche/?q=lille",
    "/observatoire/marches/?annee=2025",
    "/observatoire/marches/?region=&tri=montant&sens=asc&colonne=object&colonne=cpv",
    "/observatoire/acheteurs/21590350100017/?partie=publication",
    "/observatoire/?partie=segments",
    "/observatoire/?cpv=ABC",
]


@pytest.mark.parametrize("path", PAGES)
def test_observatory_page_has_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px, observatory_store, path
):
    assert axe_violations(path) == []
    assert overflow_at_320px(path) == 0  # WCAG 1.4.10: no sideways scrolling on a phone


def test_a_list_page_too_deep_to_open_has_no_serious_violation(
    axe_violations, overflow_at_320px, observatory_store, monkeypatch
):
    from apure.observatory import contracts

    monkeypatch.setattr(contracts, "MAX_OFFSET", 20)  # page 3 (20 a page) is then too deep
    path = "/observatoire/marches/?region=&page=3"
    assert axe_violations(path) == []
    assert overflow_at_320px(path) == 0
