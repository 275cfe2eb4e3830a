"""An international military student as the SCO training manager screens them
(SAMM C2.1.6.7 to C2.1.6.9; DD Form 2285 items). Screening fields are optional in the
model so that a missing one is a rule finding citing the paragraph that requires it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core.types import AnyCase, Day, Flag, Model, Text


class Name(Model):
    surname: Text
    given: Text


class Passport(Model):
    number: Text | None = None
    expires: Day | None = None


class Funding(Model):
    imet_fiscal_year: int | None = None
    fms_case: Text | None = None
    other: Text | None = None


class Prerequisite(Model):
    requirement: Text
    met: Flag = False
    evidence: Text | None = None


def _none_means_empty(value: object) -> object:
    """`prerequisites: none` records that the course has none, unlike leaving the key out."""
    if isinstance(value, str) and value.strip().lower() in ("none", "n/a"):
        return []
    return value


class Course(Model):
    masl: Text | None = None
    title: Text | None = None
    location: Text | None = None
    start: Day | None = None
    end: Day | None = None
    ecl_minimum: int | None = Field(default=None, ge=0, le=100)
    prerequisites: Annotated[list[Prerequisite] | None, BeforeValidator(_none_means_empty)] = None


class Medical(Model):
    exam_date: Day | None = None
    chest_xray: Flag | None = None
    hiv_screening: Flag | None = None
    fit: Flag | None = None
    authority: Text | None = None


class Ecl(Model):
    score: int | None = Field(default=None, ge=0, le=100)
    test_date: Day | None = None


class HumanRightsVetting(Model):
    status: Literal["not_started", "submitted", "pending", "approved", "denied", "suspended"] | None = None
    completed: Day | None = None
    reference: Text | None = None


class OtherScreening(Model):
    rso: Day | None = None
    dea: Day | None = None
    consular: Day | None = None


class Screening(Model):
    medical: Medical | None = None
    ecl: Ecl | None = None
    human_rights_vetting: HumanRightsVetting | None = None
    other_screening: OtherScreening | None = None
    checklist_filed: Flag = False


class Dependent(Model):
    name: Text
    relationship: Text | None = None
    date_of_birth: Day | None = None


class Travel(Model):
    departure: Day | None = None
    arrival: Day | None = None
    accompanied: Flag = False
    dependents: list[Dependent] = []
    mode: Text | None = None
    flight: Text | None = None


class Waiver(Model):
    reference: Text | None = None
    date: Day | None = None


class Ito(Model):
    number: Text | None = None
    issue_date: Day | None = None
    tms_available: Flag = True
    ccmd_waiver: Waiver | None = None


class Student(Model):
    kind: Literal["student"]
    name: Name
    rank: Text | None = None
    service: Text | None = None
    sex: Text | None = None
    date_of_birth: Day | None = None
    place_of_birth: Text | None = None
    passport: Passport | None = None
    program: Literal["imet", "fms", "ctfp", "other"] | None = None
    funding: Funding | None = None
    courses: list[Course] = []
    screening: Screening | None = None
    travel: Travel | None = None
    ito: Ito | None = None
    pre_departure_briefing: Day | None = None
    arrival_notice_sent: Day | None = None
    hazardous_duty: Text | None = None
    post_training_interview: Day | None = Field(
        default=None, description="Date of the post-training interview (C2.1.6.9.2)."
    )
    academic_report_delivered: Day | None = Field(
        default=None, description="Date the academic report was given to the country and the student (C2.1.6.9.3)."
    )
    prominence: Prominence | None = Field(default=None, description="A position of prominence held (C2.1.6.9.4.1).")


class Prominence(Model):
    """A graduate in a position of prominence: the record fields of the PPR (2012 ESAMM C10.21.1)."""

    category: Annotated[Literal["military", "civilian"], AnyCase] | None = Field(
        default=None, description="military or civilian position."
    )
    current_position: Text | None = Field(default=None, description="The position now held.")
    how_obtained: Text | None = Field(default=None, description="How it was obtained: election, appointment...")
    date: Day | None = Field(default=None, description="When the position was obtained.")
    grade: Text | None = Field(default=None, description="The current grade or rank.")
    us_equivalent_grade: Text | None = Field(default=None, description="The US-equivalent grade (SCO's judgment).")
    positions_held: list[Text] = Field(default=[], description="Every prominent position held.")
    academic_degree: Text | None = Field(default=None, description="The academic degree, if any.")
    reported: Day | None = Field(
        default=None, description="When last reported in the CETPP; unchanged since then, it is not reported again."
    )
