import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def apure_commands():
    """(unit file, management command) of every `apure <command>` a service runs."""
    found = []
    for path in sorted(DEPLOY.glob("*.service")):
        words = shlex.split(unit(path)["Service"]["ExecStart"])
        if Path(words[0]).name == "apure":
            found.append((path.name, words[1]))
    return found


def test_every_command_a_service_runs_exists():
    commands = get_commands()
    scheduled = apure_commands()
    assert {command for _, command in scheduled} >= {
        "newsletter_send",
        "network_purge",
        "decp_fetch",
        "backup",
    }
    assert [(name, c) for name, c in scheduled if c not in commands] == []


def test_every_timer_starts_a_service_that_is_shipped():
    for timer in DEPLOY.glob("*.timer"):
        target = unit(timer)["Timer"].get("Unit", timer.with_suffix(".service").name)
        assert (DEPLOY / target).is_file(), f"{timer.name} starts {target}, absent"
        assert unit(timer)["Timer"]["OnCalendar"]


def test_a_web_process_imports_its_views_before_its_first_request(tmp_path):
    # The first visitor of each gunicorn process would otherwise wait for every view module
    # to be imported (about half a second). The process is started as gunicorn starts it.
    code = (
        "import sys, config.wsgi; "
        "print('apure.www.observatory.views' in sys.modules, 'apure.api.views' in sys.modules)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "apure.example.org",
        "APURE_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=DEPLOY.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
