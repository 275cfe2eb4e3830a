"""The SCO chief's reports from one forecast register, and the Country Team Assessment."""

from __future__ import annotations

import csv
import io

from tests.helpers import AS_OF, EXAMPLES, ROOT, docx_text, findings_of, golden

REGISTER = EXAMPLES / "forecast.yaml"


def javits(sco, year, *extra):
    code, payload = sco.json("javits", "report", str(REGISTER), "--year", str(year), "--as-of", AS_OF, *extra)
    assert code == 0
    return payload


def test_javits_json_shape_and_calendar_year_edges(sco):
    payload = javits(sco, 2027)
    assert set(payload) == {
        "sco_version",
        "as_of",
        "report",
        "year",
        "country",
        "thresholds",
        "entries",
        "excluded",
        "findings",
        "unreadable",
    }
    assert payload["thresholds"] == {"mde_usd": 7_000_000, "other_usd": 25_000_000}
    assert payload["report"] == "javits" and payload["year"] == 2027
    assert [e["id"] for e in payload["entries"]] == ["F-01", "F-03", "F-05"]  # 1 Jan and 31 Dec both inside
    assert set(payload["entries"][0]) == {
        "id",
        "description",
        "channel",
        "quantity",
        "mde_usd",
        "other_usd",
        "design_construction_usd",
        "probability",
        "expected_date",
        "reasons",
    }
    excluded = {e["id"]: e["why"] for e in payload["excluded"]}
    assert "outside CY2027" in excluded["F-09"]  # 31 Dec 2026
    assert "outside CY2027" in excluded["F-04"]  # 1 Jan 2028
    assert [e["id"] for e in javits(sco, 2026)["entries"]] == ["F-09"]


def test_javits_threshold_edges(sco):
    """$7,000,000 MDE and $25,000,000 other are in; $6,999,999 and $24,999,999 are out; probability ignored."""
    in_2027 = {e["id"]: e for e in javits(sco, 2027)["entries"]}
    assert in_2027["F-03"]["mde_usd"] == 7_000_000 and in_2027["F-03"]["probability"] == 0.3
    assert in_2027["F-05"]["other_usd"] == 25_000_000
    payload = javits(sco, 2028)
    assert [e["id"] for e in payload["entries"]] == ["F-06"]
    assert "below both Javits thresholds" in {e["id"]: e["why"] for e in payload["excluded"]}["F-04"]


def test_forecast_fiscal_year_edges_and_probability(sco):
    code, payload = sco.json("forecast", "report", str(REGISTER), "--fy", "2028", "--as-of", AS_OF)
    assert code == 0 and payload["report"] == "forecast"
    years = {y["fiscal_year"]: y for y in payload["fiscal_years"]}
    assert years[2028]["entries"] == ["F-01", "F-04"]  # F-01 on 1 Oct 2027, first day of FY2028
    assert years[2029]["entries"] == ["F-07"]  # 30 Sep 2029, last day of FY2029
    assert (years[2028]["start"], years[2028]["end"]) == ("2027-10-01", "2028-09-30")
    assert years[2028]["total_usd"] == 29_000_000 + 8_020_000 + 6_999_999 + 24_999_999
    why = {e["id"]: e["why"] for e in payload["excluded"]}
    assert "FY2027" in why["F-02"] and "FY2030" in why["F-08"]  # 30 Sep 2027 and 1 Oct 2029 outside
    assert "89%" in why["F-06"] and "DCS" in why["F-03"] and "EDA" in why["F-05"]
    _, earlier = sco.json("forecast", "report", str(REGISTER), "--fy", "2027", "--as-of", AS_OF)
    assert "F-02" in earlier["fiscal_years"][0]["entries"]  # probability exactly 0.9 is highly probable


def test_forecast_defaults_to_the_upcoming_fiscal_year(sco):
    _, payload = sco.json("forecast", "report", str(REGISTER), "--as-of", "2026-09-30")
    assert [y["fiscal_year"] for y in payload["fiscal_years"]] == [2027, 2028]
    _, payload = sco.json("forecast", "report", str(REGISTER), "--as-of", "2026-10-01")
    assert [y["fiscal_year"] for y in payload["fiscal_years"]] == [2028, 2029]


def test_register_facts(sco):
    _, payload = sco.json("check", str(REGISTER), "--as-of", AS_OF)
    entries = payload["files"][0]["facts"]["entries"]
    assert entries["F-03"]["javits_reportable"] is True and entries["F-03"]["forecast_included"] is False
    assert entries["F-04"]["javits_reportable"] is False and entries["F-04"]["forecast_included"] is True


