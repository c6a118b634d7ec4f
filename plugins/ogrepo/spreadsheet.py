"""Spreadsheets in and out: a CSV file or a sheet of an Excel workbook (.xlsx) as numbered rows of cells.

This is the adapter between files and the tracker (tracker.py), which only sees rows. Cells come
back as the spreadsheet shows them: text stripped of surrounding spaces, whole numbers as `1`
rather than `1.0`, a date as a `datetime.date`, an empty cell as None. Row numbers are the
spreadsheet's own (1-based, empty rows counted), so that a message points at the row a person sees.

Workbooks are read with openpyxl, values as last calculated (a formula gives its result). A merged
cell's value is given to every cell it covers: trackers merge the commitment's cells over its rows.
CSV files are read as UTF-8 (with or without a byte-order mark), with a comma, semicolon or tab
between cells, whichever the header row uses (French spreadsheets write semicolons).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
# what a spreadsheet would run as a formula: our CSV cells starting so are written with a ' first
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SheetError(Exception):
    """The file cannot be read as a spreadsheet (the message says why and what to do)."""


@dataclass
class Sheet:
    name: str  # the file's name, as messages show it
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cells), non-empty rows only


def format_of(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def column_letter(index: int) -> str:
    """The spreadsheet's name of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read(path: Path, sheet: str | None = None, name: str | None = None) -> Sheet:
    """The rows of a .csv or .xlsx file; SheetError when it cannot be read."""
    kind = format_of(path)
    name = name or path.name
    if kind is None:
        raise SheetError(f"{name}: not a spreadsheet ogrepo reads; save it as .xlsx (Excel) or .csv")
    if not path.is_file():
        raise SheetError(f"{name}: there is no such file")
    return read_csv(path, name) if kind == CSV else read_xlsx(path, sheet, name)


def read_csv(path: Path, name: str) -> Sheet:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SheetError(f"{name}:{line}: this CSV file is not UTF-8 text; in Excel, save it as "
                         "'CSV UTF-8 (comma delimited)', or give the .xlsx file instead") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    sheet = Sheet(name)
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        values = [_csv_cell(c) for c in cells]
        if any(v is not None for v in values):
            sheet.rows.append((number, values))
    return sheet


def _csv_cell(text: str):
    text = text.strip()
    # our own export guards a cell a spreadsheet would run as a formula with a ' (see write_csv)
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_START:
        text = text[1:]
    return text or None


def read_xlsx(path: Path, sheet: str | None, name: str) -> Sheet:
    from openpyxl import load_workbook  # imported here: every other command starts without it
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"{name}: this is not an Excel workbook that can be read ({exc}); open it in a "
                         "spreadsheet and save it again as .xlsx") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise SheetError(f"{name}: there is no sheet '{sheet}'; its sheets are: " + ", ".join(book.sheetnames))
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    merged = {}
    for area in ws.merged_cells.ranges:  # the value sits in the top left cell only
        value = ws.cell(area.min_row, area.min_col).value
        for row in range(area.min_row, area.max_row + 1):
            for col in range(area.min_col, area.max_col + 1):
                merged[(row, col)] = value
    out = Sheet(name if sheet is None else f"{name}[{sheet}]")
    for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        values = [_xlsx_cell(merged.get((number, col), v)) for col, v in enumerate(cells, start=1)]
        if any(v is not None for v in values):
            out.rows.append((number, values))
    book.close()
    return out


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


# --- writing ---------------------------------------------------------------------------------

def write(path: Path, header: list[str], rows: list[list], kind: str) -> None:
    """Write a new file (the caller checked that none is there), through a temporary file so that
    a failure leaves nothing half-written."""
    data = _xlsx_bytes(header, rows) if kind == XLSX else _csv_text(header, rows).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ogrepo-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _csv_text(header: list[str], rows: list[list]) -> str:
    """UTF-8 with a byte-order mark and CRLF: spreadsheets then open accented text right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_csv_out(v) for v in row] for row in rows])
    return out.getvalue()


def _csv_out(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    # CSV injection: a cell starting like a formula is written with a ' first (read back without it)
    return "'" + value if value[:1] in FORMULA_START else value


def _xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = "Tracker"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with '=': never a formula
            else:
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for c, title in enumerate(header, start=1):
        ws.column_dimensions[column_letter(c - 1)].width = min(60, max(12, len(title) + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
