"""Field types shared by every model: money, ISO dates, true/false, identifiers.

Pydantic's lax mode would read `yes` as true, an integer as a Unix timestamp and `12.5M`
not at all; an SCO file needs the opposite on each count, so these types are strict where
Pydantic is lax and lenient where a spreadsheet user expects it (money written `$12,500,000`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Strict

_MONEY_SUFFIX = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
MONEY_HINT = "write whole US dollars: 12500000, 12.5M or $12,500,000"
FIRST_YEAR, LAST_YEAR = 1900, 2999
"""Dates outside these years are typing mistakes; refusing them keeps every due date computable."""


def parse_money(value: object) -> int:
    """Whole US dollars from `12500000`, `12.5M`, `$12,500,000` (all the same integer)."""
    if isinstance(value, bool):
        raise ValueError(f"a dollar amount is expected, not {str(value).lower()}")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "").lstrip("$").upper()
        factor = 1
        if text[-1:] in _MONEY_SUFFIX:
            factor = _MONEY_SUFFIX[text[-1]]
            text = text[:-1].lstrip("$")
        try:
            amount = Decimal(text) * factor
        except InvalidOperation:
            raise ValueError(f"'{value}' is not a dollar amount") from None
    else:
        raise ValueError("a dollar amount is expected")
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(f"'{value}' is not a whole number of dollars")
    if amount < 0:
        raise ValueError(f"'{value}' is negative")
    return int(amount)


def parse_day(value: object) -> date:
    """A calendar date written YYYY-MM-DD; numbers are never read as timestamps."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise ValueError(f"'{value}' is not a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # date arithmetic (due dates, retention) stays in range
        raise ValueError(f"'{value}' is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def parse_identifier(value: object) -> object:
    """Identifiers (passport numbers, references) may be written unquoted when they are whole numbers."""
    if isinstance(value, (bool, float)):
        raise ValueError(f"'{value}' should be text; put it in quotes")
    if isinstance(value, int):
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


Money = Annotated[int, BeforeValidator(parse_money)]
Day = Annotated[date, BeforeValidator(parse_day)]
Flag = Annotated[bool, Strict()]
Text = Annotated[str, BeforeValidator(parse_identifier)]
AnyCase = BeforeValidator(casefold)
"""Use as `Annotated[Literal["fmf", "imet"], AnyCase]`: values in lower case, any case accepted."""
Personal = PersonalData()
"""Use as `Annotated[Text, Personal]` or `Annotated[Day, Personal]`."""


class Model(BaseModel):
    """Base of every input model: unknown keys are findings, models build on first use."""

    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