def test_csv_has_the_json_columns(sco):
    result = sco("javits", "report", str(REGISTER), "--year", "2027", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    _, payload = sco.json("javits", "report", str(REGISTER), "--year", "2027")
    assert rows[0] == list(payload["entries"][0])
    assert [r[0] for r in rows[1:]] == ["F-01", "F-03", "F-05"]


def test_design_and_construction_counts_as_services(sco, tmp_path):
    """C2.1.3.5.1 reports $25M or more "for support or services"; the AECA calls D&C "design and construction
    services": a $300M D&C sale is Javits-reportable, and the forecast totals count it."""
    register = tmp_path / "register.yaml"
    register.write_text(
        "kind: forecast\ncountry: X\nentries:\n  - id: DC-1\n    description: Airbase runway\n    channel: fms\n"
        "    design_construction_usd: 300M\n    probability: 0.95\n    expected_date: 2027-03-01\n"
    )
    _, payload = sco.json("javits", "report", str(register), "--year", "2027")
    assert [e["id"] for e in payload["entries"]] == ["DC-1"]
    assert "design and construction included" in payload["entries"][0]["reasons"][0]
    assert payload["entries"][0]["design_construction_usd"] == 300_000_000
    _, payload = sco.json("forecast", "report", str(register), "--fy", "2027")
    assert payload["fiscal_years"][0]["total_usd"] == 300_000_000
    lor = tmp_path / "lor.yaml"
    lor.write_text("kind: lor\nid: L-1\ndesign_construction_usd: 30M\n")
    _, payload = sco.json("check", str(lor))
    assert payload["files"][0]["facts"]["javits_reportable"] is True


def test_office_threshold_override_reaches_the_report(sco, tmp_path):
    register = tmp_path / "forecast.yaml"
    register.write_text(REGISTER.read_text())
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  javits_mde_usd: 6999999\n")
    _, payload = sco.json("javits", "report", str(register), "--year", "2028")
    assert [e["id"] for e in payload["entries"]] == ["F-04", "F-06"]


def test_javits_docx_golden(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "javits.docx"
    result = sco(
        "javits",
        "report",
        "examples/forecast.yaml",
        "--year",
        "2027",
        "--format",
        "docx",
        "-o",
        str(out),
        "--as-of",
        AS_OF,
    )
    assert result.exit_code == 0
    golden("javits-2027.txt", docx_text(out.read_bytes()))
    again = sco("javits", "report", "examples/forecast.yaml", "--year", "2027", "--format", "docx", "-o", str(out))
    assert again.exit_code == 2
    assert sco("javits", "report", "examples/forecast.yaml", "--year", "2027", "--format", "docx").exit_code == 2


def test_report_needs_a_register(sco):
    """No register among the files read: nothing to report, exit 1 as for every report command (it was a
    usage error, exit 2, unlike `sco training prominence` without students)."""
    result = sco("javits", "report", str(EXAMPLES / "lor-cta.yaml"), "--year", "2027")
    assert result.exit_code == 1 and "no forecast file (kind: forecast) found in" in result.stderr


def test_lor_without_forecast_entry_is_a_warning_naming_both_files(sco):
    _, payload = sco.json("check", str(EXAMPLES), "--as-of", AS_OF)
    fcs = [f for f in findings_of(payload) if f["code"] == "FCS003"]
    assert len(fcs) == 1
    assert fcs[0]["file"].endswith("lor-flawed.yaml") and fcs[0]["line"] == 3
    assert "forecast.yaml:5" in fcs[0]["message"]


def test_cta_generate_golden_docx(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "cta.docx"
    result = sco("cta", "generate", "examples/lor-cta.yaml", "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout.startswith("CTA required (SAMM C5.1.4): 36(b) congressional notification is likely")
    text = docx_text(out.read_bytes())
    assert "[header] CUI" in text and "DRAFT" not in text
    golden("cta.txt", text)


def test_cta_refused_while_an_element_is_missing(sco, tmp_path):
    lor = tmp_path / "lor-cta.yaml"
    lor.write_text(
        (EXAMPLES / "lor-cta.yaml")
        .read_text()
        .replace("    human_rights: The receiving unit", "    notes_hr: The receiving unit")  # no element it could mean
    )
    out = tmp_path / "cta.md"
    result = sco("cta", "generate", str(lor), "-o", str(out), "--config", str(EXAMPLES / "sco.yaml"))
    assert result.exit_code == 1
    assert "element missing: Human-rights considerations (`human_rights`, Table C5.T1 (number" in result.stderr
    assert not out.exists()
    result = sco("cta", "generate", str(lor), "-o", str(out), "--draft", "--config", str(EXAMPLES / "sco.yaml"))
    assert result.exit_code == 1  # drafted, but the CTA is not complete
    text = out.read_text()
    assert text.startswith("**CUI // DRAFT**") and "**[GAP: Human-rights considerations not answered" in text
    assert "not verified" not in text
    assert "Gaps: element missing: Human-rights considerations" in text


def test_cta_not_required_is_said(sco, tmp_path):
    out = tmp_path / "cta.md"
    result = sco("cta", "generate", str(EXAMPLES / "lor-complete.yaml"), "-o", str(out), "--draft")
    assert result.stdout.startswith("CTA not required by SAMM C5.1.4")
    assert result.exit_code == 1 and "No SAMM C5.1.4 trigger applies" in out.read_text()  # a draft


def test_cta_output_must_be_docx_or_md(sco, tmp_path):
    assert sco("cta", "generate", str(EXAMPLES / "lor-cta.yaml"), "-o", str(tmp_path / "cta.txt")).exit_code == 2
    result = sco("cta", "generate", str(EXAMPLES / "lor-cta.yaml"), "-o", str(tmp_path / "cta.md"), "--format", "docx")
    assert result.exit_code == 2 and "--format is docx" in result.stderr


def test_years_out_of_range_on_the_command_line_are_usage_errors(sco):
    """Issue 20: `forecast report --fy 9999` and `--fy 1` were exit 3 (year 10000 / 0 out of range)."""
    for args in (("forecast", "report", "--fy"), ("javits", "report", "--year")):
        for year in ("9999", "1", "0", "-5", "2200"):
            result = sco(*args[:2], EXAMPLES / "forecast.yaml", args[2], year, "--as-of", AS_OF)
            assert result.exit_code == 2, (args, year, result.output)
            assert result.stderr.startswith(f"sco: error: {args[2]} {year}: give a year from 1900 to")
            assert len(result.stderr.splitlines()) == 1
    assert sco("forecast", "report", EXAMPLES / "forecast.yaml", "--fy", "2198", "--as-of", AS_OF).exit_code == 0
