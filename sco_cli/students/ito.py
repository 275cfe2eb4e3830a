"""From a checked student file to the context of the ITO documents (DD Form 2285 items)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from sco_cli.core.findings import Finding
from sco_cli.core.office import Office
from sco_cli.core.render import Document, DocumentMeta, signature
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
            "the issuing official (`ito: issuing_official`)",
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
    }


def ito_document(
    result: FileResult, student: Student, blocker_lines: list[str], manual: bool, day: date, draft: bool
) -> Document:
    """One student's ITO document (used by `sco ito generate` and by `sco templates`)."""
    title = "Invitational Travel Order" if manual else "ITO data sheet for entry into SC-TMS"
    meta = DocumentMeta.of_file(result, title, day, blocker_lines, allow_draft=draft)
    template = "ito-manual.md.j2" if manual else "ito-data-sheet.md.j2"
    return Document(template, ito_context(student, result.office, result.facts, blocker_lines), meta, result.office)
