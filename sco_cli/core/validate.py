"""Pydantic validation errors as findings at the YAML line of the offending key.

Pydantic reports a `loc` path and a stock English sentence; an SCO officer needs the line
in their file and a plain instruction. Unknown keys get a "did you mean" from the model's
own field names.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sco_cli.core.findings import Finding, Severity, YamlPath, dotted
from sco_cli.core.loader import Loaded
from sco_cli.core.suggest import did_you_mean


def clean_loc(loc: tuple[int | str, ...], data: object) -> YamlPath:
    """Keep the parts of Pydantic's `loc` that are real keys or indices in the file's data.

    Union branches, validator markers and tagged-union tags appear in `loc` but not in the
    file; walking the data tells them apart even when a branch name is also a field name
    (a field called `date` and the `date` branch of a union)."""
    out: list[int | str] = []
    node: Any = data
    for position, part in enumerate(loc):
        if isinstance(node, dict):
            present = part in node
        else:
            present = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if present:
            out.append(part)
            node = node[part]
        elif (
            position == len(loc) - 1
            and isinstance(node, dict)
            and isinstance(part, str)
            and not part.startswith(("function-", "lax-", "json-"))
            and "[" not in part
        ):
            out.append(part)  # a missing key: it is not in the data, but it is the point
    return tuple(out)


def _allowed_fields(model_cls: type[BaseModel], path: YamlPath) -> list[str]:
    """Field names of the (sub)model that owns `path`, for "did you mean"."""
    current: type[BaseModel] | None = model_cls
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current else None
        if field is None:
            return []
        annotation = field.annotation
        candidates: list[Any] = [annotation]
        found: type[BaseModel] | None = None
        while candidates:
            candidate = candidates.pop()
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found = candidate
                break
            if get_origin(candidate) is not None or get_args(candidate):
                candidates.extend(get_args(candidate))
        current = found
    return list(current.model_fields) if current else []


def _words(error: ErrorDetails) -> tuple[str, str]:
    """A plain sentence and a hint for one Pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    shown = f" (got '{given}')" if isinstance(given, (str, int, float)) and not isinstance(given, bool) else ""
    if isinstance(given, bool):
        shown = f" (got {str(given).lower()})"
    if kind == "value_error":
        message = str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
        return message, ""
    table = {
        "bool_type": ("must be true or false" + shown, "write true or false (yes/no are not booleans here)"),
        "bool_parsing": ("must be true or false" + shown, "write true or false"),
        "int_type": ("must be a whole number" + shown, ""),
        "int_parsing": ("must be a whole number" + shown, ""),
        "int_from_float": ("must be a whole number" + shown, ""),
        "float_type": ("must be a number" + shown, ""),
        "float_parsing": ("must be a number" + shown, ""),
        "string_type": ("must be text" + shown, "put the value in quotes"),
        "list_type": ("must be a list" + shown, "write one `- item` per line under the key"),
        "dict_type": ("must be a mapping of fields" + shown, "write `name: value` lines under the key"),
        "model_type": ("must be a mapping of fields" + shown, "write `name: value` lines under the key"),
        "model_attributes_type": ("must be a mapping of fields" + shown, "write `name: value` lines under the key"),
        "date_type": ("must be a date written YYYY-MM-DD" + shown, ""),
        "date_parsing": ("must be a real date written YYYY-MM-DD" + shown, ""),
        "string_too_short": ("must not be empty", ""),
        "too_short": ("needs at least one entry", ""),
    }
    if kind in table:
        return table[kind]
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return f"must be one of {expected}{shown}", "use one of the listed values exactly"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return f"must be {words} {limit}{shown}", ""
    return error["msg"] + shown, ""


def validation_findings(exc: ValidationError, loaded: Loaded, model_cls: type[BaseModel]) -> list[Finding]:
    """One finding per distinct problem, placed at the key it concerns."""
    findings: list[Finding] = []
    seen: set[tuple[str, int, int, str]] = set()
    for error in exc.errors(include_url=False):
        path = clean_loc(error["loc"], loaded.data)
        kind = error["type"]
        if kind == "missing":
            parent = path[:-1]
            line, column = loaded.position(parent)
            where = f" in {dotted(parent)}" if parent else ""
            code, message, hint = (
                "GEN010",
                f"required field '{path[-1]}' is missing{where}",
                f"add `{path[-1]}:` with its value",
            )
        elif kind == "extra_forbidden":
            line, column = loaded.position(path)
            code, message = "GEN008", f"unknown field '{path[-1]}'"
            hint = did_you_mean(
                path[-1],
                _allowed_fields(model_cls, path[:-1]),
                "remove it, or check the spelling against `sco schema export`",
            )
        else:
            line, column = loaded.position(path)
            words, hint = _words(error)
            code, message = "GEN009", f"{dotted(path) or 'value'}: {words}"
        key = (code, line, column, message)
        if key in seen:
            continue
        seen.add(key)
        findings.append(Finding(code, Severity.ERROR, message, hint, loaded.name, line, column, dotted(path)))
    return findings
