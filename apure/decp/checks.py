"""The data-quality checks of the DECP pipeline: one table, each check written once.

Each entry gives a check's code (stable, stored in the `notes` table), its severity, its French
label (observatory, reports, `docs/decp.md`) and message (one per note), the rule of the
record it belongs to, and its logic: `find(batch)` lists the records of a normalised batch
that fail it. The record-by-record path and the batch path of the importer run the same
engine (`columnar.evaluate`), which calls these functions, so a check cannot differ between
them; the few checks raised elsewhere (the reader, the Parquet writer, the SQL of the store)
name where in `raised_by`.

A record's notes come in the order of RULES (then, within a rule, the order of this table);
the documentation's table is generated from here:

    .venv/bin/python -m apure.decp.checks docs/decp.md

Adding a check: one entry below (and its test); if it needs a value the engine does not
compute yet, add that column to `columnar.Batch`.
"""

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: "erreur", WARNING: "avertissement", INFO: "information"}

# The rules of a record, in the order its notes are written (a rule reads one published field,
# or a few fields read together). "record" comes first: a record nothing can key gets only
# that note.
RULES = (
    "record",
    "buyer",
    "id",
    "amount",
    "cpv",
    "notification",
    "publication",
    "duration",
    "social",
    "environmental",
    "holders",
    "test",
    "text",
)

# A hit of a check: (position in the batch, rule, published field, value, detail).
Hit = tuple[int, str, str, object, str]


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    label: str  # what the check is about, for people (observatory, docs)
    message: str  # one note's message: {value} is the value as published, {detail} a precision
    rules: tuple  # the rules (RULES) whose notes it gives
    find: Callable | None = None  # find(batch) -> iterable of Hit; None when raised elsewhere
    raised_by: str = ""  # where a check without `find` is raised


# --- logic of the checks run by the engine (columnar.Batch holds the columns read here) -------


def _buyer_missing(b):
    for n in b.invalid_buyers():
        if b.sirets[n][0] is None:
            yield n, "buyer", "acheteur.id", b.buyer_raws[n], "SIRET de l'acheteur absent"


def _buyer_invalid(b):
    for n in b.invalid_buyers():
        if b.sirets[n][0] is not None:
            yield n, "buyer", "acheteur.id", b.buyer_raws[n], ""


def _placeholder(b):
    for n in [n for n, found in enumerate(b.ids) if found[1]]:
        yield n, "id", "id", b.id_raws[n], ""


AMOUNT_DETAIL = {
    "negative": "négatif",
    "low": "≤ 1 €",
    "high": "hors échelle",
    "filler": "valeur de remplissage",
}


def _amount_missing(b):
    for n in [n for n, current in enumerate(b.currents) if current is None]:
        yield n, "amount", b.amount_fields[n], b.amount_raws[n], ""


def _amount_absurd(b):
    for n, problem in b.amount_problems.items():
        yield n, "amount", b.amount_fields[n], b.currents[n], AMOUNT_DETAIL[problem]


def _problem(column, rule, name, raws, code, value=True):
    """Hits where the parser of a field (values.py) returned the check's code. name: the
    published field, or "@attribute" for a column of per-record names."""

    def find(b):
        names = getattr(b, name[1:]) if name[0] == "@" else None
        published, found = getattr(b, raws), getattr(b, column)
        for n in b.failing(column):
            if found[n][-1] == code:
                field = name if names is None else names[n]
                yield n, rule, field, published[n] if value else None, ""

    return find


def _dates(code):
    notification = _problem("notifs", "notification", "@notif_fields", "notif_raws", code)
    publication = _problem("pubs", "publication", "datePublicationDonnees", "pub_raws", code)

    def find(b):
        yield from notification(b)
        yield from publication(b)

    return find


def _considerations(code):
    social = _problem("socials", "social", "considerationsSociales", "social_raws", code)
    env = _problem("envs", "environmental", "considerationsEnvironnementales", "env_raws", code)

    def find(b):
        yield from social(b)
        yield from env(b)

    return find


def _duration(b):
    for n, duration in enumerate(b.durations):
        if duration is not None and (duration <= 0 or duration > b.max_duration[b.kinds[n]]):
            yield n, "duration", "dureeMois", b.duration_raws[n], ""


