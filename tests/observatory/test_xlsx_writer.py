"""The streaming XLSX writer gives back, cell for cell, the text it was handed: spreadsheet
software counts in UTF-16 units and reads "_xHHHH_" as an escape (seen in the 2026-12-07 review)."""

import io
import re
import zipfile
from xml.sax.saxutils import unescape as xml_unescape

from openpyxl import load_workbook
from openpyxl.utils.escape import unescape as ooxml_unescape

from apure.observatory import xlsx


def _round_trip(rows, title="Marchés"):
    out = io.BytesIO()
    xlsx.write(out, title, ["Texte"], rows)
    out.seek(0)
    workbook = load_workbook(out)
    sheet = workbook.worksheets[0]
    return sheet.title, [row[0].value for row in sheet.iter_rows(min_row=2)]


def test_text_that_looks_like_an_ooxml_escape_comes_back_literally():
    # openpyxl hands cell text over as stored; Excel and LibreOffice decode "_xHHHH_" (ECMA-376
    # ST_Xstring), which is what openpyxl's `unescape` does: read the cells as they do.
    texts = ["Lot_x0041_ bâtiment", "_x005F_ déjà", "sans_xyz_", "A_x000D_B"]
    out = io.BytesIO()
    xlsx.write(out, "Marchés", ["Texte"], [[text] for text in texts])
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    stored = [xml_unescape(text) for text in re.findall(r"<t[^>]*>([^<]*)</t>", sheet)]
    assert [ooxml_unescape(text) for text in stored[1:]] == texts


def test_long_text_is_cut_at_the_spreadsheet_limit_counted_in_utf16_units():
    emoji = "🌳"  # beyond U+FFFF: two UTF-16 units in a spreadsheet
    _, values = _round_trip([[emoji * 20_000], ["a" * 40_000]])
    trees, letters = values
    assert len(trees.encode("utf-16-le")) // 2 <= xlsx.CELL_TEXT_MAX
    assert set(trees) == {emoji} and len(trees) == xlsx.CELL_TEXT_MAX // 2
    assert len(letters) == xlsx.CELL_TEXT_MAX


def test_sheet_names_never_start_or_end_with_an_apostrophe_nor_exceed_31_units():
    assert xlsx.sheet_name("'Acheteur' de Lille'") == "Acheteur' de Lille"
    assert xlsx.sheet_name("''") == "Feuille 1"
    assert len(xlsx.sheet_name("🌳" * 20).encode("utf-16-le")) // 2 <= 31
    title, _ = _round_trip([["x"]], title="'Marchés: 2024/2025'")
    assert title == "Marchés  2024 2025"
