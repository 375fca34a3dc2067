"""The impact factors shipped in data/impact_factors.csv (see data/PROVENANCE.md), added once;
later edits by facilitators are never overwritten (`apure reuse_factors` adds new rows)."""

from django.db import migrations


def add_shipped_factors(apps, schema_editor):
    from apure.reuse.factors import load_shipped

    load_shipped(apps.get_model("reuse", "ImpactFactor"))


class Migration(migrations.Migration):
    dependencies = [("reuse", "0001_initial")]

    operations = [migrations.RunPython(add_shipped_factors, migrations.RunPython.noop)]
