"""French text normalisation for search: the same on every database.

Words are lower-cased, stripped of accents, stop-words dropped and reduced to their Snowball
stem, so that « Réhabilitations », « rehabilitation » and « réhabiliter » meet.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_stemmer = snowballstemmer.stemmer("french")

# Common French function words: they would match everything and rank nothing.
STOP_WORDS = frozenset(
    """
    a au aux avec c ce ces cet cette d dans de des du elle en et eux il ils j je l la le les
    leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que
    qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y est sont ete etre
    avoir a ont fait faire plus moins tres sans sous entre vers chez afin ainsi comme dont
    """.split()
)


def fold(text: str) -> str:
    """Lower-case and strip accents (« Écoles » → « ecoles »)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Letters NFKD leaves whole: spelled out as French dictionaries order them.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_NOT_SORTED = re.compile(r"[^a-z0-9]+")


def sort_key(text: str) -> str:
    """French alphabetical order, accents, case, spaces and punctuation ignored: « Énergie »
    among the E, « Maîtrise d'œuvre » as « maitrisedoeuvre ». Only ASCII letters and digits
    are left, which every database collation (SQLite's bytes, PostgreSQL's C or a French or
    English locale) orders the same way as Python: a column holding this key sorts the same
    on both engines."""
    return _NOT_SORTED.sub("", fold(text or "").translate(_LIGATURES))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def normalise(text: str) -> list[str]:
    """The stems of the meaningful words of a text, in order."""
    return [stem(word) for word in _WORD.findall(fold(text or "")) if word not in STOP_WORDS]


def as_document(text: str) -> str:
    """Stems joined with spaces, framed by spaces, so that ` stem` matches a word start."""
    stems = normalise(text)
    return f" {' '.join(stems)} " if stems else ""
