"""French number formatting for the observatory pages."""

from datetime import date

from django import template

from apure.decp import checks
from apure.observatory import aggregates, labels
from apure.www.pages.templatetags.french import is_plural

register = template.Library()
NARROW_SPACE = "\u202f"


def _group(number: str) -> str:
    head, _, tail = number.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = head.lstrip("-")
    groups = []
    while head:
        groups.insert(0, head[-3:])
        head = head[:-3]
    return sign + NARROW_SPACE.join(groups) + ("," + tail if tail else "")


@register.filter
def pct(value, digits=1):
    if value is None or value == "":
        return "n.d."
    return f"{_group(f'{100 * value:.{int(digits)}f}')}{NARROW_SPACE}%"


@register.simple_tag
def min_known():
    """The one small-sample threshold, for the notes that explain « n.d. »."""
    return aggregates.MIN_KNOWN


@register.filter
def num(value):
    if value is None or value == "":
        return "—"
    return _group(f"{value:.0f}")


@register.filter
def nb(value, noun):
    """« 1 contrat », « 1 466 contrats »: the number and its noun phrase agreed in French.

    `noun` is the singular phrase (each word takes an « s »), or « singulier|pluriel ».
    """
    singular, _, plural = str(noun).partition("|")
    if not plural:
        plural = " ".join(word if word.endswith(("s", "x")) else word + "s"
                          for word in singular.split())  # fmt: skip
    return f"{num(value)} {plural if is_plural(value) else singular}"


@register.filter
def eur(value):
    if value is None or value == "":
        return "inconnu"
    return f"{_group(f'{value:.0f}')}{NARROW_SPACE}€"


@register.filter
def points(value):
    """A difference already in percentage points (indicators compute gaps in points)."""
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{_group(f'{value:.1f}')}{NARROW_SPACE}pts"


@register.filter
def frdate(value):
    if not value:
        return "inconnue"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def cell(value, kind):
    """Format one indicator table cell according to its column kind."""
    formatters = {"share": pct, "eur": eur, "int": num, "points": points}
    if kind in formatters:
        return formatters[kind](value)
    if value is None:
        return "—"
    return value


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def yesno_fr(value):
    return {True: "oui", False: "non"}.get(value, "inconnu")


@register.filter
def consideration(value):
    return {"yes": "oui", "no": "non"}.get(value, "inconnu")


@register.filter
def buyer_kind(value):
    return labels.buyer_kind(value)


@register.filter
def contract_kind(value):
    return labels.contract_kind(value)


@register.filter
def severity(value):
    return labels.SEVERITIES.get(value, value)


@register.filter
def check_label(code):
    """French label of a data-quality check, from the pipeline's table (apure/decp/checks.py)."""
    return checks.label(code)


@register.filter
def short(value, length):
    """Cut a text to `length` characters with an ellipsis (cheaper than truncatechars)."""
    text = str(value or "")
    length = int(length)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
