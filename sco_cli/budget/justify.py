"""The justification document of a budget request: what the template needs, in priority order, and
the chart of the requested amounts per fiscal year that the Word version carries when matplotlib is
installed (the optional extra `sco-cli[charts]`)."""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any

from sco_cli.budget.facts import fiscal_years, in_priority_order
from sco_cli.budget.model import Budget, Capability, Requirement
from sco_cli.core.document import Document, DocumentMeta, signature
from sco_cli.core.needs import Gap, designation_gaps, gap_texts

if TYPE_CHECKING:
    from datetime import date

    from sco_cli.core.office import Office
    from sco_cli.core.results import FileResult

CHART_CAPTION = "Figure 1. Requested amounts per fiscal year (USD), by requirement."
GAP: None = None
"""A missing element: the template marks it with `gap()`, so the document is refused or, with --draft,
written with a [GAP] mark and the DRAFT banner."""


TEMPLATE = "budget-justification.md.j2"
SUBMITTER = "the SCO chief who submits the request (sco.yaml `chief: name`)"


def justification_gaps(office: Office | None) -> list[Gap]:
    """What the justification needs beyond the request's own elements (whose absence is an error finding
    of BUD001-BUD011, and refuses the document as such): the SCO chief who signs it. The one list `sco
    budget justify` refuses on and BUD018 reports."""
    chief = office.chief if office is not None else None
    return [] if chief is not None and chief.name else [Gap(SUBMITTER, office_key="chief")]


def checked_gaps(office: Office | None) -> list[Gap]:
    """`justification_gaps` and the CUI designation lines sco.yaml lacks for the justification: what the
    check reports (the renderer finds the designation's gaps itself, after `--cui-category` and
    `--dissemination`)."""
    return justification_gaps(office) + designation_gaps(office, TEMPLATE)


def _usd(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}"


def _capability(requirement: Requirement) -> str | None:
    found = requirement.capability
    if isinstance(found, Capability) and found.effect and found.what:
        return f"{found.effect.capitalize()}: {found.what}."
    return GAP  # missing, or without saying whether it is created, enhanced or maintained


def _out_years(requirement: Requirement, budget_year: int) -> str | None:
    later = {year: amount for year, amount in sorted(requirement.amounts_usd.items()) if year > budget_year}
    if later:
        return "; ".join(f"FY{year}: ${amount:,}" for year, amount in later.items()) + "."
    if requirement.out_years == "none":
        return f"Nothing is needed after FY{budget_year}."
    return GAP


def context(budget: Budget, chart: str) -> dict[str, Any]:
    """`chart` is "docx" (a chart goes under the caption), "missing" (matplotlib is not installed) or
    "none" (Markdown output)."""
    years = fiscal_years(budget)
    rows = []
    for _, requirement in in_priority_order(budget):
        categories = ", ".join(c.replace("_", " ") for c in requirement.categories)
        source = (requirement.funding_source or budget.program).upper()
        rows.append(
            {
                "priority": requirement.priority if requirement.priority is not None else "-",
                "title": requirement.title,
                "amounts": [_usd(requirement.amounts_usd.get(year)) or "-" for year in years],
                "total": _usd(sum(requirement.amounts_usd.values())),
                "elements": [
                    ("Objective", requirement.objective or GAP),
                    ("Capability created, enhanced or maintained", _capability(requirement)),
                    ("Time to achieve the objective", requirement.duration or GAP),
                    ("End state", requirement.end_state or GAP),
                    ("Materiel and services", requirement.materiel_services or GAP),
                    ("Why they are critical", requirement.justification or GAP),
                    ("Out-year requirements", _out_years(requirement, budget.fiscal_year)),
                    ("Funding source", source + (f" ({categories})" if categories else "")),
                ],
                "msrp_goal": requirement.msrp_goal,
                "forecast_entry": requirement.forecast_entry,
            }
        )
    totals = [_usd(sum(r.amounts_usd.get(year, 0) for r in budget.requirements)) for year in years]
    plan = [
        {
            "date": step.date.isoformat() if step.date else GAP,
            "amount": _usd(step.amount_usd) or GAP,
            "description": step.description or GAP,
            "committed": "yes" if step.committed else "no",
        }
        for step in budget.spend_plan
    ]
    return {
        "program": budget.program.upper(),
        "fiscal_year": budget.fiscal_year,
        "country": budget.country or "",
        "budget_call": budget.budget_call.isoformat() if budget.budget_call else None,
        "years": [f"FY{year}" for year in years],
        "rows": rows,
        "totals": totals,
        "grand_total": _usd(sum(sum(r.amounts_usd.values()) for r in budget.requirements)),
        "fmf": budget.program == "fmf",
        "balance": _usd(budget.uncommitted_balance_usd),
        "has_balance": budget.program == "fmf" and budget.uncommitted_balance_usd > 0,
        "reason": budget.uncommitted_reason or GAP,
        "plan": plan,
        "plan_total": _usd(sum(step.amount_usd or 0 for step in budget.spend_plan)),
        "chart": chart,
        "chart_caption": CHART_CAPTION,
    }


