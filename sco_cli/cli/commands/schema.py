"""`sco schema export`: the JSON Schema of every file kind, for editors."""

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
