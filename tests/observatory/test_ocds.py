"""Contracts as OCDS 1.1 releases: validated against the standard's own JSON Schema (1.1.5,
shipped in the repo) and the extensions the packages declare, in the API and the bulk export."""

import gzip
import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apure.api import ocds_views
from apure.observatory import ocds
from tests.observatory import store_builder
from tests.observatory.fixtures import _reset
from tests.observatory.ocds_schema import errors

pytestmark = pytest.mark.django_db
LYCEES = "20005374200014/2025-LYCEES"
CONCESSION = "20009320100016/DSP-RESEAU-CHALEUR"
NO_AMOUNT = "21590350100017/2025-SANS-MONTANT"


def strict_json(raw):
    """A strict parse: NaN, Infinity and duplicate keys are refused, as strict clients do."""

    def no_constant(name):
        raise ValueError(f"not JSON: {name}")

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    text = raw.decode() if isinstance(raw, bytes) else raw
    return json.loads(text, parse_constant=no_constant, object_pairs_hook=no_duplicates)


def _get(client, url):
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def _package(client, query=""):
    response, content = _get(client, f"/api/ocds/marches/{query}")
    assert response.status_code == 200, content[:300]
    assert response["Content-Type"] == "application/json"
    package = strict_json(content)
    assert errors(package) == [], errors(package)[:5]
    assert errors(package, extended=False) == []  # the core schema alone, too
    return package


def _uids(package):
    return [release["ocid"].removeprefix(ocds.prefix() + "-") for release in package["releases"]]


def _release(client, uid):
    response, content = _get(client, f"/api/ocds/marches/{uid}/")
    assert response.status_code == 200
    package = strict_json(content)
    assert errors(package) == []
    (release,) = package["releases"]
    return release


def test_every_contract_of_the_store_is_a_valid_release(client, observatory_store):
    package = _package(client)
    served = [row for row in observatory_store if not row["is_test"]]
    assert sorted(_uids(package)) == sorted(row["uid"] for row in served)
    assert package["version"] == "1.1"
    assert ocds.SUSTAINABILITY_EXTENSION in package["extensions"]
    assert "http://testserver/api/ocds/extension/extension.json" in package["extensions"]
    for release in package["releases"]:
        assert errors(release, "release") == []
        assert release["ocid"].startswith("ocds-apure0-")


def test_the_package_has_the_same_contracts_and_order_as_the_list(client, observatory_store):
    query = "?departement=59&annee=2024&annee=2025&tri=montant&sens=asc"
    package = _package(client, query)
    listed = client.get(f"/api/marches/{query}&taille=200").json()
    assert listed["count"] == len(package["releases"]) > 3
    assert _uids(package) == [row["uid"] for row in listed["results"]]
    for release in package["releases"]:
        assert release["date"].startswith(("2024-", "2025-"))
    response, _ = _get(client, f"/api/ocds/marches/{query}")
    assert response["X-Total-Count"] == str(listed["count"])


def test_buyer_and_words_filter_the_package(client, observatory_store):
    package = _package(client, "?acheteur=21590350100017&q=nettoyage")
    assert package["releases"]
    assert all(uid.startswith("21590350100017/") for uid in _uids(package))
    assert all("ettoyage" in r["tender"]["title"] for r in package["releases"])
    response = client.get("/api/ocds/marches/?acheteur=99999999999999")
    assert response.status_code == 404
    assert "au moins une publication" in response.json()["detail"]


def test_a_release_names_buyer_and_supplier_with_their_siret(client, observatory_store):
    release = _release(client, LYCEES)
    buyer = next(party for party in release["parties"] if "buyer" in party["roles"])
    assert buyer["identifier"] == {"scheme": "FR-RCS", "id": "20005374200014",
                                   "legalName": "Région Hauts-de-France"}  # fmt: skip
    assert release["buyer"] == {"id": "FR-RCS-20005374200014", "name": "Région Hauts-de-France"}
    supplier = next(party for party in release["parties"] if "supplier" in party["roles"])
    assert supplier["identifier"]["id"] == "44306184100047"
    assert release["awards"][0]["suppliers"] == [
        {"id": "FR-RCS-44306184100047", "name": "Entreprise d'insertion du Nord"}
    ]


def test_a_release_carries_procedure_cpv_amounts_dates(client, observatory_store):
    release = _release(client, LYCEES)
    tender = release["tender"]
    assert tender["procurementMethod"] == "open"
    assert tender["procurementMethodDetails"] == "Appel d'offres ouvert"
    assert tender["mainProcurementCategory"] == "works"
    assert tender["items"][0]["classification"] == {"scheme": "CPV", "id": "45214220"}
    assert release["awards"][0]["value"] == {"amount": 62_000_000.0, "currency": "EUR"}
    assert release["contracts"][0]["value"] == {"amount": 62_000_000.0, "currency": "EUR"}
    assert release["contracts"][0]["awardID"] == release["awards"][0]["id"]
    assert release["contracts"][0]["period"] == {"startDate": "2025-05-12T00:00:00Z"}
    assert release["awards"][0]["date"] == "2025-05-12T00:00:00Z"


