"""The table of the database cache (settings.CACHES), created with the schema so that a
deployment needs no extra command."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS apure_cache")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_kind_label")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
