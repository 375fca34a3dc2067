"""Which purchase segment a contract belongs to: from its CPV code, or guessed from its object."""

import math
from collections import Counter

from apure.search import normalise

from .cpv import GENERIC_WORDS
from .models import Segment


def segment_for(cpv: str | None) -> Segment | None:
    """The segment whose CPV prefix matches the code most precisely."""
    if not cpv:
        return None
    best = max(Segment.objects.all(), key=lambda s: s.prefix_length(cpv), default=None)
    return best if best is not None and best.prefix_length(cpv) else None


def rank_segments(text: str) -> list[tuple[Segment, float]]:
    """Segments whose label and description share words with `text`, best first.

    Each shared word weighs by its rarity among segments (« bâtiment » names four segments,
    « démolition » one), and a word of the label twice a word of the description only.
    """
    words = set(normalise(text)) - GENERIC_WORDS
    if not words:
        return []
    segments = [
        (segment, set(normalise(segment.label)), set(normalise(segment.description)))
        for segment in Segment.objects.all()
    ]
    frequency = Counter(stem for _, label, description in segments for stem in label | description)
    weight = {stem: math.log(1 + len(segments) / count) for stem, count in frequency.items()}
    ranked = []
    for segment, label, description in segments:
        score = 2 * sum(weight[word] for word in words & label) + sum(
            weight[word] for word in words & (description - label)
        )
        if score:
            ranked.append((segment, round(score, 6)))
    ranked.sort(key=lambda pair: (-pair[1], pair[0].label))
    return ranked
