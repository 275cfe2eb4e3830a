"""`sco training fmt`: the Foreign Military Training report input for a fiscal year (22 U.S.C. 2416;
SAMM C2.1.6.9.4.2), from the plan's lines and the students' courses, each activity once."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import AS_OF, EXAMPLES, ROOT, docx_text, findings_of, golden

PLAN = EXAMPLES / "training-plan.yaml"
STUDENTS = EXAMPLES / "students"
READY = STUDENTS / "ready.yaml"

PLAN_HEAD = """kind: training_plan
country: Republic of Examplestan
current_fiscal_year: 2027
years:
  2027:
    lines:
"""


def _fmt(sco, *args):
    result = sco("training", "fmt", *map(str, args), "--as-of", AS_OF)
    return result


def _json(sco, *args):
    result = _fmt(sco, *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout), result.stderr


def _lines(payload):
    return [line for program in payload["programs"] for line in program["lines"]]


def test_the_completed_year_is_grouped_by_program_with_totals(sco):
    code, payload, _ = _json(sco, PLAN, READY, "--fy", "2026")
    assert code == 0
    assert payload["sco_version"] and payload["fiscal_year"] == 2026
    assert payload["country"] == "Republic of Examplestan"
    assert [p["program"] for p in payload["programs"]] == ["IMET-1"]
    program = payload["programs"][0]
    assert (program["activities"], program["quantity"], program["total_cost_usd"]) == (2, 3, 206_000)
    first = program["lines"][0]
    assert first["course_title"] == "Naval Staff College"
    assert (first["us_unit"], first["student_unit"]) == ("Naval War College", "Naval Staff, Examplestan Navy")
    assert (first["start"], first["end"], first["total_cost_usd"]) == ("2025-10-14", "2026-06-12", 110_000)
    assert first["findings"] == []
    assert payload["totals"] == {"programs": 1, "activities": 2, "quantity": 3, "total_cost_usd": 206_000}


def test_a_student_course_on_a_plan_line_is_one_activity(sco):
    """The six example students take P179087 starting 2027-01-19, the plan's FY2027 line 1: one activity
    (the plan's), not seven; the students are counted on it."""
    _, payload, _ = _json(sco, PLAN, STUDENTS, "--fy", "2027")
    staff = [line for line in _lines(payload) if line["masl"] == "P179087"]
    assert len(staff) == 1
    assert staff[0]["student_files"] == 6 and staff[0]["quantity"] == 6
    assert payload["totals"]["activities"] == 8


def test_the_nominee_makes_a_course_with_another_start_the_same_activity(sco, tmp_path):
    (tmp_path / "plan.yaml").write_text(PLAN.read_text())
    (tmp_path / "ready.yaml").write_text(READY.read_text().replace("start: 2027-01-19", "start: 2027-01-26"))
    _, payload, _ = _json(sco, tmp_path / "plan.yaml", tmp_path / "ready.yaml", "--fy", "2027")
    staff = [line for line in _lines(payload) if line["masl"] == "P179087"]
    assert len(staff) == 1 and staff[0]["student_files"] == 1  # TAMM, Lina is a nominee of line 1


def test_students_on_a_course_no_plan_line_names_are_one_activity_with_their_findings(sco, tmp_path):
    """Two students on an unplanned course: one activity, quantity 2, their service as the student unit;
    no cost anywhere, so it carries an error, stays listed and counted, and the JSON is still printed."""
    course = "masl: P179087\n    title: International Maritime Staff Officer Course\n    location: Naval Station"
    other = "masl: Q123456\n    title: Harbor security course\n    location: Yorktown"  # ", Rhode Island" kept
    for name in ("a", "b"):
        text = READY.read_text().replace(course, other)
        if name == "b":
            text = text.replace("surname: Tamm", "surname: Saar").replace("XS-P-IMT-2027-0101", "XS-P-IMT-2027-0102")
        (tmp_path / f"{name}.yaml").write_text(text)
    code, payload, stderr = _json(sco, tmp_path, "--fy", "2027")
    assert code == 1 and "FMT report needs" in stderr
    [program] = payload["programs"]
    assert program["program"] == "Program not given"
    [line] = program["lines"]
    assert (line["course_title"], line["quantity"]) == ("Harbor security course", 2)
    assert line["student_unit"] == "Examplestan Navy"
    assert line["location"] == "Yorktown Newport, Rhode Island" and line["total_cost_usd"] is None
    assert [f["severity"] for f in line["findings"]] == ["error", "warning"]
    assert "no total cost" in line["findings"][0]["message"]
    assert payload["totals"] == {"programs": 1, "activities": 1, "quantity": 2, "total_cost_usd": 0}


def _plan_with(tmp_path, line: str):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_HEAD + line)
    return plan


