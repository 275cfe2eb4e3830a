"""What every `sco ... import` and table export shares: the mapping chosen (`--mapping`, else the one sco
ships for the command), the table read and merged by `core.table_import`, the report (what was added,
changed, kept as edited, gone, and every row not imported, by line), the write (or none for
`--dry-run`), and the exit code. The commands add only their options: see `cli/commands/student.py`
and `cli/commands/case.py`; `sco training import` adds a `ListStore` target (docs/imports.md).

    code = import_table(ImportRequest(table, into, kind="case", shipped="case-status", ...))
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sco_cli.core.csv_table import csv_text
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from pydantic import BaseModel

    from sco_cli.core.table_import import FieldPath, ImportPlan, MappedTable, Mapping, RecordChange, Store


@dataclass(frozen=True)
class ImportRequest:
    table: str  # the export
    into: str  # the folder (or file) the records go into
    kind: str  # the kind of the records (`student`, `case`)
    shipped: str  # the mapping sco ships for the command (`sco_cli/data/mappings/<shipped>.yaml`)
    mapping: str | None = None  # --mapping
    dry_run: bool = False
    force: bool = False
    day: date | None = None  # the day recorded in `imported.at` (--as-of, else today)
    format: str = "text"  # the report: text (stdout, and stderr for what was not imported) or json


def choose_mapping(kind: str, shipped: str, given: str | None) -> Mapping:
    """`--mapping FILE` when given (it must be for `kind`), else the shipped one."""
    from sco_cli.core.table_import import load_mapping, shipped_mapping

    mapping = load_mapping(Path(given)) if given else shipped_mapping(shipped)
    if mapping.kind != kind:
        raise UsageError(f"--mapping {given}: a mapping for kind {mapping.kind}, not {kind}")
    return mapping


def model_of(kind: str) -> type[BaseModel]:
    from sco_cli.kinds import KINDS

    model: type[BaseModel] = KINDS.get(kind).model
    return model


def personal_in(model: type[BaseModel]) -> Any:
    from sco_cli.core.validate import is_personal

    def personal(path: FieldPath) -> bool:
        return is_personal(model, path)

    return personal


def import_table(
    request: ImportRequest,
    store: Store | Callable[[MappedTable], Store] | None = None,
    model: type[BaseModel] | None = None,
) -> int:
    """Read, merge, report and (unless a dry run) write; exit 1 when a row was not imported or a hand
    edit was kept, else 0. `store` defaults to one file per record in `request.into`; it may be made
    from the table once read (`sco training import` places the rows in a fiscal year and takes the
    plan's country from them); `model` defaults to the kind's (a `ListStore` passes the model of one
    item). A store made from the table may also place its rows: `sco eum import` turns each serial row
    into its register line's (`eum.importer.SerialStore.placing`)."""
    from sco_cli.app.option_values import parse_as_of
    from sco_cli.core.table_import import (
        FolderStore,
        ImportOptions,
        field_path,
        file_name_fields,
        plan_import,
        read_mapped,
        refusal,
        write_plan,
    )

    mapping = choose_mapping(request.kind, request.shipped, request.mapping)
    model = model or model_of(request.kind)
    if Path(request.into).exists() and not Path(request.into).is_dir() and store is None:
        raise UsageError(f"--into {request.into}: a file; give the folder that holds one file per {request.kind}")
    personal = personal_in(model)
    if store is None:  # a file name shows in every listing, commit and message: never a personal value
        named_by = [name for name in file_name_fields(mapping.file_name) if personal(field_path(name))]
        if named_by:
            raise UsageError(
                f"mapping {mapping.name}: `file_name` uses the personal field {named_by[0]}; a file name shows in "
                'every listing, so name new files by other fields (`file_name: "{name.surname}-{service_number}"`)'
            )
    mapped = read_mapped(Path(request.table), mapping, personal)
    if callable(store):
        store = store(mapped)
    store = store if store is not None else FolderStore(Path(request.into), mapping)
    day = request.day or parse_as_of(None)
    plan = plan_import(mapped, store, model, ImportOptions(mapped.name, day, request.force))
    if request.dry_run:
        why = refusal(plan)
        if why:
            raise UsageError(f"would not be written: {why}")
    else:
        write_plan(plan)
    if request.format == "json":
        from sco_cli.app.output import emit_json

        emit_json(plan_payload(request, plan), day)
    else:
        report_plan(request, plan)
    return ExitCode.FINDINGS if plan.rejected or plan.kept else ExitCode.OK


def plan_payload(request: ImportRequest, plan: ImportPlan) -> dict[str, Any]:
    """The report as JSON, the same for every import: what the text says, each record once per list it
    is in (`changed` gives each field's old and new value where the field is not personal)."""
    mapped = plan.mapped

    def record(change: RecordChange) -> dict[str, Any]:
        return {"key": change.key or None, "where": change.where, "line": change.line}

    return {
        "table": request.table,
        "into": request.into,
        "mapping": mapped.mapping.name,
        "dry_run": request.dry_run,
        "added": [record(c) for c in plan.added],
        "changed": [
            {**record(c), "fields": {f: c.details.get(f) for f in c.changed}, "new_fields": c.filled}
            for c in plan.changed
        ],
        "kept": [{**record(c), "fields": c.kept} for c in plan.kept],
        "blank_in_table": [{**record(c), "fields": c.blanked} for c in plan.records if c.blanked],
        "gone": plan.gone,
        "unchanged": plan.unchanged,
        "not_imported": [{"line": line, "why": why} for line, why in sorted(plan.rejected)],
        "table_notes": {
            "columns_not_used": mapped.unmapped,
            "columns_absent": mapped.absent,
            "blank_lines": mapped.blank_lines,
            "notes": [*mapped.notes, *plan.notes],
        },
        "files": [str(snapshot.path) for snapshot, _ in plan.writes],
        "written": not request.dry_run,
    }


def report_table(source: str, mapped: MappedTable, report_absent: bool = True) -> None:
    """What the table held that the import did not use: on standard error, by line."""
    err = sys.stderr
    for note in mapped.notes:
        print(f"{source}: {note}", file=err)
    if mapped.unmapped:
        print(f"{source}: column(s) not used: " + _quoted(mapped.unmapped), file=err)
    if mapped.absent and report_absent:
        print(f"{source}: column(s) of the mapping not in the table: " + _quoted(mapped.absent), file=err)
    if mapped.totals_lines:
        lines = ", ".join(map(str, mapped.totals_lines[:20])) + (" ..." if len(mapped.totals_lines) > 20 else "")
        print(f"{source}: {len(mapped.totals_lines)} totals row(s) skipped (sums, not records): {lines}", file=err)
    if mapped.blank_lines:
        lines = ", ".join(map(str, mapped.blank_lines[:20])) + (" ..." if len(mapped.blank_lines) > 20 else "")
        print(f"{source}: {len(mapped.blank_lines)} blank line(s) skipped: {lines}", file=err)


def report_plan(request: ImportRequest, plan: ImportPlan) -> None:
    out, err = sys.stdout, sys.stderr
    source = request.table
    report_table(source, plan.mapped)
    for note in plan.notes:
        print(f"note: {note}", file=err)
    for line, why in sorted(plan.rejected):
        print(f"{source}:{line}: not imported: {why}", file=err)
    would = "would " if request.dry_run else ""
    for change in plan.records:
        label = f" {printable(change.key)}" if change.key else ""  # a title may hold a line end
        if change.added:
            print(f"{would}add{label}: {change.where} (line {change.line})", file=out)
        elif change.changed or change.filled:
            shown = [f"{f} ({change.details[f]})" if f in change.details else f for f in change.changed]
            fields = ", ".join([*shown, *(f"{f} (new)" for f in change.filled)])
            print(f"{would}change{label}: {change.where} (line {change.line}): {fields}", file=out)
        for name in change.kept:
            print(
                f"{change.where}: {name} differs from the table (line {change.line}): the file's value was "
                "edited by hand and is kept (--force replaces it)",
                file=err,
            )
        for name in change.blanked:
            print(f"{change.where}: {name} is blank in the table now (line {change.line}): kept", file=err)
    for where in plan.gone:
        print(f"gone: {where} came from {plan.mapped.name} and is not in it now: kept", file=err)
    counts = [
        f"{len(plan.added)} added",
        f"{len(plan.changed)} changed",
        f"{plan.unchanged} unchanged",
    ]
    if plan.kept:
        counts.append(f"{len(plan.kept)} with hand edits kept")
    if plan.gone:
        counts.append(f"{len(plan.gone)} gone")
    if plan.rejected:
        counts.append(f"{len(plan.rejected)} row(s) not imported")
    verb = "would write" if request.dry_run else "wrote"
    files = len(plan.writes)
    print(f"{request.into}: {', '.join(counts)}; {verb} {files} file(s)", file=out)


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def export_csv(records: list[dict[str, Any]], mapping: Mapping) -> str:
    """The records as the table `mapping` reads: its columns in its order, each value written the way
    the column reads it (dates in the mapping's first format, money as `$4,634,880`, value maps
    reversed), so that an import followed by an export gives the table back."""
    from sco_cli.core.table_import import lookup, write_cell

    rows = (
        [write_cell(_plain(lookup(record, column.path)), column) for column in mapping.columns] for record in records
    )
    return csv_text([column.header for column in mapping.columns], rows)


def _plain(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return None
    return value
