"""From a checked student file to the context of the ITO documents (DD Form 2285 items)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pydantic import BaseModel

from sco_cli.core.findings import Finding
from sco_cli.core.office import Office
from sco_cli.training.model import Student

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


def _plain(model: BaseModel | None) -> dict[str, Any]:
    return model.model_dump() if model is not None else {}


def ito_context(
    student: Student, office: Office | None, facts: dict[str, Any], blocker_lines: list[str]
) -> dict[str, Any]:
    screening = student.screening
    courses = [course.model_dump() for course in student.courses]
    minimums = [c.ecl_minimum for c in student.courses if c.ecl_minimum is not None]
    chief = office.chief if office and office.chief else None
    empty_ecl = {"score": None, "test_date": None}
    return {
        "office": {
            "country": office.country if office else None,
            "organization": office.organization if office else None,
            "address": office.address if office else None,
            "chief_name": chief.name if chief else None,
            "chief_title": chief.title if chief else None,
        },
        "student": {
            "surname_upper": student.name.surname.upper(),
            "given": student.name.given,
            "rank": student.rank,
            "service": student.service,
            "sex": student.sex,
            "date_of_birth": student.date_of_birth,
            "place_of_birth": student.place_of_birth,
            "passport_number": student.passport.number if student.passport else None,
            "passport_expires": student.passport.expires if student.passport else None,
            "program_label": PROGRAMS.get(student.program or "", student.program),
            "funding": _plain(student.funding) or {"imet_fiscal_year": None, "fms_case": None, "other": None},
        },
        "ito": _plain(student.ito) or {"number": None, "issue_date": None},
        "waiver": _plain(student.ito.ccmd_waiver)
        if student.ito and student.ito.ccmd_waiver
        else {"reference": None, "date": None},
        "travel": _plain(student.travel) or {"departure": None, "arrival": None, "accompanied": False},
        "dependents": [d.model_dump() for d in student.travel.dependents] if student.travel else [],
        "courses": courses,
        "first_course": courses[0] if courses else {"location": None, "start": None},
        "ecl": _plain(screening.ecl) if screening and screening.ecl else empty_ecl,
        "ecl_minimum": max(minimums) if minimums else None,
        "vetting": _plain(screening.human_rights_vetting)
        if screening and screening.human_rights_vetting
        else {"status": None, "completed": None, "reference": None},
        "other_screening": _plain(screening.other_screening)
        if screening and screening.other_screening
        else {"rso": None, "dea": None, "consular": None},
        "checklist_filed": bool(screening and screening.checklist_filed),
        "keep_until": facts.get("screening_keep_until"),
        "medical": _plain(screening.medical)
        if screening and screening.medical
        else {"exam_date": None, "authority": None, "chest_xray": None, "hiv_screening": None, "fit": None},
        "hazardous_duty": student.hazardous_duty,
        "blockers": blocker_lines,
    }
