"""Streaming reader of DECP XML files (formats 2019 and 2022).

Each `<marche>` / `<contrat-concession>` element is turned into the JSON shape of the
regulatory format (repeated children become lists) and freed right after, so memory stays
constant.
"""

from lxml import etree

from .errors import COMPRESSION_ERRORS, ReadError, damaged_archive

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
    def __init__(self, stream):
        self.stream = stream
        self.records = 0

    def __iter__(self):
        first = True
        try:
            for event, element in etree.iterparse(
                self.stream, events=("start", "end"), resolve_entities=False, huge_tree=True
            ):
                name = _local(element.tag)
                if event == "start":
                    if first and name != "marches" and name not in RECORD_TAGS:
                        raise ReadError(
                            "ce n'est pas un fichier XML de DECP (racine <marches> attendue)"
                        )
                    first = False
                    continue
                parent = element.getparent()
                if name in RECORD_TAGS and (parent is None or _local(parent.tag) == "marches"):
                    self.records += 1
                    yield RECORD_TAGS[name], element_to_value(element) or {}
                    element.clear()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
        except COMPRESSION_ERRORS as error:
            raise damaged_archive(self.records) from error
        except etree.XMLSyntaxError as error:
            raise ReadError(
                f"XML invalide ({error.msg})",
                f"ligne {error.position[0]}, enregistrement n° {self.records + 1}",
            ) from error
