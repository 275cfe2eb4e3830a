"""The office (`sco.yaml`): who the SCO is, its marking, and its corrections to shipped data.

Every command needs it (marking, templates, thresholds, waivers), so it belongs to the core rather
than to a domain package."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, PrivateAttr, create_model, field_validator

from sco_cli.core.data import shipped as shipped_data
from sco_cli.core.suggest import did_you_mean
from sco_cli.core.thresholds import UNIT_LIMITS, shipped
from sco_cli.core.types import AnyCase, BadValue, Day, FiscalYear, Flag, Model, Money, Text, parse_day
from sco_cli.core.waivers import Waiver

DEFAULT_MARKING = "CUI"

T = TypeVar("T")


def _not_a_flag(value: object) -> object:
    if isinstance(value, bool):
        raise BadValue(str(value).lower(), "is not a number")
    return value


_UNIT_WORDS = {
    "days": r"days?",
    "months": r"months?",
    "years": r"years?",
    "percent": r"%|per\s*cent|pct\.?",
    "probability": r"%|per\s*cent|pct\.?",
}


_UNIT_PATTERNS = {
    unit: re.compile(r"\s*(\d{1,9}(?:\.\d{1,9})?)\s*(?:" + words + r")\s*\Z", re.IGNORECASE)
    for unit, words in _UNIT_WORDS.items()
}


def _unit_written(unit: str, value: object) -> object:
    """A setting written with its own unit (`45 days`, `35%`) is the number alone in the file: the unit is
    the setting's, named in the shipped table. The finding says so and `sco check --fix` writes the
    number (a probability written `90%` becomes 0.9). Any other text is left to the number check.
    A validator as `partial(_unit_written, unit)`, not a closure: the compiled model is stored between
    runs (`core.model_cache`), and a closure cannot be."""
    match = _UNIT_PATTERNS[unit].match(value) if isinstance(value, str) else None
    if match is None:
        return value
    number = Decimal(match.group(1)) / (100 if unit == "probability" else 1)
    fix: int | float = int(number) if number == number.to_integral_value() else float(number)
    low, high, whole = UNIT_LIMITS[unit]
    if not low <= fix <= high or (whole and not isinstance(fix, int)):
        return value
    reason = {
        "percent": "is written with its unit; the setting is a number of percent",
        "probability": "is a percentage; the setting is a probability from 0 to 1",
    }.get(unit, f"is written with its unit; the setting is a number of {unit}")
    raise BadValue(value, reason, "", f"write it {fix}", fix)


def _whole_number_of(unit: str, value: float) -> float:
    """A validator as `partial(_whole_number_of, unit)` (see `_unit_written`)."""
    if not value.is_integer():
        raise BadValue(f"{value:g}", f"is not a whole number of {unit}")
    return value


def _threshold_overrides() -> type[Model]:
    """One optional field per shipped threshold, within the limits of its unit, so that each bad
    override is a finding at its own line and an unknown name gets a "did you mean"."""
    fields: dict[str, Any] = {}
    for name, entry in shipped().entries.items():
        unit = entry["unit"]
        low, high, whole = UNIT_LIMITS[unit]
        checks: list[Any] = [BeforeValidator(_not_a_flag), Field(ge=low, le=high, allow_inf_nan=False)]
        if unit in _UNIT_WORDS:
            checks.insert(0, BeforeValidator(partial(_unit_written, unit)))
        if whole:
            checks.append(AfterValidator(partial(_whole_number_of, unit)))
        number = Money if unit == "usd" else Annotated[float, *checks]  # dollars as anywhere else: 7M, $7,000,000
        described = f"{entry.get('note') or name} ({unit}; shipped value {entry['value']}; {entry['reference']})"
        fields[name] = (number | None, Field(default=None, description=described))
    model: type[Model] = create_model("ThresholdOverrides", __base__=Model, **fields)
    return model


if TYPE_CHECKING:
    ThresholdOverrides = Model
else:
    ThresholdOverrides = _threshold_overrides()


class Person(Model):
    name: Text | None = Field(default=None, description="Name, with rank or title as it should be printed.")
    title: Text | None = Field(default=None, description="Position title.")
    email: Text | None = Field(default=None, description="E-mail address.")


class AgencyOverride(Model):
    """An office's correction or addition to the shipped implementing-agency list."""

    name: Text | None = Field(default=None, description="The implementing agency's name.")
    code: Text | None = Field(default=None, description="Its case-identifier letter (Table C5.T2).")
    receiver: Text | None = Field(default=None, description="The office that receives LORs.")
    address: Text | None = Field(default=None, description="Postal address for LORs (Table C5.T2).")
    email: Text | None = Field(default=None, description="E-mail address for LORs.")


