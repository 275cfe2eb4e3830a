"""The SAMM C2 traceability matrix and the rule catalogue hold each other: a rule that cites a C2
paragraph is listed under it, and every rule or command the matrix names exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sco_cli.app import coverage
from sco_cli.app.catalogue import all_rules
from tests.helpers import ROOT, command_paths

ENTRIES = coverage.matrix()
BY_PARAGRAPH = {e["paragraph"]: e for e in ENTRIES}
RULES = all_rules()


def _commands() -> set[str]:
    return {" ".join(["sco", *words]) for words in command_paths() if words}


def test_paragraphs_are_listed_once_with_a_known_status():
    assert len(BY_PARAGRAPH) == len(ENTRIES)
    for entry in ENTRIES:
        assert entry["status"] in coverage.STATUSES, entry["paragraph"]
        assert set(entry) == {"paragraph", "title", "says", "concerns", "status", "rules", "commands", "reason"}
        if entry["status"] in ("covered", "partly"):
            assert entry["rules"] or entry["commands"], f"{entry['paragraph']} is {entry['status']} by nothing"
        else:
            assert entry["reason"], f"{entry['paragraph']} ({entry['status']}) says not why"
        if entry["status"] == "planned":
            assert not entry["rules"], f"{entry['paragraph']} is planned but names rules"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_cited_c2_paragraph_is_in_the_matrix_with_the_rule(code):
    for paragraph in coverage.cited_paragraphs(RULES[code].reference):
        assert paragraph in BY_PARAGRAPH, f"{code} cites {paragraph}, which the matrix does not list"
        assert code in BY_PARAGRAPH[paragraph]["rules"], f"{code} cites {paragraph} but is not listed under it"


def test_every_rule_and_command_the_matrix_names_exists():
    commands = _commands()
    for entry in ENTRIES:
        for code in entry["rules"]:
            assert code in RULES, f"{entry['paragraph']} names rule {code}, which does not exist"
        for command in entry["commands"]:
            assert command in commands, f"{entry['paragraph']} names `{command}`, which does not exist"


def test_cited_paragraphs_reads_ranges_tables_and_other_chapters():
    assert coverage.cited_paragraphs("SAMM C2.1.3.5.2-3; C14.1") == ["C2.1.3.5.2", "C2.1.3.5.3"]
    assert coverage.cited_paragraphs("SAMM Table C2.T1 item 19; DoD 7000.14-R") == ["Table C2.T1"]
    assert coverage.cited_paragraphs("SAMM C2.1.6.7.3 (C10.8); C5.1.2.1 row 5") == ["C2.1.6.7.3"]
    assert coverage.cited_paragraphs("SAMM C12.1.2; DSCA 14-28") == []


def test_coverage_command_prints_the_matrix_and_totals(sco):
    count = coverage.totals(ENTRIES)
    assert count["paragraphs"] == len(ENTRIES) == sum(count[s] for s in coverage.STATUSES)
    text = sco("rules", "coverage")
    assert text.exit_code == 0
    assert text.stdout.rstrip().endswith(coverage.totals_line(count))
    assert "C2.1.5.6.4    covered            EUM008 EUM010 EUM011" in text.stdout
    payload = json.loads(sco("rules", "coverage", "--format", "json").stdout)
    assert payload["totals"] == count and len(payload["paragraphs"]) == len(ENTRIES)
    md = sco("rules", "coverage", "-f", "md").stdout
    assert md.count("\n| C2.") + md.count("\n| Table C2.") == len(ENTRIES)
    assert sco("rules", "coverage", "-f", "csv").exit_code == 2


def test_concepts_page_shows_the_current_totals():
    readme = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    assert coverage.totals_line(coverage.totals(ENTRIES)) in readme


STORED_C2 = Path("/work/shared/reference/samm-c2.txt")
NORMATIVE = re.compile(r"\b(must|shall|will|should|required|requires?|responsible|ensures?|may not)\b", re.I)


@pytest.mark.skipif(not STORED_C2.exists(), reason="the stored SAMM C2 text is not on this machine")
def test_every_normative_paragraph_is_in_the_matrix_or_its_named_exclusions():
    """Issue 21: a paragraph of the stored C2 with a normative word is either traced or named as excluded
    (in the matrix file's header, with the reason); C2.2.1 and C2.2.6 included."""
    header = (ROOT / "sco_cli" / "data" / "c2_matrix.yaml").read_text(encoding="utf-8").split("paragraphs:")[0]
    excluded = set(re.findall(r"C2(?:\.\d+)+", header))
    for stem, tails in re.findall(r"(C2(?:\.\d+)+)((?:/\.\d+)+)", header):  # C2.1.10.1.2/.3/.4
        excluded.update(stem.rsplit(".", 1)[0] + "." + tail for tail in tails.split("/.")[1:])
    unlisted = []
    for line in STORED_C2.read_text(encoding="utf-8").splitlines():
        found = re.match(r"(C2(?:\.\d+)+)\.?\s", line)
        if found and NORMATIVE.search(line) and found.group(1) not in set(BY_PARAGRAPH) | excluded:
            unlisted.append(found.group(1))
    assert unlisted == []
    assert {"C2.2.1", "C2.2.6"} <= excluded and {"C2.1.7.1.2", "C2.3.3.1.3"} <= set(BY_PARAGRAPH)
