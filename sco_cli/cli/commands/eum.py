"""`sco eum import` (serial numbers from a scanner or SCIP export) and `sco eum inventory` (the sheet to
take to the storage site), beside `sco eum check`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sco_cli.app.checking import check_for_documents, office_entry, single_result
from sco_cli.app.documents import DOCUMENT_FORMATS, DocumentJob, refuse, say_unread, with_unread, write_document
from sco_cli.app.imports import choose_mapping
from sco_cli.app.option_values import cui_choice, output_format, parse_as_of
from sco_cli.app.output import deliver
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic

if TYPE_CHECKING:
    from sco_cli.eum.importer import Outcome, Parsed


def add(group: typer.Typer) -> typer.Typer:
    group.command("import")(eum_import)
    group.command("inventory")(eum_inventory)
    return group


def eum_import(
    csv_file: Annotated[
        str, typer.Argument(metavar="TABLE", help="Scanner or SCIP export (CSV or TSV, any separator; or .xlsx).")
    ],
    into: Annotated[str, typer.Option("--into", help="The EUM register to update (created when absent).")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the result here instead of into the register.")
    ] = None,
    inventory: Annotated[
        str | None,
        typer.Option(
            "--inventory", metavar="YYYY-MM-DD", help="The export is a scan of an inventory done on this date."
        ),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who did the inventory (with --inventory).")] = None,
    case: Annotated[str | None, typer.Option("--case", help="Case for rows without one.")] = None,
    description: Annotated[str | None, typer.Option("--description", help="Item for rows without one.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="Storage site for rows without one.")] = None,
    custodian: Annotated[str | None, typer.Option("--custodian", help="Custodian unit for rows without one.")] = None,
    enhanced: Annotated[bool, typer.Option("--enhanced", help="New rows are enhanced EUM articles.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")] = False,
    mapping: Annotated[
        str | None,
        typer.Option("--mapping", metavar="MAP", help="A mapping file (YAML) for another layout (docs/imports.md)."),
    ] = None,
    force: Force = False,
    config: Config = None,
) -> int:
    """Add delivered serial numbers to the register, or record an inventory scan (--inventory).

    Columns are found by header name (or through --mapping, as every import reads tables); unknown
    columns, blank lines, repeated serials and rows that cannot be imported are each reported. New
    lines are added to the register's own text: what the office wrote stays as written, and an import
    is refused when the register changed meanwhile.
    --force is needed only to replace an existing --output file."""
    from sco_cli.core.office_write import read_office_file, would_refuse, write_office_file
    from sco_cli.eum import importer

    register = Path(into)
    target = Path(output) if output else register
    for path, option in ((register, "--into"), (target, "--output")):
        if path.is_dir():
            raise UsageError(f"{option} {path}: a folder, not a register file")
    if output:
        refuse_overwrite(target, force)
    day = parse_as_of(inventory) if inventory else None
    if by and day is None:
        raise UsageError("--by goes with --inventory")
    chosen = choose_mapping("eum", importer.SHIPPED_MAPPING, mapping) if mapping else None
    parsed = importer.read_csv(Path(csv_file), chosen)
    snapshot = read_office_file(register)
    if snapshot.text is not None:
        text = snapshot.text
    elif day is not None:
        raise UsageError(f"--into {into}: no such register; an inventory scan needs the register it checks")
    else:
        text = importer.new_register_text(_country(register, config))
    current = importer.read_register(text, str(register))
    if day is not None:
        outcome, new_text = importer.record_inventory(current, parsed, day, by)
    else:
        defaults = {"case": case, "description": description, "location": location, "custodian": custodian}
        values = {k: v for k, v in defaults.items() if v}
        if enhanced:
            values["enhanced"] = "yes"
        outcome, new_text = importer.add_serials(current, parsed, values)
    if dry_run:
        refusal = would_refuse(new_text.encode("utf-8"), str(target))
        if refusal:
            raise UsageError(f"{target}: would not be written: {refusal}")
    elif output:
        refusal = would_refuse(new_text.encode("utf-8"), str(target))
        if refusal:
            raise UsageError(f"{target}: not written: {refusal}")
        bom = "\ufeff" if snapshot.bom else ""
        write_atomic(target, bom + new_text, force)
    elif new_text != snapshot.text:
        write_office_file(snapshot, new_text)
    _report_import(csv_file, target, parsed, outcome, day is not None, dry_run)
    return ExitCode.FINDINGS if outcome.rejected else ExitCode.OK


def _country(register: Path, config: str | None) -> str | None:
    """The office's country for a new register (the sco.yaml above it, or --config)."""
    entry = office_entry(config, parse_as_of(None), near=str(register.resolve().parent / register.name))
    return entry.office.country if entry.office else None


def _report_import(source: str, target: Path, parsed: Parsed, outcome: Outcome, scan: bool, dry_run: bool) -> None:
    err = sys.stderr
    for note in parsed.notes:
        print(f"{source}: {note}", file=err)
    if parsed.unknown_columns:
        print(f"{source}: column(s) not used: " + ", ".join(f"'{c}'" for c in parsed.unknown_columns), file=err)
    if parsed.blank_lines:
        lines = ", ".join(map(str, parsed.blank_lines[:20])) + (" ..." if len(parsed.blank_lines) > 20 else "")
        print(f"{source}: {len(parsed.blank_lines)} blank line(s) skipped: {lines}", file=err)
    for line, why in sorted(outcome.rejected):
        print(f"{source}:{line}: not imported: {why}", file=err)
    for note in outcome.notes:
        print(f"note: {note}", file=err)
    what = "serial number(s) recorded as seen" if scan else "serial number(s) added"
    new = f" ({outcome.new_articles} new)" if outcome.new_articles else ""
    rejected = f"; {len(outcome.rejected)} row(s) not imported" if outcome.rejected else ""
    verb = "would write" if dry_run else "wrote"
    touched = len(outcome.articles_touched) + outcome.new_articles
    print(f"{verb} {target}: {outcome.added} {what} in {touched} article(s){new}{rejected}")


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
