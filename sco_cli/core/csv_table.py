"""The one CSV writer: every CSV sco prints or writes (check reports, case status, rules, thresholds,
waivers, the Javits and forecast reports, positions of prominence, LOR routing, the EUM inventory
sheet) goes through `csv_text` or `csv_records`, so each cell is written the same way everywhere.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a single
quote in front (`'=HYPERLINK(...)`): Excel, LibreOffice and Google Sheets run such a cell as a formula
when the file is opened, and a value from an office file (a case status, an item's name, a serial
number) must never run there. This is the OWASP "CSV injection" advice. Numbers stay numbers (a
negative amount is not text), and only CSV is touched: JSON carries the exact value."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (or, tab and CR, what hides one)."""


def spreadsheet_cell(value: object) -> object:
    """A value as a CSV cell: booleans as JSON writes them (`true`/`false`), text that a spreadsheet
    would run as a formula behind a single quote, everything else as it is (None is an empty cell)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_value(cell: str) -> str:
    """A cell read back as a spreadsheet shows it: the single quote that marks a cell as text before `=`,
    `+`, `-`, `@`, tab or CR (what `spreadsheet_cell` writes) is not part of the value, so a table sco
    exported imports back unchanged."""
    return cell[1:] if cell.startswith("'") and cell[1:2] != "" and cell[1:2] in FORMULA_STARTS else cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header and rows as CSV text, every cell through `spreadsheet_cell`, lines ending in `\\n`.

    Python's writer quotes a cell holding a line end it writes (`\\n`) but not a lone carriage return,
    which Excel and LibreOffice read as the end of the row: a row with one has every cell quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in itertools.chain([header], rows):
        cells = [spreadsheet_cell(value) for value in row]
        (quoted if any(isinstance(cell, str) and "\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue()


def csv_records(columns: Sequence[str], records: Iterable[Mapping[str, object]]) -> str:
    """Records (dictionaries) as CSV with the given columns: a missing key is an empty cell, a key not
    among the columns is left out."""
    return csv_text(columns, ([record.get(column, "") for column in columns] for record in records))
