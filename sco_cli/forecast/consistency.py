"""Consistency across files (SAMM C2.1.3.5.4): LORs and FMF budget requirements against the
forecast register, checked whenever the register is among the files checked together. Each rule
indexes the register once per batch, and a message names at most ten register files, so the cost
grows with the number of files and entries, not its square."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sco_cli.core.findings import Severity
from sco_cli.core.registry import BatchProblem, cross_file_rule, some_of
from sco_cli.core.results import FileResult


@dataclass(frozen=True)
class RegisterEntry:
    register: FileResult
    entry_id: str
    facts: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.register.path}:{self.facts['line']}"


class RegisterIndex:
    """Every forecast entry of the batch, by id and by the LOR it names (`lor_id`)."""

    def __init__(self, results: Sequence[FileResult]):
        self.registers = [r for r in results if r.kind == "forecast" and r.facts]
        self.unread: set[str] = set()
        """The ids and LOR ids written on entries sco could not read: an LOR or a requirement found in no
        entry may be in one of those, whose GEN finding is the one finding for it."""
        self.unread_unnamed = False
        """An entry not read names no id sco can see (or a register did not load): any may be in it."""
        for result in results:
            if result.kind != "forecast":
                continue
            if not result.facts:
                self.unread_unnamed = self.unread_unnamed or not result.reads_whole("entries")
                continue
            for entry in result.facts.get("unread_entries", []):
                names = [name for name in (entry["id"], entry["lor_id"]) if name]
                self.unread.update(names)
                self.unread_unnamed = self.unread_unnamed or not names
        self.by_id: dict[str, RegisterEntry] = {}
        self.by_lor: dict[str, RegisterEntry] = {}
        for register in self.registers:
            for entry_id, facts in register.facts["entries"].items():
                entry = RegisterEntry(register, entry_id, facts)
                self.by_id.setdefault(entry_id, entry)
                if facts.get("lor_id"):
                    self.by_lor.setdefault(facts["lor_id"], entry)

    def maybe_unread(self, name: str | None) -> bool:
        """Whether an entry sco could not read may be the one named `name`."""
        return self.unread_unnamed or (name is not None and name in self.unread)

    def for_lor(self, lor_id: str | None) -> RegisterEntry | None:
        """The entry that names the LOR in `lor_id`, else the entry whose own id is the LOR's."""
        if not lor_id:
            return None
        return self.by_lor.get(lor_id) or self.by_id.get(lor_id)


def _contradicts(here: int, there: int, tolerance: float) -> bool:
    """Two estimates of one sale disagree when they differ by more than `tolerance` of the larger."""
    return abs(here - there) > tolerance * max(here, there)


def _tolerance(result: FileResult) -> float:
    assert result.thresholds is not None
    return result.thresholds.number("forecast_consistency_pct") / 100


def _lors(results: Sequence[FileResult]) -> list[FileResult]:
    return [r for r in results if r.kind == "lor" and r.facts]


