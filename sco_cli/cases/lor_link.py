"""An LOR whose LOA the purchaser accepted has a case file (SAMM C2.1.5.2): checked across the
files checked together, like the forecast consistency rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sco_cli.core.findings import Severity
from sco_cli.core.registry import BatchProblem, cross_file_rule
from sco_cli.core.results import FileResult


@cross_file_rule(
    "CAS010",
    slug="lor-case-file",
    title="LOR with an accepted LOA has a case file",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.2",
    kind="lor",
    why="Once the purchaser accepts the LOA (`loa_accepted:` on the LOR), the SCO keeps a case file with copies "
    "of the LOR, the LOA and what follows. The LOR names its case (`case:`); when case files are among the "
    "files checked together (for example `sco check office-folder/`), one must carry that id.",
    fails="(an LOR with `loa_accepted:` and no `case:`, or naming a case no case file carries)",
    passes="(an LOR with `case: XS-P-SAB` checked with a case file `id: XS-P-SAB`)",
)
def lor_case_file(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    cases = [r for r in results if r.kind == "case" and r.facts]
    ids = {str(r.facts["id"]).strip().upper() for r in cases}
    for lor in results:
        if lor.kind != "lor" or not lor.facts or not lor.facts.get("loa_accepted"):
            continue
        accepted, case = lor.facts["loa_accepted"], lor.facts.get("case")
        line, column = lor.anchors.get("loa_accepted", lor.where())
        if not case:
            yield BatchProblem(
                lor,
                f"LOR {lor.facts.get('id') or '(no id)'}: LOA accepted {accepted} but the LOR names no case",
                line,
                column,
                "loa_accepted",
                "add `case: <case id>` and keep a case file (`kind: case`) for it",
            )
        elif cases and str(case).strip().upper() not in ids:
            line, column = lor.anchors.get("case", (line, column))
            yield BatchProblem(
                lor,
                f"LOR {lor.facts.get('id') or '(no id)'}: LOA accepted {accepted}; no case file for case {case} "
                "among the files checked",
                line,
                column,
                "case",
                f"add a case file with `kind: case` and `id: {case}`",
            )
