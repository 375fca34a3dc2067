"""Text that the site writes into spreadsheet files (CSV, XLSX) must never run as a formula.

Spreadsheet software reads a cell starting with = + - or @ as a formula, and some strip a
leading tab or carriage return first: a contract object or a visitor's name typed as
"=HYPERLINK(…)" would run on the computer of whoever opens the export (OWASP « CSV
injection »). Every export goes through this module; only text is concerned, never numbers
(a negative amount stays a number).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def inert_text(text: str) -> str:
    """CSV text as spreadsheets must show it: a leading apostrophe makes them read it as text."""
    return f"'{text}" if looks_like_formula(text) else text
