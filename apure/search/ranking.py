"""Ranked search over the index: every query word must match (after typo correction)."""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import SearchEntry, SearchTerm
from .text import normalise

TITLE_WEIGHT = 3.0
# A corrected word counts less than an exact one: the user did not type it.
CORRECTION_WEIGHT = 0.6
MAX_CANDIDATES = 2000


@dataclass
class Hit:
    model: type
    pk: str
    score: float
    _object: object = field(default=None, repr=False)

    @cached_property
    def object(self):
        return self._object or self.model._default_manager.get(pk=self.pk)


def _allowed_typos(word):
    # Stems are short ("restaur" for "restauration"): two edits from six letters on.
    return 0 if len(word) <= 3 else 1 if len(word) <= 5 else 2


def _alternatives(stem):
    """(term, weight) pairs a query stem stands for: itself, or its close neighbours."""
    if SearchTerm.objects.filter(term__startswith=stem).exists():
        return [(stem, 1.0)]
    typos = _allowed_typos(stem)
    if not typos:
        return []
    # Typos rarely hit the first letter; this keeps the vocabulary scanned small.
    vocabulary = list(
        SearchTerm.objects.filter(term__startswith=stem[0]).values_list("term", flat=True)
    )
    matches = process.extract(
        stem, vocabulary, scorer=Levenshtein.distance, score_cutoff=typos, limit=5
    )
    return [(term, CORRECTION_WEIGHT) for term, _distance, _index in matches]


def _word_score(document, term):
    return document.count(f" {term}")


def query(text, models):
    """Hits for `text` among the given models, best first."""
    stems = list(dict.fromkeys(normalise(text)))
    if not stems:
        return []
    groups = [_alternatives(stem) for stem in stems]
    if any(not group for group in groups):
        return []
    content_types = ContentType.objects.get_for_models(*models)
    model_by_ct = {ct.pk: model for model, ct in content_types.items()}
    entries = SearchEntry.objects.filter(content_type__in=content_types.values())
    for group in groups:
        condition = Q()
        for term, _weight in group:
            condition |= Q(title__contains=f" {term}") | Q(body__contains=f" {term}")
        entries = entries.filter(condition)
    hits = []
    for ct_id, pk, title, body in entries.values_list(
        "content_type_id", "object_pk", "title", "body"
    )[:MAX_CANDIDATES]:
        score = sum(
            max(
                weight * (TITLE_WEIGHT * _word_score(title, term) + _word_score(body, term))
                for term, weight in group
            )
            for group in groups
        )
        hits.append(Hit(model=model_by_ct[ct_id], pk=pk, score=score))
    hits.sort(key=lambda hit: (-hit.score, hit.pk))
    return hits


def objects(text, queryset):
    """The instances of `queryset` matching `text`, most relevant first.

    An empty query returns the queryset unchanged (as a list), so callers can always go
    through here. Facets are applied by filtering the queryset before the call.
    """
    if not normalise(text or ""):
        return list(queryset)
    hits = query(text, [queryset.model])
    scores = {hit.pk: hit.score for hit in hits}
    found = queryset.filter(pk__in=list(scores))
    return sorted(found, key=lambda obj: (-scores[str(obj.pk)], str(obj.pk)))
