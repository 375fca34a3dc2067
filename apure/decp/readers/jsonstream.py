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

from .errors import COMPRESSION_ERRORS, ReadError, damaged_archive, french_json_message

__all__ = ["JsonRecords", "ReadError", "hint_for", "looks_like_record"]

CHUNK = 4 * 1024 * 1024
_WS = " \t\r\n"


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

    def __init__(self, stream, stack=None, fragment=False):
        self.stream = stream
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
        if self.eof:
            return False
        try:
            data = self.stream.read(CHUNK)
        except COMPRESSION_ERRORS as error:
            raise damaged_archive(self.records) from error
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise ReadError(
                "encodage invalide (UTF-8 attendu)",
                f"vers le caractère {self.base + len(self.buf)}",
            ) from error
        if not data:
            self.eof = True
        if self.pos > CHUNK:
            self.base += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text
        return bool(data)

    def _peek(self) -> str:
        """Next non-blank character ('' at the end), without consuming it."""
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self._more():
                return ""

    def where(self, char: int | None = None) -> str:
        """Where reading stopped; char: absolute character offset (default: current one)."""
        char = self.base + self.pos if char is None else char
        return f"enregistrement n° {self.records + 1}, caractère {char}"

    def _fail(self, message: str, char: int | None = None):
        raise ReadError(message, self.where(char))

    def _decode(self):
        """Decode one JSON value at pos, reading more text as needed."""
        retried = False
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except ValueError as error:
                error_pos = getattr(error, "pos", len(self.buf))
                far = error_pos < len(self.buf) - CHUNK
                at = self.base + error_pos  # before _more() may move the buffer
                if self.eof or (retried and far) or not self._more():
                    message = french_json_message(getattr(error, "msg", ""))
                    self._fail(f"JSON invalide ({message})", at)
                retried = True
                continue
            scalar = not isinstance(value, (dict, list))
            if end == len(self.buf) and not self.eof and scalar and self._more():
                continue  # a number or literal may go on in the next chunk
            self.pos = end
            return value

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
            if self.records == 0 and not looks_like_record(record):
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
