"""Speed of the contract exports (XLSX and CSV) on a synthetic store.

    .venv/bin/python bench/export_bench.py --contracts 60000 --rows 50000

Writes a store with bench/observatory_synth.py (or reads --store), fetches the rows of the
default export columns once, then times on the same rows: the XLSX writer of the exports, the
openpyxl write-only workbook they used before (same formats, for comparison), and the CSV text.
Each writer runs twice: once timed, once under tracemalloc for the peak of the memory it
allocates (the rows, fetched beforehand, are not counted). Then the export view through
Django's test client: a first request (file written) and a second one (served from the export
cache). Wall and CPU time: the machine is shared, and CPU time varies less with the load.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402

from apure.decp import store  # noqa: E402
from apure.observatory import contracts, exports, store_query  # noqa: E402
from apure.observatory.filters import Filters  # noqa: E402


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def peak_memory(function) -> int:
    """Peak of the bytes allocated while `function` runs (a separate run: tracemalloc is slow)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def openpyxl_workbook(header, rows, formats):
    """The exports' XLSX before issue 15: openpyxl in write-only mode, one cell object each."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Marchés")
    sheet.freeze_panes = "A2"
    sheet.append(header)
    for row in rows:
        cells = []
        for value, number_format in zip(row, formats, strict=True):
            value = exports._xlsx_value(value)
            if number_format and value != "":
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format
                value = cell
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.tell()


def apure_workbook(header, rows, formats):
    out = io.BytesIO()
    exports.write_xlsx(out, "Marchés", header, rows, formats)
    return out.tell()


def csv_text(header, rows):
    return sum(len(piece.encode()) for piece in exports.csv_lines(header, rows))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", help="an existing store (default: write one)")
    parser.add_argument("--contracts", type=int, default=60_000)
    parser.add_argument("--rows", type=int, default=exports.LIMITS["xlsx"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="apure-export-bench-"))
    path = Path(args.store) if args.store else work / "synth.duckdb"
    if not args.store:
        subprocess.run(
            [sys.executable, str(ROOT / "bench/observatory_synth.py"), "--contracts",
             str(args.contracts), "--buyers", "3000", "--out", str(path),
             "--truth", str(work / "truth.json")],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    settings.ANALYTICS_DB_PATH = path
    store.close()
    store_query.clear_cache()

    columns = list(exports.DEFAULT_COLUMNS)
    header = [exports.CONTRACT_COLUMNS[column] for column in columns]
    formats = exports.contract_formats(columns)
    filters = Filters.from_query({"region": [""]})
    rows, wall, cpu = timed(lambda: list(contracts.stream(filters, columns, limit=args.rows)))
    rows = list(exports.contract_rows(columns, rows))
    print(f"{len(rows)} rows × {len(columns)} columns; fetch {wall:.2f} s wall, {cpu:.2f} s CPU")
    for name, writer in [
        ("XLSX openpyxl write-only (before)", openpyxl_workbook),
        ("XLSX exports.write_xlsx (after)", apure_workbook),
        ("CSV exports.csv_lines", csv_text),
    ]:

        def run(writer=writer):
            return writer(header, rows) if writer is csv_text else writer(header, rows, formats)

        size, wall, cpu = timed(run)
        peak = peak_memory(run)
        print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(rows) / cpu:,.0f} rows/s of CPU, "
              f"{size / 1e6:.1f} MB, peak memory {peak / 1e6:.1f} MB")  # fmt: skip

    client = Client()
    url = "/observatoire/marches/export.xlsx?region="  # capped at LIMITS["xlsx"] rows
    for attempt in ("first request (file written)", "same request again (export cache)"):
        response, wall, cpu = timed(lambda: client.get(url))
        size = sum(len(chunk) for chunk in response.streaming_content)
        print(f"view, {attempt}: HTTP {response.status_code}, {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU, {size / 1e6:.1f} MB")  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
