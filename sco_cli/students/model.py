"""An international military student as the SCO training manager screens them
(SAMM C2.1.6.7 to C2.1.6.9; DD Form 2285 items). Screening fields are optional in the
model so that a missing one is a rule finding citing the paragraph that requires it.

Fields marked `Personal` (passport, dates of birth, medical results) are never echoed in a message."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core.types import AnyCase, Day, FiscalYear, Flag, Imported, Model, Money, NoneWord, Personal, Text

Program = Literal["imet", "fms", "ctfp", "other"]
FundSource = Literal["national", "fmf", "imet", "other_usg"]

SOURCE_OF_PROGRAM: dict[str, FundSource] = {"imet": "imet", "fms": "national", "ctfp": "other_usg"}
"""The usual payer of a program, when `funding.source` is not written: FMS cases are usually bought with the
partner's national funds; an FMS case financed with FMF records `source: fmf`."""


class Name(Model):
    surname: Text = Field(description="Surname exactly as in the passport (C10.11.1).")
    given: Text = Field(description="Given names exactly as in the passport.")
    middle: Text | None = Field(default=None, description="Middle names, when the passport has them.")


class Passport(Model):
    number: Annotated[Text, Personal] | None = Field(default=None, description="Passport number (ITO item 3).")
    expires: Annotated[Day, Personal] | None = Field(default=None, description="Passport expiry date.")


class Citation(Model):
    """A fund citation as a manual ITO carries it (DD Form 2285 item 9)."""

    line_of_accounting: Text | None = Field(default=None, description="The line of accounting.")
    amount_usd: Money | None = Field(default=None, description="The amount cited, in dollars.")
    purpose: Text | None = Field(default=None, description="What it pays: tuition, TLA, travel, ...")


class Funding(Model):
    source: Annotated[FundSource, AnyCase] | None = Field(
        default=None,
        description="Who pays: national (the partner), fmf, imet or other_usg; default from the program (imet -> "
        "imet, fms -> national, ctfp -> other_usg). Human-rights vetting is required for U.S.-funded training.",
    )
    imet_fiscal_year: Annotated[FiscalYear, Field(ge=1950, le=2200)] | None = Field(
        default=None, description="The IMET fiscal year (2027 or FY2027)."
    )
    fms_case: Text | None = Field(default=None, description="The FMS case identifier, e.g. XS-P-ABC.")
    other: Text | None = Field(default=None, description="Another fund source (CTFP, section 333, ...).")
    citations: list[Citation] = Field(default_factory=list, description="Fund citations for a manual ITO.")


class HealthCoverage(Model):
    """How medical care in the United States is paid for the student and dependents (SAMM C10.9; ITO item 13).
    Proof goes to the SCO before dependents are put on the ITO."""

    source: (
        Annotated[
            Literal["indemnification", "training_line", "grant_program", "reciprocal_agreement", "commercial"], AnyCase
        ]
        | None
    ) = Field(
        default=None,
        description="indemnification (the partner government's), training_line (a medical line on the training case), "
        "grant_program (IMET, CTFP), reciprocal_agreement (reciprocal health care, NATO/PfP SOFA) or commercial "
        "(an insurance policy).",
    )
    reference: Text | None = Field(default=None, description="The policy, agreement or case line.")
    approved: Day | None = Field(default=None, description="The day the SCO accepted the proof of coverage.")


class Prerequisite(Model):
    requirement: Text = Field(description="The prerequisite, as the MASL states it.")
    met: Flag = Field(default=False, description="True once it is met.")
    evidence: Text | None = Field(default=None, description="How it was shown to be met.")


def _none_means_empty(value: object) -> object:
    """`prerequisites: none` records that the course has none, unlike leaving the key out."""
    if isinstance(value, str) and value.strip().lower() in ("none", "n/a"):
        return []
    return value


class Course(Model):
    masl: Text | None = Field(default=None, description="The MASL identifier of the course.")
    title: Text | None = Field(default=None, description="The course title.")
    location: Text | None = Field(default=None, description="Where it is held.")
    start: Day | None = Field(default=None, description="First day of the course.")
    end: Day | None = Field(default=None, description="Last day of the course.")
    ecl_minimum: int | None = Field(default=None, ge=0, le=100, description="The course's minimum ECL (MASL).")
    prerequisites: Annotated[
        list[Prerequisite] | None,
        BeforeValidator(_none_means_empty, json_schema_input_type=list[Prerequisite] | NoneWord | None),
    ] = Field(default=None, description="The course prerequisites, or `none`.")


class Medical(Model):
    exam_date: Annotated[Day, Personal] | None = Field(default=None, description="Date of the physical examination.")
    chest_xray: Annotated[Flag, Personal] | None = Field(default=None, description="True when a chest X-ray was done.")
    hiv_screening: Annotated[Flag, Personal] | None = Field(
        default=None, description="True when HIV screening was done."
    )
    fit: Annotated[Flag, Personal] | None = Field(
        default=None, description="True when declared medically fit and free of communicable disease."
    )
    authority: Text | None = Field(default=None, description="The competent medical authority who signed.")


class EclWaiver(Model):
    """DD Form 2285 item 10 reads "met or waiver": a waived course minimum does not stop the ITO."""

    approved_by: Text | None = Field(default=None, description="Who approved the ECL waiver.")
    date: Day | None = Field(default=None, description="When it was approved.")
    reference: Text | None = Field(default=None, description="The waiver's reference.")


class Ecl(Model):
    score: int | None = Field(default=None, ge=0, le=100, description="The ECL test score.")
    test_date: Day | None = Field(default=None, description="When the test was taken.")
    waiver: EclWaiver | None = Field(default=None, description="A waiver of the course minimums.")


