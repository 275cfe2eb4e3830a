"""The small frictions a new user met on the first day (issue 24 point 5), one test each, through the
real command line."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES, Sco, findings_of, on_terminal

STUDENTS = EXAMPLES / "students"


@pytest.mark.parametrize("typed", ["ito4", "ITO 4", "ito-004", " Ito04 "])
def test_rules_explain_reads_a_short_code_as_the_rule_it_names(sco: Sco, typed: str):
    result = sco("rules", "explain", typed)
    assert result.exit_code == 0 and result.stdout.startswith("ITO004 ")


def test_lor_route_prints_the_address_on_its_own_line(sco: Sco):
    result = sco("lor", "route", EXAMPLES / "lor-complete.yaml", "--as-of", AS_OF)
    assert "\\n" not in result.stdout
    lines = result.stdout.splitlines()
    dsca = lines.index("  - DSCA (Operations Directorate)")
    assert lines[dsca + 1] == "      DSCA.NCR.DBO.MBX.LOR-DSCA@mail.mil"


def test_cta_endorsement_does_not_promise_what_it_then_refuses(sco: Sco, tmp_path: Path):
    result = sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "--endorsement", "-o", tmp_path / "e.md")
    assert result.exit_code == 1 and "no SCO endorsement written" in result.stderr
    assert "as requested" not in result.stdout and not (tmp_path / "e.md").exists()


def test_an_empty_prominence_report_says_why_and_why_it_exits_1(sco: Sco):
    result = sco("training", "prominence", STUDENTS, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "no student file read has a `prominence:` record" in result.stdout
    _, payload = sco.json("student", "check", STUDENTS, "--as-of", AS_OF)
    errors = payload["summary"]["errors"]
    assert errors > 1
    assert (
        f"{errors} error findings in the files read (exit 1); `sco student check {STUDENTS}` lists them"
        in result.stderr
    )
    clean = sco("training", "prominence", EXAMPLES / "graduates", "--as-of", AS_OF)
    assert clean.exit_code == 0 and clean.stderr == ""


def test_javits_report_has_a_default_year_as_the_forecast_has(sco: Sco):
    november = sco("javits", "report", EXAMPLES, "--as-of", AS_OF)
    assert november.exit_code in (0, 1) and "calendar year 2027" in november.stdout.splitlines()[0]
    january = sco("javits", "report", EXAMPLES, "--as-of", "2027-01-20")
    assert "calendar year 2027" in january.stdout.splitlines()[0]
    february = sco("javits", "report", EXAMPLES, "--as-of", "2027-02-02")
    assert "calendar year 2028" in february.stdout.splitlines()[0]
    assert "calendar year 2026" in sco("javits", "report", EXAMPLES, "--year", "2026").stdout.splitlines()[0]


def test_student_table_keeps_ito_numbers_whole_on_80_columns():
    screen = on_terminal(["student", "check", str(STUDENTS), "--as-of", AS_OF], {**os.environ, "COLUMNS": "80"})
    plain = re.sub(r"\x1b\[[0-9;]*m", "", screen)
    for number in ("XS-P-IMT-2027-0101", "XS-P-IMT-2027-0106"):
        assert number in plain
    assert all(len(line) <= 80 for line in plain.splitlines() if "│" in line)
    assert "2 of 6 students ready for an ITO" in plain


def test_readiness_line_off_a_terminal_and_ito_ready_in_csv(sco: Sco):
    text = sco("student", "check", STUDENTS, "--as-of", AS_OF)
    assert text.stdout.splitlines()[-1] == "2 of 6 students ready for an ITO"
    assert "ready for an ITO" not in sco("student", "check", STUDENTS, "--as-of", AS_OF, "-f", "json").stdout
    rows = list(csv.DictReader(io.StringIO(sco("student", "check", STUDENTS, "--as-of", AS_OF, "-f", "csv").stdout)))
    ready = {Path(row["file"]).name: row["ito_ready"] for row in rows}
    assert ready["ready.yaml"] == "true" and ready["medical-expired.yaml"] == "false"
    assert len(ready) == 6  # a student without findings has its row too
    assert {row["waived"] for row in rows if row["code"]} == {"false"}  # as JSON writes it, not False


def test_csv_waived_is_written_as_json_writes_it(sco: Sco, tmp_path: Path):
    lor = tmp_path / "lor.yaml"
    waiver = "waivers:\n  - rule: LOR002\n    reason: r\n    approved_by: COL X\n    expires: 2027-01-31\n"
    lor.write_text((EXAMPLES / "lor-flawed.yaml").read_text() + waiver)
    rows = list(csv.DictReader(io.StringIO(sco("check", lor, "--as-of", AS_OF, "-f", "csv").stdout)))
    assert {row["waived"] for row in rows} == {"true", "false"}


@pytest.mark.parametrize("group", ["lor", "eum", "rules", "calendar", "training", "check"])
def test_help_is_plain_text_without_type_tags(sco: Sco, group: str):
    result = sco(group, "--help")
    assert result.exit_code == 0
    assert not re.search(r"<(bool|str|int|list\[str\])>", result.stdout), result.stdout
    assert "╭" not in result.stdout and "│" not in result.stdout
    assert result.stdout.startswith(f"Usage: sco {group}")


@pytest.mark.parametrize(
    "args",
    [["lor", "route"], ["check", "--jobs", "x", "a.yaml"], ["lorr"], ["rules", "explain", "XYZ999"], ["check", "-h"]],
)
def test_one_error_style(sco: Sco, args: list[str]):
    result = sco(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sco: error: "), result.stderr
    assert "╭" not in result.stderr


def test_waiver_paths_are_shown_as_finding_paths_are(sco: Sco, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    office = tmp_path / "office"
    shutil.copytree(EXAMPLES, office)
    with (office / "sco.yaml").open("a") as handle:
        handle.write(
            "waivers:\n  - rule: LOR010\n    reason: r\n    approved_by: COL X\n    expires: 2027-01-31\n"
            "    where: lor-flawed.yaml\n"
        )
    monkeypatch.chdir(tmp_path)
    _, payload = sco.json("check", "office/lor-flawed.yaml", "--as-of", AS_OF)
    waived = [f for f in findings_of(payload) if f["waived"]]
    assert [(f["file"], f["waiver"]["file"]) for f in waived] == [("office/lor-flawed.yaml", "office/sco.yaml")]
    listed = sco("waivers", "list", "office", "--as-of", AS_OF)
    assert listed.stdout.startswith("office/sco.yaml:") and "waives 1 finding" in listed.stdout


def test_calendar_json_next_is_the_item(sco: Sco):
    _, payload = sco.json("calendar", EXAMPLES, "--as-of", AS_OF)
    nxt = payload["next"]
    assert isinstance(nxt, dict) and nxt["next"] is True
    assert nxt == next(item for item in payload["items"] if item["next"])


def _uids(ics: bytes) -> list[str]:
    from icalendar import Calendar

    return [str(event["uid"]) for event in Calendar.from_ical(ics).walk("VEVENT")]


def test_ics_uids_are_unique_per_office(sco: Sco, tmp_path: Path):
    other = tmp_path / "other"
    shutil.copytree(EXAMPLES, other)
    office = (other / "sco.yaml").read_text()
    assert "country_code: XS" in office
    (other / "sco.yaml").write_text(office.replace("country_code: XS", "country_code: XT"))
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert sco("calendar", EXAMPLES, "--as-of", AS_OF, "-o", first).exit_code == 0
    assert sco("calendar", other, "--as-of", AS_OF, "-o", second).exit_code == 0
    a, b = _uids(first.read_bytes()), _uids(second.read_bytes())
    assert len(a) == len(set(a)) and len(a) == len(b)
    assert not set(a) & set(b)
    again = tmp_path / "again.ics"
    assert sco("calendar", EXAMPLES, "--as-of", AS_OF, "-o", again).exit_code == 0
    assert _uids(again.read_bytes()) == a  # stable from run to run


def test_cav_window_is_its_first_and_last_day_in_ics(sco: Sco, tmp_path: Path):
    from icalendar import Calendar

    out = tmp_path / "c.ics"
    sco("calendar", EXAMPLES, "--as-of", AS_OF, "-o", out)
    cav = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if "Compliance Assessment" in e["summary"]]
    assert [str(e["summary"]).rsplit(": ", 1)[1] for e in cav] == ["window opens", "window closes"]
    for event in cav:
        assert (event["dtend"].dt - event["dtstart"].dt).days == 1
    _, payload = sco.json("calendar", EXAMPLES, "--as-of", AS_OF)  # the JSON keeps the window
    window = next(item for item in payload["items"] if "Compliance Assessment" in item["title"])
    assert window["end"] is not None


def test_templates_check_counts_in_words(sco: Sco, tmp_path: Path):
    (tmp_path / "javits.md.j2").write_text("{{ report.nope.deeper }}\n")
    result = sco("templates", "check", tmp_path)
    assert result.exit_code == 1 and result.stderr.splitlines()[-1] == "FAILED: 1 template, 1 error"


def test_eum_import_updates_the_register_without_force(sco: Sco, tmp_path: Path):
    register = tmp_path / "eum.yaml"
    shutil.copy(EXAMPLES / "eum.yaml", register)
    scan = tmp_path / "scan.csv"
    scan.write_text("serial,case,description,location,custodian\nZZ-1,XS-B-ZAC,Radio,Depot,Unit\n")
    result = sco("eum", "import", scan, "--into", register)
    assert result.exit_code == 0, result.stderr
    assert "ZZ-1" in register.read_text()
    assert json.loads(sco("eum", "check", register, "-f", "json").stdout)["summary"]["files"] == 1
