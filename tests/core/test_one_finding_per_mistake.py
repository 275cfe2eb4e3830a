"""One unreadable value, one finding (issue 21): for every field holding an enumeration, a date or an
amount in every example file, a bad value gives exactly one GEN009 at that field, with a hint, and no
other rule speaks up because of it (a rule that needs the field stays silent)."""

from __future__ import annotations

import io
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from sco_cli.core.findings import dotted
from sco_cli.core.loader import load_path
from sco_cli.core.types import parse_day, parse_money
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, FIXTURES

BAD = {"enumeration": "zzzq", "date": "sometime soon", "amount": "a lot"}


def _parts(annotation: Any) -> list[Any]:
    """The annotation and every type and validator inside it (Annotated, unions, lists, dicts)."""
    found, stack = [], [annotation]
    while stack:
        item = stack.pop()
        found.append(item)
        if hasattr(item, "__metadata__"):
            found.extend(item.__metadata__)
            stack.append(item.__origin__)
        stack.extend(typing.get_args(item))
        func = getattr(item, "func", None)
        if func is not None:
            found.append(func)
    return found


def _sort(annotation: Any) -> str | None:
    parts = _parts(annotation)
    if any(isinstance(p, type) and issubclass(p, BaseModel) for p in parts):
        return None
    if any(typing.get_origin(p) is typing.Literal for p in parts):
        return "enumeration"
    if parse_day in parts:
        return "date"
    if parse_money in parts:
        return "amount"
    return None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    for part in _parts(annotation):
        if isinstance(part, type) and issubclass(part, BaseModel):
            return part
    return None


def _by_key(annotation: Any) -> bool:
    """Whether the field is a mapping (by fiscal year) of sub-records rather than one sub-record."""
    return any(typing.get_origin(part) is dict for part in _parts(annotation))


def _leaves(data: Any, model: type[BaseModel], path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """(path, sort) of each value in `data` whose field is an enumeration, a date or an amount."""
    out: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(data, dict):
        return out
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None or key == "kind":
            continue
        annotation = field.annotation
        for meta in field.metadata:
            annotation = typing.Annotated[annotation, meta]
        sub = _submodel(annotation)
        sort = _sort(annotation)
        here = (*path, key)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if sub is not None and isinstance(item, dict):
                    out += _leaves(item, sub, (*here, index))
                elif sort and not isinstance(item, (dict, list)):
                    out.append(((*here, index), sort))
        elif isinstance(value, dict) and sub is not None and _by_key(annotation):  # years: {2027: {...}}
            for year, item in value.items():
                out += _leaves(item, sub, (*here, year))
        elif isinstance(value, dict) and sub is not None:
            out += _leaves(value, sub, here)
        elif isinstance(value, dict) and sort:  # a mapping of amounts by year
            out += [((*here, year), sort) for year, amount in value.items() if not isinstance(amount, (dict, list))]
        elif sort and value is not None:
            out.append((here, sort))
    return out


EVERY_FIELD = FIXTURES / "every-field"
"""Files adding, to copies of the examples, the fields no example holds, so every field is tried."""


def _files() -> list[tuple[Path, str]]:
    """Each file tried, with its name inside the copy of the examples (the office applies to both)."""
    files = [(file, str(file.relative_to(EXAMPLES))) for file in sorted(EXAMPLES.rglob("*.yaml"))]
    return files + [(file, f"every-field/{file.name}") for file in sorted(EVERY_FIELD.glob("*.yaml"))]


def _cases() -> list[tuple[str, tuple[Any, ...], str]]:
    cases = []
    for file, name in _files():
        loaded = load_path(str(file))
        if not isinstance(loaded.data, dict) or str(loaded.data.get("kind", "")).lower() not in KINDS:
            continue
        model = KINDS.get(str(loaded.data["kind"]).lower()).model
        for path, sort in _leaves(loaded.data, model):
            cases.append((name, path, sort))
    return cases


def _key(node: Any, part: Any) -> Any:
    """The key as ruamel holds it: a year key is an integer there."""
    return int(part) if isinstance(node, dict) and part not in node and str(part).isdigit() else part


def _with_value(text: str, path: tuple[Any, ...], new: str) -> str:
    """The file with the value at `path` replaced by `new` (ruamel's round trip keeps the rest)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(text)
    node = data
    for part in path[:-1]:
        node = node[_key(node, part)]
    node[_key(node, path[-1])] = new
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _findings(sco: Any, file: Path) -> list[dict[str, Any]]:
    _, payload = sco.json("check", str(file), "--as-of", AS_OF)
    return payload["files"][0]["findings"]


for _kind in KINDS:  # models build on first use: their forward references (Student -> Prominence) resolve here
    KINDS.get(_kind).model.model_json_schema()
CASES = _cases()


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("examples") / "examples"
    shutil.copytree(EXAMPLES, target)
    shutil.copytree(EVERY_FIELD, target / "every-field")
    return target


NOT_TRIED = {("office", "allocations")}
"""A mapping of mappings (program -> fiscal year -> dollars): its amounts are parsed as every other amount."""


def _typed_fields(model: type[BaseModel], prefix: str = "", seen: frozenset[Any] = frozenset()) -> set[str]:
    """Every field (dotted, without positions) holding an enumeration, a date or an amount."""
    found: set[str] = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        for meta in field.metadata:
            annotation = typing.Annotated[annotation, meta]
        sub = _submodel(annotation)
        if sub is not None and sub not in seen:
            found |= _typed_fields(sub, f"{prefix}{name}.", seen | {model})
        elif sub is None and _sort(annotation) and name != "kind":
            found.add(prefix + name)
    return found


def test_every_field_with_an_enumeration_a_date_or_an_amount_is_tried():
    assert {sort for _, _, sort in CASES} == set(BAD)
    tried = {
        (kind_of(name), ".".join(str(p) for p in path if isinstance(p, str) and not p.isdigit()))
        for name, path, _ in CASES
    }
    every = {(kind, field) for kind in KINDS for field in _typed_fields(KINDS.get(kind).model)}
    assert every - tried - NOT_TRIED == set()


def kind_of(name: str) -> str:
    file = (EXAMPLES / name) if (EXAMPLES / name).exists() else EVERY_FIELD / Path(name).name
    return str(load_path(str(file)).data["kind"]).lower()


@pytest.mark.parametrize(("name", "path", "sort"), CASES, ids=[f"{n}:{'.'.join(map(str, p))}" for n, p, _ in CASES])
def test_one_bad_value_is_one_finding(name, path, sort, copied, sco):
    file = copied / name
    original = file.read_text()
    before = {(f["code"], f["field"]) for f in _findings(sco, file)}
    try:
        file.write_text(_with_value(original, path, BAD[sort]))
        after = _findings(sco, file)
    finally:
        file.write_text(original)
    new = [f for f in after if (f["code"], f["field"]) not in before]
    assert [(f["code"], f["field"]) for f in new] == [("GEN009", dotted(path))], [
        (f["code"], f["field"], f["message"][:70]) for f in new
    ]
    assert new[0]["hint"], new[0]