@cross_file_rule(
    "FCS003",
    slug="lor-in-forecast",
    title="LOR has an entry in the forecast register",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.5.4",
    kind="lor",
    why="Javits and FMS forecasts must be in consonance with the country plan and the budget request; an LOR "
    "the register does not know is a sale missing from both reports. Checked when the register is among "
    "the files checked together (for example `sco check office-folder/`).",
    fails="(an LOR whose id no forecast entry names in `lor_id` or `id`)",
    passes="(a forecast entry with `lor_id: <the LOR id>`)",
)
def lor_in_forecast(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    index = RegisterIndex(results)
    if not index.registers:
        return
    names = some_of((f"{r.path}:{r.anchors.get('kind', (1, 1))[0]}" for r in index.registers), len(index.registers))
    for lor in _lors(results):
        if index.for_lor(lor.facts.get("id")) is None and not index.maybe_unread(lor.facts.get("id")):
            yield BatchProblem(
                lor,
                f"LOR {lor.facts.get('id') or '(no id)'} has no entry in the forecast register ({names})",
                *lor.where(),
                "id",
                "add an entry with `lor_id:` set to this LOR's id",
            )


@cross_file_rule(
    "FCS004",
    slug="lor-matches-forecast",
    title="LOR values agree with the forecast entry",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.5.4",
    kind="lor",
    why="The register feeds Javits and the forecast; when an LOR's MDE, other or design-and-construction value "
    "differs from its entry by more than `forecast_consistency_pct`, or one is Javits-reportable and the other "
    "not, the reports contradict the LOR.",
    fails="(LOR MDE $29,000,000; its forecast entry says $20,000,000)",
    passes="(LOR MDE $29,000,000; its forecast entry says $29,000,000)",
)
def lor_matches_forecast(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    index = RegisterIndex(results)
    for lor in _lors(results) if index.registers else []:
        found = index.for_lor(lor.facts.get("id"))
        if found is None or f"entries[{found.facts['index']}]" in found.register.records_not_read:
            continue  # an entry with a value not read (an amount read as 0) is compared with nothing
        entry = found.facts
        for label, here, there in (
            ("MDE", lor.facts["mde_total_usd"], entry["mde_usd"]),
            ("other", lor.facts["other_usd"], entry["other_usd"]),
            ("design and construction", lor.facts["design_construction_usd"], entry["design_construction_usd"]),
        ):
            if _contradicts(here, there, _tolerance(lor)):
                yield BatchProblem(
                    lor,
                    f"{label} ${here:,} here, ${there:,} in forecast entry {found.entry_id} ({found.where})",
                    *lor.where(),
                    "id",
                    "update the register or the LOR so they agree",
                )
        if lor.facts["javits_reportable"] != entry["javits_reportable"]:
            yield BatchProblem(
                lor,
                f"Javits-reportable here is {str(lor.facts['javits_reportable']).lower()}, "
                f"but {str(entry['javits_reportable']).lower()} for forecast entry "
                f"{found.entry_id} ({found.where})",
                *lor.where(),
                "id",
                "align the values",
            )


@cross_file_rule(
    "FCS005",
    slug="fmf-budget-in-forecast",
    title="FMF budget requirement matches a forecast entry",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.5.4; C2.1.3.4",
    kind="budget",
    why="SCO grant-aid budget requests must be in consonance with the Javits/FMS forecasts: each FMF requirement "
    "names the forecast entry it funds (`forecast_entry:`), and its amounts agree with that entry within "
    "`forecast_consistency_pct`. Checked when the register is among the files checked together.",
    fails="requirements:\n  - title: Patrol boats\n    amounts_usd: {2028: 29M}\n",
    passes="requirements:\n  - title: Patrol boats\n    forecast_entry: F-01\n    amounts_usd: {2028: 37M}\n",
)
def fmf_budget_in_forecast(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    index = RegisterIndex(results)
    if not index.registers:
        return
    names = some_of((r.path for r in index.registers), len(index.registers))
    for budget in (r for r in results if r.kind == "budget" and r.facts and r.facts["program"] == "fmf"):
        for requirement in budget.facts["requirements"]:
            line, title, link = requirement["line"], requirement["title"], requirement["forecast_entry"]
            found = index.by_id.get(link) if link is not None else None
            if found is None and link is not None and index.maybe_unread(link):
                continue
            if found is not None and f"entries[{found.facts['index']}]" in found.register.records_not_read:
                continue
            if found is None:
                what = "names no forecast entry" if link is None else f"names forecast entry '{link}', not in"
                yield BatchProblem(
                    budget,
                    f"FMF requirement '{title}' {what} the register ({names})",
                    line,
                    1,
                    "",
                    "set `forecast_entry:` to the id of its entry in the forecast register",
                )
                continue
            planned = found.facts["mde_usd"] + found.facts["other_usd"] + found.facts["design_construction_usd"]
            asked = requirement["total_usd"]
            if _contradicts(asked, planned, _tolerance(budget)):
                yield BatchProblem(
                    budget,
                    f"FMF requirement '{title}' asks ${asked:,}; forecast entry {link} "
                    f"({found.where}) totals ${planned:,}",
                    line,
                    1,
                    "",
                    "align the request and the register",
                )
