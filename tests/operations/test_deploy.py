import configparser
import shlex
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
