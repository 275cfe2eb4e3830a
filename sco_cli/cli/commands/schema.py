"""`sco schema export`: the JSON Schema of every file kind, for editors;
`sco schema fields KIND`: the same fields in words, for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.catalogue import schema_files, schemas, write_all
from sco_cli.app.output import emit
from sco_cli.cli.options import Force
from sco_cli.core.errors import ExitCode


def app() -> typer.Typer:
    schema = typer.Typer(no_args_is_help=True)
    schema.command("export")(schema_export)
    schema.command("fields")(schema_fields)
    return schema


def schema_export(
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Folder for one <kind>.schema.json per kind; without it, all schemas go to stdout."
        ),
    ] = None,
    force: Force = False,
) -> int:
    """Write the JSON Schema of every file kind (generated from the models)."""
    if output is None:
        emit(json.dumps(schemas(), indent=2) + "\n")
        return ExitCode.OK
    for path in write_all(schema_files(Path(output)), force):
        print(f"wrote {path}")
    return ExitCode.OK


def schema_fields(kind: Annotated[str, typer.Argument(help="A file kind: lor, student, forecast, ...")]) -> int:
    """Every field of a file kind: where it sits, its type in words, whether required, what it is for."""
    from sco_cli.app.reference_docs import fields_text, kind_names
    from sco_cli.core.errors import UsageError
    from sco_cli.core.suggest import did_you_mean

    names = kind_names()
    wanted = kind.strip().lower()
    if wanted not in names:
        raise UsageError(f"no kind {kind!r}; {did_you_mean(wanted, names, 'kinds: ' + ', '.join(names))}")
    emit(fields_text(wanted))
    return ExitCode.OK
