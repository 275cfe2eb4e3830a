"""Where `sco training import` puts a table's rows: the lines of one fiscal year of one country's
training plan (`years: FY: lines:`), merged by the one table importer (`core.table_import.ListStore`).

- The fiscal year is `--fy` when given. Without it, the rows' start dates decide when they all fall in
  one fiscal year (an FMT report's table is one year's); rows starting in several years are refused
  with one line naming them (which year each belongs to would be a guess), a row without a start is
  not imported.
- The table's `country` column (the FMT report's Country) is the plan's `country:`, not a line's. The
  published report is one table for every country: the rows of other countries are not imported, and
  one note counts them by country; a table with no row of the plan's country is refused (its `country:`
  or the table is wrong). A plan without a country (a new one included) takes the table's when the
  table names one; a table naming several is refused for it.
- A plan that does not exist yet is created valid: `kind: training_plan`, the country, and the fiscal
  year of the import's day as `current_fiscal_year` (the one `sco training plan check` expects), the
  year's lines after them.

A row whose dates are readable but wrong (a start in 2109, an end before the start) goes into the year
as written: `sco training plan check` (TPL013) and `sco training fmt` report it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sco_cli.core.dates import fiscal_year
from sco_cli.core.errors import UsageError
from sco_cli.core.office import Office
from sco_cli.core.table_import import (
    FieldPath,
    ListStore,
    MappedTable,
    Mapping,
    Row,
    field_path,
    header_key,
    record_match,
)
from sco_cli.core.yaml_edit import document_text
from sco_cli.training.model import report_title
from sco_cli.training.programs import fmt_programs, program_key

COUNTRY = "country"
"""The mapping field that names the plan's country rather than a line's."""


class PlanLines(ListStore):
    """The plan's lines as the FMT report lists them, which the table's rows are matched and compared with
    (`sco training fmt --format csv` imported back into its plan changes nothing): a line without a title
    is listed by its MASL (`model.report_title`), a program by the label the report's list spells it
    (`imet - 1` is `IMET-1`). A row naming a line that way is that line, and what the line already holds
    (its MASL, its program's spelling) is not written into it again."""

    def __init__(self, file: Path, list_path: FieldPath, mapping: Mapping, new_text: str, programs: dict[str, str]):
        self.programs = programs
        super().__init__(file, list_path, mapping, new_text)

    def as_read(self, item: dict[str, Any]) -> dict[str, Any]:
        return as_listed(item, self.programs)


def as_listed(item: dict[str, Any], programs: dict[str, str]) -> dict[str, Any]:
    """A line (as read from the file) with the course title and program the report prints for it;
    `programs`: `programs.fmt_programs`, key -> label."""
    listed = dict(item)
    title = report_title(item.get("title"), item.get("masl"))
    if title is not None:
        listed["title"] = title
    program = item.get("program")
    if isinstance(program, str):
        listed["program"] = programs.get(program_key(program), program)
    return listed


def plan_store(mapped: MappedTable, plan: Path, year: int | None, day: date, office: Office | None) -> ListStore:
    """The plan's lines of the import's fiscal year, as a store of records for `plan_import`; rows of
    another country are moved to `mapped.rejected` (by line). `office`: the plan's, whose `fmt_programs:`
    the report spells programs by."""
    countries = _take_countries(mapped)
    named = {header_key(country): country for country in countries.values()}
    year = year if year is not None else _year_of_rows(mapped, day)
    only = next(iter(named.values())) if len(named) == 1 else None
    new: dict[str, Any] = {"kind": "training_plan"}
    if only is not None:
        new["country"] = only
    new["current_fiscal_year"] = fiscal_year(day)
    programs = fmt_programs(office)
    store = PlanLines(plan, ("years", year, "lines"), mapped.mapping, document_text(new), programs)
    kind = str(store.data.get("kind") or "").strip()
    if kind.casefold() != "training_plan":  # lines added to a case file would make it no file sco reads
        what = f"a file of kind '{kind}'" if kind else "a file without `kind: training_plan`"
        raise UsageError(f"--into {plan}: {what}, not a training plan")
    _refuse_other_years(mapped, store, year, programs)
    if not countries:
        return store
    plan_country = store.data.get("country")
    if plan_country is None or str(plan_country).strip() == "":
        if only is None:
            listed = ", ".join(sorted(named.values()))
            raise UsageError(
                f"{mapped.name}: rows of {len(named)} countries ({listed}); {plan} names none: give the plan "
                "`country:` first, and the rows of that country are imported"
            )
        if "country" in store.data:  # `country:` written empty: given its value
            store.target_.editor().replace(("country",), only)
        elif store.target_.snapshot.exists:
            store.target_.editor().put((), "country", only)
        if store.target_.snapshot.exists:
            store.notes.append(f"{plan}: country set to '{only}' from the table")
        return store
    wanted = header_key(str(plan_country))
    others: dict[str, list[int]] = {}
    for row in mapped.rows:
        country = countries.get(id(row))
        if country is not None and header_key(country) != wanted:
            others.setdefault(named[header_key(country)], []).append(row.line)
    if not others:
        return store
    kept = [row for row in mapped.rows if id(row) not in countries or header_key(countries[id(row)]) == wanted]
    if not kept:
        listed = ", ".join(f"'{name}' ({len(lines)})" for name, lines in sorted(others.items()))
        raise UsageError(
            f"{mapped.name}: no row of '{plan_country}', the country of {plan}; the table's rows are of {listed}: "
            "correct the plan's `country:` or give the table of that country"
        )
    mapped.rows = kept
    count = sum(len(lines) for lines in others.values())
    listed = ", ".join(f"'{name}' ({len(lines)}, first line {lines[0]})" for name, lines in sorted(others.items())[:10])
    more = f" and {len(others) - 10} more" if len(others) > 10 else ""
    store.notes.append(
        f"{count} row(s) of other countries not imported ({plan} is the plan of '{plan_country}'): {listed}{more}"
    )
    return store


def _refuse_other_years(mapped: MappedTable, store: ListStore, year: int, programs: dict[str, str]) -> None:
    """A row whose activity is a line of another fiscal year of the plan is not imported: added to this
    year too, it would be reported in both (which year is right is for the office to say)."""
    years = store.data.get("years")
    if not isinstance(years, dict):
        return
    keys = [field_path(key) for key in mapped.mapping.keys]
    elsewhere: dict[str, str] = {}
    for other, body in years.items():
        lines = body.get("lines") if isinstance(body, dict) else None
        if str(other) == str(year) or not isinstance(lines, list):
            continue
        for index, item in enumerate(lines):
            match = record_match(as_listed(item, programs), keys) if isinstance(item, dict) else None
            if match is not None:
                elsewhere.setdefault(match, f"FY{other} line {index + 1}")
    if not elsewhere:
        return
    kept = []
    for row in mapped.rows:
        if row.match in elsewhere and not store.find(row.match):
            where = f"{elsewhere[row.match]} of {store.file}"
            why = f"{row.key} is {where}; in FY{year} too it would be reported twice (move or remove that line first)"
            mapped.rejected.append((row.line, why))
        else:
            kept.append(row)
    mapped.rows = kept


def _take_countries(mapped: MappedTable) -> dict[int, str]:
    """Each row's country (by the row's id), taken out of its values: a plan's line has none."""
    found: dict[int, str] = {}
    for row in mapped.rows:
        value = row.values.pop(COUNTRY, None)
        if value is not None:
            found[id(row)] = str(value)
    return found


def _year_of_rows(mapped: MappedTable, day: date) -> int:
    """The one fiscal year the rows start in (see the module's docstring); with no row to import, the
    year of `day` (nothing is placed in it)."""
    by_year: dict[int, list[Row]] = {}
    kept: list[Row] = []
    for row in mapped.rows:
        start = row.values.get("start")
        if not isinstance(start, date):
            mapped.rejected.append((row.line, "no start date to place it in a fiscal year: give --fy"))
            continue
        by_year.setdefault(fiscal_year(start), []).append(row)
        kept.append(row)
    mapped.rows = kept
    if len(by_year) > 1:
        listed = ", ".join(
            f"FY{year} ({len(rows)} row{'s, first' if len(rows) > 1 else ','} line {rows[0].line})"
            for year, rows in sorted(by_year.items())
        )
        raise UsageError(f"{mapped.name}: the rows start in {listed}: give --fy FY, the year they are reported in")
    return next(iter(by_year)) if by_year else fiscal_year(day)
