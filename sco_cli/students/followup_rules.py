"""After training: the post-training interview (SAMM C2.1.6.9.2), the academic report
(C2.1.6.9.3) and the positions-of-prominence record (C2.1.6.9.4.1). SAMM gives no number of days
for the first two, so sco waits `post_training_interview_days` and `academic_report_days` (settings,
unverified) after the last course ends before it warns."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.needs import needs_problems
from sco_cli.core.registry import Problem, rule
from sco_cli.students.followup import due_after_training, last_course_end
from sco_cli.students.model import Student
from sco_cli.students.prominence import document_needs


@rule(
    "TRN001",
    slug="post-training-interview",
    title="Post-training interview held after the student returns",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9.2; post_training_interview_days (unverified)",
    kind="student",
    why="SCOs conduct post-training interviews with returning students on the relevance and quality of the "
    "training, their preparation and the SCO and IMSO support. Once `post_training_interview_days` (30, "
    "sco's setting: SAMM gives no number) have passed since the last course ended, sco expects "
    "`post_training_interview:` with its date, and that date after the training.",
    fails="courses:\n  - {masl: P179087, start: 2026-05-04, end: 2026-09-25, prerequisites: none}\n",
    passes="courses:\n  - {masl: P179087, start: 2026-05-04, end: 2026-09-25, prerequisites: none}\n"
    "post_training_interview: 2026-10-20\n",
    reads=("post_training_interview",),
)
def post_training_interview(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    end = last_course_end(student)
    if end is None:
        return
    held = student.post_training_interview
    due = due_after_training(student, ctx.thresholds, "post_training_interview_days")
    if held is not None and held < end:
        yield Problem(
            f"the post-training interview ({held}) is before the training ended ({end})",
            ("post_training_interview",),
            "interview the student after the return, and record that date",
        )
    elif held is None and due is not None and due < ctx.as_of:
        yield Problem(
            f"training ended {end}; no post-training interview is recorded (expected by {due})",
            ("courses",),
            "interview the student and record `post_training_interview:` with the date",
        )


@rule(
    "TRN002",
    slug="academic-report",
    title="Academic report given to the country and the student",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9.3; academic_report_days (unverified)",
    kind="student",
    why="SCOs provide the country and student copies of the student's academic report. Once "
    "`academic_report_days` (60, sco's setting: SAMM gives no number) have passed since the last course "
    "ended, sco expects `academic_report_delivered:` with its date.",
    fails="courses:\n  - {masl: P179087, start: 2026-05-04, end: 2026-08-14, prerequisites: none}\n",
    passes="courses:\n  - {masl: P179087, start: 2026-05-04, end: 2026-08-14, prerequisites: none}\n"
    "academic_report_delivered: 2026-10-02\n",
    reads=("academic_report_delivered",),
)
def academic_report(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    end = last_course_end(student)
    due = due_after_training(student, ctx.thresholds, "academic_report_days")
    if end is None or student.academic_report_delivered is not None or due is None or due >= ctx.as_of:
        return
    yield Problem(
        f"training ended {end}; the academic report is not recorded as delivered (expected by {due})",
        ("courses",),
        "give the country and the student their copies; record `academic_report_delivered:` with the date",
    )


@rule(
    "TRN003",
    slug="prominence-record",
    title="A position of prominence records the position, how it was obtained and when",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9.4.1; 2012 ESAMM C10.21.1",
    kind="student",
    why="SCOs update positions-of-prominence data in each annual CETPP; the report records the current "
    "position, how it was obtained (election, appointment...) and the graduate's grades and training. "
    "Without the position, how and when, the entry cannot be reported.",
    fails="prominence:\n  current_position: Chief of the Navy\n",
    passes="prominence:\n  current_position: Chief of the Navy\n  how_obtained: appointment\n  date: 2026-07-01\n",
)
def prominence_record(ctx: Context[Student]) -> Iterator[Problem]:
    record = ctx.model.prominence
    if record is None:
        return
    missing = [
        name
        for name, value in (
            ("current_position", record.current_position),
            ("how_obtained", record.how_obtained),
            ("date", record.date),
        )
        if value is None
    ]
    if missing:
        yield Problem(
            f"the positions-of-prominence record has no {', '.join(missing)}",
            ("prominence",),
            "record `current_position:`, `how_obtained:` and `date:`",
        )


@rule(
    "TRN004",
    slug="prominence-document-items",
    title="Every item the positions-of-prominence report prints is recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9.4.1; DoDI 5200.48",
    kind="student",
    why="The SCO reports graduates in positions of prominence (C2.1.6.9.4.1) from the `prominence:` records of "
    "the student files. As a document the report carries the office's CUI designation indicator (DoDI "
    "5200.48; DoD CUI marking: controlled by, category, dissemination control, POC) from sco.yaml `cui:` or "
    "its `documents: prominence` entry; `sco training prominence` refuses while a line is empty, so the check "
    "names each one first on every file with a `prominence:` record. Only when the office's marking is CUI. "
    "The lines come from the marking guidance, not from a SAMM 'must': a warning.",
    fails="(a student file with `prominence:`; sco.yaml `marking: CUI` without `cui: category`)",
    passes="(the same with sco.yaml `cui: category: PRVCY`)",
)
def prominence_document_items(ctx: Context[Student]) -> Iterator[Problem]:
    if ctx.model.prominence is not None:
        yield from needs_problems(document_needs(ctx.office))
