import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from apure import search
from apure.follow import ledger
from apure.network.models import News
from apure.operations.backup import ARCHIVE_PREFIX, MANIFEST
from apure.organisations.models import Organisation, User
from tests.factories import PASSWORD, UserFactory
from tests.network.factories import NewsFactory, WorkingGroupFactory

from .conftest import contract_ids, import_contracts

# Restoring migrates and flushes the database: outside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

IMAGE = b"\x89PNG\r\n\x1a\n une affiche"


def fill_instance(folder):
    """Members, network content with an uploaded image, and two contracts in the store."""
    user = UserFactory(email="acheteuse@lille.fr", organisation__name="Ville de Lille")
    news = NewsFactory(title="Clauses sociales : le bilan 2025")
    news.themes.add(WorkingGroupFactory(name="Insertion"))
    news.image.save("affiche.png", ContentFile(IMAGE))
    import_contracts(folder, ["2024-001", "2024-002"])
    return user, news


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def backup(tmp_path):
    summary = json.loads(run("backup", "--dest", str(tmp_path / "sauvegardes"), "--json"))
    return summary["archive"]


def test_a_backup_restored_into_an_empty_instance_brings_everything_back(instance, tmp_path):
    fill_instance(tmp_path)
    archive = backup(tmp_path)

    # A new machine: empty database, empty data directory.
    call_command("flush", interactive=False, verbosity=0)
    instance(tmp_path / "nouvelle")
    assert not User.objects.exists() and contract_ids() == []

    output = run("restore", archive)

    assert "Restauration terminée" in output
    assert "2 marchés" in output
    user = User.objects.get(email="acheteuse@lille.fr")
    assert user.check_password(PASSWORD)
    assert user.organisation.name == "Ville de Lille"
    news = News.objects.get(title="Clauses sociales : le bilan 2025")
    assert [group.name for group in news.themes.all()] == ["Insertion"]
    with news.image.open("rb") as handle:
        assert handle.read() == IMAGE
    assert contract_ids() == ["2024-001", "2024-002"]
    # The search index is rebuilt from the restored content.
    assert list(search.objects("bilan", News.objects.all())) == [news]


def test_the_archive_lists_versions_counts_and_checksums(instance, tmp_path):
    fill_instance(tmp_path)
    archive = backup(tmp_path)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert manifest["counts"]["contracts"] == 2
    assert manifest["counts"]["media_files"] == 1
    assert manifest["counts"]["database"]["organisations.user"] == 1
    assert manifest["versions"]["database_engine"] in {"sqlite", "postgresql"}
    assert set(manifest["files"]) >= {"database.json", "decp.duckdb"}
    assert all(len(facts["sha256"]) == 64 for facts in manifest["files"].values())


def test_the_follows_ledger_is_saved_and_restored(instance, tmp_path):
    fill_instance(tmp_path)
    # `apure follow_notify` after the import: both contracts recorded as already seen.
    [recorded] = ledger.collect({}, set())
    archive = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert manifest["counts"]["followed_contracts"] == 2
    assert "decp-suivis.duckdb" in manifest["files"]

    call_command("flush", interactive=False, verbosity=0)
    instance(tmp_path / "nouvelle")
    assert not ledger.ledger_path().exists()
    output = run("restore", archive)

    assert "registre des suivis\u00a0: 2 marchés vus" in output
    assert ledger.keys_count(ledger.ledger_path()) == 2
    # The restored instance knows these contracts: the next run finds no new one.
    assert [batch.run_id for batch in ledger.collect({}, set())] == [recorded.run_id]


def test_an_archive_without_ledger_leaves_none_behind(instance, tmp_path):
    fill_instance(tmp_path)
    archive = backup(tmp_path)  # no `follow_notify` yet: no ledger
    ledger.collect({}, set())
    assert ledger.ledger_path().exists()

    output = run("restore", archive, "--force")

    assert "registre des suivis\u00a0: absent" in output
    # A ledger of other data must not decide what is « new »: the next run is a baseline.
    assert not ledger.ledger_path().exists()


def test_restore_refuses_to_overwrite_an_instance_unless_forced(instance, tmp_path):
    fill_instance(tmp_path)
    archive = backup(tmp_path)
    NewsFactory(title="Écrite après la sauvegarde")

    with pytest.raises(CommandError, match="n'est pas vide.*--force"):
        run("restore", archive)
    assert News.objects.filter(title="Écrite après la sauvegarde").exists()

    run("restore", archive, "--force")
    assert not News.objects.filter(title="Écrite après la sauvegarde").exists()
    assert Organisation.objects.filter(name="Ville de Lille").exists()


def test_restore_rejects_an_altered_archive_and_changes_nothing(instance, tmp_path):
    fill_instance(tmp_path)
    archive = backup(tmp_path)
    altered = tmp_path / "alteree.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace(b"Ville de Lille", b"Ville de Pirat")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    instance(tmp_path / "nouvelle")

    with pytest.raises(CommandError, match="altérée.*database.json"):
        run("restore", str(altered))
    assert not Organisation.objects.exists()
    assert contract_ids() == []


def test_backup_keeps_only_the_newest_archives(instance, tmp_path):
    dest = tmp_path / "sauvegardes"
    dest.mkdir()
    for stamp in ("20240101T000000Z", "20240102T000000Z"):
        (dest / f"{ARCHIVE_PREFIX}{stamp}.tar.gz").write_bytes(b"ancienne")

    output = run("backup", "--dest", str(dest), "--keep", "2")

    assert "Sauvegarde terminée" in output
    names = sorted(path.name for path in dest.iterdir())
    assert len(names) == 2
    assert names[0] == f"{ARCHIVE_PREFIX}20240102T000000Z.tar.gz"
