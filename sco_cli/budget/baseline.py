"""The FMF program baseline against the LORs (SAMM C2.3.3.1.7): the baseline "must be followed when
submitting Letters of Request ... unless a deviation is sought from the DSCA Country Program Director
and approved by the DoS". Checked when a budget file with a `baseline:` is among the files checked
together; its findings go to the LOR.

The LOR's own facts do not carry its funding, which this rule needs: `lor_facts` adds it, and the
kinds table joins it to the LOR's facts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.registry import BatchProblem, cross_file_rule, some_of
from sco_cli.core.results import FileResult


def lor_facts(ctx: Context[Any]) -> dict[str, Any]:
    """The LOR's funding (national, fmf, other), for the baseline rule and for scripts."""
    return {"funding": ctx.model.funding}


@cross_file_rule(
    "BUD016",
    slug="lor-in-fmf-baseline",
    title="An FMF-funded LOR follows the FMF program baseline",
    severity=Severity.WARNING,
    reference="SAMM C2.3.3.1.7",
    kind="lor",
    why="The DoS-approved FMF program baseline must be followed when submitting LORs unless a deviation is "
    "approved. When a budget file records the baseline (`baseline: lines:` with the `lors:` each line "
    "covers, and approved `deviations:`), an FMF-funded LOR that no line names is a warning on the LOR: "
    "sco matches by LOR id, so a line that covers it but does not list it also shows here.",
    fails="(an LOR with `funding: fmf` whose id no baseline line lists in `lors:`)",
    passes="(a baseline line with `lors: [<the LOR id>]`, or a deviation with `lor: <the LOR id>`)",
)
def lor_in_baseline(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    budgets = [r for r in results if r.kind == "budget" and r.facts.get("program") == "fmf" and r.facts["baseline"]]
    if not budgets or not all(b.reads_whole("baseline") for b in budgets):
        return  # a baseline line sco could not read may be the one that lists the LOR
    covered = {lor for budget in budgets for line in budget.facts["baseline"] for lor in line["lors"]} | {
        lor for budget in budgets for lor in budget.facts["baseline_deviations"]
    }
    names = some_of((f"{b.path}:{b.facts['baseline'][0]['line']}" for b in budgets), len(budgets))
    for lor in results:
        if lor.kind != "lor" or lor.facts.get("funding") != "fmf" or lor.facts.get("id") in covered:
            continue
        line, column = lor.anchors.get("funding") or lor.where()
        yield BatchProblem(
            lor,
            f"FMF-funded LOR {lor.facts.get('id') or '(no id)'} is on no line of the FMF program baseline ({names})",
            line,
            column,
            "funding",
            "add the LOR id to its baseline line's `lors:`, or record the approved deviation under "
            "`baseline: deviations:`",
        )