class LimitedAccess(Model):
    """A Limited Access Authorization (SAMM C2.1.9.2.4; DoDM 5200.01 Vol. 1)."""

    reference: Text | None = Field(default=None, description="Reference of the authorization.")
    granted: Day | None = Field(default=None, description="Date it was issued.")
    expires: Day | None = Field(default=None, description="Date it ends.")


class StaffMember(Model):
    """A locally employed staff member (SAMM C2.1.9.2.4, C2.1.10.2.2)."""

    name: Text = Field(description="Name as the office knows the employee.")
    position: Text | None = Field(default=None, description="Position or duty title.")
    category: Annotated[Literal["fsn", "psa"], AnyCase] | None = Field(
        default=None, description="Foreign Service National or Personal Services Agreement hire."
    )
    background_investigation: Day | None = Field(
        default=None, description="Date the last five-year background investigation by the RSO was completed."
    )
    classified_access: Flag = Field(
        default=False, description="Whether the job needs access to classified information."
    )
    laa: LimitedAccess | None = Field(default=None, description="Limited Access Authorization, when one was issued.")
    approval: Text | None = Field(
        default=None, description="Reference of the position's approval: NSDD-38 (FSN) or Chief of Mission (PSA)."
    )


class CtaElement(Model):
    """A CTA element as the office's copy of Table C5.T1 / C5.T1e gives it."""

    key: Text = Field(description="The key the LOR's `cta: elements:` uses for it.")
    title: Text = Field(description="The element's text.")
    table: Text | None = Field(default=None, description="The table, C5.T1 or C5.T1e.")
    number: int | None = Field(default=None, ge=1, description="Its number in that table.")
    verified: Flag = Field(default=False, description="True when read in the current SAMM table.")
    required: Flag = Field(default=True, description="False for an element the CTA may leave out.")


class CuiMarking(Model):
    """One document type's own CUI designation: each line given replaces the office's for that type."""

    controlled_by: Text | None = Field(default=None, description="Controlled by, for this document type.")
    category: Text | None = Field(default=None, description="CUI category for this document type, e.g. PRVCY.")
    dissemination: Text | None = Field(
        default=None,
        description="Dissemination control for this document type, e.g. REL TO USA, XS for a letter to the partner.",
    )
    poc: Text | None = Field(default=None, description="Point of contact for this document type.")


def _document_marking(document: str) -> Any:
    return Field(default=None, description=f"The designation of the {document}.")


class DocumentMarkings(Model):
    """The document types whose designation differs from the office's, by name (`DOCUMENT_NAMES`)."""

    ito_data_sheet: CuiMarking | None = _document_marking("ITO data sheet (sco ito generate)")
    ito_manual: CuiMarking | None = _document_marking("manual ITO (sco ito generate --manual)")
    cta: CuiMarking | None = _document_marking("Country Team Assessment (sco cta generate)")
    sco_endorsement: CuiMarking | None = _document_marking("SCO endorsement (sco cta generate --endorsement)")
    javits: CuiMarking | None = _document_marking("Javits report (sco javits report)")
    forecast: CuiMarking | None = _document_marking("FMS forecast (sco forecast report)")
    budget_justification: CuiMarking | None = _document_marking("budget justification (sco budget justify)")
    prominence: CuiMarking | None = _document_marking("positions of prominence report (sco training prominence)")
    fmt: CuiMarking | None = _document_marking("Foreign Military Training report input (sco training fmt)")
    eum_inventory: CuiMarking | None = _document_marking("EUM inventory sheet (sco eum inventory)")
    translation_letter: CuiMarking | None = _document_marking(
        "forwarding letter of a translation (sco translation letter)"
    )
    brief: CuiMarking | None = _document_marking("office brief for the chief (sco brief)")


