"""The training program plan (`sco training plan check`), student follow-up after training, and the
positions-of-prominence report (`sco training prominence`)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import AS_OF, EXAMPLES, docx_text, findings_of, golden

PLAN = EXAMPLES / "training-plan.yaml"
GRADUATE = EXAMPLES / "graduates" / "prominent.yaml"
READY = EXAMPLES / "students" / "ready.yaml"


def test_example_plan_is_clean_and_its_facts_add_up(sco):
    code, payload = sco.json("training", "plan", "check", str(PLAN), "--as-of", AS_OF)
    assert code == 0
    assert findings_of(payload) == []
    years = payload["files"][0]["facts"]["years"]
    assert [years[y]["role"] for y in ("2026", "2027", "2028", "2029")] == ["prior", "current", "budget", "planning"]
    current = years["2027"]
    assert current["imet_ceiling_usd"] == 1_500_000
    assert current["priority_a_usd"] == 895_000  # within 100% of the ceiling
    assert current["pme_usd"] == 830_000  # at least 50% of it
    assert current["imet_usd"] == 1_065_000 and current["cost_usd"] == 1_465_000  # the FMS line is not IMET


def test_nominees_are_held_to_the_student_files_when_checked_together(sco, tmp_path):
    _, payload = sco.json("check", str(EXAMPLES), "--as-of", AS_OF)
    assert "TPL010" not in {f["code"] for f in findings_of(payload)}
    nominees = "          - TAMM, Lina\n          - XS-P-IMT-2027-0101\n          - SAAR, Pirett\n"
    (tmp_path / "plan.yaml").write_text(PLAN.read_text().replace("          - TAMM, Lina\n", nominees))
    (tmp_path / "ready.yaml").write_text(READY.read_text().replace("start: 2027-01-19", "start: 2027-01-26"))
    _, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    found = [(f["line"], f["message"]) for f in findings_of(payload) if f["code"] == "TPL010"]
    line = "FY2027 line 1 (International Maritime Staff Officer Course)"
    first = PLAN.read_text().splitlines().index("          - TAMM, Lina") + 1
    assert found == [
        (
            first,
            f"{line}: nominee TAMM, Lina: course P179087 starts 2027-01-19 here, 2027-01-26 in {tmp_path}/ready.yaml",
        ),
        (
            first + 1,
            f"{line}: nominee XS-P-IMT-2027-0101: course P179087 starts 2027-01-19 here, 2027-01-26 in "
            f"{tmp_path}/ready.yaml",
        ),
        (first + 2, f"{line}: nominee SAAR, Pirett has no student file among the files checked"),
    ]


@pytest.mark.parametrize(
    ("start", "fires"),
    [("2027-09-30", False), ("2027-10-01", True), ("2028-01-02", True)],
)
def test_mtt_fifth_quarter_at_the_fiscal_year_boundary(sco, tmp_path, start, fires):
    plan = tmp_path / "plan.yaml"
    text = PLAN.read_text().replace("        start: 2027-06-01\n", f"        start: {start}\n")
    plan.write_text(text)
    _, payload = sco.json("check", str(plan), "--as-of", AS_OF)
    assert ("TPL008" in {f["code"] for f in findings_of(payload)}) is fires


@pytest.mark.parametrize(
    ("as_of", "current_ok"), [("2026-09-30", False), ("2026-10-01", True), ("2027-09-30", True), ("2027-10-01", False)]
)
def test_current_year_follows_as_of_across_the_fiscal_year_boundary(sco, as_of, current_ok):
    _, payload = sco.json("training", "plan", "check", str(PLAN), "--as-of", as_of)
    messages = [f["message"] for f in findings_of(payload) if f["code"] == "TPL001"]
    assert (not messages) is current_ok, messages


def test_office_can_correct_the_change_deadline(sco, tmp_path):
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  training_change_deadline_days: 10\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text().replace("        start: 2027-04-05\n", "        start: 2026-12-20\n"))
    _, payload = sco.json("check", str(plan), "--as-of", AS_OF)
    assert "TPL009" not in {f["code"] for f in findings_of(payload)}  # 26 days ahead, deadline 10 days
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\n")
    _, payload = sco.json("check", str(plan), "--as-of", AS_OF)
    assert "TPL009" in {f["code"] for f in findings_of(payload)}  # the shipped 60 days


@pytest.mark.parametrize(
    "text",
    [
        "kind: training_plan\ncurrent_fiscal_year: 2027\nyears:\n  FY2027: {lines: []}\n",
        "kind: training_plan\ncurrent_fiscal_year: 99999\n",
        "kind: training_plan\ncurrent_fiscal_year: 2027\nyears:\n  2027:\n    lines:\n      - {priority: E}\n",
        "kind: training_plan\ncurrent_fiscal_year: 2027\nyears:\n  2027:\n    lines:\n      - {students: -1}\n",
        "kind: training_plan\ncurrent_fiscal_year: 2027\nyears:\n  2027:\n    lines:\n      - {start: 0001-01-01}\n",
        "kind: training_plan\ncurrent_fiscal_year: 2027\nyears: [1, 2]\n",
        "kind: training_plan\n",
    ],
)
def test_hostile_plans_give_findings(sco, tmp_path, text):
    plan = tmp_path / "plan.yaml"
    plan.write_text(text)
    result = sco("training", "plan", "check", str(plan), "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


def test_follow_up_facts_and_findings(sco, tmp_path):
    code, payload = sco.json("student", "check", str(GRADUATE), "--as-of", AS_OF)
    assert code == 0 and findings_of(payload) == []
    facts = payload["files"][0]["facts"]
    assert facts["last_course_end"] == "2019-06-14"
    assert facts["post_training_interview_due"] == "2019-07-14"
    assert facts["academic_report_due"] == "2019-08-13"
    assert facts["program"] == "imet" and facts["courses"][0]["masl"] == "P179087"
    late = tmp_path / "late.yaml"
    late.write_text(GRADUATE.read_text().replace("post_training_interview: 2019-07-02\n", ""))
    _, payload = sco.json("check", str(late), "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    assert [f["code"] for f in findings_of(payload)] == ["TRN001"]


def test_prominence_report_formats(sco, tmp_path):
    result = sco("training", "prominence", str(EXAMPLES), "--as-of", AS_OF, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == ["VAHER, Kristjan"]
    row = rows[0]
    assert row["current_position"] == "Chief of Naval Staff" and row["date"] == "2026-07-01"
    assert row["country"] == "Republic of Examplestan" and row["entry"] == "new"
    assert "International Maritime Staff Officer Course" in row["training"] and "IMET" in row["training"]
    _code, payload = sco.json("training", "prominence", str(GRADUATE), "--as-of", AS_OF)
    entry = payload["entries"][0]
    assert entry["how_obtained"].startswith("appointment") and entry["us_equivalent_grade"] == "O-7"
    assert entry["training"] == [
        {
            "course": "International Maritime Staff Officer Course",
            "place": "Naval Station Newport, Rhode Island",
            "rank": "Lieutenant Commander",
            "years": "2019",
            "funding": "IMET",
        }
    ]
    everything = json.dumps(payload) + result.stdout
    assert "XS1170448" not in everything and "1984-02-09" not in everything  # passport, date of birth


def test_prominence_docx_golden(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent)
    out = tmp_path / "ppr.docx"
    assert (
        sco("training", "prominence", "examples/graduates", "-f", "docx", "-o", str(out), "--as-of", AS_OF).exit_code
        == 0
    )
    golden("prominence.txt", docx_text(out.read_bytes()))
    assert sco("training", "prominence", str(GRADUATE), "-f", "docx").exit_code == 2  # docx needs -o


def test_prominence_reported_and_unchanged_is_not_reported_again(sco, tmp_path):
    student = tmp_path / "graduate.yaml"
    student.write_text(GRADUATE.read_text() + "  reported: 2026-09-01\n")
    _, payload = sco.json("training", "prominence", str(student), "--as-of", AS_OF)
    assert payload["entries"] == []
    assert payload["excluded"] == [{"name": "VAHER, Kristjan", "why": "unchanged since reported on 2026-09-01"}]
    student.write_text(GRADUATE.read_text() + "  reported: 2025-09-01\n")
    _, payload = sco.json("training", "prominence", str(student), "--as-of", AS_OF)
    assert payload["entries"][0]["entry"] == "changed"


def test_prominence_needs_student_files(sco):
    result = sco("training", "prominence", str(PLAN))
    assert result.exit_code == 1 and "no student file (kind: student) found in" in result.stderr
