"""`sco rules`, `sco schema export` and `sco init`: the commands about sco itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sco_cli.cli_common import Debug, Force, Format, check_format, emit, guarded
from sco_cli.core.errors import UsageError


def rules_app() -> typer.Typer:
    rules = typer.Typer(help="List and explain the rules, each with its SAMM paragraph.", no_args_is_help=True)
    rules.command("list")(rules_list)
    rules.command("explain")(rules_explain)
    return rules


def schema_app() -> typer.Typer:
    schema = typer.Typer(help="JSON Schema of every file kind, for editors.", no_args_is_help=True)
    schema.command("export")(schema_export)
    return schema


@guarded
def rules_list(format: Format = "text", debug: Debug = False) -> None:
    """Every rule: code, severity, kind, title and SAMM reference."""
    import json

    from sco_cli.core.registry import load_rules

    fmt = check_format(format, ("text", "json"))
    rules = load_rules().values()
    if fmt == "json":
        emit(json.dumps([r.to_dict() for r in rules], indent=2) + "\n")
        return
    lines = [f"{r.code}  {r.severity:<7}  {r.kind:<8}  {r.title}  [{r.reference}]" for r in rules]
    emit("\n".join(lines) + "\n")


@guarded
def rules_explain(code: Annotated[str, typer.Argument(help="A rule code, e.g. LOR005.")],
                  format: Format = "text", debug: Debug = False) -> None:
    """What a rule checks, why, where the SAMM says so, and a failing and a passing example."""
    import json

    from sco_cli.core.registry import load_rules
    from sco_cli.core.suggest import did_you_mean

    fmt = check_format(format, ("text", "json"))
    rules = load_rules()
    found = rules.get(code.upper())
    if found is None:
        hint = did_you_mean(code.upper(), rules, "see `sco rules list`")
        raise UsageError(f"no rule {code}; {hint}")
    if fmt == "json":
        emit(json.dumps(found.to_dict(), indent=2) + "\n")
        return
    indent = "\n    "
    emit(
        f"{found.code} ({found.slug}): {found.title}\n"
        f"severity: {found.severity}    applies to: {found.kind}\n"
        f"reference: {found.reference}\n\n{found.why}\n\n"
        f"Fails:{indent}{found.fails.replace(chr(10), indent)}\n\n"
        f"Passes:{indent}{found.passes.replace(chr(10), indent)}\n"
    )


def schemas() -> dict[str, dict]:
    from sco_cli.core.engine import KINDS, _resolve

    out = {}
    for kind in KINDS:
        model = _resolve(KINDS[kind].model)
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"sco {kind} file"
        out[kind] = schema
    return out


def _write_schemas(folder: Path, force: bool) -> list[Path]:
    import json

    from sco_cli.core.output import write_atomic

    return [write_atomic(folder / f"{kind}.schema.json", json.dumps(schema, indent=2) + "\n", force)
            for kind, schema in schemas().items()]


@guarded
def schema_export(output: Annotated[str | None, typer.Option("--output", "-o", help="Folder for one "
                                    "<kind>.schema.json per kind; without it, all schemas go to stdout.")] = None,
                  force: Force = False, debug: Debug = False) -> None:
    """Write the JSON Schema of every file kind (generated from the models)."""
    import json

    if output is None:
        emit(json.dumps(schemas(), indent=2) + "\n")
        return
    for path in _write_schemas(Path(output), force):
        print(f"wrote {path}")


@guarded
def init(folder: Annotated[str, typer.Argument(help="Folder for the new office files.")] = ".",
         force: Force = False, debug: Debug = False) -> None:
    """Start an office folder: sco.yaml, one example file of each kind, and local schemas."""
    from sco_cli.core.output import refuse_overwrite, resource_dir, write_atomic

    target = Path(folder)
    examples = resource_dir("examples")
    starters = {"sco.yaml": "office"}
    starters.update({name: kind for kind, name in INIT_EXAMPLES.items()})
    for name in starters:
        refuse_overwrite(target / name, force)
    written = _write_schemas(target / ".sco" / "schema", force)
    for name, kind in starters.items():
        text = (examples / name).read_text(encoding="utf-8")
        modeline = f"# yaml-language-server: $schema=.sco/schema/{kind}.schema.json\n"
        written.append(write_atomic(target / Path(name).name, modeline + text, force))
    for path in written:
        print(f"wrote {path}")
    print(f"next: edit the files, then run `sco check {folder}`")


INIT_EXAMPLES = {"lor": "lor-complete.yaml", "student": "students/ready.yaml", "forecast": "forecast.yaml"}
