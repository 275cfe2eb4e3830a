"""The shape of the code, held by tests: the layers import only downward, no import circle anywhere,
a kind is declared once, every command group has help, and every rule's documented failing and
passing examples do what `sco rules explain` says."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sco_cli.app.catalogue import all_rules
from sco_cli.cli.groups import command_groups
from sco_cli.core.loader import parse_document
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, ROOT, command_paths

PACKAGE = ROOT / "sco_cli"
DOMAINS = sorted(
    p.name for p in PACKAGE.iterdir() if any(p.glob("*.py")) and p.name not in ("core", "cli", "app", "__pycache__")
)
ALL_RULES = all_rules()


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every sco module `name` imports: at the top, inside functions and under TYPE_CHECKING alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and target != "sco_cli":
                found.add(target)
    # `from pkg import module` names the module; `from pkg.module import name` also names pkg: keep the deepest
    return {t for t in found if not any(other.startswith(t + ".") for other in found)} | {
        t for t in found if t in MODULES and MODULES[t].name != "__init__.py"
    }


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    """main 0 -> cli 1 -> app 2 -> kinds 3 -> domains 4 -> core 5: a module imports only from its own
    layer or those below it."""
    parts = module.split(".")
    if module in ("sco_cli", "sco_cli.__main__"):
        return -1
    top = parts[1]
    return {"main": 0, "cli": 1, "app": 2, "kinds": 3, "core": 5}.get(top, 4)


def test_layers_import_only_downward():
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) < _layer(module) and _layer(module) >= 0
    )
    assert upward == []


def test_core_names_no_domain():
    """Adding a kind touches the kinds table and its own package: the core must not know any domain,
    not even by name in a string."""
    mentions = re.compile(r"sco_cli[./](" + "|".join(map(re.escape, DOMAINS)) + r")\b")
    offenders = {}
    for source in sorted((PACKAGE / "core").rglob("*.py")):
        found = mentions.findall(source.read_text(encoding="utf-8"))
        if found:
            offenders[source.name] = sorted(set(found))
    assert offenders == {}
    assert {"lor", "students", "training", "forecast", "cases", "eum", "office"} <= set(DOMAINS)


def test_typer_and_argparse_only_in_the_command_line():
    """`sco_cli/cli/` is the only package that builds a command line."""
    offenders = sorted(
        name
        for name, path in MODULES.items()
        if not name.startswith("sco_cli.cli")
        and re.search(r"^\s*(import|from) (typer|argparse|click)\b", path.read_text(encoding="utf-8"), re.M)
    )
    assert offenders == []


def test_no_import_circle():
    """No circle through any kind of import (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == []


def test_the_graph_sees_every_kind_of_import():
    """The checks above would pass on an empty graph: make sure lazy and type-only imports are in it."""
    assert "sco_cli.core.pipeline" in GRAPH["sco_cli.app.checking"]  # in a function
    assert "sco_cli.core.results" in GRAPH["sco_cli.core.kindspec"]  # under TYPE_CHECKING
    assert "sco_cli.lor.rules" in GRAPH["sco_cli.kinds"]  # `from sco_cli.lor import rules`


def test_every_package_is_a_regular_package():
    """A folder of modules without `__init__.py` is a namespace package: it imports, but tools that
    look for packages (this test file, packagers) can pass it by."""
    folders = [p for p in PACKAGE.rglob("*") if p.is_dir() and any(p.glob("*.py"))]
    assert [str(p) for p in folders if not (p / "__init__.py").is_file()] == []


def test_a_kind_is_declared_once_and_every_table_follows():
    """The groups, the quick check paths and the help lines are derived from the kinds table: every
    kind with a command is reachable as `sco <command...> check`, with the kind's help."""
    from sco_cli.cli.quick import QUICK_CHECKS

    groups = command_groups()
    for kind in KINDS.declared():
        if kind.command is None:
            continue
        assert QUICK_CHECKS[(*kind.command, "check")] == kind.name
        assert kind.command[0] in groups, f"{kind.name}: no group {kind.command[0]}"
        if len(kind.command) == 1:
            assert groups[kind.command[0]].help == kind.help
    assert len(groups) == len({*groups}), "two groups of one name"


@pytest.mark.parametrize("words", command_paths(), ids=lambda words: " ".join(words) or "sco")
def test_every_command_has_help(sco, words):
    result = sco(*words, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


def test_every_group_is_reachable_from_top_level_help(sco):
    listed = sco("--help").stdout
    for name in [*command_groups(), "check", "init"]:
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


# a 6 MiB file, 65 nested levels, a folder, 200 findings, an unreadable file, an office without its chief:
# described, built elsewhere (fixtures)
DESCRIBED_ONLY = {"GEN004", "GEN013", "GEN017", "GEN018", "GEN019"}
DESCRIBED_ONLY |= {"BUD018", "FCS006", "EUM014", "TRN004"}  # a change to sco.yaml (fixture folders hold them)
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
