"""The Foreign Military Training report's program labels (22 U.S.C. 2416; SAMM C2.1.6.9.4.2): the
shipped list (data/fmt_programs.yaml, read in the published report) followed by the office's own
additions in sco.yaml `fmt_programs:`. A label is matched whatever its case or spacing and printed as
the list spells it."""

from __future__ import annotations

import re

from sco_cli.core import data
from sco_cli.core.office import Office


def shipped_programs() -> list[str]:
    return [str(label) for label in data.shipped("fmt_programs")["programs"]]


def program_key(label: str) -> str:
    """`imet-1`, `IMET-1 ` and `Imet - 1` are the same label."""
    # Spaces are single once the runs are joined, so ` ?` is all a mark needs (`\s*` around it was quadratic
    # on a run of spaces).
    return re.sub(r" ?([-/&]) ?", r"\1", re.sub(r"\s+", " ", label.strip())).casefold()


def _programs(office: Office | None) -> dict[str, str]:
    known: dict[str, str] = {}
    for label in [*shipped_programs(), *(office.fmt_programs if office else [])]:
        known.setdefault(program_key(label), label)
    return known


_SHIPPED: dict[str, dict[str, str]] = {}


def fmt_programs(office: Office | None) -> dict[str, str]:
    """Key -> label as printed, in the report's order (shipped first, then the office's)."""
    if office is None:
        return _SHIPPED.setdefault("programs", _programs(None))
    return office.memo("fmt_programs", lambda: _programs(office))
