"""`sco eum import`: serial numbers from a scanner or SCIP export into the register.

Exports are messy; the one table importer reads them (`core.tables`: encoding decided once, blank and
repeated header rows, rows with hidden characters, every skipped row named; `core.table_import.map_table`:
columns found by header name through the shipped `eum-serials` mapping or `--mapping`). Serials are
compared as text after Unicode normalisation (`serial_key`): `000123` and `123` are two serials, and
`CLU-1` in fullwidth letters is `CLU-1`.

The register is changed by splicing new lines into its own text (`core.yaml_edit`) and written with
`core.office_write` (locked, compared with what was read, refused when it changed meanwhile), so every
value the office wrote stays byte for byte. A register whose lines the import would add to hold a model
error (`serials: S-1` where a list belongs, an `inventories:` mapping) is refused: adding to a value
sco cannot read would change or hide it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sco_cli.core.errors import UsageError
from sco_cli.core.loader import parse_document
from sco_cli.core.tables import normal_text, read_table
from sco_cli.core.yaml_edit import EditRefused, TextEdit
from sco_cli.eum.facts import serial_key

if TYPE_CHECKING:
    from sco_cli.core.table_import import Mapping

MAX_SERIAL = 64

SHIPPED_MAPPING = "eum-serials"
"""The columns, each by any of its usual header names: `sco_cli/data/mappings/eum-serials.yaml`."""
_TRUE = {"yes", "y", "true", "1", "enhanced", "eeum", "x"}
_FALSE = {"no", "n", "false", "0", "routine", ""}


@dataclass
class Row:
    line: int
    values: dict[str, str]

    @property
    def serial(self) -> str:
        return self.values.get("serial", "")


@dataclass
class Parsed:
    """An export read with what it held and what it did not use."""

    rows: list[Row] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    blank_lines: list[int] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, why) for rows not imported
    notes: list[str] = field(default_factory=list)


def read_csv(path: Path, mapping: Mapping | None = None) -> Parsed:
    """The export read through the one table importer (`core.table_import.map_table`) with the shipped
    EUM mapping, or `mapping` (`--mapping`): columns by header name, unused ones named, skipped rows by
    line. A serial scanned twice is this module's to name (`_first_lines`)."""
    from sco_cli.core.table_import import header_key, map_table, shipped_mapping  # noqa: PLC0415

    mapping = mapping or shipped_mapping(SHIPPED_MAPPING)
    table = read_table(path)
    serial_names = {header_key(name) for name in mapping.key_column.headers()}
    if not any(header_key(cell) in serial_names for cell in table.header):
        found = ", ".join(f"'{c}'" for c in table.header)
        raise UsageError(f"{table.name}: no serial-number column (headers found: {found}); name one 'serial'")
    mapped = map_table(table, mapping, lambda _: False, path.name, keyed=False)
    parsed = Parsed(blank_lines=mapped.blank_lines, notes=mapped.notes, unknown_columns=mapped.unmapped)
    parsed.rejected += mapped.rejected
    for row in mapped.rows:
        values = {name: as_text(value) for name, value in row.values.items()}
        problem = _row_problem(values)
        if problem:
            parsed.rejected.append((row.line, problem))
            continue
        parsed.rows.append(Row(row.line, values))
    return parsed


def _bad_text(value: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in value)


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
# The register


@dataclass
class Register:
    """A register as read for an import: its text (to splice into), its data (to match against)."""

    name: str
    text: str
    data: dict[str, Any]

    @property
    def articles(self) -> list[Any]:
        articles = self.data.get("articles")
        return articles if isinstance(articles, list) else []


def read_register(text: str, name: str) -> Register:
    """The register; refused when sco's own loader finds it unsafe or broken."""
    loaded = parse_document(text, name)
    errors = [f for f in loaded.findings if f.severity == "error"]
    if errors:
        first = errors[0]
        raise UsageError(f"{name}:{first.line}: {first.message}; fix the register first (`sco eum check {name}`)")
    data = loaded.data or {}
    if str(data.get("kind", "")).lower() != "eum":
        raise UsageError(f"{name}: not an EUM register (kind: eum)")
    if "articles" in data and data["articles"] is not None and not isinstance(data["articles"], list):
        line = loaded.position(("articles",))[0]
        raise UsageError(f"{name}:{line}: `articles:` is not a list; fix the register first (`sco eum check {name}`)")
    return Register(name, text, data)


