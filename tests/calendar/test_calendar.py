"""`sco calendar`: the fixed milestones as dates, the files' dates through their kind's `events`
hook, fiscal-year and calendar-year boundaries, overdue and next, JSON, and iCalendar parsed back."""

from __future__ import annotations

import os
from datetime import date

import pytest
from icalendar import Calendar

from sco_cli.calendar.build import calendar
from sco_cli.core.events import Event
from sco_cli.core.kinds import Kind, KindTable
from sco_cli.core.kindspec import KindSpec
from sco_cli.core.results import FileResult
from sco_cli.core.thresholds import shipped
from sco_cli.core.types import Model
from tests.helpers import AS_OF, EXAMPLES, on_terminal

FY2027_MILESTONES = [
    ("2026-10-25", "budget-submission-to-ccmd"),
    ("2026-11-05", "budget-review-vtc"),
    ("2026-12-15", "budget-ccmd-to-joint-staff"),
    ("2027-01-05", "budget-joint-staff-to-dsca"),
    ("2027-01-31", "fmt-report"),
    ("2027-02-01", "javits-report"),
    ("2027-02-05", "budget-dsca-to-osd"),
    ("2027-02-15", "fmf-program-baseline"),
    ("2027-03-05", "spend-plan-update"),
    ("2027-03-15", "budget-recommendation-vtc"),
    ("2027-03-15", "budget-recommendations-to-dos"),
    ("2027-04-01", "forecast-call"),
    ("2027-04-15", "budget-roundtables"),
    ("2027-08-15", "budget-preliminary-information"),
    ("2027-09-15", "budget-call"),
]


def _items(sco, *args):
    code, payload = sco.json("calendar", *args)
    return code, payload, payload["items"]


