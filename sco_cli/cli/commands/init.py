"""`sco init`: start an office folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.catalogue import schema_files, write_all
from sco_cli.cli.options import Force
from sco_cli.core.errors import ExitCode
from sco_cli.core.output import resource_dir
from sco_cli.kinds import KINDS


def init(
    folder: Annotated[str, typer.Argument(help="Folder for the new office files.")] = ".", force: Force = False
) -> int:
    """Start an office folder: sco.yaml, one example file of each kind, and local schemas."""
    target = Path(folder)
    examples = resource_dir("examples")
    files = schema_files(target / ".sco" / "schema")
    for spec in KINDS.load_all():
        if spec.example is None:
            continue
        destination = target / spec.example
        if spec.name == "office" and destination.exists():
            print(f"kept {destination} (an existing sco.yaml is never replaced)")
            continue
        schema = os.path.relpath(target / ".sco" / "schema" / f"{spec.name}.schema.json", destination.parent)
        modeline = f"# yaml-language-server: $schema={Path(schema).as_posix()}\n"
        files[destination] = modeline + (examples / spec.example).read_text(encoding="utf-8")
    for path in write_all(files, force):
        print(f"wrote {path}")
    print(f"next: edit the files, then run `sco check {folder}`")
    return ExitCode.OK
