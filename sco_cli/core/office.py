"""The office (`sco.yaml`): who the SCO is, its marking, and its corrections to shipped data.

Every command needs it (marking, templates, thresholds), so it belongs to the core rather than to
a domain package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, PrivateAttr, field_validator

from sco_cli.core.suggest import did_you_mean
from sco_cli.core.thresholds import shipped
from sco_cli.core.types import AnyCase, Day, Flag, Model, Text

DEFAULT_MARKING = "CUI"

T = TypeVar("T")


class Person(Model):
    name: Text | None = None
    title: Text | None = None
    email: Text | None = None


class AgencyOverride(Model):
    """An office's correction or addition to the shipped implementing-agency list."""

    name: Text | None = None
    code: Text | None = None
    receiver: Text | None = None
    address: Text | None = None
    email: Text | None = None


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


class Office(Model):
    kind: Literal["office"]
    country: Text
    country_code: Text | None = None
    nato_plus: Flag = False
    organization: Text | None = None
    ccmd: Text | None = None
    address: Text | None = None
    chief: Person | None = None
    marking: Text = DEFAULT_MARKING
    reference_docx: Text | None = None
    templates: Text | None = None
    thresholds: dict[str, float] = {}
    agencies: dict[str, AgencyOverride] = {}
    review_tags: list[Text] = []
    staff: list[StaffMember] = Field(default=[], description="Locally employed staff (SAMM C2.1.9.2.4).")
    _base_dir: Path | None = PrivateAttr(default=None)
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        """The folder of sco.yaml: `reference_docx` and `templates` are relative to it."""
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
        for name in value:
            if name not in known:
                suggestion = did_you_mean(name, known, "see sco_cli/data/thresholds.yaml")
                raise ValueError(f"unknown threshold '{name}'; {suggestion}")
        return {k: (int(v) if float(v).is_integer() else v) for k, v in value.items()}


def marking_of(office: Office | None) -> str:
    """The marking every generated document carries: the office's, or CUI."""
    return office.marking if office is not None and office.marking else DEFAULT_MARKING
