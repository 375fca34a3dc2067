from django.db import migrations, models

from apure.search.text import sort_key


def fill_sort_keys(apps, schema_editor):
    # Segments saved before the key existed: ordered like the new ones from now on.
    Segment = apps.get_model("clauses", "Segment")
    for segment in Segment.objects.all():
        segment.sort_key = sort_key(segment.label)[:200]  # the column's length
        segment.save(update_fields=["sort_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("clauses", "0002_legal_basis_versions_savedproject"),
    ]

    operations = [
        migrations.AddField(
            model_name="segment",
            name="sort_key",
            field=models.CharField(
                default="", editable=False, max_length=200, verbose_name="clé de tri"
            ),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="segment",
            options={
                "ordering": ["sort_key", "code"],
                "verbose_name": "segment d'achat",
                "verbose_name_plural": "segments d'achat",
            },
        ),
    ]
