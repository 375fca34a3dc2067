import json
import sys

from django.core.management.base import BaseCommand

from apure.operations.health import OK, run_checks

STATUS_LABELS = {"ok": "bon", "degraded": "dégradé", "error": "en panne"}
CHECK_LABELS = {
    "database": "base de l'application",
    "migrations": "migrations",
    "store": "entrepôt DECP",
    "last_import": "dernier import",
    "disk": "espace disque",
}


class Command(BaseCommand):
    help = (
        "Vérifie l'état de l'instance (base, migrations, entrepôt DECP, dernier import, espace "
        "disque). Code de sortie 0 si tout va bien, 1 sinon."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="résultat en JSON sur stdout")

    def handle(self, *args, **options):
        result = run_checks()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        else:
            self.stdout.write(f"État de l'instance\u00a0: {STATUS_LABELS[result['status']]}")
            for name, check in result["checks"].items():
                mark = "ok" if check["status"] == OK else STATUS_LABELS[check["status"]].upper()
                self.stdout.write(f"  [{mark}] {CHECK_LABELS[name]}\u00a0: {check['message']}")
        if result["status"] != OK:
            sys.exit(1)
