"""Parsing of single DECP values as they appear in real files.

Every function takes a raw value (any JSON/XML/CSV type) and returns the clean value plus,
where relevant, the code of a check that failed (see checks.py). They are called once per
record field on millions of records: cheap paths first, caches on repeated values.
"""

import ast
import csv
import math
import re
import unicodedata
from datetime import date
from functools import lru_cache

from apure.reference import files
from apure.reference.identifiers import is_valid_siret

# Markers of the MINEF "decp augmenté" files and other producers' ways of saying "empty".
EMPTY_MARKERS = {"", "nc", "mq", "cdl", "null", "none", "nan", "n/a", "na", "-", "inx none"}
_NON_DIGITS = re.compile(r"\D")
_SPACES = re.compile(r"\s+")

EARLIEST_YEAR = 2015  # the DECP start in 2018; older years are typos (0218, 1899, 2000…)
MAX_AMOUNT = {"marche": 3e9, "concession": 2e10}  # above: filler or typo (see docs/decp.md)
MAX_DURATION_MONTHS = {"marche": 180, "concession": 600}  # concessions run for decades


def text(value) -> str | None:
    """A trimmed string, None for empty values and markers."""
    if type(value) is not str:
        if value is None or isinstance(value, (dict, list)):
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        if isinstance(value, int):
            return str(value)
        return None
    value = value.strip()
    if len(value) <= 8 and value.lower() in EMPTY_MARKERS:
        return None
    if value[:4] == "INX ":
        return value[4:].strip() or None
    return value


def fold(value: str) -> str:
    """Lowercase, no accents, straight apostrophes, single spaces: for matching labels."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    value = value.replace("’", "'").replace("`", "'")
    return _SPACES.sub(" ", value).strip()


# --- identifiers ---------------------------------------------------------------------------


def siret(value) -> tuple[str | None, bool]:
    """(14-digit SIRET or None, valid). Spaces removed, lost leading zeros re-added."""
    if isinstance(value, (str, int)):
        return _siret(value)
    return None, False


def _valid(digits: str) -> bool:
    # All zeros passes the Luhn key but is a filler some software publishes, not a buyer.
    return digits != PLACEHOLDER_SIRET and is_valid_siret(digits)


PLACEHOLDER_SIRET = "0" * 14
# Size of the caches of values that repeat across a file but are many: buyers' and holders'
# identifiers. A national file has about 100 000 buyers and several hundred thousand holders
# (the 10M benchmark file: 250 000 and 1 000 000); smaller caches were emptied again and again
# there, and the parse cost 1.5 times more per record than at 1M (bench/RESULTS.md).
IDENTIFIER_CACHE = 1_000_000


@lru_cache(maxsize=IDENTIFIER_CACHE)
def _siret(value) -> tuple[str | None, bool]:
    if type(value) is str and len(value) == 14 and value.isdigit():  # as published, mostly
        return value, _valid(value)
    raw = text(value)
    if raw is None:
        return None, False
    digits = _NON_DIGITS.sub("", raw)
    if not digits or len(digits) > 14 or len(digits) < 9:
        return (digits or None), False
    digits = digits.zfill(14)
    return digits, _valid(digits)


PLACEHOLDER_IDS = {"nc", "na", "n/a", "sans objet", "inconnu", "null", "none", "-"}


def contract_id(value) -> tuple[str | None, bool]:
    """(id as published and trimmed, is_placeholder)."""
    if type(value) is str:  # the usual case, kept cheap
        value = value.strip()
        if (
            len(value) > 3
            and value[:4] != "INX "
            and value.count(value[0]) != len(value)
            and value.lower() not in PLACEHOLDER_IDS
        ):
            return value, False
    if value is None:
        return None, True
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    elif isinstance(value, float):
        value = str(int(value)) if value.is_integer() else str(value)
    if not isinstance(value, str):
        return None, True
    value = value.strip()
    if value.startswith("INX "):
        value = value[4:].strip()
    if not value or value.lower() in PLACEHOLDER_IDS or value.lower() in EMPTY_MARKERS:
        return (value or None), True
    # One character repeated (0000000000000000, XXXX): a placeholder, not an id.
    if len(set(value)) == 1:
        return value, True
    return value, False


# --- CPV -------------------------------------------------------------------------------------


def _load_cpv() -> frozenset:
    with open(files.CPV_2008, encoding="utf-8") as handle:
        return frozenset(row["code"].split("-")[0] for row in csv.DictReader(handle))


CPV_CODES = _load_cpv()


@lru_cache(maxsize=50_000)
def cpv(value) -> tuple[str | None, str | None]:
    """(8-digit CPV or None, check code). Check digit dropped, lost leading zero re-added."""
    raw = text(value)
    if raw is None:
        return None, "missing_cpv"
    code = raw.split("-")[0]
    code = _NON_DIGITS.sub("", code)
    if len(code) == 9 and code[:8] in CPV_CODES:  # check digit glued to the code
        code = code[:8]
    if len(code) == 8:
        return code, None if code in CPV_CODES else "unknown_cpv"
    if len(code) == 7 and "0" + code in CPV_CODES:
        return "0" + code, None
    return None, "unknown_cpv"


# --- dates -----------------------------------------------------------------------------------


_DATES: dict = {}


def parse_date(value, today: date) -> tuple[str | None, str | None]:
    """(date or None, check code). Accepts AAAA-MM-JJ with time or timezone, JJ/MM/AAAA."""
    if type(value) is not str:
        return _parse_date(value, today)
    found = _DATES.get((value, today))
    if found is None:
        if len(_DATES) > 200_000:
            _DATES.clear()
        found = _DATES[(value, today)] = _parse_date(value, today)
    return found


def _parse_date(value, today: date) -> tuple[str | None, str | None]:
    raw = text(value)
    if raw is None:
        return None, "missing"
    try:
        if len(raw) >= 10 and raw[4] == "-" and raw[7] == "-":
            year, month, day = int(raw[:4]), int(raw[5:7]), int(raw[8:10])
        elif len(raw) >= 10 and raw[2] == "/" and raw[5] == "/":
            day, month, year = int(raw[:2]), int(raw[3:5]), int(raw[6:10])
        else:
            return None, "invalid_date"
        parsed = date(year, month, day)
    except ValueError:
        return None, "invalid_date"
    if year < EARLIEST_YEAR:
        return None, "invalid_date"
    if parsed > today:
        return None, "future_date"
    return parsed, None


# --- numbers ---------------------------------------------------------------------------------


def number(value) -> float | None:
    """A float from a JSON number or a string such as '30000.00', '14 700,00', '1 234 €';
    None when unreadable. NaN and infinities (which Python's JSON reader accepts: `NaN`,
    `-Infinity`, `1e400`) are unreadable too: no stored number may be one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            result = float(value)
        except OverflowError:  # an integer beyond the range of a float
            return None
        return result if math.isfinite(result) else None
    raw = text(value)
    if raw is None:
        return None
    raw = raw.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    if "," in raw:
        raw = (
            raw.replace(".", "").replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
        )
    try:
        result = float(raw)
    except ValueError:
        return None
    return result if math.isfinite(result) else None  # "NaN", "inf", "1e999"


