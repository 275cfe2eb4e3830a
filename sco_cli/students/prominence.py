"""The positions-of-prominence report (SAMM C2.1.6.9.4.1; record fields of the 2012 ESAMM C10.21.1):
one entry per graduate with a `prominence:` record, newly prominent or changed since last reported;
those unchanged since their `reported:` date are listed apart. No personal data beyond the name."""

from __future__ import annotations

from datetime import date
from typing import Any

from sco_cli.core.csv_table import csv_text
from sco_cli.core.document import Document, DocumentMeta
from sco_cli.core.needs import Need, designation_gaps
from sco_cli.core.office import Office, marking_of, shown_path
from sco_cli.core.results import Report
from sco_cli.core.terminal import printable
from sco_cli.students.model import Course, Student

READS = ("kind", "name", "rank", "program", "courses", "prominence")
"""What the report takes from a student file: an unreadable passport or medical date leaves no entry out;
an unreadable `prominence:` record, or a file that does not load, does."""

COLUMNS = (
    "country",
    "name",
    "category",
    "grade",
    "us_equivalent_grade",
    "current_position",
    "how_obtained",
    "date",
    "positions_held",
    "academic_degree",
    "training",
    "entry",
)


def _years(course: Course) -> str:
    years = sorted({d.year for d in (course.start, course.end) if d is not None})
    return "-".join(str(y) for y in (years[0], years[-1])) if len(years) > 1 else "".join(map(str, years))


def _training(student: Student) -> list[dict[str, str]]:
    funding = (student.program or "").upper()
    return [
        {
            "course": course.title or course.masl or "",
            "place": course.location or "",
            "rank": student.rank or "",
            "years": _years(course),
            "funding": funding,
        }
        for course in student.courses
    ]


def entries(report: Report) -> dict[str, Any]:
    rows, excluded = [], []
    for result in report.loaded_of_kind("student"):
        if result.unread(READS):  # named by the report, never listed with a field missing
            continue
        student = result.model_as(Student)
        record = student.prominence
        if record is None:
            continue
        name = f"{student.name.surname.upper()}, {student.name.given}"
        if record.reported is not None and record.date is not None and record.reported >= record.date:
            excluded.append({"name": name, "why": f"unchanged since reported on {record.reported}"})
            continue
        rows.append(
            {
                "country": result.office.country if result.office else "",
                "name": name,
                "category": record.category or "",
                "grade": record.grade or "",
                "us_equivalent_grade": record.us_equivalent_grade or "",
                "current_position": record.current_position or "",
                "how_obtained": record.how_obtained or "",
                "date": record.date.isoformat() if record.date else "",
                "positions_held": list(record.positions_held),
                "academic_degree": record.academic_degree or "",
                "training": _training(student),
                "entry": "changed" if record.reported else "new",
                "source": result.path,
            }
        )
    rows.sort(key=lambda row: (row["country"], row["name"]))
    return {
        "report": "positions_of_prominence",
        "entries": rows,
        "excluded": excluded,
        "findings": [f.to_dict() for r in report.files for f in r.findings],
    }


def _training_text(row: dict[str, Any]) -> str:
    return "; ".join(
        f"{t['course']}, {t['place']}, as {t['rank']}, {t['years']}, {t['funding']}".replace(", ,", ",")
        for t in row["training"]
    )


def as_csv(payload: dict[str, Any]) -> str:
    rows = []
    for row in payload["entries"]:
        values = dict(row, positions_held="; ".join(row["positions_held"]), training=_training_text(row))
        rows.append([values[column] for column in COLUMNS])
    return csv_text(COLUMNS, rows)


def as_text(payload: dict[str, Any]) -> str:
    count = len(payload["entries"])
    lines = [f"Positions of prominence: {count} entr{'y' if count == 1 else 'ies'}"]
    if not count and not payload["excluded"]:
        lines.append(
            "  no student file read has a `prominence:` record (a graduate's position of prominence is recorded "
            "under `prominence:` in the student file; see `sco schema fields student`)"
        )
    for row in payload["entries"]:
        lines.append(
            f"  {row['name']} ({row['entry']}): {row['current_position']} since {row['date'] or '?'}, "
            f"by {row['how_obtained'] or '?'}; grade {row['grade'] or '?'} (US {row['us_equivalent_grade'] or '?'})"
        )
        if row["training"]:
            lines.append(f"      training: {_training_text(row)}")
    lines += [f"  not reported again: {row['name']}: {row['why']}" for row in payload["excluded"]]
    return "\n".join(printable(line) for line in lines) + "\n"


TEMPLATE = "prominence.md.j2"


def document_needs(office: Office | None) -> list[Need]:
    """What the positions-of-prominence report lacks before `sco training prominence` writes it as a
    document: the CUI designation lines sco.yaml lacks for it (the renderer finds the same gaps itself,
    after `--cui-category` and `--dissemination`). TRN004 reports them on each file it reports from."""
    return [
        Need("positions-of-prominence report", tuple(designation_gaps(office, TEMPLATE)), "sco training prominence")
    ]


def prominence_document(checked: Report, paths: list[str], day: date) -> Document:
    """The report (the command and `sco templates` share it)."""
    office = next((r.office for r in checked.of_kind("student") if r.office), None)
    sources = ", ".join(shown_path(path, office) for path in paths)
    meta = DocumentMeta("Positions of prominence", sources, day, marking_of(office))
    return Document(TEMPLATE, {"report": entries(checked)}, meta, office)
