"""`sco init`: start an office folder, or bring an existing one up to date without touching its files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.catalogue import schema_files
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import resource_dir, write_atomic
from sco_cli.core.terminal import printable
from sco_cli.kinds import KINDS

_MODELINE = re.compile(rb"\A# yaml-language-server: \$schema=[^\n]*\n")


def init(
    folder: Annotated[str, typer.Argument(help="Folder for the office files.")] = ".",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Also replace example files still exactly as sco shipped them; an office's own files never.",
        ),
    ] = False,
) -> int:
    """Start an office folder: sco.yaml, one example file of each kind, and local schemas. In an existing
    folder only what is missing is written (and the schemas, which sco owns, refreshed); every file the
    office has is left alone and listed."""
    target = Path(folder)
    examples = resource_dir("examples")
    schemas = schema_files(target / ".sco" / "schema")
    samples: dict[Path, bytes] = {}
    shipped: dict[Path, bytes] = {}
    editor: dict[str, list[str]] = {}
    for spec in KINDS.load_all():
        if spec.example is None:
            continue
        destination = target / spec.example
        schema = os.path.relpath(target / ".sco" / "schema" / f"{spec.name}.schema.json", destination.parent)
        modeline = f"# yaml-language-server: $schema={Path(schema).as_posix()}\n".encode()
        shipped[destination] = (examples / spec.example).read_bytes()
        samples[destination] = modeline + shipped[destination]
        editor[f".sco/schema/{spec.name}.schema.json"] = [_files_like(spec.example)]
    settings = target / ".vscode" / "settings.json"
    samples[settings] = (json.dumps({"yaml.schemas": editor}, indent=2) + "\n").encode()
    shipped[settings] = samples[settings]
    for path in [*schemas, *samples]:  # every target looked at before the first is written
        if path.is_dir():
            raise UsageError(f"{path}: is a folder; sco init writes a file there")
    for path, text in schemas.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text, force=True)
            print(printable(f"wrote {path} (sco's schema, refreshed)"))
    kept: list[Path] = []
    for path, sample in samples.items():
        if not os.path.lexists(path):
            write_atomic(path, sample)
            print(printable(f"wrote {path}"))
        elif force and _is_a_shipped_sample(path, shipped[path]):
            if path.read_bytes() != sample:
                write_atomic(path, sample, force=True)
                print(printable(f"wrote {path} (was sco's sample, unchanged by the office)"))
        else:
            kept.append(path)
    for path in kept:
        print(printable(f"left alone {path} (already there)"))
    if kept:
        print("sco init never replaces the office's files; --force replaces only samples the office never edited")
    print(printable(f"next: edit the files, then run `sco check {folder}`"))
    return ExitCode.OK


def _files_like(example: str) -> str:
    """The files an editor gives the example's schema: the example's folder (students/**), or names
    starting as the example's (lor-*.yaml, budget-*.yaml, forecast*.yaml); sco.yaml itself."""
    folder, _, name = example.rpartition("/")
    if folder:
        return f"{folder}/**/*.yaml"
    if name == "sco.yaml":
        return name
    stem = re.split(r"[-.]", name, maxsplit=1)[0]
    return f"{stem}-*.yaml" if "-" in name else f"{stem}*.yaml"


def _is_a_shipped_sample(path: Path, example: bytes) -> bool:
    """Whether the file is byte for byte the example sco ships, with or without an editor's schema line
    (any schema path: an earlier `sco init` may have written another). Anything else is the office's."""
    if not path.is_file() or path.is_symlink():
        return False
    data = path.read_bytes()
    return _MODELINE.sub(b"", data, count=1) == example
