import pytest

from apure.clauses.library import load_library
from apure.reference.models import CpvCode

from .conftest import CPV_CODES, FIXTURE_LIBRARY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECOMMEND = (
    "/clauses/recommandation/?objet=R%C3%A9habilitation+d%27une+%C3%A9cole&cpv=&montant=2400000"
    "&acheteur_type=commune&date_lancement=2026-10-01&type_contrat=marche"
)


@pytest.mark.parametrize(
    "path",
    [
        "/clauses/",
        "/clauses/?q=reemploi",
        "/clauses/segments/",
        "/clauses/segments/mobilier/",
        "/clauses/fixture-mobilier-reemploi/",
        "/clauses/recommandation/",
        RECOMMEND,
        RECOMMEND.replace("cpv=&", "cpv=mobilier&"),
        "/clauses/document/?clause=fixture-mobilier-reemploi&format=html",
    ],
)
def test_clause_pages_have_no_serious_accessibility_violation(
    axe_violations, overflow_at_320px, path
):
    load_library(FIXTURE_LIBRARY)
    CpvCode.objects.bulk_create(
        [
            CpvCode(code=c, check_digit="0", label=label, label_en=label)
            for c, label in CPV_CODES.items()
        ],
        ignore_conflicts=True,
    )
    assert axe_violations(path) == []
    assert overflow_at_320px(path) == 0  # WCAG 1.4.10: no sideways scrolling on a phone
