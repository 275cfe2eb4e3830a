"""An FMT export of a plan imported back into that plan changes nothing (issue 20 point 1, "imports
merge"; issue 23 point 5): `sco training fmt PLAN --fy FY --format csv` then `sco training import
EXPORT --into PLAN --fy FY` reports 0 added, 0 changed and leaves the plan byte for byte as it was, for
every line shape the model allows: with or without a title, MASL, program (in any spelling the report
recognises), units, quantity, cost (`390K` or `$1,234`), dates (outside the year and end before start
included) and status, on a plan written by hand (no `imported:`) or by an earlier import."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sco_cli.core.loader import parse_document as load_text
from sco_cli.core.yaml_edit import document_text, flow_text
from sco_cli.training.model import TrainingPlan
from tests.helpers import EXAMPLES

DAY = "2026-12-06"
COUNTRY = "Republic of Examplestan"
YEAR = 2027


def _round_trip(sco, folder: Path, plan: Path, year: int = YEAR, table_name: str = "fmt.csv") -> tuple[str, Any]:  # type: ignore[no-untyped-def]
    """Export the plan's year, import the export into the plan; the import's report and its JSON."""
    exported = sco("training", "fmt", plan, "--fy", year, "--format", "csv", "--as-of", DAY)
    assert exported.exit_code in (0, 1), exported.stderr
    table = folder / table_name
    table.write_text(exported.stdout)
    code, payload = sco.json("training", "import", table, "--into", plan, "--fy", year, "--as-of", DAY)
    return exported.stdout, (code, payload)


NO_KEY = "no 'Program', 'Course Title', 'Start Date' (the key): nothing to match the row to"
HIDDEN = "holds an invisible or control character"


def _assert_nothing_changed(
    before: bytes, plan: Path, code: int, payload: dict[str, Any], unkeyed: int = 0, hidden: int = 0
) -> None:
    """Nothing added, changed or kept, no file written, the plan byte for byte as it was. `unkeyed`: lines
    with neither program, title, MASL nor start, which nothing tells apart: their rows are named as not
    imported (adding them would double them; a row with no cell at all is a blank line); `hidden`: lines
    holding an invisible character (a zero-width space), which the table reader refuses in any cell
    (issue 20 point 7) though a plan may hold one: their rows are named too, and the plan is untouched."""
    assert payload["added"] == [] and payload["changed"] == [], payload
    assert payload["kept"] == [] and payload["gone"] == [], payload
    reasons = [row["why"] for row in payload["not_imported"]]
    assert len([why for why in reasons if why == NO_KEY]) <= unkeyed, payload
    assert len([why for why in reasons if why != NO_KEY and HIDDEN in why]) <= hidden, payload
    assert all(why == NO_KEY or HIDDEN in why for why in reasons), payload
    assert payload["files"] == [] and code == (1 if reasons else 0), payload
    assert plan.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# The defect as reported: a line with a MASL and no title


def test_a_line_with_a_masl_and_no_title_comes_back_as_itself_not_a_second_line(sco, tmp_path):
    """The report prints such a line's MASL as its course title (the report has no MASL column): the
    import matched rows by program, title and start, found no line titled `P171004`, and added one."""
    plan = tmp_path / "plan.yaml"
    text = (EXAMPLES / "training-plan.yaml").read_text()
    text = text.replace("        title: Naval Command College\n", "", 1)
    plan.write_text(text)
    before = plan.read_bytes()
    exported, (code, payload) = _round_trip(sco, tmp_path, plan)
    assert "IMET-1" in exported and ",P171004," in exported  # the MASL stands as the title
    _assert_nothing_changed(before, plan, code, payload)
    assert payload["unchanged"] == len(list(csv.reader(io.StringIO(exported)))) - 1


def test_the_same_export_saved_as_a_workbook_comes_back_as_itself_too(sco, tmp_path):
    """The export opened in Excel and saved as .xlsx: dates, quantities and costs become typed cells."""
    from datetime import datetime

    from openpyxl import Workbook

    plan = tmp_path / "plan.yaml"
    plan.write_text((EXAMPLES / "training-plan.yaml").read_text().replace("        title: Naval Command College\n", ""))
    before = plan.read_bytes()
    exported = sco("training", "fmt", plan, "--fy", YEAR, "--format", "csv", "--as-of", DAY).stdout
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    rows = list(csv.reader(io.StringIO(exported)))
    sheet.append(rows[0])
    for row in rows[1:]:
        typed: list[Any] = list(row)
        for index in (5, 6):
            if row[index]:
                typed[index] = datetime.strptime(row[index], "%m/%d/%Y")
        typed[8] = int(row[8]) if row[8] else None
        typed[9] = int(row[9].strip("$").replace(",", "")) if row[9] else None
        sheet.append(typed)
    book.save(tmp_path / "fmt.xlsx")
    code, payload = sco.json("training", "import", tmp_path / "fmt.xlsx", "--into", plan, "--fy", YEAR, "--as-of", DAY)
    _assert_nothing_changed(before, plan, code, payload)
    assert payload["unchanged"] == len(rows) - 1


def test_the_examples_plan_takes_its_own_export_back_unchanged_every_year(sco, tmp_path):
    """A plan written by hand: the lines the table agrees with are not stamped `imported:` (the table
    brought nothing to them; their values stay the office's, protected from a later table as hand edits)."""
    plan = tmp_path / "training-plan.yaml"
    shutil.copy(EXAMPLES / "training-plan.yaml", plan)
    before = plan.read_bytes()
    for year in (2026, 2027, 2028, 2029):
        _, (code, payload) = _round_trip(sco, tmp_path, plan, year)
        _assert_nothing_changed(before, plan, code, payload)


def test_a_line_the_table_fills_is_stamped_and_its_hand_values_stay_the_offices(sco, tmp_path):
    """Only a line the import writes to carries `imported:`; its fingerprints cover what the table
    wrote and what it agreed with, so the next import of the same table is again a no-op."""
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "training-plan.yaml", plan)
    exported = sco("training", "fmt", plan, "--fy", YEAR, "--format", "csv", "--as-of", DAY).stdout
    rows = list(csv.reader(io.StringIO(exported)))
    for row in rows[1:]:
        if row[2] == "Naval Command College":
            row[3] = "Naval War College"  # the table knows the U.S. unit the plan lacks
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    table = tmp_path / "fmt.csv"
    table.write_text(buffer.getvalue())
    code, payload = sco.json("training", "import", table, "--into", plan, "--fy", YEAR, "--as-of", DAY)
    assert code == 0 and len(payload["changed"]) == 1 and payload["changed"][0]["new_fields"] == ["us_unit"]
    assert plan.read_text().count("imported:") == 1
    after = plan.read_bytes()
    code, payload = sco.json("training", "import", table, "--into", plan, "--fy", YEAR, "--as-of", "2026-12-08")
    _assert_nothing_changed(after, plan, code, payload)


