"""The issue's three projects: the page, `apure recommend --json` and the DOCX say the same thing.

Run on the real shipped clause library and CPV list, on 7 December 2026 (time frozen).
"""

import datetime
import io
import json
import re

import docx
import lxml.html
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apure.clauses import draft_form
from apure.clauses.library import load_library
from apure.obligations import draft as obligations_draft
from apure.obligations.draft import STATUS_LABELS
from apure.reference.loaders import load_cpv

from .reading import insertion_hours_on_page, obligations_on_page, ticked_clauses_on_page

TODAY = datetime.date(2026, 12, 7)

PROJECTS = {
    "renovation": {"objet": "Rénovation énergétique d'un groupe scolaire",
                   "montant": "1 200 000", "acheteur_type": "commune", "nature": "travaux"},
    "restauration": {"objet": "Fourniture de repas en restauration collective",
                     "montant": "800 000", "acheteur_type": "departement"},
    "informatique": {"objet": "Achat de postes informatiques", "montant": "150 000",
                     "acheteur_type": "region"},
}  # fmt: skip

# 1.2 M€ × 40 % (energy renovation) × 5 % ÷ 30 €/h; meals: 800 k€ × 10 % (supply with
# services) × 5 % ÷ 30 €/h; computers: a pure supply, no figure.
EXPECTED_HOURS = {"renovation": 800, "restauration": 133, "informatique": None}


class FrozenDate(datetime.date):
    @classmethod
    def today(cls):
        return TODAY


@pytest.fixture
def frozen_time(monkeypatch):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 7, 10, 0))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(draft_form, "date", FrozenDate)
    monkeypatch.setattr(obligations_draft, "date", FrozenDate)


@pytest.fixture
def shipped_library(db):
    load_library()
    load_cpv()


def from_page(html):
    return {
        "obligations": obligations_on_page(html),
        "clauses": ticked_clauses_on_page(html),
        "hours": insertion_hours_on_page(html),
    }


def from_json(output):
    return {
        "obligations": {o["title"]: STATUS_LABELS[o["status"]] for o in output["obligations"]},
        "clauses": [c["title"] for c in output["clauses"] if c["preselectionnee"]],
        "hours": output["insertion"]["heures"],
    }


def from_docx(content):
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    checklist = [text.removeprefix("☐ ") for text in paragraphs if text.startswith("☐ ")]
    hours = next((re.search(r"([\d\u202f]+) heures", text).group(1)
                  for text in paragraphs if text.startswith("Heures d'insertion estimées")),
                 None)  # fmt: skip
    return {
        "obligations": dict(line.rsplit(" — ", 1) for line in checklist),
        "clauses": [re.sub(r"^\d+\. ", "", t) for t in paragraphs if re.match(r"^\d+\. ", t)],
        "hours": int(hours.replace("\u202f", "")) if hours else None,
    }


def form_values(html, url_name):
    """What the page's form posting to `url_name` sends, left as shown: [(name, value)]."""
    form = next(
        form for form in lxml.html.fromstring(html).forms
        if (form.action or "").startswith(reverse(url_name))
    )  # fmt: skip
    return form.form_values()


@pytest.mark.parametrize("name", PROJECTS)
def test_page_json_and_document_say_the_same_thing(name, shipped_library, frozen_time, client,
                                                   capsys):  # fmt: skip
    project = PROJECTS[name]
    # The buyer fills in the form as first shown: launch date today, default hypotheses.
    blank = client.get(reverse("clauses:recommend")).content.decode()
    assert dict(form_values(blank, "clauses:recommend"))["date_lancement"] == "2026-12-07"
    html = client.get(
        reverse("clauses:recommend"), {**dict(form_values(blank, "clauses:recommend")), **project}
    ).content.decode()
    assert "errorlist" not in html
    page = from_page(html)

    options = [f"--{key.replace('_', '-')}={value}" for key, value in project.items()]
    call_command("recommend", *options, f"--date-lancement={TODAY}", "--json")
    command = from_json(json.loads(capsys.readouterr().out))

    # The buyer keeps the pre-selection and downloads the DOCX.
    download = [*form_values(html, "clauses:document"), ("format", "docx")]
    response = client.get(reverse("clauses:document"), download)
    assert response.status_code == 200
    document = from_docx(response.content)

    assert page == command == document
    assert EXPECTED_HOURS[name] == page["hours"]
    # Not vacuous: every source found the whole checklist and a pre-selection of 3 to 6.
    assert len(page["obligations"]) >= 15 and 3 <= len(page["clauses"]) <= 6
