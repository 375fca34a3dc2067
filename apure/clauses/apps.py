from django.apps import AppConfig


def clause_document(clause):
    body = " ".join(
        [clause.get_kind_display(), clause.text, clause.weighting_advice, clause.verification,
         clause.vigilance, clause.legal_basis]
    )  # fmt: skip
    return clause.title, body


class ClausesConfig(AppConfig):
    name = "apure.clauses"
    verbose_name = "Clauses"

    def ready(self):
        from apure import search

        from .models import Clause, Status

        search.register(
            Clause,
            document=clause_document,
            is_public=lambda clause: clause.status == Status.PUBLISHED,
        )
