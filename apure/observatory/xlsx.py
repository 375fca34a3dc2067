"""A streaming XLSX writer for the exports: one sheet of text, numbers and dates.

openpyxl builds and checks an object per cell even in write-only mode: about 2 500 rows of 13
columns per second on the production machine, so a 50 000-row export held a core (and the GIL
of its web process) for 10 to 20 s. Exports need none of that machinery: rows are written
straight as SpreadsheetML into the zip archive, with constant memory (bench/RESULTS.md).

What a reader gets: the header row bold and frozen, an autofilter over every row, one number
format per column (dates, euros, percentages), columns as wide as their content, and text
that looks like a formula marked as text (quotePrefix), so that no spreadsheet runs it.
"""

import itertools
import math
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from apure.spreadsheets import looks_like_formula

DEFAULT_DATE_FORMAT = "DD/MM/YYYY"
SHEET_NAME_MAX = 31
CELL_TEXT_MAX = 32_767  # longer text makes Excel "repair" (truncate) the whole file
EPOCH = datetime(1899, 12, 30)  # day 0 of spreadsheet dates (with Lotus's 1900 leap day)
ROWS_PER_WRITE = 1_000
WIDTH_SAMPLE_ROWS = 200
COLUMN_WIDTH_MIN, COLUMN_WIDTH_MAX = 10, 60  # in characters
# XML 1.0 forbids these characters even escaped; DECP text sometimes carries them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_CARE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")
# SpreadsheetML reads "_xHHHH_" in text as an escaped character: a literal one (DECP text can
# hold it) keeps its first underscore by escaping it in turn, as "_x005F_".
_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

# Cell styles (cellXfs), by position: then one per number format of the columns.
STYLE_HEADER, STYLE_FORMULA_TEXT, FIRST_FORMAT_STYLE = 1, 2, 3
FIRST_CUSTOM_FORMAT_ID = 164  # ids below are built into spreadsheet software

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OOXML_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{OOXML_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{OOXML_TYPE}.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    XML_HEAD + f'<Relationships xmlns="{NS_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    XML_HEAD + f'<Relationships xmlns="{NS_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{NS_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def sheet_name(title: str) -> str:
    """At most 31 characters, none of \\ * ? : / [ ] and no apostrophe at either end
    (spreadsheet software refuses such names, or "repairs" the file)."""
    name = _utf16_prefix(_SHEET_NAME_FORBIDDEN.sub(" ", title), SHEET_NAME_MAX)
    return name.strip().strip("'").strip() or "Feuille 1"


def _utf16_prefix(text: str, limit: int) -> str:
    """The longest prefix of `text` of at most `limit` UTF-16 code units, the unit in which
    spreadsheet software counts (a character beyond U+FFFF counts two), never half a pair."""
    if len(text) * 2 <= limit:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def write(out, title, header, rows, formats=None) -> int:
    """Write a workbook of one sheet into the binary file `out`; return the number of rows.

    `formats`: one number format (or None) per column, applied to its numbers and dates.
    """
    formats = list(formats or [])
    formats += [None] * (len(header) - len(formats))
    number_formats = list(dict.fromkeys(f for f in [*formats, DEFAULT_DATE_FORMAT] if f))
    styles = {fmt: FIRST_FORMAT_STYLE + index for index, fmt in enumerate(number_formats)}
    columns = [
        (get_column_letter(index + 1), styles.get(fmt, 0), styles[fmt or DEFAULT_DATE_FORMAT])
        for index, fmt in enumerate(formats)
    ]
    name = sheet_name(title)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _styles(number_formats))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            count = _write_sheet(sheet, header, rows, columns)
        # The filter's range is known once every row is written.
        archive.writestr("xl/workbook.xml", _workbook(name, len(header), count + 1))
    return count


def _column_widths(header, sample) -> str:
    """Columns as wide as their header or the text of the first rows, within bounds."""
    widths = []
    for index, label in enumerate(header):
        longest = max((len(str(row[index])) for row in sample if index < len(row)), default=0)
        width = min(max(len(str(label)), longest) + 2, COLUMN_WIDTH_MAX)
        widths.append(max(width, COLUMN_WIDTH_MIN))
    return "".join(
        f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
        for number, width in enumerate(widths, start=1)
    )


