"""An LOR whose LOA the purchaser accepted has a case file, and a case file holds the CTA its LOR
needed (SAMM C2.1.5.2): checked across the files checked together, like the forecast consistency rules."""

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


@cross_file_rule(
    "CAS012",
    slug="case-file-cta",
    title="Case file holds the CTA its LOR needed",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.2; C2.1.4.2",
    kind="case",
    why="SCO case files should contain copies of LORs and CTAs; a CTA must accompany any LOR within the criteria of "
    "C5.1.4 (C2.1.4.2). When a case's LOR (`lor:` on the case) is among the files checked and sco decides it needs "
    "a CTA (LOR017), the case file lists the CTA (`kind: cta` with a path or reference), or `not_applicable: [cta]`.",
    fails="(a case with `lor: [XS-LOR-2026-030]`, that LOR needing a CTA, and no `kind: cta` document)",
    passes="(the same case with `- {kind: cta, path: cta-XS-LOR-2026-030.docx}`)",
)
def case_file_cta(results: Sequence[FileResult]) -> Iterator[BatchProblem]:
    needing = {
        str(r.facts["id"]).strip().upper()
        for r in results
        if r.kind == "lor" and r.facts and r.facts.get("id") and r.facts.get("cta_required")
    }
    if not needing:
        return
    for case in results:
        if case.kind != "case" or not case.facts or "cta" in case.facts.get("documents", []):
            continue
        if not case.reads_whole("documents"):
            continue  # the document sco could not read may be the CTA
        lors = [str(lor) for lor in case.facts.get("lor", []) if str(lor).strip().upper() in needing]
        if lors:
            line, column = case.anchors.get("documents", case.anchors.get("lor", case.where()))
            yield BatchProblem(
                case,
                f"case {case.facts['id']}: LOR {', '.join(lors)} needed a CTA, and the case file lists none",
                line,
                column,
                "documents",
                "add `- {kind: cta, path: ...}` (or `reference:`) under `documents:`",
            )
