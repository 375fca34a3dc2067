"""Guard: no French text written in apure's Python code has a plain space before « : ; ! ? ».

Messages, form labels and help texts, e-mail subjects, PDF and spreadsheet headings, command
output: French strings written in Python reach readers as surely as templates do. The rule is
the templates' one (tests/www/french_typography.py, plain-text mode); in Python the
non-breaking space is written as the escape "\\u00a0", visible in a diff.

What is checked, read from the syntax tree (never from comments):
- a text unit is a string literal, an f-string (its literal parts, each replacement field a
  placeholder) or a chain of `+` joining them, so `f"{label} : {value}"` is read as a whole;
  one that opens on a space is glued after something, as in `" ; ".join(parts)`;
- docstrings, byte strings, raw strings (regular expressions) and migrations are skipped, and
  so is SQL (a unit with upper-case keywords: SELECT, WHERE, THEN, AND…);
- so is what the code looks for in a text rather than shows: the separator given to split() or
  partition(), a prefix given to startswith(), the text replace() replaces, the left operand
  of `in`, the pattern of a `re` function. A parser of `clé : valeur` lines keeps its plain
  space (the text it reads has one);
- « : ; ! ? » are checked in every other unit: English puts no space before them, so a plain
  one there is French typography gone wrong. Skipped: the operators `!=` and `:=`, a Markdown
  image `![…]`, and ` ?` after `=`, `<`, `>`, a comma or an opening parenthesis, DuckDB's
  parameter placeholder (`buyer_kind = ?`, `starts_with(cpv, ?)`).
"""

import ast
import re
from pathlib import Path

import pytest

import apure
from tests.www.french_typography import PUNCTUATION, offences

APURE = Path(apure.__file__).parent
SOURCES = sorted(path for path in APURE.rglob("*.py") if "migrations" not in path.parts)

# Stands for a replacement field or any other non-literal operand: visible, not a letter, so
# `{x} : ` has something before its space and a unit made of fields only has no word.
FIELD = "\ufffc"

_SQL = re.compile(
    r"\b(?:SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|JOIN|LIMIT|OFFSET|ORDER BY|GROUP BY|HAVING|"
    r"ATTACH|CREATE|VALUES|WHEN|THEN|AND|OR|IS NULL|ILIKE|SET)\b"
)
_OPERATOR = re.compile(r"[!:]=|!\[")
# What ` ?` follows when it is a DuckDB parameter, not a question.
BEFORE_PLACEHOLDER = "=<>,("
# Calls whose literal arguments are looked for in a text, never shown (module doc).
SEARCHING_METHODS = frozenset(
    {"split", "rsplit", "partition", "rpartition", "startswith", "endswith", "removeprefix",
     "removesuffix", "find", "rfind", "index", "rindex", "count"}
)  # fmt: skip
RE_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
)


def signs_checked(text):
    """The signs of the rule that `text` must not have a plain space before."""
    return "" if _SQL.search(text) else PUNCTUATION


def _string_prefix(lines, node):
    line = lines[node.lineno - 1]
    return re.match(r"[A-Za-z]*", line[node.col_offset :]).group(0).lower()


def _docstrings(tree):
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _is_text(node):
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _searched(node):
    """The operands of `node` that it looks for in a text (module doc)."""
    if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
        return [node.left]
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return []
    name, owner = node.func.attr, node.func.value
    if isinstance(owner, ast.Name) and owner.id == "re":
        return node.args[:1] if name in RE_FUNCTIONS else []
    if name == "replace":
        return node.args[:1]
    if name in SEARCHING_METHODS:
        return [item for arg in node.args for item in getattr(arg, "elts", [arg])]
    return []


def _operands(node):
    """Operands of a chain of `+`, left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _operands(node.left) + _operands(node.right)
    return [node]


def _text(node, lines):
    """The literal text of an operand, FIELD for what the code computes; None for raw strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return None if "r" in _string_prefix(lines, node) else node.value
    if isinstance(node, ast.JoinedStr):
        if "r" in _string_prefix(lines, node):
            return None
        return "".join(
            part.value if isinstance(part, ast.Constant) else FIELD for part in node.values
        )
    return FIELD