DOCUMENT_NAMES = tuple(DocumentMarkings.model_fields)
"""Every document type by the name `cui: documents:` uses: its template's name, `-` read as `_`
(`translation-letter.md.j2` is `translation_letter`); a test holds it to the documents table."""


def _no_document_markings() -> DocumentMarkings:
    """Named, not a lambda, as every default factory: a compiled model holding a lambda cannot be stored."""
    return DocumentMarkings()


class CuiDesignation(Model):
    """The CUI designation indicator printed on the first page of every document (DoD CUI marking)."""

    controlled_by: Text | None = Field(default=None, description="Controlled by: the office (and its division).")
    category: Text | None = Field(default=None, description="CUI category, e.g. CTI or EXPT.")
    dissemination: Text | None = Field(default=None, description="Limited dissemination control, e.g. FEDCON.")
    poc: Text | None = Field(default=None, description="Point of contact: name and telephone or e-mail.")
    documents: DocumentMarkings = Field(
        default_factory=_no_document_markings,
        description="A document type's own designation (its lines replace the office's), by document type: "
        "ito_data_sheet, ito_manual, cta, sco_endorsement, javits, forecast, budget_justification, prominence, "
        "fmt, eum_inventory, translation_letter.",
    )


def _no_threshold_overrides() -> ThresholdOverrides:
    return ThresholdOverrides()


