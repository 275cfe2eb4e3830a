"""`sco budget justify` (beside `sco budget check`): the justification document of an FMF or IMET
budget request."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.checking import check_for_documents, single_result
from sco_cli.app.documents import DOCUMENT_FORMATS, DocumentJob, with_unread, write_document
from sco_cli.app.option_values import cui_choice, output_format, parse_as_of
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Force
from sco_cli.core.errors import ExitCode
from sco_cli.core.output import refuse_overwrite


def add(group: typer.Typer) -> typer.Typer:
    group.command("justify")(justify)
    return group


def justify(
    file: Annotated[str, typer.Argument(help="The budget request (kind: budget).")],
    output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx, OUT.md or OUT.pdf")],
    draft: Annotated[
        bool, typer.Option("--draft", help="Write it despite errors, every gap marked and the document marked DRAFT.")
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """The justification: a summary table, one section per requirement in priority order, the
    uncommitted-funds plan, and in Word a chart of the amounts per fiscal year. Refuses while the
    request has errors, unless --draft (written, still exit 1)."""
    from sco_cli.budget import justify as document
    from sco_cli.budget.model import Budget
    from sco_cli.core.findings import Severity
    from sco_cli.core.results import NOT_READ

    target = Path(output)
    fmt = output_format(None, output, DOCUMENT_FORMATS)
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    result = single_result(check_for_documents([file], "budget", day, config), "budget", file)
    budget = result.model_as(Budget)
    # every error a gap; what could not be read named once, with its line (`with_unread`)
    errors = [
        f"{f.code} {f.message}" for f in result.findings if f.severity == Severity.ERROR and f.code not in NOT_READ
    ]
    unread = result.unread()
    png = document.chart_png(budget) if fmt != "md" and (draft or not (errors or unread)) else None
    chart = "none" if fmt == "md" else ("docx" if png else "missing")
    justification = with_unread(document.justification_document(result, chart, day, errors, draft), unread, draft)
    finish = partial(document.insert_chart, png=png) if png is not None else None
    job = DocumentJob(justification, fmt, target, force, file, finish=finish, cui=cui)
    outcome = write_document(job, "justification")
    if outcome.written and chart == "missing":
        print("note: no chart in the document; `pip install 'sco-cli[charts]'` adds one", file=sys.stderr)
    # a draft is written, but it is not complete
    return ExitCode.FINDINGS if not outcome.written or outcome.draft else ExitCode.OK
