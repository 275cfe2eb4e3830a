"""The office (`sco.yaml`): who the SCO is, its marking, and its corrections to shipped data.

Every command needs it (marking, templates, thresholds, waivers), so it belongs to the core rather
than to a domain package."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, PrivateAttr, field_validator

from sco_cli.core.suggest import did_you_mean
from sco_cli.core.thresholds import UNIT_LIMITS, shipped
from sco_cli.core.types import AnyCase, Flag, Model, Text
from sco_cli.core.waivers import Waiver

DEFAULT_MARKING = "CUI"

T = TypeVar("T")


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


class CtaElement(Model):
    """A CTA element as the office's copy of Table C5.T1 / C5.T1e gives it."""

    key: Text = Field(description="The key the LOR's `cta: elements:` uses for it.")
    title: Text = Field(description="The element's text.")
    table: Text | None = Field(default=None, description="The table, C5.T1 or C5.T1e.")
    number: int | None = Field(default=None, ge=1, description="Its number in that table.")
    verified: Flag = Field(default=False, description="True when read in the current SAMM table.")
    required: Flag = Field(default=True, description="False for an element the CTA may leave out.")


class CuiDesignation(Model):
    """The CUI designation indicator printed on the first page of every document (DoD CUI marking)."""

    controlled_by: Text | None = Field(default=None, description="Controlled by: the office (and its division).")
    category: Text | None = Field(default=None, description="CUI category, e.g. CTI or EXPT.")
    dissemination: Text | None = Field(default=None, description="Limited dissemination control, e.g. FEDCON.")
    poc: Text | None = Field(default=None, description="Point of contact: name and telephone or e-mail.")


class Office(Model):
    kind: Annotated[Literal["office"], AnyCase] = Field(description="Always `office` for sco.yaml.")
    country: Text = Field(description="The partner nation the office serves.")
    country_code: Text | None = Field(default=None, description="The SC customer (country) code, e.g. XS.")
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
    thresholds: dict[str, float] = Field(
        default_factory=dict, description="Corrections to the shipped thresholds, name: value (`sco rules thresholds`)."
    )
    agencies: dict[str, AgencyOverride] = Field(
        default_factory=dict, description="Corrections and additions to the implementing agencies (Table C5.T2)."
    )
    review_tags: list[Annotated[Text, AnyCase]] = Field(
        default_factory=list, description="Extra unique-review tags for LOR items."
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
    _base_dir: Path | None = PrivateAttr(default=None)
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        """The folder of sco.yaml: `reference_docx`, `templates`, `exclude` and waivers are relative to it."""
        return self._base_dir or Path.cwd()

    def located_at(self, path: Path) -> Office:
        self._base_dir = path.parent
        return self

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """A value derived from this office (merged data lists), built once per run."""
        if name not in self._memo:
            self._memo[name] = build()
        value: T = self._memo[name]
        return value

    @field_validator("thresholds")
    @classmethod
    def _known_thresholds(cls, value: dict[str, float]) -> dict[str, float]:
        known = shipped().entries
        checked: dict[str, float] = {}
        for name, number in value.items():
            if name not in known:
                hint = did_you_mean(name, known, "see `sco rules thresholds`")
                raise ValueError(f"unknown threshold '{name}'; {hint}")
            unit = known[name]["unit"]
            low, high, whole = UNIT_LIMITS[unit]
            if not math.isfinite(number) or not low <= number <= high:
                raise ValueError(f"threshold {name} must be between {low:g} and {high:g} ({unit})")
            if whole and not float(number).is_integer():
                raise ValueError(f"threshold {name} must be a whole number of {unit}")
            checked[name] = int(number) if whole else number
        return checked


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
