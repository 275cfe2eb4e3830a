"""What sco knows about itself, for `sco rules`, `sco schema` and `sco init`: every rule, and the JSON
Schema of every file kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sco_cli.core.errors import UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.registry import RULES, Rule
from sco_cli.kinds import KINDS


def all_rules() -> dict[str, Rule]:
    """Every rule of every kind, registered, in catalogue order: the rules of every file first, then each
    kind's in the kinds table's order, by code (for `sco rules` and the tests)."""
    from sco_cli.core import general_rules  # the loader's and models' GEN rules

    assert general_rules
    KINDS.load_all()
    order = {kind: index for index, kind in enumerate(["any", *KINDS])}
    return dict(sorted(RULES.items(), key=lambda item: (order.get(item[1].kind, len(order)), item[0])))


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every kind, accepting exactly what the loader accepts: enumerations in any case,
    and the `waivers:` every file may carry."""
    from sco_cli.core.waivers import Waiver
    from sco_cli.kinds import KINDS

    waiver = Waiver.model_json_schema()
    out = {}
    for spec in KINDS.load_all():
        schema = spec.model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"sco {spec.name} file"
        if "waivers" not in schema["properties"]:
            schema.setdefault("$defs", {})["FindingWaiver"] = waiver
            schema["properties"]["waivers"] = {
                "type": "array",
                "items": {"$ref": "#/$defs/FindingWaiver"},
                "description": "Findings accepted on record: rule, reason, approved_by, expires, optional where.",
            }
        out[spec.name] = _any_case(_for_clients(_nullable_objects(schema)))
    return out


def _nullable_objects(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional object field is a plain `$ref` to an object that may be null, so a validator's error
    about one of its fields is the only error (issue 19 point 5). Wrapped in `anyOf: [X, null]` or
    `if null / else X`, ajv added "must match a schema in anyOf" or "must match 'else' schema" for every
    optional object around the field (a wrong medical exam date was also an error on `/screening/medical`
    and `/screening`) and check-jsonschema printed the whole object. The object's other uses, where null
    is refused, say `type: object` beside the reference (each use says which it takes)."""
    defs = schema.get("$defs", {})

    def target(node: Any) -> str | None:
        ref = node.get("$ref") if isinstance(node, dict) and len(node) == 1 else None
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
        return name if name in defs and defs[name].get("type") == "object" else None

    nullable: set[str] = set()

    def unwrap(node: Any) -> Any:
        if isinstance(node, list):
            return [unwrap(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: unwrap(value) for key, value in node.items()}
        branches = node.get("anyOf")
        if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
            other = branches[0] if branches[1] == {"type": "null"} else branches[1]
            name = target(other)
            if name is not None and not {"$ref", "type"} & set(node):
                del node["anyOf"]
                node.update({"$ref": other["$ref"], "type": ["object", "null"]})
                nullable.add(name)
        return node

    def refuse_null(node: Any) -> Any:
        if isinstance(node, list):
            return [refuse_null(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: refuse_null(value) for key, value in node.items()}
        if "type" not in node and target({"$ref": node.get("$ref")}) in nullable:
            node["type"] = "object"
        return node

    schema = unwrap(schema)
    schema = refuse_null(schema)
    for name in nullable:
        schema["$defs"][name]["type"] = ["object", "null"]
    return schema


_LIMITS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_ALONE = {"anyOf", "oneOf", "allOf", "$ref", "enum", "const", "if", "not"}


def _for_clients(node: Any) -> Any:
    """What real validators and editors need (issue 19 point 5):

    - limits written `minimum`/`maximum` (Pydantic leaves `ge`/`le` on a number inside a union, which
      no client reads, so an editor accepted `foreign_clearance_lead_days: -5`);
    - an optional field without the `anyOf: [X, null]` wrapping, so an error names the field that is
      wrong, not its whole parent object (with the medical dates in it): a simple type takes `null`
      beside its own type, anything else applies unless the value is null (`if`/`else`)."""
    if isinstance(node, list):
        return [_for_clients(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _for_clients(value) for key, value in node.items()}
    if node.get("type") in ("number", "integer"):
        node = {_LIMITS.get(key, key): value for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = branches[0] if branches[1] == {"type": "null"} else branches[1]
        del node["anyOf"]
        if isinstance(other.get("type"), str) and not _ALONE & set(other) and not _ALONE & set(node):
            node.update(other, type=[other["type"], "null"])
        else:
            node.update({"if": {"type": "null"}, "else": other})
    return node


def _any_case(node: Any) -> Any:
    """Every enumeration of words also matches in any case (`FMF` is `fmf`), as the models accept it."""
    if isinstance(node, list):
        return [_any_case(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _any_case(value) for key, value in node.items()}
    words = node.get("enum") or ([node["const"]] if "const" in node else None)
    if words and all(isinstance(word, str) for word in words):
        exact = {key: node.pop(key) for key in ("enum", "const", "type") if key in node}
        pattern = "^\\s*(" + "|".join(_letters_any_case(word) for word in words) + ")\\s*$"
        node["anyOf"] = [exact, {"type": "string", "pattern": pattern}]
    return node


_ECMA_SYNTAX = set("\\^$.|?*+()[]{}/")


def _letters_any_case(word: str) -> str:
    """A regular expression valid in ECMA-262 with the `u` flag (what ajv and editors compile): only
    syntax characters escaped; `re.escape` also escapes spaces and hyphens, which `u` refuses."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else ("\\" + c if c in _ECMA_SYNTAX else c) for c in word)


def schema_files(folder: Path) -> dict[Path, str]:
    return {folder / f"{kind}.schema.json": json.dumps(schema, indent=2) + "\n" for kind, schema in schemas().items()}


def write_all(files: dict[Path, str], force: bool) -> list[Path]:
    """Every target is checked before the first is written: a refusal leaves nothing half done."""
    if not force:
        for path in files:
            refuse_overwrite(path, force)
    for path in files:
        if path.exists() and path.is_dir():
            raise UsageError(f"{path}: is a folder")
    return [write_atomic(path, text, force) for path, text in files.items()]