def text_units(source):
    """(first line, last line, text) for each text unit of a module (see the module doc)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    skipped = _docstrings(tree)
    units = []

    def visit(node):
        if id(node) in skipped:
            return
        for operand in _searched(node):
            if any(_is_text(part) for part in _operands(operand)):
                skipped.add(id(operand))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            operands = _operands(node)
            if any(_is_text(operand) for operand in operands):
                texts = [_text(operand, lines) for operand in operands]
                if None not in texts:
                    units.append((node.lineno, node.end_lineno, "".join(texts)))
                for operand in operands:
                    if not _is_text(operand):
                        visit(operand)
                    elif isinstance(operand, ast.JoinedStr):
                        visit_fields(operand)
                return
        if _is_text(node):
            text = _text(node, lines)
            if text is not None:
                units.append((node.lineno, node.end_lineno, text))
            if isinstance(node, ast.JoinedStr):
                visit_fields(node)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    def visit_fields(joined):
        # Expressions inside replacement fields may hold strings of their own; format specs
        # (`{x:>5}`) are not text.
        for part in joined.values:
            if isinstance(part, ast.FormattedValue):
                visit(part.value)

    visit(tree)
    # A unit that opens on a space is glued after something (`" ; ".join(parts)`).
    return [
        (first, last, FIELD + text if text[:1] in " \t" else text) for first, last, text in units
    ]


def _line_of(lines, first, last, text, start, end):
    """The source line, among the unit's, that holds the offence; else the unit's first."""
    before = text[:start].rsplit("\n", 1)[-1].rsplit(FIELD, 1)[-1][-12:]
    snippet = before + text[start : end + 1]
    for number in range(first, last + 1):
        if snippet in lines[number - 1]:
            return number
    return first


def french_offences(source):
    """(line, excerpt) of each text unit with a plain space before « : ; ! ? » (module doc)."""
    lines = source.splitlines()
    found = []
    for first, last, text in text_units(source):
        signs = signs_checked(text)
        if not signs:
            continue
        starts = [0]
        for text_line in text.split("\n"):
            starts.append(starts[-1] + len(text_line) + 1)
        for offence in offences(text, html=False):
            start = starts[offence.line - 1] + offence.column - 1
            end = start + len(text[start:]) - len(text[start:].lstrip(" \t"))
            if text[end : end + 1] not in signs or _OPERATOR.match(text, end):
                continue
            if text[end] == "?" and start and text[start - 1] in BEFORE_PLACEHOLDER:
                continue
            excerpt = text[max(0, start - 50) : end + 20].replace(FIELD, "{…}").replace("\n", " ")
            found.append((_line_of(lines, first, last, text, start, end), excerpt.strip()))
    return found


def _relative(path):
    return path.relative_to(APURE.parent).as_posix()


def test_every_module_is_scanned():
    # The guard would pass vacuously if the glob stopped finding modules.
    assert len(SOURCES) > 300
    assert APURE / "observatory" / "sources.py" in SOURCES


def test_no_plain_space_before_colon_semicolon_exclamation_question_mark_in_python():
    found = []
    for path in SOURCES:
        offending = french_offences(path.read_text(encoding="utf-8"))
        found += [f"{_relative(path)}:{line}: {excerpt}" for line, excerpt in offending]
    assert found == [], 'espace simple avant « : ; ! ? » (écrire "\\u00a0") :\n' + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'x = "Données importées : " + who',
        'x = f"{IMPORTED_PREFIX} : {who}, {period}"',
        'x = f"{name} ({code}) : {shown}"',
        'messages.success(request, "Merci ! Votre proposition est enregistrée.")',
        'raise ValueError("Estimation impossible ; réessayez")',
        'label = "Mot de passe oublié ?"',
        'help_text = _("Laisser vide : places illimitées.")',
        'x = label + " : " + value',
        'x = " ; ".join(f"{kind}\\u00a0: {meaning}" for kind, meaning in kinds)',
        'x = "%(first)s et %(last)s : vérifiez l\'année."',
        'x = ("Serveur injoignable ({host}) : "\n     f"{error}. Rien n\'est envoyé.")',
        'x = f"{a}" if ok else "Import impossible : fichier vide"',
        "x = {'k': f\"{ {'a': 1}['a'] } {'Catégorie : ' + kind}\"}",
        'verbose_name = "Site : clauses"',
        'lines.append(f"Type : {kind}")',
        'self.stdout.write("Obligations :")',
        'x = f"Art. {article} ; R2131-12 CCP"',
        'messages.warning(request, "Confirmer l\'envoi ?")',
        'x = f"Supprimer {name} ?"',
        'x = text.replace("|", " ; ")',
    ],
)
def test_guard_flags_french_text_with_a_plain_space(source):
    assert len(french_offences(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        'x = "Données importées\\u00a0: " + who',
        'x = f"{IMPORTED_PREFIX}\\u00a0: {who}"',
        'def f():\n    """Renvoie le libellé : docstring, pas du texte affiché."""',
        "# Commentaire : ignoré\nx = 1",
        'con.execute("SELECT * FROM contracts WHERE uid = ? AND année = ?", [uid])',
        'conditions.append("buyer_kind = ?")',
        'sql = " = ? OR "',
        'pattern = re.compile(r"^(\\d+) ?(€|euros) : (.*)$")',
        'x = f"{value:>10} {other: >5}"',
        'url = f"/observatoire/?annee={year}&page={page}"',
        'log.info("Import failed: %s", error)',
        'x = b"Type : binaire"',
        'sql = "starts_with(cpv, ?)"',
        'x = f"{a} != {b} and (y := 1)"',
        'key, _, value = line.partition(" : ")',
        'if line.startswith(("Total :", "Sous-total :")):\n    pass',
        'found = " ; " in cell',
        'x = text.replace(" : ", "\\u00a0: ")',
        'pattern = re.compile("Numéro ?: ?([0-9]+)")',
        'clause = f"{column} IN (?, ?)"',
        'body = "Voir le plan ![plan du site](/media/plan.png)"',
    ],
)
def test_guard_leaves_code_and_non_breaking_spaces_alone(source):
    assert french_offences(source) == []


def test_guard_reports_the_line_of_the_offence():
    source = 'x = (\n    "Première ligne, sans souci. "\n    "Deuxième\\nligne : ici"\n)\n'
    assert french_offences(source) == [(3, "Première ligne, sans souci. Deuxième ligne : ici")]
