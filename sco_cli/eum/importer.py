"""`sco eum import`: serial numbers from a scanner or SCIP export into the register.

Exports are messy: a byte-order mark, `;` or tab separators, blank lines, extra columns, a serial
scanned twice. Columns are found by header name; every row that is not imported is named with its
line and the reason, so nothing is dropped silently. The register is updated in ruamel.yaml's
round-trip mode, so its comments and key order stay as the office wrote them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sco_cli.core.errors import UsageError
from sco_cli.core.loader import load_path, parse_document
from sco_cli.eum.facts import serial_key

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_SERIAL = 64

COLUMNS: dict[str, tuple[str, ...]] = {
    "serial": ("serial", "serials", "serial number", "serial no", "serial nr", "sn", "s n", "serialnumber"),
    "case": ("case", "case id", "case designator", "fms case", "case number", "case no"),
    "description": ("description", "item", "item description", "nomenclature", "article", "item name"),
    "masl": ("masl", "nsn", "national stock number", "part number", "masl nsn"),
    "location": ("location", "storage site", "site", "storage location", "depot"),
    "custodian": ("custodian", "unit", "custodian unit", "holding unit"),
    "arrival": ("arrival", "arrival date", "received", "date received", "delivery date", "delivered"),
    "enhanced": ("enhanced", "eeum", "eum type", "eum", "monitoring", "eum category"),
}
_TRUE = {"yes", "y", "true", "1", "enhanced", "eeum", "x"}
_FALSE = {"no", "n", "false", "0", "routine", ""}


def normalize_header(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.strip().lower()).split())


_LOOKUP = {normalize_header(name): column for column, names in COLUMNS.items() for name in names}


@dataclass
class Row:
    line: int
    values: dict[str, str]

    @property
    def serial(self) -> str:
        return self.values.get("serial", "")


@dataclass
class Parsed:
    """A CSV read with what it held and what it did not use."""

    rows: list[Row] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    blank_lines: list[int] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, why) for rows not imported


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{name}: not a text file (neither UTF-8 nor Windows-1252); export it as CSV UTF-8")


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of , ; tab |."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _bad_text(value: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in value)


def read_csv(path: Path) -> Parsed:
    name = str(path)
    if not path.is_file():
        raise UsageError(f"{name}: no such file")
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise UsageError(
            f"{name}: {size:,} bytes; an export larger than {MAX_CSV_BYTES // (1024 * 1024)} MiB is refused"
        )
    try:
        text = _decode(path.read_bytes(), name)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    if "\x00" in text:
        raise UsageError(f"{name}: not a CSV file (it holds binary data)")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    parsed = Parsed()
    header: list[str | None] | None = None
    width = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                if header is not None:
                    parsed.blank_lines.append(line)
                continue
            if header is None:
                header, width = _header(cells, parsed, name), len(cells)
                continue
            values = {col: cells[i].strip() for i, col in enumerate(header) if col and i < len(cells)}
            extra = [cell for cell in cells[width:] if cell.strip()]
            if extra:
                parsed.rejected.append((line, f"{len(extra)} value(s) beyond the header's {width} columns"))
                continue
            problem = _row_problem(values)
            if problem:
                parsed.rejected.append((line, problem))
                continue
            parsed.rows.append(Row(line, values))
    except csv.Error as exc:
        raise UsageError(f"{name}:{reader.line_num}: not readable as CSV ({exc})") from None
    if header is None:
        raise UsageError(f"{name}: the file is empty")
    return parsed


def _header(cells: list[str], parsed: Parsed, name: str) -> list[str | None]:
    header: list[str | None] = []
    taken: dict[str, str] = {}
    for position, cell in enumerate(cells, 1):
        column = _LOOKUP.get(normalize_header(cell))
        if column is None:
            parsed.unknown_columns.append(cell.strip() or f"(blank header, column {position})")
        elif column in taken:
            raise UsageError(f"{name}: columns '{taken[column]}' and '{cell.strip()}' both give the {column}")
        else:
            taken[column] = cell.strip()
        header.append(column)
    if "serial" not in taken:
        found = ", ".join(f"'{c.strip()}'" for c in cells)
        raise UsageError(f"{name}: no serial-number column (headers found: {found}); name one 'serial'")
    return header


def _row_problem(values: dict[str, str]) -> str:
    serial = values.get("serial", "")
    if not serial:
        return "no serial number"
    if len(serial) > MAX_SERIAL or _bad_text(serial):
        return f"serial number is not a serial number (control characters or over {MAX_SERIAL} characters)"
    if any(_bad_text(v) for v in values.values()):
        return "a value holds control characters"
    if values.get("enhanced", "").lower() not in _TRUE | _FALSE:
        return f"'enhanced' is '{values['enhanced']}': write yes or no"
    if values.get("arrival") and _day(values["arrival"]) is None:
        return f"arrival '{values['arrival']}' is not a date written YYYY-MM-DD"
    return ""


def _day(text: str) -> date | None:
    value = text.strip()
    try:
        return datetime.fromisoformat(value).date() if len(value) > 10 else date.fromisoformat(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# The register, round trip


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_register(path: Path) -> CommentedMap:
    """The register as a round-trip document; refused when sco's own loader finds it unsafe or broken."""
    loaded = load_path(path)
    errors = [f for f in loaded.findings if f.severity == "error"]
    if errors:
        first = errors[0]
        raise UsageError(f"{path}:{first.line}: {first.message}; fix the register first (`sco eum check {path}`)")
    if not isinstance(loaded.data, dict) or loaded.data.get("kind") != "eum":
        raise UsageError(f"{path}: not an EUM register (kind: eum)")
    document = _yaml().load(path.read_text(encoding="utf-8"))
    if not isinstance(document, CommentedMap):  # the loader accepted a mapping; ruamel agrees
        raise UsageError(f"{path}: not an EUM register (kind: eum)")
    return document


