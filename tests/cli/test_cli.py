"""The command line as scripts use it: exit codes, JSON shape, options, overwrite safety."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sco_cli.core import registry
from tests.helpers import AS_OF, EXAMPLES, findings_of


def test_examples_check_fails_only_on_the_flawed_files(sco):
    code, payload = sco.json("check", str(EXAMPLES), "--as-of", AS_OF)
    assert code == 1
    by_name = {entry["path"].split("/")[-1]: entry for entry in payload["files"]}
    assert [f["code"] for f in by_name["lor-complete.yaml"]["findings"]] == []
    assert by_name["sco.yaml"]["kind"] == "office"
    flawed = {f["code"] for f in by_name["lor-flawed.yaml"]["findings"]}
    assert {
        "LOR001",
        "LOR002",
        "LOR003",
        "LOR005",
        "LOR006",
        "LOR007",
        "LOR008",
        "LOR014",
        "LOR018",
        "GEN008",
    } <= flawed


def test_json_envelope_and_lor_facts(sco):
    code, payload = sco.json("lor", "check", str(EXAMPLES / "lor-cta.yaml"), "--as-of", AS_OF)
    assert code == 0
    assert set(payload) == {"sco_version", "as_of", "files", "summary"}
    assert payload["as_of"] == AS_OF
    assert {"files", "errors", "warnings"} <= set(payload["summary"])
    facts = payload["files"][0]["facts"]
    assert facts["mde_total_usd"] == 29_000_000
    assert facts["total_usd"] == 29_000_000 + 720_000 + 3_200_000 + 4_100_000
    assert facts["javits_reportable"] is True
    assert facts["notification_36b"] is True
    assert facts["cta_required"] is True
    assert len(facts["cta_reasons"]) == 3
    finding = findings_of(payload)[0]
    assert set(finding) == {
        "code",
        "severity",
        "message",
        "hint",
        "file",
        "line",
        "column",
        "field",
        "reference",
        "waived",
        "waiver",
        "fix",
    }
    assert finding["waived"] is False and finding["waiver"] is None


def test_json_is_indented_on_a_terminal_and_one_line_for_a_program(sco):
    """The same object both ways: a person reads it indented, a script or a file gets one line (written about
    four times faster for a large batch), as `gh` does."""
    import os

    from tests.helpers import on_terminal

    args = ["check", str(EXAMPLES / "lor-complete.yaml"), "--format", "json", "--as-of", AS_OF]
    piped = sco(*args).stdout
    assert piped.count("\n") == 1 and piped.endswith("}\n")
    screen = on_terminal(args, dict(os.environ))
    assert screen.count("\n") > 20 and '\n  "files": [' in screen.replace("\r\n", "\n")
    assert json.loads(screen) == json.loads(piped)


def test_facts_survive_a_broken_field(sco, tmp_path):
    """A wrong field does not hide whether the LOR is Javits-reportable."""
    lor = tmp_path / "lor.yaml"
    lor.write_text("kind: lor\ndate: 2026-13-01\nitems:\n  - description: Boat\n    mde: true\n    value_usd: 8M\n")
    code, payload = sco.json("check", str(lor), "--as-of", AS_OF)
    assert code == 1
    assert payload["files"][0]["facts"]["javits_reportable"] is True
    assert any(f["code"] == "GEN009" and f["line"] == 2 for f in findings_of(payload))


def test_text_format_line_and_summary(sco):
    result = sco("check", str(EXAMPLES / "lor-flawed.yaml"), "--as-of", AS_OF)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{EXAMPLES / 'lor-flawed.yaml'}:")
    assert "[SAMM " in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED: 1 file checked")


def test_quiet_prints_findings_only(sco):
    result = sco("check", str(EXAMPLES / "lor-flawed.yaml"), "--quiet")
    assert "hint:" not in result.stdout and "checked" not in result.stdout
    assert all(":" in line for line in result.stdout.splitlines())


def test_strict_makes_warnings_fail(sco, tmp_path):
    lor = tmp_path / "lor.yaml"
    text = (EXAMPLES / "lor-complete.yaml").read_text().replace("condition: new\n", "")
    lor.write_text(text)
    assert sco("check", str(lor), "--as-of", AS_OF).exit_code == 0
    assert sco("check", str(lor), "--as-of", AS_OF, "--strict").exit_code == 1


def test_csv_has_one_row_per_finding(sco):
    result = sco("check", str(EXAMPLES / "lor-flawed.yaml"), "--format", "csv")
    rows = result.stdout.strip().splitlines()
    assert rows[0] == "file,line,column,code,severity,message,hint,field,reference,waived,waiver"
    _, payload = sco.json("check", str(EXAMPLES / "lor-flawed.yaml"))
    assert len(rows) - 1 == len(findings_of(payload))


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no/such/file.yaml"],
        ["check", str(EXAMPLES), "--format", "xml"],
        ["check", str(EXAMPLES), "--as-of", "2026-02-30"],
        ["check", str(EXAMPLES), "--config", "missing.yaml"],
        ["check", str(EXAMPLES), "--no-such-option"],
        ["rules", "explain", "XYZ999"],
    ],
)
def test_usage_errors_exit_2_with_one_line(sco, args):
    result = sco(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_internal_error_exits_3_and_debug_shows_traceback(sco, monkeypatch):
    def boom(ctx):
        raise RuntimeError("rule exploded")
        yield  # pragma: no cover

    original = registry.RULES["LOR002"]
    monkeypatch.setitem(registry.RULES, "LOR002", dataclasses.replace(original, check=boom))
    result = sco("check", str(EXAMPLES / "lor-complete.yaml"))
    assert result.exit_code == 3
    assert "internal error: RuntimeError: rule exploded" in result.stderr
    assert "Traceback" not in result.stderr
    result = sco("check", str(EXAMPLES / "lor-complete.yaml"), "--debug")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr


def test_interrupt_exits_130(sco, monkeypatch):
    def interrupted(ctx):
        raise KeyboardInterrupt
        yield  # pragma: no cover

    original = registry.RULES["LOR002"]
    monkeypatch.setitem(registry.RULES, "LOR002", dataclasses.replace(original, check=interrupted))
    assert sco("check", str(EXAMPLES / "lor-complete.yaml")).exit_code == 130


def test_stdin_is_read_with_dash(sco):
    text = (EXAMPLES / "lor-flawed.yaml").read_text()
    code, payload = sco.json("check", "-", input=text)
    assert code == 1
    assert payload["files"][0]["path"] == "<stdin>"


def test_nato_plus_office_raises_the_36b_thresholds(sco, tmp_path):
    lor = tmp_path / "lor.yaml"
    lor.write_text("kind: lor\nitems:\n  - description: Boat\n    mde: true\n    value_usd: 20M\n")
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: Examplestan\nnato_plus: false\n")
    _, payload = sco.json("check", str(lor))
    assert payload["files"][0]["facts"]["notification_36b"] is True
    nato = tmp_path / "nato.yaml"
    nato.write_text("kind: office\ncountry: Exampleland\nnato_plus: true\n")
    _, payload = sco.json("check", str(lor), "--config", str(nato))
    assert payload["files"][0]["facts"]["notification_36b"] is False


def test_office_threshold_override(sco, tmp_path):
    lor = tmp_path / "lor.yaml"
    lor.write_text("kind: lor\nitems:\n  - description: Boat\n    mde: true\n    value_usd: 6M\n")
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  javits_mde_usd: 5000000\n")
    _, payload = sco.json("check", str(lor))
    assert payload["files"][0]["facts"]["javits_reportable"] is True


def test_broken_office_file_is_reported(sco, tmp_path):
    lor = tmp_path / "cases" / "lor.yaml"
    lor.parent.mkdir()
    lor.write_text("kind: lor\nid: X\n")
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nthresholds:\n  javits_mde: 5\n")
    code, payload = sco.json("check", str(lor))
    assert code == 1
    office = [f for f in payload["files"] if f["kind"] == "office"]
    findings = [f for f in office[0]["findings"] if f["code"] != "CUI002"] if office else []
    assert findings and findings[0]["hint"] == "did you mean 'javits_mde_usd'?"


def test_kind_check_skips_other_kinds_in_folders_but_flags_named_files(sco, tmp_path):
    (tmp_path / "office.yaml").write_text("kind: office\ncountry: X\n")
    (tmp_path / "lor.yaml").write_text((EXAMPLES / "lor-complete.yaml").read_text())
    code, payload = sco.json("lor", "check", str(tmp_path))
    assert code == 0 and [f["kind"] for f in payload["files"]] == ["lor"]
    code, payload = sco.json("lor", "check", str(tmp_path / "office.yaml"))
    assert code == 1 and findings_of(payload)[0]["code"] == "GEN011"


def test_rules_list_and_explain(sco):
    result = sco("rules", "list", "--format", "json")
    rules = json.loads(result.stdout)["rules"]
    assert {"LOR005", "GEN001"} <= {r["code"] for r in rules}
    explained = sco("rules", "explain", "lor005")
    assert explained.exit_code == 0
    assert "DSCA 14-28" in explained.stdout and "Passes:" in explained.stdout
    assert "Fails (changes to a complete example file" in explained.stdout


def test_lor_route(sco):
    code, plan = sco.json("lor", "route", str(EXAMPLES / "lor-cta.yaml"))
    assert code == 0
    assert plan["action"][0]["to"].startswith("DSCA")
    assert "Navy International Programs Office" in plan["action"][1]["to"]
    assert any("PM" in entry["to"] for entry in plan["information"])  # SME/MDE -> State PM
    result = sco("lor", "route", str(EXAMPLES / "lor-flawed.yaml"))
    assert result.exit_code == 1 and "navvy" in result.stdout


def test_schema_export_and_refusal_to_overwrite(sco, tmp_path):
    out = tmp_path / "schema"
    assert sco("schema", "export", "-o", str(out)).exit_code == 0
    lor_schema = json.loads((out / "lor.schema.json").read_text())
    assert "purchaser" in lor_schema["properties"]
    assert lor_schema["additionalProperties"] is False
    again = sco("schema", "export", "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert sco("schema", "export", "-o", str(out), "--force").exit_code == 0


def test_init_writes_an_office_that_checks(sco, tmp_path):
    target = tmp_path / "office"
    assert sco("init", str(target)).exit_code == 0
    sco_yaml = (target / "sco.yaml").read_text()
    assert sco_yaml.startswith("# yaml-language-server: $schema=.sco/schema/office.schema.json")
    _code, payload = sco.json("check", str(target), "--as-of", AS_OF)
    assert payload["summary"]["errors"] == 0, findings_of(payload)
    again = sco("init", str(target))  # an existing office: nothing replaced, nothing refused
    assert again.exit_code == 0 and f"left alone {target / 'sco.yaml'}" in again.stdout


def test_version(sco):
    from sco_cli import __version__

    assert sco("--version").stdout.strip() == f"sco {__version__}"


def test_written_files_get_ordinary_permissions(sco, tmp_path):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        assert sco("schema", "export", "-o", str(tmp_path)).exit_code == 0
    finally:
        os.umask(umask)
    mode = stat.S_IMODE((tmp_path / "lor.schema.json").stat().st_mode)
    assert mode == 0o644
    assert not list(tmp_path.glob(".sco-*"))
