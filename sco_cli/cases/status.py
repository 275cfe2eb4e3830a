"""`sco case status`: one row per case file, sorted by the next date and what the case waits for."""

from __future__ import annotations

from typing import Any

from sco_cli.core.results import Report

COLUMNS = ("case", "status", "next_date", "waiting_for", "missing_documents", "file")


def status_rows(report: Report) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for result in report.files:
        if result.kind not in ("case", None):  # None: a file too broken to say its kind
            continue
        facts = result.facts
        if not facts:
            rows.append(
                {
                    "case": "",
                    "status": "unreadable",
                    "next_date": None,
                    "waiting_for": "fix the file: " + "; ".join(f.message for f in result.findings[:2]),
                    "missing_documents": [],
                    "file": result.path,
                }
            )
            continue
        rows.append(
            {
                "case": facts["id"],
                "status": facts["status"],
                "next_date": facts["next_date"],
                "waiting_for": facts["waiting_for"],
                "missing_documents": facts["missing_documents"],
                "file": result.path,
            }
        )
    return sorted(rows, key=lambda row: (row["next_date"] is None, row["next_date"] or "", row["case"]))


def status_line(row: dict[str, Any]) -> str:
    missing = f"; file lacks {', '.join(row['missing_documents'])}" if row["missing_documents"] else ""
    name = row["case"] or row["file"]
    return f"{name:<14} {row['status']:<15} {row['next_date'] or '-':<10}  {row['waiting_for']}{missing}\n"