# ---------------------------------------------------------------------------------------------
# The property: any plan sco reads, its export imported back into it


_WORDS = st.sampled_from(
    [
        "Staff",
        "Course",
        "Naval",
        "War",
        "College",
        "de",
        "l'Armée",
        "\uff30\uff41\uff54\uff52\uff4f\uff4c",  # fullwidth "Patrol"
        "=SUM(A1)",
        "-X",
        "+1",
        "@x",
        "two\nlines",
        "\ttab",
        "zero\u200bwidth",
        "  spaced  ",
    ]
)
_TEXT = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=4).map(" ".join),
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=12),
)
_PROGRAMS = st.sampled_from(["IMET-1", "imet-1", "Imet - 1", "FMF", "fmf", "Section 333", "Section  333", "Local Fund"])
_MASL = st.from_regex(r"[A-Z][0-9]{6}", fullmatch=True)
_COST = st.one_of(st.integers(0, 50_000_000), st.sampled_from(["390K", "$1,234", "1.5M", "0"]))
_STATUS = st.sampled_from(["planned", "requested", "confirmed", "changed", "completed", "cancelled", "Completed"])


@st.composite
def _line(draw: st.DrawFn) -> dict[str, Any]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "masl": _MASL,
        "title": _TEXT,
        "funding": st.sampled_from(["imet", "FMS", "fmf"]),
        "program": _PROGRAMS,
        "us_unit": _TEXT,
        "student_unit": _TEXT,
        "location": _TEXT,
        "students": st.integers(0, 100_000),
        "cost_usd": _COST,
        "start": st.dates(date(2025, 6, 1), date(2028, 3, 1)),
        "status": _STATUS,
        "mtt": st.booleans(),
    }
    line: dict[str, Any] = {}
    for name, strategy in optional.items():
        if draw(st.booleans()):
            line[name] = draw(strategy)
    if "start" in line and draw(st.booleans()):
        line["end"] = line["start"] + timedelta(days=draw(st.integers(-30, 400)))  # before the start included
    return line


