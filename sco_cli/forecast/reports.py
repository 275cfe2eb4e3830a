"""The Javits report (calendar year, SAMM C2.1.3.5.1) and the FMS forecast (next two fiscal
years, highly probable, C2.1.3.5.2-3), both built from the same forecast register."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sco_cli.core.csv_table import csv_text
from sco_cli.core.dates import fiscal_year, fiscal_year_bounds
from sco_cli.core.document import Document, DocumentMeta
from sco_cli.core.items import indexed
from sco_cli.core.needs import Need, designation_gaps
from sco_cli.core.office import Office, marking_of, shown_path
from sco_cli.core.results import Report
from sco_cli.core.terminal import printable
from sco_cli.core.thresholds import Thresholds, shipped
from sco_cli.forecast.facts import forecast_reasons
from sco_cli.forecast.model import Entry, Forecast

ENTRY_COLUMNS = (
    "id",
    "description",
    "channel",
    "quantity",
    "mde_usd",
    "other_usd",
    "design_construction_usd",
    "probability",
    "expected_date",
    "reasons",
)


READS = ("kind", "country", "entries")
"""What both reports take from a register: a value they do not read (`prepared:`) that cannot be read
leaves no entry out; an entry with a value that cannot be read is named, never listed with a default."""


def _entries(report: Report) -> Iterator[tuple[Entry, dict[str, Any] | None, Thresholds]]:
    """Each entry of each loaded register that was read whole, with its facts (None for a repeated id) and
    thresholds. An entry with a field dropped (its `mde_usd` read as 0) is left to the report's `unreadable`."""
    for result in report.loaded_of_kind("forecast"):
        decided = {facts["index"]: facts for facts in result.facts["entries"].values()}
        unread = {entry.index for entry in result.unread(READS)}
        assert result.thresholds is not None
        for index, entry in indexed(result.model_as(Forecast).entries):
            if ("entries", index) not in unread:
                yield entry, decided.get(index), result.thresholds


def _entry(entry: Entry, reasons: list[str]) -> dict[str, Any]:
    return {
        "id": entry.id,
        "description": entry.description,
        "channel": entry.channel,
        "quantity": entry.quantity,
        "mde_usd": entry.mde_usd,
        "other_usd": entry.other_usd,
        "design_construction_usd": entry.design_construction_usd,
        "probability": entry.probability,
        "expected_date": entry.expected_date.isoformat(),
        "reasons": reasons,
    }


def _findings(report: Report) -> list[dict[str, object]]:
    return [f.to_dict() for r in report.files for f in r.findings]


def _country(report: Report) -> str | None:
    countries = sorted({r.model_as(Forecast).country for r in report.loaded_of_kind("forecast")})
    return ", ".join(countries) if countries else None


def _thresholds(report: Report) -> Thresholds:
    """The thresholds of the first register's office: the values the report applied."""
    registers = report.loaded_of_kind("forecast")
    return registers[0].thresholds if registers and registers[0].thresholds else shipped()


REPEATED_ID = "the id is used by an earlier entry (FCS001): fix the register"


def javits(report: Report, year: int) -> dict[str, Any]:
    """Every entry expected in `year` that meets a threshold, whatever its probability."""
    entries, excluded = [], []
    for entry, decided, _ in _entries(report):
        if decided is None:
            excluded.append({"id": entry.id, "why": REPEATED_ID})
        elif entry.expected_date.year != year:
            excluded.append({"id": entry.id, "why": f"expected {entry.expected_date}, outside CY{year}"})
        elif not decided["javits_reportable"]:
            other = f"other ${entry.other_usd:,}"
            if entry.design_construction_usd:
                other += f" with design and construction ${entry.design_construction_usd:,}"
            excluded.append(
                {"id": entry.id, "why": f"MDE ${entry.mde_usd:,} and {other} are below both Javits thresholds"}
            )
        else:
            entries.append(_entry(entry, decided["javits_reasons"]))
    thresholds = _thresholds(report)
    return {
        "report": "javits",
        "year": year,
        "country": _country(report),
        "thresholds": {
            "mde_usd": thresholds.whole("javits_mde_usd"),
            "other_usd": thresholds.whole("javits_other_usd"),
        },
        "entries": entries,
        "excluded": excluded,
        "findings": _findings(report),
    }


