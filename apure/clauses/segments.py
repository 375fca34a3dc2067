"""Which purchase segment a contract belongs to: from its CPV code, or guessed from its object."""

from apure.search import normalise

from .cpv import WORKS_WORDS
from .models import Nature, Segment


def segment_for(cpv: str | None) -> Segment | None:
    """The segment whose CPV prefix matches the code most precisely."""
    if not cpv:
        return None
    best = max(Segment.objects.all(), key=lambda s: s.prefix_length(cpv), default=None)
    return best if best is not None and best.prefix_length(cpv) else None


def rank_segments(text: str) -> list[tuple[Segment, float]]:
    """Segments whose label and description share words with `text`, best first.

    A word of the label counts twice a word of the description only; a works word
    (« réhabilitation », « travaux »…) tips ties toward works segments.
    """
    words = set(normalise(text))
    if not words:
        return []
    works = bool(words & WORKS_WORDS)
    ranked = []
    for segment in Segment.objects.all():
        label = set(normalise(segment.label))
        description = set(normalise(segment.description))
        score = 2 * len(words & label) + len(words & (description - label))
        if score and works and segment.nature == Nature.WORKS:
            score += 1
        if score:
            ranked.append((segment, score))
    ranked.sort(key=lambda pair: (-pair[1], pair[0].label))
    return ranked


def guess_segment(text: str) -> Segment | None:
    ranked = rank_segments(text)
    return ranked[0][0] if ranked else None
