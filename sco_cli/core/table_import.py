"""The one table importer: a CSV, TSV or Excel export read through a mapping file and merged, record by
record, into the office's YAML files without destroying anything.

    mapping = load_mapping(path)                       # or shipped_mapping("case-status")
    mapped = read_mapped(Path("extract.csv"), mapping, personal)
    store = FolderStore(Path("cases"), mapping)        # one file per record (students, cases)
    #     = ListStore(Path("plan.yaml"), ("lines",), mapping, new_text)   # items of one file's list
    plan = plan_import(mapped, store, Model, ImportOptions(source="extract.csv", day=today, force=False))
    write_plan(plan)                                   # unless --dry-run

The steps, each once:

1. `read_mapped`: `core.tables.read_table` (encoding, blank and repeated header rows, hidden characters:
   each named by line), then each column found by its header (case, spaces and punctuation ignored);
   columns the mapping does not name are reported, never guessed at. A cell is converted by its
   column's type: `date` in the mapping's formats (`m/d/Y`; YYYY-MM-DD always), `money` (`$4,634,880`,
   `4634880`), `number`, `flag`, `text`; a value map (`Offered: offered`) first. A row with a value that
   cannot be read is not imported and is named by line and column; the value is quoted only where the
   field is not personal. Rows repeating a key are reported; when they disagree none of them is
   imported (choosing one would be a guess).
2. `plan_import`: each row is matched by its key to a record of the store (key compared after NFKC,
   case ignored). A new record is created; a known one is merged field by field through
   `core.yaml_edit.TextEdit`: a field the record lacks is added, one that holds the same value is left,
   one that differs is changed only when the record still holds what the last import wrote (the
   export changed, not the office) or with `force`; otherwise it is reported and kept. Values that are
   readable but wrong (a start in 2109, an end before the start) are imported as written: the kind's
   rules report them. A value the kind's model cannot take (`status: maybe`) refuses the row, with the
   model's own message (personal values masked).
3. Every record the import writes carries `imported:` (see `Imported` in `core/types.py`): the table's
   file name, the day, the row, and a short fingerprint of each value it wrote, which is how a later
   import tells a hand edit from its own value, and says what changed since (added, changed, gone).
4. `write_plan`: each changed file through `core.office_write` (locked, compared with the snapshot,
   atomic rename); nothing is written for a dry run.

The mapping file (YAML):

    mapping: case-status            # a name for messages
    kind: case                      # the kind of the records
    key: id                         # the field that matches a table row to a record
    date_format: m/d/Y              # or a list: [m/d/Y, d.m.Y]; YYYY-MM-DD is always read
    file_name: "{id}"               # a new record's file (FolderStore), from its fields
    totals: [Program Totals]        # a row with a cell saying this is the table's sums: skipped, named
    columns:                        # in the export's order (exports write them in this order)
      Case: id
      Status: {field: status, values: {OFFERED: offered, IMPLEMENTED: implemented}}
      Offer Date: {field: offered, type: date}
      Case Value: {field: value_usd, type: money, format: "$#,##0"}
      Course MASL: {field: "courses[0].masl", also: [MASL, MASL ID]}
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sco_cli.core.errors import UsageError
from sco_cli.core.loader import parse_document
from sco_cli.core.office_write import OfficeFile, read_office_file, would_refuse, write_office_file
from sco_cli.core.tables import Table, normal_text, read_table
from sco_cli.core.types import BadValue, parse_money
from sco_cli.core.validate import shown_value, validation_findings
from sco_cli.core.yaml_edit import EditRefused, TextEdit, document_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pydantic import BaseModel

FieldPath = tuple[str | int, ...]
TYPES = ("text", "date", "money", "number", "flag")
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "mappings"
"""The mappings sco ships (`sco_cli/data/mappings/NAME.yaml`)."""

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0"}


# ---------------------------------------------------------------------------------------------
# The mapping


@dataclass(frozen=True)
class Column:
    """One column of the export: the header it has, the field it fills, and how its text is read."""

    header: str
    field: str  # dotted, `courses[0].masl`
    path: FieldPath
    type: str = "text"
    date_formats: tuple[str, ...] = ()
    money_format: str = "0"
    values: tuple[tuple[str, str], ...] = ()  # (table text, file value), in the mapping's order
    also: tuple[str, ...] = ()  # other headers meaning the same column

    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.also)


@dataclass(frozen=True)
class Mapping:
    name: str
    kind: str
    keys: tuple[str, ...]  # the fields that together match a row to a record (`key: id`, `key: [masl, start]`)
    columns: tuple[Column, ...]
    file_name: str = ""
    totals: tuple[str, ...] = ()  # labels of totals rows (`Program Totals`), as `header_key` writes them

    @property
    def key(self) -> str:
        """The first key field (the only one, for most mappings)."""
        return self.keys[0]

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.field == self.key)

    @property
    def key_columns(self) -> list[Column]:
        return [next(c for c in self.columns if c.field == key) for key in self.keys]


def field_path(text: str) -> FieldPath:
    """`courses[0].masl` -> ("courses", 0, "masl")."""
    parts: list[str | int] = []
    for piece in text.split("."):
        match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)", piece.strip())
        if not match:
            raise ValueError(f"'{text}' is not a field path (write it like name.surname or courses[0].masl)")
        parts.append(match.group(1))
        parts += [int(i) for i in re.findall(r"\[(\d+)\]", match.group(2))]
    return tuple(parts)


def dotted_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def shipped_mapping(name: str) -> Mapping:
    """A mapping sco ships, by name (`student-roster`, `case-status`, ...)."""
    path = SHIPPED / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.yaml")))
        raise UsageError(f"no shipped mapping '{name}' (shipped: {known})")
    return load_mapping(path)


def load_mapping(path: Path) -> Mapping:
    """The mapping in `path`; a mapping sco cannot use is refused with one line naming what is wrong."""
    name = str(path)
    if not Path(path).is_file():
        raise UsageError(f"--mapping {name}: no such file")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--mapping {name}: cannot read it ({exc})") from None
    loaded = parse_document(text, name)
    errors = [f for f in loaded.findings if f.severity == "error"]
    if errors:
        raise UsageError(f"{name}:{errors[0].line}: {errors[0].message}")
    try:
        return _mapping(loaded.data or {}, Path(path).stem)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _text(value: Any) -> str:
    raw = getattr(value, "raw", None)
    if isinstance(raw, str):
        return raw
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _mapping(data: dict[str, Any], stem: str) -> Mapping:
    unknown = set(data) - {"mapping", "kind", "key", "date_format", "file_name", "columns", "totals"}
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))} (see docs/imports.md)")
    kind = _text(data.get("kind")).strip()
    given_keys = data.get("key")
    keys = tuple(_text(k).strip() for k in (given_keys if isinstance(given_keys, list) else [given_keys]))
    keys = tuple(k for k in keys if k)
    if not kind or not keys:
        raise ValueError("a mapping needs `kind:` (student, case, ...) and `key:` (the field that matches records)")
    formats = data.get("date_format") or ["Y-m-d"]
    formats = [formats] if not isinstance(formats, list) else formats
    date_formats = tuple(_date_format(_text(f)) for f in formats)
    columns_data = data.get("columns")
    if not isinstance(columns_data, dict) or not columns_data:
        raise ValueError("`columns:` must map each export header to a field")
    columns: list[Column] = []
    seen_fields: dict[str, str] = {}
    seen_headers: dict[str, str] = {}
    for header, spec in columns_data.items():
        header = _text(header)
        spec = {"field": spec} if not isinstance(spec, dict) else spec
        extra = set(spec) - {"field", "type", "format", "values", "also"}
        if extra:
            raise ValueError(f"column '{header}': unknown key(s) {', '.join(sorted(map(str, extra)))}")
        target = _text(spec.get("field")).strip()
        if not target:
            raise ValueError(f"column '{header}': no `field:`")
        kind_of = _text(spec.get("type") or "text").strip().lower()
        if kind_of not in TYPES:
            raise ValueError(f"column '{header}': type '{kind_of}' is not one of {', '.join(TYPES)}")
        values = spec.get("values") or {}
        if not isinstance(values, dict):
            raise ValueError(f"column '{header}': `values:` maps the export's text to the file's value")
        own_formats = spec.get("format")
        column = Column(
            header=header,
            field=target,
            path=field_path(target),
            type=kind_of,
            date_formats=(
                tuple(_date_format(_text(f)) for f in (own_formats if isinstance(own_formats, list) else [own_formats]))
                if kind_of == "date" and own_formats
                else date_formats
            ),
            money_format=_money_format(_text(own_formats)) if kind_of == "money" and own_formats else "0",
            values=tuple((_text(k), _text(v)) for k, v in values.items()),
            also=tuple(_text(a) for a in (spec.get("also") or [])),
        )
        if target in seen_fields:
            raise ValueError(f"columns '{seen_fields[target]}' and '{header}' both fill {target}")
        seen_fields[target] = header
        for name in column.headers():
            normal = header_key(name)
            if normal in seen_headers:
                raise ValueError(f"header '{name}' is given twice (columns '{seen_headers[normal]}' and '{header}')")
            seen_headers[normal] = header
        columns.append(column)
    for key in keys:
        if key not in seen_fields:
            raise ValueError(f"the key `{key}` is not filled by any column")
    name = _text(data.get("mapping")).strip() or stem
    file_name = _text(data.get("file_name")).strip() or "-".join("{" + key + "}" for key in keys)
    totals = data.get("totals") or []
    if not isinstance(totals, list):
        raise ValueError("`totals:` lists the labels of totals rows (e.g. [Program Totals, Country Totals])")
    labels = tuple(header_key(_text(label)) for label in totals if header_key(_text(label)))
    return Mapping(name, kind, keys, tuple(columns), file_name, labels)


_TOKEN = re.compile(r"yyyy|Y|mm|m|dd|d")


def _date_format(text: str) -> str:
    """`m/d/yyyy` and `m/d/Y` are the same format; any token but day, month and four-digit year is
    refused (a two-digit year would be a guess at the century)."""
    text = text.strip()
    rest = _TOKEN.sub("", text)
    if re.search(r"[A-Za-z0-9]", rest) or not text:
        raise ValueError(f"date format '{text}': use d, m, Y (or dd, mm, yyyy) and separators, e.g. m/d/Y")
    found = [t.replace("yyyy", "Y") for t in _TOKEN.findall(text)]
    if sorted(t[0] for t in found) != ["Y", "d", "m"]:
        raise ValueError(f"date format '{text}': needs one day (d), one month (m) and one year (Y)")
    return text.replace("yyyy", "Y")


def _money_format(text: str) -> str:
    formats = {"$#,##0": "$#,##0", "#,##0": "#,##0", "0": "0", "$0": "$0"}
    if text.strip() not in formats:
        raise ValueError(f"money format '{text}': one of {', '.join(formats)}")
    return text.strip()


def header_key(text: str) -> str:
    """Headers are compared without case, accents' compatibility forms, spaces or punctuation."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normal_text(text).lower()).split())


