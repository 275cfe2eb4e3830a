"""What a student file amounts to: the arrival-notice due date, how long the screening checklist
must be kept, and what the ITO document still lacks (`ito_document_gaps`). Readiness for an ITO
(`ito_ready`, `ito_blockers`) is decided by the pipeline from the findings of the rules that block the
`ito` gate. Scripts read all of these from JSON `facts`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.dates import add_months, add_years, days_before
from sco_cli.core.needs import gap_texts
from sco_cli.core.thresholds import Thresholds
from sco_cli.students.ito import document_gaps
from sco_cli.students.model import Student

MASK_SHOWS = 3
MASK_MIN_LENGTH = 7
"""A number shorter than this shows none of its characters: three of four would all but give it away."""


def mask(number: str | None) -> str:
    """A passport number as it may appear on a terminal: at most its last 3 characters."""
    if not number:
        return ""
    if len(number) < MASK_MIN_LENGTH:
        return "*" * 9
    return "*" * (len(number) - MASK_SHOWS) + number[-MASK_SHOWS:]


def ito_day(student: Student, as_of: date) -> date:
    """The day screening is judged on: the ITO issue date, or today when none is issued yet."""
    if student.ito and student.ito.issue_date:
        return student.ito.issue_date
    return as_of


def notice_days(student: Student, thresholds: Thresholds) -> int:
    """Days before arrival the IMSO must have the notice: 30 accompanied, 16 otherwise (C2.1.6.9.1)."""
    accompanied = bool(student.travel and student.travel.accompanied)
    return thresholds.whole("arrival_notice_days_accompanied" if accompanied else "arrival_notice_days_unaccompanied")


def arrival_notice_due(student: Student, thresholds: Thresholds) -> date | None:
    travel = student.travel
    if travel is None or travel.arrival is None:
        return None
    return days_before(travel.arrival, notice_days(student, thresholds))


def screening_keep_until(student: Student, thresholds: Thresholds) -> date | None:
    screening = student.screening
    if screening is None:
        return None
    dates = []
    if screening.other_screening:
        dates += [
            d
            for d in (screening.other_screening.rso, screening.other_screening.dea, screening.other_screening.consular)
            if d
        ]
    if screening.human_rights_vetting and screening.human_rights_vetting.completed:
        dates.append(screening.human_rights_vetting.completed)
    if not dates:
        return None
    return add_years(max(dates), thresholds.whole("screening_retention_years"))


def ito_last_day(student: Student, thresholds: Thresholds) -> date | None:
    """The last day the ITO can be issued on the recorded medical examination: the examination must fall
    within the three months preceding the ITO (C2.1.6.7.3, `medical_validity_months`)."""
    medical = student.screening.medical if student.screening else None
    if medical is None or medical.exam_date is None:
        return None
    return add_months(medical.exam_date, thresholds.whole("medical_validity_months"))


def facts(ctx: Context[Student]) -> dict[str, Any]:
    student = ctx.model
    due = arrival_notice_due(student, ctx.thresholds)
    keep = screening_keep_until(student, ctx.thresholds)
    last = ito_last_day(student, ctx.thresholds)
    return {
        "student": f"{student.name.surname.upper()}, {student.name.given}",
        "passport": mask(student.passport.number if student.passport else None),
        "ito_number": student.ito.number if student.ito else None,
        "arrival_notice_due": due.isoformat() if due else None,
        "ito_last_day": last.isoformat() if last else None,
        "screening_keep_until": keep.isoformat() if keep else None,
        # what the ITO document lacks (ITO019, and the gate rules named in ito.py), apart from the SAMM gate
        # `ito_ready`: a ready student may still lack an item the form prints
        "ito_document_gaps": gap_texts(document_gaps(student, ctx.office)),
    }
