"""`sco templates list | export | check`: the built-in document templates, ready to edit as office
overrides, each with the variables it receives; and a check of an office's overrides against the
shipped examples."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.output import emit
from sco_cli.app.templates import DOCUMENTS, PARTIALS, header, samples
from sco_cli.cli.options import Force
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic


def app() -> typer.Typer:
    templates = typer.Typer(no_args_is_help=True)
    templates.command("list")(templates_list)
    templates.command("export")(templates_export)
    templates.command("check")(templates_check)
    return templates


def templates_list() -> int:
    """The built-in templates: name, document and the command that renders it."""
    rows = [(name, f"{document.title} ({document.command})") for name, document in DOCUMENTS.items()]
    rows += [(name, f"part of {', '.join(users)}") for name, users in PARTIALS.items()]
    width = max(len(name) for name, _ in rows)
    emit("".join(f"{name.ljust(width)}  {what}\n" for name, what in rows))
    return ExitCode.OK


def templates_export(
    name: Annotated[str | None, typer.Argument(help="One template (default: all of them).", show_default=False)] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="Folder to write the templates to.")] = ".",
    force: Force = False,
) -> int:
    """Write the built-in templates, each headed by the variables it receives, ready to edit as overrides."""
    from sco_cli.core.render import builtin_templates_dir
    from sco_cli.core.suggest import did_you_mean

    known = [*DOCUMENTS, *PARTIALS]
    if name is not None and name not in known:
        raise UsageError(f"no template {name}; {did_you_mean(name, known, 'see `sco templates list`')}")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {output}: not a folder")
    names = [name] if name else known
    targets = [folder / template for template in names]
    for target in targets:  # every target first: nothing is written when one is refused
        refuse_overwrite(target, force)
    source = builtin_templates_dir()
    for template, target in zip(names, targets, strict=True):
        write_atomic(target, header(template) + (source / template).read_text(encoding="utf-8"), force)
        print(f"wrote {target}")
    return ExitCode.OK


def templates_check(
    folder: Annotated[str, typer.Argument(help="The office's template folder (`templates:` in sco.yaml).")],
) -> int:
    """Render each template in FOLDER against the shipped examples (Markdown and Word); report every
    error as `file:line: template error: ...`."""
    from sco_cli.core.render import render

    directory = Path(folder)
    if not directory.is_dir():
        raise UsageError(f"{folder}: no such folder")
    directory = directory.resolve()
    overrides = sorted(path for path in directory.iterdir() if path.name.endswith(".j2") and path.is_file())
    if not overrides:
        raise UsageError(f"{folder}: no template (*.j2) in it; `sco templates export -o {folder}` writes them")
    errors: list[str] = []
    to_render: list[str] = []
    for path in overrides:
        if path.name in DOCUMENTS:
            to_render.append(path.name)
        elif path.name in PARTIALS:
            to_render += PARTIALS[path.name]
        else:
            known = ", ".join([*DOCUMENTS, *PARTIALS])
            errors.append(f"{path}:1: not a template sco renders, so it overrides nothing (the names are {known})")
    checked = 0
    for template in dict.fromkeys(to_render):
        for sample in samples(template):
            for fmt in ("md", "docx"):
                try:
                    render(template, sample.context, sample.meta, fmt, sample.office, templates_dir=directory)
                except UsageError as exc:
                    message = str(exc)
                    if message not in errors:
                        errors.append(message)
                    break
            checked += 1
    for message in errors:
        print(message, file=sys.stderr)
    if errors:
        print(f"FAILED: {_count(len(overrides), 'template')}, {_count(len(errors), 'error')}", file=sys.stderr)
        return ExitCode.FINDINGS
    print(f"OK: {_count(len(overrides), 'template')} rendered against {_count(checked, 'example')}")
    return ExitCode.OK


def _count(number: int, noun: str) -> str:
    """`1 template`, `2 templates`: one way to count in both the OK and the FAILED line."""
    return f"{number} {noun}{'s' * (number != 1)}"