class HumanRightsVetting(Model):
    status: (
        Annotated[Literal["not_started", "submitted", "pending", "approved", "denied", "suspended"], AnyCase] | None
    ) = Field(default=None, description="The vetting status (INVEST).")
    completed: Day | None = Field(default=None, description="The day vetting was completed.")
    reference: Text | None = Field(default=None, description="The INVEST case reference.")


class OtherScreening(Model):
    rso: Day | None = Field(default=None, description="The day the Regional Security Officer screened the nominee.")
    dea: Day | None = Field(default=None, description="The day DEA screened the nominee.")
    consular: Day | None = Field(default=None, description="The day the consular section screened the nominee.")


class Screening(Model):
    medical: Annotated[Medical, Personal] | None = Field(
        default=None, description="The medical statement (C2.1.6.7.3)."
    )
    ecl: Ecl | None = Field(default=None, description="English Comprehension Level (C2.1.6.7.2).")
    human_rights_vetting: HumanRightsVetting | None = Field(
        default=None, description="Human-rights vetting (C2.1.6.7.4)."
    )
    other_screening: OtherScreening | None = Field(
        default=None, description="RSO, DEA, consular screening (C2.1.6.7.5)."
    )
    checklist_filed: Flag = Field(default=False, description="True once the SCO screening checklist is filed.")


class Dependent(Model):
    name: Text = Field(description="The dependent's name.")
    relationship: Text | None = Field(default=None, description="Spouse, child, ...")
    date_of_birth: Annotated[Day, Personal] | None = Field(default=None, description="The dependent's date of birth.")


class Travel(Model):
    departure: Day | None = Field(default=None, description="The day the student leaves.")
    arrival: Day | None = Field(default=None, description="The day the student arrives at the training site.")
    accompanied: Flag = Field(default=False, description="True when dependents travel with the student.")
    dependents: list[Dependent] = Field(default_factory=list, description="Dependents authorized (ITO item 12).")
    mode: Text | None = Field(default=None, description="Mode of travel.")
    flight: Text | None = Field(default=None, description="Flight number.")
    route: Text | None = Field(default=None, description="The route of travel (ITO item 7).")


class CcmdWaiver(Model):
    reference: Text | None = Field(default=None, description="The CCMD waiver's reference.")
    date: Day | None = Field(default=None, description="Its date.")


class Ito(Model):
    number: Text | None = Field(default=None, description="The ITO number.")
    issue_date: Day | None = Field(default=None, description="The day the ITO was (or will be) issued.")
    tms_available: Flag = Field(default=True, description="False when the SCO cannot access SC-TMS.")
    ccmd_waiver: CcmdWaiver | None = Field(default=None, description="The CCMD policy waiver for a manual ITO.")
    issuing_official: Text | None = Field(default=None, description="Who signs a manual ITO (name and title).")


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
    positions_held: list[Text] = Field(default_factory=list, description="Every prominent position held.")
    academic_degree: Text | None = Field(default=None, description="The academic degree, if any.")
    reported: Day | None = Field(
        default=None, description="When last reported in the CETPP; unchanged since then, it is not reported again."
    )


class Student(Model):
    kind: Annotated[Literal["student"], AnyCase] = Field(description="Always `student`.")
    name: Name = Field(description="The student's name, as in the passport.")
    rank: Text | None = Field(default=None, description="Rank in the partner's service.")
    us_equivalent_rank: Text | None = Field(default=None, description="The U.S. equivalent rank.")
    service: Text | None = Field(default=None, description="The partner's service.")
    service_number: Text | None = Field(default=None, description="The student's service number.")
    sex: Text | None = Field(default=None, description="Sex, as in the passport.")
    citizenship: Text | None = Field(default=None, description="Citizenship.")
    date_of_birth: Annotated[Day, Personal] | None = Field(default=None, description="Date of birth.")
    place_of_birth: Annotated[Text, Personal] | None = Field(default=None, description="Place of birth.")
    passport: Annotated[Passport, Personal] | None = Field(default=None, description="The passport.")
    visa: Text | None = Field(default=None, description="Visa number and type.")
    program: Annotated[Program, AnyCase] | None = Field(default=None, description="imet, fms, ctfp or other.")
    funding: Funding | None = Field(default=None, description="Who pays, and the fund references.")
    courses: list[Course] = Field(default_factory=list, description="The courses scheduled, in order.")
    screening: Screening | None = Field(default=None, description="In-country screening (C2.1.6.7).")
    travel: Travel | None = Field(default=None, description="Travel and dependents.")
    ito: Ito | None = Field(default=None, description="The Invitational Travel Order.")
    pre_departure_briefing: Day | None = Field(default=None, description="The day of the pre-departure briefing.")
    arrival_notice_sent: Day | None = Field(default=None, description="The day the arrival notice went to the IMSO.")
    hazardous_duty: Text | None = Field(default=None, description="Hazardous duty, if the ITO must state it.")
    post_training_interview: Day | None = Field(
        default=None, description="Date of the post-training interview (C2.1.6.9.2)."
    )
    academic_report_delivered: Day | None = Field(
        default=None, description="Date the academic report was given to the country and the student (C2.1.6.9.3)."
    )
    prominence: Prominence | None = Field(default=None, description="A position of prominence held (C2.1.6.9.4.1).")
    health_coverage: HealthCoverage | None = Field(
        default=None, description="Health-care coverage in the United States (SAMM C10.9; ITO item 13)."
    )
    imported: Imported | None = Field(
        default=None, description="Written by `sco student import`: the table and day the record came from."
    )

    @property
    def fund_source(self) -> FundSource | None:
        """Who pays: as recorded, or the program's usual payer."""
        if self.funding and self.funding.source:
            return self.funding.source
        return SOURCE_OF_PROGRAM.get(self.program or "")
