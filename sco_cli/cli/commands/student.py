"""`sco student import` (a roster export into one file per student) and `sco student export` (the
students as a roster in the ITO data sheet's field order), beside `sco student check`."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.cli.options import AsOf, Config, Output, Paths

Mapping = Annotated[
    str | None,
    typer.Option("--mapping", metavar="MAP", help="A mapping file (YAML) for another layout (docs/imports.md)."),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Say what would be added and changed; write nothing.")]
Replace = Annotated[bool, typer.Option("--force", help="Replace values edited by hand with the table's.")]
ReportFormat = Annotated[str, typer.Option("--format", "-f", help="The report: text or json.")]


def add(group: typer.Typer) -> typer.Typer:
    group.command("import")(student_import)
    group.command("export")(student_export)
    return group


def student_import(
    table: Annotated[str, typer.Argument(metavar="TABLE", help="The roster export (CSV, TSV or .xlsx).")],
    into: Annotated[
        str, typer.Option("--into", metavar="DIR", help="The folder of student files (created if absent).")
    ],
    mapping: Mapping = None,
    dry_run: DryRun = False,
    force: Replace = False,
    as_of: AsOf = None,
    format: ReportFormat = "text",
) -> int:
    """Add and update students from a roster, one file per student, matched by service number.

    What the office wrote stays: a field the file lacks is added, one edited by hand is reported and
    kept unless --force, and every record notes the table and day it came from. Unused columns,
    unreadable rows and repeated students are reported by line. A value that is readable but wrong is
    imported as written: `sco student check` reports it."""
    from sco_cli.app.imports import ImportRequest, import_table
    from sco_cli.app.option_values import check_format, parse_as_of

    day = parse_as_of(as_of)
    fmt = check_format(format, ("text", "json"))
    request = ImportRequest(table, into, "student", "student-roster", mapping, dry_run, force, day, fmt)
    return import_table(request)


def student_export(
    paths: Paths,
    format: Annotated[str, typer.Option("--format", "-f", help="csv (the only format).")] = "csv",
    mapping: Mapping = None,
    output: Output = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """The students as a roster in the ITO data sheet's field order (first course), for re-keying into
    SC-TMS: what `sco student import` reads back. The roster holds personal data (passport, date of
    birth): keep the file as the students' files are kept."""
    from sco_cli.app.checking import check_for_documents
    from sco_cli.app.documents import say_unread
    from sco_cli.app.imports import choose_mapping, export_csv
    from sco_cli.app.option_values import check_format, parse_as_of
    from sco_cli.app.output import deliver
    from sco_cli.core.errors import ExitCode

    check_format(format, ("csv",))
    chosen = choose_mapping("student", "student-roster", mapping)
    report = check_for_documents(paths, "student", parse_as_of(as_of), config)
    records = [r.model.model_dump(exclude_none=True) for r in report.of_kind("student") if r.model is not None]
    deliver(export_csv(records, chosen), output, force, f": {len(records)} student(s)")
    unread = report.unread("student")  # a student left out, or a value exported blank, is never silent
    say_unread(unread, listed=False)
    return ExitCode.FINDINGS if unread else ExitCode.OK