def test_bad_dates_and_missing_elements_stay_listed_with_findings(sco, tmp_path):
    plan = _plan_with(
        tmp_path,
        "      - {title: Early, program: fmf, students: 3, cost_usd: '$4,634,880', student_unit: 1st Brigade,"
        " location: Fort Moore, start: 2026-08-03, end: 2026-09-01}\n"
        "      - {title: Backwards, program: FMF, students: 2, cost_usd: 10K, student_unit: 2nd Brigade,"
        " location: Fort Moore, start: 2027-03-01, end: 2027-02-01}\n"
        "      - {title: Bare, program: FMF, start: 2027-05-01}\n",
    )
    code, payload, _ = _json(sco, plan, "--fy", "FY2027")
    assert code == 1
    [program] = payload["programs"]
    assert program["program"] == "FMF"  # written fmf, printed as the report spells it
    found = {line["course_title"]: [f["message"] for f in line["findings"]] for line in program["lines"]}
    assert found["Early"] == ["starts 2026-08-03, outside FY2027 (2026-10-01 to 2027-09-30)"]
    assert found["Backwards"] == ["ends 2027-02-01, before it starts (2027-03-01)"]
    assert found["Bare"][0].startswith("no student unit, no number of students, no total cost, no location")
    assert (program["activities"], program["quantity"], program["total_cost_usd"]) == (3, 5, 4_644_880)
    assert payload["totals"]["total_cost_usd"] == sum(line["total_cost_usd"] or 0 for line in _lines(payload))


def test_cancelled_lines_and_other_years_are_not_listed(sco, tmp_path):
    plan = _plan_with(
        tmp_path,
        "      - {title: Kept, program: FMF, students: 1, cost_usd: 1K, student_unit: U, location: L,"
        " start: 2027-01-04}\n"
        "      - {title: Dropped, program: FMF, status: cancelled, start: 2027-01-04}\n",
    )
    _, payload, _ = _json(sco, plan, "--fy", "2027")
    assert [line["course_title"] for line in _lines(payload)] == ["Kept"]
    _, payload, _ = _json(sco, plan, "--fy", "2028")
    assert payload["programs"] == [] and payload["totals"]["activities"] == 0


def test_csv_has_the_report_columns_and_neutralises_formulas(sco, tmp_path):
    plan = _plan_with(
        tmp_path,
        "      - {title: '=HYPERLINK(\"http://x\")', program: FMF, students: 4, cost_usd: 4634880,"
        " student_unit: '-1st Brigade', location: '@Fort', us_unit: '+US', start: 2027-01-19, end: 2027-06-11}\n",
    )
    result = _fmt(sco, plan, "--fy", "2027", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "Country",
        "Program",
        "Course Title",
        "US Unit",
        "Student Unit",
        "Start Date",
        "End Date",
        "Location",
        "Quantity",
        "Total Cost",
    ]
    assert rows[1] == [
        "Republic of Examplestan",
        "FMF",
        '\'=HYPERLINK("http://x")',
        "'+US",
        "'-1st Brigade",
        "1/19/2027",
        "6/11/2027",
        "'@Fort",
        "4",
        "$4,634,880",
    ]


@pytest.mark.parametrize("fy", ["FY99", "abc", "9999", "0"])
def test_a_fiscal_year_that_is_not_one_is_a_usage_error(sco, fy):
    result = _fmt(sco, PLAN, "--fy", fy)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--fy" in result.stderr


def test_no_plan_and_no_student_is_refused(sco, tmp_path):
    (tmp_path / "eum.yaml").write_text((EXAMPLES / "eum.yaml").read_text())
    result = _fmt(sco, tmp_path, "--fy", "2027")
    assert result.exit_code == 1 and "no training_plan file" in result.stderr


def test_an_unreadable_line_is_named_not_counted(sco, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text().replace("cost_usd: 85K", "cost_usd: lots"))
    code, payload, _ = _json(sco, plan, "--fy", "2027")
    assert code == 1
    titles = [row["course_title"] for row in _lines(payload)]
    assert "Human rights and law of armed conflict seminar (MTT)" not in titles
    assert len(payload["unreadable"]) == 1 and "lines[4].cost_usd" in payload["unreadable"][0]["why"]


