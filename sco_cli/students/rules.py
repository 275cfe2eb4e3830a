"""Student screening and ITO rules (SAMM C2.1.6.7 to C2.1.6.9; current C10.8 to C10.11).

The gate exists because audits found ITOs issued before vetting was complete and SC-TMS
has nothing that stops it (DODIG-2023-036)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from sco_cli.core.context import Context
from sco_cli.core.dates import add_months, days_before, days_between
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.needs import gap_problems
from sco_cli.core.registry import BatchProblem, Problem, cross_file_rule, rule, some_of
from sco_cli.core.results import FileResult
from sco_cli.students.facts import arrival_notice_due, ito_day, mask, notice_days
from sco_cli.students.ito import checked_gaps
from sco_cli.students.model import Course, EclWaiver, Student


def _label(course: Course, index: int) -> str:
    return course.title or course.masl or f"course {index + 1}"


def _when(student: Student, as_of: date) -> str:
    if student.ito and student.ito.issue_date:
        return f"the ITO issue date ({student.ito.issue_date})"
    return f"today ({as_of})"


@rule(
    "ITO001",
    slug="prerequisites",
    title="Course prerequisites recorded and met",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.7.1",
    kind="student",
    blocks="ito",
    why="SCOs ensure students meet the prerequisites of all scheduled training, usually listed in the MASL; "
    "each course records its prerequisites (or `none`) and whether each is met.",
    fails="courses:\n  - masl: D123456\n    prerequisites:\n      - requirement: Lieutenant or above\n"
    "        met: false\n",
    passes="courses:\n  - masl: D123456\n    prerequisites: none\n",
)
def prerequisites(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    if not student.courses:
        yield Problem("no course is scheduled", ("courses",), "add `courses:` with MASL, title, dates")
    for index, course in indexed(student.courses):
        if course.prerequisites is None:
            yield Problem(
                f"{_label(course, index)}: prerequisites are not recorded",
                ("courses", index),
                "list them from the MASL under `prerequisites:` or write `prerequisites: none`",
            )
            continue
        for position, item in indexed(course.prerequisites):
            if not item.met:
                yield Problem(
                    f"{_label(course, index)}: prerequisite not met: {item.requirement}",
                    ("courses", index, "prerequisites", position),
                    "record `met: true` with the evidence once it is met",
                )


@rule(
    "ITO002",
    slug="ecl-minimum",
    title="ECL at or above every course minimum",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.7.2 (C10.10)",
    kind="student",
    blocks="ito",
    why="Students must reach the minimum English Comprehension Level the IA sets for each course; below it "
    'they go to DLIELC first. DD Form 2285 item 10 reads "met or waiver": a waiver recorded with who approved '
    "it, when and its reference (`screening: ecl: waiver:`) lets the ITO go ahead.",
    fails="screening:\n  ecl: {score: 70, test_date: 2026-10-01}\n",
    passes="screening:\n  ecl:\n    score: 70\n    test_date: 2026-10-01\n"
    "    waiver: {approved_by: DSCA, date: 2026-10-20, reference: ECL-W-26-4}\n",
)
def ecl_minimum(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    ecl = student.screening.ecl if student.screening else None
    if ecl is None or ecl.score is None:
        if any(c.ecl_minimum for c in student.courses):
            yield Problem("no ECL score is recorded", ("screening",), "add `screening: ecl: score:` and `test_date:`")
        return
    for index, course in indexed(student.courses):
        if course.ecl_minimum is None:
            yield Problem(
                f"{_label(course, index)}: the course ECL minimum is not recorded",
                ("courses", index),
                "add `ecl_minimum:` from the MASL",
            )
        elif ecl.score < course.ecl_minimum and not _waived(ecl.waiver):
            yield Problem(
                f"ECL {ecl.score} is below the minimum {course.ecl_minimum} for {_label(course, index)}",
                ("screening", "ecl", "score"),
                "schedule English training (DLIELC) or ask for a waiver",
            )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def _waived(waiver: EclWaiver | None) -> bool:
    return waiver is not None and bool(waiver.approved_by) and waiver.date is not None and bool(waiver.reference)


@rule(
    "ITO011",
    slug="ecl-validity",
    title="ECL test recent enough",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.7.2; ecl_validity_days (DSCU guidance, unverified)",
    kind="student",
    why="An ECL result is accepted for a limited time; the window (105 days by DSCU guidance) is a setting "
    "because it was not found in SAMM text.",
    fails="screening:\n  ecl: {score: 82, test_date: 2026-01-05}\n",
    passes="screening:\n  ecl: {score: 82, test_date: 2026-10-01}\n",
    reads=("ito.issue_date",),
)
def ecl_validity(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    ecl = student.screening.ecl if student.screening else None
    if ecl is None or ecl.score is None:
        return
    if ecl.test_date is None:
        yield Problem("the ECL test date is not recorded", ("screening", "ecl"), "add `test_date:`")
        return
    window = ctx.thresholds.whole("ecl_validity_days")
    day = ito_day(student, ctx.as_of)
    if ecl.test_date < days_before(day, window):
        yield Problem(
            f"the ECL test of {ecl.test_date} is more than {window} days before {_when(student, ctx.as_of)}",
            ("screening", "ecl", "test_date"),
            "retest, or correct `ecl_validity_days` in sco.yaml",
        )


@rule(
    "ITO003",
    slug="medical-statement",
    title="Medical statement valid for the ITO",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.7.3 (C10.8)",
    kind="student",
    blocks="ito",
    why="Before the ITO the SCO must hold a signed statement from a competent medical authority: a thorough "
    "examination within the three preceding months, including a chest X-ray and HIV screening, and the "
    "student fit and free of communicable disease.",
    fails="screening:\n  medical: {exam_date: 2026-05-01, chest_xray: true, hiv_screening: true, fit: true}\n",
    passes="screening:\n  medical: {exam_date: 2026-10-01, chest_xray: true, hiv_screening: true, fit: true}\n",
    reads=("ito.issue_date",),
)
def medical_statement(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    medical = student.screening.medical if student.screening else None
    if medical is None or medical.exam_date is None:
        yield Problem(
            "no medical examination is recorded",
            ("screening",),
            "add `screening: medical:` with exam_date, chest_xray, hiv_screening, fit, authority",
        )
        return
    day = ito_day(student, ctx.as_of)
    months = ctx.thresholds.whole("medical_validity_months")
    earliest = add_months(day, -months)
    if medical.exam_date < earliest:
        yield Problem(
            f"the medical examination is more than {months} months before "
            f"{_when(student, ctx.as_of)}; it must be on or after {earliest}",
            ("screening", "medical", "exam_date"),
            "a new examination is needed",
        )
    elif medical.exam_date > day:
        yield Problem(
            f"the medical examination is dated after {_when(student, ctx.as_of)}",
            ("screening", "medical", "exam_date"),
            "the examination must come before the ITO",
        )
    for name, words in (("chest_xray", "a chest X-ray"), ("hiv_screening", "HIV screening")):
        if getattr(medical, name) is not True:
            yield Problem(
                f"the medical statement does not record {words}",
                ("screening", "medical"),
                f"set `{name}: true` once it is in the signed statement",
            )
    if medical.fit is not True:
        yield Problem(
            "the medical statement does not declare the student fit and free of communicable disease",
            ("screening", "medical"),
            "set `fit: true` once the authority has signed it",
        )
    if not medical.authority:
        yield Problem(
            "the medical statement does not name the signing authority", ("screening", "medical"), "add `authority:`"
        )


@rule(
    "ITO004",
    slug="human-rights-vetting",
    title="Human-rights vetting completed before the ITO (U.S.-funded training)",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.7.4; C2.1.6.8; FAA 620M; 10 U.S.C. 362",
    kind="student",
    blocks="ito",
    why='"SCOs must ensure all partner nation students and/or units nominated for U.S.-funded training are properly '
    'vetted for HR violations" (C2.1.6.7.4), and ITOs are not issued until in-country vetting is complete (C2.1.6.8). '
    "Audits found ITOs issued before vetting finished. Who pays comes from `funding: source:` (national, fmf, "
    "imet, other_usg), by default from the program (FMS: national); training the partner pays for is not held "
    "by this rule.",
    fails="screening:\n  human_rights_vetting: {status: pending}\n",
    passes="screening:\n  human_rights_vetting: {status: approved, completed: 2026-10-01, reference: INV-1}\n",
)
def human_rights_vetting(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    source = student.fund_source
    if source == "national":
        return
    paid_by = f"U.S.-funded training ({source})" if source else "training whose payer is not recorded"
    vetting = student.screening.human_rights_vetting if student.screening else None
    if vetting is None or vetting.status is None:
        yield Problem(
            f"human-rights vetting is not recorded, and it is required for {paid_by}",
            ("screening", "human_rights_vetting"),
            "add `human_rights_vetting:` with status, completed and the INVEST reference"
            + ("" if source else "; or record `funding: source: national` if the partner pays"),
        )
        return
    at = ("screening", "human_rights_vetting")
    if vetting.status != "approved":
        yield Problem(
            f"human-rights vetting is '{vetting.status}', not approved ({paid_by})",
            (*at, "status"),
            "no ITO until vetting is approved",
        )
        return
    if vetting.completed is None:
        yield Problem("human-rights vetting has no completion date", (*at, "completed"), "add `completed:`")
    elif vetting.completed > ito_day(student, ctx.as_of):
        yield Problem(
            f"human-rights vetting completed {vetting.completed}, after {_when(student, ctx.as_of)}",
            (*at, "completed"),
            "an ITO issued before vetting was complete must be withdrawn",
        )
    if not vetting.reference:
        yield Problem("human-rights vetting has no reference", (*at, "reference"), "add the INVEST case `reference:`")


@rule(
    "ITO016",
    slug="hr-vetting-lead-time",
    title="Human-rights vetting started early enough",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.7.4; hr_vetting_lead_days (setting)",
    kind="student",
    why='"SCOs must ensure vetting is initiated early enough to ensure completion of the process ahead of the '
    'training start date" (C2.1.6.7.4). SAMM gives no number: sco warns when vetting of U.S.-funded training is '
    "not complete `hr_vetting_lead_days` (60, an unverified setting) or fewer days before the first course.",
    fails="ito:\n  issue_date:\nscreening:\n  human_rights_vetting: {status: pending}\n"
    "courses:\n  - {masl: P179087, start: 2026-12-20, ecl_minimum: 80, prerequisites: none}\n",
    passes="ito:\n  issue_date:\nscreening:\n  human_rights_vetting: {status: pending}\n"
    "courses:\n  - {masl: P179087, start: 2027-06-20, ecl_minimum: 80, prerequisites: none}\n",
)
def hr_vetting_lead_time(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    if student.fund_source == "national":
        return
    vetting = student.screening.human_rights_vetting if student.screening else None
    if vetting is not None and vetting.status == "approved" and vetting.completed is not None:
        return
    starts = [c.start for c in student.courses if c.start]
    if not starts:
        return
    lead = ctx.thresholds.whole("hr_vetting_lead_days")
    first = min(starts)
    if days_between(ctx.as_of, first) <= lead:
        yield Problem(
            f"human-rights vetting is not complete and the first course starts {first}, "
            f"{days_between(ctx.as_of, first)} days from today (setting: {lead})",
            ("screening", "human_rights_vetting"),
            "press for completion, or start vetting an alternate candidate (C2.1.6.7.4)",
        )


@rule(
    "ITO005",
    slug="other-screening",
    title="RSO, DEA and consular screening dated, checklist filed",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.7.5; C10.11.1",
    kind="student",
    blocks="ito",
    why="The RSO, DEA, consular section and others screen each nominee; the results go in the SCO screening "
    "checklist, filed with the nominee's documents and kept 10 years.",
    fails="screening:\n  other_screening:\n    consular:\n",
    passes="screening:\n  other_screening: {rso: 2026-09-01, dea: 2026-09-02, consular: 2026-09-03}\n"
    "  checklist_filed: true\n",
)
def other_screening(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    screening = student.screening
    other = screening.other_screening if screening else None
    day = ito_day(student, ctx.as_of)
    for name, words in (("rso", "Regional Security Officer"), ("dea", "DEA"), ("consular", "consular section")):
        done = getattr(other, name) if other else None
        if done is None:
            yield Problem(
                f"{words} screening is not dated",
                ("screening", "other_screening"),
                f"add `{name}:` with the date it was done",
            )
        elif done > day:
            yield Problem(
                f"{words} screening dated {done}, after {_when(student, ctx.as_of)}",
                ("screening", "other_screening", name),
                "screening must be complete before the ITO",
            )
    if not (screening and screening.checklist_filed):
        yield Problem(
            "the SCO screening checklist is not filed",
            ("screening",),
            "file it with the nominee's documents and set `checklist_filed: true`",
        )


@rule(
    "ITO006",
    slug="tms-or-waiver",
    title="ITO through SC-TMS, or a CCMD waiver for a manual one",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.8; C10.11.1",
    kind="student",
    blocks="ito",
    why="The only authorized ITO is the one SC-TMS generates; a manual DD Form 2285 is allowed only with a "
    "CCMD policy waiver when the SCO cannot reach TMS.",
    fails="ito:\n  tms_available: false\n",
    passes="ito:\n  tms_available: false\n  ccmd_waiver: {reference: EUCOM-W-26-7, date: 2026-10-15}\n",
)
def tms_or_waiver(ctx: Context[Student]) -> Iterator[Problem]:
    ito = ctx.model.ito
    if ito is None or ito.tms_available:
        return
    waiver = ito.ccmd_waiver
    if waiver is None or not waiver.reference or waiver.date is None:
        yield Problem(
            "TMS is unavailable and no CCMD waiver (reference and date) is recorded",
            ("ito",),
            "obtain the CCMD policy waiver and record `ccmd_waiver:` with reference and date",
        )


@rule(
    "ITO014",
    slug="funding-recorded",
    title="Funding recorded for the ITO",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.8; DD Form 2285 item 5",
    kind="student",
    blocks="ito",
    why="The ITO carries its fund source: the IMET fiscal year or the FMS case identifier.",
    fails="program: imet\nfunding:\n",
    passes="program: imet\nfunding: {imet_fiscal_year: 2027}\n",
    reads=("program",),
)
def funding_recorded(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    funding = student.funding
    if student.program is None:
        yield Problem("the training program is not recorded", (), "add `program:` imet, fms, ctfp or other")
    elif student.program == "imet" and not (funding and funding.imet_fiscal_year):
        yield Problem("an IMET student needs the IMET fiscal year", ("program",), "add `funding: imet_fiscal_year:`")
    elif student.program == "fms" and not (funding and funding.fms_case):
        yield Problem("an FMS student needs the FMS case identifier", ("program",), "add `funding: fms_case:`")
    elif student.program in ("ctfp", "other") and not (funding and (funding.other or funding.fms_case)):
        yield Problem(
            f"a {student.program.upper()} student needs the fund source", ("program",), "add `funding: other:`"
        )


@rule(
    "ITO012",
    slug="passport-recorded",
    title="Passport number and expiry recorded",
    severity=Severity.ERROR,
    reference="SAMM C10.11.1; Figure C10.F6 (ITO item 3)",
    kind="student",
    blocks="ito",
    why="The ITO carries the student's passport number (Figure C10.F6), and the ITO name must match the passport "
    "(C10.11.1): the passport must be on file before the ITO.",
    fails="passport:\n  number:\n",
    passes="passport: {number: X1234567, expires: 2031-01-31}\n",
)
def passport_recorded(ctx: Context[Student]) -> Iterator[Problem]:
    passport = ctx.model.passport
    if passport is None:
        yield Problem("the passport is not recorded", ("passport",), "add `passport:` with number and expires")
        return
    if not passport.number:
        yield Problem("the passport number is not recorded", ("passport", "number"), "add `number:`")
    if passport.expires is None:
        yield Problem("the passport expiry is not recorded", ("passport", "expires"), "add `expires:`")


@rule(
    "ITO017",
    slug="passport-validity",
    title="Passport valid through the last course",
    severity=Severity.WARNING,
    reference="IMS checklist (JSCET chapter 10) [NF in SAMM]",
    kind="student",
    why="The student travels and trains on the passport, so it should be valid for the whole training period. "
    "No SAMM text stating it was found (C10.11 was not readable offline), hence a warning that does not stop "
    "the ITO.",
    fails="passport: {number: X1234567, expires: 2027-01-31}\n",
    passes="passport: {number: X1234567, expires: 2031-01-31}\n",
)
def passport_validity(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    passport = student.passport
    if passport is None or not passport.number or passport.expires is None:
        return
    ends = [c.end for c in student.courses if c.end]
    if ends and passport.expires < max(ends):
        yield Problem(
            f"passport {mask(passport.number)} expires before the last course ends ({max(ends)})",
            ("passport", "expires"),
            "renew the passport before the student leaves",
        )


@rule(
    "ITO007",
    slug="pre-departure-briefing",
    title="Pre-departure briefing before departure",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9",
    kind="student",
    why="Every selected student receives a comprehensive pre-departure briefing covering the JSCET chapter 10 "
    "topics before leaving for the United States.",
    fails="travel: {departure: 2026-12-01}\npre_departure_briefing: 2026-12-03\n",
    passes="travel: {departure: 2026-12-01}\npre_departure_briefing: 2026-11-20\n",
    reads=("pre_departure_briefing",),
)
def pre_departure_briefing(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    travel = student.travel
    leaves = travel.departure or travel.arrival if travel else None
    briefing = student.pre_departure_briefing
    if briefing is None:
        if leaves is not None and leaves <= ctx.as_of:
            yield Problem(
                f"the student left on {leaves} with no pre-departure briefing recorded",
                (),
                "record `pre_departure_briefing:` with its date",
            )
        return
    if leaves is not None and briefing > leaves:
        yield Problem(
            f"the pre-departure briefing ({briefing}) is after departure ({leaves})",
            ("pre_departure_briefing",),
            "brief the student before departure",
        )


@rule(
    "ITO008",
    slug="arrival-notice-due",
    title="Arrival notice: due date ahead",
    severity=Severity.INFO,
    reference="SAMM C2.1.6.9.1",
    kind="student",
    why="The IMSO receives the arrival information through TMS/SAN at least 16 days before an unaccompanied "
    "student arrives, 30 days when accompanied; this says when, while there is still time.",
    fails="arrival_notice_sent:\ntravel: {arrival: 2027-01-10}\n",
    passes="travel: {arrival: 2027-01-10}\narrival_notice_sent: 2026-12-01\n",
    reads=("arrival_notice_sent",),
)
def arrival_notice_ahead(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    due = arrival_notice_due(student, ctx.thresholds)
    if due is not None and student.arrival_notice_sent is None and ctx.as_of <= due:
        days = notice_days(student, ctx.thresholds)
        arrival = student.travel.arrival if student.travel else None
        yield Problem(
            f"send the arrival notice to the IMSO by {due} ({days} days before arrival on {arrival})",
            ("travel", "arrival"),
            "include ETA, mode of travel, flight, number of dependents and children's ages",
        )


@rule(
    "ITO009",
    slug="arrival-notice-late",
    title="Arrival notice sent late",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9.1",
    kind="student",
    why="A notice sent later than 16 days (30 accompanied) before arrival leaves the IMSO too little time.",
    fails="travel: {arrival: 2027-01-10}\narrival_notice_sent: 2027-01-01\n",
    passes="travel: {arrival: 2027-01-10}\narrival_notice_sent: 2026-12-20\n",
)
def arrival_notice_late(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    due = arrival_notice_due(student, ctx.thresholds)
    sent = student.arrival_notice_sent
    if due is not None and sent is not None and sent > due:
        yield Problem(
            f"the arrival notice was sent {sent}, after it was due ({due})",
            ("arrival_notice_sent",),
            "send notices earlier; tell the IMSO directly about this arrival",
        )


@rule(
    "ITO010",
    slug="arrival-notice-overdue",
    title="Arrival notice overdue and not sent",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.9.1",
    kind="student",
    why="Once the due date has passed without a notice, the IMSO cannot prepare for the student's arrival. "
    'C2.1.6.9.1 says the information "is provided ... at least 16 days prior": a timeline, not a "must" '
    "and not the ITO gate, so this is a warning.",
    fails="arrival_notice_sent:\ntravel: {arrival: 2026-12-01}\n",
    passes="travel: {arrival: 2026-12-01}\narrival_notice_sent: 2026-11-10\n",
    reads=("arrival_notice_sent",),
)
def arrival_notice_overdue(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    due = arrival_notice_due(student, ctx.thresholds)
    if due is not None and student.arrival_notice_sent is None and ctx.as_of > due:
        yield Problem(
            f"the arrival notice was due {due} and is not recorded as sent",
            ("travel", "arrival"),
            "send it through TMS/SAN now and record `arrival_notice_sent:`",
        )


@rule(
    "ITO013",
    slug="accompanied-dependents",
    title="Dependents agree with accompanied",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.9.1; DSCA 18-31 (ITO section 12)",
    kind="student",
    blocks="ito",
    why="Screening rules apply to every dependent listed in section 12 of the ITO, and the arrival notice gives the "
    "number of dependents: an accompanied student must list them, and an unaccompanied one must list none (the "
    "ITO would otherwise print dependents while saying none are authorized).",
    fails="travel: {accompanied: true}\n",
    passes="travel:\n  accompanied: true\n  dependents:\n    - {name: A. Tamm, relationship: spouse}\n",
    reads=("travel.dependents",),
)
def accompanied_dependents(ctx: Context[Student]) -> Iterator[Problem]:
    travel = ctx.model.travel
    if travel is None:
        return
    if travel.accompanied and not travel.dependents:
        yield Problem(
            "the student is accompanied but no dependents are listed",
            ("travel", "accompanied"),
            "list each dependent with name, relationship and date of birth",
        )
    elif not travel.accompanied and travel.dependents:
        yield Problem(
            f"the student is unaccompanied (`accompanied: false`) but {_count(len(travel.dependents), 'dependent')} "
            f"{'is' if len(travel.dependents) == 1 else 'are'} listed",
            ("travel", "accompanied"),
            "set `accompanied: true`, or remove the dependents",
        )


@rule(
    "ITO018",
    slug="course-and-travel-dates",
    title="Course and arrival dates agree",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.8; C2.1.6.9.1",
    kind="student",
    blocks="ito",
    why="The SCO prepares each student's ITO (C2.1.6.8) and gives the IMSO the arrival date (C2.1.6.9.1): a course "
    "that ends before it starts, or a student who arrives at the training site after the course has started, "
    "is a wrong date on the ITO and the arrival notice. SAMM states no rule on it, so this is a warning, but it "
    "holds the ITO until the dates are corrected.",
    fails="courses:\n  - {masl: P179087, start: 2027-01-19, end: 2026-06-11}\n",
    passes="courses:\n  - {masl: P179087, start: 2027-01-19, end: 2027-06-11}\n",
)
def course_and_travel_dates(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    for index, course in indexed(student.courses):
        if course.start and course.end and course.end < course.start:
            yield Problem(
                f"course {course.masl or index + 1} ends {course.end}, before it starts ({course.start})",
                ("courses", index, "end"),
                "correct the course dates from the MASL and the training line",
            )
    arrival = student.travel.arrival if student.travel else None
    starts = [course.start for course in student.courses if course.start]
    if arrival and starts and arrival > min(starts):
        yield Problem(
            f"the student arrives {arrival}, after the first course starts ({min(starts)})",
            ("travel", "arrival"),
            "correct the arrival date, or the course dates, before the ITO is issued",
        )


@rule(
    "ITO019",
    slug="ito-document-items",
    title="Every item the ITO document prints is recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.6.8; Figure C10.F6; DD Form 2285",
    kind="student",
    why="The SCO prepares each student's ITO (C2.1.6.8): the SC-TMS ITO (Figure C10.F6) carries the issuing SCO, "
    "the program, the student's sex, ranks, service, service number, birth, passport and citizenship, the "
    "installation and report date, the courses; DD Form 2285 items 9 to 14 add the fund citations, English, "
    "screening, dependents and health care (C10.9). `sco ito generate` refuses while one is empty, so the check "
    "names each one first. A manual ITO (`ito: tms_available: false`) also needs the country code, ITO number, "
    "issue date, departure, route and issuing official. The items come from the forms, not from a SAMM "
    "'must' on each one: a warning, apart from the gate (`ito_ready`), which this does not hold shut.",
    fails="us_equivalent_rank:\n",
    passes="us_equivalent_rank: O-3\n",
)
def ito_document_items(ctx: Context[Student]) -> Iterator[Problem]:
    student = ctx.model
    sheet = checked_gaps(student, ctx.office, manual=False)
    yield from gap_problems("ITO data sheet", sheet, "sco ito generate")
    if student.ito is not None and not student.ito.tms_available:
        listed = {gap.item for gap in sheet}
        manual = [gap for gap in checked_gaps(student, ctx.office, manual=True) if gap.item not in listed]
        yield from gap_problems("manual ITO", manual, "sco ito generate --manual")


@cross_file_rule(
    "ITO015",
    slug="one-student-per-ito",
    title="One student per ITO number",
    severity=Severity.ERROR,
    reference="SAMM C2.1.6.8; C10.11.1",
    kind="student",
    blocks="ito",
    why="Multiple students may not be entered on a single ITO: every student has an ITO of their own, so an ITO "
    "number recorded in two student files is a mistake in one of them.",
    fails="(two student files with `ito: number: XS-P-IMT-2027-0101`)",
    passes="(each student file with its own ITO number)",
)
def one_student_per_ito(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    by_number: dict[str, list[FileResult]] = {}
    for result in results:
        if result.kind == "student" and result.facts and result.facts.get("ito_number"):
            by_number.setdefault(result.facts["ito_number"], []).append(result)
    for number, holders in by_number.items():
        if len(holders) < 2:
            continue
        for result in holders:
            others = some_of((other.path for other in holders if other is not result), len(holders) - 1)
            line, column = result.anchors.get("ito", (1, 1))
            yield BatchProblem(
                result,
                f"ITO {number} is also recorded for {others}",
                line,
                column,
                "ito",
                "give each student their own ITO",
            )
