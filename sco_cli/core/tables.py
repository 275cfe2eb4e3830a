"""Tables in: the CSV, TSV and Excel exports every import reads (SC-TMS, SCIP, scanners, spreadsheets).

Exports are messy, and what cannot be read is named, never guessed:

- the encoding is decided once per file: UTF-8 (with or without a byte-order mark), UTF-16 with its
  mark (Excel's "Unicode text"), else Windows-1252, which is said (a note naming the first line that is
  not UTF-8) since one wrong guess changes every accented name;
- the separator is the header line's most frequent of `,` `;` tab `|`; quoted values may hold line ends;
- blank rows and repeated header rows (exports glued together) are skipped and named by line;
- a row with values beyond the header's columns, a quote that is never closed, or a value holding
  control, invisible or direction-changing characters (U+200B, U+202E: text that looks like one thing
  and is another) is skipped and named by its line and column, never with its value (it may be a
  passport number).

Excel workbooks (.xlsx) are read with openpyxl, first sheet, values as the cells show them (a date cell
is YYYY-MM-DD, a whole number has no `.0`); row numbers are the sheet's.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sco_cli.core.csv_table import cell_value
from sco_cli.core.errors import UsageError
from sco_cli.core.files import read_regular

MAX_TABLE_BYTES = 20 * 1024 * 1024
"""Largest export read (20 MiB: about 100,000 rows of a wide roster)."""
MAX_XLSX_EXPANDED = 200 * 1024 * 1024
"""Largest a workbook may unpack to: a small .xlsx that unpacks to gigabytes is refused unread."""
MAX_CELL = 10_000
"""Longest value in a cell (csv's own field limit is 131,072)."""


@dataclass(slots=True)
class TableRow:
    line: int  # the line (CSV) or row (Excel) where the row starts
    cells: list[str]


@dataclass
class Table:
    """A table as read: its header, its rows, and every line that is not a row, with why."""

    name: str
    header: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the whole file (the encoding)
    blank_lines: list[int] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why), never the value


def read_table(path: Path) -> Table:
    """The table in `path` (.xlsx by its suffix, otherwise delimited text); unusable files are refused
    with one line (exit 2), unusable rows are listed in `skipped`."""
    name = str(path)
    try:
        raw, status = read_regular(path, MAX_TABLE_BYTES)  # a FIFO is refused, never waited on
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_TABLE_BYTES:
        refused = f"an export larger than {MAX_TABLE_BYTES // 2**20} MiB is refused"
        raise UsageError(f"{name}: {status.st_size:,} bytes; {refused}")
    table = Table(name)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        lines = _workbook_rows(raw, name)
    else:
        text = _decode(raw, table)
        if "\x00" in text:
            raise UsageError(f"{name}: not a CSV file (it holds binary data)")
        lines = _delimited_rows(text, table)
    _take_rows(lines, table)
    if not table.header:
        raise UsageError(f"{name}: the file is empty")
    return table


def _decode(raw: bytes, table: Table) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UsageError(f"{table.name}: marked UTF-16 but not readable as UTF-16") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise UsageError(
            f"{table.name}: not a text file (neither UTF-8 nor Windows-1252); export it as CSV UTF-8"
        ) from None
    table.notes.append(
        f"not UTF-8 (line {line} is the first that is not): read as Windows-1252; "
        "check accented letters, or export as CSV UTF-8"
    )
    return text


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of , ; tab |."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _delimited_rows(text: str, table: Table) -> list[TableRow]:
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[TableRow] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            if "end of data" in str(exc) or "EOF" in str(exc):
                why = f"a quote opened on this line is never closed: lines {start} to {end} not read"
            elif "field larger" in str(exc):
                why = f"a value longer than {MAX_CELL:,} characters"
            else:
                why = f"not readable as CSV ({exc})"
            table.skipped.append((start, why))
            if end <= start or "end of data" in str(exc):
                break
            start = end + 1
            continue
        rows.append(TableRow(start, cells))
        start = reader.line_num + 1
    return rows


def _workbook_rows(raw: bytes, name: str) -> list[TableRow]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UsageError(f"{name}: not an Excel workbook (.xlsx)") from None
    if expanded > MAX_XLSX_EXPANDED:
        raise UsageError(f"{name}: the workbook unpacks to {expanded:,} bytes; more than sco reads")
    import openpyxl  # noqa: PLC0415 - only for a workbook

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [
            TableRow(number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
        book.close()
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise UsageError(f"{name}: not readable as an Excel workbook ({type(exc).__name__})") from None
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _header_key(cells: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(c.split()).lower() for c in cells if c.strip())


def _take_rows(rows: list[TableRow], table: Table) -> None:
    header_key: tuple[str, ...] = ()
    width = 0
    for row in rows:
        if not any(cell.strip() for cell in row.cells):
            if table.header:
                table.blank_lines.append(row.line)
            continue
        if not table.header:
            table.header = [cell.strip() for cell in row.cells]
            while table.header and not table.header[-1]:
                table.header.pop()
            header_key, width = _header_key(table.header), len(table.header)
            continue
        if _header_key(row.cells) == header_key:
            table.repeated_headers.append(row.line)
            continue
        extra = [cell for cell in row.cells[width:] if cell.strip()]
        if extra:
            table.skipped.append((row.line, f"{len(extra)} value(s) beyond the header's {width} columns"))
            continue
        problem = hidden_characters(row.cells, table.header)
        if problem:
            table.skipped.append((row.line, problem))
            continue
        table.rows.append(TableRow(row.line, [cell_value(cell.strip()) for cell in row.cells[:width]]))


def _hidden(char: str) -> bool:
    """Control characters, and format characters: zero-width spaces and joiners, bidirectional
    overrides and isolates (U+202A-U+202E, U+2066-U+2069), soft hyphens, byte-order marks."""
    return unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\r\n"


def hidden_characters(cells: list[str], header: list[str]) -> str:
    """Why a row is refused for characters that cannot be seen ('' when it is not): named by column
    and code point, never with the value."""
    for position, cell in enumerate(cells):
        if cell.isascii() and cell.isprintable():
            continue
        for char in cell:
            if _hidden(char):
                column = header[position] if position < len(header) and header[position] else f"column {position + 1}"
                return f"'{column}' holds an invisible or control character (U+{ord(char):04X})"
    return ""


def normal_text(value: str) -> str:
    """The text identifiers are compared by: Unicode NFKC (`SN1` in fullwidth letters is `SN1`, a
    no-break space a space), blanks collapsed, ends stripped."""
    return " ".join(unicodedata.normalize("NFKC", value).split())
