"""Streaming reader of DECP JSON files (both formats, every known shape).

The containers (`{"marches": {"marche": [...], "contrat-concession": [...]}}`, `{"marches":
[...]}`, a bare array) are walked by a small state machine; each record is decoded on its own
by the C decoder of the standard library (`raw_decode`) from a bounded text window, so memory
stays constant whatever the file size.

A reader can also start in the middle of a record array (byte range given by the parallel
importer) and stop at the end of its slice: see `JsonRecords(fragment=...)`.
"""

import codecs
import json
import re

from .errors import (
    COMPRESSION_ERRORS,
    TOO_DEEP,
    ReadError,
    Unreadable,
    damaged_archive,
    french_json_message,
)
from .limits import CountedStream, FileLimits, LimitExceeded

__all__ = ["JsonRecords", "ReadError", "hint_for", "looks_like_record"]

CHUNK = 4 * 1024 * 1024
_NOT_BLANK = re.compile(r"[^ \t\r\n]")
_STRUCTURE = re.compile(r'["\[\]{}]')  # what changes the nesting outside strings
_IN_STRING = re.compile(r'["\\]')  # what ends a string or escapes its next character


RECORD_ARRAYS = {"marches", "marche", "contrat-concession", "contrats-concession", "concessions"}


# Fields only a contract has: an `id` alone is not enough (any list of JSON objects has one,
# e.g. a list of datasets), a contract also names its buyer, object, amount, CPV or date.
RECORD_KEYS = {
    "acheteur",
    "acheteur.id",
    "autoriteConcedante",
    "objet",
    "montant",
    "valeurGlobale",
    "codeCPV",
    "dateNotification",
    "titulaires",
    "uid",
    "_type",
}


def looks_like_record(record) -> bool:
    return isinstance(record, dict) and (not record or bool(RECORD_KEYS & record.keys()))


def hint_for(key: str | None) -> str:
    return "concession" if key and "concession" in key.lower() else "marche"


