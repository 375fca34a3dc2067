import csv
import html
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apure.reporting import agec
from apure.reporting.models import AgecLine, Origin
from apure.reuse.choices import Category, Price
from apure.reuse.models import Reservation, ReservationStatus
from tests.factories import UserFactory
from tests.reporting.conftest import HEAD_SIRET
from tests.reuse.factories import LotFactory

pytestmark = pytest.mark.django_db


def _line(declaration, number) -> AgecLine:
    return declaration.lines.get(category=number)


def _received(body, category, value, price=Price.FREE, on=date(2024, 6, 1)):
    lot = LotFactory(category=category, price=price)
    return Reservation.objects.create(
        lot=lot,
        requester=body,
        quantity=1,
        status=ReservationStatus.HANDED_OVER,
        handed_over_on=on,
        value_eur=value,
    )


def test_declaration_is_prefilled_from_the_store_and_the_exchange_and_marked(
    small_store, body, lille_commune
):
    _received(body, Category.FURNITURE, Decimal("1200"))
    _received(body, Category.FURNITURE, Decimal("800"), price=Price.SYMBOLIC)
    _received(body, Category.PARTITIONS, Decimal("5000"))  # not an AGEC category
    _received(body, Category.FURNITURE, Decimal("999"), on=date(2023, 6, 1))  # another year
    declaration = agec.open_declaration(body, 2024)
    assert declaration.lines.count() == 17
    assert declaration.siret == HEAD_SIRET
    furniture = _line(declaration, 9)
    # The body's furniture marché (CPV 39100000); the other buyer's never counts.
    assert furniture.total_eur == Decimal("50000.00")
    assert furniture.total_origin == Origin.DECP
    assert furniture.reuse_eur == Decimal("2000") and furniture.reuse_origin == Origin.EXCHANGE
    assert furniture.donation_eur == Decimal("1200")
    assert furniture.recycled_eur is None and furniture.recycled_origin == Origin.UNKNOWN
    # Works (CPV 45) fall in category 7 (« Engins de transport… » holds CPV 43, not 45): none.
    assert _line(declaration, 7).total_eur is None


