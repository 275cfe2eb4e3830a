"""`sco budget check` (the request against SAMM C2.1.3.4 and C2.3.3.1) and `sco budget justify`
(the justification document)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.check import check_for_documents, single_result
from sco_cli.check_commands import kind_check_app
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable
from sco_cli.option_values import parse_as_of
from sco_cli.options import AsOf, Config, Force


def budget_app() -> typer.Typer:
    budget = kind_check_app("budget")
    budget.command("justify")(justify)
    return budget


def justify(
    file: Annotated[str, typer.Argument(help="The budget request (kind: budget).")],
    output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx, OUT.md or OUT.pdf")],
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
    from sco_cli.core import pdf
    from sco_cli.core.findings import Severity
    from sco_cli.core.render import Incomplete, render

    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("docx", "md", "pdf"):
        raise UsageError(f"--output {output}: name a .docx, .md or .pdf file")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    result = single_result(check_for_documents([file], "budget", day, config), "budget", file)
    soffice = pdf.soffice_for(result.office) if fmt == "pdf" else ""
    budget = result.model_as(Budget)
    errors = [f"{f.code} {f.message}" for f in result.findings if f.severity == Severity.ERROR]
    if errors and not draft:
        print(
            f"{file}: no justification written while the request has errors (--draft writes it marked DRAFT):",
            file=sys.stderr,
        )
        for line in errors:
            print(printable(f"    {line}"), file=sys.stderr)
        return ExitCode.FINDINGS
    png = document.chart_png(budget) if fmt != "md" else None
    chart = "none" if fmt == "md" else ("docx" if png else "missing")
    template, context, meta = document.justification_document(result, chart, day, errors, draft)
    try:
        rendered = render(template, context, meta, "docx" if fmt == "pdf" else fmt, result.office)
    except Incomplete as exc:
        print(printable(f"{file}: no justification written; missing (--draft marks each [GAP]):"), file=sys.stderr)
        for gap in exc.gaps:
            print(printable(f"    {gap}"), file=sys.stderr)
        return ExitCode.FINDINGS
    data = rendered.data
    if png is not None:
        data = document.insert_chart(data, png)
    if fmt == "pdf":
        data = pdf.convert([data], soffice)[0]
    write_atomic(target, data, force)
    print(f"wrote {target}" + (" (DRAFT)" if rendered.draft else ""))
    if chart == "missing":
        print("note: no chart in the document; `pip install 'sco-cli[charts]'` adds one", file=sys.stderr)
    return ExitCode.FINDINGS if rendered.draft else ExitCode.OK  # a draft is written, but it is not complete
