from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from apure.demo.steps import demo_steps


class Command(BaseCommand):
    help = (
        "Prépare une plateforme de démonstration\u00a0: base de données, référentiels, "
        "membres fondateurs, compte animateur et contenus d'exemple. Peut être relancée."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "La démonstration est refusée avec les réglages de production\u00a0: elle créerait "
                "un compte animateur dont le mot de passe est affiché. Invitez les animateurs "
                "depuis l'administration (apure createsuperuser pour le premier compte)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Base de données à jour.")
        # Example workflows (reservations, notifications…) would e-mail example addresses, and
        # real ones once SMTP is configured: the demo sends nothing.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for name, load in demo_steps():
                self.stdout.write(self.style.MIGRATE_HEADING(name))
                load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Démonstration prête."))
