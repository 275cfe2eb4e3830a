"""The fiscal years a forecast covers (fiscal years themselves are `core.dates`)."""

from __future__ import annotations

from datetime import date

from sco_cli.core.dates import fiscal_year


def default_forecast_fy(as_of: date) -> int:
    """The upcoming fiscal year: the forecast covers it and the one after (C2.1.3.5.2-3)."""
    return fiscal_year(as_of) + 1


def default_javits_year(as_of: date) -> int:
    """The calendar year of the Javits report due next: the report is due on 1 February (AECA 25, 22 U.S.C.
    2765; SAMM C14.1.2) and covers a calendar year (C2.1.3.5.1), so until 1 February it is this year's,
    after it next year's. Which year a report covers is not in the stored texts beyond that: sco's choice,
    stated in `sco javits report --help`; `--year` says otherwise."""
    return as_of.year if (as_of.month, as_of.day) <= (2, 1) else as_of.year + 1
