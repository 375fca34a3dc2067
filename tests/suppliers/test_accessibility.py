"""No serious axe violation on the directory pages, on a desktop and a phone screen, and no
sideways scrolling on the phone. Set APURE_SCREENSHOTS to a folder to keep a full-page
screenshot of each."""

import os
from pathlib import Path

import pytest
from django.test import Client

from apure.clauses.models import Segment
from apure.facilitation.models import Facilitator, InsertionFollowUp, SupportRequest, Theme
from apure.reference.models import Commune
from apure.suppliers import maps
from tests.factories import FacilitatorFactory, OrganisationFactory, UserFactory

from .conftest import SUPPLIER_SIRET
from .factories import SupplierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


@pytest.fixture
def directory(geography, holders_store, monkeypatch):
    monkeypatch.setattr(maps, "MAX_COMMUNE_DOTS", 2)
    for commune_code in ("59350", "59512", "62041", "75056", "97411"):
        SupplierFactory(kinds=",ESAT,", commune_code=commune_code, naf="")
    SupplierFactory(siret=SUPPLIER_SIRET, name="Jardins solidaires de la Lys",
                    kinds=",ACI,AI,", territory="Métropole européenne de Lille")  # fmt: skip
    SupplierFactory.create_batch(3)
    facilitator = Facilitator.objects.create(
        name="Camille Martin", structure="PLIE de Lille", theme=Theme.SOCIAL_CLAUSES,
        departements="59", territory="Métropole lilloise", email="clauses@plie-exemple.fr",
    )  # fmt: skip
    Commune.objects.create(code="59350", name="Lille", departement_id="59", postcodes="59000")
    Segment.objects.create(code="espaces-verts", label="Espaces verts", nature="services",
                           cpv_prefixes=["7731"], labour_share="0.6")  # fmt: skip
    SupplierFactory(name="Paysagistes solidaires", naf="8130Z")
    follow_up = InsertionFollowUp.objects.create(
        organisation=OrganisationFactory(), title="Entretien des espaces verts 2026",
        facilitator=facilitator, hours_planned=1200,
    )  # fmt: skip
    follow_up.years.create(year=2026, hours_done=400)
    support = SupportRequest.objects.create(
        facilitator=facilitator, requester=UserFactory(), subject="Lot réservé espaces verts",
        message="Marché de 2027 : quelles structures, quel lot réserver ?",
    )  # fmt: skip
    return {
        "annuaire": "/outils/fournisseurs/?kind=SIAE&words=espaces+verts",
        "fiche": f"/outils/fournisseurs/{SUPPLIER_SIRET}/",
        "outils": "/outils/",
        "facilitateurs": "/outils/facilitateurs/?departement=59",
        "modifier": f"/outils/fournisseurs/{SUPPLIER_SIRET}/modifier/",
        "demander": f"/outils/facilitateurs/{facilitator.pk}/demander/",
        "demandes": "/outils/facilitateurs/demandes/",
        "demande": support.get_absolute_url(),
        "a-qualifier": "/outils/fournisseurs/a-qualifier/",
        "segment-carte": "/outils/fournisseurs/?segment=espaces-verts&commune=59350&radius_km=30",
        # A national search: dots grouped by département (bound lowered below), one in La Réunion
        "carte-nationale": "/outils/fournisseurs/?kind=ESAT",
        "suivis": "/outils/facilitateurs/suivi/",
        "suivi": follow_up.get_absolute_url(),
        "suivi-nouveau": "/outils/facilitateurs/suivi/nouveau/",
        "facilitateur-modifier": f"/outils/facilitateurs/{facilitator.pk}/modifier/",
    }


def _check(axe_violations, browser_page, path, name, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    try:
        assert axe_violations(path) == []
        overflow = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0
        folder = os.environ.get("APURE_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            browser_page.screenshot(path=f"{folder}/suppliers-{name}-{width}.png", full_page=True)
    finally:
        browser_page.set_viewport_size({"width": 1280, "height": 720})


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "name", ["annuaire", "fiche", "outils", "facilitateurs", "segment-carte", "carte-nationale"]
)
def test_directory_pages_have_no_serious_accessibility_violation(
    axe_violations, browser_page, directory, name, width
):
    _check(axe_violations, browser_page, directory[name], name, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_facilitator_pages_have_no_serious_accessibility_violation(
    axe_violations, browser_page, browser_server, directory, width
):
    client = Client()
    client.force_login(FacilitatorFactory())
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value,
          "url": browser_server.url}]
    )  # fmt: skip
    try:
        for name in ("modifier", "a-qualifier", "demander", "demandes", "demande", "suivis",
                     "suivi", "suivi-nouveau", "facilitateur-modifier"):  # fmt: skip
            _check(axe_violations, browser_page, directory[name], name, width)
    finally:
        browser_page.context.clear_cookies()
