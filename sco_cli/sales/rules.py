"""Forecast register rules, and the consistency of LORs with the register (SAMM C2.1.3.5)."""

from __future__ import annotations

from sco_cli.core.registry import BatchProblem, Problem, rule


@rule("FCS001", "duplicate-entry", "Forecast entry ids are unique", "error", "SAMM C2.1.3.5", "forecast",
      why="Each possible sale is one entry; a repeated id would count a sale twice in the Javits report and "
          "the forecast, and LORs could not be matched to it.",
      fails="entries:\n  - id: F-1\n  - id: F-1\n", passes="entries:\n  - id: F-1\n  - id: F-2\n")
def duplicate_entry(ctx):
    seen = {}
    for index, entry in enumerate(ctx.model.entries):
        if entry.id in seen:
            yield Problem(f"entry id '{entry.id}' is used again (first on line {seen[entry.id]})",
                          ("entries", index, "id"), "give each possible sale its own id")
        else:
            seen[entry.id] = ctx.loaded.position(("entries", index, "id"))[0]


@rule("FCS002", "entry-has-value", "Forecast entry has a value", "warning", "SAMM C2.1.3.5.1-3", "forecast",
      why="An entry with no MDE, other or design-and-construction value can be neither reported in Javits nor "
          "totalled in the forecast.",
      fails="entries:\n  - id: F-1\n    mde_usd: 0\n    other_usd: 0\n",
      passes="entries:\n  - id: F-1\n    other_usd: 3M\n")
def entry_has_value(ctx):
    for index, entry in enumerate(ctx.model.entries):
        if not (entry.mde_usd or entry.other_usd or entry.design_construction_usd):
            yield Problem(f"entry '{entry.id}' has no dollar value", ("entries", index),
                          "estimate mde_usd and other_usd, even roughly")


def _registers(results):
    return [r for r in results if r.kind == "forecast" and r.facts]


def _lors(results):
    return [r for r in results if r.kind == "lor" and r.facts]


def _lors_and_entries(results):
    """Each LOR with its register entry (or None), when a register is among the checked files."""
    registers = _registers(results)
    if registers:
        for lor in _lors(results):
            yield lor, _match(lor.facts.get("id"), registers), registers


def _match(lor_id, registers):
    for register in registers:
        for entry_id, entry in register.facts["entries"].items():
            if lor_id and (entry.get("lor_id") == lor_id or entry_id == lor_id):
                return register, entry_id, entry
    return None


def _contradicts(here: int, there: int, tolerance: float) -> bool:
    """Two estimates of one sale disagree when they differ by more than `tolerance` of the larger."""
    return abs(here - there) > tolerance * max(here, there)


def _where(result) -> tuple[int, int]:
    return result.anchors.get("id") or result.anchors.get("kind") or (1, 1)


@rule("FCS003", "lor-in-forecast", "LOR has an entry in the forecast register", "warning",
      "SAMM C2.1.3.5.4", "lor", scope="batch",
      why="Javits and FMS forecasts must be in consonance with the country plan and the budget request; an LOR "
          "the register does not know is a sale missing from both reports. Checked when the register is among "
          "the files checked together (for example `sco check office-folder/`).",
      fails="(an LOR whose id no forecast entry names in `lor_id` or `id`)",
      passes="(a forecast entry with `lor_id: <the LOR id>`)")
def lor_in_forecast(results):
    for lor, found, registers in _lors_and_entries(results):
        if found is None:
            names = ", ".join(f"{r.path}:{r.anchors.get('kind', (1, 1))[0]}" for r in registers)
            yield BatchProblem(lor, f"LOR {lor.facts.get('id') or '(no id)'} has no entry in the forecast "
                                    f"register ({names})", *_where(lor), "id",
                               "add an entry with `lor_id:` set to this LOR's id")


@rule("FCS004", "lor-matches-forecast", "LOR values agree with the forecast entry", "warning",
      "SAMM C2.1.3.5.4", "lor", scope="batch",
      why="The register feeds Javits and the forecast; when an LOR's MDE or other value differs from its entry by "
          "more than `forecast_consistency_pct`, or one is Javits-reportable and the other not, the reports "
          "contradict the LOR.",
      fails="(LOR MDE $29,000,000; its forecast entry says $20,000,000)",
      passes="(LOR MDE $29,000,000; its forecast entry says $29,000,000)")
def lor_matches_forecast(results):
    for lor, found, _ in _lors_and_entries(results):
        if found is None:
            continue
        tolerance = lor.thresholds["forecast_consistency_pct"] / 100
        register, entry_id, entry = found
        where = f"{register.path}:{entry['line']}"
        for label, here, there in (("MDE", lor.facts["mde_total_usd"], entry["mde_usd"]),
                                   ("other", lor.facts["other_usd"], entry["other_usd"])):
            if _contradicts(here, there, tolerance):
                yield BatchProblem(lor, f"{label} ${here:,} here, ${there:,} in forecast entry {entry_id} ({where})",
                                   *_where(lor), "id", "update the register or the LOR so they agree")
        if lor.facts["javits_reportable"] != entry["javits_reportable"]:
            yield BatchProblem(lor, f"Javits-reportable here is {str(lor.facts['javits_reportable']).lower()}, "
                                    f"but {str(entry['javits_reportable']).lower()} for forecast entry {entry_id} "
                                    f"({where})", *_where(lor), "id", "align the values")


@rule("FCS005", "fmf-budget-in-forecast", "FMF budget requirement matches a forecast entry", "warning",
      "SAMM C2.1.3.5.4; C2.1.3.4", "budget", scope="batch",
      why="SCO grant-aid budget requests must be in consonance with the Javits/FMS forecasts: each FMF requirement "
          "names the forecast entry it funds (`forecast_entry:`), and its amounts agree with that entry within "
          "`forecast_consistency_pct`. Checked when the register is among the files checked together.",
      fails="requirements:\n  - title: Patrol boats\n    amounts_usd: {2028: 29M}\n",
      passes="requirements:\n  - title: Patrol boats\n    forecast_entry: F-01\n    amounts_usd: {2028: 37M}\n")
def fmf_budget_in_forecast(results):
    registers = _registers(results)
    if not registers:
        return
    entries = {entry_id: (register, entry) for register in registers
               for entry_id, entry in register.facts["entries"].items()}
    names = ", ".join(r.path for r in registers)
    for budget in (r for r in results if r.kind == "budget" and r.facts and r.facts["program"] == "fmf"):
        tolerance = budget.thresholds["forecast_consistency_pct"] / 100
        for requirement in budget.facts["requirements"]:
            line, title, link = requirement["line"], requirement["title"], requirement["forecast_entry"]
            if link is None or link not in entries:
                what = "names no forecast entry" if link is None else f"names forecast entry '{link}', not in"
                yield BatchProblem(budget, f"FMF requirement '{title}' {what} the register ({names})", line, 1,
                                   "", "set `forecast_entry:` to the id of its entry in the forecast register")
                continue
            register, entry = entries[link]
            planned = entry["mde_usd"] + entry["other_usd"]
            asked = requirement["total_usd"]
            if _contradicts(asked, planned, tolerance):
                yield BatchProblem(budget, f"FMF requirement '{title}' asks ${asked:,}; forecast entry {link} "
                                           f"({register.path}:{entry['line']}) totals ${planned:,}", line, 1, "",
                                   "align the request and the register")