def new_register_text(country: str | None) -> str:
    from sco_cli.core.yaml_edit import scalar_text  # noqa: PLC0415

    return "kind: eum\n" + (f"country: {scalar_text(country)}\n" if country else "") + "articles: []\n"


def refuse_model_errors(register: Register, touched: set[int], adds_articles: bool) -> None:
    """A model error in what the import adds to refuses the import: adding serials to an article whose
    `serials:` is one value, or an inventory to an `inventories:` mapping, would change or drop what
    the office wrote. Errors elsewhere in the register (an impossible `last_cav`) do not."""
    from pydantic import ValidationError  # noqa: PLC0415

    from sco_cli.core.validate import validation_findings  # noqa: PLC0415
    from sco_cli.eum.model import Register as Model  # noqa: PLC0415

    data = register.data
    if data.get("articles", []) is None:  # `articles:` written empty: the import fills it
        data = {**data, "articles": []}
    try:
        Model.model_validate(data)
        return
    except ValidationError as exc:
        errors = exc.errors()
    loaded = parse_document(register.text, register.name)
    findings, _ = validation_findings(errors, loaded, Model)  # masks personal values, as the check does
    for finding in findings:
        place = finding.field
        if place == "articles" and adds_articles:
            hit = True
        else:
            hit = any(
                place == f"articles[{i}]" or place.startswith((f"articles[{i}].", f"articles[{i}][")) for i in touched
            )
        if hit:
            raise UsageError(
                f"{register.name}:{finding.line}: {finding.message}; the import would add to it: "
                f"fix the register first (`sco eum check {register.name}`)"
            )


def as_text(value: Any) -> str:
    """A value as the file wrote it: `000123` stays `000123`, never `123`."""
    if value is None:
        return ""
    raw = getattr(value, "raw", None)
    if isinstance(raw, str):
        return raw
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _delivered(article: Any) -> list[str]:
    if not isinstance(article, dict):
        return []
    found = [as_text(article["serial"])] if article.get("serial") not in (None, "") else []
    serials = article.get("serials")
    if isinstance(serials, list):
        found += [as_text(s) for s in serials if s is not None and not isinstance(s, (dict, list))]
    return found


def serial_index(articles: list[Any]) -> dict[str, int]:
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


def _first_lines(parsed: Parsed, outcome: Outcome) -> None:
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


_FIELD_ORDER = ("description", "case", "masl", "enhanced", "serials", "quantity", "arrival", "custodian", "location")


def _label_of(article: Any, position: int) -> str:
    if isinstance(article, dict):
        return as_text(article.get("id") or article.get("description")) or f"articles[{position}]"
    return f"articles[{position}]"


def add_serials(register: Register, parsed: Parsed, defaults: dict[str, str]) -> tuple[Outcome, str]:
    """Delivered serials: each row joins the article of the same case, item, site and custodian
    (created when there is none). A serial already in the register is refused, never moved.
    Returns what happened and the register's new text."""
    outcome = Outcome(rejected=list(parsed.rejected))
    _first_lines(parsed, outcome)
    articles = register.articles
    known = serial_index(articles)
    groups: dict[tuple[str, ...], list[int]] = {}
    for position, article in enumerate(articles):
        if isinstance(article, dict):
            groups.setdefault(_group(article), []).append(position)
    added: dict[int, list[str]] = {}  # existing article -> serials to append
    created: list[dict[str, Any]] = []
    created_groups: dict[tuple[str, ...], list[int]] = {}
    for row in parsed.rows:
        values = {**defaults, **{k: v for k, v in row.values.items() if v}}
        key = serial_key(row.serial)
        if key in known:
            at = known[key]
            where = _label_of(articles[at], at) if at >= 0 else "a new line of this import"
            outcome.rejected.append((row.line, f"serial {row.serial} is already in the register ({where})"))
            continue
        if not values.get("description"):
            outcome.rejected.append((row.line, "no description: add a description column or --description"))
            continue
        custodian = values.get("custodian", "")
        found = _matching(articles, groups.get(_group(values), []), custodian)
        if found is not None:
            added.setdefault(found, []).append(row.serial)
            outcome.articles_touched.add(found)
        else:
            new = _matching(created, created_groups.get(_group(values), []), custodian)
            if new is None:
                created.append(_new_article(values))
                new = len(created) - 1
                created_groups.setdefault(_group(values), []).append(new)
            created[new]["serials"].append(row.serial)
        known[key] = found if found is not None else -1
        outcome.added += 1
    for article in created:  # a new line's quantity is what the export delivered
        article["quantity"] = len(article["serials"])
    outcome.new_articles = len(created)
    refuse_model_errors(register, set(added), bool(created))
    edit = _editor(register)
    for position, serials in added.items():
        _add_to_list(edit, ("articles", position), "serials", serials)
    if created:
        _add_to_list(edit, (), "articles", created)
    return outcome, edit.result()


