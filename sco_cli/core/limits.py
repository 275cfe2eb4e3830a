"""Limits on what sco reads and renders, so that no input can take unbounded time or memory.

None of these is a SAMM number: each is a setting with a default chosen for files an office really
keeps, raised (or lowered) for one run with an environment variable, `SCO_LIMIT_<NAME>` (for example
`SCO_LIMIT_DOCX_EXPANDED_MIB=400 sco translation mark big.docx -o marked.docx`). docs/internals.md
lists them; a test holds that list to this table."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from sco_cli.core.errors import UsageError


@dataclass(frozen=True)
class Limit:
    name: str
    default: float
    unit: str
    why: str

    @property
    def variable(self) -> str:
        return f"SCO_LIMIT_{self.name.upper()}"


LIMITS = {
    limit.name: limit
    for limit in (
        Limit("docx_mib", 100, "MiB", "size of a Word file read (translation mark, reference_docx)"),
        Limit("docx_expanded_mib", 100, "MiB", "what a Word file's parts expand to, all together (a ZIP bomb)"),
        Limit("docx_ratio", 100, "times", "how much one part larger than 1 MiB may expand over its compressed size"),
        Limit("docx_parts", 1000, "parts", "parts in a Word file (a document has a few dozen)"),
        Limit("docx_elements", 500_000, "elements", "XML elements in a Word file's parts, counted before parsing"),
        Limit("template_seconds", 20, "seconds", "time one document's template may run"),
        Limit("template_output_mib", 20, "MiB", "Markdown one document's template may write"),
        Limit("template_memory_mib", 512, "MiB", "memory one document's template may add while it runs (Linux)"),
    )
}


def limit(name: str) -> float:
    """The limit's value for this run: the environment's `SCO_LIMIT_<NAME>` when set, else its default."""
    entry = LIMITS[name]
    text = os.environ.get(entry.variable)
    if text is None or not text.strip():
        return entry.default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{entry.variable}={text!r}: give a positive number of {entry.unit}")
    return value


def whole(name: str) -> int:
    return max(1, int(limit(name)))


def mib(name: str) -> int:
    """A limit in MiB, in bytes."""
    return int(limit(name) * 2**20)
