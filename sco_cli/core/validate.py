"""Pydantic validation errors as findings at the YAML line of the offending key.

Pydantic reports a `loc` path and a stock English sentence; an SCO officer needs the line
in their file and a plain instruction. Unknown keys get a "did you mean" from the model's
own field names.
"""

from __future__ import annotations

import functools
import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from sco_cli.core.findings import Finding, Fix, PathPart, Severity, YamlPath, dotted
from sco_cli.core.loader import Loaded
from sco_cli.core.suggest import close_choices, did_you_mean, sure_choice
from sco_cli.core.types import DATE_EXAMPLE, BadValue, PersonalData


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


def _walk(model_cls: type[BaseModel], path: YamlPath) -> tuple[type[BaseModel] | None, bool]:
    """The (sub)model that owns `path`, and whether any field on the way holds personal data."""
    return _walk_names(model_cls, tuple(part for part in path if isinstance(part, str)))


@functools.lru_cache(maxsize=4096)
def _walk_names(model_cls: type[BaseModel], path: tuple[str, ...]) -> tuple[type[BaseModel] | None, bool]:
    """`_walk` without list indices, remembered: 100,000 bad list items share a handful of shapes."""
    current: type[BaseModel] | None = model_cls
    personal = False
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current else None
        if field is None:
            return None, personal
        personal = personal or any(isinstance(m, PersonalData) for m in field.metadata)
        candidates: list[Any] = [field.annotation]
        found: type[BaseModel] | None = None
        while candidates:
            candidate = candidates.pop()
            if isinstance(candidate, PersonalData):
                personal = True
            elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found = found or candidate
            elif get_origin(candidate) is not None or get_args(candidate):
                candidates.extend(get_args(candidate))
        current = found
    return current, personal


def is_record(model_cls: type[BaseModel], path: YamlPath) -> bool:
    """Whether the value at `path` is one of the model's records (a sub-model: a register entry, an
    inventory), not a plain value (a date, one serial number of a list of them)."""
    names = tuple(part for part in path if isinstance(part, str) and not part.isdigit())  # not a year key
    return bool(path) and _walk_names(model_cls, names)[0] is not None


def _allowed_fields(model_cls: type[BaseModel], path: YamlPath) -> list[str]:
    """Field names of the (sub)model that owns `path`, for "did you mean"."""
    owner, _ = _walk(model_cls, path)
    return list(owner.model_fields) if owner else []


def is_personal(model_cls: type[BaseModel], path: YamlPath) -> bool:
    """Whether the value at `path` is a person's private data, never to be echoed."""
    return _walk(model_cls, path)[1]


HIDDEN_KEY = "***"
"""What a field path shows in place of a key that may be private."""


def shown_path(model_cls: type[BaseModel], path: YamlPath, misplaced: bool = False) -> YamlPath:
    """`path` as a message or a report's `field` may show it: a key inside a personal field that is not
    one of the model's own field names is masked (`passport.XS4821937` -> `passport.***`), and so is a
    `misplaced` last key with four digits or more (no field name has them; a passport number or a date
    does; a year keying a mapping such as `years.2027` is not misplaced and stays).
    The value is withheld everywhere else; its key, written by a user, must not carry it out."""
    if not any(isinstance(part, str) for part in path):
        return path
    out: list[PathPart] = []
    names: list[str] = []
    for position, part in enumerate(path):
        if isinstance(part, int):
            out.append(part)
            continue
        owner, personal = _walk_names(model_cls, tuple(names))
        own_field = owner is not None and part in owner.model_fields
        last_misplaced = misplaced and position == len(path) - 1 and _DIGITS.match(part)
        if not own_field and (personal or last_misplaced):
            out.append(HIDDEN_KEY)
        else:
            out.append(part)
        names.append(part)
    return tuple(out)


_QUOTED = re.compile(r"'[^']*'")
SHOWN_MAX = 60
"""The longest value a message quotes; a longer one is cut, so a 4,000-digit number stays one line."""