_FILLER = re.compile(r"^(\d)\1{6,}$")
# Amounts strictly between these have no problem (fillers have at least 7 digits): the engine
# skips amount_problem for them (its first test).
PLAIN_AMOUNTS = (1, 1_000_000)


def amount_problem(amount: float, kind: str) -> str | None:
    """Why an amount (a finite number: see number()) cannot be trusted, or None. An amount
    with a problem is kept as published but left out of the sums (normalise.py)."""
    if PLAIN_AMOUNTS[0] < amount < PLAIN_AMOUNTS[1]:
        return None
    if amount < 0:
        return "negative"
    if amount <= 1:
        return "low"
    if amount > MAX_AMOUNT[kind]:
        return "high"
    whole = str(int(amount))
    if _FILLER.match(whole) or whole.startswith("123456789"):
        return "filler"
    return None


# --- considerations --------------------------------------------------------------------------

NOT_REPORTED = "unknown"
SOCIAL_VALUES = {
    "clause sociale": "clause",
    "critere social": "criterion",
    "marche reserve": "reserved",
    "concession reservee": "reserved",
    "pas de consideration sociale": "none",
    "sans objet": "none",
}
ENV_VALUES = {
    "clause environnementale": "clause",
    "critere environnemental": "criterion",
    "pas de consideration environnementale": "none",
    "sans objet": "none",
}
_SPLIT = re.compile(r"\s*[;,|]\s*")


