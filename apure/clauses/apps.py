from django.apps import AppConfig
from django.db.models.signals import m2m_changed, pre_save


def clause_document(clause):
    # Segment labels are indexed so that « réhabilitation » finds every clause of that segment,
    # not only those whose text happens to use the word.
    segments = " ".join(clause.segments.values_list("label", flat=True)) if clause.pk else ""
    body = " ".join(
        [clause.get_kind_display(), clause.text, clause.weighting_advice, clause.verification,
         clause.vigilance, clause.legal_basis, segments]
    )  # fmt: skip
    return clause.title, body


def _refresh_on_segments_change(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and hasattr(instance, "segments"):
        from apure import search

        search.refresh(instance)


class ClausesConfig(AppConfig):
    name = "apure.clauses"
    verbose_name = "Clauses"

    def ready(self):
        from apure import search

        from .models import Clause, Segment, Status, keep_segment_sort_key

        search.register(
            Clause,
            document=clause_document,
            is_public=lambda clause: clause.status == Status.PUBLISHED,
        )
        m2m_changed.connect(
            _refresh_on_segments_change,
            sender=Clause.segments.through,
            dispatch_uid="clauses-search-segments",
        )
        pre_save.connect(keep_segment_sort_key, sender=Segment, dispatch_uid="clauses-segment-key")