def _key(line: dict[str, Any]) -> tuple[str, str, str]:
    """Roughly how the import tells two lines apart (program as the report spells it, the course title
    the report prints, the start): the plans generated have one line per activity."""
    program = " ".join(str(line.get("program", "")).replace(" - ", "-").split()).casefold()
    title = str(line.get("title") or line.get("masl") or "").casefold()
    return program, " ".join(title.split()), str(line.get("start", ""))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(_line(), max_size=8, unique_by=_key),
    other=st.lists(_line(), max_size=2),
    country=st.booleans(),
)
def test_any_plan_takes_its_own_fmt_export_back_byte_for_byte(sco, lines, other, country):
    plan_data: dict[str, Any] = {"kind": "training_plan"}
    if country:
        plan_data["country"] = COUNTRY
    plan_data["current_fiscal_year"] = YEAR
    years: dict[int, Any] = {YEAR: {"lines": lines}}
    other = [line for line in other if _key(line) not in {_key(mine) for mine in lines}]
    if other:
        years[YEAR + 1] = {"lines": other}
    plan_data["years"] = years
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_text(document_text(plan_data))
        before = plan.read_bytes()
        TrainingPlan.model_validate(load_text(before.decode(), str(plan)).data)  # a plan sco reads
        _, (code, result) = _round_trip(sco, Path(folder), plan)
        exported = [line for line in lines if str(line.get("status", "")).casefold() != "cancelled"]
        unkeyed = sum(
            1 for line in exported if not any(line.get(name) for name in ("program", "title", "masl", "start"))
        )
        hidden = sum(1 for line in exported if any("\u200b" in str(value) for value in line.values()))
        _assert_nothing_changed(before, plan, code, result, unkeyed, hidden)


# ---------------------------------------------------------------------------------------------
# The country: the plan's, and one finding when sco.yaml names another


def test_a_plan_of_another_country_than_sco_yaml_is_reported_as_the_plans_with_one_finding(sco, tmp_path):
    """The report joined the two names ('Republic of Examplestan, Republic of Otherland': a country that
    is neither), and its export then could not be imported back into the plan (no row of its country)."""
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    plan = tmp_path / "training-plan.yaml"
    plan.write_text((EXAMPLES / "training-plan.yaml").read_text().replace(f"country: {COUNTRY}", "country: Otherland"))
    before = plan.read_bytes()

    _, report = sco.json("training", "fmt", plan, "--fy", YEAR, "--as-of", DAY)
    assert report["country"] == "Otherland"
    assert [f["code"] for f in report["findings"]].count("TPL016") == 1
    _, checked = sco.json("check", tmp_path, "--as-of", DAY)
    found = [f for file in checked["files"] for f in file["findings"] if f["code"] == "TPL016"]
    assert len(found) == 1 and found[0]["line"] == 8 and found[0]["severity"] == "warning"
    assert "'Otherland'" in found[0]["message"] and f"'{COUNTRY}'" in found[0]["message"]

    exported, (code, payload) = _round_trip(sco, tmp_path, plan)
    assert {row[0] for row in list(csv.reader(io.StringIO(exported)))[1:]} == {"Otherland"}
    _assert_nothing_changed(before, plan, code, payload)


def test_without_a_plan_country_the_report_is_the_offices_and_nothing_is_found(sco, tmp_path):
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    plan = tmp_path / "training-plan.yaml"
    plan.write_text((EXAMPLES / "training-plan.yaml").read_text().replace(f"country: {COUNTRY}\n", ""))
    _, report = sco.json("training", "fmt", plan, "--fy", YEAR, "--as-of", DAY)
    assert report["country"] == COUNTRY and "TPL016" not in [f["code"] for f in report["findings"]]


# ---------------------------------------------------------------------------------------------
# A plan written in flow style takes imported lines, touching only the line it adds to

FLOW_PLANS = {
    "one line": "    lines: [{masl: P1, title: A, program: FMF, start: 2027-02-01}, {masl: B1, title: 'B, course'}]\n",
    "over several lines, a comment and a trailing comma": (
        "    lines: [\n"
        "      {masl: P1, title: A, program: FMF, start: 2027-02-01},  # the first\n"
        "      {masl: B1, title: 'B, course',\n"
        "       start: 2027-02-03,  # hand-typed\n"
        "      },\n"
        "    ]\n"
    ),
    "empty": "    lines: [ ]\n",
    "block, of flow mappings ending in a comma": (
        "    lines:\n"
        "      - {masl: P1, title: A, program: FMF, start: 2027-02-01, }\n"
        "      - {masl: B1, title: 'B, course'}\n"
    ),
}
NEW_ROWS = (
    "Country,Program,Course Title,US Unit,Student Unit,Start Date,End Date,Location,Quantity,Total Cost\n"
    f'{COUNTRY},IMET-1,New Course,NWC,"Staff, Navy",3/1/2027,3/2/2027,Newport,2,"$1,000"\n'
    f"{COUNTRY},FMF,A,AETC,Air Wing,2/1/2027,2/9/2027,Texas,1,$10\n"
)