def test_considerations_map_to_the_sustainability_extension(client, observatory_store):
    tender = _release(client, LYCEES)["tender"]
    assert tender["hasSustainability"] is True
    assert tender["sustainability"] == [
        {"goal": "social", "strategies": ["contractPerformanceConditions"]},
        {"goal": "environmental", "strategies": ["awardCriteria"]},
    ]
    assert tender["decpConsiderations"] == {"social": "yes", "environmental": "yes"}
    concession = _release(client, CONCESSION)
    assert concession["tender"]["decpConsiderations"] == {"social": "no", "environmental": "yes"}
    assert concession["tender"]["sustainability"] == [
        {"goal": "environmental", "strategies": ["contractPerformanceConditions"]}
    ]
    assert concession["contracts"][0]["dateSigned"] == "2024-11-05T00:00:00Z"


def test_unknown_considerations_are_never_said_no(client, observatory_store):
    tender = _release(client, NO_AMOUNT)["tender"]
    assert "hasSustainability" not in tender and "sustainability" not in tender
    assert tender["decpConsiderations"] == {"social": "unknown", "environmental": "unknown"}
    release = _release(client, NO_AMOUNT)
    assert "value" not in release["contracts"][0] and "items" not in tender


def test_both_no_says_no_sustainability():
    row = dict.fromkeys(ocds.COLUMNS)
    row.update(uid="1/a", buyer_siret="21590350100017", social="no", environmental="no",
               procedure="Procédure adaptée", cpv="79000000")  # fmt: skip
    release = ocds.release(row, fallback_date="2026-12-01T10:00:00Z")
    assert release["tender"]["hasSustainability"] is False
    assert "procurementMethod" not in release["tender"]  # MAPA: no guessed code
    assert release["tender"]["procurementMethodDetails"] == "Procédure adaptée"
    assert release["tender"]["mainProcurementCategory"] == "services"
    assert release["date"] == "2026-12-01T10:00:00Z"  # no date published: the package's
    assert errors(release, "release") == []


def test_holders_without_siret_keep_their_published_type():
    row = dict.fromkeys(ocds.COLUMNS)
    row.update(uid="1/a", buyer_siret="21590350100017", social="unknown",
               environmental="unknown")  # fmt: skip
    holders = [{"holder_id": "FR12345678901", "id_type": "TVA", "name": "Fournisseur"},
               {"holder_id": "21590350100017", "id_type": "SIRET", "name": "Ville"}]  # fmt: skip
    release = ocds.release(row, holders, fallback_date="2026-01-01T00:00:00Z")
    parties = {party["id"]: party for party in release["parties"]}
    assert parties["DECP-TVA-FR12345678901"] == {
        "id": "DECP-TVA-FR12345678901", "roles": ["supplier"], "name": "Fournisseur"}  # fmt: skip
    # The buyer that is also a holder is one party with both roles.
    assert parties["FR-RCS-21590350100017"]["roles"] == ["buyer", "supplier"]
    assert errors(release, "release") == []


def test_unknown_contract_and_no_store(client, observatory_store):
    response = client.get("/api/ocds/marches/nope/")
    assert response.status_code == 404 and response.json()["detail"] == "Contrat introuvable."


def test_no_store_answers_503(client, empty_store):
    assert client.get("/api/ocds/marches/").status_code == 503
    assert client.get(f"/api/ocds/marches/{LYCEES}/").status_code == 503


def test_too_many_releases_for_one_answer_says_what_to_do(client, observatory_store, monkeypatch):
    monkeypatch.setattr(ocds_views, "MAX_RELEASES", 3)
    response = client.get("/api/ocds/marches/")
    assert response.status_code == 400
    assert "apure ocds_export" in response.json()["detail"]


def test_the_extension_is_served_with_absolute_urls(client):
    document = strict_json(client.get("/api/ocds/extension/extension.json").content)
    assert document["documentationUrl"]["fr"] == "http://testserver/api/ocds/extension/README.md"
    assert document["schemas"] == ["release-schema.json"]
    schema = client.get("/api/ocds/extension/release-schema.json").json()
    assert "decpConsiderations" in schema["definitions"]["Tender"]["properties"]
    assert client.get("/api/ocds/extension/README.md").status_code == 200
    assert client.get("/api/ocds/extension/secret.py").status_code == 404


def test_the_contract_page_and_the_list_link_to_ocds(client, observatory_store):
    page = client.get(f"/observatoire/marches/{LYCEES}/").content.decode()
    assert f'href="/api/ocds/marches/{LYCEES}/"' in page
    listing = client.get("/observatoire/marches/?departement=59").content.decode()
    assert 'href="/api/ocds/marches/?' in listing


