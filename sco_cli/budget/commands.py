"""`sco budget check` (the request against SAMM C2.1.3.4 and C2.3.3.1) and `sco budget justify`
(the justification document)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.check import check_for_documents, kind_check_app, single_result
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.options import AsOf, Config, Force, parse_as_of


def budget_app() -> typer.Typer:
    budget = kind_check_app("budget")
    budget.command("justify")(justify)
    return budget


def justify(
    file: Annotated[str, typer.Argument(help="The budget request (kind: budget).")],
    output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx or OUT.md")],
    draft: Annotated[
        bool, typer.Option("--draft", help="Write it despite errors, every gap marked and the document marked DRAFT.")
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """The justification: a summary table, one section per requirement in priority order, the
    uncommitted-funds plan, and in Word a chart of the amounts per fiscal year. Refuses while the
    request has errors, unless --draft (written, still exit 1)."""
    from sco_cli.budget import justify as document
    from sco_cli.budget.model import Budget
    from sco_cli.core.findings import Severity
    from sco_cli.core.office import marking_of, shown_path
    from sco_cli.core.render import DocumentMeta, render_document

    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("docx", "md"):
        raise UsageError(f"--output {output}: name a .docx or .md file")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    result = single_result(check_for_documents([file], "budget", day, config), "budget", file)
    budget = result.model_as(Budget)
    errors = [f"{f.code} {f.message}" for f in result.findings if f.severity == Severity.ERROR]
    if errors and not draft:
        print(
            f"{file}: no justification written while the request has errors (--draft writes it marked DRAFT):",
            file=sys.stderr,
        )
        for line in errors:
            print(f"    {line}", file=sys.stderr)
        return ExitCode.FINDINGS
    png = document.chart_png(budget) if fmt == "docx" else None
    chart = "none" if fmt == "md" else ("docx" if png else "missing")
    meta = DocumentMeta(
        title=f"{budget.program.upper()} budget request FY{budget.fiscal_year}: justification",
        source=shown_path(result.path, result.office),
        generated=day,
        marking=marking_of(result.office),
        draft=bool(errors),
        gaps=errors,
    )
    data = render_document("budget-justification.md.j2", document.context(budget, chart), meta, fmt, result.office)
    if png is not None:
        data = document.insert_chart(data, png)
    write_atomic(target, data, force)
    print(f"wrote {target}" + (" (DRAFT)" if errors else ""))
    if chart == "missing":
        print("note: no chart in the document; `pip install 'sco-cli[charts]'` adds one", file=sys.stderr)
    return ExitCode.FINDINGS if errors else ExitCode.OK  # a draft is written, but the request is not complete
