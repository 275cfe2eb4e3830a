"""The check and the generator agree (issue 19 point 3): for each document command, the example it is
made from loses one item at a time (every key of the file and of sco.yaml, in turn); whenever the command
then refuses to write the document, `sco check` of the same file had a finding naming that item.

A finding names the item when it is at the item's field (or above or under it), or when its message
names the item's key (an item of sco.yaml is reported on the file the document is made from)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES, findings_of

KEY = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_]+):(?P<rest>.*)$")  # `2026:` too (a plan's year)


@dataclass(frozen=True)
class Removal:
    """One key taken out of a YAML file: its dotted path and the text without it."""

    path: tuple[str, ...]
    text: str


def removals(text: str) -> Iterator[Removal]:
    """Every mapping key of a block-style YAML file (not those inside list items), each removed with
    what is under it."""
    lines = text.split("\n")
    stack: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = KEY.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*(key for _, key in stack), match["key"])
        stack.append((indent, match["key"]))
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        if path == ("kind",):
            continue  # without its kind a file is no document's source; GEN001 says so
        yield Removal(path, "\n".join(lines[:index] + lines[end:]))


def names(finding: dict[str, object], path: tuple[str, ...]) -> bool:
    """Whether `finding` names the item at `path`: it is at that field (or above or under it), or its
    message or hint names the key (in backticks, or as `sco.yaml cui: category`)."""
    field = re.sub(r"\[\d+\]", "", str(finding["field"] or ""))  # `removals` names no list position
    dotted = ".".join(path)
    if field and (field == dotted or field.startswith(dotted + ".") or dotted.startswith(field + ".")):
        return True
    said = f"{finding['message']} {finding['hint']}"
    quoted = any(re.search(rf"\b{path[-1]}\b", span) for span in re.findall(r"`([^`]*)`", said))
    return quoted or f"sco.yaml {': '.join(path)}" in said


@dataclass(frozen=True)
class Case:
    """A document command, the example it is made from (changed by `prepare`), and where it writes."""

    name: str
    example: str
    command: Callable[[Path, Path], list[str]]
    """The command's arguments, from the source file and an output folder."""
    prepare: Callable[[str], str] = lambda text: text
    refusals: int = 6
    """At least this many removals are refused (the case exercises refusals)."""
    writes: bool = True
    """False: the command prints (`sco lor route`); it refuses by its exit code alone."""
    template: str | None = None
    """The template it renders (default: the case's name), None for a command that renders none."""

    @property
    def renders(self) -> str | None:
        return self.template if self.template is not None else f"{self.name}.md.j2"

    asks: tuple[tuple[str, ...], ...] = ()
    """Keys that ask for this document: without them the file asks for another one, and a refusal says
    the command's option does not fit the file (`--manual` where SC-TMS is available), not what it lacks."""


def _manual(text: str) -> str:
    return text.replace(
        "tms_available: true",
        "tms_available: false\n  ccmd_waiver:\n    reference: EUCOM-W-26-07\n    date: 2026-11-18\n"
        "  issuing_official: COL Jane Rivera, Chief, Office of Defense Cooperation",
    ).replace(
        "  imet_fiscal_year: 2027\n",
        "  imet_fiscal_year: 2027\n  citations:\n"
        "    - {line_of_accounting: 97-11X8242 2027 IMET XS, amount_usd: 18400}\n",
    )


CASES = [
    Case(
        "ito-data-sheet",
        "students/ready.yaml",
        lambda source, out: ["ito", "generate", str(source), "-o", str(out), "--format", "md"],
    ),
    Case(
        "ito-manual",
        "students/ready.yaml",
        lambda source, out: ["ito", "generate", str(source), "-o", str(out), "--format", "md", "--manual"],
        _manual,
        asks=(("ito",), ("ito", "tms_available")),
    ),
    Case("cta", "lor-cta.yaml", lambda source, out: ["cta", "generate", str(source), "-o", str(out / "cta.md")]),
    Case(
        "sco-endorsement",
        "lor-nvd-repeat.yaml",
        lambda source, out: ["cta", "generate", str(source), "-o", str(out / "endorsement.md"), "--endorsement"],
    ),
    Case(
        "budget-fmf",
        "budget-fmf.yaml",
        lambda source, out: ["budget", "justify", str(source), "-o", str(out / "j.md")],
        template="budget-justification.md.j2",
    ),
    Case(
        "budget-imet",
        "budget-imet.yaml",
        lambda source, out: ["budget", "justify", str(source), "-o", str(out / "j.md")],
        template="budget-justification.md.j2",
    ),
    Case("javits", "forecast.yaml", lambda source, out: ["javits", "report", str(source), "-o", str(out / "j.md")]),
    Case("forecast", "forecast.yaml", lambda source, out: ["forecast", "report", str(source), "-o", str(out / "f.md")]),
    Case("eum-inventory", "eum.yaml", lambda source, out: ["eum", "inventory", str(source), "-o", str(out / "e.md")]),
    Case(
        "prominence",
        "graduates/prominent.yaml",
        lambda source, out: ["training", "prominence", str(source), "-o", str(out / "p.md")],
    ),
    Case(
        "fmt",
        "training-plan.yaml",
        lambda source, out: ["training", "fmt", str(source), "--fy", "2026", "-o", str(out / "fmt.md")],
    ),
    Case(
        "translation-letter",
        "sco.yaml",
        lambda source, out: [
            *("translation", "letter", "--config", str(source), "-o", str(out / "letter.md")),
            *("--document", "LOA XS-P-SAB", "--language", "French"),
        ],
    ),
    Case("brief", "sco.yaml", lambda source, out: ["brief", str(source), "-o", str(out / "brief.md")], refusals=3),
    Case(
        "calendar-ics",
        "training-plan.yaml",
        lambda source, out: ["calendar", str(source), "-o", str(out / "fy.ics")],
        refusals=0,
        template="",
    ),
    Case(
        "lor-route",
        "lor-complete.yaml",
        lambda source, out: ["lor", "route", str(source)],
        refusals=1,
        writes=False,
        template="",
    ),
]


