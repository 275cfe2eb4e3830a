"""The fiscal years a forecast covers (fiscal years themselves are `core.dates`)."""

from __future__ import annotations

from datetime import date

from sco_cli.core.dates import fiscal_year


def default_forecast_fy(as_of: date) -> int:
    """The upcoming fiscal year: the forecast covers it and the one after (C2.1.3.5.2-3)."""
    return fiscal_year(as_of) + 1
