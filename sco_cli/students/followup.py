"""After training (SAMM C2.1.6.9.2-C2.1.6.9.4): when the post-training interview and the academic
report are expected, from the last course's end and the office's day settings. These facts join the
student's own (the kinds table merges them), with the program and courses the training plan's
cross-file check reads."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.items import indexed
from sco_cli.core.thresholds import Thresholds
from sco_cli.students.model import Student


def last_course_end(student: Student) -> date | None:
    ends = [course.end for course in student.courses if course.end is not None]
    return max(ends) if ends else None


def due_after_training(student: Student, thresholds: Thresholds, setting: str) -> date | None:
    """The last course's end plus the setting's days; None without an end date."""
    end = last_course_end(student)
    if end is None:
        return None
    try:
        return end + timedelta(days=thresholds.whole(setting))
    except OverflowError:
        return None


def facts(ctx: Context[Student]) -> dict[str, Any]:
    student = ctx.model
    end = last_course_end(student)
    interview = due_after_training(student, ctx.thresholds, "post_training_interview_days")
    report = due_after_training(student, ctx.thresholds, "academic_report_days")
    return {
        "program": student.program,
        "courses": [
            {
                "masl": course.masl,
                "title": course.title,
                "start": course.start.isoformat() if course.start else None,
                "end": course.end.isoformat() if course.end else None,
                "index": number,
                "line": ctx.loaded.position(("courses", number))[0],
            }
            for number, course in indexed(student.courses)
        ],
        "last_course_end": end.isoformat() if end else None,
        "post_training_interview_due": interview.isoformat() if interview else None,
        "academic_report_due": report.isoformat() if report else None,
        "prominence": student.prominence is not None,
    }
