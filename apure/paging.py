"""Numbers read from a query string (page numbers, page sizes), the same way everywhere.

`str.isdigit` is not the test: it accepts superscripts and other Unicode digits ("²", "①")
that int() then refuses, which made `?page=²` a server error. Only ASCII digits are read;
anything else means "not given"."""

import re

# Ten digits are more than any page count; longer input is junk, not a page.
_ASCII_NUMBER = re.compile(r"[0-9]{1,10}")


def bounded_int(value, default: int, low: int, high: int) -> int:
    """`value` as an int within [low, high], or `default` when it is not a plain number."""
    text = "" if value is None else str(value)
    if not _ASCII_NUMBER.fullmatch(text):
        return default
    return min(max(int(text), low), high)


def page_number(value, high: int = 10**9) -> int:
    """A page number from the query string: the first page for anything that is not one."""
    return bounded_int(value, 1, 1, high)
