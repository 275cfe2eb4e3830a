"""Issue 19 point 2: a report built from a register or a set of files lists what it can read, names every
entry it cannot (file, line, why), and never writes a clean-looking document that leaves one out: the
document is refused (exit 1) unless --draft, which writes it marked DRAFT with those entries as gaps.
Text and JSON say the same. Each report through the real command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES

GOOD_ENTRY = """\
  - id: F-01
    description: Patrol boats
    channel: fms
    mde_usd: 10M
    probability: 0.95
    expected_date: 2027-03-01
"""

REGISTER_UNREADABLE_ENTRY = (
    "kind: forecast\ncountry: Republic of Examplestan\nentries:\n"
    + GOOD_ENTRY
    + """\
  - id: F-02
    description: Radios
    channel: fms
    mde_usd: 12M
    probability: very likely
    expected_date: 2027-04-01
"""
)
"""The issue's example: one good entry (MDE $10M, 0.95) and one whose probability sco cannot read (`90%`
reads since issue 21). The entry is left out, the good one read; the report must not say "no possible sale"."""

REGISTER_UNREADABLE_AMOUNT = (
    "kind: forecast\ncountry: Republic of Examplestan\nentries:\n"
    + GOOD_ENTRY
    + """\
  - id: F-02
    description: Radios
    channel: fms
    mde_usd: a lot
    probability: 0.95
    expected_date: 2027-04-01
"""
)
"""The register loads without F-02's amount: F-02 must not be listed with an MDE of $0 (below the thresholds)."""


def _office(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "sco.yaml", folder / "sco.yaml")
    return folder


def _register(tmp_path: Path, text: str) -> Path:
    folder = _office(tmp_path / "office")
    (folder / "forecast.yaml").write_text(text)
    return folder


REPORTS = {
    "javits": ("javits", "report", "--year", "2027"),
    "forecast": ("forecast", "report", "--fy", "2027"),
}


