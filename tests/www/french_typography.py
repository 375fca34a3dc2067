"""French typography rule for templates: no plain space before « : ; ! ? ».

French typography wants a non-breaking space there so the sign never starts a line. The
rule is written once here and used by the guard test (test_typography.py); it only looks at
what a reader sees: text nodes and human-readable attribute values (title, alt, aria-label,
placeholder), never Django tags, variables or comments, HTML tags and their other attributes,
<script>/<style>, HTML comments, nor code samples in <pre>/<code>/<kbd>/<samp>.

Convention: `&nbsp;` in HTML templates (visible in a diff, unlike U+00A0), a literal U+00A0
in plain-text templates (e-mails), where an entity would be shown as is.
"""

import re
from dataclasses import dataclass

PUNCTUATION = ":;!?"
READABLE_ATTRIBUTES = frozenset(
    {"title", "alt", "aria-label", "aria-description", "aria-roledescription", "placeholder"}
)
RAW_ELEMENTS = frozenset({"script", "style"})
CODE_ELEMENTS = frozenset({"pre", "code", "kbd", "samp"})

# Django constructs are opaque wherever they are; comment and verbatim blocks first so their
# bodies are skipped whole.
_DJANGO = re.compile(
    r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*verbatim\b.*?%\}.*?\{%\s*endverbatim\b.*?%\}"
    r"|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}",
    re.DOTALL,
)
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][\w-]*)")
_ATTRIBUTE = re.compile(r"([^\s\"'<>/=]+)\s*=\s*([\"'])")
# A run of spaces or tabs after something visible on the same line (not indentation).
_PLAIN_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t]+(?=[" + re.escape(PUNCTUATION) + r"])")


@dataclass(frozen=True)
class Offence:
    line: int
    column: int
    excerpt: str


def readable_mask(source, html=True):
    """One flag per character of `source`: True where a reader sees it as text."""
    n = len(source)
    mask = bytearray(n)
    if not html:
        i = 0
        for m in _DJANGO.finditer(source):
            mask[i : m.start()] = b"\x01" * (m.start() - i)
            i = m.end()
        mask[i:n] = b"\x01" * (n - i)
        return mask

    state = "text"
    code_depth = 0
    raw_name = pending_raw = None
    quote = None
    readable_attribute = False
    lower = source.lower()
    i = 0
    while i < n:
        m = _DJANGO.match(source, i)
        if m:
            i = m.end()
            continue
        char = source[i]
        if state == "text":
            if source.startswith("<!--", i):
                end = source.find("-->", i + 4)
                i = n if end < 0 else end + 3
                continue
            if source.startswith("<!", i):  # doctype
                end = source.find(">", i)
                i = n if end < 0 else end + 1
                continue
            m = _TAG_OPEN.match(source, i)
            if m:
                name = m.group(2).lower()
                closing = bool(m.group(1))
                if name in CODE_ELEMENTS:
                    code_depth = max(0, code_depth + (-1 if closing else 1))
                pending_raw = name if (name in RAW_ELEMENTS and not closing) else None
                state = "tag"
                i = m.end()
                continue
            if code_depth == 0:
                mask[i] = 1
            i += 1
        elif state == "tag":
            if char == ">":
                if pending_raw:
                    state, raw_name = "raw", pending_raw
                else:
                    state = "text"
                i += 1
                continue
            m = _ATTRIBUTE.match(source, i)
            if m and (i == 0 or source[i - 1].isspace() or source[i - 1] in "\"'}"):
                readable_attribute = m.group(1).lower() in READABLE_ATTRIBUTES
                quote = m.group(2)
                state = "attribute"
                i = m.end()
                continue
            i += 1
        elif state == "attribute":
            if char == quote:
                state = "tag"
            elif readable_attribute:
                mask[i] = 1
            i += 1
        else:  # raw: script or style, up to its closing tag
            if lower.startswith("</" + raw_name, i):
                state = "text"
                continue
            i += 1
    return mask


def _offending_runs(source, html):
    mask = readable_mask(source, html=html)
    for m in _PLAIN_SPACE_BEFORE.finditer(source):
        if all(mask[m.start() : m.end() + 1]):
            yield m


def offences(source, html=True):
    """Plain spaces before « : ; ! ? » in what a reader sees, as Offence(line, column, excerpt)."""
    found = []
    for m in _offending_runs(source, html):
        line = source.count("\n", 0, m.start()) + 1
        line_start = source.rfind("\n", 0, m.start()) + 1
        line_end = source.find("\n", m.start())
        text = source[line_start : None if line_end < 0 else line_end]
        found.append(Offence(line, m.start() - line_start + 1, text.strip()))
    return found


def fix(source, html=True):
    """`source` with each offending run replaced by a non-breaking space (see module doc)."""
    replacement = "&nbsp;" if html else "\u00a0"
    parts, last = [], 0
    for m in _offending_runs(source, html):
        parts.append(source[last : m.start()])
        parts.append(replacement)
        last = m.end()
    parts.append(source[last:])
    return "".join(parts)