def _editor(register: Register) -> TextEdit:
    try:
        return TextEdit(register.text)
    except EditRefused as exc:
        raise UsageError(f"{register.name}: {exc}; sco cannot add to it") from None


def _add_to_list(edit: TextEdit, parent: tuple[str | int, ...], key: str, values: list[Any]) -> None:
    """Append to the list `parent.key`, or give `parent` that list when it has none."""
    try:
        node = edit.node((*parent, key))
        if node is not None and node.kind == "seq":
            edit.append((*parent, key), values)
        else:
            edit.put(parent, key, values)
    except EditRefused as exc:
        raise UsageError(f"the register cannot take the import: {exc}; fix it first") from None


def _group(values: Any) -> tuple[str, ...]:
    return tuple(normal_text(as_text(values.get(name))).lower() for name in ("case", "description", "location"))


def _matching(articles: list[Any], candidates: list[int], custodian: str) -> int | None:
    """The register line a row joins: same case, item and site, and the same custodian when the
    row names one."""
    for position in candidates:
        theirs = normal_text(as_text(articles[position].get("custodian"))).lower()
        if not custodian or theirs == normal_text(custodian).lower():
            return position
    return None


def _new_article(values: dict[str, str]) -> dict[str, Any]:
    article: dict[str, Any] = {}
    for name in _FIELD_ORDER:
        if name == "serials":
            article["serials"] = []
        elif name == "quantity":
            article["quantity"] = 0
        elif name == "enhanced":
            article["enhanced"] = values.get("enhanced", "").lower() in _TRUE
        elif name == "arrival" and values.get("arrival"):
            article["arrival"] = _day(values["arrival"])
        elif values.get(name):
            article[name] = values[name]
    return article


def record_inventory(register: Register, parsed: Parsed, day: date, by: str | None) -> tuple[Outcome, str]:
    """A scan taken during an inventory: each serial seen is added to the inventory of `day` of its
    article. Serials the register does not know are refused (named); serials not seen are listed.
    Linear in the serials: each article's seen serials are a set."""
    outcome = Outcome(rejected=list(parsed.rejected))
    _first_lines(parsed, outcome)
    articles = register.articles
    known = serial_index(articles)
    spelled = {serial_key(s): s for article in articles for s in _delivered(article)}
    seen: dict[int, list[str]] = {}
    for row in parsed.rows:
        key = serial_key(row.serial)
        position = known.get(key)
        if position is None:
            outcome.rejected.append((row.line, f"serial {row.serial} is not in the register"))
            continue
        seen.setdefault(position, []).append(spelled[key])  # as the register writes it
    refuse_model_errors(register, set(seen), False)
    edit = _editor(register)
    for position, serials in seen.items():
        article = articles[position]
        inventories = article.get("inventories") if isinstance(article.get("inventories"), list) else []
        at = next(
            (i for i, entry in enumerate(inventories) if isinstance(entry, dict) and _as_day(entry.get("date")) == day),
            None,
        )
        listed = inventories[at].get("serials") if at is not None else None
        listed_keys = {serial_key(as_text(s)) for s in listed} if isinstance(listed, list) else set()
        new = [s for s in serials if serial_key(s) not in listed_keys]
        listed_keys.update(serial_key(s) for s in new)
        outcome.added += len(new)
        outcome.articles_touched.add(position)
        if at is not None:
            if new:
                _add_to_list(edit, ("articles", position, "inventories", at), "serials", new)
        else:
            entry: dict[str, Any] = {"date": day}
            if by:
                entry["by"] = by
            entry["serials"] = new
            _add_to_list(edit, ("articles", position), "inventories", [entry])
        missing = [s for s in _delivered(article) if serial_key(s) not in listed_keys]
        if missing:
            shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            outcome.notes.append(f"{_label_of(article, position)}: not seen on {day}: {shown}")
    return outcome, edit.result()


def _as_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return _day(as_text(value)) if value is not None else None
