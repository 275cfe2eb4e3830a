"""A student's dates for `sco calendar`: the ITO issue (or, before it, the last day it can be issued on the
recorded medical examination, C2.1.6.7.3), the pre-departure briefing (SAMM C2.1.6.9),
the arrival notice due to the IMSO (C2.1.6.9.1), and after training the interview and the academic
report (C2.1.6.9.2-3). A date the file records as done is shown done; a due date not yet met is
overdue once past."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.core.events import Event
from sco_cli.core.results import FileResult
from sco_cli.students.model import Student


def _fact_day(result: FileResult, name: str) -> date | None:
    value = result.facts.get(name)
    return date.fromisoformat(value) if value else None


def events(result: FileResult) -> Iterator[Event]:
    if not isinstance(result.model, Student):
        return
    student = result.model
    who = f"{student.name.surname.upper()}, {student.name.given}"
    if student.ito and student.ito.number:
        who += f" ({student.ito.number})"

    def event(day: date, title: str, key: str, anchor: str, reference: str, done: bool) -> Event:
        line = result.anchors.get(anchor, result.where())[0]
        return Event(day, f"{title}: {who}", key, result.path, line, reference, "training", done)

    if student.ito and student.ito.issue_date:
        yield event(student.ito.issue_date, "ITO issued", "ito-issue", "ito", "SAMM C2.1.6.8", True)
    else:
        last = _fact_day(result, "ito_last_day")
        if last:
            yield event(
                last,
                "Last day to issue the ITO on the current medical examination",
                "ito-last-day",
                "screening",
                "SAMM C2.1.6.7.3",
                False,
            )
    departure = student.travel.departure if student.travel else None
    if student.pre_departure_briefing:
        yield event(
            student.pre_departure_briefing,
            "Pre-departure briefing",
            "briefing",
            "pre_departure_briefing",
            "SAMM C2.1.6.9",
            True,
        )
    elif departure:
        yield event(
            departure, "Pre-departure briefing due before departure", "briefing", "travel", "SAMM C2.1.6.9", False
        )
    notice = _fact_day(result, "arrival_notice_due")
    if notice:
        yield event(
            notice,
            "Arrival notice due to the IMSO",
            "arrival-notice",
            "arrival_notice_sent" if student.arrival_notice_sent else "travel",
            "SAMM C2.1.6.9.1",
            student.arrival_notice_sent is not None,
        )
    interview = _fact_day(result, "post_training_interview_due")
    if interview:
        yield event(
            student.post_training_interview or interview,
            "Post-training interview",
            "interview",
            "courses",
            "SAMM C2.1.6.9.2",
            student.post_training_interview is not None,
        )
    report = _fact_day(result, "academic_report_due")
    if report:
        yield event(
            student.academic_report_delivered or report,
            "Academic report to the country and the student",
            "academic-report",
            "courses",
            "SAMM C2.1.6.9.3",
            student.academic_report_delivered is not None,
        )