def _items(value) -> tuple[list[str], bool]:
    """Flatten any representation into strings; second item: it was a bare (2.0.0) list."""
    if value is None:
        return [], False
    if isinstance(value, dict):  # {"considerationSociale": [...]} or a single string
        items = []
        for inner in value.values():
            items.extend(_items(inner)[0])
        return items, False
    if isinstance(value, list):
        items = []
        for inner in value:
            items.extend(_items(inner)[0])
        return items, True
    if isinstance(value, str):
        raw = value.strip()
        if raw.startswith("[") and raw.endswith("]"):  # Python repr: "['Clause sociale']"
            try:
                parsed = ast.literal_eval(raw)
            except (ValueError, SyntaxError):
                parsed = raw[1:-1].replace("'", "").replace('"', "")
            return _items(parsed)[0], False
        return [part for part in _SPLIT.split(raw) if part], False
    return [], False


@lru_cache(maxsize=4096)
def _considerations(key, table_name: str):
    table = SOCIAL_VALUES if table_name == "social" else ENV_VALUES
    items, bare_list = key
    flags, unknown_values = set(), []
    for item in items:
        folded = fold(item)
        if folded in EMPTY_MARKERS or folded.startswith("inx"):
            continue
        flag = table.get(folded)
        if flag is None:
            if "pas de" in folded or folded == "non":
                flag = "none"
            elif "clause" in folded:
                flag = "clause"
            elif "crit" in folded:
                flag = "criterion"
            elif "reserv" in folded:
                flag = "reserved"
            else:
                unknown_values.append(item)
                continue
        flags.add(flag)
    positive = flags - {"none"}
    problem = "unknown_consideration" if unknown_values else None
    if positive and "none" in flags:
        return NOT_REPORTED, None, "contradictory_considerations"
    if positive:
        return "yes", frozenset(positive), problem
    if "none" in flags:
        return "no", frozenset(), problem
    if bare_list and not items:  # schema 2.0.0: an empty list says "none"
        return "no", frozenset(), problem
    return NOT_REPORTED, None, problem


def considerations(value, table_name: str):
    """(yes/no/unknown, set of flags or None, check code) from any representation."""
    if value is None:
        return NOT_REPORTED, None, None
    if type(value) is dict and len(value) == 1:  # the official wrapped list: fast path
        (inner,) = value.values()
        if type(inner) is list:
            key = (tuple(inner), False)
            try:
                return _considerations(key, table_name)
            except (TypeError, AttributeError):  # unhashable or non-text items
                pass
    items, bare_list = _items(value)
    return _considerations((tuple(items), bare_list), table_name)


# --- techniques (format 2022) ----------------------------------------------------------------

# The purchasing techniques of the format 2022 (`techniques.technique`, DECP.md §1.3; schema
# 2.0.0 spelt some with a typographic apostrophe, which `fold` straightens).
FRAMEWORK_TECHNIQUE = "Accord-cadre"
TECHNIQUE_LABELS = (
    FRAMEWORK_TECHNIQUE,
    "Concours",
    "Système de qualification",
    "Système d'acquisition dynamique",
    "Catalogue électronique",
    "Enchère électronique",
    "Sans objet",
)
TECHNIQUES = {fold(label): label for label in TECHNIQUE_LABELS} | {
    "accord cadre": FRAMEWORK_TECHNIQUE
}


@lru_cache(maxsize=4096)
def _techniques(items: tuple) -> tuple[tuple | None, bool | None]:
    labels, unknown = [], False
    for item in items:
        folded = fold(item)
        if folded in EMPTY_MARKERS or folded.startswith("inx"):
            continue
        label = TECHNIQUES.get(folded)
        if label is None:
            unknown = True
        elif label not in labels:
            labels.append(label)
    if FRAMEWORK_TECHNIQUE in labels:
        return tuple(labels), True
    # An unrecognised value might name a framework agreement in other words: not said.
    return (tuple(labels) or None), (False if labels and not unknown else None)


def techniques(value) -> tuple[tuple | None, bool | None]:
    """(the known techniques published, in their order, or None; framework agreement: True,
    False, or None when the value does not say) from any representation."""
    if value is None:
        return None, None
    if type(value) is dict and len(value) == 1:  # the official wrapped list: fast path
        (inner,) = value.values()
        if type(inner) is list:
            try:
                return _techniques(tuple(inner))
            except (TypeError, AttributeError):  # unhashable or non-text items
                pass
    return _techniques(tuple(_items(value)[0]))
