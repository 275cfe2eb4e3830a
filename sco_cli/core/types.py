"""Field types shared by every model: money, ISO dates, true/false, identifiers.

Pydantic's lax mode would read `yes` as true, an integer as a Unix timestamp and `12.5M`
not at all; an SCO file needs the opposite on each count, so these types are strict where
Pydantic is lax and lenient where a spreadsheet user expects it (money written `$12,500,000`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict, WithJsonSchema

from sco_cli.core.dates import YEARS

_MONEY_SUFFIX = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MONEY_TEXT = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,12})?\Z")


class BadValue(ValueError):
    """A value error that keeps its reason apart from the value, so that the message about a
    personal field can say what is wrong without quoting what was written."""

    def __init__(self, value: object, reason: str):
        self.reason = reason
        super().__init__(f"'{value}' {reason}")


MONEY_MAX = 10**15
"""The largest amount accepted ($1 quadrillion): far above any sale, far below what breaks arithmetic."""


def parse_money(value: object) -> int:
    """Whole US dollars from `12500000`, `12.5M`, `$12,500,000` (all the same integer)."""
    if isinstance(value, bool):
        raise ValueError(f"a dollar amount is expected, not {str(value).lower()}")
    if isinstance(value, float) and value == value and abs(value) > MONEY_MAX:  # 1e20, .inf (not .nan)
        raise BadValue(getattr(value, "raw", value), f"is more than ${MONEY_MAX:,}")
    value = getattr(value, "raw", value)  # as written: 1e20, not 1e+20
    text = str(value).strip().replace(",", "").replace(" ", "").lstrip("$").upper()
    if not isinstance(value, (int, float, str)) or not text:
        raise ValueError("a dollar amount is expected")
    factor = 1
    if text[-1:] in _MONEY_SUFFIX:
        factor = _MONEY_SUFFIX[text[-1]]
        text = text[:-1].lstrip("$")
    if not _MONEY_TEXT.match(text):
        raise BadValue(value, "is not a dollar amount")
    amount = Decimal(text) * factor
    if amount != amount.to_integral_value():
        raise BadValue(value, "is not a whole number of dollars")
    if amount < 0:
        raise BadValue(value, "is negative")
    if amount > MONEY_MAX:
        raise BadValue(value, f"is more than ${MONEY_MAX:,}")
    return int(amount)


def parse_day(value: object) -> date:
    """A calendar date written YYYY-MM-DD; numbers are never read as timestamps."""
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not _ISO_DATE.match(text):
        raise BadValue(value, "is not a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadValue(value, "is not a real calendar date") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise BadValue(value, f"is outside the years {YEARS[0]} to {YEARS[1]}")
    return day


def parse_identifier(value: object) -> object:
    """Identifiers (passport numbers, references, ITO numbers) keep the exact text of the file, whatever
    YAML would make of it: `0048219370` stays `0048219370`, `0x4821937` stays `0x4821937`."""
    if type(value) is str:  # nearly every value: nothing to recover
        return value
    raw = getattr(value, "raw", None)
    if isinstance(raw, str):
        return raw
    if isinstance(value, bool):
        raise BadValue(str(value).lower(), "should be text; put it in quotes")
    if isinstance(value, (int, float)):
        return str(value)
    return value


def casefold(value: object) -> object:
    """Enumerations are matched whatever the case: `FMF`, `Fmf` and `fmf` are the same program."""
    return value.strip().lower() if isinstance(value, str) else value


class PersonalData:
    """Marks a field whose value is a person's private data (passport number, date of birth, medical
    results): its value is never echoed in a message, on the terminal or in a log."""

    def __repr__(self) -> str:
        return "Personal"


MONEY_PATTERN = r"^\s*\$?\s*[0-9][0-9, ]*(\.[0-9]+)?\s*[KkMmBb]?\s*$"
DATE_PATTERN = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"

# Each type says in JSON Schema exactly what the loader accepts, so an editor agrees with `sco check`.
Money = Annotated[
    int,
    BeforeValidator(parse_money),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": MONEY_PATTERN}]}),
]
Day = Annotated[date, BeforeValidator(parse_day), WithJsonSchema({"type": "string", "pattern": DATE_PATTERN})]
Flag = Annotated[bool, Strict()]
Text = Annotated[
    str, BeforeValidator(parse_identifier), WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]})
]
NoneWord = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^\s*([Nn][Oo][Nn][Ee]|[Nn]/[Aa])\s*$"})]
"""The word `none` (or `n/a`), where a list may be written as `none` to say it is empty on purpose."""
AnyCase = BeforeValidator(casefold)
"""Use as `Annotated[Literal["fmf", "imet"], AnyCase]`: values in lower case, any case accepted."""
Personal = PersonalData()
"""Use as `Annotated[Text, Personal]` or `Annotated[Day, Personal]`."""


class Model(BaseModel):
    """Base of every input model: unknown keys are findings, models build on first use."""

    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)


def completions(values: Callable[[], Iterable[str]]) -> Callable[[dict[str, Any]], None]:
    """A field's `json_schema_extra` for a value taken from a known list that an office may extend
    (implementing agencies, review tags) or that is free text with usual values (terms of sale): the
    schema offers the known values as an `enum`, so editors complete them, and still accepts any text,
    as the loader does. The list is read only when a schema is exported."""

    def extra(schema: dict[str, Any]) -> None:
        target = schema.get("items", schema)  # a list of such values: each item
        branches = target.setdefault("anyOf", [{"type": "string"}])
        branches.insert(0, {"type": "string", "enum": sorted(values())})

    return extra
