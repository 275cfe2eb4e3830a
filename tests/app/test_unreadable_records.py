"""Issue 19 point 2, the record left out: when one record of a register (a forecast entry, an EUM article, a
budget requirement, a case document) lacks a required field, or holds a required value sco cannot read, or is
not a record at all, only that record is left out. Every report lists the register's other records, names the
one it could not read (file, line, `entries[i]`, why), refuses its document (exit 1) unless --draft, which
writes it marked DRAFT with the record as a gap; text and JSON say the same. Findings keep the file's
numbering: a finding on `entries[2]` says `entries[2]` and its line even when `entries[0]` was left out.
Each report through the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import AS_OF, EXAMPLES, findings_of


def _entry(number: int, **values: str) -> dict[str, str]:
    entry = {
        "id": f"F-{number:02}",
        "description": f"Patrol boat {number}",
        "channel": "fms",
        "mde_usd": "10M",
        "probability": "0.95",
        "expected_date": f"2027-0{number % 9 + 1}-10",
    }
    entry.update(values)
    return entry


def _register(entries: list[dict[str, str] | str]) -> tuple[str, list[int]]:
    """A forecast register's text and the line each entry starts on. An entry given as text is written
    as it is (an item that is not a mapping); a value None leaves the field out."""
    lines = ["kind: forecast", "country: Republic of Examplestan", "entries:"]
    starts = []
    for entry in entries:
        starts.append(len(lines) + 1)
        if isinstance(entry, str):
            lines.append(f"  - {entry}")
            continue
        fields = [f"{key}: {value}" for key, value in entry.items() if value is not None]
        lines.append(f"  - {fields[0]}")
        lines += [f"    {field}" for field in fields[1:]]
    return "\n".join(lines) + "\n", starts


def _office(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "sco.yaml", folder / "sco.yaml")
    return folder


BROKEN = {
    "missing probability": {"probability": None},
    "missing id": {"id": None},
    "probability unreadable": {"probability": "very likely"},
    "date unreadable": {"expected_date": "next spring"},
}
"""Ways one entry cannot be read, each costing the entry (a required field)."""

REPORTS = {
    "javits": ("javits", "report", "--year", "2027"),
    "forecast": ("forecast", "report", "--fy", "2027"),
}


def _listed(payload: dict[str, object]) -> set[str]:
    rows = [*payload["entries"], *payload["excluded"]]  # type: ignore[misc]
    return {row["id"] for row in rows}


@pytest.mark.parametrize("report", sorted(REPORTS))
@pytest.mark.parametrize("how", sorted(BROKEN))
def test_one_entry_not_read_leaves_the_others_listed(sco, tmp_path, report, how):
    entries = [_entry(1), _entry(2, **BROKEN[how]), _entry(3)]
    text, starts = _register(entries)
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text)
    args = (*REPORTS[report], str(folder), "--as-of", AS_OF)
    code, payload = sco.json(*args)
    assert code == 1
    assert _listed(payload) == {"F-01", "F-03"}
    if report == "javits":
        assert [row["id"] for row in payload["entries"]] == ["F-01", "F-03"]
    [unread] = payload["unreadable"]
    assert unread["entry"] == "entries[1]" and unread["whole_file"] is False
    assert unread["file"].endswith("forecast.yaml") and starts[1] <= unread["line"] < starts[2]
    plain = sco(*args)
    assert plain.exit_code == 1
    body, named = plain.stdout.split("Not read, so not in this report (1;")
    assert "F-01" in body and "F-03" in body and "F-02" not in body
    assert f"forecast.yaml:{unread['line']}: entries[1]: not read" in named or (
        f"forecast.yaml:{unread['line']}: not read: entries[1]" in named
    )
    assert "nothing in the file was read" not in plain.stdout
    target = tmp_path / "report.md"
    refused = sco(*args, "-o", str(target))
    assert refused.exit_code == 1 and not target.exists() and "entries[1]" in refused.stderr
    drafted = sco(*args, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and "(DRAFT)" in drafted.stdout
    document = target.read_text()
    assert "DRAFT - not for release. Gaps:" in document and "entries\\[1\\]" in document
    if report == "javits":
        assert "F-01" in document and "F-03" in document


def test_an_item_that_is_not_a_mapping_is_named_and_the_others_read(sco, tmp_path):
    text, starts = _register([_entry(1), "just a note", _entry(3)])
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text)
    code, payload = sco.json(*REPORTS["javits"], str(folder), "--as-of", AS_OF)
    assert code == 1 and [row["id"] for row in payload["entries"]] == ["F-01", "F-03"]
    [unread] = payload["unreadable"]
    assert unread["entry"] == "entries[1]" and unread["line"] == starts[1] and not unread["whole_file"]


def test_findings_keep_the_file_numbering_when_an_entry_is_left_out(sco, tmp_path):
    """entries[0] is left out; the repeated id of entries[2] is still said of entries[2], at its line, and
    the facts number the entries as the file does."""
    text, starts = _register([_entry(1, probability=None), _entry(2), _entry(3, id="F-02")])
    register = tmp_path / "forecast.yaml"
    register.write_text(text)
    code, payload = sco.json("check", str(register), "--as-of", AS_OF)
    assert code == 1
    found = {(f["code"], f["field"], f["line"]) for f in findings_of(payload)}
    assert ("GEN010", "entries[0].probability", starts[0]) in found
    assert ("FCS001", "entries[2].id", starts[2]) in found
    facts = payload["files"][0]["facts"]["entries"]
    assert facts["F-02"]["index"] == 1 and facts["F-02"]["line"] == starts[1]
    assert "F-01" not in facts


def test_every_entry_not_read_names_each_and_lists_none(sco, tmp_path):
    entries = [_entry(n, probability=None) for n in range(1, 6)]
    text, starts = _register(entries)
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text)
    code, payload = sco.json(*REPORTS["javits"], str(folder), "--as-of", AS_OF)
    assert code == 1 and payload["entries"] == [] and payload["excluded"] == []
    assert [u["entry"] for u in payload["unreadable"]] == [f"entries[{n}]" for n in range(5)]
    assert [u["line"] for u in payload["unreadable"]] == starts
    target = tmp_path / "j.md"
    assert sco(*REPORTS["javits"], str(folder), "--as-of", AS_OF, "-o", str(target)).exit_code == 1
    assert not target.exists()


def test_entries_past_the_finding_cap_are_still_named(sco, tmp_path):
    """300 entries without `probability`: the check lists 200 findings, the report names all 300."""
    entries = [_entry(n, probability=None) for n in range(300)] + [_entry(300)]
    text, _ = _register(entries)
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text)
    code, payload = sco.json(*REPORTS["javits"], str(folder), "--as-of", AS_OF)
    assert code == 1 and _listed(payload) == {"F-300"}
    assert sorted(u["entry"] for u in payload["unreadable"]) == sorted(f"entries[{n}]" for n in range(300))


def test_a_register_without_its_required_country_is_still_named_whole(sco, tmp_path):
    """What no list holds (a required top-level field) still costs the file: named as such."""
    text, _ = _register([_entry(1), _entry(2)])
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text.replace("country: Republic of Examplestan\n", ""))
    code, payload = sco.json(*REPORTS["javits"], str(folder), "--as-of", AS_OF)
    assert code == 1 and payload["entries"] == []
    [unread] = payload["unreadable"]
    assert unread["whole_file"] is True and "country" in unread["why"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    count=st.integers(min_value=2, max_value=8),
    data=st.data(),
)
def test_any_one_entry_broken_leaves_the_others_listed(sco, tmp_path_factory, count, data):
    broken = data.draw(st.integers(min_value=0, max_value=count - 1), label="broken")
    how = data.draw(st.sampled_from([*sorted(BROKEN), "not a mapping"]), label="how")
    entries: list[dict[str, str] | str] = [_entry(n) for n in range(count)]
    entries[broken] = "a note, not an entry" if how == "not a mapping" else _entry(broken, **BROKEN[how])
    text, starts = _register(entries)
    folder = _office(tmp_path_factory.mktemp("office"))
    (folder / "forecast.yaml").write_text(text)
    code, payload = sco.json(*REPORTS["javits"], str(folder), "--as-of", AS_OF)
    assert code == 1
    assert _listed(payload) == {f"F-{n:02}" for n in range(count) if n != broken}
    [unread] = payload["unreadable"]
    assert unread["entry"] == f"entries[{broken}]" and not unread["whole_file"]
    end = starts[broken + 1] if broken + 1 < count else len(text.splitlines()) + 1
    assert starts[broken] <= unread["line"] < end


def _eum_without_description(folder: Path) -> Path:
    text = (EXAMPLES / "eum.yaml").read_text()
    assert "    description: AN/PVS-14 night vision monocular\n" in text
    register = folder / "eum.yaml"
    register.write_text(text.replace("    description: AN/PVS-14 night vision monocular\n", "", 1))
    return register


def test_eum_inventory_lists_the_other_articles(sco, tmp_path):
    register = _eum_without_description(_office(tmp_path / "office"))
    target = tmp_path / "sheet.md"
    refused = sco("eum", "inventory", str(register), "-o", str(target), "--as-of", AS_OF)
    assert refused.exit_code == 1 and not target.exists()
    assert "eum.yaml:30: articles[1]: not read: required field 'description' is missing" in refused.stderr
    drafted = sco("eum", "inventory", str(register), "-o", str(target), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1 and "(DRAFT)" in drafted.stdout
    sheet = target.read_text()
    assert "CLU-10231" in sheet and "PVS-88101" not in sheet  # the readable article listed, the other a gap
    assert "eum.yaml:30: articles\\[1\\]: not read" in sheet


def test_an_unreadable_inventory_inside_an_article_is_one_finding_and_names_the_article(sco, tmp_path):
    """A record in a list that is not the register's main list: the article's inventory without its date.
    The article is named (its inventories are not all read); no rule judges its inventories meanwhile."""
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "eum.yaml").read_text()
    assert "      - date: 2026-04-20\n        by:" in text
    register = folder / "eum.yaml"
    register.write_text(text.replace("      - date: 2026-04-20\n        by:", "      - by:", 1))
    code, payload = sco.json("check", str(register), "--as-of", AS_OF)
    assert code == 1
    new = [(f["code"], f["field"]) for f in findings_of(payload) if f["field"].startswith("articles[0]")]
    assert new == [("GEN010", "articles[0].inventories[0].date")]
    target = tmp_path / "sheet.md"
    drafted = sco("eum", "inventory", str(register), "-o", str(target), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1
    sheet = target.read_text()
    assert "PVS-88101" in sheet and "CLU-10231" not in sheet and "articles\\[0\\]" in sheet


def test_budget_justification_lists_the_other_requirements(sco, tmp_path):
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "budget-fmf.yaml").read_text()
    assert "    title: HF radios for the 2nd Mechanized Brigade\n" in text
    budget = folder / "budget.yaml"
    budget.write_text(text.replace("    title: HF radios for the 2nd Mechanized Brigade\n", "", 1))
    target = tmp_path / "j.md"
    refused = sco("budget", "justify", str(budget), "-o", str(target), "--as-of", AS_OF)
    assert refused.exit_code == 1 and not target.exists()
    assert "budget.yaml:39: requirements[1]: not read: required field 'title' is missing" in refused.stderr
    drafted = sco("budget", "justify", str(budget), "-o", str(target), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1 and "(DRAFT)" in drafted.stdout
    document = target.read_text()
    assert "Priority 1: Coastal patrol boats" in document and "requirements\\[1\\]: not read" in document


def test_budget_justification_names_a_baseline_line_it_cannot_read(sco, tmp_path):
    """A broken record in a list that is not the register's main list (the baseline's lines)."""
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "budget-fmf.yaml").read_text()
    assert "    - id: BL-2027-1\n      description:" in text
    budget = folder / "budget.yaml"
    budget.write_text(text.replace("    - id: BL-2027-1\n      description:", "    - description:", 1))
    target = tmp_path / "j.md"
    refused = sco("budget", "justify", str(budget), "-o", str(target), "--as-of", AS_OF)
    assert refused.exit_code == 1 and not target.exists() and "baseline.lines[0]" in refused.stderr
    drafted = sco("budget", "justify", str(budget), "-o", str(target), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1 and "Priority 2: HF radios" in target.read_text()


def test_case_status_lists_a_case_whose_document_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "cases")
    for case in ("XS-B-ZAD.yaml", "XS-P-SAB.yaml", "XS-D-GAA.yaml"):
        shutil.copy(EXAMPLES / "cases" / case, folder / case)
    text = (EXAMPLES / "cases" / "XS-B-ZAD.yaml").read_text()
    assert "  - {kind: loa, date: 2026-10-30" in text
    (folder / "XS-B-ZAD.yaml").write_text(text.replace("  - {kind: loa, date: 2026-10-30", "  - {date: 2026-10-30"))
    code, payload = sco.json("case", "status", str(folder), "--as-of", AS_OF)
    assert code == 1
    rows = {row["case"]: row for row in payload["cases"]}
    assert set(rows) == {"XS-B-ZAD", "XS-P-SAB", "XS-D-GAA"}
    assert rows["XS-B-ZAD"]["missing_documents"] == []  # the unreadable document may be the LOA: not "lacks loa"
    [unread] = payload["unreadable"]
    assert unread["file"].endswith("XS-B-ZAD.yaml") and unread["entry"] == "documents[1]"
    assert unread["line"] == 14 and "'kind' is missing" in unread["why"] and not unread["whole_file"]
    plain = sco("case", "status", str(folder), "--as-of", AS_OF)
    body, named = plain.stdout.split("Not read")
    assert plain.exit_code == 1 and "XS-B-ZAD" in body and "XS-B-ZAD.yaml:14: documents[1]: not read" in named
    assert "lacks loa" not in body


def test_calendar_keeps_the_events_of_the_other_articles(sco, tmp_path):
    folder = _office(tmp_path / "office")
    _eum_without_description(folder)
    code, payload = sco.json("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF)
    assert code == 1
    titles = " ".join(item["title"] for item in payload["items"])
    assert "Javelin command launch unit" in titles
    [unread] = payload["unreadable"]
    assert unread["entry"] == "articles[1]" and unread["line"] == 30 and not unread["whole_file"]
    plain = sco("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF, "--color", "never")
    body, named = plain.stdout.split("Not read")
    assert "Javelin command launch unit" in body and "eum.yaml:30: articles[1]: not read" in named
    target = tmp_path / "fy.ics"
    assert sco("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF, "-o", str(target)).exit_code == 1
    assert not target.exists()
    drafted = sco("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and "Javelin command launch unit" in target.read_text()


PROMINENT = (EXAMPLES / "graduates" / "prominent.yaml").read_text()


def test_prominence_names_a_graduate_whose_course_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "graduates")
    (folder / "prominent.yaml").write_text(PROMINENT)
    assert "      - requirement: O-3 or above\n        met: true" in PROMINENT
    (folder / "other.yaml").write_text(
        PROMINENT.replace("surname: Vaher", "surname: Tamm").replace(
            "      - requirement: O-3 or above\n        met: true", "      - met: true", 1
        )
    )
    code, payload = sco.json("training", "prominence", str(folder), "--as-of", AS_OF)
    assert code == 1 and [row["name"] for row in payload["entries"]] == ["VAHER, Kristjan"]
    [unread] = payload["unreadable"]
    assert unread["file"].endswith("other.yaml") and unread["entry"] == "courses[0]" and not unread["whole_file"]
    assert "requirement" in unread["why"]
    target = tmp_path / "ppr.md"
    refused = sco("training", "prominence", str(folder), "--as-of", AS_OF, "-o", str(target))
    assert refused.exit_code == 1 and not target.exists() and "other.yaml" in refused.stderr
    drafted = sco("training", "prominence", str(folder), "--as-of", AS_OF, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and "VAHER" in target.read_text()


def _check_json(*args: object) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sco_cli", "check", *map(str, args), "--format", "json", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_records_left_out_give_the_same_answer_with_workers(tmp_path):
    """The examples with a forecast entry, an EUM article and a budget requirement left out: cross-file
    rules (the LORs against the register, the budget against it) give the same JSON with --jobs 2."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    _eum_without_description(folder)
    forecast = folder / "forecast.yaml"
    forecast.write_text(forecast.read_text().replace("    probability: 0.95\n", "", 1))
    budget = folder / "budget-fmf.yaml"
    budget.write_text(budget.read_text().replace("    title: HF radios for the 2nd Mechanized Brigade\n", "", 1))
    one = _check_json(folder, "--jobs", "1")
    assert _check_json(folder, "--jobs", "2") == one
    files = {Path(file["path"]).name: file for file in json.loads(one)["files"]}
    for name in ("forecast.yaml", "eum.yaml", "budget-fmf.yaml"):
        assert files[name]["facts"], name  # loaded: the other records read


