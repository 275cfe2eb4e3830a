"""`sco eum import`: serial numbers from a scanner or SCIP export into the register, through the one
table importer (`core.table_import`) and its one merge, as `sco case import` and `sco student import`.

A table row is one serial number; a record is a register line (an article: one item under one case at
one site), which holds many. `SerialStore.arrange` turns the rows into one row per line before the
merge: a serial the register holds goes to its line (serials compare as text after Unicode
normalisation, `serial_key`: `000123` and `123` are two serials, `CLU-1` in fullwidth letters is
`CLU-1`); a new one joins the line of the same case, item and site (and custodian, when the row names
one), or a new line. Then the shared merge: a field the line lacks is added, a value the last import
wrote follows the table, one edited by hand is reported and kept unless `--force`, the serials the line
lacks are appended (none is ever removed), and the line carries `imported:`. A serial is never moved
from one line to another.

The register is changed by splicing new text into its own (`core.yaml_edit`) and written with
`core.office_write` (locked, compared with what was read, refused when it changed meanwhile), so every
value the office wrote stays byte for byte. A register whose lines the import would add to hold a model
error (`serials: S-1` where a list belongs, an `inventories:` mapping) is refused: adding to a value
sco cannot read would change or hide it.

`--inventory` is not a merge but a record of what was seen: `record_inventory` adds each scanned serial
to the inventory of that day of its line, linear in the serials."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sco_cli.core.errors import UsageError
from sco_cli.core.loader import parse_document
from sco_cli.core.table_import import ListStore, MappedTable, Mapping, Row, field_path, key_match
from sco_cli.core.tables import normal_text
from sco_cli.core.yaml_edit import EditRefused, TextEdit
from sco_cli.eum.facts import serial_key

MAX_SERIAL = 64

SHIPPED_MAPPING = "eum-serials"
"""The columns, each by any of its usual header names: `sco_cli/data/mappings/eum-serials.yaml`."""

LINE_FIELDS = ("description", "case", "location", "custodian")
"""What makes a register line: a new serial joins the line that has the row's values of these (the
custodian only when the row names one)."""


def serial_mapping(mapping: Mapping) -> Mapping:
    """The mapping as the merge reads the arranged rows: the serial column fills the line's `serials`."""
    if mapping.keys != ("serial",):
        raise UsageError(f"mapping {mapping.name}: an EUM mapping's key is `serial` (key: serial)")
    columns = tuple(
        dataclasses.replace(c, field="serials", path=field_path("serials")) if c.field == "serial" else c
        for c in mapping.columns
    )
    return dataclasses.replace(mapping, keys=("serials",), columns=columns)


def _line(position: int) -> str:
    return f"\x1fline {position}"


@dataclass
class _Line:
    """The rows of the table that go to one register line."""

    first: int  # the first row's line in the table
    position: int | None  # the register line, None for a new one
    values: dict[str, Any]
    serials: list[str] = field(default_factory=list)