def test_markdown_golden(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "fmt.md"
    result = sco("training", "fmt", "examples/training-plan.yaml", "--fy", "2026", "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0
    golden("fmt-2026.md", out.read_text())


def test_word_golden_is_a_draft_naming_each_gap(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "fmt.docx"
    args = ("training", "fmt", "examples/training-plan.yaml", "examples/students", "--fy", "2027", "-o", str(out))
    refused = sco(*args, "--as-of", AS_OF)
    assert refused.exit_code == 1 and not out.exists()
    assert "the student unit of Maritime Law Enforcement (E-IMET)" in refused.stderr
    drafted = sco(*args, "--draft", "--as-of", AS_OF)
    assert drafted.exit_code == 1
    golden("fmt-2027-draft.txt", docx_text(out.read_bytes()))


LINE = st.fixed_dictionaries(
    {
        "program": st.sampled_from(["IMET-1", "fmf", "Section 333", "PKO", None]),
        "students": st.one_of(st.none(), st.integers(0, 500)),
        "cost": st.one_of(st.none(), st.integers(0, 10**12)),
        "month": st.integers(1, 12),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINE, max_size=12))
def test_totals_are_always_the_sums_of_the_lines(sco, tmp_path, lines):
    def written(n: int, line: dict) -> str:
        start = f"{2026 if line['month'] >= 10 else 2027}-{line['month']:02}-01"
        program = f", program: '{line['program']}'" if line["program"] else ""
        students = f", students: {line['students']}" if line["students"] is not None else ""
        cost = f", cost_usd: '${line['cost']:,}'" if line["cost"] is not None else ""
        return f"      - {{title: C{n}, start: {start}{program}{students}{cost}}}\n"

    text = PLAN_HEAD + "".join(written(n, line) for n, line in enumerate(lines))
    if not lines:
        text = text.replace("    lines:\n", "    lines: []\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text)
    _, payload, _ = _json(sco, plan, "--fy", "2027")
    for program in payload["programs"]:
        assert program["activities"] == len(program["lines"])
        assert program["quantity"] == sum(line["quantity"] or 0 for line in program["lines"])
        assert program["total_cost_usd"] == sum(line["total_cost_usd"] or 0 for line in program["lines"])
    every = _lines(payload)
    assert payload["totals"]["activities"] == len(every) == len(lines)
    assert payload["totals"]["quantity"] == sum(line["students"] or 0 for line in lines)
    assert payload["totals"]["total_cost_usd"] == sum(line["cost"] or 0 for line in lines)


def test_a_course_on_no_plan_line_is_named_by_the_check_before_the_document_refuses(sco, tmp_path):
    """A student's course of an ended year that stands on no plan line has no cost: `sco training fmt`
    refuses the document naming it, and `sco check` of the plan with the student had said so (TPL015, in
    the same words, on the student's course); once the plan has the line, neither does."""
    (tmp_path / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_HEAD.replace("  2027:\n", "  2026:\n") + "      []\n")
    student = tmp_path / "student.yaml"
    student.write_text(READY.read_text().replace("start: 2027-01-19", "start: 2026-01-19"))
    refused = _fmt(sco, plan, student, "--fy", "2026", "-o", tmp_path / "fmt.md")
    item = "the total cost of International Maritime Staff Officer Course"
    assert refused.exit_code == 1 and item in refused.stderr and not (tmp_path / "fmt.md").exists()
    code, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    [finding] = [f for f in findings_of(payload) if f["code"] == "TPL015"]
    assert code == 0 and finding["file"] == str(student) and item in finding["message"]  # a warning
    assert finding["field"] == "courses[0]" and "sco training fmt" in finding["hint"]
    plan.write_text(
        PLAN_HEAD.replace("  2027:\n", "  2026:\n")
        + "      - {masl: P179087, title: International Maritime Staff Officer Course, funding: imet, priority: A,"
        " program: IMET-1, start: 2026-01-19, students: 1, cost_usd: 110K, student_unit: Navy,"
        " location: Newport, status: completed}\n"
    )
    _, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    assert [f for f in findings_of(payload) if f["code"] in ("TPL014", "TPL015")] == []
    assert _fmt(sco, plan, student, "--fy", "2026", "-o", tmp_path / "fmt.md").exit_code == 0