def test_training_fmt_lists_the_other_lines_of_the_year(sco, tmp_path):
    """A record in a year's list (`years.2026.lines[1]`), keyed by year rather than numbered."""
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "training-plan.yaml").read_text()
    old = "      - masl: B309020\n        title: English Language Instructor Course\n"
    start, end = text.index(old), text.index("  2027:\n")
    (folder / "plan.yaml").write_text(text[:start] + "      - a note, not a line\n" + text[end:])
    code, payload = sco.json("training", "fmt", str(folder), "--fy", "2026", "--as-of", AS_OF)
    assert code == 1
    assert "Naval Staff College" in json.dumps(payload)
    [unread] = payload["unreadable"]
    assert unread["entry"] == "years.2026.lines[1]" and unread["line"] == 30 and not unread["whole_file"]
    plain = sco("training", "fmt", str(folder), "--fy", "2026", "--as-of", AS_OF)
    body, named = plain.stdout.split("Not read")
    assert "Naval Staff College" in body and "plan.yaml:30: not read: years.2026.lines[1]" in named


def test_an_unknown_field_leaves_its_entry_read(sco, tmp_path):
    """A misspelt key (GEN008) is the check's business: the entry is read around it and listed, not named."""
    text, _ = _register([_entry(1, notez="spelt wrong"), _entry(2)])
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text)
    code, payload = sco.json(*REPORTS["javits"], str(folder), "--as-of", AS_OF)
    assert code == 1  # the GEN008 is an error of the check
    assert payload["unreadable"] == [] and [row["id"] for row in payload["entries"]] == ["F-01", "F-02"]