# ---------------------------------------------------------------------------------------------
# Reading cells


class Unreadable(ValueError):
    """A cell whose text the column cannot read; `reason` never holds the value."""

    def __init__(self, reason: str, example: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.example = example


def _date_regex(fmt: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in _TOKEN.finditer(fmt):
        pattern += re.escape(fmt[position : match.start()])
        token = match.group(0)
        pattern += {"Y": r"(?P<Y>\d{4})", "yyyy": r"(?P<Y>\d{4})"}.get(token, rf"(?P<{token[0]}>\d{{1,2}})")
        position = match.end()
    return re.compile(pattern + re.escape(fmt[position:]) + r"\Z")


def read_date(text: str, formats: tuple[str, ...]) -> date:
    value = text.strip()
    for fmt in ("Y-m-d", *formats):
        match = _date_regex(fmt).match(value)
        if match:
            try:
                return date(int(match.group("Y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                raise Unreadable("is not a real calendar date") from None
    raise Unreadable("is not a date written " + " or ".join(dict.fromkeys((*formats, "Y-m-d"))))


def write_date(day: date, fmt: str) -> str:
    def token(match: re.Match[str]) -> str:
        name = match.group(0)
        if name in ("Y", "yyyy"):
            return f"{day.year:04d}"
        number = day.month if name[0] == "m" else day.day
        return f"{number:02d}" if len(name) == 2 else str(number)

    return _TOKEN.sub(token, fmt)


def read_cell(text: str, column: Column) -> Any:
    """The value a cell gives its field (None for an empty cell), or `Unreadable`."""
    value = text.strip()
    if not value:
        return None
    wanted = header_key(value)
    for table_text, file_value in column.values:
        if header_key(table_text) == wanted:
            value = file_value
            break
    if column.type == "date":
        return read_date(value, column.date_formats)
    if column.type == "money":
        try:
            return parse_money(value)
        except BadValue as exc:
            raise Unreadable(exc.reason, "$4,634,880") from None
        except ValueError:
            raise Unreadable("is not a dollar amount", "$4,634,880") from None
    if column.type == "number":
        digits = value.replace(",", "")
        if not re.fullmatch(r"\d{1,15}", digits):
            raise Unreadable("is not a whole number", "12")
        return int(digits)
    if column.type == "flag":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise Unreadable("is not yes or no", "yes")
    return value


def write_cell(value: Any, column: Column) -> str:
    """The text an export writes for `value`: the reverse of `read_cell` (first matching value map)."""
    if value is None:
        return ""
    if column.type == "date" and isinstance(value, date):
        text = write_date(value, column.date_formats[0])
    elif column.type == "money" and isinstance(value, int) and not isinstance(value, bool):
        amount = f"{value:,}" if "," in column.money_format else str(value)
        text = ("$" if column.money_format.startswith("$") else "") + amount
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = _text(value)
    for table_text, file_value in column.values:
        if header_key(file_value) == header_key(text):
            return table_text
    return text


def canonical(value: Any, column: Column) -> str:
    """A value as compared and fingerprinted: a file's `2027-01-19` and a table's `1/19/2027` are one."""
    if value is None:
        return ""
    if isinstance(value, list):  # a list the import collects (a line's serials): its items, in any order
        return "\x1f".join(sorted(canonical(item, column) for item in value))
    raw = getattr(value, "raw", None)
    if isinstance(raw, str) and column.type == "text":  # `000123` in the file is the text 000123, not 123
        return normal_text(raw)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = _text(value)
    if column.type in ("date", "money", "number", "flag"):
        try:
            return canonical(read_cell(text, column), column)
        except Unreadable:
            pass
    return normal_text(text)


def fingerprint(value: Any, column: Column) -> str:
    """Ten letters from the SHA-256 of the canonical value: enough to tell a changed value, and letters
    only, so YAML writes them plain."""
    number = int.from_bytes(hashlib.sha256(canonical(value, column).encode("utf-8")).digest()[:8], "big")
    letters = []
    for _ in range(10):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters)


# ---------------------------------------------------------------------------------------------
# The table read through the mapping


@dataclass
class Row:
    line: int
    values: dict[str, Any]  # field (dotted) -> value; empty cells left out
    key: str  # as the table wrote it
    match: str  # as compared


@dataclass
class MappedTable:
    name: str  # the table's file name (what `imported.source` records)
    mapping: Mapping
    columns: list[Column]  # the mapped columns present, in the table's order
    rows: list[Row] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # table headers the mapping does not name
    absent: list[str] = field(default_factory=list)  # mapping columns the table lacks
    notes: list[str] = field(default_factory=list)
    blank_lines: list[int] = field(default_factory=list)
    totals_lines: list[int] = field(default_factory=list)  # rows of totals (the mapping's `totals:`), skipped
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, why), values only when not personal


def _found(taken: dict[str, str], header: list[str]) -> str:
    """The first row's cells a refusal may name: those the mapping knows. The others are counted, not
    quoted: without its key column the first row may well be a person's row (a roster whose header line
    was lost), and its passport number or date of birth must not reach the terminal."""
    known = ", ".join(f"'{h}'" for h in taken.values()) or "none"
    others = len(header) - len(taken)
    return f"headers of the mapping found: {known}" + (
        f"; {others} other cells in the first row, not shown" if others else ""
    )


def read_mapped(path: Path, mapping: Mapping, personal: Callable[[FieldPath], bool]) -> MappedTable:
    """The export at `path` read through `mapping`: rows with their values, and everything not used, named."""
    table = read_table(path)
    return map_table(table, mapping, personal, Path(path).name)


def map_table(
    table: Table, mapping: Mapping, personal: Callable[[FieldPath], bool], name: str, keyed: bool = True
) -> MappedTable:
    """`table` read through `mapping`. `keyed=False` leaves rows without a key and rows repeating one to
    the caller (an EUM scan names a serial scanned twice its own way)."""
    mapped = MappedTable(name, mapping, [], notes=list(table.notes), blank_lines=list(table.blank_lines))
    mapped.rejected += table.skipped
    glued = "the header repeated (two exports glued together?): skipped"
    mapped.rejected += [(line, glued) for line in table.repeated_headers]
    lookup = {header_key(h): c for c in mapping.columns for h in c.headers()}
    positions: list[tuple[int, Column]] = []
    taken: dict[str, str] = {}
    for position, header in enumerate(table.header):
        column = lookup.get(header_key(header)) if header.strip() else None
        if column is None:
            mapped.unmapped.append(header or f"(blank header, column {position + 1})")
            continue
        if column.field in taken:
            both = f"columns '{taken[column.field]}' and '{header}' both give the {column.field}"
            raise UsageError(f"{table.name}: {both}")
        taken[column.field] = header
        positions.append((position, column))
        mapped.columns.append(column)
    for key in mapping.key_columns:
        if key.field not in taken:
            found = _found(taken, table.header)
            raise UsageError(f"{table.name}: no '{key.header}' column, the key of mapping {mapping.name} ({found})")
    mapped.absent = [c.header for c in mapping.columns if c.field not in taken]
    key_personal = any(personal(key.path) for key in mapping.key_columns)
    key_header = " and ".join(taken[key] for key in mapping.keys)
    longest = 2 * max((len(label) for label in mapping.totals), default=0) + 10  # a cell longer is no label
    private = _PrivateWords(table, [p for p, column in positions if personal(column.path)])
    for row in table.rows:
        if mapping.totals and any(len(cell) <= longest and header_key(cell) in mapping.totals for cell in row.cells):
            mapped.totals_lines.append(row.line)  # the table's sums, not a record: what they sum is imported
            continue
        values: dict[str, Any] = {}
        problems: list[str] = []
        for position, column in positions:
            cell = row.cells[position] if position < len(row.cells) else ""
            try:
                value = read_cell(cell, column)
            except Unreadable as exc:
                shown = "" if personal(column.path) else _shown_cell(cell, private)
                example = f" (write it like {exc.example})" if exc.example else ""
                problems.append(f"'{table.header[position]}'{shown} {exc.reason}{example}")
                continue
            if value is not None:
                values[column.field] = value
        if problems:
            mapped.rejected.append((row.line, "; ".join(problems)))
            continue
        key_values = [values.get(key) for key in mapping.keys]
        if None in key_values and not keyed:
            mapped.rows.append(Row(row.line, values, "", ""))
            continue
        if all(value is None for value in key_values):  # a key of several fields may lack some, not all
            missing = ", ".join(f"'{taken[k]}'" for k, v in zip(mapping.keys, key_values, strict=True) if v is None)
            mapped.rejected.append((row.line, f"no {missing} (the key): nothing to match the row to"))
            continue
        mapped.rows.append(Row(row.line, values, key_text(key_values), key_match(key_values)))
    if keyed:
        _refuse_repeats(mapped, key_personal, key_header)
    return mapped


_WORD_SEPARATORS = re.compile(r"[\s,;\"'|]+")


class _PrivateWords:
    """Every word of 4 characters or more that the table's personal cells hold (a passport number, a date
    of birth, a place of birth), to keep out of what messages quote from other cells; gathered once, when
    the first cell that cannot be read is to be quoted (a table read whole gathers nothing)."""

    def __init__(self, table: Table, positions: list[int]) -> None:
        self._table, self._positions = table, positions
        self._words: frozenset[str] | None = None

    def held_by(self, text: str) -> bool:
        if self._words is None:
            self._words = frozenset(
                word.casefold()
                for row in self._table.rows
                for position in self._positions
                if position < len(row.cells)
                for word in _WORD_SEPARATORS.split(row.cells[position])
                if len(word) >= 4
            )
        return any(len(w) >= 4 and w.casefold() in self._words for w in _WORD_SEPARATORS.split(text))


def _shown_cell(cell: str, private: _PrivateWords) -> str:
    """A cell that cannot be read, quoted for the message (cut as a file's values are), unless it holds
    what a personal cell of the table holds: a whole row pasted into one cell, or a passport number typed
    in the wrong column, is named by its column alone, as a personal cell is (campaign: an XLSX cell
    holding a roster's CSV line quoted a passport number and a date of birth)."""
    text = cell.strip()
    if private.held_by(text):
        return " (not shown: it holds what a personal column holds)"
    return f" '{shown_value(text)}'"


def key_text(values: list[Any]) -> str:
    """A key as messages show it (several fields joined by ` / `)."""
    return " / ".join(_text(v) if not isinstance(v, date) else v.isoformat() for v in values if v is not None)


def key_match(values: list[Any]) -> str:
    """A key as compared: each field after NFKC, without case; a date as YYYY-MM-DD."""
    return "\x1f".join(normal_text(_text(v) if not isinstance(v, date) else v.isoformat()).casefold() for v in values)


def record_match(data: Any, keys: list[FieldPath]) -> str | None:
    """The key of a record in the office's files: None when a key field is not a value, or when the key
    is missing (every field of it). A key of several fields may lack some, as a row may (a training line
    without its program): the blank part matches only a blank part, never a guess."""
    values = [lookup(data, key) for key in keys]
    if any(isinstance(v, (dict, list)) for v in values) or all(v is None for v in values):
        return None
    return key_match(values)


def _others(values: dict[str, Any], key_fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name not in key_fields}


def _some_lines(group: list[Row], shown: int = 5) -> str:
    """The lines of a repeated key, the first few and how many more: each of the rows is named in its
    own message, so listing them all made the report quadratic in the rows (7,500 rows of two keys:
    19 million line numbers, 13 s; found by the mutation campaign)."""
    lines = ", ".join(str(row.line) for row in group[:shown])
    return lines if len(group) <= shown else f"{lines} and {len(group) - shown:,} more"


def _refuse_repeats(mapped: MappedTable, key_personal: bool, key_header: str) -> None:
    """A key on several rows: identical rows are imported once (the later ones named); rows that
    disagree are none of them imported, since picking one would be a guess."""
    key_field = mapped.mapping.keys
    by_key: dict[str, list[Row]] = {}
    for row in mapped.rows:
        by_key.setdefault(row.match, []).append(row)
    keep: list[Row] = []
    agree: dict[str, bool] = {}  # per key, computed once: per row it was quadratic in a key's rows
    for row in mapped.rows:
        group = by_key[row.match]
        if len(group) == 1:
            keep.append(row)
            continue
        first = group[0]
        named = f"the same {key_header}" if key_personal else f"{key_header} {row.key}"
        if row.match not in agree:
            same = _others(first.values, key_field)
            agree[row.match] = all(_others(other.values, key_field) == same for other in group)
        if agree[row.match]:
            if row is first:
                keep.append(row)
            else:
                mapped.rejected.append((row.line, f"repeats line {first.line} ({named}): imported once"))
        else:
            lines = _some_lines(group)
            who = f"the same {key_header}" if key_personal else f"{key_header} {row.key}"
            mapped.rejected.append((row.line, f"{who} on lines {lines} with different values: none imported"))
    mapped.rows = keep


# ---------------------------------------------------------------------------------------------
# Where records live


@dataclass
class Record:
    """A record already in the office's files: where it is and what it holds."""

    file: Path
    base: FieldPath  # () for a whole file; ("lines", 3) for an item of a list
    data: dict[str, Any]


@dataclass
class Target:
    """One office file the import reads and may change."""

    snapshot: OfficeFile
    text: str  # the current text, or the text of a new file
    edit: TextEdit | None = None

    def editor(self) -> TextEdit:
        if self.edit is None:
            self.edit = TextEdit(self.text)
        return self.edit


class FolderStore:
    """One file per record in a folder (`students/`, `cases/`), as the examples are laid out: every
    `*.yaml`/`*.yml` directly in the folder whose `kind:` is the mapping's; a new record is a new file
    named by `mapping.file_name` (`{id}` -> `XS-B-ZAD.yaml`)."""

    def __init__(self, folder: Path, mapping: Mapping):
        self.folder = Path(folder)
        self.mapping = mapping
        self.notes: list[str] = []
        self.targets: dict[Path, Target] = {}
        self.records: dict[str, list[Record]] = {}
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(f"--into {folder}: a file, not a folder")
        self.names = {p.name.lower() for p in self.folder.iterdir()} if self.folder.is_dir() else set()
        keys = [field_path(key) for key in mapping.keys]
        for path in sorted(self.folder.glob("*.y*ml")) if self.folder.is_dir() else []:
            if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
                continue
            try:
                snapshot = read_office_file(path)
            except UsageError as exc:
                self.notes.append(f"{exc}: not read")
                continue
            loaded = parse_document(snapshot.text or "", str(path))
            data = loaded.data if isinstance(loaded.data, dict) else None
            if data is None or any(f.severity == "error" for f in loaded.findings):
                self.notes.append(f"{path}: cannot be read as YAML: not matched (`sco check {path}`)")
                continue
            if normal_text(_text(data.get("kind"))).casefold() != mapping.kind:
                continue
            match = record_match(data, keys)
            if match is None:
                continue
            self.targets[path] = Target(snapshot, snapshot.text or "")
            self.records.setdefault(match, []).append(Record(path, (), data))

    def find(self, match: str) -> list[Record]:
        return self.records.get(match, [])

    def every(self) -> Iterator[Record]:
        for found in self.records.values():
            yield from found

    def target(self, record: Record) -> Target:
        return self.targets[record.file]

    def new_record(self, row: Row, new: dict[str, Any]) -> tuple[Target, FieldPath]:
        name = _file_name(self.mapping.file_name, row.values) or _file_name(
            "-".join("{" + key + "}" for key in self.mapping.keys), row.values
        )
        file_name = f"{name}.yaml"
        suffix = 2
        while file_name.lower() in self.names:  # never over a file, whatever it holds (any case: macOS)
            file_name = f"{name}-{suffix}.yaml"
            suffix += 1
        self.names.add(file_name.lower())
        path = self.folder / file_name
        text = document_text({"kind": self.mapping.kind, **new})
        target = Target(OfficeFile(path, Path(os.path.realpath(path)), None), text)
        self.targets[path] = target
        return target, ()


class ListStore:
    """Records as the items of a list in one file (a training plan's `lines`); the list (and the file)
    is created when absent. `new_text` is the text of the file when it does not exist yet."""

    def __init__(self, file: Path, list_path: FieldPath, mapping: Mapping, new_text: str):
        self.file = Path(file)
        self.list_path = list_path
        self.mapping = mapping
        self.notes: list[str] = []
        snapshot = read_office_file(self.file)
        self.target_ = Target(snapshot, snapshot.text if snapshot.text is not None else new_text)
        loaded = parse_document(self.target_.text, str(file))
        errors = [f for f in loaded.findings if f.severity == "error"]
        if errors:
            raise UsageError(f"{file}:{errors[0].line}: {errors[0].message}; fix the file first (`sco check {file}`)")
        data = loaded.data if isinstance(loaded.data, dict) else {}
        self.data = data  # the whole file as read (the new file's text when it does not exist yet)
        items = lookup(data, list_path)
        if items is not None and not isinstance(items, list):
            raise UsageError(f"{file}: `{dotted_path(list_path)}` is not a list; fix the file first")
        self.items: list[Any] = items or []
        self.records: dict[str, list[Record]] = {}
        self.count = len(self.items)
        self.pending_list: list[Any] | None = None
        self.keys = [field_path(key) for key in mapping.keys]
        for position, item in enumerate(self.items):
            if not isinstance(item, dict):
                continue
            read = self.as_read(item)
            match = self.match_of(position, read)
            if match is not None:
                self.records.setdefault(match, []).append(Record(self.file, (*list_path, position), read))

    def match_of(self, position: int, item: dict[str, Any]) -> str | None:
        """What a table row's `match` must be to find this item (`as_read`): its key fields (a store whose
        rows are matched another way, the EUM register's lines by their serials, says so here)."""
        return record_match(item, self.keys)

    def as_read(self, item: dict[str, Any]) -> dict[str, Any]:
        """The item as the table shows it, which its rows are matched and compared with: the item itself,
        unless the store's exports show a field the item leaves empty by another (a training line without
        a title is listed by its MASL: `plan_import.PlanLines`). Edits still go to the item's own fields."""
        return item

    def find(self, match: str) -> list[Record]:
        return self.records.get(match, [])

    def every(self) -> Iterator[Record]:
        for found in self.records.values():
            yield from found

    def target(self, record: Record) -> Target:
        return self.target_

    def new_record(self, row: Row, new: dict[str, Any]) -> tuple[Target, FieldPath]:
        edit = self.target_.editor()
        if self.pending_list is not None:  # the list this import creates: its items so far
            self.pending_list.append(new)
        elif (node := edit.node(self.list_path)) is not None and node.kind == "seq":
            edit.append(self.list_path, [new])
        else:  # the list (and the mappings above it: `years: 2027:`) is created with its first item, under
            # the deepest mapping the file has; a key there written empty (`lines:`, `2027:`) is given it
            depth = len(self.list_path) - 1
            while depth > 0 and ((above := edit.node(self.list_path[:depth])) is None or above.kind != "map"):
                depth -= 1
            pending: list[Any] = [new]
            tree: Any = pending
            for part in reversed(self.list_path[depth + 1 :]):
                tree = {part: tree}
            edit.put(self.list_path[:depth], self.list_path[depth], tree)  # refused where a value is written
            self.pending_list = pending  # only once placed: a refused row leaves nothing for the next
        position = self.count
        self.count += 1
        return self.target_, (*self.list_path, position)


Store = FolderStore | ListStore


_NAME_FIELD = re.compile(r"\{([^}]*)\}")
"""A field in a mapping's `file_name` (`{name.surname}`)."""


def file_name_fields(template: str) -> list[str]:
    """The fields a new record's file name is made from (`{name.surname}` -> `name.surname`)."""
    return [field.strip() for field in _NAME_FIELD.findall(template)]


def _file_name(template: str, values: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1).strip())
        return _text(value) if not isinstance(value, date) else value.isoformat()

    name = _NAME_FIELD.sub(one, template)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", normal_text(name)).strip(".-")
    return name[:80]


def lookup(data: Any, path: FieldPath) -> Any:
    """The value at `path`, None when absent."""
    current = data
    for part in path:
        if isinstance(part, int) and isinstance(current, dict):  # a mapping keyed by year: `years: 2027:`
            current = current.get(part, current.get(str(part)))
            if current is None:
                return None
        elif isinstance(part, int):
            if not isinstance(current, list) or part >= len(current):
                return None
            current = current[part]
        else:
            if not isinstance(current, dict) or part not in current:
                return None
            current = current[part]
    return current


# ---------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class ImportOptions:
    source: str  # the table's file name, as `imported.source` records it
    day: date
    force: bool = False


@dataclass
class RecordChange:
    """What the import does to one record."""

    line: int
    key: str  # shown only when the key field is not personal
    where: str  # file, or file and item
    added: bool = False
    changed: list[str] = field(default_factory=list)  # fields whose value changes
    filled: list[str] = field(default_factory=list)  # fields the record lacked
    kept: list[str] = field(default_factory=list)  # fields whose hand-written value differs and stays
    details: dict[str, str] = field(default_factory=dict)  # field -> "old -> new", for fields not personal
    blanked: list[str] = field(default_factory=list)  # fields imported before, blank in the table now
    gone: list[str] = field(default_factory=list)  # items of a collected list the table no longer lists


@dataclass
class ImportPlan:
    mapped: MappedTable
    records: list[RecordChange] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # records the last import from this table made, not in it now
    rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    writes: list[tuple[OfficeFile, str]] = field(default_factory=list)

    @property
    def added(self) -> list[RecordChange]:
        return [r for r in self.records if r.added]

    @property
    def changed(self) -> list[RecordChange]:
        return [r for r in self.records if not r.added and (r.changed or r.filled)]

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.records if not r.added and not r.changed and not r.filled)

    @property
    def kept(self) -> list[RecordChange]:
        return [r for r in self.records if r.kept]


def plan_import(mapped: MappedTable, store: Store, model: type[BaseModel], options: ImportOptions) -> ImportPlan:
    """What importing `mapped` into `store` adds and changes; nothing is written (see `write_plan`).
    `model` is the record's model: the file's for a `FolderStore`, a list item's for a `ListStore`."""
    plan = ImportPlan(mapped, rejected=list(mapped.rejected), notes=list(store.notes))
    columns = {c.field: c for c in mapped.mapping.columns}
    key_personal = _is_personal(model, mapped.mapping.key_column.path)
    seen: set[str] = set()
    for row in mapped.rows:
        found = store.find(row.match)
        shown_key = "" if key_personal else row.key
        if len(found) > 1:
            places = ", ".join(_where(r) for r in found)
            plan.rejected.append((row.line, f"{'its key' if key_personal else row.key} is in {places}: not imported"))
            continue
        seen.add(row.match)
        try:
            if found:
                change = _merge(found[0], store.target(found[0]), row, columns, options, model, shown_key)
            else:
                change = _create(store, row, columns, options, model, shown_key)
        except _Refused as refused:
            plan.rejected.append((row.line, str(refused)))
            continue
        plan.records.append(change)
    for match, records in store.records.items():
        for record in records:
            provenance = record.data.get("imported")
            source = _text(provenance.get("source")) if isinstance(provenance, dict) else ""
            if match not in seen and source == options.source:
                plan.gone.append(_where(record))
    plan.gone += [f"{change.where}: {items}" for change in plan.records for items in change.gone]
    added = any(change.added for change in plan.records)
    for target in _targets(store):
        if target.edit is not None:
            text = target.edit.result()
        elif not target.snapshot.exists and added:
            text = target.text  # a new file, written whole (not an empty register when no row was read)
        else:
            continue
        if text != target.snapshot.text:
            plan.writes.append((target.snapshot, text))
    return plan


def _targets(store: Store) -> list[Target]:
    return list(store.targets.values()) if isinstance(store, FolderStore) else [store.target_]


class _Refused(Exception):
    """The row cannot go into its record; the message names why (never a personal value)."""


def _where(record: Record) -> str:
    return str(record.file) + (f" ({dotted_path(record.base)})" if record.base else "")


def _is_personal(model: type[BaseModel], path: FieldPath) -> bool:
    from sco_cli.core.validate import is_personal  # noqa: PLC0415

    return is_personal(model, path)


def _provenance(row: Row, options: ImportOptions, fields: dict[str, str]) -> dict[str, Any]:
    return {"source": options.source, "at": options.day, "row": row.line, "fields": fields}


def _create(
    store: Store, row: Row, columns: dict[str, Column], options: ImportOptions, model: type[BaseModel], key: str
) -> RecordChange:
    nested: dict[str, Any] = {}
    for name, value in row.values.items():
        _nest_into(nested, columns[name].path, value)
    order = {name: position for position, name in enumerate(model.model_fields)}
    nested = dict(sorted(nested.items(), key=lambda item: order.get(item[0], len(order))))  # the model's order
    fields = {name: fingerprint(value, columns[name]) for name, value in row.values.items()}
    nested["imported"] = _provenance(row, options, fields)
    whole = {"kind": store.mapping.kind, **nested} if isinstance(store, FolderStore) else nested
    _check_model(whole, list(row.values), model, everything=True)
    try:
        target, base = store.new_record(row, nested)
    except EditRefused as exc:
        raise _Refused(f"{exc}; the row cannot be added") from None
    where = str(target.snapshot.path) + (f" ({dotted_path(base)})" if base else "")
    return RecordChange(row.line, key, where, added=True, filled=list(row.values))


def _nest_into(tree: Any, path: FieldPath, value: Any) -> None:
    """Set `path` in the nested dicts and lists `tree`, making what is missing."""
    current: Any = tree
    for index, part in enumerate(path):
        last = index == len(path) - 1
        following = None if last else path[index + 1]
        if isinstance(part, int):
            while len(current) <= part:
                current.append([] if isinstance(following, int) else {})
        elif not last and part not in current:
            current[part] = [] if isinstance(following, int) else {}
        if last:
            current[part] = value
        else:
            current = current[part]


def _merge(
    record: Record,
    target: Target,
    row: Row,
    columns: dict[str, Column],
    options: ImportOptions,
    model: type[BaseModel],
    key: str,
) -> RecordChange:
    """Decide field by field from the record's data, check the merged record against the model, then
    edit the file's text (parsed only when something is written)."""
    change = RecordChange(row.line, key, _where(record))
    provenance = record.data.get("imported")
    old_fields: dict[str, str] = {}
    if isinstance(provenance, dict) and isinstance(provenance.get("fields"), dict):
        old_fields = {_text(k): _text(v) for k, v in provenance["fields"].items()}
    fields: dict[str, str] = {}
    additions: dict[tuple[FieldPath, str | int], Any] = {}
    replaces: list[tuple[FieldPath, Any]] = []
    appends: list[tuple[FieldPath, list[Any]]] = []
    for name, column in columns.items():
        if name not in row.values:
            if name in old_fields and lookup(record.data, column.path) is not None:
                change.blanked.append(name)
                fields[name] = old_fields[name]
            continue
        value = row.values[name]
        new_print = fingerprint(value, column)
        existing = lookup(record.data, column.path)
        if isinstance(value, list) and existing is not None:
            appended, fields[name] = _collect(record, column, value, existing, old_fields.get(name), change)
            appends += appended
        elif existing is None:
            anchor, rest = _deepest(record.data, column.path)
            slot = ((*record.base, *anchor), rest[0])
            if len(rest) == 1:
                additions[slot] = value
            else:
                _nest_into_slot(additions.setdefault(slot, [] if isinstance(rest[1], int) else {}), rest[1:], value)
            change.filled.append(name)
            fields[name] = new_print
        elif isinstance(existing, (dict, list)):
            change.kept.append(name)
            change.details[name] = "the file holds a list or mapping there"
            if name in old_fields:
                fields[name] = old_fields[name]
        elif canonical(existing, column) == canonical(value, column):
            fields[name] = new_print
        elif options.force or old_fields.get(name) == fingerprint(existing, column):
            replaces.append(((*record.base, *column.path), value))  # forced, or the last import's own value
            if not _is_personal(model, column.path):
                change.details[name] = f"{canonical(existing, column)} -> {canonical(value, column)}"
            change.changed.append(name)
            fields[name] = new_print
        else:
            change.kept.append(name)
            if name in old_fields:
                fields[name] = old_fields[name]
    if not additions and not replaces and not appends:
        # Nothing to write, and the file is not even parsed for editing. Nor is `imported:` stamped or
        # re-stamped: the record's values are not the table's doing (a hand-written record the table
        # agrees with stays the office's, protected as hand edits are), and a row that brings nothing
        # leaves its record byte for byte as it was (an export imported back changes nothing).
        return change
    provenance_value = _provenance(row, options, fields)
    same = _same_provenance(provenance, provenance_value)
    if change.filled or change.changed:
        import copy  # noqa: PLC0415

        merged = copy.deepcopy(record.data)
        for name in (*change.filled, *change.changed):
            _nest_into(merged, columns[name].path, row.values[name])
        merged["imported"] = provenance_value
        _check_model(merged, change.filled + change.changed, model, everything=False)
    try:
        edit = target.editor()
        for path, value in replaces:
            edit.replace(path, value)
        for path, items in appends:
            edit.append(path, items)
        for (anchor, first), value in additions.items():
            if isinstance(first, int):
                edit.append(anchor, [value])
            else:
                edit.put(anchor, first, value)
        if "imported" in record.data:
            if not same:
                edit.replace((*record.base, "imported"), provenance_value)
        else:
            edit.put(record.base, "imported", provenance_value)
    except EditRefused as exc:  # decided before any edit: nothing of this row is half done
        raise _Refused(f"{_where(record)}: {exc}; the row cannot be merged") from None
    return change


def _collect(
    record: Record, column: Column, value: list[Any], existing: Any, last: str | None, change: RecordChange
) -> tuple[list[tuple[FieldPath, list[Any]]], str]:
    """A list several rows give one record (the serials of an EUM register line): the items the record
    lacks are appended, none is removed or replaced. Items the record holds that the table no longer
    lists are reported gone when the whole list is what the last import listed (its fingerprint); an
    item added by hand or by another table is not the table's to call gone. Returns the appends and the
    fingerprint to record: the table's list, or the record's whole list while items are gone from the
    table (so that the next import says so again, as a record gone is said until it is dealt with)."""
    name = column.field
    if not isinstance(existing, list):
        raise _Refused(f"`{dotted_path(column.path)}` holds a single value, not a list")
    held = {canonical(item, column) for item in existing}
    new = [item for item in value if canonical(item, column) not in held]
    if new:
        change.changed.append(name)
        change.details[name] = f"{len(new)} added"
    listed = {canonical(item, column) for item in value}
    unlisted = [_text(item) for item in existing if canonical(item, column) not in listed]
    recorded = fingerprint(value, column)
    if unlisted and last is not None and fingerprint(existing, column) == last:
        shown = ", ".join(unlisted[:10]) + (f" and {len(unlisted) - 10} more" if len(unlisted) > 10 else "")
        change.gone.append(f"{name} {shown}")
        recorded = fingerprint([*existing, *new], column)
    return ([((*record.base, *column.path), new)] if new else []), recorded


def _same_provenance(old: Any, new: dict[str, Any]) -> bool:
    """The same table, row and values: the day of an import that changed nothing is not rewritten."""
    if not isinstance(old, dict):
        return False
    fields = old.get("fields")
    if not isinstance(fields, dict):
        fields = {}
    return (
        _text(old.get("source")) == new["source"]
        and _text(old.get("row")) == str(new["row"])
        and {_text(k): _text(v) for k, v in fields.items()} == new["fields"]
    )


def _nest_into_slot(tree: Any, path: FieldPath, value: Any) -> None:
    if isinstance(tree, list):
        part = path[0]
        assert isinstance(part, int)
        while len(tree) <= part:
            tree.append({})
        if len(path) == 1:
            tree[part] = value
        else:
            _nest_into(tree[part], path[1:], value)
    else:
        _nest_into(tree, path, value)


def _deepest(data: dict[str, Any], path: FieldPath) -> tuple[FieldPath, FieldPath]:
    """The deepest part of `path` the record has and the rest, which the import adds."""
    for depth in range(len(path) - 1, -1, -1):
        present, node = _at(data, path[:depth])
        if not present:
            continue
        if node is None:  # `name:` written empty: the key is given its value
            if depth > 0 and isinstance(path[depth - 1], str):
                return path[: depth - 1], path[depth - 1 :]
            raise _Refused(f"`{dotted_path(path[:depth])}` is empty where a list item was expected")
        rest = path[depth:]
        if isinstance(rest[0], int):
            if not isinstance(node, list) or rest[0] != len(node):
                raise _Refused(f"`{dotted_path(path)}`: the file's list has no such item to add to")
        elif not isinstance(node, dict):
            raise _Refused(f"`{dotted_path(path[:depth])}` holds a single value, not a mapping")
        return path[:depth], rest
    raise _Refused("the record cannot be found in its file")


def _at(data: Any, path: FieldPath) -> tuple[bool, Any]:
    """Whether `path` is in `data` (a key written empty is), and its value."""
    current = data
    for part in path:
        if isinstance(part, int) and isinstance(current, dict):
            if part not in current and str(part) not in current:
                return False, None
            current = current[part] if part in current else current[str(part)]
            continue
        if isinstance(part, int):
            if not isinstance(current, list) or part >= len(current):
                return False, None
        elif not isinstance(current, dict) or part not in current:
            return False, None
        current = current[part]
    return True, current


def _check_model(data: dict[str, Any], touched: list[str], model: type[BaseModel], everything: bool) -> None:
    """A value the kind cannot take refuses the row, with the model's own message (personal values
    masked). Errors a record already had in fields the import did not write are the check's."""
    from pydantic import ValidationError  # noqa: PLC0415

    from sco_cli.core.loader import Loaded  # noqa: PLC0415

    try:
        model.model_validate(data)
        return
    except ValidationError as exc:
        findings, _ = validation_findings(exc.errors(), Loaded("import", data), model)
    for finding in findings:
        place = finding.field
        if (
            everything
            or place == "imported"
            or place.startswith("imported.")
            or any(place == t or place.startswith((t + ".", t + "[")) for t in touched)
        ):
            raise _Refused(finding.message)


def write_plan(plan: ImportPlan) -> list[Path]:
    """Write every file the plan changes (each locked, compared with its snapshot, renamed atomically),
    after checking that sco would read every one of them: a result it would refuse is refused before
    the first file is written."""
    why = refusal(plan)
    if why:
        raise UsageError(f"not written: {why}")
    return [write_office_file(snapshot, text, checked=True) for snapshot, text in plan.writes]


def refusal(plan: ImportPlan) -> str:
    """Why a result would not be written ('' when every file would be)."""
    for snapshot, text in plan.writes:
        why = would_refuse(text.encode("utf-8"), str(snapshot.path))
        if why:
            return f"{snapshot.path}: {why}"
    return ""
