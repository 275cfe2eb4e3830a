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
from functools import partial
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

from sco_cli.core.dates import YEARS

_MONEY_SUFFIX = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_MONEY_WORDS = (  # longest first: `MILLION` before `M`
    ("THOUSAND", "K"),
    ("MILLIONS", "M"),
    ("MILLION", "M"),
    ("BILLIONS", "B"),
    ("BILLION", "B"),
    ("MIL", "M"),
    ("MN", "M"),
    ("BN", "B"),
)
"""Amounts written in words, as budget papers do: `$24.9 million`, `1.2 billion`, `500 thousand`."""
MONEY_EXAMPLE = "write it 24900000, 24.9M or $24.9 million"
DATE_EXAMPLE = "write it YYYY-MM-DD, e.g. 2027-03-31"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MONEY_TEXT = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,12})?\Z")


class BadValue(ValueError):
    """A value error that keeps its reason apart from the value, so that the message about a
    personal field can say what is wrong without quoting what was written. `example` shows the
    form that works (it never quotes the value, so it is shown for a personal field too);
    `suggestion` is the value itself in that form, never shown for a personal field. `fix` is that form
    as the file should hold it, given only when sco is sure of it (`sco check --fix` writes it)."""

    def __init__(
        self,
        value: object,
        reason: str,
        example: str = "",
        suggestion: str = "",
        fix: str | int | float | date | None = None,
    ):
        self.reason = reason
        self.example = example
        self.suggestion = suggestion
        self.fix = fix
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
    text = text.removeprefix("USD").removesuffix("USD").removesuffix("DOLLARS").lstrip("$")
    for word, suffix in _MONEY_WORDS:
        if text.endswith(word) and text[: -len(word)][-1:].isdigit():
            text = text[: -len(word)] + suffix
            break
    factor = 1
    if text[-1:] in _MONEY_SUFFIX:
        factor = _MONEY_SUFFIX[text[-1]]
        text = text[:-1].lstrip("$")
    if not _MONEY_TEXT.match(text):
        near = _near_amount(str(value))
        if near:
            raise BadValue(value, "is not a dollar amount as sco reads them", MONEY_EXAMPLE, f"write it {near}", near)
        raise BadValue(value, "is not a dollar amount", MONEY_EXAMPLE)
    amount = Decimal(text) * factor
    if amount != amount.to_integral_value():
        raise BadValue(value, "is not a whole number of dollars")
    if amount < 0:
        raise BadValue(value, "is negative")
    if amount > MONEY_MAX:
        raise BadValue(value, f"is more than ${MONEY_MAX:,}")
    return int(amount)


_NEAR_AMOUNT = re.compile(
    r"(?:US\s*\$|\$\s*US|\$)?\s*(\d{1,15}(?:\.\d{1,12})?)\s*(?:-\s*)?"  # one way to split the spaces
    r"(MM|M|K|B|BN|MIL|MILLIONS?|BILLIONS?|THOUSAND)\.?\s*(?:\$|US\$|USD)?\Z"
)
_NEAR_SUFFIX = {"MM": "M", "MIL": "M", "MILLION": "M", "MILLIONS": "M", "BN": "B", "BILLION": "B", "BILLIONS": "B"}
_NEAR_SUFFIX |= {"M": "M", "K": "K", "B": "B", "THOUSAND": "K"}


def _near_amount(written: str) -> str:
    """An amount written another readable way that sco does not take as it stands, in the form it takes:
    `US$24.9M`, `24.9 M$`, `$24.9MM` (finance's million), `$24.9 Mil.`, `$24.9-million` -> `$24.9M`.
    Empty when the text is no such amount (a fix is written only where the reading is certain)."""
    match = _NEAR_AMOUNT.match(written.strip().upper().replace(",", ""))
    if match is None:
        return ""
    suffix = _NEAR_SUFFIX[match.group(2)]
    amount = Decimal(match.group(1)) * _MONEY_SUFFIX[suffix]
    if amount != amount.to_integral_value() or amount > MONEY_MAX:
        return ""
    return f"${match.group(1)}{suffix}"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([a-z]{3,9})\.?,?\s*(\d{4})\Z")
_MONTH_DAY_YEAR = re.compile(r"([a-z]{3,9})\.?\s*(\d{1,2}),?\s*(\d{4})\Z")


_YEAR_FIRST = re.compile(r"(\d{4})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})\Z")


def _iso_form(text: str) -> str:
    """`10 Nov 2026`, `November 10, 2026` or `2026/11/10` as 2026-11-10: unambiguous because the month is
    a word or the year comes first (`10/11/2026` is not, and gets no suggestion). Empty when the text is
    no such date."""
    lowered = text.lower()
    if year_first := _YEAR_FIRST.match(lowered):
        try:
            return date(*(int(part) for part in year_first.groups())).isoformat()
        except ValueError:
            return ""
    match = _DAY_MONTH_YEAR.match(lowered)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _MONTH_DAY_YEAR.match(lowered)):
        parts = (match.group(2), match.group(1), match.group(3))
    if parts is None or parts[1][:3] not in _MONTHS:
        return ""
    try:
        return date(int(parts[2]), _MONTHS.index(parts[1][:3]) + 1, int(parts[0])).isoformat()
    except ValueError:
        return ""


def parse_day(value: object) -> date:
    """A calendar date written YYYY-MM-DD; numbers are never read as timestamps. A date written
    in words gets its ISO form as the suggestion (shown only where the field is not personal)."""
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not _ISO_DATE.match(text):
        iso = _iso_form(text)
        raise BadValue(
            value,
            "is not a date written YYYY-MM-DD",
            DATE_EXAMPLE,
            f"write it {iso}" if iso else "",
            date.fromisoformat(iso) if iso else None,
        )
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadValue(value, "is not a real calendar date", DATE_EXAMPLE) from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise BadValue(value, f"is outside the years {YEARS[0]} to {YEARS[1]}")
    return day