def shown_value(value: object) -> str:
    """A value as a message quotes it: whole up to `SHOWN_MAX` characters, else cut (an import's cells too)."""
    text = str(value)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def _words(error: ErrorDetails, personal: bool) -> tuple[str, str]:
    """A plain sentence and a hint for one Pydantic error. A personal field's value is never quoted."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    quotable = isinstance(given, (str, int, float)) and not isinstance(given, bool)
    shown = f" (got '{shown_value(given)}')" if quotable else ""
    if isinstance(given, bool):
        shown = f" (got {str(given).lower()})"
    if personal:
        shown = " (not shown: personal data)"
    if kind == "value_error":
        cause = ctx.get("error")
        example = cause.example if isinstance(cause, BadValue) else ""
        suggestion = cause.suggestion if isinstance(cause, BadValue) else ""
        if personal:  # the reason alone: quoting around a value cannot be trusted to hide it
            reason = cause.reason if isinstance(cause, BadValue) else "is not valid"
            return f"the value {reason} (not shown: personal data)", example
        message = str(cause or error["msg"]).removeprefix("Value error, ")
        return _QUOTED.sub(lambda m: "'" + shown_value(m.group(0)[1:-1]) + "'", message), suggestion or example
    table = {
        "bool_type": ("must be true or false" + shown, "write true or false (yes/no are not booleans here)"),
        "bool_parsing": ("must be true or false" + shown, "write true or false"),
        "int_type": ("must be a whole number" + shown, "write a whole number, e.g. 12"),
        "int_parsing": ("must be a whole number" + shown, "write a whole number, e.g. 12"),
        "int_from_float": ("must be a whole number" + shown, "write a whole number, e.g. 12"),
        "float_type": ("must be a number" + shown, "write a number, e.g. 0.9"),
        "float_parsing": ("must be a number" + shown, "write a number, e.g. 0.9"),
        "string_type": ("must be text" + shown, "put the value in quotes"),
        "list_type": ("must be a list" + shown, "write one `- item` per line under the key"),
        "dict_type": ("must be a mapping of fields" + shown, "write `name: value` lines under the key"),
        "model_type": ("must be a mapping of fields" + shown, "write `name: value` lines under the key"),
        "model_attributes_type": ("must be a mapping of fields" + shown, "write `name: value` lines under the key"),
        "date_type": ("must be a date written YYYY-MM-DD" + shown, DATE_EXAMPLE),
        "date_parsing": ("must be a real date written YYYY-MM-DD" + shown, DATE_EXAMPLE),
        "string_too_short": ("must not be empty", ""),
        "too_short": ("needs at least one entry", ""),
    }
    if kind in table:
        return table[kind]
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = [m.group(0)[1:-1] for m in _QUOTED.finditer(expected)]
        hint = "" if personal else (_leading_choice(given, choices) or _choices_meant(given, choices))
        return f"must be one of {expected}{shown}", hint or "use one of the listed values (any case)"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return f"must be {words} {limit}{shown}", ""
    return (error["msg"] if not personal else "is not valid") + shown, ""


def _choices_meant(given: object, choices: list[str]) -> str:
    """ "did you mean 'approved'?", or, when two values are as near, both: sco never picks between them."""
    near = close_choices(str(given), choices)
    if len(near) > 1 and sure_choice(given, choices) is None:
        return f"did you mean '{near[0]}' or '{near[1]}'?"
    return f"did you mean '{near[0]}'?" if near else ""


def _expected_choices(error: ErrorDetails) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return [m.group(0)[1:-1] for m in _QUOTED.finditer(expected)]


def _written(value: object) -> str | None:
    """A scalar as the file has it (a number keeps the text it was written with), or None for a mapping."""
    value = getattr(value, "raw", value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def fix_for(error: ErrorDetails, path: YamlPath, personal: bool) -> Fix | None:
    """The change that settles a GEN009, when sco is sure of it: the one enumeration value meant
    (`Air Force` -> `air_force`, `aproved` -> `approved`, not when two are as near or when free text
    follows the word), or the form a type gives for a value written another readable way (a date in
    words, `US$24.9M`, `90 percent`, a setting with its unit). Never on a personal field's value."""
    old = _written(error.get("input"))
    if personal or old is None or not path:
        return None
    kind = error["type"]
    if kind in ("literal_error", "enum"):
        choices = _expected_choices(error)
        if _leading_choice(old, choices):
            return None
        meant = sure_choice(old.strip(), choices)
        return Fix(path, old, meant) if meant is not None else None
    cause = (error.get("ctx") or {}).get("error")
    if kind == "value_error" and isinstance(cause, BadValue) and cause.fix is not None:
        return Fix(path, old, cause.fix)
    return None


