"""`sco rules`, `sco schema export` and `sco init`: the commands about sco itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, resource_dir, write_atomic
from sco_cli.core.suggest import did_you_mean
from sco_cli.options import Force, Format, check_format, emit


def rules_app() -> typer.Typer:
    rules = typer.Typer(no_args_is_help=True)
    rules.command("list")(rules_list)
    rules.command("explain")(rules_explain)
    rules.command("coverage")(rules_coverage)
    return rules


def schema_app() -> typer.Typer:
    schema = typer.Typer(no_args_is_help=True)
    schema.command("export")(schema_export)
    return schema


def rules_list(format: Format = "text") -> int:
    """Every rule: code, severity, kind, title and SAMM reference."""
    from sco_cli.kinds import all_rules

    fmt = check_format(format, ("text", "json"))
    rules = all_rules().values()
    if fmt == "json":
        emit(json.dumps([r.to_dict() for r in rules], indent=2) + "\n")
    else:
        emit("\n".join(f"{r.code}  {r.severity:<7}  {r.kind:<8}  {r.title}  [{r.reference}]" for r in rules) + "\n")
    return ExitCode.OK


def rules_explain(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. LOR005.")], format: Format = "text"
) -> int:
    """What a rule checks, why, where the SAMM says so, and a failing and a passing example."""
    from sco_cli.kinds import all_rules

    fmt = check_format(format, ("text", "json"))
    rules = all_rules()
    found = rules.get(code.upper())
    if found is None:
        hint = did_you_mean(code.upper(), rules, "see `sco rules list`")
        raise UsageError(f"no rule {code}; {hint}")
    if fmt == "json":
        emit(json.dumps(found.to_dict(), indent=2) + "\n")
        return ExitCode.OK
    indent = "\n    "
    over = ""
    if found.scope == "file" and found.check is not None:  # GEN examples are whole files
        over = " (changes to a complete example file; `key:` left empty removes the key)"
    emit(
        f"{found.code} ({found.slug}): {found.title}\n"
        f"severity: {found.severity}    applies to: {found.kind}\n"
        f"reference: {found.reference}\n\n{found.why}\n\n"
        f"Fails{over}:{indent}{found.fails.replace(chr(10), indent)}\n\n"
        f"Passes:{indent}{found.passes.replace(chr(10), indent)}\n"
    )
    return ExitCode.OK


def rules_coverage(
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or md.")] = "text",
) -> int:
    """The SAMM C2 traceability matrix: each normative paragraph, the rules and commands that implement it,
    and the totals (covered, partly, not covered, not file-checkable)."""
    from sco_cli import coverage

    fmt = check_format(format, ("text", "json", "md"))
    entries = coverage.matrix()
    emit({"text": coverage.as_text, "json": coverage.as_json, "md": coverage.as_markdown}[fmt](entries))
    return ExitCode.OK


def schemas() -> dict[str, dict[str, Any]]:
    from sco_cli.kinds import KINDS

    out = {}
    for spec in KINDS.load_all():
        schema = spec.model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"sco {spec.name} file"
        out[spec.name] = schema
    return out


def _write_schemas(folder: Path, force: bool) -> list[Path]:
    return [
        write_atomic(folder / f"{kind}.schema.json", json.dumps(schema, indent=2) + "\n", force)
        for kind, schema in schemas().items()
    ]


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
    for path in _write_schemas(Path(output), force):
        print(f"wrote {path}")
    return ExitCode.OK


def init(
    folder: Annotated[str, typer.Argument(help="Folder for the new office files.")] = ".", force: Force = False
) -> int:
    """Start an office folder: sco.yaml, one example file of each kind, and local schemas."""
    from sco_cli.kinds import KINDS

    target = Path(folder)
    examples = resource_dir("examples")
    starters = {spec.example: spec.name for spec in KINDS.load_all() if spec.example}
    for name in starters:
        refuse_overwrite(target / Path(name).name, force)
    written = _write_schemas(target / ".sco" / "schema", force)
    for name, kind in starters.items():
        text = (examples / name).read_text(encoding="utf-8")
        modeline = f"# yaml-language-server: $schema=.sco/schema/{kind}.schema.json\n"
        written.append(write_atomic(target / Path(name).name, modeline + text, force))
    for path in written:
        print(f"wrote {path}")
    print(f"next: edit the files, then run `sco check {folder}`")
    return ExitCode.OK
