"""The Javits report (calendar year, SAMM C2.1.3.5.1) and the FMS forecast (next two fiscal
years, highly probable, C2.1.3.5.2-3), both built from the same forecast register."""

from __future__ import annotations

from sco_cli import __version__
from sco_cli.lor.facts import javits_reasons
from sco_cli.sales.facts import forecast_reasons
from sco_cli.sales.periods import fiscal_year, fiscal_year_bounds

ENTRY_COLUMNS = ("id", "description", "channel", "mde_usd", "other_usd", "probability", "expected_date", "reasons")


def _registers(report):
    return [r for r in report.files if r.kind == "forecast" and r.model is not None]


def _entry(entry, reasons: list[str]) -> dict:
    return {"id": entry.id, "description": entry.description, "channel": entry.channel,
            "mde_usd": entry.mde_usd, "other_usd": entry.other_usd, "probability": entry.probability,
            "expected_date": entry.expected_date.isoformat(), "reasons": reasons}


def _findings(report) -> list[dict]:
    return [f.to_dict() for r in report.files for f in r.findings]


def _country(report) -> str | None:
    countries = sorted({r.model.country for r in _registers(report)})
    return ", ".join(countries) if countries else None


def javits(report, year: int) -> dict:
    """Every entry expected in `year` that meets a threshold, whatever its probability."""
    entries, excluded = [], []
    for result in _registers(report):
        for entry in result.model.entries:
            reasons = javits_reasons(entry.mde_usd, entry.other_usd, result.thresholds)
            if entry.expected_date.year != year:
                excluded.append({"id": entry.id, "why": f"expected {entry.expected_date}, outside CY{year}"})
            elif not reasons:
                excluded.append({"id": entry.id, "why": f"MDE ${entry.mde_usd:,} and other ${entry.other_usd:,} "
                                                        "are below both Javits thresholds"})
            else:
                entries.append(_entry(entry, reasons))
    return {"sco_version": __version__, "report": "javits", "year": year, "country": _country(report),
            "entries": entries, "excluded": excluded, "findings": _findings(report)}


def forecast(report, first_fy: int) -> dict:
    """FMS entries at or above the probability threshold expected in FY `first_fy` or the next."""
    entries, excluded = [], []
    years = {first_fy: [], first_fy + 1: []}
    for result in _registers(report):
        for entry in result.model.entries:
            included, why = forecast_reasons(entry, result.thresholds, first_fy)
            if included:
                row = _entry(entry, [why])
                row["fiscal_year"] = fiscal_year(entry.expected_date)
                entries.append(row)
                years[row["fiscal_year"]].append(row)
            else:
                excluded.append({"id": entry.id, "why": why})
    fiscal_years = []
    for year, rows in years.items():
        start, end = fiscal_year_bounds(year)
        mde = sum(r["mde_usd"] for r in rows)
        other = sum(r["other_usd"] for r in rows)
        fiscal_years.append({"fiscal_year": year, "start": start.isoformat(), "end": end.isoformat(),
                             "entries": [r["id"] for r in rows], "mde_usd": mde, "other_usd": other,
                             "total_usd": mde + other})
    return {"sco_version": __version__, "report": "forecast", "fiscal_years": fiscal_years,
            "country": _country(report), "entries": entries, "excluded": excluded, "findings": _findings(report)}


def as_csv(payload: dict) -> str:
    import csv
    import io

    columns = ENTRY_COLUMNS + (("fiscal_year",) if payload["report"] == "forecast" else ())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in payload["entries"]:
        writer.writerow(["; ".join(row[c]) if c == "reasons" else row[c] for c in columns])
    return buffer.getvalue()


def as_text(payload: dict) -> str:
    if payload["report"] == "javits":
        title = f"Javits report, calendar year {payload['year']} (SAMM C2.1.3.5.1)"
    else:
        years = " and ".join(f"FY{y['fiscal_year']}" for y in payload["fiscal_years"])
        title = f"FMS forecast, {years} (SAMM C2.1.3.5.2-3)"
    lines = [title + (f": {payload['country']}" if payload["country"] else ""), ""]
    header = f"{'ID':<10} {'Channel':<7} {'MDE':>15} {'Other':>15} {'Prob.':>6}  {'Expected':<10}  Why"
    lines += [header, "-" * len(header)]
    for row in payload["entries"]:
        lines.append(f"{row['id']:<10} {row['channel'].upper():<7} {row['mde_usd']:>15,} {row['other_usd']:>15,} "
                     f"{row['probability']:>6.0%}  {row['expected_date']:<10}  {'; '.join(row['reasons'])}")
    if not payload["entries"]:
        lines.append("(no entries)")
    for year in payload.get("fiscal_years", []):
        count = len(year["entries"])
        lines.append(f"FY{year['fiscal_year']} ({year['start']} to {year['end']}): {count} "
                     f"entr{'y' if count == 1 else 'ies'}, total ${year['total_usd']:,} "
                     f"(MDE ${year['mde_usd']:,}, other ${year['other_usd']:,})")
    if payload["excluded"]:
        lines += ["", "Not included:"]
        lines += [f"  {row['id']}: {row['why']}" for row in payload["excluded"]]
    for finding in payload["findings"]:
        lines.append(f"{finding['file']}:{finding['line']}:{finding['column']}: {finding['code']} {finding['message']}")
    return "\n".join(lines) + "\n"
