"""The `apure` console script: Django's management commands with the right settings."""

import os
import sys


def main(argv=None):
    # The embedded defaults (SQLite + DuckDB under ./var) are the development settings;
    # production sets DJANGO_SETTINGS_MODULE=config.settings.prod.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["apure", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
