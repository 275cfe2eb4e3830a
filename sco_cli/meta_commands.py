"""`sco rules`, `sco schema export` and `sco init`: the commands about sco itself."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, resource_dir, write_atomic
from sco_cli.core.suggest import did_you_mean
from sco_cli.option_values import check_format, emit, parse_as_of
from sco_cli.options import AsOf, Force, Format


def rules_app() -> typer.Typer:
    rules = typer.Typer(no_args_is_help=True)
    rules.command("list")(rules_list)
    rules.command("explain")(rules_explain)
    rules.command("thresholds")(rules_thresholds)
    rules.command("coverage")(rules_coverage)
    return rules


def schema_app() -> typer.Typer:
    schema = typer.Typer(no_args_is_help=True)
    schema.command("export")(schema_export)
    return schema


def rules_list(format: Format = "text") -> int:
    """Every rule: code, severity, kind, title and SAMM reference."""
    from sco_cli.kinds import all_rules

    fmt = check_format(format, ("text", "json", "csv"))
    rules = all_rules().values()
    if fmt == "json":
        emit(json.dumps([r.to_dict() for r in rules], indent=2) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        columns = ["code", "severity", "kind", "title", "reference", "scope", "blocks", "slug"]
        writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.to_dict() for r in rules)
        emit(buffer.getvalue())
    else:
        emit("\n".join(f"{r.code}  {r.severity:<7}  {r.kind:<8}  {r.title}  [{r.reference}]" for r in rules) + "\n")
    return ExitCode.OK


def rules_explain(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. LOR005.")], format: Format = "text"
) -> int:
    """What a rule checks, why, where the SAMM says so, and a failing and a passing example."""
    from sco_cli.kinds import all_rules

    fmt = check_format(format, ("text", "json", "csv"))
    rules = all_rules()
    found = rules.get(code.strip().upper())
    if found is None:
        hint = did_you_mean(code.upper(), rules, "see `sco rules list`")
        raise UsageError(f"no rule {code}; {hint}")
    if fmt == "json":
        emit(json.dumps(found.to_dict(), indent=2) + "\n")
        return ExitCode.OK
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, list(found.to_dict()), lineterminator="\n")
        writer.writeheader()
        writer.writerow(found.to_dict())
        emit(buffer.getvalue())
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


def rules_thresholds(
    format: Format = "text",
    config: Annotated[str | None, typer.Option("--config", help="Show an office's values (its sco.yaml).")] = None,
    as_of: AsOf = None,
) -> int:
    """Every threshold and day window: value (the office's where it overrides), source, effective date, verified."""
    from sco_cli.check import office_refusal
    from sco_cli.core.pipeline import CheckOptions, OfficeFinder
    from sco_cli.core.thresholds import shipped
    from sco_cli.kinds import KINDS

    fmt = check_format(format, ("text", "json", "csv"))
    thresholds = shipped()
    if config:
        if not Path(config).is_file():
            raise UsageError(f"--config {config}: no such file")
        entry = OfficeFinder(KINDS, CheckOptions(parse_as_of(as_of), config)).entry_for("-")
        if entry.office is None:  # a broken file of the user's: its findings, exit 1
            raise office_refusal([entry.result] if entry.result else [])
        thresholds = entry.thresholds
    rows = [
        {"name": name, "value": thresholds[name], "office": name in thresholds.overridden, **entry_}
        for name, entry_ in thresholds.entries.items()
    ]
    if fmt == "json":
        emit(json.dumps(rows, indent=2, default=str) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        columns = ["name", "value", "unit", "office", "verified", "effective", "reference", "note"]
        writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        emit(buffer.getvalue())
    else:
        lines = []
        for row in rows:
            source = "office" if row["office"] else ("verified" if row["verified"] else "unverified")
            lines.append(f"{row['name']}: {row['value']} {row['unit']} ({source}; {row['reference']})")
        emit("\n".join(lines) + "\n")
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
    """The JSON Schema of every kind, accepting exactly what the loader accepts: enumerations in any case,
    and the `waivers:` every file may carry."""
    from sco_cli.core.waivers import Waiver
    from sco_cli.kinds import KINDS

    waiver = Waiver.model_json_schema()
    out = {}
    for spec in KINDS.load_all():
        schema = spec.model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"sco {spec.name} file"
        if "waivers" not in schema["properties"]:
            schema.setdefault("$defs", {})["FindingWaiver"] = waiver
            schema["properties"]["waivers"] = {
                "type": "array",
                "items": {"$ref": "#/$defs/FindingWaiver"},
                "description": "Findings accepted on record: rule, reason, approved_by, expires, optional where.",
            }
        out[spec.name] = _any_case(schema)
    return out


def _any_case(node: Any) -> Any:
    """Every enumeration of words also matches in any case (`FMF` is `fmf`), as the models accept it."""
    if isinstance(node, list):
        return [_any_case(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _any_case(value) for key, value in node.items()}
    words = node.get("enum") or ([node["const"]] if "const" in node else None)
    if words and all(isinstance(word, str) for word in words):
        exact = {key: node.pop(key) for key in ("enum", "const", "type") if key in node}
        pattern = "^\\s*(" + "|".join(_letters_any_case(word) for word in words) + ")\\s*$"
        node["anyOf"] = [exact, {"type": "string", "pattern": pattern}]
    return node


def _letters_any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _schema_files(folder: Path) -> dict[Path, str]:
    return {folder / f"{kind}.schema.json": json.dumps(schema, indent=2) + "\n" for kind, schema in schemas().items()}


def _write_all(files: dict[Path, str], force: bool) -> list[Path]:
    """Every target is checked before the first is written: a refusal leaves nothing half done."""
    if not force:
        for path in files:
            refuse_overwrite(path, force)
    for path in files:
        if path.exists() and path.is_dir():
            raise UsageError(f"{path}: is a folder")
    return [write_atomic(path, text, force) for path, text in files.items()]


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
    for path in _write_all(_schema_files(Path(output)), force):
        print(f"wrote {path}")
    return ExitCode.OK


def init(
    folder: Annotated[str, typer.Argument(help="Folder for the new office files.")] = ".", force: Force = False
) -> int:
    """Start an office folder: sco.yaml, one example file of each kind, and local schemas."""
    from sco_cli.kinds import KINDS

    target = Path(folder)
    examples = resource_dir("examples")
    files = _schema_files(target / ".sco" / "schema")
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
    for path in _write_all(files, force):
        print(f"wrote {path}")
    print(f"next: edit the files, then run `sco check {folder}`")
    return ExitCode.OK