def _holder_ids(b):
    siret_ok = b.holder_siret_ok
    for n, holders in enumerate(b.holders):
        for holder in holders:
            if holder[1] == "SIRET" and not siret_ok(holder[0]):
                yield n, "holders", "titulaires.id", holder[0], ""


def _test_record(b):
    for n, test_object in enumerate(b.test_objects):
        if test_object:
            yield n, "test", "objet", b.objects[n], "objet de test"
        elif b.test_sirens[n]:
            yield n, "test", "acheteur.id", b.sirets[n][0], "SIREN d'un éditeur"


CHECKS = {
    check.code: check
    for check in [
        Check(
            "missing_key",
            ERROR,
            "Identifiant du marché ou de l'acheteur absent",
            "Impossible d'identifier le marché\u00a0: {detail}.",
            ("record", "buyer"),
            _buyer_missing,
            raised_by="aussi à la lecture\u00a0: enregistrement qui n'est pas un objet, ou sans "
            "identifiant, acheteur, objet ni montant (écarté)",
        ),
        Check(
            "placeholder_id",
            WARNING,
            "Identifiant de marché vide ou factice (ex. que des zéros)",
            "Identifiant « {value} » factice\u00a0: marché identifié par son contenu.",
            ("id",),
            _placeholder,
        ),
        Check(
            "key_reused",
            INFO,
            "Même identifiant publié pour des contenus différents",
            "Identifiant publié {detail} fois le même jour avec des contenus différents dans ce "
            "fichier\u00a0: une seule publication est conservée.",
            (),
            raised_by="à la construction du magasin (SQL de build.py, sur l'ensemble du fichier)",
        ),
        Check(
            "invalid_siret",
            WARNING,
            "SIRET de l'acheteur invalide (longueur ou clé de contrôle)",
            "SIRET « {value} » invalide (longueur ou clé de contrôle).",
            ("buyer",),
            _buyer_invalid,
        ),
        Check(
            "invalid_holder_id",
            INFO,
            "SIRET de titulaire invalide (longueur ou clé de contrôle)",
            "SIRET de titulaire « {value} » invalide (longueur ou clé de contrôle).",
            ("holders",),
            _holder_ids,
        ),
        Check(
            "missing_cpv",
            WARNING,
            "Code CPV absent",
            "Code CPV absent.",
            ("cpv",),
            _problem("cpvs", "cpv", "codeCPV", "cpv_raws", "missing_cpv"),
        ),
        Check(
            "unknown_cpv",
            WARNING,
            "Code CPV inconnu de la nomenclature CPV 2008",
            "Code CPV « {value} » absent de la nomenclature CPV 2008.",
            ("cpv",),
            _problem("cpvs", "cpv", "codeCPV", "cpv_raws", "unknown_cpv"),
        ),
        Check(
            "missing_amount",
            WARNING,
            "Montant absent ou illisible",
            "Montant absent ou illisible\u00a0: aucun montant retenu.",
            ("amount",),
            _amount_missing,
        ),
        Check(
            "absurd_amount",
            WARNING,
            "Montant invraisemblable (négatif, ≤ 1 €, valeur de remplissage, hors échelle)",
            "Montant {value} invraisemblable ({detail})\u00a0: non retenu dans les sommes.",
            ("amount",),
            _amount_absurd,
        ),
        Check(
            "missing_date",
            WARNING,
            "Date de notification absente",
            "Date de notification absente.",
            ("notification",),
            _problem("notifs", "notification", "@notif_fields", "notif_raws", "missing", False),
        ),
        Check(
            "invalid_date",
            WARNING,
            "Date illisible ou impossible",
            "Date « {value} » illisible ou impossible.",
            ("notification", "publication"),
            _dates("invalid_date"),
        ),
        Check(
            "future_date",
            WARNING,
            "Date postérieure à la date de l'import",
            "Date « {value} » postérieure à l'import.",
            ("notification", "publication"),
            _dates("future_date"),
        ),
        Check(
            "suspicious_duration",
            INFO,
            "Durée invraisemblable (≤ 0, plus de 180 mois pour un marché, "
            "de 600 mois pour une concession)",
            "Durée de {value} mois invraisemblable.",
            ("duration",),
            _duration,
        ),
        Check(
            "contradictory_considerations",
            WARNING,
            "« Pas de considération » publié avec une considération positive",
            "« Pas de considération » publié avec une considération positive\u00a0: valeur "
            "inconnue.",
            ("social", "environmental"),
            _considerations("contradictory_considerations"),
        ),
        Check(
            "unknown_consideration",
            INFO,
            "Valeur de considération non reconnue",
            "Valeur de considération « {value} » non reconnue.",
            ("social", "environmental"),
            _considerations("unknown_consideration"),
        ),
        Check(
            "test_record",
            WARNING,
            "Enregistrement de test publié par un éditeur",
            "Enregistrement de test d'un éditeur ({detail}).",
            ("test",),
            _test_record,
        ),
        Check(
            "unreadable_record",
            ERROR,
            "Enregistrement illisible, écarté (par exemple imbrication trop profonde)",
            "Enregistrement écarté\u00a0: {detail}.",
            ("record",),
            raised_by="à la lecture (readers) ou quand un enregistrement met la normalisation "
            "en échec",
        ),
        Check(
            "invalid_character",
            INFO,
            "Caractère invalide dans un texte (moitié de paire UTF-16), remplacé par « \ufffd »",
            "Caractère invalide (moitié de paire UTF-16) remplacé par « \ufffd »\u00a0: "
            "« {value} ».",
            ("text",),
            raised_by="à l'écriture des lignes (parse.PartWriter)",
        ),
    ]
}