class JsonRecords:
    """Iterate (hint, record) over a JSON stream.

    stack: container state to start from (list of ("obj", key) / ("arr", key)); None = start
    of the document. fragment: the stream holds only records separated by commas (a slice of
    an array); it must end right after a record (and an optional comma).
    """

    def __init__(self, stream, stack=None, fragment=False, limits: FileLimits | None = None):
        self.limits = limits or FileLimits.from_environment()
        self.stream = CountedStream(stream, self.limits)
        self.bad_byte = None  # (offset, value) of the first byte that is not UTF-8
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.json = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.base = 0  # characters dropped from the front of buf
        self.eof = False
        self.stack = list(stack or [])
        self.started = bool(stack)
        self.fragment = fragment
        self.records = 0
        self.first_record_char = None  # absolute char offset of the first record
        self.arrays = 1 if stack else 0

    # --- buffer -----------------------------------------------------------------------------
    def _more(self) -> bool:
        """Read a chunk into buf; False at the end of the file. After a byte that is not
        UTF-8, the text before it is read first, then the error is raised where it stands."""
        if self.bad_byte is not None:
            offset, value = self.bad_byte
            raise ReadError(
                f"encodage invalide (UTF-8 attendu)\u00a0: octet 0x{value:02X}",
                f"enregistrement n° {self.records + 1}, octet {offset}",
            )
        if self.eof:
            return False
        start = self.stream.count
        try:
            data = self.stream.read(CHUNK)
        except COMPRESSION_ERRORS as error:
            raise damaged_archive(self.records) from error
        except LimitExceeded as error:
            if self.records and not error.where:
                error.where = f"après l'enregistrement n° {self.records}"
            raise
        more = bool(data)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            held = len(error.object) - len(data)  # bytes left over from the previous chunk
            self.bad_byte = (start - held + error.start, error.object[error.start])
            text = error.object[: error.start].decode("utf-8")
            more = True  # the next read raises the error, once the text before is parsed
        self.eof = not more
        if self.pos > CHUNK:
            self.base += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text
        return more

    def _peek(self) -> str:
        """Next non-blank character ('' at the end), without consuming it."""
        blanks_from = self.base + self.pos
        while True:
            found = _NOT_BLANK.search(self.buf, self.pos)
            blanks_to = self.base + (found.start() if found else len(self.buf))
            if blanks_to - blanks_from > self.limits.max_record_bytes:
                self._fail(self.limits.blanks_too_long(), blanks_from)
            if found is not None:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self._more():
                return ""

    def where(self, char: int | None = None) -> str:
        """Where reading stopped; char: absolute character offset (default: current one)."""
        char = self.base + self.pos if char is None else char
        return f"enregistrement n° {self.records + 1}, caractère {char}"

    def _fail(self, message, char: int | None = None):
        """Raise a ReadError (a message, or an error to complete) placed at char."""
        if isinstance(message, ReadError):
            message.where = self.where(char)
            raise message
        raise ReadError(message, self.where(char))

    def _check_size(self, end: int) -> None:
        """A record (from pos to end) above the limit fails the file: memory stays bounded.
        Characters are counted: at least as many bytes."""
        if end - self.pos > self.limits.max_record_bytes:
            self._fail(self.limits.record_too_big(), self.base + self.pos)

    def _decode(self):
        """Decode one JSON value at pos, reading more text as needed."""
        retried = False
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except RecursionError:
                # Valid JSON nested deeper than the decoder goes: the value is stepped over
                # without being built, and stands for one unreadable record.
                self._skip_container()
                return Unreadable(TOO_DEEP)
            except ValueError as error:
                message = getattr(error, "msg", "")
                error_pos = getattr(error, "pos", len(self.buf))
                at = self.base + error_pos  # before _more() may move the buffer
                if message.startswith("Unterminated string"):
                    # The decoder names where the string starts: it runs to the end of the
                    # text read so far, and may well end in the next chunk.
                    error_pos = len(self.buf)
                far = error_pos < len(self.buf) - CHUNK
                if not self.eof and not (retried and far):
                    self._check_size(error_pos)  # the record goes on at least that far
                    if self._grow():
                        retried = True
                        continue
                self._fail(f"JSON invalide ({french_json_message(message)})", at)
            scalar = not isinstance(value, (dict, list))
            if end == len(self.buf) and not self.eof and scalar and self._more():
                continue  # a number or literal may go on in the next chunk
            self._check_size(end)
            self.pos = end
            return value

    def _grow(self) -> bool:
        """Read at least one more chunk, and up to twice the text from pos: a big record is
        decoded again a few times, not once per chunk. False at the end of the file."""
        if not self._more():
            return False
        wanted = min(2 * (len(self.buf) - self.pos), self.limits.max_record_bytes + CHUNK)
        while len(self.buf) - self.pos < wanted and self.bad_byte is None and self._more():
            pass  # (the text before a bad byte is parsed before its error is raised)
        return True

    def _skip_container(self):
        """Move past the array or object at pos by counting brackets outside strings."""
        depth, in_string, i = 0, False, self.pos
        while True:
            match = (_IN_STRING if in_string else _STRUCTURE).search(self.buf, i)
            if match is None or (match.group() == "\\" and match.end() == len(self.buf)):
                resume = len(self.buf) if match is None else match.start()
                base = self.base
                if not self._more():
                    self._fail("fin du fichier au milieu d'un enregistrement")
                self._check_size(len(self.buf))
                i = resume - (self.base - base)  # _more() may drop the front of buf
                continue
            char, i = match.group(), match.end()
            if in_string:
                if char == "\\":
                    i += 1  # the escaped character, which may be a quote
                else:
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    self.pos = i
                    return

    def _expect(self, char: str):
        if self._peek() != char:
            found = self._peek() or "fin du fichier"
            self._fail(f"« {char} » attendu, « {found} » trouvé")
        self.pos += 1

    # --- walk ------------------------------------------------------------------------------
    def __iter__(self):
        if self.fragment:
            yield from self._fragment()
            return
        if not self.started:
            self._peek()
            if self.buf.startswith("\ufeff"):
                self.pos += 1
            char = self._peek()
            if char == "[":
                self.pos += 1
                self.stack.append(("arr", "marches"))
                self.first_record_char = self.base + self.pos
                self.arrays += 1
            elif char == "{":
                self.pos += 1
                self.stack.append(("obj", None))
            else:
                self._fail("ce n'est pas un document JSON de DECP")
            self.started = True
        while self.stack:
            kind, key = self.stack[-1]
            if kind == "arr":
                yield from self._array(key)
                self.stack.pop()
                self._after_value()
            else:
                char = self._peek()
                if char == "}":
                    self.pos += 1
                    self.stack.pop()
                    self._after_value()
                    continue
                if char != '"':
                    self._fail("clé attendue")
                member = self._decode()
                self._expect(":")
                char = self._peek()
                if char == "[" and member in RECORD_ARRAYS:
                    self.pos += 1
                    self.stack.append(("arr", member))
                    self.first_record_char = self.base + self.pos
                    self.arrays += 1
                elif char == "{" and member == "marches":
                    self.pos += 1
                    self.stack.append(("obj", member))
                else:
                    self._decode()  # a scalar beside the records: ignored
                    self._after_value()
        if self._peek() != "":
            self._fail("contenu après la fin du document")
        if not self.arrays:
            raise ReadError("ce n'est pas un fichier DECP (liste « marches » introuvable)")

    def _after_value(self):
        """After a member or element: consume the comma, if the container continues."""
        if not self.stack:
            return
        char = self._peek()
        if char == ",":
            self.pos += 1
        elif char not in "}]" or char == "":
            self._fail("« , » attendu")

    def _array(self, key):
        hint = hint_for(key)
        while True:
            char = self._peek()
            if char == "]":
                self.pos += 1
                return
            if char == "":
                self._fail("fin du fichier au milieu d'une liste")
            record = self._decode()
            if (
                self.records == 0
                and not looks_like_record(record)
                and type(record) is not Unreadable
            ):
                self._fail("ce n'est pas un fichier DECP (les éléments ne sont pas des marchés)")
            self.records += 1
            yield hint, record
            char = self._peek()
            if char == ",":
                self.pos += 1
            elif char != "]":
                self._fail("« , » ou « ] » attendu")

    def _fragment(self):
        hint = hint_for(self.stack[-1][1] if self.stack else None)
        while True:
            char = self._peek()
            if char == "":
                return
            record = self._decode()
            self.records += 1
            yield hint, record
            char = self._peek()
            if char == ",":
                self.pos += 1
            elif char != "":
                self._fail("« , » attendu")
