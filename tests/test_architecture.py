"""The shape of the code, held by tests: the core names no domain, every command group has help,
and every rule's documented failing and passing examples do what `sco rules explain` says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sco_cli.core.loader import parse_document
from sco_cli.kinds import COMMAND_GROUPS, KINDS, all_rules
from tests.helpers import AS_OF, EXAMPLES, ROOT, command_paths

PACKAGE = ROOT / "sco_cli"
DOMAINS = sorted(p.name for p in PACKAGE.iterdir() if any(p.glob("*.py")) and p.name not in ("core",))
ALL_RULES = all_rules()


def test_core_names_no_domain():
    """Adding a kind touches the kinds table and its own package: the core must not know any domain."""
    mentions = re.compile(r"sco_cli[./](" + "|".join(map(re.escape, DOMAINS)) + r")\b")
    imports_table = re.compile(r"^\s*(from|import) sco_cli\.kinds\b", re.M)
    offenders = {}
    for source in sorted((PACKAGE / "core").rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        found = mentions.findall(text) + (["sco_cli.kinds"] if imports_table.search(text) else [])
        if found:
            offenders[source.name] = sorted(set(found))
    assert offenders == {}
    assert {"lor", "training", "cases", "eum"} <= set(DOMAINS)  # the check above looks at real packages


def test_every_package_is_a_regular_package():
    """A folder of modules without `__init__.py` is a namespace package: it imports, but tools that
    look for packages (this test file, packagers) can pass it by."""
    assert [p.name for p in PACKAGE.iterdir() if any(p.glob("*.py")) and not (p / "__init__.py").is_file()] == []


@pytest.mark.parametrize("words", command_paths(), ids=lambda words: " ".join(words) or "sco")
def test_every_command_has_help(sco, words):
    result = sco(*words, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


def test_every_group_is_reachable_from_top_level_help(sco):
    listed = sco("--help").stdout
    for name in [*COMMAND_GROUPS, "check", "init"]:
        assert re.search(rf"^  {name}\s", listed, re.MULTILINE), name


# ---------------------------------------------------------------------------------------------
# The documented examples. For a file rule, `fails` and `passes` are changes to the kind's complete
# example file (a key written empty, `key:`, removes it); for a GEN rule, they are whole files.


def _plain(node: Any) -> Any:
    """The loader keeps each number's text (YamlInt, YamlFloat); the YAML writer wants plain values."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if hasattr(node, "raw"):
        return type(node).__mro__[1](node)
    return node


def _yaml_text(data: dict[str, Any]) -> str:
    import io

    data = _plain(data)
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(data, stream)
    return stream.getvalue()


def _merge(base: Any, change: Any) -> Any:
    if not isinstance(base, dict) or not isinstance(change, dict):
        return change
    merged = dict(base)
    for key, value in change.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _merge(merged.get(key), value)
    return merged


def _example_file(code: str, which: str) -> str:
    rule = ALL_RULES[code]
    text = getattr(rule, which)
    if rule.kind == "any":
        parsed = parse_document(text, "example")
        if isinstance(parsed.data, dict) and "kind" not in parsed.data:
            return "kind: lor\n" + text
        return text
    change = parse_document(text, "example").data
    assert isinstance(change, dict), f"{code} {which}: not a YAML mapping: {text!r}"
    example = rule.example or KINDS.get(rule.kind).example
    assert example, f"kind {rule.kind} has no example file"
    base = parse_document((EXAMPLES / example).read_text(encoding="utf-8"), example).data
    return _yaml_text(_merge(base, change))


# a 6 MiB file, 65 nested levels, a folder, 200 findings, an unreadable file: described, built elsewhere
DESCRIBED_ONLY = {"GEN004", "GEN013", "GEN017", "GEN018", "GEN019"}
EXECUTABLE = sorted(code for code, r in ALL_RULES.items() if r.scope == "file" and code not in DESCRIBED_ONLY)


@pytest.mark.parametrize("code", EXECUTABLE)
def test_documented_examples_do_what_they_say(code, sco, tmp_path):
    for which, fires in (("fails", True), ("passes", False)):
        path = tmp_path / f"{which}.yaml"
        path.write_text(_example_file(code, which), encoding="utf-8")
        _, payload = sco.json("check", str(path), "--config", str(EXAMPLES / "sco.yaml"), "--as-of", AS_OF)
        codes = {f["code"] for file in payload["files"] for f in file["findings"]}
        assert (code in codes) is fires, f"{code} `{which}` example: {code} {'missing' if fires else 'fired'}"


def test_cross_file_rules_have_folder_fixtures():
    """A cross-file rule needs several files: its examples are held by fixture folders instead."""
    for code, rule in ALL_RULES.items():
        if rule.scope == "batch":
            folder = Path(__file__).parent / "fixtures" / "rules" / code
            assert [p for p in folder.glob("fail*") if p.is_dir()], code
            assert [p for p in folder.glob("pass*") if p.is_dir()], code
