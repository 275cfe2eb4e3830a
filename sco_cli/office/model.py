"""The office (`sco.yaml`): who the SCO is, its marking, and its corrections to shipped data."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import PrivateAttr, field_validator

from sco_cli.core.types import Flag, Model, Text


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
    marking: Text = "CUI"
    reference_docx: Text | None = None
    templates: Text | None = None
    thresholds: dict[str, float] = {}
    agencies: dict[str, AgencyOverride] = {}
    review_tags: list[Text] = []
    _base_dir: Path | None = PrivateAttr(default=None)

    @property
    def base_dir(self) -> Path | None:
        """The folder of sco.yaml: `reference_docx` and `templates` are relative to it."""
        return self._base_dir

    @field_validator("thresholds")
    @classmethod
    def _known_thresholds(cls, value: dict) -> dict:
        from sco_cli.core.thresholds import shipped

        known = shipped().entries
        for name in value:
            if name not in known:
                from sco_cli.core.suggest import did_you_mean

                suggestion = did_you_mean(name, known, "see sco_cli/data/thresholds.yaml")
                raise ValueError(f"unknown threshold '{name}'; {suggestion}")
        return {k: (int(v) if float(v).is_integer() else v) for k, v in value.items()}
