import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/observatoire/methode/carbone/",
    "/observatoire/?partie=carbone",
    "/observatoire/acheteurs/21590350100017/?partie=carbone",
]


@pytest.mark.parametrize("path", PAGES)
def test_carbon_pages_have_no_serious_accessibility_violation(
    axe_violations,
    overflow_at_320px,
    observatory_store,
    path,
):
    assert axe_violations(path) == []
    assert overflow_at_320px(path) == 0  # WCAG 1.4.10: no sideways scrolling on a phone