class SerialStore(ListStore):
    """The register's lines as the records of the merge, matched by the serials they hold."""

    def __init__(self, file: Path, mapping: Mapping, new_text: str, defaults: dict[str, Any]):
        super().__init__(file, ("articles",), serial_mapping(mapping), new_text)
        if normal_text(as_text(self.data.get("kind"))).lower() != "eum":
            raise UsageError(f"{file}: not an EUM register (kind: eum)")
        self.defaults = defaults

    def match_of(self, position: int, item: dict[str, Any]) -> str | None:
        return _line(position)

    def placing(self, mapped: MappedTable) -> SerialStore:
        """The store for `import_table`, once `mapped` is placed: its rows become one row per register
        line, holding the serials the table gives it (`mapped` is changed in place). Refused here, by
        line: a serial too long or without a description to place it, and a row that says another case,
        item, site or date than the line's other rows (which one is right would be a guess)."""
        rejected = list(mapped.rejected)
        articles = self.items
        known = serial_index(articles)
        spelled = {serial_key(s): s for article in articles for s in _delivered(article)}
        groups: dict[tuple[str, ...], list[int]] = {}
        for index, article in enumerate(articles):
            if isinstance(article, dict):
                groups.setdefault(_group(article), []).append(index)
        created: list[dict[str, Any]] = []
        created_groups: dict[tuple[str, ...], list[int]] = {}
        lines: dict[str, _Line] = {}
        adds_to: set[int] = set()
        for row in mapped.rows:
            values = dict(row.values)
            serial = as_text(values.pop("serial", ""))
            if len(serial) > MAX_SERIAL:
                rejected.append((row.line, f"serial number is not a serial number (over {MAX_SERIAL} characters)"))
                continue
            key = serial_key(serial)
            position = known.get(key)
            if position is None:  # --case, --description, ... place new serials; never change a line
                values = {**self.defaults, **values}
            if position is not None:
                token, serial = _line(position), spelled[key]
            elif not values.get("description"):
                rejected.append((row.line, "no description: add a description column or --description"))
                continue
            else:
                custodian = as_text(values.get("custodian"))
                position = _matching(articles, groups.get(_group(values), []), custodian)
                if position is not None:
                    token = _line(position)
                    adds_to.add(position)
                    for name in LINE_FIELDS:  # the line's own spelling of what matched it
                        if values.get(name) and articles[position].get(name) is not None:
                            values[name] = as_text(articles[position][name])
                else:
                    new = _matching(created, created_groups.get(_group(values), []), custodian)
                    if new is None:
                        created.append(values)
                        new = len(created) - 1
                        created_groups.setdefault(_group(values), []).append(new)
                    token = f"\x1fnew {new}"
            line = lines.get(token)
            if line is None:
                line = lines[token] = _Line(row.line, position if token.startswith("\x1fline") else None, values)
            else:
                clash = next(
                    (
                        n
                        for n, v in values.items()
                        if n in line.values and key_match([v]) != key_match([line.values[n]])
                    ),
                    None,
                )
                if clash is not None:
                    why = f"'{clash}' differs from line {line.first}, which goes to the same register line"
                    rejected.append((row.line, f"serial {serial}: {why}: not imported"))
                    continue
                line.values.update({n: v for n, v in values.items() if n not in line.values})
            single = articles[line.position].get("serial") if line.position is not None else None
            if single is None or serial_key(as_text(single)) != key:  # `serial:` holds it already
                line.serials.append(serial)
        refuse_model_errors(Register(str(self.file), self.target_.text, self.data), adds_to, bool(created))
        rows = []
        for token, line in lines.items():
            values = {**line.values, **({"serials": line.serials} if line.serials else {})}
            label = _label_of(articles[line.position], line.position) if line.position is not None else ""
            label = label or as_text(values.get("description"))
            rows.append(Row(line.first, values, label, token))
        mapped.mapping, mapped.rows, mapped.rejected = self.mapping, rows, rejected
        return self


def new_register_text(country: str | None) -> str:
    from sco_cli.core.yaml_edit import scalar_text  # noqa: PLC0415

    return "kind: eum\n" + (f"country: {scalar_text(country)}\n" if country else "") + "articles: []\n"


def read_scan(path: Path, mapping: Mapping) -> MappedTable:
    """An inventory scan read through the one table importer: serials by line, repeats named."""
    from sco_cli.core.table_import import read_mapped  # noqa: PLC0415

    mapped = read_mapped(path, mapping, lambda _: False)
    kept = []
    for row in mapped.rows:
        if len(as_text(row.values.get("serial"))) > MAX_SERIAL:
            mapped.rejected.append((row.line, f"serial number is not a serial number (over {MAX_SERIAL} characters)"))
        else:
            kept.append(row)
    mapped.rows = kept
    return mapped


# ---------------------------------------------------------------------------------------------
# The register, for an inventory scan


@dataclass
class Register:
    """A register as read for an inventory scan: its text (to splice into), its data (to match against)."""

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
    rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _day(text: str) -> date | None:
    value = text.strip()
    try:
        return datetime.fromisoformat(value).date() if len(value) > 10 else date.fromisoformat(value)
    except ValueError:
        return None


def _label_of(article: Any, position: int) -> str:
    if isinstance(article, dict):
        return as_text(article.get("id") or article.get("description")) or f"articles[{position}]"
    return f"articles[{position}]"


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


def record_inventory(register: Register, scan: MappedTable, day: date, by: str | None) -> tuple[Outcome, str]:
    """A scan taken during an inventory: each serial seen is added to the inventory of `day` of its
    article. Serials the register does not know are refused (named); serials not seen are listed.
    Linear in the serials: each article's seen serials are a set."""
    outcome = Outcome(rejected=list(scan.rejected))
    articles = register.articles
    known = serial_index(articles)
    spelled = {serial_key(s): s for article in articles for s in _delivered(article)}
    seen: dict[int, list[str]] = {}
    for row in scan.rows:
        serial = as_text(row.values.get("serial"))
        key = serial_key(serial)
        position = known.get(key)
        if position is None:
            outcome.rejected.append((row.line, f"serial {serial} is not in the register"))
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
