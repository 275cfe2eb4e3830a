"""The office (`sco.yaml`): who the SCO is, its marking, and its corrections to shipped data.

Every command needs it (marking, templates, thresholds), so it belongs to the core rather than to
a domain package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, PrivateAttr, field_validator

from sco_cli.core.data import shipped as shipped_data
from sco_cli.core.suggest import did_you_mean
from sco_cli.core.thresholds import shipped
from sco_cli.core.types import AnyCase, Flag, Model, Money, Text, parse_day

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
    msrp_goals: list[Text] = Field(
        default=[],
        description="The Mission Strategic Resource Plan goals (SAMM C2.1.3.3); when listed, each budget "
        "requirement names the goal it serves in `msrp_goal:` (C2.1.3.4.1).",
    )
    allocations: dict[Annotated[Literal["fmf", "imet"], AnyCase], dict[int, Money]] = Field(
        default={},
        description="Historical FMF and IMET allocations, program -> fiscal year -> dollars; a request below the "
        "latest one is asked whether every requirement was included (unconstrained, SAMM C2.1.3.4.2).",
    )
    calendar: dict[str, Text] = Field(
        default={},
        description="The office's real dates for the fixed milestones of `sco calendar` (names in "
        "sco_cli/data/milestones.yaml): MM-DD for every year, or YYYY-MM-DD for the one occurrence nearest it.",
    )
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
            raise ValueError(f"'{value}' is not a real month and day") from None
        return None, int(text[:2]), int(text[3:])
    try:
        parsed = parse_day(text)
    except ValueError:
        raise ValueError(f"'{value}' is not a date written MM-DD (every year) or YYYY-MM-DD") from None
    return parsed.year, parsed.month, parsed.day


def marking_of(office: Office | None) -> str:
    """The marking every generated document carries: the office's, or CUI."""
    return office.marking if office is not None and office.marking else DEFAULT_MARKING