def test_an_edited_value_is_marked_entered_and_survives_a_new_prefill(client, small_store, body):
    declaration = agec.open_declaration(body, 2024)
    client.force_login(UserFactory(organisation=body))
    lines = list(declaration.lines.all())
    data = {
        "siret": HEAD_SIRET,
        "form-TOTAL_FORMS": "17",
        "form-INITIAL_FORMS": "17",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data[f"form-{index}-id"] = str(line.pk)
        for field in agec.AMOUNT_FIELDS:
            value = getattr(line, field)
            data[f"form-{index}-{field}"] = "" if value is None else str(value)
        data[f"form-{index}-comment"] = ""
    nine = next(index for index, line in enumerate(lines) if line.category == 9)
    data[f"form-{nine}-total_eur"] = "64000"
    data.update({f"form-{nine}-reuse_eur": "16000", f"form-{nine}-donation_eur": "0",
                 f"form-{nine}-recycled_eur": "3000"})  # fmt: skip
    response = client.post(declaration.get_absolute_url(), data)
    assert response.status_code == 302
    furniture = _line(declaration, 9)
    assert furniture.total_eur == 64000 and furniture.total_origin == Origin.ENTERED
    agec.prefill(declaration)
    furniture.refresh_from_db()
    assert furniture.total_eur == 64000 and furniture.total_origin == Origin.ENTERED
    page = html.unescape(client.get(declaration.get_absolute_url()).content.decode())
    # 16 000 / 64 000 = 25 % against the 20 % reuse floor of 2024; 3 000 / 64 000 < 15 %.
    assert "atteint (25,0\u202f%)" in page
    assert "non atteint (4,7\u202f%)" in page
    assert "taux non connu" in page  # category 3 has no known floor


def test_donations_cannot_exceed_reuse(client, body):
    declaration = agec.open_declaration(body, 2024)
    client.force_login(UserFactory(organisation=body))
    line = _line(declaration, 9)
    data = {"siret": HEAD_SIRET, "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000", "form-0-id": str(line.pk),
            "form-0-total_eur": "100", "form-0-reuse_eur": "10", "form-0-donation_eur": "20",
            "form-0-recycled_eur": "0"}  # fmt: skip
    response = client.post(declaration.get_absolute_url(), data)
    assert response.status_code == 200
    assert "Les dons font partie du réemploi" in html.unescape(response.content.decode())


def test_floors_follow_the_period_of_the_year():
    assert agec.period_of_year(2024) == "2024"
    assert agec.period_of_year(2026) == "2024"
    assert agec.period_of_year(2027) == "2027"
    grid = agec.floor_grid(1)
    assert [cell["reuse"] for cell in grid] == ["8\u202f%", "15\u202f%", "15\u202f%"]
    assert agec.floor_grid(3)[0]["reuse"] == "taux non connu"


def test_an_uncertain_floor_is_to_check_and_never_judged():
    """Category 2's rates come from sources that do not say which column they are ([U])."""
    assert agec.floor_grid(2)[0]["reuse"] == "20\u202f% (à vérifier)"
    line = AgecLine(category=2, total_eur=Decimal("1000"), reuse_eur=Decimal("0"))
    reuse = next(floor for floor in agec.floors_of(line, 2025) if floor.kind == "reuse")
    assert reuse.met is None  # 0 % would read « non atteint » against a doubtful 20 %
    certain = AgecLine(category=1, total_eur=Decimal("1000"), reuse_eur=Decimal("0"))
    assert agec.floors_of(certain, 2025)[0].met is False


def _complete(declaration):
    for number, total in ((9, "64000"), (1, "1000.5")):
        line = _line(declaration, number)
        line.total_eur, line.reuse_eur = Decimal(total), Decimal("100")
        line.donation_eur, line.recycled_eur = Decimal("0"), Decimal("50")
        line.comment = "Mobilier ; « réemploi »" if number == 9 else ""
        line.save()
    partial = _line(declaration, 2)
    partial.total_eur = Decimal("10")
    partial.save()


def _validate(path):
    """frictionless, against the official schema shipped in the repository."""
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(dict(agec.schema()))
    return Resource(path=path.name, basepath=str(path.parent), schema=schema).validate()


def test_export_validates_against_the_official_schema(client, body, tmp_path):

    declaration = agec.open_declaration(body, 2024)
    declaration.siret = HEAD_SIRET
    declaration.save()
    _complete(declaration)
    client.force_login(UserFactory(organisation=body))
    response = client.get(f"/outils/agec/{body.slug}/2024/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    path = tmp_path / "declaration.csv"
    path.write_bytes(response.content)
    report = _validate(path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(StringIO(response.content.decode())))
    # Complete categories only, in the decree's order; the partial one (2) is left out.
    assert [row["type_produit_acquis"] for row in rows] == [
        "Produits textiles à l'exception des équipements de protection individuels",
        "Mobilier et aménagement d'intérieur",
    ]
    assert rows[0]["montant_total"] == "1000.50" and rows[1]["annee"] == "2024"


def test_an_invalid_siret_fails_the_official_schema_and_blocks_the_export(client, body, tmp_path):

    declaration = agec.open_declaration(body, 2024)
    declaration.siret = "1234"
    declaration.save()
    _complete(declaration)
    path = tmp_path / "invalid.csv"
    with path.open("w", encoding="utf-8") as output:
        agec.write_csv(declaration, output)
    errors = _validate(path).flatten(["fieldName", "type"])
    assert errors == [["siret", "constraint-error"], ["siret", "constraint-error"]]
    assert agec.export_problems(declaration) == ["Le SIRET déclarant doit compter 14 chiffres."]
    client.force_login(UserFactory(organisation=body))
    assert client.get(f"/outils/agec/{body.slug}/2024/export.csv").status_code == 302


def test_agec_export_command_prints_the_csv(body):
    declaration = agec.open_declaration(body, 2024)
    declaration.siret = HEAD_SIRET
    declaration.save()
    _complete(declaration)
    output, errors = StringIO(), StringIO()
    call_command(
        "agec_export", "--body", body.siren, "--year", "2024", stdout=output, stderr=errors
    )
    lines = output.getvalue().splitlines()
    assert lines[0] == ",".join(agec.columns())
    assert len(lines) == 3
    assert "Matériel informatique et téléphonie" in errors.getvalue()