# The checks the engine runs, in the order of a record's notes (stable sort on the rule).
_RANK = {rule: rank for rank, rule in enumerate(RULES)}
ENGINE_CHECKS = [check for check in CHECKS.values() if check.find is not None]


def rank(rule: str) -> int:
    return _RANK[rule]


def label(code: str) -> str:
    check = CHECKS.get(code)
    return check.label if check else code


def severity(code: str) -> str:
    return CHECKS[code].severity


def message(code: str, value: str = "", detail: str = "") -> str:
    check = CHECKS.get(code)
    return check.message.format(value=value, detail=detail) if check else code


# --- documentation ---------------------------------------------------------------------------

DOC_START = "<!-- checks:start (généré par `python -m apure.decp.checks docs/decp.md`) -->"
DOC_END = "<!-- checks:end -->"
RULE_LABELS = {
    "record": "enregistrement",
    "buyer": "acheteur",
    "id": "identifiant",
    "amount": "montant",
    "cpv": "code CPV",
    "notification": "date de notification",
    "publication": "date de publication",
    "duration": "durée",
    "social": "considérations sociales",
    "environmental": "considérations environnementales",
    "holders": "titulaires",
    "test": "acheteur ou objet",
    "text": "textes",
}


def _cell(text: str) -> str:
    text = text.replace("{value}", "*valeur*").replace("{detail}", "*précision*")
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """The table of docs/decp.md, from CHECKS."""
    lines = [
        "| code | libellé | gravité | règle | message |",
        "|---|---|---|---|---|",
    ]
    for check in CHECKS.values():
        rules = ", ".join(RULE_LABELS[rule] for rule in check.rules) or "fichier entier"
        lines.append(
            f"| `{check.code}` | {_cell(check.label)} | {SEVERITY_LABELS[check.severity]} "
            f"| {rules} | {_cell(check.message)} |"
        )
    return "\n".join(lines)


def with_table(document: str) -> str:
    """document with the text between DOC_START and DOC_END replaced by markdown_table()."""
    pattern = re.compile(re.escape(DOC_START) + r".*?" + re.escape(DOC_END), re.DOTALL)
    if not pattern.search(document):
        raise ValueError(f"marqueurs {DOC_START!r} … {DOC_END!r} introuvables")
    block = f"{DOC_START}\n{markdown_table()}\n{DOC_END}"
    return pattern.sub(lambda _match: block, document)


def write_doc(path: Path) -> bool:
    """Rewrite the checks table of a Markdown file; True when it changed."""
    old = path.read_text(encoding="utf-8")
    new = with_table(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


if __name__ == "__main__":  # python -m apure.decp.checks docs/decp.md
    for name in sys.argv[1:]:
        print(f"{name}: {'mis à jour' if write_doc(Path(name)) else 'déjà à jour'}")
