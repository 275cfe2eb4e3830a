"""Visitors and security: official visits against the Foreign Clearance Guide lead time, LE staff on
the office file, industry visits and neutrality, and their calendar dates."""

from __future__ import annotations

import shutil
from datetime import date

from sco_cli.core.pipeline import CheckOptions, check_paths
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, findings_of


def _checked(*paths):
    return check_paths([str(p) for p in paths], KINDS, CheckOptions(date.fromisoformat(AS_OF), keep_models=True))


def test_the_office_lead_time_is_the_countrys(sco, tmp_path):
    """`foreign_clearance_lead_days` in sco.yaml replaces the shipped 30 days."""
    visit = tmp_path / "visit.yaml"
    visit.write_text("kind: visit\ntitle: Staff visit\narrival: 2027-01-01\nrequest_received: 2026-11-24\n")
    _, payload = sco.json("check", str(visit), "--as-of", AS_OF)
    assert "VIS001" not in {f["code"] for f in findings_of(payload)}  # 38 days before, 30 needed
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  foreign_clearance_lead_days: 45\n")
    _, payload = sco.json("check", str(visit), "--as-of", AS_OF)
    found = [f for f in findings_of(payload) if f["code"] == "VIS001"]
    assert len(found) == 1 and "the FCG lead time is 45 days" in found[0]["message"]


def test_aircraft_use_their_own_lead_time(sco, tmp_path):
    visit = tmp_path / "visit.yaml"
    visit.write_text("kind: visit\ntitle: C-130\ntype: Aircraft\narrival: 2027-01-01\nrequest_received: 2026-11-24\n")
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  aircraft_clearance_lead_days: 60\n")
    _, payload = sco.json("check", str(visit), "--as-of", AS_OF)
    message = next(f for f in findings_of(payload) if f["code"] == "VIS001")["message"]
    assert "the FCG lead time is 60 days (`aircraft_clearance_lead_days`)" in message
    assert "foreign_clearance_lead_days" not in message


def test_example_office_staff_are_in_good_standing(sco):
    code, payload = sco.json("check", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
    assert code == 0 and findings_of(payload) == []
    _, payload = sco.json("check", str(EXAMPLES / "sco.yaml"), "--as-of", "2027-08-01")
    assert [f["code"] for f in findings_of(payload)] == ["LES004"]  # the LAA expires 2027-09-30


def test_a_broken_office_file_is_still_reported_as_the_office(sco, tmp_path):
    (tmp_path / "sco.yaml").write_text(
        "kind: office\ncountry: X\nstaff:\n  - name: A. Varga\n    background_investigation: 2026-02-30\n"
    )
    lor = tmp_path / "lor.yaml"
    lor.write_text("kind: lor\nid: X\n")
    code, payload = sco.json("lor", "check", str(lor), "--as-of", AS_OF)
    assert code == 1
    office = [f for f in payload["files"] if f["path"].endswith("sco.yaml")]
    assert len(office) == 1 and office[0]["kind"] == "office"
    # no `cui:` block: CUI002 names the designation lines the letter and the brief lack
    assert [(f["code"], f["line"]) for f in office[0]["findings"] if f["code"] != "CUI002"] == [("GEN009", 5)]


def test_an_overdue_investigation_is_reported_on_the_office_file(sco, tmp_path):
    """A rule about the office's contents is the office file's finding when sco.yaml is checked; it does not
    make the check of every other file fail (only an office that does not load does that)."""
    (tmp_path / "sco.yaml").write_text(
        "kind: office\ncountry: X\nstaff:\n  - name: A. Varga\n    background_investigation: 2020-01-01\n"
    )
    lor = tmp_path / "lor.yaml"
    lor.write_text("kind: lor\nid: X\n")
    _, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    office = next(f for f in payload["files"] if f["kind"] == "office")
    findings = [f for f in office["findings"] if f["code"] != "CUI002"]  # no `cui:` block: its own warnings
    assert [(f["code"], f["line"]) for f in findings] == [("LES001", 5)]
    assert "A. Varga" in findings[0]["message"] and "2025-01-01" in findings[0]["message"]
    _, payload = sco.json("lor", "check", str(lor), "--as-of", AS_OF)
    assert [f["kind"] for f in payload["files"]] == ["lor"]


def test_neutrality_reminder_names_no_other_firm(sco):
    _, payload = sco.json("industry", "check", str(EXAMPLES / "industry"), "--as-of", AS_OF)
    reminders = {f["file"].rsplit("/", 1)[-1]: f["message"] for f in findings_of(payload) if f["code"] == "IND004"}
    assert set(reminders) == {"acme-defense.yaml", "example-aerospace.yaml"}
    assert "ACME" not in reminders["example-aerospace.yaml"] and "Example" not in reminders["acme-defense.yaml"]
    assert "1 other U.S. firm(s) market 'short-range air defence'" in reminders["acme-defense.yaml"]


def test_calendar_events_of_visits_industry_and_staff():
    from sco_cli.industry.events import events as industry_events
    from sco_cli.office.events import events as office_events
    from sco_cli.visits.events import events as visit_events

    report = _checked(EXAMPLES / "visits", EXAMPLES / "industry", EXAMPLES / "sco.yaml")
    by_kind = {r.path.rsplit("/", 1)[-1]: r for r in report.files}
    j5 = {e.key: e for e in visit_events(by_kind["useucom-j5.yaml"])}
    request = j5["visit-request:USEUCOM J5 country desk staff visit:2027-01-26"]
    assert (request.day, request.done) == (date(2026, 12, 12), True)  # 45 days, the office's lead time
    visit = j5["visit:USEUCOM J5 country desk staff visit:2027-01-26"]
    assert (visit.day, visit.end, visit.category) == (date(2027, 1, 26), date(2027, 1, 29), "visit")

    firm = {e.key: e for e in industry_events(by_kind["example-aerospace.yaml"])}
    notice = firm["industry-notice:Example Aerospace Corp.:2027-01-12"]
    assert (notice.day, notice.done, notice.reference) == (date(2026, 12, 13), True, "SAMM C2.1.8.4")
    assert firm["industry-visit:Example Aerospace Corp.:2027-01-12"].end == date(2027, 1, 15)

    staff = {e.key: e.day for e in office_events(by_kind["sco.yaml"])}
    assert staff == {
        "le-investigation:A. Varga": date(2028, 3, 14),
        "le-investigation:B. Koval": date(2029, 6, 3),
        "le-laa:B. Koval": date(2027, 9, 30),
    }


def test_kinds_offer_their_calendar_hooks():
    for kind in ("office", "eum", "case", "industry_visit", "visit"):
        assert KINDS.get(kind).events is not None, kind


def test_init_writes_a_starter_for_every_new_kind(sco, tmp_path):
    target = tmp_path / "office"
    assert sco("init", str(target)).exit_code == 0
    for name in ("eum.yaml", "cases/XS-P-SAB.yaml", "industry/example-aerospace.yaml", "visits/useucom-j5.yaml"):
        assert (target / name).is_file(), name
    shutil.rmtree(target / ".sco")
    _, payload = sco.json("check", str(target), "--as-of", AS_OF)
    kinds = {f["kind"] for f in payload["files"]}
    assert {"eum", "case", "industry_visit", "visit", "office"} <= kinds
    assert payload["summary"]["errors"] == 0
