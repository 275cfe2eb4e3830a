"""Rules on the Country Team Assessment drafted in an LOR's `cta:` section (SAMM C2.1.4.2, C5.1.4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.registry import Problem, rule
from sco_cli.core.suggest import did_you_mean
from sco_cli.lor.cta import known_keys, required_elements
from sco_cli.lor.model import Lor

# CTA002 and CTA004 hold the `cta` gate shut: `sco cta generate` refuses (or drafts) while they fire.


@rule(
    "CTA001",
    "cta-drafted",
    "Required CTA drafted",
    Severity.WARNING,
    "SAMM C2.1.4.2; C5.1.4",
    "lor",
    why="The SCO drafts the CTA, coordinates it with the Country Team and sends it to DSCA with the LOR or "
    "after it; an LOR that needs one and has no `cta:` section will stall at DSCA.",
    fails="new_capability: true\n",
    passes="new_capability: true\ncta:\n  date: 2026-11-10\n  elements: {...}\n",
)
def cta_drafted(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.facts["cta_required"] and ctx.model.cta is None:
        yield Problem(
            "a CTA is required and the LOR has no `cta:` section",
            (),
            "draft it under `cta:`; `sco cta generate --draft` shows what is missing",
        )


@rule(
    "CTA002",
    "cta-elements",
    "CTA covers every required element",
    Severity.WARNING,
    "SAMM C5.1.4; Table C5.T1",
    "lor",
    blocks="cta",
    why="Each Table C5.T1 element (plus the NVD elements for night vision devices) must be answered; "
    "`sco cta generate` refuses while one is empty.",
    fails="cta:\n  elements:\n    mission_need: ...\n",
    passes="cta:\n  elements: (every element answered)\n",
)
def cta_elements(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None:
        return
    for element in required_elements(ctx.model):
        if not (cta.elements.get(element["key"]) or "").strip():
            yield Problem(
                f"element missing: {element['title']} (`{element['key']}`)",
                ("cta", "elements"),
                "answer it; see `sco rules explain CTA002` and sco_cli/data/cta_elements.yaml",
            )


@rule(
    "CTA003",
    "cta-unknown-element",
    "Unknown CTA element",
    Severity.ERROR,
    "SAMM Table C5.T1",
    "lor",
    why="A misspelt element key leaves the real element unanswered while the text seems to be there.",
    fails="cta:\n  elements:\n    mision_need: ...\n",
    passes="cta:\n  elements:\n    mission_need: ...\n",
)
def cta_unknown_element(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None:
        return
    keys = known_keys()
    for key in cta.elements:
        if key not in keys:
            yield Problem(
                f"unknown CTA element '{key}'",
                ("cta", "elements", key),
                did_you_mean(key, sorted(keys), "see sco_cli/data/cta_elements.yaml"),
            )


@rule(
    "CTA004",
    "cta-concurrence-clearance",
    "CTA dated, with CCMD concurrence and Country Team clearance",
    Severity.WARNING,
    "SAMM C2.1.4.2; C5.1.4",
    "lor",
    blocks="cta",
    why="The CTA is the coordinated position of the Country Team and needs the combatant command's concurrence; "
    "record its date, the concurrence's reference and date, and the sections that cleared it.",
    fails="cta:\n  cleared_by: []\n",
    passes="cta:\n  date: 2026-11-12\n"
    "  ccmd_concurrence: {reference: X, date: 2026-11-12}\n"
    "  cleared_by: [POL, ECON, RSO]\n",
)
def cta_concurrence(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None:
        return
    concurrence = cta.ccmd_concurrence
    if concurrence is None or not concurrence.reference or concurrence.date is None:
        yield Problem(
            "the CTA has no CCMD concurrence (reference and date)",
            ("cta",),
            "add `ccmd_concurrence:` with reference and date",
        )
    if not cta.cleared_by:
        yield Problem(
            "no Country Team section is recorded as having cleared the CTA",
            ("cta",),
            "add `cleared_by:` (for example POL, ECON, RSO, DAO)",
        )
    if cta.date is None:
        yield Problem("the CTA is not dated", ("cta",), "add `date:` to the `cta:` section")


@rule(
    "CTA005",
    "cta-age",
    "CTA no older than a year at DSCA",
    Severity.WARNING,
    "DSCA NVD guide ch. 2; cta_max_age_days (setting)",
    "lor",
    why="A CTA (or SCO endorsement) should be no more than one year old when it reaches DSCA; an older one is "
    "likely to be sent back.",
    fails="cta:\n  date: 2025-01-10\n  sent_to_dsca: 2026-03-01\n",
    passes="cta:\n  date: 2026-01-10\n  sent_to_dsca: 2026-03-01\n",
)
def cta_age(ctx: Context[Lor]) -> Iterator[Problem]:
    cta = ctx.model.cta
    if cta is None or cta.date is None:
        return
    limit = ctx.thresholds.whole("cta_max_age_days")
    arrival = cta.sent_to_dsca or ctx.as_of
    if arrival - cta.date > timedelta(days=limit):
        when = f"when sent to DSCA ({arrival})" if cta.sent_to_dsca else f"today ({arrival})"
        yield Problem(
            f"the CTA of {cta.date} is more than {limit} days old {when}",
            ("cta", "date"),
            "refresh and re-coordinate the CTA",
        )
