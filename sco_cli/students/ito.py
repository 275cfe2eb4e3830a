"""From a checked student file to the context of the ITO documents (DD Form 2285 items)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from sco_cli.core.document import Document, DocumentMeta, signature
from sco_cli.core.findings import Finding
from sco_cli.core.items import indexed
from sco_cli.core.needs import Gap, designation_gaps, gap_texts
from sco_cli.core.office import Office
from sco_cli.core.results import FileResult
from sco_cli.students.model import Student

PROGRAMS = {"imet": "IMET", "fms": "FMS", "ctfp": "CTFP", "other": "Other"}


def manual_refusal(student: Student, blockers: list[Finding]) -> str | None:
    """Why a manual DD Form 2285 is not allowed for this student (even as a draft), or None."""
    if student.ito is None or student.ito.tms_available:
        return "a manual ITO is allowed only when SC-TMS is unavailable (set `ito: tms_available: false`)"
    no_waiver = next((f for f in blockers if f.code == "ITO006"), None)
    return no_waiver.message if no_waiver else None


MAX_STEM = 100
"""Characters kept of an ITO number or name in a file name: file systems stop at 255 bytes, and a
folder of ITOs should stay readable. Longer stems end in a hash of the whole, so they stay distinct."""


def output_name(student: Student, taken: set[str]) -> str:
    """A file name (without suffix) for this student's ITO, unique in `taken` even on a file
    system that ignores case."""
    number = student.ito.number if student.ito and student.ito.number else None
    stem = f"ITO-{number}" if number else f"ITO-{student.name.surname}-{student.name.given}"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "ITO"
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(stem.encode()).hexdigest()[:10]
        stem = f"{stem[: MAX_STEM - 11].rstrip('-.')}-{digest}"
    name, counter = stem, 2
    while name.casefold() in taken:
        name, counter = f"{stem}-{counter}", counter + 1
    taken.add(name.casefold())
    return name


MILITARY_DEPARTMENTS = {"B": "Army", "D": "Air Force", "P": "Navy"}
"""The implementing agency letter after the country code in an ITO number (SAN data dictionary, in
official-systems.md): the Military Department whose Secretary invites the student (DD Form 2285 item 7)."""

COVERAGE = {
    "indemnification": "the partner government's indemnification",
    "training_line": "a medical line on the training case",
    "grant_program": "the grant program",
    "reciprocal_agreement": "a reciprocal health-care agreement (or the NATO/PfP SOFA)",
    "commercial": "commercial insurance",
}
"""Health-care coverage sources an IMS may rely on (SAMM C10.9, as listed in samm-facts-addendum.md 6)."""


ITEMS: dict[str, str] = {
    "country_code": "CC: the country code (sco.yaml `country_code`)",
    "number": "1: the ITO number (`ito: number`)",
    "issue_date": "3: the issue date (`ito: issue_date`)",
    "organization": "4.a: the office's organization (sco.yaml `organization`)",
    "address": "4.b: the office's mailing address (sco.yaml `address`)",
    "program": "5: the program (`program`)",
    "fund": "5: the IMET fiscal year, FMS case or other fund source (`funding`)",
    "sex": "6.b: sex (`sex`)",
    "rank": "6.c: country service rank (`rank`)",
    "us_equivalent_rank": "6.d: U.S. equivalent rank (`us_equivalent_rank`)",
    "service": "6.e: country service (`service`)",
    "service_number": "6.f: country service number (`service_number`)",
    "date_of_birth": "6.g: date of birth (`date_of_birth`)",
    "place_of_birth": "6.h: place of birth (`place_of_birth`)",
    "passport_number": "passport number (`passport: number`)",
    "citizenship": "country of citizenship (`citizenship`)",
    "installation": "7: the training installation (the first course's `location`)",
    "report_date": "7: the report date (the first course's `start`)",
    "departure": "7: the departure date (`travel: departure`)",
    "route": "7: the home-country debarkation point and route (`travel: route`)",
    "courses": "8: the courses (`courses`)",
    "course_masl": "8: a course's MASL (`courses: masl`)",
    "course_title": "8: a course's title (`courses: title`)",
    "course_location": "8: a course's location (`courses: location`)",
    "course_start": "8: a course's start (`courses: start`)",
    "course_end": "8: a course's end (`courses: end`)",
    "citations": "9: the fund citations of U.S.-funded training (`funding: citations`)",
    "citation_line": "9: a citation's line of accounting (`citations: line_of_accounting`)",
    "citation_amount": "9: a citation's amount (`citations: amount_usd`)",
    "ecl_score": "10: the ECL score (`screening: ecl: score`)",
    "ecl_date": "10: the ECL test date (`screening: ecl: test_date`)",
    "coverage": "13: health-care coverage (`health_coverage: source`, SAMM C10.9)",
    "coverage_approved": "13: the day the SCO accepted the proof of coverage, needed before dependents go on the "
    "ITO (`health_coverage: approved`)",
    "issuing_official": "the issuing official (`ito: issuing_official`)",
}
"""Every item an ITO document needs, as the document, its refusal and the check name it. `ito_gaps` says
which are empty; the templates print `gap(items.NAME)` where an empty one would be."""

_OFFICE_ITEMS = {"organization": "organization", "address": "address", "country_code": "country_code"}


def ito_gaps(student: Student, office: Office | None, manual: bool) -> list[Gap]:
    """What the ITO data sheet (or, `manual`, the DD Form 2285-style ITO) needs and the student's file
    or sco.yaml lacks: the one list `sco ito generate` refuses on and `sco student check` reports (ITO019).
    The passport number and the fund source are reported by their own gate rules (ITO012, ITO014)."""
    gaps: list[Gap] = []

    def need(value: object, key: str, *at: str | int, shown_by: str = "") -> None:
        if value is None or value == "" or value == []:
            gaps.append(Gap(ITEMS[key], tuple(at), shown_by=shown_by))

    def office_need(key: str) -> None:
        if not (getattr(office, key, None) if office is not None else None):
            gaps.append(Gap(ITEMS[key], office_key=_OFFICE_ITEMS[key]))

    ito = student.ito
    funding = student.funding
    first = student.courses[0] if student.courses else None
    travel = student.travel
    if manual:
        office_need("country_code")
        need(ito.number if ito else None, "number", "ito", "number")
        need(ito.issue_date if ito else None, "issue_date", "ito", "issue_date")
    office_need("organization")
    office_need("address")
    if not manual:
        need(student.program, "program", "program", shown_by="ITO014")
    if not (funding and (funding.imet_fiscal_year or funding.fms_case or funding.other)):
        gaps.append(Gap(ITEMS["fund"], ("funding",), shown_by="ITO014"))
    need(student.sex, "sex", "sex")
    need(student.rank, "rank", "rank")
    need(student.us_equivalent_rank, "us_equivalent_rank", "us_equivalent_rank")
    need(student.service, "service", "service")
    need(student.service_number, "service_number", "service_number")
    need(student.date_of_birth, "date_of_birth", "date_of_birth")
    need(student.place_of_birth, "place_of_birth", "place_of_birth")
    need(
        student.passport.number if student.passport else None,
        "passport_number",
        "passport",
        "number",
        shown_by="ITO012",
    )
    need(student.citizenship, "citizenship", "citizenship")
    if manual:
        need(travel.departure if travel else None, "departure", "travel", "departure")
        need(travel.route if travel else None, "route", "travel", "route")
    if first is not None:
        need(first.location, "installation", "courses", 0, "location")
        if not manual:
            need(first.start, "report_date", "courses", 0, "start")
    else:
        gaps.append(Gap(ITEMS["installation"], ("courses",)))
        if not manual:
            gaps.append(Gap(ITEMS["report_date"], ("courses",)))
    need(student.courses, "courses", "courses")
    for index, course in indexed(student.courses):
        for key in ("masl", "title", "location", "start", "end"):
            need(getattr(course, key), f"course_{key}", "courses", index, key)
    gaps += _funds_and_care(student, manual)
    if manual:
        need(ito.issuing_official if ito else None, "issuing_official", "ito", "issuing_official")
    return gaps


def _funds_and_care(student: Student, manual: bool) -> list[Gap]:
    """DD Form 2285 items 9 (fund citations), 10 (English) and 13 (health care)."""
    gaps: list[Gap] = []
    citations = student.funding.citations if student.funding else []
    for index, citation in indexed(citations):
        if not citation.line_of_accounting:
            gaps.append(Gap(ITEMS["citation_line"], ("funding", "citations", index, "line_of_accounting")))
        if citation.amount_usd is None:
            gaps.append(Gap(ITEMS["citation_amount"], ("funding", "citations", index, "amount_usd")))
    if manual and not citations and student.fund_source and student.fund_source != "national":
        gaps.append(Gap(ITEMS["citations"], ("funding", "citations")))
    ecl = student.screening.ecl if student.screening else None
    if ecl is None or ecl.score is None:
        minimum = any(course.ecl_minimum for course in student.courses)  # then ITO002 says it
        gaps.append(Gap(ITEMS["ecl_score"], ("screening", "ecl", "score"), shown_by="ITO002" if minimum else ""))
    if ecl is None or ecl.test_date is None:
        scored = ecl is not None and ecl.score is not None  # then ITO011 says it
        gaps.append(Gap(ITEMS["ecl_date"], ("screening", "ecl", "test_date"), shown_by="ITO011" if scored else ""))
    coverage = student.health_coverage
    dependents = student.travel.dependents if student.travel else []
    if coverage is None or not coverage.source:
        gaps.append(Gap(ITEMS["coverage"], ("health_coverage", "source")))
    elif dependents and coverage.approved is None:
        gaps.append(Gap(ITEMS["coverage_approved"], ("health_coverage", "approved")))
    return gaps


DATA_SHEET, MANUAL = "ito-data-sheet.md.j2", "ito-manual.md.j2"


def checked_gaps(student: Student, office: Office | None, manual: bool) -> list[Gap]:
    """`ito_gaps` and the CUI designation lines sco.yaml lacks for the document: what the check reports
    (the renderer finds the designation's gaps itself, after the command line's `--cui-category` and
    `--dissemination`)."""
    return ito_gaps(student, office, manual) + designation_gaps(office, MANUAL if manual else DATA_SHEET)


def document_gaps(student: Student, office: Office | None) -> list[Gap]:
    """The gaps of every ITO document the file asks for: the data sheet, and the manual ITO too when
    SC-TMS is recorded as unavailable (`ito: tms_available: false`). Each item once."""
    gaps = checked_gaps(student, office, manual=False)
    if student.ito is not None and not student.ito.tms_available:
        gaps += checked_gaps(student, office, manual=True)
    unique: dict[str, Gap] = {}
    for gap in gaps:
        unique.setdefault(gap.item, gap)
    return list(unique.values())


def _plain(model: BaseModel | None) -> dict[str, Any]:
    return model.model_dump() if model is not None else {}


def military_department(student: Student) -> str | None:
    number = student.ito.number if student.ito else None
    parts = (number or "").split("-")
    return MILITARY_DEPARTMENTS.get(parts[1].upper()) if len(parts) > 2 else None


def ito_context(
    student: Student, office: Office | None, facts: dict[str, Any], blocker_lines: list[str]
) -> dict[str, Any]:
    """What the ITO templates receive: the student's DD Form 2285 / SC-TMS items, screened values only
    (no medical results)."""
    screening = student.screening
    courses = [course.model_dump(exclude={"prerequisites", "ecl_minimum"}) for course in student.courses]
    minimums = [c.ecl_minimum for c in student.courses if c.ecl_minimum is not None]
    chief = office.chief if office and office.chief else None
    name = student.name
    funding = student.funding
    ecl = screening.ecl if screening else None
    coverage = student.health_coverage
    travel = student.travel
    department = military_department(student) or "Military Department concerned"
    return {
        "office": {
            "country": office.country if office else None,
            "country_code": office.country_code if office else None,
            "organization": office.organization if office else None,
            "address": office.address if office else None,
            "email": chief.email if chief else None,
            "chief_name": chief.name if chief else None,
            "chief_title": chief.title if chief else None,
        },
        "student": {
            "surname_upper": name.surname.upper(),
            "given": name.given,
            "middle": name.middle,
            "full_name": f"{name.surname.upper()}, {name.given}" + (f" {name.middle}" if name.middle else ""),
            "rank": student.rank,
            "us_equivalent_rank": student.us_equivalent_rank,
            "service": student.service,
            "service_number": student.service_number,
            "sex": student.sex,
            "citizenship": student.citizenship,
            "date_of_birth": student.date_of_birth,
            "place_of_birth": student.place_of_birth,
            "passport_number": student.passport.number if student.passport else None,
            "passport_expires": student.passport.expires if student.passport else None,
            "visa": student.visa,
            "program": student.program,
            "program_label": PROGRAMS.get(student.program or "", student.program),
            "fund_source": student.fund_source,
            "funding": {
                "imet_fiscal_year": funding.imet_fiscal_year if funding else None,
                "fms_case": funding.fms_case if funding else None,
                "other": funding.other if funding else None,
                "citations": [c.model_dump() for c in funding.citations] if funding else [],
            },
            "health_coverage": {
                "source": coverage.source if coverage else None,
                "source_label": COVERAGE.get(coverage.source or "") if coverage else None,
                "reference": coverage.reference if coverage else None,
                "approved": coverage.approved if coverage else None,
            },
        },
        "ito": {
            "number": student.ito.number if student.ito else None,
            "issue_date": student.ito.issue_date if student.ito else None,
            "issuing_official": student.ito.issuing_official if student.ito else None,
        },
        "military_department": military_department(student),
        "signature": signature(
            student.ito.issuing_official if student.ito else None,
            None,
            office.organization if office else None,
            student.ito.issue_date if student.ito else None,
            ITEMS["issuing_official"],
            above=f"FOR THE SECRETARY OF THE {department}:".upper(),
        ),
        "waiver": _plain(student.ito.ccmd_waiver)
        if student.ito and student.ito.ccmd_waiver
        else {"reference": None, "date": None},
        "travel": {
            "departure": travel.departure if travel else None,
            "arrival": travel.arrival if travel else None,
            "accompanied": bool(travel and travel.accompanied),
            "mode": travel.mode if travel else None,
            "flight": travel.flight if travel else None,
            "route": travel.route if travel else None,
        },
        "dependents": [d.model_dump() for d in travel.dependents] if travel else [],
        "courses": courses,
        "first_course": courses[0] if courses else {"location": None, "start": None},
        "ecl": {
            "score": ecl.score if ecl else None,
            "test_date": ecl.test_date if ecl else None,
            "waiver": _plain(ecl.waiver)
            if ecl and ecl.waiver
            else {"approved_by": None, "date": None, "reference": None},
        },
        "ecl_minimum": max(minimums) if minimums else None,
        "vetting": _plain(screening.human_rights_vetting)
        if screening and screening.human_rights_vetting
        else {"status": None, "completed": None, "reference": None},
        "other_screening": _plain(screening.other_screening)
        if screening and screening.other_screening
        else {"rso": None, "dea": None, "consular": None},
        "checklist_filed": bool(screening and screening.checklist_filed),
        "medical_recorded": bool(screening and screening.medical and screening.medical.exam_date),
        "keep_until": facts.get("screening_keep_until"),
        "hazardous_duty": student.hazardous_duty,
        "blockers": blocker_lines,
        "items": ITEMS,
    }


def ito_document(
    result: FileResult, student: Student, blocker_lines: list[str], manual: bool, day: date, draft: bool
) -> Document:
    """One student's ITO document (used by `sco ito generate` and by `sco templates`)."""
    title = "Invitational Travel Order" if manual else "ITO data sheet for entry into SC-TMS"
    gaps = [*blocker_lines, *gap_texts(ito_gaps(student, result.office, manual))]
    meta = DocumentMeta.of_file(result, title, day, gaps, allow_draft=draft)
    template = MANUAL if manual else DATA_SHEET
    return Document(template, ito_context(student, result.office, result.facts, blocker_lines), meta, result.office)
