"""Training program plan rules (SAMM C2.1.6.2-C2.1.6.3) and the SCETWG checklist (Figure C10.F2,
read in the stored samm.dsca.mil page): Priority A within 100% of the current-FY IMET ceiling (over
it "you need to cut the courses"), at least 50% of the ceiling on PME ("the minimum"), Priority B
restricted by State to invitational PME, E-IMET or other PME, Priority D questioned, and mobile
training teams "not executable in the fifth quarter"."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from sco_cli.core import dates
from sco_cli.core.context import Context
from sco_cli.core.dates import fiscal_year as fiscal_year_of
from sco_cli.core.findings import Severity
from sco_cli.core.needs import needs_problems
from sco_cli.core.registry import BatchProblem, Problem, cross_file_rule, rule
from sco_cli.core.results import FileResult
from sco_cli.core.suggest import did_you_mean
from sco_cli.training.facts import (
    FMT_REPORT,
    ROLES,
    active,
    change_deadline,
    country_key,
    fmt_missing,
    imet,
    label,
    lines_of,
    person_key,
    total,
)
from sco_cli.training.fmt import document_needs, line_needs
from sco_cli.training.model import TrainingPlan
from sco_cli.training.programs import fmt_programs, program_key

CHECKLIST = "SAMM Figure C10.F2"


def _line_at(fiscal_year: int, index: int, *rest: str) -> tuple[str | int, ...]:
    return ("years", str(fiscal_year), "lines", index, *rest)


@rule(
    "TPL001",
    slug="four-years",
    title="The plan covers the prior, current, budget and planning years",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.2",
    kind="training_plan",
    why="Training program development covers, at a minimum, four years: the prior (assessment) year, the "
    "current year, the budget year and the planning year. The current year is the fiscal year of --as-of; "
    "a plan whose current year is another one has not been rolled forward. No 'must': a warning.",
    fails="years:\n  2029:\n",
    passes="current_fiscal_year: 2027\n",
)
def four_years(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    plan = ctx.model
    current = plan.current_fiscal_year
    missing = [f"FY{current + offset} ({name})" for offset, name in ROLES.items() if current + offset not in plan.years]
    if missing:
        yield Problem(
            f"the plan has no {', '.join(missing)} year",
            ("years",),
            f"add `years:` {current - 1} to {current + 2}, even with no lines (`lines: []`)",
        )
    today = ctx.as_of.year + 1 if ctx.as_of.month >= 10 else ctx.as_of.year
    if current != today:
        yield Problem(
            f"the current year is FY{current}, but {ctx.as_of} is in FY{today}",
            ("current_fiscal_year",),
            "roll the plan forward: the prior year becomes the assessment, a new planning year is added",
        )


@rule(
    "TPL002",
    slug="line-elements",
    title="Each line names its course, funding, students and cost",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.2; C2.1.6.2.1.1",
    kind="training_plan",
    why="SCO training requests are entered into the MILDEP training systems from the plan: each line needs the "
    "course's MASL identifier, its funding source, the number of students and the cost. No 'must' names "
    "these fields: a warning.",
    fails="years:\n  2027:\n    lines:\n      - {title: Staff course, priority: A}\n",
    passes="years:\n  2027:\n    lines:\n"
    "      - {masl: P179087, funding: imet, priority: A, students: 1, cost_usd: 60K}\n",
)
def line_elements(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    for fiscal_year, index, line in lines_of(ctx.model):
        missing = [
            name
            for name, value in (
                ("masl", line.masl),
                ("funding", line.funding),
                ("students", line.students),
                ("cost_usd", line.cost_usd),
            )
            if value is None
        ]
        if missing:
            yield Problem(
                f"{label(fiscal_year, index, line)}: no {', '.join(missing)}",
                _line_at(fiscal_year, index),
                "give each line `masl:`, `funding:`, `students:` and `cost_usd:`",
            )


@rule(
    "TPL003",
    slug="priority-code",
    title="Each IMET line has a training priority code",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.3.1.1",
    kind="training_plan",
    why="Because IMET allocations are often less than requested and announced late, SCOs must prioritize "
    "training during planning: every IMET line carries its priority code (A to D).",
    fails="years:\n  2027:\n    lines:\n      - {masl: P179087, funding: imet}\n",
    passes="years:\n  2027:\n    lines:\n      - {masl: P179087, funding: imet, priority: A}\n",
)
def priority_code(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    for fiscal_year, index, line in lines_of(ctx.model):
        if line.funding == "imet" and line.priority is None:
            yield Problem(
                f"{label(fiscal_year, index, line)}: an IMET line with no priority code",
                _line_at(fiscal_year, index),
                "add `priority:` A, B, C or D",
            )


def _ceiling(ctx: Context[TrainingPlan]) -> tuple[int, int] | Problem | None:
    """The current year and its IMET ceiling; the problem that it has IMET lines and no ceiling;
    or None when the current year has no IMET line."""
    plan = ctx.model
    fiscal_year = plan.current_fiscal_year
    year = plan.years.get(fiscal_year)
    if year is None or not imet(year):
        return None
    if year.imet_ceiling_usd is None:
        return Problem(
            f"FY{fiscal_year} has IMET lines but no IMET ceiling",
            ("years", str(fiscal_year)),
            "add `imet_ceiling_usd:` (the planning estimate of the allocation)",
        )
    return fiscal_year, year.imet_ceiling_usd


@rule(
    "TPL004",
    slug="priority-a-ceiling",
    title="Priority A total within the current-year IMET ceiling",
    severity=Severity.WARNING,
    reference=f"{CHECKLIST} item 2; imet_priority_a_max_pct",
    kind="training_plan",
    why="The SCETWG checklist asks whether the Priority A total is less than or equal to 100% of the current FY "
    "funding ceiling (planning estimate); if over, 'you need to cut the courses to be at or below 100%'. "
    'The Figure C10.F2 checklist asks a question; it is not a SAMM "must", so this is a warning.',
    fails="years:\n  2027:\n    imet_ceiling_usd: 100K\n",
    passes="years:\n  2027:\n    imet_ceiling_usd: 2M\n",
    reads=("years.lines",),
)
def priority_a_ceiling(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    found = _ceiling(ctx)
    if found is None or isinstance(found, Problem):
        yield from [found] if found else []
        return
    fiscal_year, ceiling = found
    priority_a = total([line for line in imet(ctx.model.years[fiscal_year]) if line.priority == "a"])
    share = ctx.thresholds.number("imet_priority_a_max_pct")
    if priority_a * 100 > ceiling * share:
        yield Problem(
            f"FY{fiscal_year} Priority A totals ${priority_a:,}, over {share:g}% of the IMET ceiling (${ceiling:,})",
            ("years", str(fiscal_year), "imet_ceiling_usd"),
            "cut or re-prioritize courses until Priority A is within the ceiling",
        )


@rule(
    "TPL005",
    slug="pme-share",
    title="At least half of the current-year IMET ceiling on PME",
    severity=Severity.WARNING,
    reference=f"{CHECKLIST} item 5; imet_pme_min_pct",
    kind="training_plan",
    why="The SCETWG checklist asks whether the STL has at least 50 percent of the FY ceiling allocation "
    "identified for PME courses: '50% is the minimum, not 49.99%'. PME lines are IMET lines with "
    "`category: pme`. "
    'The Figure C10.F2 checklist asks a question; it is not a SAMM "must", so this is a warning.',
    fails="years:\n  2027:\n    imet_ceiling_usd: 2M\n",
    passes="years:\n  2027:\n    imet_ceiling_usd: 300K\n",
    reads=("years.lines",),
)
def pme_share(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    found = _ceiling(ctx)
    if found is None or isinstance(found, Problem):
        return  # TPL004 says when the ceiling is missing
    fiscal_year, ceiling = found
    pme = total([line for line in imet(ctx.model.years[fiscal_year]) if line.category == "pme"])
    share = ctx.thresholds.number("imet_pme_min_pct")
    if pme * 100 < ceiling * share:
        yield Problem(
            f"FY{fiscal_year} PME lines total ${pme:,}, less than {share:g}% of the IMET ceiling (${ceiling:,})",
            ("years", str(fiscal_year), "imet_ceiling_usd"),
            "identify PME courses (`category: pme`) for at least that share of the ceiling",
        )


@rule(
    "TPL006",
    slug="priority-b-pme",
    title="Priority B lines are PME or E-IMET",
    severity=Severity.WARNING,
    reference=f"{CHECKLIST} item 3",
    kind="training_plan",
    why="Priority B lines go to the End-of-Year review, and State guidance restricts B priorities to "
    "invitational PME, E-IMET or other PME: it will not fund technical or operational training, English "
    "language instructor training, labs, books or publications with EOY IMET funds. "
    'The Figure C10.F2 checklist asks a question; it is not a SAMM "must", so this is a warning.',
    fails="years:\n  2027:\n    lines:\n      - {masl: B100001, funding: imet, priority: B, category: technical}\n",
    passes="years:\n  2027:\n    lines:\n      - {masl: B100001, funding: imet, priority: B, category: e_imet}\n",
    reads=("years.lines",),
)
def priority_b_pme(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    for fiscal_year, index, line in lines_of(ctx.model):
        if line.funding != "imet" or line.priority != "b" or not active(line):
            continue
        if line.category not in ("pme", "e_imet"):
            what = f"a {line.category.replace('_', '-')} course" if line.category else "a course of no stated category"
            yield Problem(
                f"{label(fiscal_year, index, line)}: Priority B is for PME or E-IMET, not {what}",
                _line_at(fiscal_year, index, "priority"),
                "make it Priority A or C, or record `category: pme` or `e_imet` if that is what it is",
            )


@rule(
    "TPL007",
    slug="priority-d-current",
    title="No Priority D line left in the current year",
    severity=Severity.WARNING,
    reference=f"{CHECKLIST} item 4",
    kind="training_plan",
    why="The SCETWG checklist asks whether any Priority D remains in the current-year STL: each is questioned "
    "(fund it at a higher priority, or drop it).",
    fails="years:\n  2027:\n    lines:\n      - {masl: D100001, funding: imet, priority: D}\n",
    passes="years:\n  2027:\n    lines:\n      - {masl: D100001, funding: imet, priority: C}\n",
)
def priority_d_current(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    current = ctx.model.current_fiscal_year
    for fiscal_year, index, line in lines_of(ctx.model):
        if fiscal_year == current and line.priority == "d" and active(line):
            yield Problem(
                f"{label(fiscal_year, index, line)}: Priority D is still in the current year",
                _line_at(fiscal_year, index, "priority"),
                "raise its priority or cancel the line",
            )


@rule(
    "TPL008",
    slug="mtt-fifth-quarter",
    title="No Mobile Training Team in the fifth quarter",
    severity=Severity.WARNING,
    reference=f"{CHECKLIST} item 3",
    kind="training_plan",
    why="Mobile training teams are not executable in the fifth quarter: an IMET MTT line must start by 30 "
    "September of its fiscal year. "
    'The Figure C10.F2 checklist asks a question; it is not a SAMM "must", so this is a warning.',
    fails="years:\n  2027:\n    lines:\n      - {masl: M100001, funding: imet, mtt: true, start: 2027-10-12}\n",
    passes="years:\n  2027:\n    lines:\n      - {masl: M100001, funding: imet, mtt: true, start: 2027-09-12}\n",
)
def mtt_fifth_quarter(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    for fiscal_year, index, line in lines_of(ctx.model):
        if (
            line.mtt
            and line.funding == "imet"
            and line.start
            and active(line)
            and line.start > date(fiscal_year, 9, 30)
        ):
            yield Problem(
                f"{label(fiscal_year, index, line)}: an MTT starting {line.start}, "
                f"in the fifth quarter of FY{fiscal_year}",
                _line_at(fiscal_year, index, "start"),
                f"start it by {fiscal_year}-09-30, or plan it in FY{fiscal_year + 1}",
            )


@rule(
    "TPL013",
    slug="line-dates",
    title="A line ends after it starts, and starts in its fiscal year or the fifth quarter",
    severity=Severity.WARNING,
    reference=f"SAMM C2.1.6.2; {CHECKLIST} item 3 (fifth quarter)",
    kind="training_plan",
    why="The plan places each line in the fiscal year that funds it (C2.1.6.2); a class starts in that year, or "
    "in its fifth quarter (October to December after it), which the Figure C10.F2 checklist names for the "
    "courses that may start there. A line dated outside both, or ending before it starts, was typed or "
    "imported wrong (a start in 2109): `sco training import` keeps such a row as written and this rule "
    "names it, as `sco training fmt` does. No 'must' names the dates: a warning.",
    fails="years:\n  2027:\n    lines:\n      - {masl: P179087, start: 2027-01-19, end: 2026-06-11}\n",
    passes="years:\n  2027:\n    lines:\n      - {masl: P179087, start: 2027-01-19, end: 2027-06-11}\n",
)
def line_dates(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    for fiscal_year, index, line in lines_of(ctx.model):
        if line.start is not None and not date(fiscal_year - 1, 10, 1) <= line.start <= date(fiscal_year, 12, 31):
            yield Problem(
                f"{label(fiscal_year, index, line)}: starts {line.start}, outside FY{fiscal_year} "
                f"({fiscal_year - 1}-10-01 to {fiscal_year}-09-30) and its fifth quarter",
                _line_at(fiscal_year, index, "start"),
                f"correct the start, or move the line to FY{fiscal_year_of(line.start)}",
            )
        if line.start is not None and line.end is not None and line.end < line.start:
            yield Problem(
                f"{label(fiscal_year, index, line)}: ends {line.end}, before it starts ({line.start})",
                _line_at(fiscal_year, index, "end"),
                "correct the start or the end date",
            )


@rule(
    "TPL009",
    slug="change-deadline",
    title="Lines changed or left unconfirmed past the change/cancellation deadline",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.2.1.3; training_change_deadline_days (unverified)",
    kind="training_plan",
    why="SCOs must make every reasonable effort to develop programs that will not need revision, and be aware of "
    "change and cancellation penalties. A line changed or cancelled (`changed:` date) later than "
    "`training_change_deadline_days` (60, from the 2012 C10.15.1 text: 50% charged unless the seat is "
    "refilled) before its start, or still not confirmed once that deadline has passed, is a warning.",
    fails="years:\n  2027:\n    lines:\n"
    "      - {masl: P179087, start: 2027-01-10, status: cancelled, changed: 2026-12-20}\n",
    passes="years:\n  2027:\n    lines:\n"
    "      - {masl: P179087, start: 2027-01-10, status: cancelled, changed: 2026-10-20}\n",
)
def change_deadline_rule(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    days = ctx.thresholds.whole("training_change_deadline_days")
    for fiscal_year, index, line in lines_of(ctx.model):
        deadline = change_deadline(line, ctx.thresholds)
        if deadline is None or line.start is None:
            continue
        if line.changed is not None and line.changed > deadline and line.changed <= line.start:
            what = "cancelled" if line.status == "cancelled" else "changed"
            yield Problem(
                f"{label(fiscal_year, index, line)}: {what} {line.changed}, {(line.start - line.changed).days} days "
                f"before its start ({days}-day deadline {deadline}): charges may apply unless the seat is refilled",
                _line_at(fiscal_year, index, "changed"),
                "record why (a US-caused or unavoidable change is not charged), or refill the seat",
            )
        elif line.status in (None, "planned", "requested") and deadline < ctx.as_of < line.start:
            yield Problem(
                f"{label(fiscal_year, index, line)}: starts {line.start} and is not confirmed; the {days}-day "
                f"change/cancellation deadline was {deadline}",
                _line_at(fiscal_year, index),
                "confirm the quota with the MILDEP (`status: confirmed`) or decide now whether to cancel",
            )


@rule(
    "TPL011",
    slug="fmt-program",
    title="A line's program is one the Foreign Military Training report names",
    severity=Severity.WARNING,
    reference="FMT report program labels (FY2019-2020 edition, Volume I section IV); SAMM C2.1.6.9.4.2",
    kind="training_plan",
    why="The joint DoS/DoD Foreign Military Training report groups each country's training by program and "
    "totals each program; `sco training fmt` groups the plan's lines the same way. A line's `program:` "
    "is one of the report's labels (IMET-1, FMF, Section 333, ...; sco_cli/data/fmt_programs.yaml, read "
    "in the published report) or one the office adds in sco.yaml `fmt_programs:`; a completed line names "
    "its program. The labels come from the published report, not from a SAMM 'must': a warning.",
    fails="years:\n  2027:\n    lines:\n      - {masl: P179087, funding: imet, program: IMET-9}\n",
    passes="years:\n  2027:\n    lines:\n      - {masl: P179087, funding: imet, program: imet-1}\n",
)
def fmt_program(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    known = fmt_programs(ctx.office)
    for fiscal_year, index, line in lines_of(ctx.model):
        if line.program is None:
            if line.status == "completed":
                yield Problem(
                    f"{label(fiscal_year, index, line)}: a completed line with no program",
                    _line_at(fiscal_year, index),
                    "add `program:` as the FMT report names it (IMET-1, FMF, Section 333, ...)",
                )
        elif program_key(line.program) not in known:
            labels = list(known.values())
            yield Problem(
                f"{label(fiscal_year, index, line)}: '{line.program}' is not a program of the FMT report",
                _line_at(fiscal_year, index, "program"),
                did_you_mean(line.program, labels, "use one of: " + ", ".join(labels))
                + " (or add it in sco.yaml `fmt_programs:`)",
            )


@rule(
    "TPL012",
    slug="fmt-activity",
    title="A completed line gives what the Foreign Military Training report lists",
    severity=Severity.ERROR,
    reference=FMT_REPORT,
    kind="training_plan",
    why="The FMT report (22 U.S.C. 2416) gives, for each training activity, the number of foreign personnel "
    "trained, their units and the location, and for each country the total cost; SAMM C2.1.6.9.4.2: "
    "'SCOs must provide detailed information on training'. A line with `status: completed` records "
    "training given, so it carries `student_unit:`, `students:`, `cost_usd:` and `location:`. A statute "
    "and a SAMM 'must': an error.",
    fails="years:\n  2027:\n    lines:\n"
    "      - {masl: P179087, funding: imet, program: IMET-1, status: completed, students: 2}\n",
    passes="years:\n  2027:\n    lines:\n"
    "      - {masl: P179087, funding: imet, program: IMET-1, status: completed, students: 2, cost_usd: $4,634,880,"
    " student_unit: 1st Naval Brigade, location: 'Newport, RI'}\n",
)
def fmt_activity(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    for fiscal_year, index, line in lines_of(ctx.model):
        if line.status != "completed":
            continue
        missing = fmt_missing(line.model_dump(include={"student_unit", "students", "cost_usd", "location"}))
        if missing:
            yield Problem(
                f"{label(fiscal_year, index, line)}: completed, without {_listed(missing)} for the FMT report",
                _line_at(fiscal_year, index),
                "add `student_unit:`, `students:`, `cost_usd:` and `location:` from the course completion",
            )


@rule(
    "TPL014",
    slug="fmt-document-items",
    title="Every item the FMT report input prints is recorded",
    severity=Severity.WARNING,
    reference=f"{FMT_REPORT}; DoDI 5200.48",
    kind="training_plan",
    why="`sco training fmt` writes the Foreign Military Training report input for a fiscal year that has ended "
    "(the report covers the year just ended) from every line of that year that is not cancelled: each row "
    "prints the course title (or MASL), the student unit, the start date, the location, the quantity and the "
    "total cost, and the document carries the office's CUI designation indicator (DoDI 5200.48; sco.yaml "
    "`cui:` or its `documents: fmt` entry, when the marking is CUI). The command refuses while one is empty, "
    "so the check names each one first, on the line; a completed line's unit, students, cost and location are "
    "TPL012's. The students recognised on a line may fill its unit, location and quantity when they are given "
    "to the command with the plan. The items come from the report's table, not from a SAMM 'must' on each "
    "one: a warning.",
    fails="current_fiscal_year: 2027\nyears:\n  2026:\n    lines:\n"
    "      - {masl: P179087, funding: imet, program: IMET-1, status: planned, students: 2, cost_usd: 90K,"
    " student_unit: 1st Naval Brigade, location: 'Newport, RI'}\n",
    passes="current_fiscal_year: 2027\nyears:\n  2026:\n    lines:\n"
    "      - {masl: P179087, funding: imet, program: IMET-1, status: planned, students: 2, cost_usd: 90K,"
    " student_unit: 1st Naval Brigade, location: 'Newport, RI', start: 2026-03-02}\n",
)
def fmt_document_items(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    ended = dates.fiscal_year(ctx.as_of)
    gaps = []
    for year, index, line in lines_of(ctx.model):
        if year >= ended or line.status == "cancelled":
            continue
        told = {"student_unit", "quantity", "total_cost_usd", "location"} if line.status == "completed" else set()
        gaps += line_needs(line, ctx.office, _line_at(year, index), told)
    yield from needs_problems(document_needs(ctx.office, gaps))


@rule(
    "TPL016",
    slug="plan-country",
    title="The plan's country is the partner nation the office serves",
    severity=Severity.WARNING,
    reference=FMT_REPORT,
    kind="training_plan",
    why="The Foreign Military Training report is each country's (22 U.S.C. 2416; SAMM C2.1.6.9.4.2), and "
    "`sco training fmt` names the country its input is for. A training plan is one country's (`country:`), "
    "and sco.yaml `country:` names the partner nation the office serves: two different names mean one of "
    "them is wrong, or the plan belongs to another office. The report takes the plan's (the plan holds the "
    "lines it lists) and this rule says so once, on the plan's `country:`. Only the two names are compared "
    "(case and spacing ignored); a plan without a country takes the office's. No 'must' names the field: "
    "a warning.",
    fails="country: Republic of Otherland  # sco.yaml: country: Republic of Examplestan\n",
    passes="country: republic of  Examplestan  # sco.yaml: country: Republic of Examplestan\n",
)
def plan_country(ctx: Context[TrainingPlan]) -> Iterator[Problem]:
    plan, office = ctx.model.country, ctx.office.country if ctx.office else None
    if plan and office and country_key(plan) != country_key(office):
        yield Problem(
            f"the plan is for '{plan}', but sco.yaml names '{office}' as the partner nation the office serves; "
            f"`sco training fmt` reports the plan's",
            ("country",),
            "correct the one that is wrong (a plan of another partner nation belongs under that office's sco.yaml)",
        )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@cross_file_rule(
    "TPL010",
    slug="nominees-match-students",
    title="Plan nominees agree with their student files",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.2",
    kind="training_plan",
    why="A student named on a plan line ('SURNAME, Given' or the ITO number) should have a student file that "
    "lists the line's course (MASL) with the same start date and program. Checked when student files are "
    "checked together with the plan (`sco check office-folder/`).",
    fails="(a line with nominee 'TAMM, Lina' whose student file lists another MASL)",
    passes="(the nominee's student file lists the line's MASL, start date and program)",
)
def nominees_match_students(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    students = [r for r in results if r.kind == "student" and r.facts]
    if not students:
        return
    index: dict[str, Nominated] = {}
    for student in students:
        nominated = Nominated.of(student)
        for key in (student.facts.get("ito_number"), student.facts.get("student")):
            if key:
                index.setdefault(person_key(str(key)), nominated)
    for plan in (r for r in results if r.kind == "training_plan" and r.facts):
        for line in plan.facts["lines"]:
            if line["status"] == "cancelled":
                continue
            for nominee in line["nominees"]:
                found = index.get(person_key(nominee["name"]))
                where = f"{line['label']}: nominee {nominee['name']}"
                if found is None:
                    yield BatchProblem(
                        plan,
                        f"{where} has no student file among the files checked",
                        nominee["line"],
                        1,
                        "",
                        "write 'SURNAME, Given' as in the student file, or the ITO number",
                    )
                    continue
                yield from _disagreements(plan, line, nominee, where, found)


@dataclass
class Course:
    """A course (MASL) in a student file: the start date of its first listing, and every start date."""

    first_start: str | None
    starts: set[str | None] = field(default_factory=set)


@dataclass(frozen=True)
class Nominated:
    """A student file as plan lines see it, its courses indexed by MASL once per batch: a student named
    on many lines costs a look-up per line, not a pass over the courses."""

    result: FileResult
    courses: dict[str, Course]

    @classmethod
    def of(cls, student: FileResult) -> Nominated:
        courses: dict[str, Course] = {}
        for course in student.facts.get("courses", []):
            courses.setdefault(course["masl"], Course(course["start"])).starts.add(course["start"])
        return cls(student, courses)


FUNDING_OF_PROGRAM = {"imet": "imet", "fms": "fms", "ctfp": "ctfp"}


def _disagreements(
    plan: FileResult, line: dict[str, object], nominee: dict[str, object], where: str, found: Nominated
) -> Iterator[BatchProblem]:
    student = found.result
    row = int(str(nominee["line"]))
    course = found.courses.get(str(line["masl"])) if line["masl"] else None
    if line["masl"] and course is None:
        yield BatchProblem(
            plan,
            f"{where}: {student.path} lists no course {line['masl']}",
            row,
            1,
            "",
            "add the course to the student file, or correct the line's MASL",
        )
    elif course and line["start"] and None not in course.starts and line["start"] not in course.starts:
        yield BatchProblem(
            plan,
            f"{where}: course {line['masl']} starts {line['start']} here, {course.first_start} in {student.path}",
            row,
            1,
            "",
            "align the start dates",
        )
    program = student.facts.get("program")
    expected = FUNDING_OF_PROGRAM.get(str(program)) if program else None
    if expected and line["funding"] and line["funding"] != expected:
        yield BatchProblem(
            plan,
            f"{where}: the line is {str(line['funding']).upper()}-funded, the student file says program "
            f"{str(program).upper()} ({student.path})",
            row,
            1,
            "",
            "align the funding",
        )