def new_register(country: str | None) -> CommentedMap:
    document = CommentedMap()
    document["kind"] = "eum"
    if country:
        document["country"] = country
    document["articles"] = CommentedSeq()
    return document


def dump(document: CommentedMap) -> str:
    stream = io.StringIO()
    _yaml().dump(document, stream)
    text = stream.getvalue()
    check = parse_document(text, "import result")
    if not check.ok:  # a bug: what we write must load
        raise RuntimeError(f"import produced a register sco cannot load: {check.findings[0].message}")
    return text


def _articles(document: CommentedMap) -> CommentedSeq:
    articles = document.get("articles")
    if articles is None:
        articles = document["articles"] = CommentedSeq()
    if not isinstance(articles, CommentedSeq):
        raise UsageError("the register's `articles:` is not a list")
    return articles


def _delivered(article: Any) -> list[str]:
    if not isinstance(article, dict):
        return []
    found = [str(article["serial"])] if article.get("serial") not in (None, "") else []
    serials = article.get("serials")
    if isinstance(serials, list):
        found += [str(s) for s in serials]
    return found


def serial_index(articles: CommentedSeq) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, article in enumerate(articles):
        for serial in _delivered(article):
            index.setdefault(serial_key(serial), position)
    return index


@dataclass
class Outcome:
    added: int = 0
    articles_touched: set[int] = field(default_factory=set)
    new_articles: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _first_lines(parsed: Parsed, outcome: Outcome) -> dict[str, int]:
    """Serials repeated within the export: the later rows are refused, naming the first."""
    first: dict[str, int] = {}
    keep: list[Row] = []
    for row in parsed.rows:
        key = serial_key(row.serial)
        if key in first:
            outcome.rejected.append((row.line, f"serial {row.serial} repeats line {first[key]}"))
            continue
        first[key] = row.line
        keep.append(row)
    parsed.rows = keep
    return first


_FIELD_ORDER = ("description", "case", "masl", "enhanced", "serials", "quantity", "arrival", "custodian", "location")


def _label_of(article: Any, position: int) -> str:
    if isinstance(article, dict):
        return str(article.get("id") or article.get("description") or f"articles[{position}]")
    return f"articles[{position}]"