class Office(Model):
    kind: Annotated[Literal["office"], AnyCase] = Field(description="Always `office` for sco.yaml.")
    country: Text = Field(description="The partner nation the office serves.")
    country_code: Text | None = Field(default=None, description="The SC customer (country) code, e.g. XS.")
    country_trigraph: Text | None = Field(
        default=None,
        description="The partner's three-letter country code (ISO 3166), as a REL TO dissemination control "
        "lists it, e.g. EST.",
    )
    nato_plus: Flag = Field(
        default=False,
        description="True for NATO, a NATO member, Japan, Australia, South Korea, Israel or New Zealand: "
        "the higher 36(b) notification thresholds apply.",
    )
    organization: Text | None = Field(default=None, description="The office's name, as printed on documents.")
    ccmd: Text | None = Field(default=None, description="The combatant command, e.g. USEUCOM.")
    address: Text | None = Field(default=None, description="The office's postal address.")
    chief: Person | None = Field(default=None, description="The SCO chief.")
    chief_of_mission: Person | None = Field(
        default=None, description="The Chief of Mission (ambassador) for whom the Country Team signs a CTA."
    )
    marking: Text = Field(default=DEFAULT_MARKING, description="The banner every generated document carries.")
    cui: CuiDesignation | None = Field(default=None, description="The CUI designation indicator block.")
    reference_docx: Text | None = Field(
        default=None,
        description="A Word file (relative to sco.yaml) whose styles, letterhead, header and footer "
        "every generated document uses.",
    )
    soffice: Text | None = Field(
        default=None,
        description="LibreOffice's `soffice` (a path relative to sco.yaml, or a command) for `--format pdf`.",
    )
    templates: Text | None = Field(
        default=None, description="A folder (relative to sco.yaml) of templates overriding the built-in ones by name."
    )
    thresholds: ThresholdOverrides = Field(
        default_factory=_no_threshold_overrides,
        description="Corrections to the shipped thresholds, name: value (`sco rules thresholds`).",
    )
    agencies: dict[str, AgencyOverride] = Field(
        default_factory=dict, description="Corrections and additions to the implementing agencies (Table C5.T2)."
    )
    review_tags: list[Annotated[Text, AnyCase]] = Field(
        default_factory=list, description="Extra unique-review tags for LOR items."
    )
    fmt_programs: list[Text] = Field(
        default_factory=list,
        description="Program labels of the Foreign Military Training report beyond the shipped list "
        "(sco_cli/data/fmt_programs.yaml), written as the report prints them, e.g. `Section 1206`.",
    )
    cta_elements: dict[Literal["common", "nvd"], list[CtaElement]] = Field(
        default_factory=dict, description="The office's copy of the CTA element lists, replacing the shipped ones."
    )
    waivers: list[Waiver] = Field(
        default_factory=list, description="Findings accepted on record for the office's files."
    )
    exclude: list[Text] = Field(
        default_factory=list,
        description="Globs (relative to sco.yaml) of YAML files a folder check skips, e.g. `.github/**`.",
    )
    msrp_goals: list[Text] = Field(
        default_factory=list,
        description="The Mission Strategic Resource Plan goals (SAMM C2.1.3.3); when listed, each budget "
        "requirement names the goal it serves in `msrp_goal:` (C2.1.3.4.1).",
    )
    allocations: dict[Annotated[Literal["fmf", "imet"], AnyCase], dict[FiscalYear, Money]] = Field(
        default_factory=dict,
        description="Historical FMF and IMET allocations, program -> fiscal year -> dollars; a request below the "
        "latest one is asked whether every requirement was included (unconstrained, SAMM C2.1.3.4.2).",
    )
    calendar: dict[str, Text] = Field(
        default_factory=dict,
        description="The office's real dates for the fixed milestones of `sco calendar` (names in "
        "sco_cli/data/milestones.yaml): MM-DD for every year, or YYYY-MM-DD for the one occurrence nearest it.",
    )
    staff: list[StaffMember] = Field(default_factory=list, description="Locally employed staff (SAMM C2.1.9.2.4).")
    _base_dir: Path | None = PrivateAttr(default=None)
    _named: bool = PrivateAttr(default=False)
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        """The folder of sco.yaml: `reference_docx`, `templates`, `exclude` and waivers are relative to it."""
        return self._base_dir or Path.cwd()

    def located_at(self, path: Path, named: bool = False) -> Office:
        """Where sco.yaml is; `named`: the user gave it with `--config` (not found by walking up)."""
        self._base_dir = path.parent
        self._named = named
        return self

    @property
    def named_by_user(self) -> bool:
        """The user named this office file with `--config`, so its settings that run a program (`soffice:`)
        are the user's own choice, not whatever a folder they check happens to hold."""
        return self._named

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """A value derived from this office (merged data lists), built once per run."""
        if name not in self._memo:
            self._memo[name] = build()
        value: T = self._memo[name]
        return value

    def threshold_overrides(self) -> dict[str, int | float]:
        """The thresholds this office sets, whole units as integers."""
        given = {name: getattr(self.thresholds, name) for name in self.thresholds.model_fields_set}
        return {  # read field by field: model_dump would build a serializer for 30 fields (about 10 ms)
            name: int(value) if UNIT_LIMITS[shipped().entries[name]["unit"]][2] else value
            for name, value in given.items()
            if value is not None
        }

    @field_validator("calendar")
    @classmethod
    def _known_milestones(cls, value: dict[str, str]) -> dict[str, str]:
        known = shipped_data("milestones")["milestones"]
        for name, when in value.items():
            if name not in known:
                raise ValueError(
                    f"unknown milestone '{name}'; {did_you_mean(name, known, 'see sco_cli/data/milestones.yaml')}"
                )
            parse_month_day(when)
        return value


def parse_month_day(value: str) -> tuple[int | None, int, int]:
    """An office's milestone date: `MM-DD` (every year, year None) or `YYYY-MM-DD` (one occurrence)."""
    text = str(value).strip()
    if len(text) == 5 and text[2] == "-" and text.replace("-", "").isdigit():
        try:
            parse_day(f"2000-{text}")  # a leap year: 02-29 is accepted (the 28th in other years)
        except ValueError:
            raise BadValue(value, "is not a real month and day") from None
        return None, int(text[:2]), int(text[3:])
    try:
        parsed = parse_day(text)
    except ValueError:
        raise BadValue(value, "is not a date written MM-DD (every year) or YYYY-MM-DD") from None
    return parsed.year, parsed.month, parsed.day


def shown_path(path: str, office: Office | None) -> str:
    """A source file as documents print it: relative to the office folder, not the absolute path."""
    if office is None or path.startswith("<"):
        return path
    try:
        return Path(path).resolve().relative_to(office.base_dir.resolve()).as_posix()
    except ValueError:
        return path


def marking_of(office: Office | None) -> str:
    """The marking every generated document carries: the office's, or CUI."""
    return office.marking if office is not None and office.marking else DEFAULT_MARKING
