"""Per-entry decisions of the forecast register: Javits-reportable (thresholds, any probability)
and included in the FMS forecast (FMS, highly probable, next two fiscal years). The reports read
these decisions; nothing decides them twice."""

from __future__ import annotations

from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.dates import fiscal_year
from sco_cli.core.items import indexed
from sco_cli.core.thresholds import Thresholds
from sco_cli.forecast.model import Entry, Forecast
from sco_cli.forecast.periods import default_forecast_fy
from sco_cli.lor.facts import javits_reasons


def forecast_reasons(entry: Entry, thresholds: Thresholds, first_fy: int) -> tuple[bool, str]:
    """Whether the entry belongs in the FMS forecast for FY `first_fy` and the next, and why not."""
    minimum = thresholds.number("forecast_probability_min")
    year = fiscal_year(entry.expected_date)
    if entry.channel != "fms":
        return False, f"channel {entry.channel.upper()}: the FMS forecast lists FMS sales only"
    if entry.probability < minimum:
        return False, f"probability {entry.probability:.0%} is below the highly probable {minimum:.0%}"
    if year not in (first_fy, first_fy + 1):
        return False, f"expected in FY{year}, outside FY{first_fy}-FY{first_fy + 1}"
    return True, f"FMS, probability {entry.probability:.0%}, FY{year}"


def facts(ctx: Context[Forecast]) -> dict[str, Any]:
    """Keyed by entry id; a repeated id (FCS001) keeps its first entry."""
    register = ctx.model
    first_fy = default_forecast_fy(ctx.as_of)
    entries: dict[str, dict[str, Any]] = {}
    for index, entry in indexed(register.entries):
        if entry.id in entries:
            continue
        javits = javits_reasons(entry.mde_usd, entry.other_usd, entry.design_construction_usd, ctx.thresholds)
        included, why = forecast_reasons(entry, ctx.thresholds, first_fy)
        entries[entry.id] = {
            "index": index,
            "line": ctx.loaded.position(("entries", index))[0],
            "lor_id": entry.lor_id,
            "mde_usd": entry.mde_usd,
            "other_usd": entry.other_usd,
            "design_construction_usd": entry.design_construction_usd,
            "javits_reportable": bool(javits),
            "javits_reasons": javits,
            "forecast_included": included,
            "forecast_reason": why,
            "fiscal_year": fiscal_year(entry.expected_date),
            "calendar_year": entry.expected_date.year,
        }
    return {
        "country": register.country,
        "forecast_fiscal_years": [first_fy, first_fy + 1],
        "entries": entries,
        "unread_entries": unread_entries(ctx),
    }


def unread_entries(ctx: Context[Forecast]) -> list[dict[str, Any]]:
    """The entries sco could not read (left out, or read without a value), each with the id and LOR id
    written on it when they are plain text: the cross-file rules know which LOR they may hold."""
    written = ctx.loaded.data.get("entries") if isinstance(ctx.loaded.data, dict) else None
    indices = sorted({path[1] for path in ctx.unreadable if len(path) > 1 and path[0] == "entries"}, key=str)
    out = []
    for index in indices:
        raw = written[index] if isinstance(written, list) and isinstance(index, int) and index < len(written) else None
        raw = raw if isinstance(raw, dict) else {}
        out.append(
            {
                "index": index,
                "line": ctx.loaded.position(("entries", index))[0],
                "id": _plain(raw.get("id")),
                "lor_id": _plain(raw.get("lor_id")),
            }
        )
    return out


def _plain(value: object) -> str | None:
    """An id as written, when it is one (text or a whole number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None
