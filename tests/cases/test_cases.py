"""Case files: `sco case status` sorted by the next date, the LOR-to-case link, and case dates for
the calendar."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date

from sco_cli.core.pipeline import CheckOptions, check_paths
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, findings_of

CASES = EXAMPLES / "cases"


def test_status_one_line_per_case_sorted_by_next_date(sco):
    result = sco("case", "status", str(CASES), "--as-of", AS_OF)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["XS-D-GAA", "XS-B-ZAD", "XS-P-SAB"]
    assert "2027-01-23  purchaser signature before the OED (60 days left)" in lines[1]
    assert "may be destroyed" in lines[0] and "implementation" in lines[2]


def test_status_json_and_csv(sco):
    code, payload = sco.json("case", "status", str(CASES), "--as-of", AS_OF)
    assert code == 0 and set(payload) == {"sco_version", "as_of", "cases", "findings", "unreadable"}
    offered = next(c for c in payload["cases"] if c["case"] == "XS-B-ZAD")
    assert offered == {
        "case": "XS-B-ZAD",
        "status": "offered",
        "next_date": "2027-01-23",
        "waiting_for": "purchaser signature before the OED (60 days left)",
        "missing_documents": [],
        "file": str(CASES / "XS-B-ZAD.yaml"),
    }
    rows = list(csv.DictReader(io.StringIO(sco("case", "status", str(CASES), "-f", "csv", "--as-of", AS_OF).stdout)))
    # the CSV is the case-status extract `sco case import` reads: its columns, by case id
    assert [(r["Case"], r["Status"], r["Offer Expiration"]) for r in rows] == [
        ("XS-B-ZAD", "Offered", "1/23/2027"),
        ("XS-D-GAA", "Closed", "5/6/2009"),
        ("XS-P-SAB", "Accepted", "10/3/2026"),
    ]


def test_status_of_cases_that_wait(sco, tmp_path):
    (tmp_path / "a.yaml").write_text("kind: case\nid: A\nstatus: in_development\nanticipated_offer: 2026-11-01\n")
    (tmp_path / "b.yaml").write_text("kind: case\nid: B\nstatus: accepted\npurchaser_signed: 2026-10-01\n")
    (tmp_path / "c.yaml").write_text("kind: case\nid: [broken\n")
    code, payload = sco.json("case", "status", str(tmp_path), "--as-of", AS_OF)
    assert code == 1  # the broken file is an error finding
    rows = {row["case"] or "broken": row for row in payload["cases"]}
    assert rows["A"]["waiting_for"] == "LOA offer by the anticipated offer date (AOD passed: follow up with the IA)"
    assert (rows["B"]["next_date"], rows["B"]["waiting_for"]) == (
        "2026-10-01",
        "report the accepted LOA to the IA and DSCA",
    )
    assert rows["broken"]["status"] == "unreadable"
    assert [row["case"] for row in payload["cases"]][:2] == ["B", "A"]


def test_offer_days_left_counts_to_the_oed(sco):
    _, payload = sco.json("check", str(CASES / "XS-B-ZAD.yaml"), "--as-of", "2027-01-23")
    facts = payload["files"][0]["facts"]
    assert facts["offer_days_left"] == 0
    assert [f["code"] for f in findings_of(payload)] == ["CAS003"]
    _, payload = sco.json("check", str(CASES / "XS-B-ZAD.yaml"), "--as-of", "2027-01-24")
    assert payload["files"][0]["facts"]["offer_days_left"] is None
    assert [f["code"] for f in findings_of(payload)] == ["CAS004"]


def test_lor_with_an_accepted_loa_and_its_case_file(sco, tmp_path):
    shutil.copy(CASES / "XS-P-SAB.yaml", tmp_path / "case.yaml")
    lor = tmp_path / "lor.yaml"
    lor.write_text((EXAMPLES / "lor-cta.yaml").read_text() + "case: XS-P-SAB\nloa_accepted: 2026-09-28\n")
    _, payload = sco.json("check", str(tmp_path), "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    assert "CAS010" not in {f["code"] for f in findings_of(payload)}
    (tmp_path / "case.yaml").write_text((CASES / "XS-B-ZAD.yaml").read_text())
    _, payload = sco.json("check", str(tmp_path), "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    found = [f for f in findings_of(payload) if f["code"] == "CAS010"]
    assert len(found) == 1 and "no case file for case XS-P-SAB" in found[0]["message"]


def test_calendar_events_of_cases():
    from sco_cli.cases.events import events

    report = check_paths([str(CASES)], KINDS, CheckOptions(date.fromisoformat(AS_OF), keep_models=True))
    found = {e.key: e for r in report.files for e in events(r)}
    assert found["case-oed:XS-B-ZAD"].day == date(2027, 1, 23) and not found["case-oed:XS-B-ZAD"].done
    assert found["case-oed:XS-P-SAB"].done  # accepted: the OED no longer waits
    assert found["case-retention:XS-D-GAA"].day == date(2025, 8, 31)
    assert found["case-retention:XS-D-GAA"].reference == "SAMM Table C2.T1 item 19"
    assert "case-aod:XS-B-ZAD" not in found  # offered: the AOD is past history
    development = KINDS.get("case").events
    assert development is events


def test_absurd_dates_are_findings_not_crashes(sco, tmp_path):
    files = {
        "eum": "kind: eum\nlast_cav: 9999-12-01\narticles:\n  - {description: x, arrival: 0001-01-01}\n",
        "case": "kind: case\nid: X\nstatus: closed\nfinal_closure: 9999-01-01\n",
        "industry": "kind: industry_visit\ncompany: X\nfirst_visit: 0001-01-05\n",
        "visit": "kind: visit\ntitle: X\narrival: 0001-01-02\n",
        "student": "kind: student\nname: {surname: A, given: B}\ntravel: {arrival: 0001-01-02}\n",
        "office": "kind: office\ncountry: X\nstaff:\n  - {name: A, background_investigation: 9999-01-01}\n",
    }
    for name, text in files.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        code, payload = sco.json("check", str(path), "--as-of", AS_OF)
        assert code == 1, name
        messages = [f["message"] for f in findings_of(payload) if f["code"] == "GEN009"]
        assert any("outside the years 1900 to 2199" in m for m in messages), name


def test_status_table_on_a_terminal_escapes_markup(capsys):
    from sco_cli.cli.commands.case import _table

    row = {"case": "[bold]X", "status": "offered", "next_date": None, "waiting_for": "[red]y", "missing_documents": []}
    _table([row])
    shown = capsys.readouterr().out
    assert "[bold]X" in shown and "[red]y" in shown and "Cases" in shown


def test_calendar_shows_the_aod_of_a_case_in_development(sco, tmp_path):
    (tmp_path / "case.yaml").write_text(
        "kind: case\nid: XS-B-ZZZ\nstatus: in_development\nlor_received: 2026-10-01\n"
        "anticipated_offer: 2027-02-01   # the AOD the IA gave\n"
    )
    result = sco("calendar", str(tmp_path), "--fy", "2027", "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    line = next(line for line in result.stdout.splitlines() if "anticipated offer date" in line)
    assert "2027-02-01" in line and "XS-B-ZZZ" in line
    _, payload = sco.json("calendar", str(tmp_path), "--fy", "2027", "--config", str(EXAMPLES / "sco.yaml"))
    aod = [item for item in payload["items"] if item["key"] == "case-aod:XS-B-ZZZ"]
    assert len(aod) == 1 and aod[0]["line"] == 5 and aod[0]["date"] == "2027-02-01"