_FISCAL_YEAR = re.compile(r"(?:(FY)\s*(?:[-']\s*)?)?(\d{4}|\d{2})\Z", re.IGNORECASE)  # one way to split the spaces


_SHORT_YEARS_BEFORE = 70
"""`FY28` is 2028; `FY99` could be 1999 or 2099, so two digits are read only below 70 (2000-2069)."""


def parse_fiscal_year(value: object) -> object:
    """A fiscal year as offices write it: `2028`, `FY2028`, `FY 2028` or `FY28` (all 2028)."""
    if not isinstance(value, str):
        return value
    match = _FISCAL_YEAR.match(value.strip())
    short = match is not None and len(match.group(2)) == 2
    if match is None or (short and (not match.group(1) or int(match.group(2)) >= _SHORT_YEARS_BEFORE)):
        raise BadValue(value, "is not a fiscal year", "write it 2028 or FY2028")
    digits = match.group(2)
    return 2000 + int(digits) if short else int(digits)


def _decimal(text: str) -> Decimal | None:
    """The finite number written, or None (`nan`, `inf` and words are no share)."""
    try:
        number = Decimal(text.strip())
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


_PERCENT_WORDS = re.compile(r"(?<!\s)\s*(?:per\s*cent|pct\.?)\Z", re.IGNORECASE)  # searched: a space run tried once


def parse_share(value: object) -> object:
    """A share from 0 to 1, also written as a percentage: `0.9`, `90%` and `90 %` are the same.
    `90 percent` or `90 pct` is said to be written `90%` (and `sco check --fix` writes it so)."""
    if isinstance(value, str) and (words := _PERCENT_WORDS.search(value.strip())):
        written = value.strip()[: words.start()]
        percent = _decimal(written)
        if percent is not None and 0 <= percent <= 100:
            shown = f"{written.strip()}%"
            raise BadValue(value, "is a percentage written in words", "write it 0.9 or 90%", f"write it {shown}", shown)
    if isinstance(value, str) and value.strip().endswith("%"):
        percent = _decimal(value.strip()[:-1])
        if percent is None:
            raise BadValue(value, "is not a percentage", "write it 0.9 or 90%")
        return percent / 100
    number: object = value
    if isinstance(value, str):
        number = _decimal(value)
        if number is None:
            raise BadValue(value, "is not a number", "write it 0.9 or 90%")
    if isinstance(number, (int, float, Decimal)) and not isinstance(number, bool) and number > 1:
        raise BadValue(value, "is more than 1", "write a share from 0 to 1 (0.9) or a percentage (90%)")
    return value


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


MONEY_PATTERN = (
    r"^\s*(USD\s*)?\$?\s*[0-9][0-9, ]*(\.[0-9]+)?\s*"
    r"([KkMmBb]|[Tt]housand|[Mm]illions?|[Bb]illions?|[Mm]il|[Mm]n|[Bb]n)?\s*(USD|dollars)?\s*$"
)
FISCAL_YEAR_PATTERN = r"^\s*([0-9]{4}|[Ff][Yy]\s*[-']?\s*([0-9]{4}|[0-6][0-9]))\s*$"
SHARE_PATTERN = r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$"
DATE_PATTERN = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"

# Each type says in JSON Schema exactly what the loader accepts, so an editor agrees with `sco check`.
Money = Annotated[
    int,
    BeforeValidator(parse_money),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": MONEY_PATTERN}]}),
]
Day = Annotated[date, BeforeValidator(parse_day), WithJsonSchema({"type": "string", "pattern": DATE_PATTERN})]
Flag = Annotated[bool, Strict()]
FiscalYear = Annotated[
    int,
    BeforeValidator(parse_fiscal_year),
    Field(ge=1900, le=9990),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": FISCAL_YEAR_PATTERN}]}),
]
"""A fiscal year, written 2028, FY2028 or FY28; also as the key of a mapping by year."""
Share = Annotated[
    float,
    BeforeValidator(parse_share),
    Field(ge=0, le=1),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "string", "pattern": SHARE_PATTERN}]}
    ),
]
"""A share from 0 to 1 (a probability), also written as a percentage: `90%` is 0.9."""
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
    as the loader does. The list is read only when a schema is exported. `values` is a named function,
    never a lambda: the compiled model is stored between runs (`core.model_cache`), and a lambda cannot be."""
    return partial(_offer_completions, values)


def _offer_completions(values: Callable[[], Iterable[str]], schema: dict[str, Any]) -> None:
    # New dicts and lists only: the items' schema can be one object shared by every list of texts in
    # the model, and changing it in place offered review tags on course titles and names.
    offered = {"type": "string", "enum": sorted(values())}
    if "items" in schema:  # a list of such values: each item
        items = schema["items"]
        schema["items"] = {**items, "anyOf": [offered, *items.get("anyOf", [{"type": "string"}])]}
    else:
        schema["anyOf"] = [offered, *schema.get("anyOf", [{"type": "string"}])]


class Imported(Model):
    """Where a record came from: written by `sco ... import` on every record it adds or changes, and read
    by the next import (docs/imports.md). Edit the record's fields, not this block."""

    source: Text = Field(description="The file name of the table the record was imported from.")
    at: Day = Field(description="The day of that import.")
    row: int | None = Field(default=None, ge=0, description="The table's line (CSV) or row (Excel) of the record.")
    fields: dict[str, Text] = Field(
        default_factory=dict,
        description="A fingerprint of each value the import wrote (not the value): a field whose value no longer "
        "matches was edited by hand, and the next import keeps it unless --force.",
    )