def test_the_command_writes_a_valid_filtered_package(observatory_store, tmp_path, settings):
    settings.SITE_URL = "https://apure.example"
    output, stderr = tmp_path / "nord.json", io.StringIO()
    call_command("ocds_export", "--departement", "59", "--year", "2024", "--output",
                 str(output), stdout=io.StringIO(), stderr=stderr)  # fmt: skip
    package = strict_json(output.read_text(encoding="utf-8"))
    assert errors(package) == []
    expected = [
        row
        for row in observatory_store
        if row["year"] == 2024 and (row["departement"] or row["buyer_departement"]) == "59"
    ]
    assert sorted(_uids(package)) == sorted(row["uid"] for row in expected)
    assert (
        package["uri"]
        == "https://apure.example/api/ocds/marches/?annee=2024&region=32&departement=59"
    )
    assert f"{len(expected)} / {len(expected)} publications" in stderr.getvalue()
    assert not list(tmp_path.glob(".*partiel"))


def test_the_command_compresses_and_refuses_bad_filters(observatory_store, tmp_path):
    output = tmp_path / "acheteur.json.gz"
    call_command("ocds_export", "--buyer", "21590350100017", "--output", str(output),
                 stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    package = strict_json(gzip.decompress(output.read_bytes()))
    assert errors(package) == []
    assert package["releases"] and all(
        r["buyer"]["id"] == "FR-RCS-21590350100017" for r in package["releases"]
    )
    # Refused, not ignored: the filters' « ignoré » message is reworded for the command.
    with pytest.raises(CommandError, match="« acheteur » invalide\u00a0: un SIRET compte 14"):
        call_command("ocds_export", "--buyer", "123", "--output", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


def test_the_command_without_store_says_so(empty_store, tmp_path):
    with pytest.raises(CommandError, match="Aucune donnée"):
        call_command("ocds_export", "--output", str(tmp_path / "x.json"))


def test_the_schema_check_refuses_what_the_standard_refuses(client, observatory_store):
    """The validator is real: a wrong code, currency or date in a release is caught."""
    package = _package(client, "?acheteur=20005374200014&annee=2025")
    release = package["releases"][0]
    release["tender"]["procurementMethod"] = "adapted"
    release["awards"][0]["value"]["currency"] = "EURO"
    release["date"] = "2025-05-12"
    del release["initiationType"]
    found = " ".join(errors(package))
    for problem in ("procurementMethod", "currency", "date-time", "initiationType"):
        assert problem in found, found
    release["tender"]["decpConsiderations"]["social"] = "peut-être"
    assert "decpConsiderations" in " ".join(errors(release, "release"))


def _framework_store(older=False):
    """Three marchés of one buyer: a framework agreement, not one, and not said."""
    _reset()
    contracts = [
        {"buyer_siret": "21590350100017", "buyer_name": "Ville de Lille", "buyer_region": "32",
         "buyer_departement": "59", "departement": "59", "region": "32", "cpv": "79000000",
         "notification_date": "2025-05-12", "amount": 100_000.0, "social": "unknown",
         "environmental": "unknown", "contract_id": contract_id, **values}
        for contract_id, values in (
            ("AC", {"framework_agreement": True, "techniques": ["Accord-cadre"],
                    "nature": "Accord-cadre" if older else "Marché"}),
            ("NON", {"framework_agreement": False, "techniques": ["Sans objet"]}),
            ("INCONNU", {}),
        )
    ]  # fmt: skip
    store_builder.build(settings.ANALYTICS_DB_PATH, contracts)
    if older:
        store_builder.without_columns(
            settings.ANALYTICS_DB_PATH, "framework_agreement", "techniques"
        )
    _reset()


@pytest.mark.parametrize("older", [False, True], ids=["store", "store-before-the-column"])
def test_a_framework_agreement_is_said_with_the_techniques_extension_only_when_known(
    client, empty_store, older
):
    _framework_store(older)
    package = _package(client, "?acheteur=21590350100017&annee=2025")  # validated
    assert ocds.TECHNIQUES_EXTENSION in package["extensions"]
    techniques = {
        release["tender"]["id"]: release["tender"].get("techniques")
        for release in package["releases"]
    }
    if older:  # what the 2019 nature said, until the next import
        assert techniques == {"AC": {"hasFrameworkAgreement": True}, "NON": None, "INCONNU": None}
    else:
        assert techniques == {
            "AC": {"hasFrameworkAgreement": True},
            "NON": {"hasFrameworkAgreement": False},
            "INCONNU": None,
        }
    release = package["releases"][0]
    release["tender"]["techniques"] = {"hasFrameworkAgreement": "oui"}
    assert "hasFrameworkAgreement" in " ".join(errors(release, "release"))
