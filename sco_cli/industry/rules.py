"""SCO support to industry (SAMM C2.1.8): the firm's information 30 days before its first visit,
the departure debrief, and neutrality between U.S. competitors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.registry import BatchProblem, Problem, cross_file_rule, rule
from sco_cli.core.results import FileResult
from sco_cli.industry.facts import ITEMS, missing_items, notice_due
from sco_cli.industry.model import IndustryVisit


@rule(
    "IND001",
    slug="industry-visit-items",
    title="The firm's information holds the five items of C2.1.8.4",
    severity=Severity.WARNING,
    reference="SAMM C2.1.8.4",
    kind="industry_visit",
    why="In advance of initial visits, defense industry representatives should provide the SCO a synopsis of the "
    "equipment and services proposed for sale; current export licence information, including restrictions and "
    "provisos; dates of planned in-country travel; non-proprietary information already provided to the host "
    "country; and the specific support requested. Checked once `notice_received` is recorded, for an initial "
    "visit (`follow_up: true` marks a firm that has visited before).",
    fails="export_license:\n",
    passes="export_license: {number: DSP-5 050123456, provisos: no night-vision upgrade kits}\n",
    reads=("travel_dates", "export_license"),
)
def industry_visit_items(ctx: Context[IndustryVisit]) -> Iterator[Problem]:
    visit = ctx.model
    if visit.outcome == "cancelled" or visit.notice_received is None or visit.follow_up:
        return
    for name in missing_items(visit):
        yield Problem(
            f"{visit.company}: the information received lacks {ITEMS[name]}",
            (name,) if getattr(visit, name) else ("notice_received",),
            f"ask the firm for it and record `{name}:`",
        )


@rule(
    "IND002",
    slug="industry-visit-notice",
    title="The firm's information received 30 days before the first visit",
    severity=Severity.WARNING,
    reference="SAMM C2.1.8.4",
    kind="industry_visit",
    why="Thirty days in advance of initial visits (`industry_visit_notice_days`), defense industry "
    "representatives should provide the SCO their information, so appointments and support can be arranged. "
    'A follow-up visit (`follow_up: true`) is not asked for it: C2.1.8.4 says "in advance of initial visits".',
    fails="notice_received: 2027-01-05\n",
    passes="notice_received: 2026-12-10\n",
)
def industry_visit_notice(ctx: Context[IndustryVisit]) -> Iterator[Problem]:
    visit = ctx.model
    if visit.outcome == "cancelled" or visit.follow_up:
        return
    due = notice_due(visit, ctx.thresholds)
    if due is None or visit.first_visit is None:
        yield Problem(
            f"{visit.company}: the date of the first visit is not recorded", ("first_visit",), "add `first_visit:`"
        )
        return
    days = ctx.thresholds.whole("industry_visit_notice_days")
    if visit.notice_received is None:
        if ctx.as_of > due:
            yield Problem(
                f"{visit.company}: the firm's information was due by {due} ({days} days before the first visit on "
                f"{visit.first_visit}) and its receipt is not recorded",
                ("notice_received",),
                "ask the firm for it; record `notice_received:` when it comes",
            )
    elif visit.notice_received > due:
        early = (visit.first_visit - visit.notice_received).days
        yield Problem(
            f"{visit.company}: information received {visit.notice_received}, {early} day(s) before the first visit; "
            f"it was due by {due}",
            ("notice_received",),
            f"remind the firm that SAMM C2.1.8.4 asks for {days} days",
        )


@rule(
    "IND003",
    slug="industry-visit-debrief",
    title="Departure debrief recorded after the visit",
    severity=Severity.WARNING,
    reference="SAMM C2.1.8.4; C2.1.8.7",
    kind="industry_visit",
    why="To help ensure program continuity, industry representatives should brief the SCO before departing the "
    "host country, and the SCO Chief should encourage visiting contractors to debrief. Once the last day of "
    "the visit has passed (the end of `travel_dates: {start, end}`), or the visit is recorded `outcome: done`, "
    "the file records the debrief date. Travel dates in words say no last day: sco does not guess the firm left.",
    fails="travel_dates: {start: 2026-11-02, end: 2026-11-06}\ndebrief:\n",
    passes="travel_dates: {start: 2026-11-02, end: 2026-11-06}\ndebrief: 2026-11-06\n",
    reads=("travel_dates", "debrief"),
)
def industry_visit_debrief(ctx: Context[IndustryVisit]) -> Iterator[Problem]:
    visit = ctx.model
    last = visit.last_day
    if visit.outcome == "cancelled" or visit.debrief is not None:
        return
    if last is not None and ctx.as_of > last:
        ended = f"the visit ended {last}"
    elif visit.outcome == "done":
        ended = "the visit is recorded done"
    else:
        return  # the firm may still be in the country
    yield Problem(
        f"{visit.company}: {ended} and no departure debrief is recorded",
        ("travel_dates",) if visit.travel_dates else ("first_visit",),
        "ask for the debrief; record `debrief:` and `debrief_notes:`",
    )


@rule(
    "IND005",
    slug="industry-concern-relayed",
    title="A concern about a firm's marketing relayed to the MILDEP and DSCA",
    severity=Severity.WARNING,
    reference="SAMM C2.1.8.8",
    kind="industry_visit",
    why="If the SCO believes that the marketing efforts do not coincide with overall U.S. defense interests or have "
    "potential for damaging U.S. credibility and relations with the country, the SCO should relay these concerns, "
    "along with a request for guidance, to the MILDEP and DSCA (Operations Directorate). A visit file recording a "
    '`concern:` records when it was relayed (`concern_relayed:`); "should", so a warning.',
    fails="concern: the firm offers the system to a unit under sanctions review\nconcern_relayed:\n",
    passes="concern: the firm offers the system to a unit under sanctions review\nconcern_relayed: 2026-11-20\n",
    reads=("concern_relayed",),
)
def industry_concern_relayed(ctx: Context[IndustryVisit]) -> Iterator[Problem]:
    visit = ctx.model
    if visit.concern and visit.concern_relayed is None:
        yield Problem(
            f"{visit.company}: a concern is recorded and not relayed to the MILDEP and DSCA",
            ("concern",),
            "send it with a request for guidance to the MILDEP and DSCA (Operations Directorate); record "
            "`concern_relayed:`",
        )


@cross_file_rule(
    "IND004",
    slug="industry-neutrality",
    title="Several U.S. firms market the same capability: stay neutral",
    severity=Severity.INFO,
    reference="SAMM C2.1.8.5; C2.1.8.1",
    kind="industry_visit",
    why="The SCO must maintain neutrality between U.S. competitors: it may say whether and when other U.S. "
    "vendors came, but never divulge one firm's marketing strategy or proprietary information to another. When "
    "visit files of different firms name the same `capability`, each gets this reminder, which names no other "
    "firm and none of its data.",
    fails="(two industry_visit files with the same `capability` from different companies)",
    passes="(one firm per capability, or the same firm's visits)",
)
def industry_neutrality(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    firms: dict[str, set[str]] = {}
    visits = [r for r in results if r.kind == "industry_visit" and r.facts and r.facts.get("capability")]
    for visit in visits:
        firms.setdefault(visit.facts["capability"], set()).add(str(visit.facts["company"]).strip().lower())
    for visit in visits:
        capability = visit.facts["capability"]
        others = len(firms[capability]) - 1
        if others:
            line, column = visit.anchors.get("capability", visit.where())
            yield BatchProblem(
                visit,
                f"{others} other U.S. firm(s) market '{capability}' in the files checked: stay neutral, and share "
                "none of one firm's strategy or proprietary information with another",
                line,
                column,
                "capability",
                "you may say whether and when other U.S. vendors came through the country",
            )
