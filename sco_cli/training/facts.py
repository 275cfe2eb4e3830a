"""What a student file amounts to: ITO readiness, its blockers, the arrival-notice due date
and how long the screening checklist must be kept. Scripts read these from JSON `facts`."""

from __future__ import annotations

from datetime import date

from sco_cli.core.dates import add_years, days_before

# Rules whose error findings stop an ITO (SAMM C2.1.6.7, C2.1.6.8: "SCOs must not issue ITOs
# until in-country student vetting is complete"). Arrival notice and pre-departure briefing
# come after the ITO and do not block it.
ITO_BLOCKING = ("ITO001", "ITO002", "ITO003", "ITO004", "ITO005", "ITO006", "ITO012", "ITO013", "ITO014",
                "ITO015")


def mask(number: str | None) -> str:
    """A passport number as it may appear on a terminal: the last 3 characters only."""
    if not number:
        return ""
    return "*" * max(len(number) - 3, 3) + number[-3:]


def ito_day(student, as_of: date) -> date:
    """The day screening is judged on: the ITO issue date, or today when none is issued yet."""
    if student.ito and student.ito.issue_date:
        return student.ito.issue_date
    return as_of


def notice_days(student, thresholds) -> int:
    """Days before arrival the IMSO must have the notice: 30 accompanied, 16 otherwise (C2.1.6.9.1)."""
    accompanied = bool(student.travel and student.travel.accompanied)
    return thresholds["arrival_notice_days_accompanied" if accompanied else "arrival_notice_days_unaccompanied"]


def arrival_notice_due(student, thresholds) -> date | None:
    travel = student.travel
    if travel is None or travel.arrival is None:
        return None
    return days_before(travel.arrival, notice_days(student, thresholds))


def screening_keep_until(student, thresholds) -> date | None:
    screening = student.screening
    if screening is None:
        return None
    dates = []
    if screening.other_screening:
        dates += [d for d in (screening.other_screening.rso, screening.other_screening.dea,
                              screening.other_screening.consular) if d]
    if screening.human_rights_vetting and screening.human_rights_vetting.completed:
        dates.append(screening.human_rights_vetting.completed)
    if not dates:
        return None
    return add_years(max(dates), thresholds["screening_retention_years"])


def facts(ctx) -> dict:
    student = ctx.model
    due = arrival_notice_due(student, ctx.thresholds)
    keep = screening_keep_until(student, ctx.thresholds)
    return {
        "student": f"{student.name.surname.upper()}, {student.name.given}",
        "passport": mask(student.passport.number if student.passport else None),
        "ito_number": student.ito.number if student.ito else None,
        "ito_ready": None,  # decided after the rules ran
        "ito_blockers": [],
        "arrival_notice_due": due.isoformat() if due else None,
        "screening_keep_until": keep.isoformat() if keep else None,
    }


def after_rules(facts: dict, findings) -> None:
    """Readiness depends on the findings, cross-file ones included, so it is decided last."""
    blockers = sorted({f.code for f in findings if f.code in ITO_BLOCKING and f.severity == "error"})
    facts["ito_blockers"] = blockers
    facts["ito_ready"] = not blockers and not any(f.severity == "error" and f.code.startswith("GEN") for f in findings)