def test_every_document_sco_renders_has_a_case():
    """A new document command is held to the check as soon as it exists: its template needs a case here."""
    from sco_cli.app.templates import DOCUMENTS

    assert set(DOCUMENTS) <= {case.renders for case in CASES}, set(DOCUMENTS) - {case.renders for case in CASES}


def _written(folder: Path) -> bool:
    return folder.exists() and any(folder.iterdir())


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_no_command_refuses_for_a_reason_the_check_did_not_show(case, sco, tmp_path):
    office = (EXAMPLES / "sco.yaml").read_text()
    source_text = case.prepare((EXAMPLES / case.example).read_text())
    (tmp_path / "sco.yaml").write_text(office)
    source = tmp_path / Path(case.example).name
    source.write_text(source_text)
    complete = tmp_path / "complete"
    complete.mkdir()
    assert sco(*case.command(source, complete), "--as-of", AS_OF).exit_code == 0, "the example itself is refused"
    assert _written(complete) or not case.writes

    tried, refused, unseen = 0, 0, []
    variants = [(source, removal) for removal in removals(source_text) if removal.path not in case.asks]
    if source.name != "sco.yaml":  # a document made from the office file alone: its keys are the source's
        variants += [(tmp_path / "sco.yaml", removal) for removal in removals(office)]
    for number, (changed, removal) in enumerate(variants):
        source.write_text(source_text)
        (tmp_path / "sco.yaml").write_text(office)
        changed.write_text(removal.text)
        out = tmp_path / f"out-{number}"
        out.mkdir()
        result = sco(*case.command(source, out), "--as-of", AS_OF)
        tried += 1
        written = _written(out) if case.writes else result.exit_code == 0
        if written and result.exit_code == 0:
            continue
        _, payload = sco.json("check", str(source), "--as-of", AS_OF)
        found = [f for f in findings_of(payload) if f["severity"] != "info"]  # sco.yaml's own, too
        if written:  # a report written whole exits 1 for the errors in its files: the check's own
            if not any(f["severity"] == "error" for f in found):
                unseen.append(f"{'.'.join(removal.path)}: exit {result.exit_code} ({result.stderr.strip()})")
            continue
        refused += 1
        said = " ".join(result.stderr.split())  # a refusal in the check's own words (CUI001) shows its reason
        if not any(names(f, removal.path) or " ".join(f["message"].split()) in said for f in found):
            where = "sco.yaml " if changed.name == "sco.yaml" else ""
            unseen.append(
                f"{where}{'.'.join(removal.path)}: refused ({result.stderr.strip()}) but the check said {found}"
            )
    assert refused >= case.refusals and tried > refused, (tried, refused)  # the cases exercise refusals
    assert not unseen, "\n".join(unseen)


def test_cta_facts_carry_the_gaps_beside_cta_required(sco, tmp_path):
    """`cta_required` is SAMM's question; `cta_document_gaps` what the document still lacks (CTA007)."""
    office = (EXAMPLES / "sco.yaml").read_text()
    start = office.index("chief_of_mission:")
    end = office.index("marking:")
    (tmp_path / "sco.yaml").write_text(office[:start] + office[end:])
    lor = tmp_path / "lor.yaml"
    lor.write_text((EXAMPLES / "lor-cta.yaml").read_text())
    code, payload = sco.json("lor", "check", str(lor), "--as-of", AS_OF)
    facts = payload["files"][0]["facts"]
    item = "the Chief of Mission (sco.yaml `chief_of_mission: name`)"
    assert code == 0 and facts["cta_required"] is True and facts["cta_document_gaps"] == [item]
    assert [(f["code"], f["message"]) for f in findings_of(payload) if f["code"] == "CTA007"] == [
        ("CTA007", f"the CTA needs {item}")
    ]
    result = sco("cta", "generate", str(lor), "-o", str(tmp_path / "cta.md"), "--as-of", AS_OF)
    assert result.exit_code == 1 and item in result.stderr and not (tmp_path / "cta.md").exists()