def _codes(payload: dict[str, object], name: str) -> set[str]:
    return {f["code"] for file in payload["files"] if Path(file["path"]).name == name for f in file["findings"]}  # type: ignore[attr-defined,index]


def test_cross_file_rules_say_nothing_absent_that_may_be_the_record_not_read(sco, tmp_path):
    """F-01 (lor_id XS-LOR-2026-030) left out: lor-cta.yaml's LOR and budget-fmf.yaml's requirement naming
    F-01 are not said to be missing from the register (the GEN010 is the one finding); the LOR that no
    entry names, readable or not, still is (FCS003 on lor-flawed.yaml)."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    forecast = folder / "forecast.yaml"
    text = forecast.read_text()
    assert "    lor_id: XS-LOR-2026-030\n" in text.split("  - id: F-02")[0]
    forecast.write_text(text.replace("    probability: 0.95\n", "", 1))
    code, payload = sco.json("check", str(folder), "--as-of", AS_OF)
    assert code == 1
    assert "GEN010" in _codes(payload, "forecast.yaml")
    assert "FCS003" not in _codes(payload, "lor-cta.yaml") and "FCS005" not in _codes(payload, "budget-fmf.yaml")
    assert {"FCS003", "BUD016"} <= _codes(payload, "lor-flawed.yaml")
    [unread] = next(f for f in payload["files"] if f["kind"] == "forecast")["facts"]["unread_entries"]
    assert unread == {"index": 0, "line": 9, "id": "F-01", "lor_id": "XS-LOR-2026-030"}


def test_an_entry_that_names_nothing_keeps_every_absence_unsaid(sco, tmp_path):
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    forecast = folder / "forecast.yaml"
    forecast.write_text(forecast.read_text().replace("entries:\n", "entries:\n  - a note, not an entry\n", 1))
    code, payload = sco.json("check", str(folder), "--as-of", AS_OF)
    assert code == 1 and "FCS003" not in _codes(payload, "lor-flawed.yaml")


def test_a_case_document_not_read_may_be_the_cta(sco, tmp_path):
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    case = folder / "cases" / "XS-P-SAB.yaml"
    assert "  - kind: cta\n" in case.read_text()
    case.write_text(case.read_text().replace("  - kind: cta\n", "  - title: the assessment\n", 1))
    code, payload = sco.json("check", str(folder), "--as-of", AS_OF)
    assert code == 1
    codes = _codes(payload, "XS-P-SAB.yaml")
    assert "GEN010" in codes and "CAS001" not in codes and "CAS004" not in codes and "CAS005" not in codes
    found = [f for f in findings_of(payload) if f["file"].endswith("XS-P-SAB.yaml") and "CTA" in f["message"]]
    assert found == []


def test_a_baseline_line_not_read_may_list_the_lor(sco, tmp_path):
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    budget = folder / "budget-fmf.yaml"
    assert "    - id: BL-2027-1\n      description:" in budget.read_text()
    budget.write_text(budget.read_text().replace("    - id: BL-2027-1\n      description:", "    - description:", 1))
    code, payload = sco.json("check", str(folder), "--as-of", AS_OF)
    assert code == 1 and "GEN010" in _codes(payload, "budget-fmf.yaml")
    assert "BUD016" not in _codes(payload, "lor-flawed.yaml")


def test_an_entry_with_an_amount_not_read_is_compared_with_nothing(sco, tmp_path):
    """F-01's MDE unreadable (read as $0 only to check the rest): the LOR's $29M is not said to disagree."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    forecast = folder / "forecast.yaml"
    forecast.write_text(forecast.read_text().replace("    mde_usd: 29M\n", "    mde_usd: a lot\n", 1))
    code, payload = sco.json("check", str(folder), "--as-of", AS_OF)
    assert code == 1 and "GEN009" in _codes(payload, "forecast.yaml")
    assert not {"FCS004", "FCS005"} & (_codes(payload, "lor-cta.yaml") | _codes(payload, "budget-fmf.yaml"))
