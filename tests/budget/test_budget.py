"""Budget requests: `sco budget check`, the facts scripts read, and `sco budget justify`."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from tests.helpers import AS_OF, EXAMPLES, docx_text, findings_of, golden, written_under

FMF = EXAMPLES / "budget-fmf.yaml"
IMET = EXAMPLES / "budget-imet.yaml"
NO_CALL = "kind: budget\nprogram: fmf\nfiscal_year: {fy}\nrequirements: []\n"


def test_examples_are_clean_and_their_facts_add_up(sco):
    code, payload = sco.json("budget", "check", str(FMF), str(IMET), "--as-of", AS_OF)
    assert code == 0
    assert findings_of(payload) == []
    fmf = payload["files"][0]["facts"]
    assert fmf["totals_usd"] == {"2028": 21_500_000, "2029": 18_035_000}
    assert fmf["budget_year_total_usd"] == 21_500_000
    assert fmf["total_usd"] == 39_535_000
    assert fmf["expected_fiscal_year"] == 2028
    assert fmf["uncommitted_balance_usd"] == fmf["spend_plan_total_usd"] == 6_500_000
    assert fmf["spend_plan_update_due"] == "2027-03-05"
    assert [line["lors"] for line in fmf["baseline"]] == [["XS-LOR-2026-030"], ["XS-LOR-2026-014"]]
    assert payload["files"][1]["facts"]["spend_plan_update_due"] is None  # IMET has no trust account


def test_a_large_uncommitted_balance_without_a_plan_fails(sco, tmp_path):
    """The issue's case: $90M uncommitted and no spend plan used to pass "OK"."""
    budget = tmp_path / "budget.yaml"
    budget.write_text(FMF.read_text().replace("uncommitted_balance_usd: 6.5M", "uncommitted_balance_usd: 90M"))
    text = budget.read_text()
    budget.write_text(text[: text.index("spend_plan:")] + text[text.index("requirements:") :])
    code, payload = sco.json("budget", "check", str(budget), "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    assert code == 1
    assert [f["code"] for f in findings_of(payload)] == ["BUD011"]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-08-14", 2027),  # the day before the mid-August preliminary information: cycle 2025
        ("2026-08-15", 2028),  # cycle 2026 starts: its call is FY2026, the request FY2028
        ("2026-12-31", 2028),
        ("2027-01-01", 2028),  # the same cycle across the new year
        ("2027-08-14", 2028),
        ("2027-08-15", 2029),
    ],
)
def test_budget_year_follows_the_cycle_at_year_boundaries(sco, tmp_path, as_of, expected):
    budget = tmp_path / "budget.yaml"
    budget.write_text(NO_CALL.format(fy=expected))
    _, payload = sco.json("check", str(budget), "--as-of", as_of)
    assert payload["files"][0]["facts"]["expected_fiscal_year"] == expected
    assert "BUD010" not in {f["code"] for f in findings_of(payload)}


def test_office_dates_move_the_cycle_and_the_spend_plan_update(sco, tmp_path):
    (tmp_path / "sco.yaml").write_text(
        "kind: office\ncountry: X\ncalendar:\n  budget-preliminary-information: 09-01\n"
        "  spend-plan-update: 2027-03-10\nthresholds:\n  budget_fy_offset_years: 3\n"
    )
    budget = tmp_path / "budget.yaml"
    budget.write_text(NO_CALL.format(fy=2029).replace("requirements: []", "uncommitted_balance_usd: 1M"))
    _, payload = sco.json("check", str(budget), "--as-of", "2026-08-20")
    facts = payload["files"][0]["facts"]
    assert facts["expected_fiscal_year"] == 2028  # cycle 2025 until 1 September; 2025 + 3
    assert facts["spend_plan_update_due"] == "2027-03-10"  # FY2029 - 3 = cycle 2026, its March: the office's date


def test_bad_office_calendar_dates_are_findings(sco, tmp_path):
    office = tmp_path / "sco.yaml"
    office.write_text("kind: office\ncountry: X\ncalendar:\n  budget-cal: 09-01\n  budget-call: 02-30\n")
    code, payload = sco.json("check", str(office))
    assert code == 1
    messages = [f["message"] for f in findings_of(payload)]
    assert any("did you mean 'budget-call'" in m for m in messages), messages
    office.write_text("kind: office\ncountry: X\ncalendar:\n  budget-call: 02-30\n")
    _, payload = sco.json("check", str(office))
    assert any("not a real month and day" in f["message"] for f in findings_of(payload))


