"""`sco brief`: the office on one page for the chief's Monday question, "what is due, who is blocked,
what is waiting". Everything comes from one run of the pipeline (the same results every other command
reads) and the calendar built from it; each line names the command that gives the detail. No personal
value appears: students are named by ITO number and their blockers by rule code and title."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sco_cli.core.document import Document
    from sco_cli.core.office import Office

HORIZON_DAYS = 30
"""How far ahead "due soon" looks: the next 30 days, as the issue asked (a view, not a SAMM threshold)."""


@dataclass
class Section:
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    """(what, the command that gives the detail)"""


def build(paths: list[str], day: date, config: str | None) -> tuple[list[Section], Office | None]:
    """The brief's sections, and the office it is for (its country, marking and letterhead)."""
    from sco_cli.calendar import build as calendar
    from sco_cli.core.dates import fiscal_year
    from sco_cli.core.pipeline import CheckOptions, check_paths
    from sco_cli.core.registry import RULES
    from sco_cli.core.thresholds import shipped
    from sco_cli.kinds import KINDS

    report = check_paths(paths, KINDS, CheckOptions(day, config, keep_models=True))
    where = " ".join(paths)
    office = next((r.office for r in report.files if r.office is not None), None)
    thresholds = next((r.thresholds for r in report.files if r.thresholds is not None), None) or shipped()
    sections: list[Section] = []

    students = Section("Students")
    results = report.of_kind("student")
    ready = [r for r in results if r.facts and r.facts.get("ito_ready")]
    students.lines.append((f"{len(ready)} of {len(results)} students ready for an ITO", f"sco student check {where}"))
    for result in results:
        facts = result.facts or {}
        if facts.get("ito_ready"):
            continue
        blockers = facts.get("ito_blockers") or ["the file does not load"]
        why = "; ".join(f"{code} {RULES[code].title}" if code in RULES else code for code in blockers)
        number = facts.get("ito_number") or result.path
        students.lines.append((f"ITO {number} blocked: {why}", f"sco student check {result.path}"))
    sections.append(students)

    items = []
    for year in (fiscal_year(day), fiscal_year(day + timedelta(days=HORIZON_DAYS))):
        items += [i for i in calendar.calendar(year, day, office, thresholds, report.files, KINDS) if i not in items]
    horizon = day + timedelta(days=HORIZON_DAYS)
    due = Section(f"Deadlines: overdue and the next {HORIZON_DAYS} days")
    seen: set[str] = set()
    for item in sorted(items, key=lambda i: i.event.day):
        if item.uid in seen or not (
            item.status == "overdue" or (item.status in ("upcoming", "today") and item.event.day <= horizon)
        ):
            continue
        seen.add(item.uid)
        label = "OVERDUE" if item.status == "overdue" else str(item.event.day)
        due.lines.append((f"{label}: {item.event.title}", f"sco calendar {where}"))
    budget = next(
        (i for i in sorted(items, key=lambda i: i.event.day) if i.event.category == "budget" and i.event.day >= day),
        None,
    )
    if budget is not None:
        due.lines.append(
            (f"next budget-cycle milestone {budget.event.day}: {budget.event.title}", f"sco calendar {where}")
        )
    sections.append(due)

    waiting = Section("LORs and cases waiting")
    for result in report.of_kind("lor"):
        errors = _errors(result)
        if errors:
            name = (result.facts or {}).get("id") or result.path
            waiting.lines.append((f"LOR {name}: {errors} error(s) before it can go", f"sco lor check {result.path}"))
    for result in report.of_kind("case"):
        facts = result.facts or {}
        if facts.get("status") in ("closed",):
            continue
        when = f" by {facts['next_date']}" if facts.get("next_date") else ""
        waiting.lines.append(
            (
                f"case {facts.get('id')} ({facts.get('status')}): {facts.get('waiting_for')}{when}",
                f"sco case status {where}",
            )
        )
    sections.append(waiting)

    eum = Section("End-use monitoring")
    for result in report.of_kind("eum"):
        facts = result.facts or {}
        window = facts.get("cav_window")
        if window:
            eum.lines.append((f"CAV expected {window[0]} to {window[1]}", f"sco eum check {result.path}"))
        if facts.get("inventories_overdue"):
            eum.lines.append(
                (f"{facts['inventories_overdue']} EEUM inventory(ies) overdue", f"sco eum check {result.path}")
            )
    sections.append(eum)

    sales = Section("Javits and forecast")
    for result in report.of_kind("forecast"):
        entries = list(((result.facts or {}).get("entries") or {}).values())
        javits = sum(bool(e.get("javits_reportable")) for e in entries)
        sales.lines.append(
            (f"forecast register: {len(entries)} entries, {javits} Javits-reportable", f"sco javits report {where}")
        )
        sales.lines.append((f"register findings: {_errors(result)} error(s)", f"sco forecast report {where}"))
    sections.append(sales)

    waivers = Section(f"Waivers expired or expiring within {HORIZON_DAYS} days")
    listed: set[tuple[str, int]] = set()
    for result in report.files:
        for placed in result.waivers:
            key = (placed.shown_file, placed.position[0])
            if key in listed or placed.waiver.expires > horizon:
                continue
            listed.add(key)
            state = "expired" if placed.waiver.expires < day else "expires"
            waivers.lines.append(
                (
                    f"{placed.waiver.rule} ({placed.shown_file}:{key[1]}) {state} {placed.waiver.expires}",
                    f"sco waivers list {where}",
                )
            )
    sections.append(waivers)
    return sections, office


def _errors(result: Any) -> int:
    from sco_cli.core.findings import Severity

    return sum(1 for f in result.findings if f.severity == Severity.ERROR and f.counts)


def as_text(sections: list[Section], country: str | None, day: date) -> str:
    lines = [f"Office brief{' for ' + country if country else ''}, as of {day}", ""]
    for section in sections:
        lines.append(section.title)
        for what, command in section.lines or [("nothing", "")]:
            lines.append(f"  - {what}" + (f"  (`{command}`)" if command else ""))
        lines.append("")
    from sco_cli.core.terminal import printable

    return "\n".join(printable(line) for line in lines).rstrip("\n") + "\n"


def as_dict(sections: list[Section], country: str | None) -> dict[str, Any]:
    """The brief as data: the JSON report's keys, and what the Word/Markdown document is rendered from."""
    return {
        "report": "brief",
        "country": country,
        "sections": [
            {"title": s.title, "lines": [{"text": what, "detail": command} for what, command in s.lines]}
            for s in sections
        ],
    }


def document(
    sections: list[Section], office: Office | None, day: date, paths: list[str], draft: bool = False
) -> Document:
    """The brief as a document (Markdown, Word, PDF) through the one document-writing flow: the office's
    marking, designation block and letterhead, as every document sco writes."""
    from sco_cli.core.document import Document, DocumentMeta
    from sco_cli.core.office import marking_of
    from sco_cli.office.documents import BRIEF_TEMPLATE

    country = office.country if office else None
    title = f"Office brief{' for ' + country if country else ''}, as of {day}"
    meta = DocumentMeta(
        title=title, source=" ".join(paths), generated=day, marking=marking_of(office), allow_draft=draft
    )
    return Document(BRIEF_TEMPLATE, {"brief": {**as_dict(sections, country), "as_of": day}}, meta, office)