def _leading_choice(given: object, choices: list[str]) -> str:
    """`approved (INVEST 2026-0318)` or `done - debrief pending`: the value leads with an allowed word and
    adds free text; the hint says to keep the word alone (the rest goes in a text field, a note or a
    reference). Empty when the value does not lead with one."""
    if not isinstance(given, str):
        return ""
    lowered = given.strip().lower()
    for choice in sorted(choices, key=len, reverse=True):
        rest = lowered[len(choice) :]
        if lowered.startswith(choice) and rest and not (rest[0].isalnum() or rest[0] == "_"):
            return f"write `{choice}` alone; put the rest in a text field of the record"
    return ""


_DIGITS = re.compile(r"(?:\D*\d){4}")
_OTHER_BRANCH = frozenset({"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"})
"""Errors of a union's other branch: where a value of the field's main shape (a mapping) has its own
error inside, "must be text" about the same value is a second finding for one mistake."""


def _kind_name(model_cls: type[BaseModel]) -> str:
    """The `kind:` a file model declares (its `kind` field is a one-word Literal), for a hint naming
    `sco schema fields KIND`; 'KIND' when the model declares none."""
    field = model_cls.model_fields.get("kind")
    words = get_args(field.annotation) if field is not None else ()
    return str(words[0]) if len(words) == 1 else "KIND"


def _unknown_field(model_cls: type[BaseModel], path: YamlPath) -> str:
    """A misplaced key is named, unless it may itself be personal data: a key inside a personal
    field, or one with four digits or more (no field name has them; a passport number or a date does)."""
    key = str(path[-1])
    if is_personal(model_cls, path[:-1]) or _DIGITS.match(key):
        return "unknown field (not shown: it may be personal data)"
    return f"unknown field '{key}'"


def validation_findings(
    errors: list[ErrorDetails], loaded: Loaded, model_cls: type[BaseModel], limit: int | None = None
) -> tuple[list[Finding], int]:
    """One finding per distinct problem, placed at the key it concerns; past `limit` findings, the
    rest are only counted (a file with 100,000 bad items is not described 100,000 times).
    Returns the findings and the number of problems counted but not described."""
    findings: list[Finding] = []
    seen: set[tuple[str, int, int, str]] = set()
    counted: set[tuple[str, YamlPath]] = set()
    paths = [clean_loc(error["loc"], loaded.data) for error in errors]
    inner = {path[:depth] for path in paths for depth in range(len(path))} if len(paths) > 1 else set()
    for error, path in zip(errors, paths, strict=True):
        kind = error["type"]
        fix: Fix | None = None
        shown = shown_path(model_cls, path, misplaced=kind == "extra_forbidden")
        if kind in _OTHER_BRANCH and path in inner:
            continue  # `dates: {start: ...}` against `TravelDates | Text`: the mapping's own error is the one
        if limit is not None and len(findings) >= limit:
            counted.add((kind, path))
            continue
        if kind == "missing":
            parent = path[:-1]
            line, column = loaded.position(parent)
            where = f" in {dotted(shown[:-1])}" if parent else ""
            code, message, hint = (
                "GEN010",
                f"required field '{path[-1]}' is missing{where}",
                f"add `{path[-1]}:` with its value",
            )
        elif kind == "extra_forbidden":
            line, column = loaded.position(path)
            code, message = "GEN008", _unknown_field(model_cls, path)
            hint = did_you_mean(
                path[-1],
                _allowed_fields(model_cls, path[:-1]),
                f"remove it, or see the fields with `sco schema fields {_kind_name(model_cls)}`",
            )
        else:
            line, column = loaded.position(path)
            personal = is_personal(model_cls, path)
            words, hint = _words(error, personal)
            code, message = "GEN009", f"{dotted(shown) or 'value'}: {words}"
            fix = fix_for(error, path, personal)
        key = (code, line, column, message)
        if key in seen:
            continue
        seen.add(key)
        finding = Finding(code, Severity.ERROR, message, hint, loaded.name, line, column, dotted(shown))
        finding.fix = fix
        findings.append(finding)
    return findings, len(counted)


def mask_loader_findings(loaded: Loaded, findings: list[Finding], model_cls: type[BaseModel]) -> None:
    """The loader's findings (a duplicate key, an anchor, a tag) named their path before the model was
    known: once it is, a key that may be private is masked in `field` and in the message."""
    for index, path in loaded.problem_paths.items():
        if index >= len(findings):
            continue
        shown = shown_path(model_cls, path)
        if shown == path:
            continue
        finding = findings[index]
        finding.field = dotted(shown)
        for part, masked in zip(path, shown, strict=True):
            if masked == HIDDEN_KEY and isinstance(part, str) and part:
                finding.message = finding.message.replace(f"'{part}'", "(not shown: it may be personal data)")