def _write_sheet(sheet, header, rows, columns) -> int:
    # Column widths come before the rows in the file: measured on the first rows only.
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    rows = itertools.chain(sample, rows)
    widths = _column_widths(header, sample)
    sheet.write(
        (
            XML_HEAD + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>'
            + _row(1, header, [(letter, STYLE_HEADER, STYLE_HEADER) for letter, *_ in columns])
        ).encode()
    )
    count, pending = 0, []
    for count, row in enumerate(rows, start=1):  # noqa: B007 (count is the total after the loop)
        pending.append(_row(count + 1, row, columns))
        if len(pending) == ROWS_PER_WRITE:
            sheet.write("".join(pending).encode())
            pending.clear()
    sheet.write("".join(pending).encode())
    last_cell = f"{get_column_letter(max(len(header), 1))}{count + 1}"
    sheet.write(f'</sheetData><autoFilter ref="A1:{last_cell}"/></worksheet>'.encode())
    return count


def _row(number, values, columns) -> str:
    cells = [f'<row r="{number}">']
    for (letter, number_style, date_style), value in zip(columns, values, strict=False):
        # The hot loop of an export (one pass per cell): text first, it is most cells.
        if type(value) is str:
            if value:
                cells.append(_text_cell(f"{letter}{number}", value, number_style))
        elif value is not None:
            cells.append(_value_cell(f"{letter}{number}", value, number_style, date_style))
    cells.append("</row>")
    return "".join(cells)


def _value_cell(ref, value, number_style, date_style) -> str:
    """A cell of a number, date or boolean ("" for what no cell can hold, such as NaN)."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{date_style}"><v>{_serial(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        if not math.isfinite(value):
            return ""
        style = f' s="{number_style}"' if number_style else ""
        number = repr(value) if isinstance(value, float) else str(value)
        return f'<c r="{ref}"{style}><v>{number}</v></c>'
    return _text_cell(ref, str(value), number_style) if str(value) else ""


def _text_cell(ref, text, style) -> str:
    # Text is never computed, whatever it starts with; quotePrefix also keeps it text when a
    # reader edits the cell, as if typed after an apostrophe.
    if looks_like_formula(text):
        style = STYLE_FORMULA_TEXT
    if len(text) > CELL_TEXT_MAX // 2:
        text = _utf16_prefix(text, CELL_TEXT_MAX)
    if "_x" in text:
        text = _ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    if _NEEDS_CARE.search(text):
        text = escape(_NOT_XML.sub("", text))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    style_attribute = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{style_attribute} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _serial(value: date) -> str:
    """A date as the number of days since the spreadsheet epoch (time as a fraction of a day)."""
    if isinstance(value, datetime):
        days = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86_400
        return repr(days)
    return str((value - EPOCH.date()).days)


def _workbook(name, columns, rows) -> str:
    # The autofilter's range is also a hidden defined name, where Excel keeps it.
    quoted = name.replace("'", "''")
    reference = f"'{quoted}'!$A$1:${get_column_letter(max(columns, 1))}${rows}"
    return (
        XML_HEAD + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{escape(reference)}</definedName></definedNames></workbook>"
    )


def _styles(number_formats) -> str:
    formats = "".join(
        f'<numFmt numFmtId="{FIRST_CUSTOM_FORMAT_ID + index}" formatCode={quoteattr(code)}/>'
        for index, code in enumerate(number_formats)
    )
    format_styles = "".join(
        f'<xf numFmtId="{FIRST_CUSTOM_FORMAT_ID + index}" fontId="0" fillId="0" borderId="0"'
        ' xfId="0" applyNumberFormat="1"/>'
        for index in range(len(number_formats))
    )
    return (
        XML_HEAD + f'<styleSheet xmlns="{NS_MAIN}">'
        f'<numFmts count="{len(number_formats)}">{formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{FIRST_FORMAT_STYLE + len(number_formats)}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
        f"{format_styles}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
