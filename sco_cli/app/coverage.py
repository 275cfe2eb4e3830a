"""The SAMM C2 traceability matrix (`sco_cli/data/c2_matrix.yaml`): each normative paragraph of the
chapter that concerns an SCO file or document, with the rules and commands that implement it.
`sco rules coverage` prints it; tests hold it and the rule catalogue to each other."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sco_cli.core.data import shipped

STATUSES = ("covered", "partly", "planned", "gap", "not_file_checkable")
_C2 = re.compile(r"(?<!guide )(Table C2\.T\d+|\bC2(?:\.\d+)+)(?:-(\d+))?")  # not the NVD guide's C2.x


def matrix() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = shipped("c2_matrix")["paragraphs"]
    return entries


def cited_paragraphs(reference: str) -> list[str]:
    """The C2 paragraphs a rule's reference cites: `SAMM C2.1.3.5.2-3; C14.1` -> C2.1.3.5.2, C2.1.3.5.3."""
    found: list[str] = []
    for match in _C2.finditer(reference):
        first, last = match.group(1), match.group(2)
        if last and not first.startswith("Table"):
            stem, start = first.rsplit(".", 1)
            found += [f"{stem}.{n}" for n in range(int(start), int(last) + 1)]
        else:
            found.append(first)
    return list(dict.fromkeys(found))


def totals(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for entry in entries:
        counts[entry["status"]] += 1
    counts["not_covered"] = counts["planned"] + counts["gap"]
    counts["paragraphs"] = sum(counts[s] for s in STATUSES)
    return counts


def totals_line(count: dict[str, int]) -> str:
    return (
        f"{count['paragraphs']} normative paragraphs of SAMM C2: {count['covered']} covered, {count['partly']} partly, "
        f"{count['not_covered']} not covered ({count['planned']} planned, {count['gap']} gap), "
        f"{count['not_file_checkable']} not file-checkable"
    )


def as_text(entries: list[dict[str, Any]]) -> str:
    lines = []
    for e in entries:
        implemented = " ".join(e["rules"] + [f"`{c}`" for c in e["commands"]]) or "-"
        lines.append(f"{e['paragraph']:<13} {e['status']:<18} {implemented}")
        lines.append(f"{'':<13} {e['title'] or e['concerns']}" + (f": {e['reason']}" if e["reason"] else ""))
    return "\n".join(lines) + "\n\n" + totals_line(totals(entries)) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(entries: list[dict[str, Any]]) -> str:
    count = totals(entries)
    lines = [
        "# SAMM C2 traceability matrix",
        "",
        totals_line(count),
        "",
        "| paragraph | title | status | rules | commands | note |",
        "|---|---|---|---|---|---|",
    ]
    for e in entries:
        cells = (
            e["paragraph"],
            e["title"],
            e["status"].replace("_", " "),
            ", ".join(e["rules"]),
            ", ".join(f"`{c}`" for c in e["commands"]),
            e["reason"],
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def as_dict(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The matrix's keys of the JSON envelope (`sco_cli.app.output`)."""
    return {
        "source": "SAMM C2, Page Updated 09-12-2012 (stored copy)",
        "totals": totals(entries),
        "paragraphs": entries,
    }