def add_serials(document: CommentedMap, parsed: Parsed, defaults: dict[str, str]) -> Outcome:
    """Delivered serials: each row joins the article of the same case, item, site and custodian
    (created when there is none). A serial already in the register is refused, never moved."""
    outcome = Outcome(rejected=list(parsed.rejected))
    _first_lines(parsed, outcome)
    articles = _articles(document)
    known = serial_index(articles)
    groups: dict[tuple[str, ...], list[int]] = {}
    created: list[int] = []
    for position, article in enumerate(articles):
        if isinstance(article, dict):
            groups.setdefault(_group(article), []).append(position)
    for row in parsed.rows:
        values = {**defaults, **{k: v for k, v in row.values.items() if v}}
        key = serial_key(row.serial)
        if key in known:
            at = known[key]
            outcome.rejected.append(
                (row.line, f"serial {row.serial} is already in the register ({_label_of(articles[at], at)})")
            )
            continue
        if not values.get("description"):
            outcome.rejected.append((row.line, "no description: add a description column or --description"))
            continue
        found = _matching(articles, groups.get(_group(values), []), values.get("custodian", ""))
        if found is None:
            articles.append(_new_article(values))
            found = len(articles) - 1
            groups.setdefault(_group(values), []).append(found)
            created.append(found)
        position = found
        _append_serial(articles[position], row.serial)
        known[key] = position
        outcome.added += 1
        outcome.articles_touched.add(position)
    for position in created:  # a new line's quantity is what the export delivered
        articles[position]["quantity"] = len(_delivered(articles[position]))
    outcome.new_articles = len(created)
    return outcome


def _group(values: Any) -> tuple[str, ...]:
    return tuple(str(values.get(name) or "").strip().lower() for name in ("case", "description", "location"))


def _matching(articles: CommentedSeq, candidates: list[int], custodian: str) -> int | None:
    """The register line a row joins: same case, item and site, and the same custodian when the
    row names one."""
    for position in candidates:
        theirs = str(articles[position].get("custodian") or "").strip().lower()
        if not custodian or theirs == custodian.strip().lower():
            return position
    return None


def _new_article(values: dict[str, str]) -> CommentedMap:
    article = CommentedMap()
    for name in _FIELD_ORDER:
        if name == "serials":
            article["serials"] = CommentedSeq()
        elif name == "quantity":
            article["quantity"] = 0
        elif name == "enhanced":
            article["enhanced"] = values.get("enhanced", "").lower() in _TRUE
        elif name == "arrival" and values.get("arrival"):
            article["arrival"] = _day(values["arrival"])
        elif values.get(name):
            article[name] = values[name]
    return article


def _append_serial(article: Any, serial: str) -> None:
    serials = article.get("serials")
    if not isinstance(serials, list):
        serials = article["serials"] = CommentedSeq()
    serials.append(serial)


def record_inventory(document: CommentedMap, parsed: Parsed, day: date, by: str | None) -> Outcome:
    """A scan taken during an inventory: each serial seen is added to the inventory of `day` of its
    article. Serials the register does not know are refused (named); serials not seen are listed."""
    outcome = Outcome(rejected=list(parsed.rejected))
    _first_lines(parsed, outcome)
    articles = _articles(document)
    known = serial_index(articles)
    seen: dict[int, list[str]] = {}
    for row in parsed.rows:
        position = known.get(serial_key(row.serial))
        if position is None:
            outcome.rejected.append((row.line, f"serial {row.serial} is not in the register"))
            continue
        seen.setdefault(position, []).append(row.serial)
    for position, serials in seen.items():
        article = articles[position]
        inventories = article.get("inventories")
        if not isinstance(inventories, list):
            inventories = article["inventories"] = CommentedSeq()
        entry = next(
            (i for i in inventories if isinstance(i, dict) and _as_day(i.get("date")) == day),
            None,
        )
        if entry is None:
            entry = CommentedMap()
            entry["date"] = day
            if by:
                entry["by"] = by
            entry["serials"] = CommentedSeq()
            inventories.append(entry)
        listed = entry.get("serials")
        if not isinstance(listed, list):
            listed = entry["serials"] = CommentedSeq()
        already = {serial_key(str(s)) for s in listed}
        for serial in serials:
            if serial_key(serial) not in already:
                listed.append(serial)
                outcome.added += 1
        outcome.articles_touched.add(position)
        missing = [s for s in _delivered(article) if serial_key(s) not in {serial_key(str(x)) for x in listed}]
        if missing:
            shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            outcome.notes.append(f"{_label_of(article, position)}: not seen on {day}: {shown}")
    return outcome


def _as_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return _day(str(value)) if value is not None else None
