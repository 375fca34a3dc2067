import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clauses", "0001_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="clause",
            name="legal_basis_versions",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="versions des textes cités"
            ),
        ),
        migrations.CreateModel(
            name="SavedProject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=500, verbose_name="intitulé")),
                ("inputs", models.JSONField(default=dict, verbose_name="saisie du projet")),
                ("clauses", models.JSONField(default=list, verbose_name="clauses retenues")),
                ("summary", models.JSONField(default=dict, verbose_name="résultat enregistré")),
                ("share_token", models.CharField(blank=True, db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="mis à jour le")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="saved_projects",
                        to="organisations.organisation",
                        verbose_name="structure",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="saved_projects",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="créé par",
                    ),
                ),
            ],
            options={
                "verbose_name": "marché enregistré",
                "verbose_name_plural": "marchés enregistrés",
                "ordering": ["-updated_at", "-id"],
            },
        ),
    ]
