"""Every regular expression in sco_cli: the compiled ones a module keeps, and the literal patterns
given to `re.sub`, `re.match`, ... inside functions (found in the source)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import sco_cli

_CALLS = {"compile", "sub", "subn", "match", "fullmatch", "search", "findall", "finditer", "split"}


def patterns() -> dict[str, tuple[str, str | None]]:
    """pattern source -> (where it is: module.NAME or module:line, and the `re` function a call applies
    it with, or None for a compiled pattern, whose use the test's table says)."""
    found: dict[str, tuple[str, str | None]] = {}
    root = Path(sco_cli.__file__).parent
    for info in pkgutil.walk_packages([str(root)], "sco_cli."):
        if info.name.endswith("__main__"):
            continue  # running it runs sco
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.setdefault(_source(value.pattern), (f"{info.name}.{name}", None))
        path = Path(module.__file__ or "")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                how = None if node.func.attr == "compile" else node.func.attr
                found.setdefault(_source(node.args[0].value), (f"{info.name}:{node.lineno}", how))
    return found


def _source(pattern: str | bytes) -> str:
    return pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
