"""`sco eum import` (serial numbers from a scanner or SCIP export) and `sco eum inventory` (the sheet to
take to the storage site), beside `sco eum check`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.checking import check_for_documents, office_entry, single_result
from sco_cli.app.documents import DOCUMENT_FORMATS, DocumentJob, refuse, say_unread, with_unread, write_document
from sco_cli.app.option_values import check_format, cui_choice, output_format, parse_as_of
from sco_cli.app.output import deliver, emit_json
from sco_cli.cli.commands.student import DryRun, Mapping, ReportFormat
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic


def add(group: typer.Typer) -> typer.Typer:
    group.command("import")(eum_import)
    group.command("inventory")(eum_inventory)
    return group


def eum_import(
    csv_file: Annotated[
        str, typer.Argument(metavar="TABLE", help="Scanner or SCIP export (CSV or TSV, any separator; or .xlsx).")
    ],
    into: Annotated[str, typer.Option("--into", help="The EUM register to update (created when absent).")],
    mapping: Mapping = None,
    dry_run: DryRun = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace values edited by hand with the table's (with --inventory: replace the -o file)."
        ),
    ] = False,
    as_of: AsOf = None,
    format: ReportFormat = "text",
    case: Annotated[str | None, typer.Option("--case", help="Case of new serials whose row gives none.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Item of new serials whose row gives none.")
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", help="Storage site of new serials whose row gives none.")
    ] = None,
    custodian: Annotated[
        str | None, typer.Option("--custodian", help="Custodian of new serials whose row gives none.")
    ] = None,
    enhanced: Annotated[
        bool, typer.Option("--enhanced", help="New serials whose row does not say are enhanced EUM.")
    ] = False,
    inventory: Annotated[
        str | None,
        typer.Option(
            "--inventory", metavar="YYYY-MM-DD", help="The export is a scan of an inventory done on this date."
        ),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who did the inventory (with --inventory).")] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="With --inventory: write the result here instead of into the register."),
    ] = None,
    config: Config = None,
) -> int:
    """Add delivered serial numbers to the register and update its lines, or record an inventory scan
    (--inventory).

    As every import: each serial goes to the register line that holds it, or joins the line of the same
    case, item and site, or starts a new one; a field the line lacks is added, one edited by hand is
    reported and kept unless --force, serials are added and never removed or moved, and each line notes
    the table and day it came from; a later import says what changed and which serials are gone from the
    table. Unused columns, blank lines, repeated serials and rows that cannot be imported are reported by
    line. The register is changed in its own text, and refused when it changed meanwhile."""
    from sco_cli.app.imports import ImportRequest, choose_mapping, import_table
    from sco_cli.eum import importer
    from sco_cli.eum.model import Article

    fmt = check_format(format, ("text", "json"))
    register = Path(into)
    if register.is_dir():
        raise UsageError(f"--into {register}: a folder, not a register file")
    if inventory is not None:
        return _record_inventory(csv_file, register, mapping, inventory, by, output, dry_run, force, fmt)
    if by or output:
        raise UsageError(f"{'--by' if by else '-o'} goes with --inventory")
    defaults: dict[str, object] = {
        name: value
        for name, value in (
            ("case", case),
            ("description", description),
            ("location", location),
            ("custodian", custodian),
        )
        if value
    }
    if enhanced:
        defaults["enhanced"] = True
    chosen = choose_mapping("eum", importer.SHIPPED_MAPPING, mapping)
    new_text = importer.new_register_text(None if register.exists() else _country(register, config))
    store = importer.SerialStore(register, chosen, new_text, defaults)
    day = parse_as_of(as_of)
    request = ImportRequest(csv_file, into, "eum", importer.SHIPPED_MAPPING, mapping, dry_run, force, day, fmt)
    return import_table(request, store.placing, Article)


def _record_inventory(
    table: str,
    register: Path,
    mapping: str | None,
    inventory: str,
    by: str | None,
    output: str | None,
    dry_run: bool,
    force: bool,
    fmt: str,
) -> int:
    """An inventory scan: what was seen, recorded on the day's inventory of each line."""
    from sco_cli.app.imports import choose_mapping, report_table
    from sco_cli.core.office_write import read_office_file, would_refuse, write_office_file
    from sco_cli.eum import importer

    target = Path(output) if output else register
    if target.is_dir():
        raise UsageError(f"--output {target}: a folder, not a register file")
    if output:
        refuse_overwrite(target, force)
    day = parse_as_of(inventory)
    scan = importer.read_scan(Path(table), choose_mapping("eum", importer.SHIPPED_MAPPING, mapping))
    snapshot = read_office_file(register)
    if snapshot.text is None:
        raise UsageError(f"--into {register}: no such register; an inventory scan needs the register it checks")
    current = importer.read_register(snapshot.text, str(register))
    outcome, new_text = importer.record_inventory(current, scan, day, by)
    if dry_run or output:
        refusal = would_refuse(new_text.encode("utf-8"), str(target))
        if refusal:
            raise UsageError(f"{target}: {'would not be written' if dry_run else 'not written'}: {refusal}")
    if output and not dry_run:
        write_atomic(target, ("\ufeff" if snapshot.bom else "") + new_text, force)
    elif new_text != snapshot.text and not dry_run:
        write_office_file(snapshot, new_text)
    if fmt == "json":
        payload = {
            "table": table,
            "into": str(register),
            "inventory": day,
            "dry_run": dry_run,
            "seen": outcome.added,
            "lines": len(outcome.articles_touched),
            "not_seen": outcome.notes,
            "not_imported": [{"line": line, "why": why} for line, why in sorted(outcome.rejected)],
            "table_notes": {"columns_not_used": scan.unmapped, "blank_lines": scan.blank_lines, "notes": scan.notes},
            "files": [str(target)] if output or new_text != snapshot.text else [],
            "written": not dry_run,
        }
        emit_json(payload)
        return ExitCode.FINDINGS if outcome.rejected else ExitCode.OK
    report_table(table, scan, report_absent=False)
    err = sys.stderr
    for line, why in sorted(outcome.rejected):
        print(f"{table}:{line}: not imported: {why}", file=err)
    for note in outcome.notes:
        print(f"note: {note}", file=err)
    verb = "would write" if dry_run else "wrote"
    rejected = f"; {len(outcome.rejected)} row(s) not imported" if outcome.rejected else ""
    touched = len(outcome.articles_touched)
    print(f"{verb} {target}: {outcome.added} serial number(s) recorded as seen in {touched} article(s){rejected}")
    return ExitCode.FINDINGS if outcome.rejected else ExitCode.OK


