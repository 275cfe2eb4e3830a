"""The calendar as text (a terminal highlights the next item and colours the overdue ones), as JSON
for scripts, and as iCalendar built with the `icalendar` library: one VEVENT per item, all-day,
with a UID stable across runs so importing it again updates the events instead of duplicating them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar
from icalendar import Event as VEvent

from sco_cli import __version__
from sco_cli.calendar.build import Item
from sco_cli.core.dates import fiscal_year_bounds
from sco_cli.core.terminal import printable, without_surrogates

STATUS_WIDTH = 9


def summary(items: list[Item]) -> dict[str, int]:
    return {
        "items": len(items),
        "overdue": sum(item.status == "overdue" for item in items),
        "done": sum(item.status == "done" for item in items),
    }


def as_json(items: list[Item], fiscal_year: int, country: str | None, not_loaded: list[str]) -> dict[str, Any]:
    """The calendar's keys of the JSON envelope (`sco_cli.app.output`)."""
    start, end = fiscal_year_bounds(fiscal_year)
    nxt = next((item.to_dict() for item in items if item.next), None)  # the item itself, not its UID
    return {
        "report": "calendar",
        "fiscal_year": fiscal_year,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "country": country,
        "items": [item.to_dict() for item in items],
        "next": nxt,
        "summary": summary(items),
        "not_loaded": not_loaded,
    }


def _where(item: Item) -> str:
    event = item.event
    return f"  ({event.source}:{event.line})" if event.source else ""


def _status_word(item: Item) -> str:
    return "NEXT" if item.next else item.status.upper() if item.status == "overdue" else item.status


def as_text(items: list[Item], fiscal_year: int, as_of: date) -> str:
    start, end = fiscal_year_bounds(fiscal_year)
    counts = summary(items)
    lines = [
        f"FY{fiscal_year} calendar ({start} to {end}), as of {as_of}: {counts['items']} items, "
        f"{counts['overdue']} overdue"
    ]
    for item in items:
        event = item.event
        span = f" to {event.end}" if event.end else ""
        lines.append(
            f"{event.day}  {_status_word(item):<{STATUS_WIDTH}}  {printable(event.title)}{span}  "
            f"[{event.reference}]{printable(_where(item))}"
        )
    return "\n".join(lines) + "\n"


def print_rich(items: list[Item], fiscal_year: int, as_of: date) -> None:
    """On a terminal: a table, overdue items in red, the next one highlighted."""
    from rich.console import Console  # noqa: PLC0415 - Rich only for a terminal
    from rich.markup import escape  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    start, end = fiscal_year_bounds(fiscal_year)
    counts = summary(items)
    table = Table(
        title=f"FY{fiscal_year} calendar ({start} to {end}), as of {as_of}: {counts['overdue']} overdue",
        show_lines=False,
    )
    for column in ("Date", "Status", "What", "Reference", "File"):
        table.add_column(column)
    styles = {"overdue": "bold red", "done": "dim", "past": "dim"}
    for item in items:
        event = item.event
        style = "bold reverse" if item.next else styles.get(item.status, "")
        where = f"{event.source}:{event.line}" if event.source else ""
        table.add_row(
            event.day.isoformat(),
            "▶ next" if item.next else item.status,
            escape(printable(event.title)),
            escape(event.reference),
            escape(printable(where)),
            style=style,
        )
    Console(force_terminal=True).print(table)  # called only when colour was chosen (--color, a terminal)


def as_ics(items: list[Item], fiscal_year: int, as_of: date, marking: str, country: str | None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//sco {__version__}//SCO calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{marking}: sco FY{fiscal_year}" + (f" {country}" if country else ""))
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)  # repeatable output
    for item in items:
        event = item.event
        if event.window and event.end:  # its first and last day, not months of all-day events
            days = [
                (event.day, event.day, "opens", ": window opens"),
                (event.end, event.end, "closes", ": window closes"),
            ]
        else:
            days = [(event.day, event.end or event.day, "", "")]
        where = f"\n{without_surrogates(event.source)}:{event.line}" if event.source else ""
        span = f"\nexpected {event.day} to {event.end}" if event.window and event.end else ""
        for first, last, part, label in days:
            vevent = VEvent()
            vevent.add("uid", item.uid.replace("@", f"-{part}@") if part else item.uid)
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", first)
            vevent.add("dtend", last + timedelta(days=1))
            vevent.add("summary", ("OVERDUE: " if item.status == "overdue" else "") + event.title + label)
            description = f"{marking}\n{event.reference}{where}{span}\nstatus as of {as_of}: {item.status}"
            vevent.add("description", description)
            if event.category:
                vevent.add("categories", [event.category])
            vevent.add("transp", "TRANSPARENT")
            calendar.add_component(vevent)
    data: bytes = calendar.to_ical()
    return data
