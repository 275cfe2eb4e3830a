"""`sco check --fix` and `--diff` through the real command line: only the fixes sco is sure of, spliced into
the office's own text (comments, order, quotes, line ends kept), never a personal field's value, never a
tie; the same result with any --jobs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import AS_OF, EXAMPLES, Sco, findings_of

# (file, text as written, text --fix writes): each one a GEN009 with a sure fix
FIXED = [
    ("sco.yaml", "foreign_clearance_lead_days: 45 days", "foreign_clearance_lead_days: 45"),
    ("sco.yaml", "imet_pme_min_pct: 35%", "imet_pme_min_pct: 35"),
    ("students/ready.yaml", "status: 'aproved'", "status: 'approved'"),
    ("students/ready.yaml", "test_date: 14 Oct 2026", "test_date: 2026-10-14"),
    ("forecast.yaml", "mde_usd: US$29M", "mde_usd: $29M"),
    ("forecast.yaml", "other_usd: $8.02 Mil.", "other_usd: $8.02M"),
    ("forecast.yaml", "probability: 90 percent   # keep", "probability: 90%   # keep"),
    ("forecast.yaml", "expected_date: 2027/9/30", "expected_date: 2027-09-30"),
]
# values sco must leave alone, each with the reason
KEPT = [
    ("students/ready.yaml", "date_of_birth: 17 Apr 1991"),  # personal: never changed, never shown
    ("students/ready.yaml", "exam_date: 6 Oct 2026"),  # medical, personal
    ("students/ready.yaml", "program: IMET"),  # read as written (any case): no finding, no change
    ("students/tie.yaml", "status: appended"),  # as near to `approved` as to `suspended`: a tie
]


def _office(folder: Path) -> Path:
    """An office with fixable values, values to leave alone, comments and (in the forecast) CRLF line ends."""
    (folder / "students").mkdir(parents=True)
    office = (EXAMPLES / "sco.yaml").read_text(encoding="utf-8")
    office = office.replace(
        "foreign_clearance_lead_days: 45     #",
        "foreign_clearance_lead_days: 45 days\n  imet_pme_min_pct: 35%     #",
    )
    (folder / "sco.yaml").write_text(office, encoding="utf-8")
    student = (EXAMPLES / "students" / "ready.yaml").read_text(encoding="utf-8")
    student = (
        student.replace("status: approved", "status: 'aproved'")
        .replace("test_date: 2026-10-14", "test_date: 14 Oct 2026")
        .replace("date_of_birth: 1991-04-17", "date_of_birth: 17 Apr 1991")
        .replace("exam_date: 2026-10-06", "exam_date: 6 Oct 2026")
        .replace("program: imet", "program: IMET")
    )
    (folder / "students" / "ready.yaml").write_text(student, encoding="utf-8")
    tie = (EXAMPLES / "students" / "ready.yaml").read_text(encoding="utf-8")
    tie = tie.replace("status: approved", "status: appended").replace("XS-P-IMT-2027-0101", "XS-P-IMT-2027-0199")
    (folder / "students" / "tie.yaml").write_text(tie, encoding="utf-8")
    forecast = (EXAMPLES / "forecast.yaml").read_text(encoding="utf-8")
    forecast = (
        forecast.replace("mde_usd: 29M", "mde_usd: US$29M", 1)
        .replace("other_usd: 8,020,000", "other_usd: $8.02 Mil.", 1)
        .replace("probability: 0.95", "probability: 90 percent   # keep", 1)
        .replace("expected_date: 2027-09-30", "expected_date: 2027/9/30", 1)
    )
    (folder / "forecast.yaml").write_bytes(forecast.replace("\n", "\r\n").encode("utf-8"))
    return folder


def _texts(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def _expected(before: dict[str, bytes]) -> dict[str, bytes]:
    """Each file as it was, with exactly the fixed values replaced: every other byte the same."""
    after = dict(before)
    for name, old, new in FIXED:
        assert old.encode() in after[name], (name, old)
        after[name] = after[name].replace(old.encode(), new.encode(), 1)
    return after


def test_diff_prints_the_fixes_and_writes_nothing(sco: Sco, tmp_path: Path):
    folder = _office(tmp_path / "office")
    before = _texts(folder)
    result = sco("check", "--diff", folder, "--as-of", AS_OF)
    assert result.exit_code == 1, result.output  # as ruff --diff: 1 when a file would change
    assert _texts(folder) == before
    lines = result.stdout.replace("\r", "").splitlines()
    for _, old, new in FIXED:
        assert any(line.startswith("-") and old in line for line in lines), old
        assert any(line.startswith("+") and new in line for line in lines), new
    assert f"--- {folder / 'forecast.yaml'}" in result.stdout
    assert "8 fixes in 3 files would be written" in result.stderr
    for _, kept in KEPT:
        assert f"-{kept}" not in result.stdout.replace(" ", "")
    assert "17 Apr 1991" not in result.output and "1991-04-17" not in result.output  # personal: not shown either


def test_fix_writes_only_the_sure_fixes_and_keeps_every_other_byte(sco: Sco, tmp_path: Path):
    folder = _office(tmp_path / "office")
    before = _texts(folder)
    result = sco("check", "--fix", folder, "--as-of", AS_OF)
    after = _texts(folder)
    assert after == _expected(before)  # comments, order, quotes, CRLF line ends: byte for byte
    for name, kept in KEPT:
        assert kept.encode() in after[name]
    assert b"\r\n" in after["forecast.yaml"] and b"\n" not in after["forecast.yaml"].replace(b"\r\n", b"")
    assert f"fixed {folder / 'students/ready.yaml'}:" in result.stdout
    assert "screening.human_rights_vetting.status: 'aproved' -> 'approved' (GEN009)" in result.stdout
    assert "entries[0].mde_usd: US$29M -> $29M (GEN009)" in result.stdout
    assert "17 Apr 1991" not in result.output and "6 Oct 2026" not in result.output
    # the report is the check after fixing: what remains is what sco is not sure of
    code, payload = sco.json("check", folder, "--as-of", AS_OF)
    assert result.exit_code == code == 1
    left = [
        (f["file"].removeprefix(str(folder) + "/"), f["field"]) for f in findings_of(payload) if f["code"] == "GEN009"
    ]
    assert sorted(left) == [
        ("students/ready.yaml", "date_of_birth"),
        ("students/ready.yaml", "screening.medical.exam_date"),
        ("students/tie.yaml", "screening.human_rights_vetting.status"),
    ]
    assert all(f["fix"] is None for f in findings_of(payload))
    tie = next(f for f in findings_of(payload) if f["file"].endswith("tie.yaml") and f["code"] == "GEN009")
    assert tie["hint"] == "did you mean 'suspended' or 'approved'?"
    # a second --fix has nothing left to do
    again = sco("check", "--diff", folder, "--as-of", AS_OF)
    assert again.exit_code == 0 and again.stdout == "" and "no fix to write" in again.stderr


def test_json_lists_the_applied_fixes(sco: Sco, tmp_path: Path):
    folder = _office(tmp_path / "office")
    code, payload = sco.json("check", "--fix", folder, "--as-of", AS_OF)
    assert code == 1
    changes = [(c["file"].removeprefix(str(folder) + "/"), c["old"], c["new"]) for c in payload["fixes"]]
    assert changes == [
        ("forecast.yaml", "US$29M", "$29M"),
        ("forecast.yaml", "$8.02 Mil.", "$8.02M"),
        ("forecast.yaml", "90 percent", "90%"),
        ("forecast.yaml", "2027/9/30", "2027-09-30"),
        ("sco.yaml", "45 days", "45"),
        ("sco.yaml", "35%", "35"),
        ("students/ready.yaml", "14 Oct 2026", "2026-10-14"),
        ("students/ready.yaml", "'aproved'", "'approved'"),
    ]
    assert {c["code"] for c in payload["fixes"]} == {"GEN009"}
    assert all(isinstance(c["line"], int) and c["field"] for c in payload["fixes"])
    assert not any(f["fix"] for f in findings_of(payload))


def test_diff_as_json_and_a_finding_says_what_its_fix_writes(sco: Sco, tmp_path: Path):
    folder = _office(tmp_path / "office")
    code, payload = sco.json("check", "--diff", folder / "sco.yaml", "--as-of", AS_OF)
    assert code == 1
    assert [(c["old"], c["new"]) for c in payload["fixes"]] == [("45 days", "45"), ("35%", "35")]
    assert "+  imet_pme_min_pct: 35     #" in payload["diff"]
    code, payload = sco.json("check", folder / "sco.yaml", "--as-of", AS_OF)
    assert [f["fix"] for f in findings_of(payload)] == [{"value": 45}, {"value": 35}]
    assert findings_of(payload)[0]["hint"] == "write it 45"


def test_fix_gives_the_same_result_with_two_workers(sco: Sco, tmp_path: Path):
    one, two = _office(tmp_path / "one"), _office(tmp_path / "two")
    first = sco("check", "--fix", one, "--as-of", AS_OF, "--jobs", "1")
    second = sco("check", "--fix", two, "--as-of", AS_OF, "--jobs", "2")
    assert _texts(one) == _texts(two)
    assert first.exit_code == second.exit_code
    assert first.stdout.replace(str(one), "X") == second.stdout.replace(str(two), "X")


def test_a_probability_setting_written_as_a_percentage(sco: Sco, tmp_path: Path):
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    office = (tmp_path / "sco.yaml").read_text(encoding="utf-8")
    office = office.replace("thresholds:\n", "thresholds:\n  forecast_probability_min: 85 %\n")
    (tmp_path / "sco.yaml").write_text(office, encoding="utf-8")
    result = sco("check", "--fix", tmp_path / "sco.yaml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "  forecast_probability_min: 0.85\n" in (tmp_path / "sco.yaml").read_text(encoding="utf-8")


def test_diff_refuses_a_machine_format_it_cannot_carry(sco: Sco, tmp_path: Path):
    folder = _office(tmp_path / "office")
    result = sco("check", "--diff", "--format", "sarif", folder)
    assert result.exit_code == 2
    assert "--diff" in result.stderr


def test_a_value_changed_after_the_check_is_left_alone(tmp_path: Path):
    """The fix names the value it was computed from: when the file says something else by the time it
    is written, that value is not touched (and the write itself is compared with what was read)."""
    from sco_cli.app.fixing import FixRun, plan_fixes
    from sco_cli.core.pipeline import CheckOptions, check_paths
    from sco_cli.kinds import KINDS

    folder = _office(tmp_path / "office")
    from datetime import date

    report = check_paths([str(folder / "sco.yaml")], KINDS, CheckOptions(date(2026, 11, 24)))
    path = folder / "sco.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("45 days", "50 days"), encoding="utf-8")
    run = FixRun()
    plans = plan_fixes(report, run)
    assert [c.old for plan in plans for c in plan.changes] == ["35%"]
    assert run.left == [f"{path}:32:3: thresholds.foreign_clearance_lead_days: changed since it was checked; not fixed"]


def test_rules_explain_says_whether_a_rule_is_fixable(sco: Sco):
    fixable = sco("rules", "explain", "GEN009")
    assert "Fix: `sco check --fix` writes" in fixable.stdout
    assert "Never a personal field's value" in fixable.stdout
    assert "Fix: none" in sco("rules", "explain", "LOR005").stdout
    _, payload = sco.json("rules", "explain", "LOR005")
    assert payload["rule"]["fix"] is None
    assert json.dumps(payload)


def test_standard_input_is_checked_but_never_fixed(sco: Sco):
    text = (
        (EXAMPLES / "students" / "ready.yaml")
        .read_text(encoding="utf-8")
        .replace("status: approved", "status: aproved")
    )
    result = sco("check", "--fix", "-", "--as-of", AS_OF, input=text)
    assert result.exit_code == 1
    assert "fixes are written only into files" in result.stderr
    assert "did you mean 'approved'?" in result.stdout


def test_many_fixes_in_one_file_past_the_described_findings(sco: Sco, tmp_path: Path):
    """300 entries with three fixable values each (900 findings, 200 described per check): --fix takes
    several passes and fixes them all; an enumeration written in capitals (read without its case) is fixed
    too, and nothing is reported as changed meanwhile."""
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    lines = ["kind: forecast", "country: Republic of Examplestan", "prepared: 2026-11-16", "entries:"]
    for i in range(300):
        lines += [f"  - id: F-{i}", f"    description: item {i}  # note {i}", "    channel: FMSS"]
        lines += ["    mde_usd: US$1.5M", "    other_usd: 0", "    probability: 0.5", "    expected_date: 2027/10/01"]
    register = tmp_path / "forecast.yaml"
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = sco("check", "--fix", "-q", tmp_path, "--as-of", AS_OF)
    assert result.stderr == ""
    text = register.read_text(encoding="utf-8")
    assert text.count("channel: fms\n") == text.count("mde_usd: $1.5M\n") == text.count("2027-10-01") == 300
    assert text.count("# note") == 300
    assert result.stdout.count("\nfixed ") + result.stdout.startswith("fixed ") == 900
    assert sco("check", tmp_path, "--as-of", AS_OF).exit_code == 0
