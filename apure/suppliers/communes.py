"""Finding the INSEE code of a commune written as a postcode and a name (« 59000 LILLE »,
« ST LAURENT BLANGY »), from the reference table of communes when it is loaded."""

import re

from apure.reference.models import Commune
from apure.search.text import fold

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def name_key(name: str) -> str:
    words = _NOT_ALNUM.sub(" ", fold(name or "")).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


class CommuneIndex:
    """Every commune by postcode, built with one query."""

    def __init__(self):
        self._by_postcode: dict[str, list[tuple[str, str, str]]] = {}
        rows = Commune.objects.values_list("code", "name", "postcodes", "departement_id")
        for code, name, postcodes, departement in rows:
            for postcode in re.split(r"[ ,;|]+", postcodes or ""):
                if postcode:
                    self._by_postcode.setdefault(postcode, []).append(
                        (code, name_key(name), departement)
                    )

    def find(self, post_code: str, name: str) -> tuple[str, str] | None:
        """(commune code, département code), or None when unknown or ambiguous."""
        candidates = self._by_postcode.get(post_code or "", [])
        key = name_key(name)
        named = [c for c in candidates if c[1] == key]
        if len(named) == 1:
            return named[0][0], named[0][2]
        if len(candidates) == 1 and not key:
            return candidates[0][0], candidates[0][2]
        return None


def departement_of_postcode(post_code: str) -> str:
    """The usual département of a postcode (Corsica and a few border cases aside)."""
    if not re.fullmatch(r"\d{5}", post_code or ""):
        return ""
    return post_code[:3] if post_code.startswith("97") else post_code[:2]


def departement_of(commune_code: str, post_code: str) -> str:
    """The département of a commune code (exact), else of its postcode (usual)."""
    if re.fullmatch(r"[0-9][0-9AB][0-9]{3}", commune_code or ""):
        return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]
    return departement_of_postcode(post_code)