def test_a_flow_style_list_takes_new_lines_and_keeps_every_byte_it_held(sco, tmp_path):
    """Over several lines, a flow list ending in a comma (`},` then `]`) was given `, {...}` before its
    `]`: `,,` is no YAML, and the import was refused (exit 2) with the parser's message. The new lines
    now follow the last item, so the file is the old text with one insertion (and the line that the
    matched line `A` is filled on)."""
    table = tmp_path / "new.csv"
    table.write_text(NEW_ROWS)
    head = f"kind: training_plan\ncountry: {COUNTRY}\ncurrent_fiscal_year: 2027\nyears:\n  2027:\n"
    for name, lines in FLOW_PLANS.items():
        plan = tmp_path / "plan.yaml"
        plan.write_text(head + lines)
        code, payload = sco.json("training", "import", table, "--into", plan, "--fy", YEAR, "--as-of", DAY)
        assert code == 0, (name, payload)
        assert len(payload["added"]) == (2 if name == "empty" else 1), name
        after = plan.read_text()
        loaded = load_text(after, str(plan))
        assert loaded.ok, name
        titles = [line.get("title") for line in _year_lines(loaded.data)]
        assert "New Course" in titles and "A" in titles, name
        if name != "empty":
            assert titles[:2] == ["A", "B, course"], name
            # every line but the one of `A` (filled) and the one the last item ends on (added to), byte for byte
            untouched = [line for line in lines.splitlines() if "title: A" not in line and line.strip() != "},"]
            assert all(line in after.splitlines() for line in untouched), name
            code, payload = sco.json("training", "import", table, "--into", plan, "--fy", YEAR, "--as-of", DAY)
            assert code == 0 and payload["added"] == [] and payload["changed"] == [] and plan.read_text() == after


def _year_lines(data: dict[str, Any]) -> list[dict[str, Any]]:
    years = data["years"]
    lines: list[dict[str, Any]] = years.get(YEAR, years.get(str(YEAR)))["lines"]
    return lines


def _same_around_one_insertion(old: str, new: str) -> bool:
    """`new` is `old` with one piece of text inserted somewhere: nothing of it rewritten."""
    prefix = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    return len(new) >= len(old) and new.endswith(old[prefix:]) and new.startswith(old[:prefix])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_line(), min_size=1, max_size=5, unique_by=_key), multiline=st.booleans(), comma=st.booleans())
def test_new_lines_go_into_a_flow_list_as_one_insertion(sco, lines, multiline, comma):
    """Any plan whose year lists its lines in flow style: an import adding lines (none matching) leaves
    the old text whole around one insertion, and the result is a plan sco reads with every old line."""
    lines = [
        line for line in lines if _key(line) not in {("fmf", "a", "2027-02-01"), ("imet-1", "new course", "2027-03-01")}
    ]
    items = [flow_text(line) for line in lines]
    if multiline:
        body = "[\n" + ",\n".join(f"      {item}" for item in items) + (",\n" if comma else "\n") + "    ]"
    else:
        body = "[" + ", ".join(items) + (", ]" if comma and items else "]")
    text = f"kind: training_plan\ncountry: {COUNTRY}\ncurrent_fiscal_year: 2027\nyears:\n  2027:\n    lines: {body}\n"
    with tempfile.TemporaryDirectory() as folder:
        plan, table = Path(folder) / "plan.yaml", Path(folder) / "new.csv"
        plan.write_text(text)
        table.write_text(NEW_ROWS)
        code, payload = sco.json("training", "import", table, "--into", plan, "--fy", YEAR, "--as-of", DAY)
        assert code == 0 and len(payload["added"]) == 2 and payload["changed"] == [], payload
        after = plan.read_text()
        assert _same_around_one_insertion(text, after), after
        loaded = load_text(after, str(plan))
        assert loaded.ok
        held = _year_lines(loaded.data)
        assert len(held) == len(lines) + 2
        TrainingPlan.model_validate(loaded.data)
