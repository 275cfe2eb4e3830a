"""Forecast register rules (SAMM C2.1.3.5). Its consistency with LORs and budgets is in
`consistency.py`."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.needs import needs_problems
from sco_cli.core.registry import Problem, rule
from sco_cli.forecast.model import Forecast
from sco_cli.forecast.reports import document_needs


@rule(
    "FCS001",
    slug="duplicate-entry",
    title="Forecast entry ids are unique",
    severity=Severity.ERROR,
    reference="SAMM C2.1.3.5",
    kind="forecast",
    why="Each possible sale is one entry; a repeated id would count a sale twice in the Javits report and "
    "the forecast, and LORs could not be matched to it.",
    fails="entries:\n"
    "  - {id: F-1, description: Radios, channel: fms, other_usd: 3M, probability: 0.9, expected_date: 2027-03-01}\n"
    "  - {id: F-1, description: Boats, channel: fms, mde_usd: 8M, probability: 0.5, expected_date: 2027-06-01}\n",
    passes="entries:\n"
    "  - {id: F-1, description: Radios, channel: fms, other_usd: 3M, probability: 0.9, expected_date: 2027-03-01}\n"
    "  - {id: F-2, description: Boats, channel: fms, mde_usd: 8M, probability: 0.5, expected_date: 2027-06-01}\n",
)
def duplicate_entry(ctx: Context[Forecast]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, entry in indexed(ctx.model.entries):
        if entry.id in seen:
            yield Problem(
                f"entry id '{entry.id}' is used again (first on line {seen[entry.id]})",
                ("entries", index, "id"),
                "give each possible sale its own id",
            )
        else:
            seen[entry.id] = ctx.loaded.position(("entries", index, "id"))[0]


@rule(
    "FCS002",
    slug="entry-has-value",
    title="Forecast entry has a value",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.5.1-3",
    kind="forecast",
    why="An entry with no MDE, other or design-and-construction value can be neither reported in Javits nor "
    "totalled in the forecast.",
    fails="entries:\n"
    "  - {id: F-1, description: Radios, channel: fms, mde_usd: 0, other_usd: 0, probability: 0.9,\n"
    "     expected_date: 2027-03-01}\n",
    passes="entries:\n"
    "  - {id: F-1, description: Radios, channel: fms, other_usd: 3M, probability: 0.9, expected_date: 2027-03-01}\n",
)
def entry_has_value(ctx: Context[Forecast]) -> Iterator[Problem]:
    for index, entry in indexed(ctx.model.entries):
        if not (entry.mde_usd or entry.other_usd or entry.design_construction_usd):
            yield Problem(
                f"entry '{entry.id}' has no dollar value",
                ("entries", index),
                "estimate mde_usd and other_usd, even roughly",
            )


@rule(
    "FCS006",
    slug="report-document-items",
    title="Every item the Javits report and the forecast print is recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.5.1; C2.1.3.5.2; DoDI 5200.48",
    kind="forecast",
    why="The SCO reports the possible sales meeting the Javits thresholds (C2.1.3.5.1) and the sales forecast "
    "(C2.1.3.5.2) from this register. As documents they carry the office's CUI designation indicator (DoDI "
    "5200.48; DoD CUI marking: controlled by, category, dissemination control, POC) from sco.yaml `cui:` or "
    "its `documents: javits` / `documents: forecast` entry; `sco javits report` and `sco forecast report` "
    "refuse while a line is empty, so the check names each one first. Only when the office's marking is CUI. "
    "The lines come from the marking guidance, not from a SAMM 'must': a warning.",
    fails="(sco.yaml `marking: CUI` without `cui: category`)",
    passes="(sco.yaml `marking: CUI` with `cui: category: PRVCY`)",
)
def report_document_items(ctx: Context[Forecast]) -> Iterator[Problem]:
    yield from needs_problems(document_needs(ctx.office))
