"""`sco eum check`, `sco eum import` (serial numbers from a scanner or SCIP export) and
`sco eum inventory` (the sheet to take to the storage site)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sco_cli.check import check_for_documents, single_result
from sco_cli.check_commands import kind_check_app
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.option_values import parse_as_of
from sco_cli.options import AsOf, Config, Force

if TYPE_CHECKING:
    from datetime import date

    from sco_cli.core.findings import FileResult
    from sco_cli.core.render import DocumentMeta
    from sco_cli.eum.importer import Outcome, Parsed
    from sco_cli.eum.model import Register


def eum_app() -> typer.Typer:
    eum = kind_check_app("eum")
    eum.command("import")(eum_import)
    eum.command("inventory")(eum_inventory)
    return eum


def eum_import(
    csv_file: Annotated[str, typer.Argument(metavar="CSV", help="Scanner or SCIP export (CSV, any separator).")],
    into: Annotated[str, typer.Option("--into", help="The EUM register to update (created when absent).")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the result here instead of over the register.")
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
    force: Force = False,
    config: Config = None,
) -> int:
    """Add delivered serial numbers to the register, or record an inventory scan (--inventory).

    Columns are found by header name; unknown columns, blank lines, repeated serials and rows
    that cannot be imported are each reported. The register keeps its comments and order."""
    from sco_cli.eum import importer

    register = Path(into)
    target = Path(output) if output else register
    for path, option in ((register, "--into"), (target, "--output")):
        if path.is_dir():
            raise UsageError(f"{option} {path}: a folder, not a register file")
    refuse_overwrite(target, force)
    day = parse_as_of(inventory) if inventory else None
    if by and day is None:
        raise UsageError("--by goes with --inventory")
    parsed = importer.read_csv(Path(csv_file))
    if register.exists():
        document = importer.read_register(register)
    elif day is not None:
        raise UsageError(f"--into {into}: no such register; an inventory scan needs the register it checks")
    else:
        document = importer.new_register(_country(register, config))
    if day is not None:
        outcome = importer.record_inventory(document, parsed, day, by)
    else:
        defaults = {"case": case, "description": description, "location": location, "custodian": custodian}
        values = {k: v for k, v in defaults.items() if v}
        if enhanced:
            values["enhanced"] = "yes"
        outcome = importer.add_serials(document, parsed, values)
    write_atomic(target, importer.dump(document), force)
    _report_import(csv_file, target, parsed, outcome, day is not None)
    return ExitCode.FINDINGS if outcome.rejected else ExitCode.OK


def _country(register: Path, config: str | None) -> str | None:
    """The office's country for a new register (the sco.yaml above it, or --config)."""
    from sco_cli.core.pipeline import CheckOptions, OfficeFinder
    from sco_cli.kinds import KINDS

    if config and not Path(config).is_file():
        raise UsageError(f"--config {config}: no such file")
    probe = register.resolve().parent / register.name
    entry = OfficeFinder(KINDS, CheckOptions(parse_as_of(None), config)).entry_for(str(probe))
    return entry.office.country if entry.office else None


def _report_import(source: str, target: Path, parsed: Parsed, outcome: Outcome, scan: bool) -> None:
    err = sys.stderr
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
    print(f"wrote {target}: {outcome.added} {what} in {len(outcome.articles_touched)} article(s){new}{rejected}")


def eum_inventory(
    register: Annotated[str, typer.Argument(help="The EUM register.")],
    output: Annotated[str, typer.Option("--output", "-o", help="SHEET.docx, SHEET.md, SHEET.pdf or SHEET.csv")],
    enhanced_only: Annotated[bool, typer.Option("--enhanced-only", help="Enhanced EUM articles only.")] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """The inventory sheet to take to the site: serial numbers grouped by storage site, with blank
    columns to tick, note the condition, and sign."""
    from sco_cli.core import pdf
    from sco_cli.core.render import render_document
    from sco_cli.eum.model import Register

    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("docx", "md", "pdf", "csv"):
        raise UsageError(f"--output {output}: name a .docx, .md, .pdf or .csv file")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    result = single_result(check_for_documents([register], "eum", day, config), "eum", register)
    soffice = pdf.soffice_for(result.office) if fmt == "pdf" else ""
    sites = sheet_sites(result.model_as(Register), enhanced_only)
    if fmt == "csv":
        data: bytes | str = sheet_csv(sites)
    else:
        template, context, meta = inventory_document(result, enhanced_only, day)
        rendered = render_document(template, context, meta, "docx" if fmt == "pdf" else fmt, result.office)
        data = pdf.convert([rendered], soffice)[0] if fmt == "pdf" else rendered
    write_atomic(target, data, force)
    print(f"wrote {target}: {sum(len(s['rows']) for s in sites)} line(s) at {len(sites)} site(s)")
    return ExitCode.OK


def inventory_document(result: FileResult, enhanced_only: bool, day: date) -> tuple[str, dict[str, Any], DocumentMeta]:
    """The sheet's template, context and metadata (the command and `sco templates` share them)."""
    from sco_cli.core.render import DocumentMeta
    from sco_cli.eum.model import Register

    model = result.model_as(Register)
    sites = sheet_sites(model, enhanced_only)
    meta = DocumentMeta.of_file(result, "EUM inventory sheet", day)
    context = {
        "country": model.country or (result.office.country if result.office else ""),
        "sites": sites,
        "serials": sum(len(site["rows"]) for site in sites),
        "blank_rows": list(range(1, 6)),
    }
    return "eum-inventory.md.j2", context, meta


def sheet_sites(register: Register, enhanced_only: bool) -> list[dict[str, Any]]:
    """Articles in service grouped by storage site (sorted), each with one row per serial number."""
    sites: dict[str, dict[str, Any]] = {}
    for article in register.articles:
        if article.status != "in_service" or (enhanced_only and not article.enhanced):
            continue
        name = article.location or "(storage site not recorded)"
        site = sites.setdefault(name, {"name": name, "custodians": [], "articles": [], "rows": []})
        if article.custodian and article.custodian not in site["custodians"]:
            site["custodians"].append(article.custodian)
        serials = article.delivered or [f"(no serial numbers; quantity {article.quantity or '?'})"]
        item: dict[str, Any] = {
            "item": article.description,
            "case": article.case or "",
            "eeum": "yes" if article.enhanced else "no",
            "rows": [],
        }
        site["articles"].append(item)
        for serial in serials:
            row = {"case": item["case"], "item": item["item"], "serial": serial, "eeum": item["eeum"]}
            item["rows"].append(row)
            site["rows"].append(row)
    ordered = [sites[name] for name in sorted(sites)]
    for site in ordered:
        for number, row in enumerate(site["rows"], 1):
            row["n"] = number
    return ordered


def _cell(value: object) -> str:
    """Spreadsheets run a cell starting with = + @ as a formula: such text is quoted."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "@", "\t", "\r") else text


def sheet_csv(sites: list[dict[str, Any]]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["site", "custodian", "number", "case", "item", "serial", "eeum", "found", "condition", "remarks"])
    for site in sites:
        custodian = "; ".join(site["custodians"])
        for row in site["rows"]:
            writer.writerow(
                [_cell(v) for v in (site["name"], custodian, row["n"], row["case"], row["item"], row["serial"])]
                + [row["eeum"], "", "", ""]
            )
    return stream.getvalue()