def _unreadable(sco, args, where):
    code, payload = sco.json(*args, str(where), "--as-of", AS_OF)
    assert code == 1
    return payload


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_an_entry_not_read_is_named_never_reported_empty(sco, tmp_path, report):
    folder = _register(tmp_path, REGISTER_UNREADABLE_ENTRY)
    args = REPORTS[report]
    payload = _unreadable(sco, args, folder)
    [entry] = payload["unreadable"]
    assert entry["file"].endswith("forecast.yaml") and entry["line"] == 14 and entry["entry"] == "entries[1]"
    assert "'very likely' is not a number" in entry["why"] and entry["whole_file"] is False
    assert "F-01" in {row["id"] for row in [*payload["entries"], *payload["excluded"]]}
    text = sco(*args, str(folder), "--as-of", AS_OF)
    assert text.exit_code == 1
    assert "Not read, so not in this report (1;" in text.stdout
    assert "forecast.yaml:14: not read: entries[1].probability: 'very likely' is not a number" in text.stdout
    assert "nothing in the file was read" not in text.stdout
    target = tmp_path / "report.md"
    refused = sco(*args, str(folder), "--as-of", AS_OF, "-o", str(target))
    assert refused.exit_code == 1 and not target.exists()
    assert "forecast.yaml:14: not read" in refused.stderr
    drafted = sco(*args, str(folder), "--as-of", AS_OF, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and "(DRAFT)" in drafted.stdout
    document = target.read_text()
    assert "CUI // DRAFT" in document and "DRAFT - not for release. Gaps:" in document
    assert "forecast.yaml:14: not read: entries\\[1\\].probability" in document


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_an_entry_with_a_value_not_read_is_named_and_the_others_listed(sco, tmp_path, report):
    folder = _register(tmp_path, REGISTER_UNREADABLE_AMOUNT)
    args = REPORTS[report]
    payload = _unreadable(sco, args, folder)
    assert [row["id"] for row in payload["entries"]] == ["F-01"]
    assert "F-02" not in {row["id"] for row in payload["excluded"]}  # not "below both thresholds" at $0
    [entry] = payload["unreadable"]
    assert entry["line"] == 13 and entry["entry"] == "entries[1]" and entry["whole_file"] is False
    assert entry["why"].startswith("entries[1].mde_usd:")
    text = sco(*args, str(folder), "--as-of", AS_OF)
    assert "F-01" in text.stdout and "forecast.yaml:13: not read: entries[1].mde_usd" in text.stdout
    assert "F-02" not in text.stdout.split("Not read")[0]
    target = tmp_path / "report.docx"
    assert sco(*args, str(folder), "--as-of", AS_OF, "-o", str(target)).exit_code == 1 and not target.exists()
    drafted = sco(*args, str(folder), "--as-of", AS_OF, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and target.exists() and "(DRAFT)" in drafted.stdout


def test_the_issue_example_never_gives_a_clean_javits_report(sco, tmp_path):
    folder = _register(tmp_path, REGISTER_UNREADABLE_ENTRY)
    target = tmp_path / "j.md"
    result = sco("javits", "report", str(folder), "--year", "2027", "--as-of", AS_OF, "-o", str(target))
    assert result.exit_code == 1 and not target.exists()


def test_a_value_the_report_does_not_read_leaves_it_whole(sco, tmp_path):
    """`prepared:` is not in either report: its unreadable value is the check's business only."""
    folder = _register(tmp_path, REGISTER_UNREADABLE_AMOUNT.replace("mde_usd: a lot", "mde_usd: 1M"))
    text = (folder / "forecast.yaml").read_text().replace("country:", "prepared: someday\ncountry:")
    (folder / "forecast.yaml").write_text(text)
    target = tmp_path / "j.md"
    result = sco("javits", "report", str(folder), "--year", "2027", "--as-of", AS_OF, "-o", str(target))
    assert target.exists() and "DRAFT" not in target.read_text()
    assert result.exit_code == 1  # the GEN009 still counts: the check lists it


def test_a_file_too_broken_to_name_its_kind_is_named(sco, tmp_path):
    folder = _register(tmp_path, REGISTER_UNREADABLE_AMOUNT.replace("mde_usd: a lot", "mde_usd: 1M"))
    (folder / "register-2.yaml").write_text("kind: forcast\ncountry: X\n")
    payload = _unreadable(sco, REPORTS["javits"], folder)
    [entry] = payload["unreadable"]
    assert entry["file"].endswith("register-2.yaml") and "unknown kind 'forcast'" in entry["why"]


PROMINENT = (EXAMPLES / "graduates" / "prominent.yaml").read_text()


def test_prominence_names_a_record_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "graduates")
    (folder / "prominent.yaml").write_text(PROMINENT)
    (folder / "other.yaml").write_text(
        PROMINENT.replace("surname: Vaher", "surname: Tamm").replace("date: 2026-07-01", "date: last summer")
    )
    code, payload = sco.json("training", "prominence", str(folder), "--as-of", AS_OF)
    assert code == 1 and [row["name"] for row in payload["entries"]] == ["VAHER, Kristjan"]
    [entry] = payload["unreadable"]
    assert entry["file"].endswith("other.yaml") and entry["why"].startswith("prominence.date:")
    target = tmp_path / "ppr.docx"
    refused = sco("training", "prominence", str(folder), "--as-of", AS_OF, "-o", str(target))
    assert refused.exit_code == 1 and not target.exists() and "other.yaml" in refused.stderr
    drafted = sco("training", "prominence", str(folder), "--as-of", AS_OF, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and target.exists() and "(DRAFT)" in drafted.stdout


def test_prominence_never_shows_a_private_value_in_why(sco, tmp_path):
    """A student file that does not load is named whole; its passport, birth date and medical values,
    unreadable too, are said to be unreadable without being quoted."""
    folder = _office(tmp_path / "graduates")
    (folder / "prominent.yaml").write_text(PROMINENT)
    broken = (
        PROMINENT.replace("name:\n  surname: Vaher\n  given: Kristjan\n", "")  # a required field missing
        .replace("date_of_birth: 1984-02-09", "date_of_birth: 1984-02-31X")
        .replace("expires: 2023-06-30", "expires: XS99-SECRET")
        .replace("exam_date: 2018-10-08", "exam_date: 2018-99-08")
    )
    (folder / "broken.yaml").write_text(broken)
    result = sco("training", "prominence", str(folder), "--as-of", AS_OF, "-f", "json")
    payload = json.loads(result.stdout)
    whys = " ".join(entry["why"] for entry in payload["unreadable"])
    assert "required field 'name' is missing" in whys and "not shown: personal data" in whys
    everything = result.stdout + result.stderr + sco("training", "prominence", str(folder), "--as-of", AS_OF).stdout
    for private in ("1984-02-31X", "XS99-SECRET", "2018-99-08"):
        assert private not in everything


def test_case_status_names_a_case_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "cases")
    shutil.copy(EXAMPLES / "cases" / "XS-B-ZAD.yaml", folder / "XS-B-ZAD.yaml")
    text = (EXAMPLES / "cases" / "XS-P-SAB.yaml").read_text()
    assert "\nanticipated_offer: 2026-07-15\n" in text
    unreadable = text.replace("\nanticipated_offer: 2026-07-15\n", "\nanticipated_offer: soon\n")
    (folder / "XS-P-SAB.yaml").write_text(unreadable)
    code, payload = sco.json("case", "status", str(folder), "--as-of", AS_OF)
    assert code == 1
    [entry] = payload["unreadable"]
    assert entry["file"].endswith("XS-P-SAB.yaml") and entry["why"].startswith("anticipated_offer:")
    assert entry["line"] == text.split("\n").index("anticipated_offer: 2026-07-15") + 1
    plain = sco("case", "status", str(folder), "--as-of", AS_OF)
    assert plain.exit_code == 1 and "XS-P-SAB.yaml" in plain.stdout.split("Not read")[1]
    rows = sco("case", "status", str(folder), "--as-of", AS_OF, "-f", "csv")
    assert rows.exit_code == 1 and "XS-P-SAB.yaml" in rows.stderr and "not read" in rows.stderr


def test_calendar_names_a_date_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    assert "pre_departure_briefing:" in text
    lines = [
        "pre_departure_briefing: next week" if line.startswith("pre_departure_briefing:") else line
        for line in text.split("\n")
    ]
    (folder / "student.yaml").write_text("\n".join(lines))
    code, payload = sco.json("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF)
    assert code == 1
    [entry] = payload["unreadable"]
    assert entry["why"].startswith("pre_departure_briefing:") and entry["file"].endswith("student.yaml")
    plain = sco("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF, "--color", "never")
    assert "student.yaml" in plain.stdout.split("Not read")[1]
    target = tmp_path / "fy.ics"
    assert sco("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF, "-o", str(target)).exit_code == 1
    assert not target.exists()
    drafted = sco("calendar", str(folder), "--fy", "2027", "--as-of", AS_OF, "-o", str(target), "--draft")
    assert drafted.exit_code == 1 and "// DRAFT" in target.read_text()


def test_eum_inventory_names_an_article_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "eum.yaml").read_text()
    assert "    quantity: 4\n" in text
    (folder / "eum.yaml").write_text(text.replace("    quantity: 4\n", "    quantity: four\n", 1))
    register = str(folder / "eum.yaml")
    target = tmp_path / "sheet.md"
    refused = sco("eum", "inventory", register, "-o", str(target), "--as-of", AS_OF)
    assert refused.exit_code == 1 and not target.exists()
    assert "eum.yaml:22: not read: articles[0].quantity" in refused.stderr
    drafted = sco("eum", "inventory", register, "-o", str(target), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1 and "(DRAFT)" in drafted.stdout
    sheet = target.read_text()
    assert "DRAFT - not for release" in sheet and "CLU-10231" not in sheet  # the article is a gap, not rows
    sheet_csv = tmp_path / "sheet.csv"
    assert sco("eum", "inventory", register, "-o", str(sheet_csv), "--as-of", AS_OF).exit_code == 1
    assert not sheet_csv.exists()


def test_eum_inventory_of_a_register_that_does_not_load_is_a_refusal_not_a_usage_error(sco, tmp_path):
    folder = _office(tmp_path / "office")
    (folder / "eum.yaml").write_text("kind: eum\narticles:\n  - description: x\n    quantity: many\n")
    result = sco("eum", "inventory", str(folder / "eum.yaml"), "-o", str(tmp_path / "s.md"), "--as-of", AS_OF)
    assert result.exit_code == 1 and "eum.yaml:4: not read" in result.stderr


def test_budget_justification_names_a_requirement_it_cannot_read(sco, tmp_path):
    folder = _office(tmp_path / "office")
    text = (EXAMPLES / "budget-fmf.yaml").read_text()
    assert "      2028: 20M\n" in text
    (folder / "budget.yaml").write_text(text.replace("      2028: 20M\n", "      2028: twenty million\n", 1))
    target = tmp_path / "j.md"
    refused = sco("budget", "justify", str(folder / "budget.yaml"), "-o", str(target), "--as-of", AS_OF)
    assert refused.exit_code == 1 and not target.exists()
    assert "budget.yaml:33: not read: requirements[0].amounts_usd.2028" in refused.stderr
    drafted = sco("budget", "justify", str(folder / "budget.yaml"), "-o", str(target), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1 and "budget.yaml:33: not read" in target.read_text()
