"""The training plan seen from the student files (SAMM C2.1.6.9.4.2): a student's course the Foreign Military
Training report lists on its own, with no cost, because no plan line stands for it. Its findings go to the
student files, so the student kind lists this module; the plan's own rules are in `rules.py`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from sco_cli.core.dates import fiscal_year as fiscal_year_of
from sco_cli.core.findings import Severity
from sco_cli.core.registry import BatchProblem, cross_file_rule
from sco_cli.core.results import FileResult
from sco_cli.training.facts import FMT_REPORT, person_key
from sco_cli.training.fmt import PlanIndex, activity_item, course_key


@cross_file_rule(
    "TPL015",
    slug="fmt-course-planned",
    title="A student's course of an ended fiscal year is on the training plan",
    severity=Severity.WARNING,
    reference=FMT_REPORT,
    kind="student",
    why="`sco training fmt` lists every course of the fiscal year, the plan's lines and the students' courses. A "
    "student's course that stands on no line of the plan (the same course, MASL or else title, starting the "
    "same day, or a line naming the student among its nominees) is an activity of its own, and the student "
    "file records no cost: the report cannot give its total cost, so the command refuses for a year that has "
    "ended (before the plan's `current_fiscal_year`). Checked when the plan is checked with the student files "
    "(`sco check office-folder/`); the plan line also gives the activity's program, units and location. The "
    "report's columns, not a SAMM 'must' on each: a warning.",
    fails="(a student file whose FY2026 course is on no line of the plan checked with it)",
    passes="(the plan has a line for the course: the same MASL and start, or the student among its nominees)",
)
def fmt_course_planned(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    plans = [r for r in results if r.kind == "training_plan" and r.facts]
    if not plans:
        return
    ended: dict[int, str] = {}
    lines: list[tuple[str, date | None, set[str]]] = []
    for plan in plans:
        current = plan.facts.get("current_fiscal_year")
        for year in plan.facts.get("years", {}):
            if isinstance(current, int) and int(year) < current:
                ended.setdefault(int(year), plan.path)
        for line in plan.facts["lines"]:
            if line["status"] != "cancelled":
                nominees = {person_key(str(nominee["name"])) for nominee in line["nominees"]}
                lines.append((course_key(line["masl"], line.get("title")), _day(line["start"]), nominees))
    index = PlanIndex(lines)
    for student in (r for r in results if r.kind == "student" and r.facts):
        names = {person_key(str(key)) for key in (student.facts.get("student"), student.facts.get("ito_number")) if key}
        for number, course in enumerate(student.facts.get("courses", [])):
            start = _day(course["start"])
            year = fiscal_year_of(start) if start is not None else None
            if year is None or year not in ended:
                continue
            if index.line_of(course_key(course["masl"], course.get("title")), start, names) is None:
                item = activity_item("total_cost_usd", course.get("title") or course["masl"] or "")
                yield BatchProblem(
                    student,
                    f"the FMT report input for FY{year} needs {item}: the course is on no line of {ended[year]}",
                    int(course.get("line") or 1),
                    1,
                    f"courses[{course.get('index', number)}]",  # the file's numbering
                    f"add the course to the plan's FY{year} lines (with this start or this student a nominee) "
                    "with its cost; until then `sco training fmt` refuses (or, with --draft, marks it [GAP])",
                )


def _day(text: object) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None
