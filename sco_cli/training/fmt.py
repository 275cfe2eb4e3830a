"""The country's input to the joint DoS/DoD Foreign Military Training (FMT) report for one fiscal year
(22 U.S.C. 2416; SAMM C2.1.6.9.4.2, "SCOs must provide detailed information on training"): every
training activity of the year, grouped by program in the report's columns (course title, U.S. unit,
student unit, start and end dates, location, quantity, total cost), each program's totals and the
country's.

Where the activities come from, each once:

- every plan line of the year (`years: FY: lines:`) that is not cancelled: the plan says which year
  an activity is reported in;
- every course in a student file that no plan line (of any year) already stands for, placed in the
  fiscal year it starts in; students on the same course (same MASL, or title when there is no MASL)
  starting the same day are one activity, their number its quantity.

A student's course is a plan line's activity when both name the same course (MASL, or the title when
either has no MASL; any case) and either start the same day or the student is one of the line's
`nominees` (by 'SURNAME, Given' or ITO number). The line then fills what it leaves empty from its
students: the quantity (how many), the student unit (their `service`) and the location.

An activity that lacks what the report needs stays listed and counted, with its finding: no student
unit, quantity, total cost or location (an error: the statute asks for each activity's personnel,
units and location, and each country's total cost), no program, an unknown program, no start date,
an end before the start, a start outside the fiscal year (warnings). Totals are sums of the amounts
shown: an activity without a cost adds nothing to them, and says so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sco_cli.core.csv_table import csv_text
from sco_cli.core.dates import fiscal_year, fiscal_year_bounds
from sco_cli.core.document import Document, DocumentMeta
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.needs import Gap, Need, designation_gaps
from sco_cli.core.office import Office, marking_of, shown_path
from sco_cli.core.results import NOT_READ, FileResult, Report, Unread
from sco_cli.core.terminal import printable
from sco_cli.students.model import Course, Student
from sco_cli.training.facts import country_key, fmt_missing, person_key
from sco_cli.training.model import Line, TrainingPlan, report_title
from sco_cli.training.programs import fmt_programs, program_key

REFERENCE = "22 U.S.C. 2416; SAMM C2.1.6.9.4.2"
NO_PROGRAM = "Program not given"

CSV_COLUMNS = (
    "Country",
    "Program",
    "Course Title",
    "US Unit",
    "Student Unit",
    "Start Date",
    "End Date",
    "Location",
    "Quantity",
    "Total Cost",
)
"""The public line items of the report (country, program, course title, U.S. unit, student unit,
start and end dates, location, quantity, total cost), headed as the report heads them."""


def course_key(masl: str | None, title: str | None) -> str:
    """The course an activity is: its MASL, or its title when it has no MASL."""
    return ("masl:" + person_key(masl)) if masl else ("title:" + person_key(title or ""))


@dataclass
class Activity:
    """One training activity as the report lists it."""

    program: str | None
    course_title: str
    masl: str | None
    us_unit: str | None
    student_unit: str | None
    start: date | None
    end: date | None
    location: str | None
    quantity: int | None
    total_cost_usd: int | None
    status: str | None
    source: str
    fiscal_year: int
    students: list[tuple[Student, Course]] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)

    def filled_from_students(self) -> None:
        """What a plan line leaves empty, from the students recognised on it."""
        if not self.students:
            return
        if self.quantity is None:
            self.quantity = len(self.students)
        if not self.student_unit:
            self.student_unit = _joined(student.service for student, _ in self.students)
        if not self.location:
            self.location = _joined(course.location for _, course in self.students)


def _joined(values: Iterable[str | None]) -> str | None:
    found = sorted({value for value in values if value})
    return "; ".join(found) if found else None


@dataclass
class _PlanLine:
    activity: Activity
    course: str
    nominees: set[str]


READS = {"training_plan": ("years", "country"), "student": ("name", "service", "ito", "courses")}
"""The fields the report takes from each kind: an unreadable value elsewhere does not touch it."""


def unread(report: Report) -> list[Unread]:
    """What the report could not read in its files: each is named in every format, never left out silently."""
    return [entry for result in report.files for entry in result.unread(READS.get(result.kind or ""))]


def _not_read(result: FileResult) -> list[str]:
    """The fields sco could not read in the file (their records are left out of the report, and named)."""
    return [f.field for f in result.findings if f.code in NOT_READ and f.severity == Severity.ERROR]


def _skipped(fields: list[str], record: str) -> bool:
    return any(name == record or name.startswith((record + ".", record + "[")) for name in fields)


def _plan_lines(report: Report) -> list[_PlanLine]:
    found = []
    for result in report.loaded_of_kind("training_plan"):
        plan = result.model_as(TrainingPlan)
        not_read = _not_read(result)
        where = {(row["fiscal_year"], row["index"]): row["line"] for row in result.facts.get("lines", [])}
        path = shown_path(result.path, result.office)
        for year in sorted(plan.years):
            for index, line in indexed(plan.years[year].lines):
                if line.status == "cancelled" or _skipped(not_read, f"years.{year}.lines[{index}]"):
                    continue
                source = f"{path}:{where.get((year, index), 1)} (FY{year} line {index + 1})"
                found.append(
                    _PlanLine(
                        _from_line(line, year, source),
                        course_key(line.masl, line.title),
                        {person_key(name) for name in line.nominees},
                    )
                )
    return found


def _from_line(line: Line, year: int, source: str) -> Activity:
    return Activity(
        program=line.program,
        course_title=report_title(line.title, line.masl) or "",
        masl=line.masl,
        us_unit=line.us_unit,
        student_unit=line.student_unit,
        start=line.start,
        end=line.end,
        location=line.location,
        quantity=line.students,
        total_cost_usd=line.cost_usd,
        status=line.status,
        source=source,
        fiscal_year=year,
    )


def _names(student: Student) -> set[str]:
    names = {person_key(f"{student.name.surname}, {student.name.given}")}
    if student.ito and student.ito.number:
        names.add(person_key(student.ito.number))
    return names


class PlanIndex:
    """The plan lines a student's course may stand on, indexed once: by course and start, and by course.
    The report (`activities`) and TPL015 (from the files' facts) find a course's line the same way."""

    def __init__(self, lines: Iterable[tuple[str, date | None, set[str]]]):
        self.by_start: dict[tuple[str, date], int] = {}
        self.by_nominee: dict[tuple[str, str], int] = {}
        for number, (course, start, nominees) in enumerate(lines):
            for name in nominees:
                self.by_nominee.setdefault((course, name), number)
            if start is not None:
                self.by_start.setdefault((course, start), number)

    def line_of(self, course: str, start: date | None, names: set[str]) -> int | None:
        """The line (by its position among those given) standing for a student's course: the same course
        starting the same day, else the first line of the same course with the student among its nominees.
        A look-up each, never a pass over the course's lines (a course on thousands of lines)."""
        if start is not None and (course, start) in self.by_start:
            return self.by_start[(course, start)]
        found = [self.by_nominee[(course, name)] for name in names if (course, name) in self.by_nominee]
        return min(found) if found else None


def activities(report: Report, year: int) -> list[Activity]:
    """Every activity of fiscal year `year`, each once (see the module's docstring)."""
    lines = _plan_lines(report)
    index = PlanIndex((planned.course, planned.activity.start, planned.nominees) for planned in lines)
    unplanned: dict[tuple[str, date], Activity] = {}
    for result in report.loaded_of_kind("student"):
        student = result.model_as(Student)
        names = _names(student)
        not_read = _not_read(result)
        for number, course in indexed(student.courses):
            if _skipped(not_read, f"courses[{number}]"):
                continue
            key = course_key(course.masl, course.title)
            match = index.line_of(key, course.start, names)
            if match is not None:
                lines[match].activity.students.append((student, course))
                continue
            if course.start is None or fiscal_year(course.start) != year:
                continue
            activity = unplanned.get((key, course.start))
            if activity is None:
                activity = unplanned[(key, course.start)] = Activity(
                    program=None,
                    course_title=report_title(course.title, course.masl) or "",
                    masl=course.masl,
                    us_unit=None,
                    student_unit=None,
                    start=course.start,
                    end=course.end,
                    location=None,
                    quantity=None,
                    total_cost_usd=None,
                    status=None,
                    source=shown_path(result.path, result.office),
                    fiscal_year=year,
                )
            else:
                sources = {*activity.source.split("; "), shown_path(result.path, result.office)}
                activity.source = "; ".join(sorted(sources))
            activity.students.append((student, course))
    found = [planned.activity for planned in lines if planned.activity.fiscal_year == year]
    found += list(unplanned.values())
    for activity in found:
        activity.filled_from_students()
    return found


KINDS_READ = ("training_plan", "student")


def files_read(report: Report) -> Report:
    """The plans and student files among those checked (with any file whose kind could not be read):
    the report's findings and exit code are theirs, not those of the office's other files."""
    kept = [result for result in report.files if result.kind in KINDS_READ or result.kind is None]
    return replace(report, files=kept)


def _check(activity: Activity, year: int, known: dict[str, str]) -> None:
    """The activity's findings for the report (kept on it: it stays listed and counted)."""
    said: dict[str, object] = {
        "student_unit": activity.student_unit,
        "students": activity.quantity,
        "cost_usd": activity.total_cost_usd,
        "location": activity.location,
    }
    missing = fmt_missing(said)
    if missing:
        activity.findings.append(
            {
                "severity": "error",
                "message": f"no {', no '.join(item.removeprefix('the ') for item in missing)}: the FMT report gives "
                f"each activity's personnel, units and location and the country's total cost ({REFERENCE})",
            }
        )
    if activity.program is None:
        activity.findings.append(
            {"severity": "warning", "message": "no program: the report groups activities by program (`program:`)"}
        )
    elif program_key(activity.program) not in known:
        activity.findings.append(
            {"severity": "warning", "message": f"'{activity.program}' is not a program of the FMT report"}
        )
    if activity.start is None:
        activity.findings.append({"severity": "warning", "message": "no start date"})
    elif fiscal_year(activity.start) != year:
        first, last = fiscal_year_bounds(year)
        activity.findings.append(
            {
                "severity": "warning",
                "message": f"starts {activity.start}, outside FY{year} ({first} to {last})",
            }
        )
    if activity.start is not None and activity.end is not None and activity.end < activity.start:
        activity.findings.append(
            {"severity": "warning", "message": f"ends {activity.end}, before it starts ({activity.start})"}
        )


def _line(activity: Activity) -> dict[str, Any]:
    return {
        "program": activity.program,
        "course_title": activity.course_title,
        "masl": activity.masl,
        "us_unit": activity.us_unit,
        "student_unit": activity.student_unit,
        "start": activity.start.isoformat() if activity.start else None,
        "end": activity.end.isoformat() if activity.end else None,
        "location": activity.location,
        "quantity": activity.quantity,
        "total_cost_usd": activity.total_cost_usd,
        "status": activity.status,
        "source": activity.source,
        "student_files": len(activity.students),
        "findings": activity.findings,
    }


def _sums(lines: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "activities": len(lines),
        "quantity": sum(line["quantity"] or 0 for line in lines),
        "total_cost_usd": sum(line["total_cost_usd"] or 0 for line in lines),
    }


def _country(report: Report) -> str | None:
    """The country the report is for: the plan's `country:` (a plan is one country's training), else the
    partner nation sco.yaml names (a report from student files alone, or a plan without a country). A
    plan naming another country than its sco.yaml is one finding, TPL016 (`sco check`, and this report's
    findings); the report does not join the two names into a country that is neither."""
    planned = [result.model_as(TrainingPlan).country for result in report.loaded_of_kind("training_plan")]
    named = planned if any(planned) else [result.office.country for result in report.files if result.office]
    countries = {country_key(str(name)): str(name) for name in named if name}
    return ", ".join(sorted(countries.values())) or None


def _office(report: Report) -> Office | None:
    return next((result.office for result in report.files if result.office), None)


def fmt_report(report: Report, year: int) -> dict[str, Any]:
    """The report's payload (the JSON after the envelope's `sco_version`)."""
    known = fmt_programs(_office(report))
    order = {key: rank for rank, key in enumerate(known)}
    groups: dict[str, list[Activity]] = {}
    for activity in activities(report, year):
        _check(activity, year, known)
        if activity.program is not None:
            activity.program = known.get(program_key(activity.program), activity.program)
        groups.setdefault(activity.program or NO_PROGRAM, []).append(activity)

    def rank(label: str) -> tuple[int, int, str]:
        key = program_key(label)
        return (label == NO_PROGRAM, order.get(key, len(order)), key)

    programs: list[dict[str, Any]] = []
    for label in sorted(groups, key=rank):
        ordered = sorted(groups[label], key=lambda a: (a.start or date.max, a.course_title.casefold(), a.source))
        lines = [_line(activity) for activity in ordered]
        programs.append({"program": label, **_sums(lines), "lines": lines})
    every = [line for program in programs for line in program["lines"]]
    first, last = fiscal_year_bounds(year)
    return {
        "fiscal_year": year,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "country": _country(report),
        "programs": programs,
        "totals": {"programs": len(programs), **_sums(every)},
        "findings": [f.to_dict() for result in report.files for f in result.findings],
    }


def default_fiscal_year(day: date) -> int:
    """The fiscal year just ended when the next report is due (31 January, `fmt-report` in
    data/milestones.yaml): FY2026 from 1 February 2026 to 31 January 2027, the report due then covering
    it and the year in progress."""
    return day.year - 1 if day.month == 1 else day.year


def has_errors(payload: dict[str, Any]) -> bool:
    return any(f["severity"] == "error" for p in payload["programs"] for line in p["lines"] for f in line["findings"])


def report_date(iso: str | None) -> str:
    """A date as the FMT report prints it: m/d/yyyy (2027-01-19 -> 1/19/2027)."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.month}/{day.day}/{day.year}"


def report_cost(amount: int | None) -> str:
    """A cost as the FMT report prints it: $4,634,880."""
    return "" if amount is None else f"${amount:,}"


def as_csv(payload: dict[str, Any]) -> str:
    """One row per activity in the report's columns, dates and costs as the report prints them."""
    rows = [
        (
            payload["country"] or "",
            line["program"] or "",
            line["course_title"],
            line["us_unit"] or "",
            line["student_unit"] or "",
            report_date(line["start"]),
            report_date(line["end"]),
            line["location"] or "",
            line["quantity"],
            report_cost(line["total_cost_usd"]),
        )
        for program in payload["programs"]
        for line in program["lines"]
    ]
    return csv_text(CSV_COLUMNS, rows)


def _totals_text(sums: dict[str, Any]) -> str:
    count = sums["activities"]
    return (
        f"{count} activit{'y' if count == 1 else 'ies'}, quantity {sums['quantity']:,}, "
        f"total cost ${sums['total_cost_usd']:,}"
    )


def as_text(payload: dict[str, Any]) -> str:
    year = payload["fiscal_year"]
    head = f"Foreign Military Training report input, FY{year} ({payload['start']} to {payload['end']})"
    lines = [head + (f": {payload['country']}" if payload["country"] else ""), f"({REFERENCE})", ""]
    for program in payload["programs"]:
        lines.append(program["program"])
        for row in program["lines"]:
            dates = f"{report_date(row['start']) or '(no start)'} - {report_date(row['end']) or '(no end)'}"
            quantity = "quantity not given" if row["quantity"] is None else f"quantity {row['quantity']:,}"
            cost = report_cost(row["total_cost_usd"]) or "cost not given"
            lines += [
                f"  {row['course_title']}  {dates}  {quantity}  {cost}",
                f"    {row['us_unit'] or 'U.S. unit not given'} -> {row['student_unit'] or 'student unit not given'}"
                f", at {row['location'] or 'location not given'}  [{row['source']}]",
            ]
            lines += [f"    {f['severity']}: {f['message']}" for f in row["findings"]]
        lines += [f"  Program totals: {_totals_text(program)}", ""]
    if not payload["programs"]:
        lines += [f"No training activity in FY{year} among the files read.", ""]
    lines.append(f"Country totals: {_totals_text(payload['totals'])}")
    return "\n".join(printable(line) for line in lines) + "\n"


TEMPLATE = "fmt.md.j2"

ACTIVITY_ITEMS = (
    ("course_title", "the course title of an activity in {program}"),
    ("student_unit", "the student unit of {course}"),
    ("start", "the start date of {course}"),
    ("location", "the location of {course}"),
    ("quantity", "the quantity of {course}"),
    ("total_cost_usd", "the total cost of {course}"),
)
"""What the report's table prints for each activity, by field of a report line, and how the document's [GAP]
marker, its refusal and TPL014 name it when empty."""

LINE_FIELDS = {"course_title": ("title", "masl"), "quantity": ("students",), "total_cost_usd": ("cost_usd",)}
"""The plan line's fields an activity's item comes from, where their names differ (else the same name)."""


def activity_item(name: str, course: str, program: str = NO_PROGRAM) -> str:
    """How the document, its refusal and the check name the item `name` of an activity."""
    return dict(ACTIVITY_ITEMS)[name].format(program=program, course=course)


def activity_gaps(values: dict[str, Any], program: str) -> dict[str, str]:
    """The items an activity (a report line, `_line`) lacks, by field: `gap(row.gaps.NAME)` in the template."""
    course = values.get("course_title") or ""
    return {name: activity_item(name, course, program) for name, _ in ACTIVITY_ITEMS if values.get(name) in (None, "")}


def line_needs(line: Line, office: Office | None, at: tuple[str | int, ...], told: set[str]) -> list[Gap]:
    """What a plan line of an ended fiscal year lacks for the FMT report, read from the line alone (the
    students recognised on it may fill its unit, location and quantity when the report is made). `told`:
    the items another rule already reports (TPL012, for a completed line)."""
    values: dict[str, Any] = {
        name: next(
            (value for field in LINE_FIELDS.get(name, (name,)) if (value := getattr(line, field)) not in (None, "")),
            None,
        )
        for name, _ in ACTIVITY_ITEMS
    }
    known = fmt_programs(office)
    program = known.get(program_key(line.program), line.program) if line.program else NO_PROGRAM
    return [
        Gap(text, (*at, *LINE_FIELDS.get(name, (name,))[:1]), shown_by="TPL012" if name in told else "")
        for name, text in activity_gaps(values, program).items()
    ]


def document_needs(office: Office | None, gaps: list[Gap]) -> list[Need]:
    """What the FMT report input lacks before `sco training fmt` writes it as a document: `gaps` of the
    lines, and the CUI designation lines sco.yaml lacks for it (the renderer finds the same designation
    gaps itself, after `--cui-category` and `--dissemination`)."""
    return [Need("FMT report input", (*gaps, *designation_gaps(office, TEMPLATE)), "sco training fmt")]


def fmt_document(payload: dict[str, Any], day: date, report: Report, draft: bool) -> Document:
    """The report's tables (landscape), dates and costs printed as the report prints them."""
    office = _office(report)
    sources = ", ".join(
        shown_path(result.path, result.office)
        for result in report.files
        if result.kind == "training_plan" and result.model is not None
    )
    programs = [
        {
            **program,
            "lines": [
                {
                    **row,
                    "start_shown": report_date(row["start"]),
                    "end_shown": report_date(row["end"]),
                    "gaps": activity_gaps(row, program["program"]),
                }
                for row in program["lines"]
            ],
        }
        for program in payload["programs"]
    ]
    context = {"report": {**payload, "programs": programs, "findings": []}}
    title = f"Foreign Military Training report input, FY{payload['fiscal_year']}"
    meta = DocumentMeta(
        title=title,
        source=sources or "student files",
        generated=day,
        marking=marking_of(office),
        allow_draft=draft,
    )
    return Document(TEMPLATE, context, meta, office)
