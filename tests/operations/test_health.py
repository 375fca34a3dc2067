import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor

from apure.operations.health import run_checks

from .conftest import import_contracts


@pytest.fixture
def roomy_disk(settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 0
    settings.HEALTH_MAX_IMPORT_AGE_DAYS = 8


def health(client):
    response = client.get("/sante/")
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_a_freshly_imported_instance_is_healthy(client, instance, tmp_path, roomy_disk):
    import_contracts(tmp_path, ["2024-001", "2024-002"])

    response, body = health(client)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["store"]["value"] == 2
    assert body["checks"]["last_import"]["value"]["status"] == "ok"
    assert body["checks"]["migrations"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_without_any_import_the_site_still_serves_but_is_degraded(client, instance, roomy_disk):
    response, body = health(client)

    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["store"]["message"] == "aucun import DECP\u00a0: l'observatoire est vide"


@pytest.mark.django_db
def test_an_import_older_than_the_setting_is_flagged(instance, tmp_path, roomy_disk):
    import_contracts(tmp_path, ["2024-001"])

    nine_days_later = datetime.now(UTC) + timedelta(days=9, hours=1)
    result = run_checks(now=nine_days_later)

    assert result["status"] == "degraded"
    assert "il y a 9 jours\u00a0: plus de 8 jours" in result["checks"]["last_import"]["message"]


@pytest.mark.django_db
def test_a_broken_store_answers_503_without_revealing_paths(client, settings, instance, roomy_disk):
    settings.ANALYTICS_DB_PATH.write_bytes(b"ceci n'est pas un fichier DuckDB" * 100)

    response, body = health(client)

    assert response.status_code == 503
    assert body["checks"]["store"] == {
        "status": "error",
        "message": "l'entrepôt DECP ne s'ouvre pas",
        "value": None,
    }
    text = response.content.decode()
    assert str(settings.DATA_DIR) not in text and ".duckdb" not in text


@pytest.mark.django_db
def test_pending_migrations_and_a_full_disk_are_reported(client, settings, instance, monkeypatch):
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [object()])

    response, body = health(client)

    assert response.status_code == 503
    assert body["checks"]["migrations"]["message"] == "1 migration à appliquer (apure migrate)"
    assert body["checks"]["disk"]["status"] == "degraded"


@pytest.mark.django_db
def test_the_command_exits_1_unless_everything_is_ok(instance, tmp_path, roomy_disk):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("health", stdout=out)
    assert exit_status.value.code == 1
    assert "État de l'instance\u00a0: dégradé" in out.getvalue()

    import_contracts(tmp_path, ["2024-001"])
    out = io.StringIO()
    call_command("health", "--json", stdout=out)
    assert json.loads(out.getvalue())["status"] == "ok"
