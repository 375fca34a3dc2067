"""Streaming reader of DECP XML files (formats 2019 and 2022).

Each `<marche>` / `<contrat-concession>` element is turned into the JSON shape of the
regulatory format (repeated children become lists) and freed right after, so memory stays
constant. The input is counted as it is read: a record (or the run of blanks between two)
larger than the limit fails the file before the parser has buffered it (see limits.py).
"""

from lxml import etree

from .errors import COMPRESSION_ERRORS, ReadError, damaged_archive
from .limits import CountedStream, FileLimits, LimitExceeded

RECORD_TAGS = {
    "marche": "marche",
    "contrat-concession": "concession",
    "contratConcession": "concession",
}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def element_to_value(element):
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        return (element.text or "").strip() or None
    result: dict = {}
    for child in children:
        name = _local(child.tag)
        value = element_to_value(child)
        if name in result:
            if not isinstance(result[name], list):
                result[name] = [result[name]]
            result[name].append(value)
        else:
            result[name] = value
    return result


class XmlRecords:
    def __init__(self, stream, limits: FileLimits | None = None):
        self.stream = CountedStream(stream, limits or FileLimits.from_environment())
        self.stream.span_start = 0  # the prolog too, up to the root element
        self.records = 0

    def __iter__(self):
        first = True
        counted = self.stream
        try:
            # huge_tree: a long text (a 10 MB `objet`) is read; the record size limit, counted
            # on the input, replaces libxml2's own limits.
            for event, element in etree.iterparse(
                counted, events=("start", "end"), resolve_entities=False, huge_tree=True
            ):
                name = _local(element.tag)
                if event == "start":
                    if first and name != "marches" and name not in RECORD_TAGS:
                        raise ReadError(
                            "ce n'est pas un fichier XML de DECP (racine <marches> attendue)"
                        )
                    if first:
                        counted.span_start = counted.count
                    first = False
                    continue
                parent = element.getparent()
                if name in RECORD_TAGS and (parent is None or _local(parent.tag) == "marches"):
                    self.records += 1
                    yield RECORD_TAGS[name], element_to_value(element) or {}
                    element.clear()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
                    counted.span_start = counted.count
        except COMPRESSION_ERRORS as error:
            raise damaged_archive(self.records) from error
        except LimitExceeded as error:
            error.where = error.where or f"enregistrement n° {self.records + 1}"
            raise
        except etree.XMLSyntaxError as error:
            raise ReadError(
                f"XML invalide ({error.msg})",
                f"ligne {error.position[0]}, enregistrement n° {self.records + 1}",
            ) from error