def justification_document(result: FileResult, chart: str, day: date, errors: list[str], draft: bool) -> Document:
    """The justification document (the command and `sco templates` share it). `errors` are the
    request's error findings: with `draft`, they head the DRAFT."""
    budget = result.model_as(Budget)
    title = f"{budget.program.upper()} budget request FY{budget.fiscal_year}: justification"
    office = result.office
    meta = DocumentMeta.of_file(
        result, title, day, [*errors, *gap_texts(justification_gaps(office))], allow_draft=draft
    )
    chief = office.chief if office and office.chief else None
    values = context(budget, chart) | {
        "signature": signature(
            chief.name if chief else None,
            chief.title if chief else None,
            office.organization if office else None,
            None,
            SUBMITTER,
            above="Submitted by:",
        )
    }
    return Document(TEMPLATE, values, meta, office)


def chart_png(budget: Budget) -> bytes | None:
    """A stacked bar chart of the amounts per fiscal year, one colour per requirement; None when
    matplotlib is not installed or nothing is requested."""
    years = fiscal_years(budget)
    if not years:
        return None
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    # matplotlib writes its font cache and config under $HOME unless told otherwise: sco writes nothing
    # outside -o, so it gets a private temporary folder for this run (an office's own setting is kept).
    own_config = None if os.environ.get("MPLCONFIGDIR") else tempfile.mkdtemp(prefix="sco-matplotlib-")
    if own_config:
        os.environ["MPLCONFIGDIR"] = own_config
    try:
        return _draw(budget, years)
    finally:
        if own_config:
            os.environ.pop("MPLCONFIGDIR", None)
            shutil.rmtree(own_config, ignore_errors=True)


def _shown_as_text(label: str) -> str:
    """A title as matplotlib must print it: `$` would open mathtext (`$\\foo{` is a parse error) and a
    leading `_` would hide the legend entry."""
    return ("\u200b" if label.startswith("_") else "") + label.replace("$", r"\$")


def _draw(budget: Budget, years: list[int]) -> bytes | None:
    try:
        import matplotlib  # noqa: PLC0415 - optional and heavy: only for `budget justify` to Word

        matplotlib.use("Agg")
        from matplotlib import pyplot  # noqa: PLC0415
        from matplotlib.ticker import FuncFormatter  # noqa: PLC0415
    except ImportError:
        return None
    figure, axes = pyplot.subplots(figsize=(7, 3.6), dpi=150)
    try:
        bottoms = [0.0] * len(years)
        for _, requirement in in_priority_order(budget):
            heights = [requirement.amounts_usd.get(year, 0) / 1e6 for year in years]
            label = requirement.title if len(requirement.title) <= 40 else requirement.title[:39] + "…"
            axes.bar([f"FY{y}" for y in years], heights, bottom=bottoms, label=_shown_as_text(label))
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_ylabel("US$ millions")
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.1f}"))
        axes.set_title(f"{budget.program.upper()} FY{budget.fiscal_year} request by fiscal year")
        axes.legend(fontsize="small", loc="upper right")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        pyplot.close(figure)


def insert_chart(document: bytes, png: bytes, caption: str = CHART_CAPTION) -> bytes:
    """The Word document with the chart placed just above its caption paragraph, kept on one page with
    it (left as it is when an office template has no caption)."""
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only for Word output
    from docx.shared import Inches  # noqa: PLC0415

    word = Document(io.BytesIO(document))
    for paragraph in word.paragraphs:
        if paragraph.text.strip() == caption:
            chart = paragraph.insert_paragraph_before()
            chart.paragraph_format.keep_with_next = True  # the caption stays on the chart's page
            chart.add_run().add_picture(io.BytesIO(png), width=Inches(6))
            break
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