@pytest.mark.parametrize(
    "change",
    [
        "fiscal_year: 99999\n",
        "fiscal_year: '2028'\namounts: x\n",
        "requirements:\n  - title: A\n    amounts_usd: {abc: 1M}\n",
        "requirements:\n  - title: A\n    amounts_usd: {2028: -5}\n",
        "requirements:\n  - title: A\n    priority: 0\n",
        "uncommitted_balance_usd: 1e400\n",
        "spend_plan: not a list\n",
        'requirements:\n  - title: "\\u0000\\u001b[31m"\n',
    ],
)
def test_hostile_budget_files_give_findings_not_tracebacks(sco, tmp_path, change):
    budget = tmp_path / "budget.yaml"
    budget.write_text("kind: budget\nprogram: fmf\nfiscal_year: 2028\n" + change)
    result = sco("check", str(budget), "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


def test_absurd_offset_setting_does_not_crash(sco, tmp_path):
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  budget_fy_offset_years: 50000\n")
    budget = tmp_path / "budget.yaml"
    budget.write_text(NO_CALL.format(fy=2028).replace("requirements: []", "uncommitted_balance_usd: 1M"))
    result = sco("check", str(budget), "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.output


def test_justification_markdown_golden(sco, tmp_path):
    out = tmp_path / "justification.md"
    result = sco("budget", "justify", str(FMF), "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    golden("budget-justification.md", out.read_text())  # the source is named relative to the office folder


def test_justification_docx_golden_with_chart(sco, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "justification.docx"
    result = sco("budget", "justify", str(FMF), "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    golden("budget-justification.txt", docx_text(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [n for n in archive.namelist() if n.startswith("word/media/")], "no chart image in the document"


def test_justification_without_matplotlib_says_how_to_get_the_chart(sco, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    out = tmp_path / "justification.docx"
    result = sco("budget", "justify", str(IMET), "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "sco-cli[charts]" in result.stderr
    data = out.read_bytes()
    text = docx_text(data)
    assert "pip install 'sco-cli[charts]'" in text
    assert "Figure 1." not in text
    assert "Uncommitted FMF funds" not in text  # an IMET request
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]


def test_justification_refused_while_the_request_has_errors_unless_draft(sco, tmp_path):
    budget = tmp_path / "budget.yaml"
    budget.write_text(FMF.read_text().replace("    duration: 3 years\n", ""))
    out = tmp_path / "j.md"
    refused = sco("budget", "justify", str(budget), "-o", str(out), "--as-of", AS_OF)
    assert refused.exit_code == 1
    assert "BUD004" in refused.stderr and not out.exists()
    drafted = sco("budget", "justify", str(budget), "-o", str(out), "--as-of", AS_OF, "--draft")
    assert drafted.exit_code == 1 and "(DRAFT)" in drafted.stdout  # written, still not complete
    text = out.read_text()
    assert "CUI // DRAFT" in text and "GAP: priority 1: Time to achieve the objective" in text and "BUD004" in text


def test_justification_output_rules(sco, tmp_path):
    wrong = sco("budget", "justify", str(FMF), "-o", str(tmp_path / "j.txt"))
    assert wrong.exit_code == 2 and ".docx, .md or .pdf" in wrong.stderr
    out = tmp_path / "j.md"
    assert sco("budget", "justify", str(FMF), "-o", str(out), "--as-of", AS_OF).exit_code == 0
    again = sco("budget", "justify", str(FMF), "-o", str(out), "--as-of", AS_OF)
    assert again.exit_code == 2 and "--force" in again.stderr
    not_budget = sco("budget", "justify", str(EXAMPLES / "forecast.yaml"), "-o", str(tmp_path / "x.md"))
    assert not_budget.exit_code == 2


def test_a_dollar_sign_in_a_title_is_text_in_the_chart_and_home_is_left_alone(tmp_path):
    """Issue 20: a `$` in a requirement title crashed the chart (matplotlib mathtext: exit 3), and
    `budget justify` wrote matplotlib's cache under $HOME (nothing may be written outside -o)."""
    pytest.importorskip("matplotlib")
    import os
    import subprocess

    budget = tmp_path / "budget.yaml"
    text = (EXAMPLES / "budget-fmf.yaml").read_text()
    budget.write_text(text.replace("title: Coastal patrol boats", 'title: "_Boats $\\\\foo{ or $^ at $5M"', 1))
    assert "$\\\\foo{" in budget.read_text()
    home, scratch = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    env.update(HOME=str(home), TMPDIR=str(scratch))
    out = tmp_path / "j.docx"
    command = [sys.executable, "-m", "sco_cli", "budget", "justify", str(budget), "-o", str(out)]
    completed = subprocess.run(
        [*command, "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF], env=env, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert "image/png" in zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert written_under(home) == set() and list(scratch.iterdir()) == []