def _country(register: Path, config: str | None) -> str | None:
    """The office's country for a new register (the sco.yaml above it, or --config)."""
    entry = office_entry(config, parse_as_of(None), near=str(register.resolve().parent / register.name))
    return entry.office.country if entry.office else None


def eum_inventory(
    register: Annotated[str, typer.Argument(help="The EUM register.")],
    output: Annotated[str, typer.Option("--output", "-o", help="SHEET.docx, SHEET.md, SHEET.pdf or SHEET.csv")],
    enhanced_only: Annotated[bool, typer.Option("--enhanced-only", help="Enhanced EUM articles only.")] = False,
    force: Force = False,
    draft: Draft = False,
    as_of: AsOf = None,
    config: Config = None,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """The inventory sheet to take to the site: serial numbers grouped by storage site, with blank
    columns to tick, note the condition, and sign. An article sco cannot read is named and the sheet
    refused, unless --draft (a DRAFT naming it; still exit 1)."""
    from sco_cli.eum.inventory import inventory_document, sheet_csv, sheet_sites
    from sco_cli.eum.model import Register

    target = Path(output)
    fmt = output_format(None, output, (*DOCUMENT_FORMATS, "csv"))
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    result = single_result(check_for_documents([register], "eum", day, config), "eum", register)
    unread = result.unread()
    sites = sheet_sites(result.model_as(Register), enhanced_only, skip=unread)
    note = f": {sum(len(s['rows']) for s in sites)} line(s) at {len(sites)} site(s)"
    if fmt == "csv":  # a sheet to print and sign: refused as the documents are, no DRAFT line to carry
        if unread and not draft:
            why = "no inventory sheet written; not read (--draft writes it without them):"
            refuse(register, why, [str(entry) for entry in unread])
            return ExitCode.FINDINGS
        deliver(sheet_csv(sites), output, force, note)
        say_unread(unread, listed=False)
        return ExitCode.FINDINGS if unread else ExitCode.OK
    document = with_unread(inventory_document(result, enhanced_only, day), unread, draft)
    outcome = write_document(DocumentJob(document, fmt, target, force, register, note, cui=cui), "inventory sheet")
    return ExitCode.OK if outcome.written and not outcome.draft else ExitCode.FINDINGS
