"""Every rule is documented, fires on a fixture at the expected line, and stays quiet on one.

Fixtures live in tests/fixtures/rules/<CODE>/. A file named fail*.yaml starts with
`# expect: CODE@LINE ...` (every line where CODE must fire, nothing more); a pass*.yaml
starts with `# expect: none of CODE`. Cross-file rules use a folder fail*/ or pass*/ checked
as a whole, each file in it carrying its own `# expect:` line.
"""

from __future__ import annotations

import re

import pytest

from sco_cli.app.catalogue import all_rules
from tests.helpers import AS_OF, FIXTURES

RULE_DIR = FIXTURES / "rules"
GENERATED = {"GEN004", "GEN018", "GEN019"}  # fixtures built in the test itself (a 5 MiB file is not committed)
ALL_RULES = all_rules()


def fixture_files():
    return sorted([*RULE_DIR.glob("*/*.yaml"), *(p for p in RULE_DIR.glob("*/*") if p.is_dir())])


def expected_lines(path, code):
    header = path.read_bytes().split(b"\n", 1)[0].decode()
    match = re.match(r"# expect: (.*)", header)
    assert match, f"{path}: first line must be `# expect: ...`"
    if match.group(1).startswith("none of"):
        return []
    lines = []
    for token in match.group(1).split():
        got_code, _, line = token.partition("@")
        assert got_code == code, f"{path}: expectation names {got_code}, folder is {code}"
        lines.append(int(line))
    return sorted(lines)


@pytest.mark.parametrize("code", sorted(ALL_RULES))
def test_rule_is_documented(code):
    rule = ALL_RULES[code]
    for attribute in ("slug", "title", "severity", "reference", "why", "fails", "passes"):
        assert getattr(rule, attribute).strip(), f"{code} has no {attribute}"
    assert rule.severity in ("error", "warning", "info")
    assert re.fullmatch(r"[A-Z]{3}\d{3}", code)


@pytest.mark.parametrize("code", sorted(set(ALL_RULES) - GENERATED))
def test_rule_has_failing_and_passing_fixture(code):
    folder = RULE_DIR / code
    assert list(folder.glob("fail*")), f"{code}: no fixture where it fires"
    assert list(folder.glob("pass*")), f"{code}: no fixture where it stays quiet"


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path, sco):
    code = path.parent.name
    assert code in ALL_RULES, f"fixture folder {code} names no rule"
    assert path.name.startswith(("fail", "pass")), f"{path}: name it fail* or pass*"
    code_exit, payload = sco.json("check", str(path), "--as-of", AS_OF)
    assert code_exit in (0, 1)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    expected = {str(f): expected_lines(f, code) for f in files}
    fired = {str(f): [] for f in files}
    for file in payload["files"]:
        for finding in file["findings"]:
            if finding["code"] == code:
                fired.setdefault(file["path"], []).append(finding["line"])
                assert finding["reference"] == ALL_RULES[code].reference or (
                    ALL_RULES[code].scope == "file" and ALL_RULES[code].check is None
                )
    assert {k: sorted(v) for k, v in fired.items()} == expected, f"{path}: {code} fired on {fired}"
    if path.name.startswith("fail"):
        assert any(expected.values()), f"{path}: a fail fixture must expect {code} somewhere"


def test_oversized_file_is_one_finding(tmp_path, sco):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"kind: lor\n" + b"# padding\n" * (600 * 1024))
    code, payload = sco.json("check", str(big))
    assert code == 1
    assert [f["code"] for f in payload["files"][0]["findings"]] == ["GEN004"]
    small = tmp_path / "small.yaml"
    small.write_bytes(b"kind: office\ncountry: X\n" + b"# padding\n" * 1000)
    code, payload = sco.json("check", str(small))
    assert "GEN004" not in [f["code"] for f in payload["files"][0]["findings"]]


def test_every_rule_module_is_listed_for_its_kind():
    """A check imports only the rule modules its kinds list; a rule in a module not listed for its
    own kind would silently never run."""
    import sys

    from sco_cli.kinds import KINDS

    for code, rule in ALL_RULES.items():
        function = rule.check or rule.across
        if function is None:
            continue
        module = sys.modules[function.__module__]
        assert module in KINDS.get(rule.kind).rule_modules, (
            f"{code} ({module.__name__}) is not listed for '{rule.kind}'"
        )
