"""Decisions an officer can trust: waivers on record, severity and colour on every line, one finding per
mistake, personal data never echoed, enumerations in any case."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import AS_OF, EXAMPLES, findings_of

OFFICE = EXAMPLES / "sco.yaml"
STUDENTS = EXAMPLES / "students"


def _lor_without_checklist(folder: Path, waivers: str = "") -> Path:
    text = (
        (EXAMPLES / "lor-complete.yaml")
        .read_text()
        .replace("prior_purchases: FMS case XS-B-AAC (2019), same radio family\n", "")
    )
    path = folder / "lor.yaml"
    path.write_text(text + waivers)
    return path


WAIVER = (
    "waivers:\n  - rule: LOR010\n    reason: the partner sends prior purchases later\n    approved_by: COL J. Rivera\n"
)


def test_a_waiver_keeps_the_finding_visible_but_uncounted(sco, tmp_path):
    lor = _lor_without_checklist(tmp_path)
    code, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF, "--strict")
    assert code == 1 and [f["code"] for f in findings_of(payload)] == ["LOR010"]
    lor = _lor_without_checklist(tmp_path, WAIVER + "    expires: 2027-01-31\n")
    code, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF, "--strict")
    finding = findings_of(payload)[0]
    assert code == 0 and finding["code"] == "LOR010" and finding["waived"] is True
    assert finding["waiver"]["approved_by"] == "COL J. Rivera" and finding["waiver"]["expires"] == "2027-01-31"
    assert payload["summary"]["warnings"] == 0 and payload["summary"]["waived"] == 1
    text = sco("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF).stdout
    assert "waived warning LOR010" in text and "(waived until 2027-01-31 by COL J. Rivera" in text
    assert text.rstrip().endswith("1 waived")


def test_an_expired_waiver_waives_nothing_and_says_where_it_is(sco, tmp_path):
    lor = _lor_without_checklist(tmp_path, WAIVER + "    expires: 2026-11-23\n")
    code, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF, "--strict")
    codes = {f["code"]: f for f in findings_of(payload)}
    assert code == 1 and codes["LOR010"]["waived"] is False
    line = lor.read_text().splitlines().index("  - rule: LOR010") + 1
    assert codes["GEN014"]["severity"] == "warning" and f"line {line}" in codes["GEN014"]["message"]


def test_a_waiver_needs_reason_approver_and_expiry(sco, tmp_path):
    lor = _lor_without_checklist(tmp_path, "waivers:\n  - rule: LOR010\n    reason: later\n")
    code, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF)
    missing = sorted(f["message"] for f in findings_of(payload) if f["code"] == "GEN010")
    assert code == 1 and missing == [
        "required field 'approved_by' is missing in waivers[0]",
        "required field 'expires' is missing in waivers[0]",
    ]


def test_an_office_waiver_covers_the_files_it_names(sco, tmp_path):
    (tmp_path / "cases").mkdir()
    lor = _lor_without_checklist(tmp_path / "cases")
    office = OFFICE.read_text() + WAIVER + "    expires: 2027-01-31\n    where: cases/*.yaml\n"
    (tmp_path / "sco.yaml").write_text(office)
    code, payload = sco.json("check", str(lor), "--as-of", AS_OF, "--strict")
    assert code == 0 and findings_of(payload)[0]["waived"] is True
    (tmp_path / "sco.yaml").write_text(office.replace("where: cases/*.yaml", "where: other/*.yaml"))
    code, payload = sco.json("check", str(lor), "--as-of", AS_OF, "--strict")
    assert code == 1 and findings_of(payload)[0]["waived"] is False


def test_a_waived_blocker_opens_the_ito_gate(sco, tmp_path):
    student = tmp_path / "s.yaml"
    student.write_text(
        (STUDENTS / "ecl-below-minimum.yaml").read_text()
        + "waivers:\n  - {rule: ITO002, reason: DLIELC on arrival, approved_by: USEUCOM J7, expires: 2027-02-01}\n"
    )
    code, payload = sco.json("student", "check", str(student), "--config", str(OFFICE), "--as-of", AS_OF)
    assert code == 0 and payload["files"][0]["facts"]["ito_ready"] is True


def test_waivers_list_shows_days_to_expiry(sco, tmp_path):
    lor = _lor_without_checklist(tmp_path, WAIVER + "    expires: 2027-01-31\n")
    result = sco("waivers", "list", str(lor), "--config", str(OFFICE), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert "LOR010, approved by COL J. Rivera, until 2027-01-31 (68 days left), waives 1 finding" in result.stdout
    _, payload = sco.json("waivers", "list", str(lor), "--config", str(OFFICE), "--as-of", "2027-02-02")
    assert payload["waivers"][0]["status"] == "expired" and payload["waivers"][0]["days_left"] == -2


def test_every_text_line_shows_its_severity(sco):
    result = sco("check", str(EXAMPLES / "lor-flawed.yaml"), "--as-of", AS_OF, "--color", "never")
    findings = [line for line in result.stdout.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
    assert findings and all(re.match(r"\S+:\d+:\d+: (error|warning|info) [A-Z]{3}\d{3} ", line) for line in findings)
    assert "\x1b[" not in result.stdout


def test_colour_follows_the_option_and_no_color(sco, monkeypatch):
    args = ("check", str(EXAMPLES / "lor-flawed.yaml"), "--as-of", AS_OF)
    assert "\x1b[1;31merror" in sco(*args, "--color", "always").stdout
    assert "\x1b[" not in sco(*args).stdout  # auto: not a terminal here
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in sco(*args, "--color", "auto").stdout
    assert "\x1b[" in sco(*args, "--color", "always").stdout
    assert sco(*args, "--color", "sometimes").exit_code == 2


def test_one_mistake_one_finding(sco, tmp_path):
    """A field with a wrong value is reported once; rules that need it stay silent."""
    lor = tmp_path / "lor.yaml"
    base = (EXAMPLES / "lor-complete.yaml").read_text()
    lor.write_text(
        base.replace("date: 2026-10-02", "date: 11/03/2026").replace("request_type: loa", "request_type: LOAA")
    )
    _, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF)
    codes = sorted(f["code"] for f in findings_of(payload))
    assert codes == ["GEN009", "GEN009"]
    hint = next(f["hint"] for f in findings_of(payload) if "request_type" in f["message"])
    assert hint == "did you mean 'loa'?"
    student = tmp_path / "s.yaml"
    student.write_text((STUDENTS / "ready.yaml").read_text().replace("expires: 2031-06-30", "expires: 30/06/2031"))
    _, payload = sco.json("check", str(student), "--config", str(OFFICE), "--as-of", AS_OF)
    assert [f["code"] for f in findings_of(payload)] == ["GEN009"]


def test_enumerations_accept_any_case(sco, tmp_path):
    lor = tmp_path / "lor.yaml"
    text = (EXAMPLES / "lor-complete.yaml").read_text().replace("request_type: loa", "request_type: LOA")
    lor.write_text(
        text.replace("funding: national", "funding: National").replace("unique_review: []", "unique_review: [COMSEC]")
    )
    _, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF)
    assert {f["code"] for f in findings_of(payload)} == {"LOR013"}  # COMSEC is the comsec review
    unknown = lor.read_text().replace("[COMSEC]", "[NVDS]")
    lor.write_text(unknown)
    _, payload = sco.json("check", str(lor), "--config", str(OFFICE), "--as-of", AS_OF)
    hint = next(f["hint"] for f in findings_of(payload) if f["code"] == "LOR014")
    assert hint == "did you mean 'nvd'?" and "site-packages" not in hint


def test_personal_values_are_never_echoed(sco, tmp_path):
    student = tmp_path / "s.yaml"
    text = (STUDENTS / "ready.yaml").read_text()
    text = text.replace("date_of_birth: 1991-04-17", "date_of_birth: '14/03/1991'")
    text = text.replace("passport:\n  number: XS4821937\n  expires: 2031-06-30\n", "passport: ZQ7734519\n")
    text = text.replace("    fit: true\n", "    fit: no - active TB\n")
    student.write_text(text)
    for fmt in ("text", "json", "csv"):
        output = sco(
            "student", "check", str(student), "--config", str(OFFICE), "--as-of", AS_OF, "--format", fmt
        ).output
        for secret in ("14/03/1991", "ZQ7734519", "active TB", "XS4821937"):
            assert secret not in output, (fmt, secret)
    _, payload = sco.json("student", "check", str(student), "--config", str(OFFICE), "--as-of", AS_OF)
    messages = [f["message"] for f in findings_of(payload) if f["code"] == "GEN009"]
    assert len(messages) == 3 and all("not shown: personal data" in m for m in messages)


def test_keys_and_anchor_names_that_may_be_private_never_leave(sco, tmp_path):
    """Issue 20: the `field` column named a key under a personal field (`passport.XS4821937`) while the
    message said "not shown", and GEN003/GEN012 quoted an anchor, alias or tag spelled as a passport
    number or a date of birth. Every format and every finding is searched, the field paths included."""
    student = tmp_path / "s.yaml"
    text = (STUDENTS / "ready.yaml").read_text()
    text = text.replace(
        "passport:\n  number: XS4821937\n",
        "passport:\n  ZQ7734519: {a: 1}\n  ZQ7734519: 2\n  number: &ZQ7734520 XS4821937\n",
    )
    text = text.replace("rank: Captain", "rank: !ZQ7734521 Captain\nalias_of: *ZQ7734520\n19910417: x")
    text = text.replace("date_of_birth: 1991-04-17", "date_of_birth: {1991-04-18: born}")
    assert text.count("ZQ77345") == 5
    student.write_text(text)
    for fmt in ("text", "json", "csv"):
        output = sco(
            "student", "check", str(student), "--config", str(OFFICE), "--as-of", AS_OF, "--format", fmt
        ).output
        for secret in ("ZQ7734519", "ZQ7734520", "ZQ7734521", "1991-04-18", "19910417", "XS4821937"):
            assert secret not in output, (fmt, secret)
    _, payload = sco.json("check", str(student), "--config", str(OFFICE), "--as-of", AS_OF)
    fields = {f["code"]: f["field"] for f in findings_of(payload) if f["code"] in ("GEN002", "GEN003", "GEN012")}
    assert fields == {"GEN002": "passport.***", "GEN003": "passport.number", "GEN012": "rank"}
    assert {"passport.***", "***"} <= {f["field"] for f in findings_of(payload)}


def test_config_must_be_an_office_file(sco):
    result = sco("check", str(EXAMPLES), "--config", str(EXAMPLES / "lor-complete.yaml"))
    assert result.exit_code == 2 and "not an office file" in result.stderr


def test_report_format_follows_the_output_suffix(sco, tmp_path):
    out = tmp_path / "javits.docx"
    result = sco("javits", "report", str(EXAMPLES / "forecast.yaml"), "--year", "2027", "-o", str(out))
    assert result.exit_code == 0 and out.read_bytes()[:2] == b"PK"  # a Word file, not text
    clash = sco(
        "javits",
        "report",
        str(EXAMPLES / "forecast.yaml"),
        "--year",
        "2027",
        "-o",
        str(tmp_path / "j.csv"),
        "--format",
        "json",
    )
    assert clash.exit_code == 2 and "--format is json" in clash.stderr


def test_csv_where_the_help_offers_it(sco):
    route = sco("lor", "route", str(EXAMPLES / "lor-cta.yaml"), "-f", "csv")
    assert route.exit_code == 0 and route.stdout.startswith("lor,copy,to,address,why\n")
    rules = sco("rules", "list", "-f", "csv")
    assert rules.exit_code == 0 and rules.stdout.startswith("code,severity,kind,title,reference")
    assert sco("rules", "explain", "LOR001", "-f", "csv").stdout.startswith("code,")


def test_hints_name_only_commands_that_exist(sco, tmp_path):
    result = sco("lor", "check", str(EXAMPLES / "forecast.yaml"))
    assert "check it with `sco check`" in result.stdout
    assert sco("forecast", "check", str(EXAMPLES / "forecast.yaml"), "--as-of", AS_OF).exit_code == 0


def test_an_office_folder_may_hold_other_yaml(sco, tmp_path):
    (tmp_path / "sco.yaml").write_text(OFFICE.read_text())
    (tmp_path / "lor.yaml").write_text((EXAMPLES / "lor-complete.yaml").read_text())
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("name: ci\non: [push]\n")
    (tmp_path / "tools.yaml").write_text("editor: vim\n")
    code, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    notes = [f for f in findings_of(payload) if f["code"] == "GEN017"]
    assert code == 0 and [n["severity"] for n in notes] == ["info"] and notes[0]["file"].endswith("tools.yaml")
    (tmp_path / "sco.yaml").write_text(OFFICE.read_text() + "exclude: [tools.yaml]\n")
    code, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    assert code == 0 and not [f for f in findings_of(payload) if f["code"] == "GEN017"]
    named = sco("check", str(tmp_path / "tools.yaml"))
    assert named.exit_code == 1 and "GEN011" in named.stdout


def test_kinds_in_any_case_and_an_empty_run_says_so(sco, tmp_path):
    student = tmp_path / "s.yaml"
    student.write_text((STUDENTS / "ready.yaml").read_text().replace("kind: student", "kind: STUDENT"))
    code, payload = sco.json("student", "check", str(tmp_path), "--config", str(OFFICE), "--as-of", AS_OF)
    assert code == 0 and [f["kind"] for f in payload["files"]] == ["student"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = sco("student", "check", str(empty))
    assert result.exit_code == 1 and "no student file" in result.stderr
    result = sco("ito", "generate", str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "no student file" in result.stderr and not (tmp_path / "out").exists()


def test_documents_name_their_source_relative_to_the_office(sco, tmp_path):
    out = tmp_path / "ito"
    assert (
        sco(
            "ito", "generate", str(STUDENTS / "ready.yaml"), "-o", str(out), "--format", "md", "--as-of", AS_OF
        ).exit_code
        == 0
    )
    text = next(out.glob("*.md")).read_text()
    assert "from students/ready.yaml" in text and str(EXAMPLES) not in text


def test_odd_threshold_overrides_are_findings_at_their_line(sco, tmp_path):
    lor = tmp_path / "lor.yaml"
    lor.write_text((EXAMPLES / "lor-complete.yaml").read_text())
    for value, words in (
        (".inf", "is more than $1,000,000,000,000,000"),
        (".nan", "is not a dollar amount"),
        ("1e20", "is more than $1,000,000,000,000,000"),
        ("-5", "is negative"),
    ):
        (tmp_path / "sco.yaml").write_text(f"kind: office\ncountry: X\nthresholds:\n  javits_mde_usd: {value}\n")
        code, payload = sco.json("check", str(lor), "--as-of", AS_OF)
        office = [f for f in findings_of(payload) if f["file"].endswith("sco.yaml") and f["code"] != "CUI002"]
        assert code == 1 and office and words in office[0]["message"] and office[0]["line"] == 4, value
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  medical_validity_months: 1.5\n")
    code, payload = sco.json("check", str(lor), "--as-of", AS_OF)
    assert code == 1 and "whole number of months" in findings_of(payload)[-1]["message"]
    shown = sco("rules", "thresholds", "--config", str(OFFICE))
    assert shown.exit_code == 0 and "javits_mde_usd: 7000000 usd (verified" in shown.stdout
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: [X\n")  # the user's broken file: findings, exit 1
    broken = sco("rules", "thresholds", "--config", str(tmp_path / "sco.yaml"), "--as-of", AS_OF)
    assert broken.exit_code == 1 and "sco.yaml:3:1: error GEN001" in broken.stderr


def _lor_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (EXAMPLES / "lor-cta.yaml").read_text()
    assert old in text
    path = tmp_path / "lor.yaml"
    path.write_text(text.replace(old, new))
    return path


def test_whether_a_tag_calls_for_a_cta_is_data(sco, tmp_path):
    """An NVD repeat buy (LOR-A) needs an SCO endorsement, not a CTA (NVD guide C2.2.3); an ETP request a full
    CTA; a Table C5.T4 special review alone calls for none."""
    small = "    quantity: 2\n    unit_cost_usd: 14.5M\n    mde: true\n"
    light = "    quantity: 2\n    unit_cost_usd: 1M\n    mde: false\n"
    repeat = _lor_with(tmp_path, small, light)
    repeat.write_text(repeat.read_text().replace("new_capability: true", "new_capability: false\nnvd_request: LOR_A"))
    _, payload = sco.json("check", str(repeat), "--config", str(OFFICE), "--as-of", AS_OF)
    facts = payload["files"][0]["facts"]
    assert facts["cta_required"] is False and facts["sco_endorsement_required"] is True
    assert "SCO endorsement" in " ".join(f["message"] for f in findings_of(payload) if f["code"] == "CTA001")
    etp = tmp_path / "etp.yaml"
    etp.write_text(repeat.read_text().replace("nvd_request: LOR_A", "nvd_request: etp"))
    _, payload = sco.json("check", str(etp), "--config", str(OFFICE), "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["cta_required"] is True
    comsec = tmp_path / "comsec.yaml"
    comsec.write_text(repeat.read_text().replace("unique_review: [nvd]", "unique_review: [comsec]"))
    _, payload = sco.json("check", str(comsec), "--config", str(OFFICE), "--as-of", AS_OF)
    facts = payload["files"][0]["facts"]
    assert facts["cta_required"] is False and facts["sco_endorsement_required"] is False


def test_cta_age_applies_to_nvd_unless_the_office_extends_it(sco, tmp_path):
    old = _lor_with(tmp_path, "  date: 2026-11-12\n", "  date: 2024-11-12\n")
    _, payload = sco.json("check", str(old), "--config", str(OFFICE), "--as-of", AS_OF)
    assert "CTA005" in {f["code"] for f in findings_of(payload)}  # an NVD CTA
    plain = tmp_path / "plain.yaml"
    plain.write_text(old.read_text().replace("unique_review: [nvd]", "unique_review: []"))
    _, payload = sco.json("check", str(plain), "--config", str(OFFICE), "--as-of", AS_OF)
    assert "CTA005" not in {f["code"] for f in findings_of(payload)}
    office = tmp_path / "sco.yaml"
    office.write_text(OFFICE.read_text().replace("thresholds:\n", "thresholds:\n  cta_max_age_days_all: 365\n"))
    _, payload = sco.json("check", str(plain), "--config", str(office), "--as-of", AS_OF)
    assert "CTA005" in {f["code"] for f in findings_of(payload)}


def test_rules_resting_on_secondary_sources_are_warnings(sco):
    import json

    rules = {r["code"]: r for r in json.loads(sco("rules", "list", "-f", "json").stdout)["rules"]}
    for code in ("LOR008", "LOR009", "LOR013", "LOR020", "ITO011", "ITO016", "ITO017"):
        assert rules[code]["severity"] == "warning", code
    why = sco("rules", "explain", "ITO017").stdout
    assert "hence a warning" in why


def test_threshold_sources_are_honest(sco):
    import json

    rows = {r["name"]: r for r in json.loads(sco("rules", "thresholds", "-f", "json").stdout)["thresholds"]}
    assert (
        rows["notification_36b_mde_usd"]["effective"] == "1981-12-29" and rows["notification_36b_mde_usd"]["verified"]
    )
    for name in ("notification_36b_nato_plus_total_usd", "notification_36b_design_construction_usd"):
        assert rows[name]["verified"] is False and rows[name]["effective"] is None
    assert rows["javits_mde_usd"]["effective"] is None  # 2012-09-12 was the page date, not the value's
