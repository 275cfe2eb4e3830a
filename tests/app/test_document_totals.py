"""Figures that add up (issue 22 point 4): every total a generated document prints is the sum of the
lines the document shows. Each template is rendered with each shipped example as Word, the document
is read back with python-docx, and every total is recomputed from what a reader sees:

- a table row labelled "Total": each of its amounts is the sum of that column's lines above it;
- a table whose last column is "Total": each row's total is the sum of its fiscal-year columns;
- "Total: $X (MDE $a, other $b, design and construction $c)": X = a + b + c, and each part is the sum
  of its column in the table before it;
- "Of the total, Major Defense Equipment: $Y": Y is the sum of the lines marked MDE;
- a row labelled "Program Totals" (the FMT report's): like "Total", the sum of the lines above it; and a
  table of programs (Program | Activities | Quantity | Total Cost) repeats each program table's count of
  lines and its totals, in order, before its own "Total" row sums them."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

AMOUNT = re.compile(r"\$?(-?[\d,]+(?:\.\d+)?)")


def amount(text: str) -> Decimal | None:
    """A printed amount (`1,940,000`, `$29,000,000`, `**0**`); None for text (`not priced`, `-`)."""
    match = AMOUNT.fullmatch(text.strip().strip("*"))
    return Decimal(match.group(1).replace(",", "")) if match else None


def column(rows: list[list[str]], name: str) -> int | None:
    return next((i for i, head in enumerate(rows[0]) if head.strip() == name), None)


def checked_totals(data: bytes) -> list[str]:
    """Every total in the document, checked; returns what was checked (a failure raises)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    checked: list[str] = []
    table: list[list[str]] = []
    programs: list[list[str]] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            table = [[cell.text for cell in row.cells] for row in Table(element, document).rows]
            checked += _table_totals(table)
            checked += _program_totals(table, programs)
        elif element.tag.endswith("}p"):
            text = Paragraph(element, document).text
            checked += _sentence_totals(text, table)
    return checked


def _table_totals(rows: list[list[str]]) -> list[str]:
    checked = []
    start = 1
    for index, row in enumerate(rows):
        if index and row[0].strip() in TOTAL_LABELS:
            for number, cell in enumerate(row[1:], start=1):
                total = amount(cell)
                if total is None:
                    continue
                lines = [amount(line[number]) or Decimal(0) for line in rows[start:index]]
                assert sum(lines) == total, (rows[0][number], [line[number] for line in rows[start:index]], cell)
                checked.append(f"{rows[0][number]} = {cell}")
            start = index + 1
    if rows and rows[0][-1].strip() == "Total":
        years = [i for i, head in enumerate(rows[0]) if re.fullmatch(r"(FY)?\d{4}", head.strip())]
        for row in rows[1:]:
            total = amount(row[-1])
            if total is not None and years:
                assert sum(amount(row[i]) or Decimal(0) for i in years) == total, row
                checked.append(f"{row[0]} {row[1]} = {row[-1]}")
    return checked


TOTAL_LABELS = ("Total", "Program Totals")


def _program_totals(rows: list[list[str]], programs: list[list[str]]) -> list[str]:
    """An FMT program table is remembered (its lines and totals); the table of programs must repeat them."""
    if rows and rows[-1][0].strip() == "Program Totals":
        programs.append([str(len(rows) - 2), rows[-1][-2], rows[-1][-1]])
        return []
    if not rows or [head.strip() for head in rows[0]] != ["Program", "Activities", "Quantity", "Total Cost"]:
        return []
    listed = [[cell.strip() for cell in row[1:]] for row in rows[1:] if row[0].strip() != "Total"]
    assert listed == programs, (listed, programs)
    return [f"programs table = {len(programs)} program tables"]


def _sentence_totals(text: str, table: list[list[str]]) -> list[str]:
    checked = []
    parts = re.match(
        r"Total: \$([\d,]+) \(MDE \$([\d,]+), other \$([\d,]+), design and construction \$([\d,]+)\)", text
    )
    if parts:
        total, *shares = (amount(value) or Decimal(0) for value in parts.groups())
        assert total == sum(shares), text
        for name, share in zip(("MDE ($)", "Other ($)", "D&C ($)"), shares, strict=True):
            index = column(table, name)
            assert index is not None, (name, table[0])
            assert sum(amount(row[index]) or Decimal(0) for row in table[1:]) == share, (name, text)
        checked.append(text)
    mde = re.match(r"Of the total, Major Defense Equipment: \$([\d,]+)", text)
    if mde:
        value, flag = column(table, "Value (USD)"), column(table, "MDE")
        assert value is not None and flag is not None
        lines = [amount(row[value]) or Decimal(0) for row in table[1:] if row[flag].strip() == "yes"]
        assert sum(lines) == amount(mde.group(1)), text
        checked.append(text)
    return checked


def _documents() -> list[str]:
    from sco_cli.app.templates import DOCUMENTS

    return list(DOCUMENTS)


WITH_TOTALS = {"cta.md.j2", "forecast.md.j2", "budget-justification.md.j2", "fmt.md.j2"}


@pytest.mark.parametrize("template", _documents())
def test_every_total_is_the_sum_of_its_lines(template):
    from sco_cli.app.templates import samples
    from sco_cli.core.render import render

    found = 0
    for sample in samples(template):
        data = render(template, sample.context, sample.meta, "docx", sample.office).data
        found += len(checked_totals(data))
    if template in WITH_TOTALS:
        assert found, "a document that prints totals had none checked: the parsing lost them"


def test_a_total_that_does_not_add_up_is_caught():
    rows = [["Item", "Value (USD)", "MDE"], ["Boat", "10", "yes"], ["Support: training", "5", "no"]]
    assert _table_totals([*rows, ["Total", "15", "-"]]) == ["Value (USD) = 15"]
    with pytest.raises(AssertionError):
        _table_totals([*rows, ["Total", "10", "-"]])  # the support line left out of the total
    program = [["Course Title", "Quantity", "Total Cost"], ["A", "2", "$10"], ["B", "1", "$5"]]
    assert _table_totals([*program, ["Program Totals", "3", "$15"]]) == ["Quantity = 3", "Total Cost = $15"]
    with pytest.raises(AssertionError):
        _table_totals([*program, ["Program Totals", "3", "$10"]])
    seen: list[list[str]] = []
    _program_totals([*program, ["Program Totals", "3", "$15"]], seen)
    head = ["Program", "Activities", "Quantity", "Total Cost"]
    summary = [head, ["FMF", "2", "3", "$15"], ["Total", "2", "3", "$15"]]
    assert _program_totals(summary, seen)
    with pytest.raises(AssertionError):
        _program_totals([summary[0], ["FMF", "2", "3", "$16"], ["Total", "2", "3", "$16"]], seen)
    with pytest.raises(AssertionError):
        _sentence_totals("Of the total, Major Defense Equipment: $15.", rows)
    with pytest.raises(AssertionError):
        _sentence_totals("Total: $16 (MDE $10, other $5, design and construction $0).", [["MDE ($)"]])