def test_fixed_milestones_of_a_fiscal_year(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no sco.yaml here: the notional dates
    code, payload, items = _items(sco, "--fy", "2027", "--as-of", AS_OF)
    assert code == 0
    assert (payload["start"], payload["end"]) == ("2026-10-01", "2027-09-30")
    assert sorted((i["date"], i["key"].split(":")[0]) for i in items) == sorted(FY2027_MILESTONES)
    by_key = {i["key"].split(":")[0]: i for i in items}
    # the budget cycle runs across the calendar year: December and January build the same request
    assert "FY2028" in by_key["budget-ccmd-to-joint-staff"]["title"]
    assert "FY2028" in by_key["budget-joint-staff-to-dsca"]["title"]
    assert "FY2029" in by_key["budget-call"]["title"]  # the next cycle starts in August 2027
    assert "FY2027 FMF program baseline" in by_key["fmf-program-baseline"]["title"]
    assert "(FY2026 and FY2027)" in by_key["fmt-report"]["title"]
    assert "(late October, notional)" in by_key["budget-submission-to-ccmd"]["title"]
    assert by_key["budget-submission-to-ccmd"]["status"] == "past"  # a milestone, not the office's task
    assert payload["next"] == by_key["budget-ccmd-to-joint-staff"]  # the item itself (issue 24)


def test_office_dates_replace_the_notional_ones(sco, tmp_path):
    office = tmp_path / "sco.yaml"
    office.write_text(
        "kind: office\ncountry: Republic of Examplestan\ncalendar:\n"
        "  budget-submission-to-ccmd: 10-28\n  spend-plan-update: 2027-03-03\n"
        "  budget-ccmd-to-joint-staff: 2027-01-04\n"
    )
    _, _, items = _items(sco, "--fy", "2027", "--as-of", AS_OF, "--config", str(office))
    by_key = {i["key"]: i for i in items}
    assert by_key["budget-submission-to-ccmd:2026"]["date"] == "2026-10-28"
    assert "notional" not in by_key["budget-submission-to-ccmd:2026"]["title"]
    assert by_key["spend-plan-update:2027"]["date"] == "2027-03-03"
    # a date given for one cycle replaces the occurrence nearest it, even across the new year
    assert by_key["budget-ccmd-to-joint-staff:2026"]["date"] == "2027-01-04"
    _, _, later = _items(sco, "--fy", "2028", "--as-of", AS_OF, "--config", str(office))
    assert {i["key"]: i["date"] for i in later}["spend-plan-update:2028"] == "2028-03-05"
    assert {i["key"]: i["date"] for i in later}["budget-submission-to-ccmd:2027"] == "2027-10-28"


@pytest.mark.parametrize(
    ("fy", "inside", "outside"), [(2027, "2026-10-01", "2026-09-30"), (2026, "2026-09-30", "2026-10-01")]
)
def test_file_dates_at_the_fiscal_year_boundary(sco, tmp_path, fy, inside, outside):
    budget = tmp_path / "budget.yaml"
    budget.write_text(
        "kind: budget\nprogram: fmf\nfiscal_year: 2028\nuncommitted_balance_usd: 2M\nuncommitted_reason: x\n"
        "spend_plan:\n  - {date: 2026-09-30, amount_usd: 1M, description: first}\n"
        "  - {date: 2026-10-01, amount_usd: 1M, description: second}\n"
    )
    _, _, items = _items(sco, str(budget), "--fy", fy, "--as-of", AS_OF)
    dates = [i["date"] for i in items if i["source"]]
    assert inside in dates and outside not in dates


def test_leap_day_and_new_year_in_office_dates(sco, tmp_path):
    office = tmp_path / "sco.yaml"
    office.write_text("kind: office\ncountry: X\ncalendar:\n  javits-report: 02-29\n  fmt-report: 12-31\n")
    _, _, items = _items(sco, "--fy", "2028", "--as-of", AS_OF, "--config", str(office))
    by_key = {i["key"]: i["date"] for i in items}
    assert by_key["javits-report:2028"] == "2028-02-29"  # a leap year
    assert by_key["fmt-report:2027"] == "2027-12-31"
    _, _, items = _items(sco, "--fy", "2027", "--as-of", AS_OF, "--config", str(office))
    assert {i["key"]: i["date"] for i in items}["javits-report:2027"] == "2027-02-28"


def test_examples_overdue_next_and_done(sco):
    code, payload, items = _items(sco, str(EXAMPLES), "--fy", "2027", "--as-of", AS_OF)
    assert code == 0 and payload["not_loaded"] == []  # every file loads (lor-flawed.yaml without its bad fields)
    overdue = [i for i in items if i["status"] == "overdue"]
    assert [i["title"] for i in overdue] == ["Arrival notice due to the IMSO: ORG, Toomas (XS-P-IMT-2027-0106)"]
    travel = (EXAMPLES / "students" / "arrival-notice-overdue.yaml").read_text().split("\n").index("travel:") + 1
    assert overdue[0]["source"].endswith("arrival-notice-overdue.yaml") and overdue[0]["line"] == travel
    nxt = [i for i in items if i["next"]]
    assert len(nxt) == 1 and nxt[0]["date"] >= AS_OF and nxt[0] == payload["next"]
    titles = {i["title"] for i in items}
    assert "Spend-plan update for prior-year uncommitted FMF due (FY2028 FMF request)" in titles
    assert "CCMD SCETWG" in titles
    assert any(t.startswith("Last day to change or cancel without charge: FY2027 line 3") for t in titles)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    statuses = {i["title"]: i["status"] for i in items}
    assert statuses["ITO issued: TAMM, Lina (XS-P-IMT-2027-0101)"] == "done"
    assert statuses["Pre-departure briefing: TAMM, Lina (XS-P-IMT-2027-0101)"] == "scheduled"


def test_text_marks_overdue_and_next(sco):
    result = sco("calendar", str(EXAMPLES / "students"), "--fy", "2027", "--as-of", AS_OF)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FY2027 calendar (2026-10-01 to 2027-09-30), as of 2026-11-24:")
    assert any(
        line.split()[:2] == ["2026-11-20", "OVERDUE"] and "Arrival notice due to the IMSO: ORG, Toomas" in line
        for line in lines
    )
    assert sum(" NEXT " in line for line in lines) == 1


def test_ics_parses_back_with_stable_uids(sco, tmp_path, monkeypatch):
    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    monkeypatch.chdir(EXAMPLES.parent)
    assert (
        sco(
            "calendar", "examples/students", "examples/budget-fmf.yaml", "-f", "ics", "-o", first, "--as-of", AS_OF
        ).exit_code
        == 0
    )
    monkeypatch.chdir(EXAMPLES)  # another folder, other relative paths: the same UIDs
    assert sco("calendar", "students", "budget-fmf.yaml", "-f", "ics", "-o", second, "--as-of", AS_OF).exit_code == 0
    parsed = [Calendar.from_ical(path.read_bytes()) for path in (first, second)]
    events = [list(c.walk("VEVENT")) for c in parsed]
    uids = [[str(e["UID"]) for e in found] for found in events]
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == len(uids[0])
    _, _, items = _items(sco, EXAMPLES / "students", EXAMPLES / "budget-fmf.yaml", "--as-of", AS_OF)
    assert len(events[0]) == len(items)
    overdue = [e for e in events[0] if str(e["SUMMARY"]).startswith("OVERDUE: ")]
    assert [str(e["SUMMARY"]) for e in overdue] == [
        "OVERDUE: Arrival notice due to the IMSO: ORG, Toomas (XS-P-IMT-2027-0106)"
    ]
    one = overdue[0]
    assert one.decoded("DTSTART") == date(2026, 11, 20) and one.decoded("DTEND") == date(2026, 11, 21)
    assert "CUI" in str(one["DESCRIPTION"]) and "SAMM C2.1.6.9.1" in str(one["DESCRIPTION"])
    assert str(parsed[0]["X-WR-CALNAME"]) == "CUI: sco FY2027 Republic of Examplestan"
    again = sco("calendar", "students", "-f", "ics", "-o", second, "--as-of", AS_OF)
    assert again.exit_code == 2 and "--force" in again.stderr


def test_a_new_kind_reaches_the_calendar_through_its_events_hook():
    """The calendar knows no kind by name: any kind with `events` in its KindSpec is shown."""

    class Visit(Model):
        kind: str

    def visit_events(result: FileResult):
        yield Event(date(2027, 5, 3), "Compliance Assessment Visit", "cav", result.path, 4, "SAMM C2.1.5.6.1", "eum")

    kinds = KindTable([Kind("visit", lambda: KindSpec("visit", Visit, events=visit_events))])
    result = FileResult("visit.yaml", "visit", model=Visit(kind="visit"))
    items = calendar(2027, date(2026, 11, 24), None, shipped(), [result], kinds)
    found = [item for item in items if item.event.source == "visit.yaml"]
    assert [(i.event.title, i.status) for i in found] == [("Compliance Assessment Visit", "upcoming")]


def test_usage_errors_and_broken_files(sco, tmp_path):
    assert sco("calendar", "--fy", "20277").exit_code == 2
    assert sco("calendar", "--format", "pdf").exit_code == 2
    assert sco("calendar", str(tmp_path / "missing.yaml")).exit_code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: student\nname: [\n")
    good = tmp_path / "budget.yaml"
    good.write_text("kind: budget\nprogram: fmf\nfiscal_year: 2028\nuncommitted_balance_usd: 1M\n")
    result = sco("calendar", str(tmp_path), "--fy", "2027", "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    assert "broken.yaml does not load" in result.stderr
    assert "Traceback" not in result.output


def test_terminal_highlights_the_next_item():
    env = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "COLUMNS": "200", "TERM": "xterm"}
    screen = on_terminal(["calendar", str(EXAMPLES / "students"), "--fy", "2027", "--as-of", AS_OF], env)
    assert "▶ next" in screen
    assert "\x1b[1;7m" in screen or "\x1b[7;1m" in screen  # bold reverse video on the next item
    assert "\x1b[1;31m" in screen  # the overdue arrival notice in bold red


def test_absurd_dates_and_control_characters(sco, tmp_path):
    (tmp_path / "student.yaml").write_text(
        "kind: student\n"
        'name: {surname: "Evil\\u001b[2J[bold]x", given: "Name\\nNEXT forged"}\n'
        "ito: {number: A, issue_date: 2026-12-01}\n"
        "courses:\n  - {masl: X, start: 9999-12-01, end: 9999-12-31}\n"
        "travel: {departure: 0001-01-01, arrival: 0001-01-02}\n"
    )
    (tmp_path / "plan.yaml").write_text(
        "kind: training_plan\ncurrent_fiscal_year: 1900\nscetwg: 0001-01-01\nyears:\n  1900:\n    lines:\n"
        "      - {masl: X, start: 0001-01-05, mtt: true, funding: imet, priority: b}\n"
    )
    assert sco("check", str(tmp_path), "--as-of", AS_OF).exit_code == 1  # findings, no overflow
    for fy in ("1900", "2027", "9998"):  # dates out of range are not read: refused, or a DRAFT naming them
        refused = sco("calendar", str(tmp_path), "--fy", fy, "--as-of", AS_OF, "-f", "ics")
        assert refused.exit_code == 1 and "BEGIN:VCALENDAR" not in refused.stdout
        assert "student.yaml:6: not read: travel.departure" in refused.stderr
        drafted = sco("calendar", str(tmp_path), "--fy", fy, "--as-of", AS_OF, "-f", "ics", "--draft")
        assert drafted.exit_code == 1 and "X-WR-CALNAME:CUI // DRAFT" in drafted.stdout
    text = sco("calendar", str(tmp_path), "--fy", "2027", "--as-of", AS_OF).stdout
    assert "\x1b" not in text and "EVIL\\x1b[2J[BOLD]X, Name\\nNEXT forged (A)" in text
    assert sum(" NEXT " in line for line in text.splitlines()) == 1


def test_an_office_file_with_errors_is_said(sco, tmp_path):
    office = tmp_path / "sco.yaml"
    office.write_text("kind: office\ncountry: X\ncalendar:\n  budget-cal: 10-10\n")
    result = sco("calendar", "--config", str(office), "--fy", "2027", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "sco.yaml has errors" in result.stderr
    assert "2026-10-25" in result.stdout  # the notional dates are still listed


def test_color_choice_and_format_from_the_output_suffix(sco, tmp_path):
    plain = sco("calendar", str(EXAMPLES / "students"), "--fy", "2027", "--as-of", AS_OF, "--color", "never")
    assert "NEXT" in plain.stdout and "\x1b[" not in plain.stdout
    coloured = sco("calendar", str(EXAMPLES / "students"), "--fy", "2027", "--as-of", AS_OF, "--color", "always")
    assert "▶ next" in coloured.stdout and "\x1b[1;31m" in coloured.stdout  # overdue in bold red
    out = tmp_path / "year.ics"
    assert sco("calendar", "--fy", "2027", "--as-of", AS_OF, "-o", out).exit_code == 0
    assert out.read_text().startswith("BEGIN:VCALENDAR")
    clash = sco("calendar", "--fy", "2027", "-f", "json", "-o", tmp_path / "x.ics")
    assert clash.exit_code == 2 and "--format is json" in clash.stderr


def test_last_day_to_issue_the_ito_is_the_medical_examination_plus_three_months(sco, tmp_path):
    """Issue 21: before the ITO is issued, the calendar shows the last day it can be, on the recorded
    medical examination (C2.1.6.7.3: the examination within the three months preceding the ITO)."""
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    student = tmp_path / "student.yaml"
    student.write_text(text.replace("  issue_date: 2026-11-20\n", ""))
    _, _, items = _items(sco, str(student), "--fy", "2027", "--as-of", AS_OF)
    last = [i for i in items if i["title"].startswith("Last day to issue the ITO")]
    assert [(i["date"], i["status"], i["reference"]) for i in last] == [("2027-01-06", "upcoming", "SAMM C2.1.6.7.3")]
    _, _, items = _items(sco, str(EXAMPLES / "students" / "ready.yaml"), "--fy", "2027", "--as-of", AS_OF)
    assert not [i for i in items if i["title"].startswith("Last day to issue the ITO")]  # issued: no longer a task


def test_the_calendar_keeps_each_files_events_not_its_model(sco, monkeypatch, tmp_path):
    """Issue 20 point 5: `sco calendar` over 16,000 files held every validated model (394 MiB). The events
    are computed while each model is at hand and the model is dropped; the answer is the one the models give."""
    from dataclasses import replace

    from sco_cli.core import pipeline

    real = pipeline.check_paths
    kept: list = []

    def with_models(paths, kinds, options, *rest, **kwargs):  # type: ignore[no-untyped-def]
        return real(paths, kinds, replace(options, keep_models=True, keep_events=False), *rest, **kwargs)

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        report = real(*args, **kwargs)
        kept.extend(report.files)
        return report

    import shutil

    office = tmp_path / "office"
    shutil.copytree(EXAMPLES, office)
    eum = (office / "eum.yaml").read_text()
    (office / "eum-broken.yaml").write_text(eum.replace("arrival: 2026-03-10", "arrival: 2026-02-30"))
    args = ("calendar", office, "--format", "json", "--as-of", AS_OF, "--config", office / "sco.yaml")
    monkeypatch.setattr(pipeline, "check_paths", with_models)
    from_models = sco(*args)
    monkeypatch.setattr(pipeline, "check_paths", spy)
    from_events = sco(*args)
    assert from_events.exit_code == from_models.exit_code and from_events.stdout == from_models.stdout
    assert from_events.stderr == from_models.stderr and "eum-broken.yaml" in from_events.stdout  # not read: said
    checked = [r for r in kept if r.kind is not None]
    assert len(checked) > 10 and all(r.model is None for r in checked)
    assert sum(len(r.events or []) for r in checked) >= 10  # the events themselves are kept
