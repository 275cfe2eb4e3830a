"""`sco rules list | explain | thresholds | coverage`: the rules sco applies, and where they come from."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.catalogue import all_rules
from sco_cli.app.checking import office_entry, office_refusal
from sco_cli.app.option_values import check_format, parse_as_of
from sco_cli.app.output import emit, emit_json
from sco_cli.cli.options import AsOf, Format
from sco_cli.core.csv_table import csv_records
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.suggest import did_you_mean


def app() -> typer.Typer:
    rules = typer.Typer(no_args_is_help=True)
    rules.command("list")(rules_list)
    rules.command("explain")(rules_explain)
    rules.command("thresholds")(rules_thresholds)
    rules.command("coverage")(rules_coverage)
    return rules


def rules_list(format: Format = "text") -> int:
    """Every rule: code, severity, kind, title and SAMM reference."""
    fmt = check_format(format, ("text", "json", "csv"))
    rules = all_rules().values()
    if fmt == "json":
        emit_json({"rules": [r.to_dict() for r in rules]})
    elif fmt == "csv":
        columns = ["code", "severity", "kind", "title", "reference", "scope", "blocks", "slug"]
        emit(csv_records(columns, (r.to_dict() for r in rules)))
    else:
        emit("\n".join(f"{r.code}  {r.severity:<7}  {r.kind:<8}  {r.title}  [{r.reference}]" for r in rules) + "\n")
    return ExitCode.OK


def rules_explain(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. LOR005.")], format: Format = "text"
) -> int:
    """What a rule checks, why, where the SAMM says so, and a failing and a passing example."""
    fmt = check_format(format, ("text", "json", "csv"))
    rules = all_rules()
    found = rules.get(_rule_code(code))
    if found is None:
        hint = did_you_mean(code.upper(), rules, "see `sco rules list`")
        raise UsageError(f"no rule {code}; {hint}")
    if fmt == "json":
        emit_json({"rule": found.to_dict()})
        return ExitCode.OK
    if fmt == "csv":
        emit(csv_records(list(found.to_dict()), [found.to_dict()]))
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
        f"Passes:{indent}{found.passes.replace(chr(10), indent)}\n\n"
        f"Fix: {found.fix or 'none; sco check --fix leaves these findings to the officer.'}\n"
    )
    return ExitCode.OK


def _rule_code(given: str) -> str:
    """A code as people type it: `ito4`, `ITO 4`, `lor-05` are ITO004 and LOR005 (every code is three
    letters and three digits), so the look-up finds the rule instead of suggesting a near one."""
    import re

    match = re.fullmatch(r"\s*([A-Za-z]+)[\s_-]*0*([0-9]{1,3})\s*", given)
    return f"{match.group(1).upper()}{int(match.group(2)):03d}" if match else given.strip().upper()


def rules_thresholds(
    format: Format = "text",
    config: Annotated[str | None, typer.Option("--config", help="Show an office's values (its sco.yaml).")] = None,
    as_of: AsOf = None,
) -> int:
    """Every threshold and day window: value (the office's where it overrides), source, effective date, verified."""
    from sco_cli.core.thresholds import shipped

    fmt = check_format(format, ("text", "json", "csv"))
    thresholds = shipped()
    if config:
        entry = office_entry(config, parse_as_of(as_of))
        if entry.office is None:  # a broken file of the user's: its findings, exit 1
            raise office_refusal([entry.result] if entry.result else [])
        thresholds = entry.thresholds
    rows = [
        {"name": name, "value": thresholds[name], "office": name in thresholds.overridden, **entry_}
        for name, entry_ in thresholds.entries.items()
    ]
    if fmt == "json":
        emit_json({"thresholds": rows})
    elif fmt == "csv":
        columns = ["name", "value", "unit", "office", "verified", "effective", "reference", "note"]
        emit(csv_records(columns, rows))
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
    from sco_cli.app import coverage

    fmt = check_format(format, ("text", "json", "md"))
    entries = coverage.matrix()
    if fmt == "json":
        emit_json(coverage.as_dict(entries))
    else:
        emit({"text": coverage.as_text, "md": coverage.as_markdown}[fmt](entries))
    return ExitCode.OK
