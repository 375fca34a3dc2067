"""Finding CPV codes: exact code, words of a label, or a guess from the object of a contract."""

import math
import re
from collections import Counter
from functools import lru_cache

from apure.obligations.draft import nature_from_cpv
from apure.reference.models import CpvCode
from apure.search import normalise

_CODE = re.compile(r"^\s*(\d{8})(?:-\d)?\s*$")
# Words of an object text that tell the nature of the purchase, tried in this order:
# « mission de maîtrise d'œuvre pour la construction » is a service, « fourniture et pose de
# menuiseries » works. « Services » is left out: it often names a department of the buyer.
NATURE_WORDS = {
    "services": set(normalise("prestation prestations mission étude études assistance conseil")),
    "travaux": set(
        normalise(
            "travaux réhabilitation rénovation réfection restructuration construction démolition "
            "déconstruction extension chantier isolation ravalement couverture pose"
        )
    ),
    "fournitures": set(normalise("fourniture fournitures acquisition achat livraison")),
}


# Words every kind of purchase uses: they tell the nature (above) but not the segment.
GENERIC_WORDS = set(
    normalise(
        "marché marchés lot lots accord-cadre fourniture fournitures pose travaux prestation "
        "prestations service services acquisition achat livraison mission"
    )
)


def nature_hint(text: str) -> str | None:
    """The nature of purchase an object text announces by its words, or None."""
    words = set(normalise(text or ""))
    return next((nature for nature, hints in NATURE_WORDS.items() if words & hints), None)


def parse_code(text: str) -> str | None:
    """The 8-digit code in « 45453000 » or « 45453000-7 », else None."""
    match = _CODE.match(text or "")
    return match.group(1) if match else None


def lookup(text: str) -> CpvCode | None:
    code = parse_code(text)
    return CpvCode.objects.filter(code=code).first() if code else None


class _Index:
    """Stems of every CPV label and their rarity, built once per reference-data version."""

    def __init__(self):
        self.rows = [
            (code, set(normalise(label)))
            for code, label in CpvCode.objects.values_list("code", "label")
        ]
        frequency = Counter(stem for _, stems in self.rows for stem in stems)
        total = len(self.rows) or 1
        self.idf = {stem: math.log(total / count) for stem, count in frequency.items()}

    def score(self, words, stems):
        """Rarity of the shared words, less half the rarity of the label's other words: a label
        that says much the object does not (« restauration scolaire » for a hospital) loses to
        a broader code."""
        shared = sum(self.idf.get(word, 0) for word in words if word in stems)
        if not shared:
            return 0
        return shared - sum(self.idf.get(stem, 0) for stem in stems - words) / 2


@lru_cache(maxsize=2)
def _index(version: int) -> _Index:
    return _Index()


def _generality(code: str) -> int:
    return len(code) - len(code.rstrip("0"))


def suggest(text: str, limit: int = 8, prefixes=None, ignore=frozenset()) -> list[CpvCode]:
    """CPV codes whose labels best match the (rare) words of `text`, broader codes first on ties.

    `prefixes` restricts the codes (a segment's CPV prefixes); `ignore` drops words.
    """
    words = set(normalise(text)) - ignore
    if not words:
        return []
    index = _index(CpvCode.objects.count())
    hint = nature_hint(text)
    scored = []
    for code, stems in index.rows:
        if prefixes and not code.startswith(tuple(prefixes)):
            continue
        score = index.score(words, stems)
        if score <= 0:
            continue
        if hint and nature_from_cpv(code) == hint:
            score += 2
        scored.append((-round(score, 6), -_generality(code), code))
    scored.sort()
    codes = [code for *_, code in scored[:limit]]
    by_code = CpvCode.objects.in_bulk(codes)
    return [by_code[code] for code in codes if code in by_code]


def guess(objet: str, prefixes=None) -> CpvCode | None:
    """The most likely CPV code of a contract from its object text (None if no word matches).

    Generic words are dropped: « marché » in an object does not mean « études de marché ».
    """
    found = suggest(objet, limit=1, prefixes=prefixes, ignore=GENERIC_WORDS)
    return found[0] if found else None


def guess_in_segment(objet: str, prefixes, nature: str | None = None) -> CpvCode | None:
    """The code of an object within a segment: its best label match, else the segment's first
    broadest code; both among the prefixes of the nature of purchase when the segment has any.

    A segment may mix natures (restauration: foodstuffs and catering services); « prestation
    de restauration » must not land on « aliments pour restauration rapide ».
    """
    of_nature = [p for p in prefixes if nature in (None, nature_from_cpv(p.ljust(8, "0")))]
    candidates = of_nature or list(prefixes)
    found = guess(objet, prefixes=candidates)
    if found:
        return found
    return next(filter(None, (_broadest(prefix) for prefix in candidates)), None)


def _broadest(prefix: str) -> CpvCode | None:
    """The broadest code under a prefix (« 4545 » → 45450000, or its first child if absent)."""
    return CpvCode.objects.filter(code__startswith=prefix).order_by("code").first()


def resolve_input(text: str, choice: str, objet: str) -> tuple[CpvCode | None, list[CpvCode]]:
    """What the buyer's CPV entry designates: (code, []) when settled, else (None, options).

    An empty entry is settled later by the guess from the object; words or an unknown code
    give a short list of matching codes (with the guess from the object) to choose from.
    """
    if choice and (code := lookup(choice)):
        return code, []
    if not (text or "").strip():
        return None, []
    if code := lookup(text):
        return code, []
    prefix = text.strip()
    if _PREFIX.match(prefix):
        # The beginning of a code (« 45 », « 4545 »): the object's guess within it first,
        # then the broadest codes under it.
        guessed = guess(objet, prefixes=[prefix])
        options = [guessed] if guessed else []
        options += [code for code in _broadest_under(prefix) if code not in options]
        return None, options[:8]
    options = suggest(text, limit=8)
    guessed = guess(objet)
    if guessed and guessed not in options:
        options.append(guessed)
    return None, options


_PREFIX = re.compile(r"^\d{2,7}$")


def _broadest_under(prefix: str, limit: int = 8) -> list[CpvCode]:
    codes = list(CpvCode.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    codes.sort(key=lambda code: (-_generality(code), code))
    by_code = CpvCode.objects.in_bulk(codes[:limit])
    return [by_code[code] for code in codes[:limit]]