def forecast(report: Report, first_fy: int) -> dict[str, Any]:
    """FMS entries at or above the probability threshold expected in FY `first_fy` or the next."""
    entries, excluded = [], []
    years: dict[int, list[dict[str, Any]]] = {first_fy: [], first_fy + 1: []}
    for entry, decided, thresholds in _entries(report):
        if decided is None:
            excluded.append({"id": entry.id, "why": REPEATED_ID})
            continue
        included, why = forecast_reasons(entry, thresholds, first_fy)  # --fy may differ from the facts' year
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
        sums = {key: sum(r[key] for r in rows) for key in ("mde_usd", "other_usd", "design_construction_usd")}
        fiscal_years.append(
            {
                "fiscal_year": year,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "entries": [r["id"] for r in rows],
                **sums,
                "total_usd": sum(sums.values()),
            }
        )
    return {
        "report": "forecast",
        "fiscal_years": fiscal_years,
        "country": _country(report),
        "probability_min": _thresholds(report).number("forecast_probability_min"),
        "entries": entries,
        "excluded": excluded,
        "findings": _findings(report),
    }


def as_csv(payload: dict[str, Any]) -> str:
    columns = ENTRY_COLUMNS + (("fiscal_year",) if payload["report"] == "forecast" else ())
    return csv_text(
        columns, (["; ".join(row[c]) if c == "reasons" else row[c] for c in columns] for row in payload["entries"])
    )


def as_text(payload: dict[str, Any]) -> str:
    if payload["report"] == "javits":
        limits = payload["thresholds"]
        title = f"Javits report, calendar year {payload['year']} (SAMM C2.1.3.5.1)"
        rule = (
            f"Listed: MDE of ${limits['mde_usd']:,} or more, or other equipment, support and services (design and "
            f"construction included) of ${limits['other_usd']:,} or more, whatever the probability."
        )
    else:
        years = " and ".join(f"FY{y['fiscal_year']}" for y in payload["fiscal_years"])
        title = f"FMS forecast, {years} (SAMM C2.1.3.5.2-3)"
        rule = f"Listed: FMS sales with a probability of {payload['probability_min']:.0%} or more; no dollar threshold."
    lines = [title + (f": {payload['country']}" if payload["country"] else ""), rule, ""]
    for row in payload["entries"]:
        quantity = f"quantity {row['quantity']}, " if row["quantity"] is not None else ""
        lines += [
            f"{row['id']}  {row['channel'].upper()}  {row['description']}",
            f"    {quantity}MDE ${row['mde_usd']:,}, other ${row['other_usd']:,}, design and construction "
            f"${row['design_construction_usd']:,}, probability {row['probability']:.0%}, "
            f"expected {row['expected_date']}",
            f"    why: {'; '.join(row['reasons'])}",
        ]
    if not payload["entries"]:
        lines.append("(no entries)")
    for year in payload.get("fiscal_years", []):
        count = len(year["entries"])
        lines.append(
            f"FY{year['fiscal_year']} ({year['start']} to {year['end']}): {count} "
            f"entr{'y' if count == 1 else 'ies'}, total ${year['total_usd']:,} (MDE ${year['mde_usd']:,}, "
            f"other ${year['other_usd']:,}, design and construction ${year['design_construction_usd']:,})"
        )
    if payload["excluded"]:
        lines += ["", "Not included:"]
        lines += [f"  {row['id']}: {row['why']}" for row in payload["excluded"]]
    for f in payload["findings"]:
        lines.append(f"{f['file']}:{f['line']}:{f['column']}: {f['severity']} {f['code']} {f['message']}")
    return "\n".join(printable(line) for line in lines) + "\n"


JAVITS_TEMPLATE, FORECAST_TEMPLATE = "javits.md.j2", "forecast.md.j2"


def document_needs(office: Office | None) -> list[Need]:
    """What the Javits report and the forecast lack before `sco javits report` and `sco forecast report`
    write them as documents: the CUI designation lines sco.yaml lacks for each (the renderer finds the
    same gaps itself, after `--cui-category` and `--dissemination`). FCS006 reports them on the register."""
    return [
        Need("Javits report", tuple(designation_gaps(office, JAVITS_TEMPLATE)), "sco javits report"),
        Need("FMS forecast", tuple(designation_gaps(office, FORECAST_TEMPLATE)), "sco forecast report"),
    ]


def report_document(
    payload: dict[str, Any], template: str, title: str, day: date, checked: Report, draft: bool
) -> Document:
    """The Javits or forecast document (used by the report commands and by `sco templates`)."""
    office = next((r.office for r in checked.of_kind("forecast")), None)
    sources = ", ".join(shown_path(r.path, r.office) for r in checked.of_kind("forecast"))
    meta = DocumentMeta(title=title, source=sources, generated=day, marking=marking_of(office), allow_draft=draft)
    return Document(template, {"report": payload}, meta, office)
