"""`sco training import TABLE --into PLAN.yaml [--fy FY]` (issue 23 points 2, 3 and 5): a table of
training activities in the FMT report's own columns merged into a plan's lines of one fiscal year by the
one table importer, on tables built here as messy as exports are; and the round trip with
`sco training fmt --format csv`.

"The same table" in the round trip means: the same header, and the same rows with the same cells as
`sco training fmt` writes them (program as the report's list spells it, m/d/yyyy dates, `$#,##0` costs,
whole-number quantities), in the report's order (by program, then start date, then course title). A
table already written that way (an export of `sco training fmt`) comes back byte for byte; a messy
table comes back as the same set of rows once each cell is read. Totals rows are not activities: the
import skips and names them, and the export writes none."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLES

DAY = "2026-12-06"
HEADER = "Country,Program,Course Title,US Unit,Student Unit,Start Date,End Date,Location,Quantity,Total Cost"
COUNTRY = "Republic of Examplestan"


def _office(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    return tmp_path


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _fmt_csv(sco, plan: Path, year: int) -> str:  # type: ignore[no-untyped-def]
    result = sco("training", "fmt", plan, "--fy", year, "--format", "csv", "--as-of", DAY)
    assert result.exit_code in (0, 1), result.stderr
    return str(result.stdout)


def _check(sco, plan: Path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    _, payload = sco.json("training", "plan", "check", plan, "--as-of", DAY)
    return [f for file in payload["files"] for f in file["findings"]]


# ---------------------------------------------------------------------------------------------
# The round trip (point 5)


def test_an_fmt_export_imported_into_a_new_plan_is_exported_back_byte_for_byte(sco, tmp_path):
    office = _office(tmp_path)
    shutil.copy(EXAMPLES / "training-plan.yaml", office / "source-plan.yaml")
    exported = _fmt_csv(sco, office / "source-plan.yaml", 2026)
    assert len(_rows(exported)) == 3  # the example's two completed FY2026 lines
    table = _write(office / "fmt.csv", exported)

    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "2 added, 0 changed, 0 unchanged; wrote 1 file(s)" in result.stdout
    text = plan.read_text()
    assert text.startswith(f"kind: training_plan\ncountry: {COUNTRY}\ncurrent_fiscal_year: 2027\nyears:\n  2026:\n")
    assert not [f for f in _check(sco, plan) if f["severity"] == "error"]  # a valid plan (warnings: no MASL)

    assert _fmt_csv(sco, plan, 2026) == exported
    again = sco("training", "import", table, "--into", plan, "--as-of", "2026-12-07")
    assert "0 added, 0 changed, 2 unchanged; wrote 0 file(s)" in again.stdout
    assert plan.read_text() == text


def test_the_examples_fmt_export_comes_back_whole_lines_without_a_program_included(sco, tmp_path):
    """The report lists students' courses that name no program (the check flags them); a key of several
    fields may lack some, so those rows are imported as written and the export gives the table back."""
    office = _office(tmp_path)
    exported = _fmt_csv(sco, EXAMPLES, 2027)
    rows = _rows(exported)
    assert any(row[1] == "" for row in rows[1:]) and any(row[1] for row in rows[1:])
    table = _write(office / "fmt.csv", exported)
    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--fy", 2027, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert f"{len(rows) - 1} added" in result.stdout
    assert _fmt_csv(sco, plan, 2027) == exported
    again = sco("training", "import", table, "--into", plan, "--fy", 2027, "--as-of", DAY)
    assert f"0 added, 0 changed, {len(rows) - 1} unchanged" in again.stdout


def test_a_table_of_which_no_row_is_read_creates_no_plan(sco, tmp_path):
    """A new register is created for the rows it receives: a table none of whose rows could be read leaves
    no empty plan behind (it said "wrote 1 file(s)" with nothing added)."""
    office = _office(tmp_path)
    table = _write(office / "t.csv", HEADER + f"\n{COUNTRY},IMET-1,Course A,NWC,Unit,1/2/2027,6/1/2027,Texas,-3,$5\n")
    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--fy", 2027, "--as-of", DAY)
    assert result.exit_code == 1
    assert "0 added, 0 changed, 0 unchanged, 1 row(s) not imported; wrote 0 file(s)" in result.stdout
    assert not plan.exists()


MESSY = (
    "\ufeff" + HEADER + ",Remarks\n"
    f'{COUNTRY},imet-1,"International Maritime\nStaff Officer Course",Naval War College,"Naval Staff, Navy",'
    '01/19/2027,6/11/2027,"Newport, Rhode Island",2,"$4,634,880",first\n'
    ",,,,,,,,,,\n"
    f'{COUNTRY},FMF,Basic Officer Course,Army Infantry School,1st Brigade,2/1/2027,5/28/2027,"Fort Moore, GA",'
    '"1,204","$12,000",\n' + HEADER + ",Remarks\n"  # a second export glued on
    f"{COUNTRY},Section 333,Maintenance MTT,Army Security Assistance Training Management Organization,"
    "Logistics Battalion,3/2/2027,3/27/2027,Examplestan,15,310000,\n"
)


def test_a_messy_table_comes_back_as_the_same_rows(sco, tmp_path):
    """BOM, a quoted line end in a title, `$` and thousands commas, m/d/yyyy with and without zeros, a
    blank row, a repeated header, a column the mapping does not name: the rows the export gives back
    are the table's, each cell read the way the import reads it."""
    office = _office(tmp_path)
    table = _write(office / "messy.csv", MESSY)
    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 1, result.stderr  # the glued header is a row not imported
    assert "3 added" in result.stdout
    assert "column(s) not used: 'Remarks'" in result.stderr
    assert "1 blank line(s) skipped: 4" in result.stderr  # the title's line end makes row 2 two lines
    assert f"{table}:6: not imported: the header repeated" in result.stderr
    assert "add imet-1 / International Maritime\\nStaff Officer Course / 2027-01-19" in result.stdout

    back = _rows(_fmt_csv(sco, plan, 2027))
    assert back[0] == HEADER.split(",")
    expected = _rows(
        f'{COUNTRY},IMET-1,"International Maritime\nStaff Officer Course",Naval War College,"Naval Staff, Navy",'
        '1/19/2027,6/11/2027,"Newport, Rhode Island",2,"$4,634,880"\n'
        f'{COUNTRY},FMF,Basic Officer Course,Army Infantry School,1st Brigade,2/1/2027,5/28/2027,"Fort Moore, GA",'
        '1204,"$12,000"\n'
        f"{COUNTRY},Section 333,Maintenance MTT,Army Security Assistance Training Management Organization,"
        'Logistics Battalion,3/2/2027,3/27/2027,Examplestan,15,"$310,000"\n'
    )
    assert back[1:] == expected  # the report's order: IMET-1, FMF, Section 333 (the shipped list's)


def test_totals_rows_are_skipped_and_named_and_the_export_adds_none(sco, tmp_path):
    office = _office(tmp_path)
    table = _write(
        office / "report.csv",
        HEADER + "\n"
        f"{COUNTRY},IMET-1,Naval Staff College,Naval War College,Naval Staff,10/14/2025,6/12/2026,Newport,1,"
        '"$110,000"\n'
        f',IMET-1,Program Totals,,,,,,1,"$110,000"\n'
        f'{COUNTRY},FMF,Basic Officer Course,Infantry School,1st Brigade,2/1/2026,5/28/2026,Fort Moore,3,"$9,000"\n'
        ',,Program Totals,,,,,,3,"$9,000"\n'
        'Country Totals,,,,,,,,4,"$119,000"\n',
    )
    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "3 totals row(s) skipped (sums, not records): 3, 5, 6" in result.stderr
    assert "2 added" in result.stdout
    rows = _rows(_fmt_csv(sco, plan, 2026))
    assert len(rows) == 3 and not any("Totals" in cell for row in rows[1:] for cell in row)


# ---------------------------------------------------------------------------------------------
# Never guessed, never dropped


def test_unreadable_rows_are_named_by_line_and_duplicates_reported(sco, tmp_path):
    office = _office(tmp_path)
    good = f"{COUNTRY},IMET-1,Naval Staff College,Naval War College,Naval Staff,10/14/2025,6/12/2026,Newport,1,"
    table = _write(
        office / "t.csv",
        HEADER
        + "\n"
        + good
        + '"$110,000"\n'
        + f"{COUNTRY},IMET-1,Staff Course,NWC,Staff,13/45/2026,6/12/2026,Newport,1,$5\n"  # line 3: no such date
        + f"{COUNTRY},IMET-1,Staff Course,NWC,Staff,10/14/2025,6/12/2026,Newport,1,about 5 million\n"  # line 4
        + f"{COUNTRY},IMET-1,Staff Course,NWC,Staff,10/14/25,6/12/2026,Newport,one,$5\n"  # line 5: 2-digit year
        + good
        + '"$110,000"\n'  # line 6: line 2 again: imported once
        + f"{COUNTRY},FMF,Pilot Course,AETC,Air Wing,11/3/2025,6/12/2026,Texas,2,$10\n"
        + f"{COUNTRY},FMF,Pilot Course,AETC,Air Wing,11/3/2025,6/12/2026,Texas,3,$10\n"  # line 8: disagrees
        + f"{COUNTRY},FMF,,AETC,Air Wing,11/3/2025,6/12/2026,Texas,3,$10\n"  # line 9: no title: imported, flagged
        + f"{COUNTRY},,,AETC,Air Wing,,6/12/2026,Texas,3,$10\n",  # line 10: no part of the key
    )
    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 1
    err = result.stderr
    assert f"{table}:3: not imported: 'Start Date' '13/45/2026' is not a real calendar date" in err
    assert f"{table}:4: not imported: 'Total Cost' 'about 5 million'" in err
    assert f"{table}:5: not imported: 'Start Date' '10/14/25' is not a date written m/d/Y" in err
    assert "'Quantity' 'one' is not a whole number" in err
    assert f"{table}:6: not imported: repeats line 2" in err
    assert f"{table}:7: not imported: " in err and f"{table}:8: not imported: " in err
    assert "on lines 7, 8 with different values: none imported" in err
    assert f"{table}:10: not imported: no 'Program', 'Course Title', 'Start Date' (the key)" in err
    assert f"{table}:9:" not in err  # a key of several fields may lack some: the row is read as written
    assert "2 added, 0 changed, 0 unchanged, 7 row(s) not imported" in result.stdout
    assert plan.read_text().count("- title:") == 1
    assert any(f["code"] == "TPL002" and "(untitled)" in f["message"] for f in _check(sco, plan))


def test_a_start_in_2109_and_an_end_before_the_start_are_imported_and_flagged(sco, tmp_path):
    office = _office(tmp_path)
    table = _write(
        office / "t.csv",
        HEADER + "\n"
        f"{COUNTRY},IMET-1,Far Course,NWC,Staff,1/5/2109,6/12/2109,Newport,1,$100\n"
        f"{COUNTRY},IMET-1,Backwards Course,NWC,Staff,6/12/2027,1/5/2027,Newport,1,$100\n",
    )
    plan = office / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--fy", "FY2027", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "2 added" in result.stdout
    text = plan.read_text()
    assert "start: 2109-01-05" in text and "end: 2027-01-05" in text  # as written
    flagged = [f["message"] for f in _check(sco, plan) if f["code"] == "TPL013"]
    assert flagged == [
        "FY2027 line 1 (Far Course): starts 2109-01-05, outside FY2027 (2026-10-01 to 2027-09-30) and its fifth "
        "quarter",
        "FY2027 line 2 (Backwards Course): ends 2027-01-05, before it starts (2027-06-12)",
    ]
    _, payload = sco.json("training", "fmt", plan, "--fy", "2027", "--as-of", DAY)
    lines = payload["programs"][0]["lines"]
    assert len(lines) == 2 and payload["totals"]["total_cost_usd"] == 200  # listed and counted
    assert any("outside FY2027" in f["message"] for line in lines for f in line["findings"])


# ---------------------------------------------------------------------------------------------
# The fiscal year and the country


def test_without_fy_the_rows_start_year_and_a_table_of_two_years_is_refused(sco, tmp_path):
    office = _office(tmp_path)
    plan = office / "plan.yaml"
    one = _write(office / "one.csv", HEADER + f"\n{COUNTRY},FMF,A Course,U,S,10/1/2026,10/2/2026,L,1,$1\n")
    assert sco("training", "import", one, "--into", plan, "--as-of", DAY).exit_code == 0
    assert "years:\n  2027:\n    lines:\n" in plan.read_text()
    two = _write(
        office / "two.csv",
        HEADER + f"\n{COUNTRY},FMF,A Course,U,S,9/30/2026,10/2/2026,L,1,$1\n"
        f"{COUNTRY},FMF,B Course,U,S,10/30/2026,11/2/2026,L,1,$1\n"
        f"{COUNTRY},FMF,C Course,U,S,1/3/2027,2/2/2027,L,1,$1\n",
    )
    before = plan.read_text()
    refused = sco("training", "import", two, "--into", plan, "--as-of", DAY)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "sco: error: two.csv: the rows start in FY2026 (1 row, line 2), FY2027 (2 rows, first line 3): "
        "give --fy FY, the year they are reported in"
    )
    assert plan.read_text() == before
    done = sco("training", "import", two, "--into", plan, "--fy", "2026", "--as-of", DAY)
    assert done.exit_code == 0 and "3 added" in done.stdout
    assert "  2026:\n    lines:\n      - title: A Course\n" in plan.read_text()


def test_the_table_country_is_the_plan_country(sco, tmp_path):
    office = _office(tmp_path)
    plan = office / "plan.yaml"
    plan.write_text("# our plan\nkind: training_plan\ncurrent_fiscal_year: 2027\n")
    table = _write(
        office / "t.csv",
        HEADER + f"\n{COUNTRY},FMF,A Course,U,S,10/1/2026,10/2/2026,L,1,$1\n"
        f"{COUNTRY},FMF,B Course,U,S,10/3/2026,10/4/2026,L,1,$1\n",
    )
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert f"note: {plan}: country set to '{COUNTRY}' from the table" in result.stderr
    assert plan.read_text().startswith(
        f"# our plan\nkind: training_plan\ncurrent_fiscal_year: 2027\ncountry: {COUNTRY}\n"
    )

    other = _write(
        office / "region.csv",
        HEADER + f"\nRepublic of Elsewhere,FMF,C Course,U,S,10/5/2026,10/6/2026,L,1,$1\n"
        f"{COUNTRY.upper()},FMF,D Course,U,S,10/5/2026,10/6/2026,L,1,$1\n",
    )
    result = sco("training", "import", other, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr  # the published report is every country's: theirs are counted
    assert (
        f"note: 1 row(s) of other countries not imported ({plan} is the plan of '{COUNTRY}'): "
        "'Republic of Elsewhere' (1, first line 2)"
    ) in result.stderr
    assert "1 added" in result.stdout and "C Course" not in plan.read_text() and "D Course" in plan.read_text()
    theirs = _write(office / "theirs.csv", HEADER + "\nExamplestan,FMF,E Course,U,S,10/5/2026,10/6/2026,L,1,$1\n")
    refused = sco("training", "import", theirs, "--into", plan, "--as-of", DAY)
    assert refused.exit_code == 2 and f"no row of '{COUNTRY}', the country of {plan}" in refused.stderr

    refused = sco("training", "import", other, "--into", office / "new.yaml", "--as-of", DAY)
    assert refused.exit_code == 2 and "rows of 2 countries" in refused.stderr
    assert not (office / "new.yaml").exists()


# ---------------------------------------------------------------------------------------------
# Merging: hand edits, --force, gone, dry run


def test_hand_edits_are_kept_unless_force_and_gone_lines_are_reported(sco, tmp_path):
    office = _office(tmp_path)
    plan = office / "plan.yaml"
    first = _write(
        office / "fmt.csv",
        HEADER + f"\n{COUNTRY},FMF,A Course,U,S,10/1/2026,10/2/2026,L,1,$1\n"
        f"{COUNTRY},FMF,B Course,U,S,10/3/2026,10/4/2026,L,1,$1\n",
    )
    assert sco("training", "import", first, "--into", plan, "--as-of", DAY).exit_code == 0
    edited = plan.read_text().replace("location: L\n", "location: Hand  # typed at post\n", 1)
    plan.write_text(edited)
    second = _write(office / "fmt.csv", HEADER + f"\n{COUNTRY},FMF,A Course,U,S,10/1/2026,10/2/2026,M,2,$1\n")

    dry = sco("training", "import", second, "--into", plan, "--dry-run", "--as-of", DAY)
    assert "would change FMF / A Course / 2026-10-01" in dry.stdout and "students (1 -> 2)" in dry.stdout
    assert plan.read_text() == edited

    kept = sco("training", "import", second, "--into", plan, "--as-of", DAY)
    assert kept.exit_code == 1
    assert "location differs from the table (line 2): the file's value was edited by hand and is kept" in kept.stderr
    assert "gone: " in kept.stderr and "(years[2027].lines[1]) came from fmt.csv" in kept.stderr
    text = plan.read_text()
    assert "location: Hand  # typed at post\n" in text and "students: 2\n" in text and "B Course" in text

    forced = sco("training", "import", second, "--into", plan, "--force", "--as-of", DAY)
    assert forced.exit_code == 0, forced.stderr
    assert "location: M  # typed at post\n" in plan.read_text()


def test_an_xlsx_table_is_read_the_same_way(sco, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    office = _office(tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(
        [COUNTRY, "IMET-1", "Staff Course", "NWC", "Staff", datetime(2027, 1, 19), "6/11/2027", "L", 2, 4634880]
    )
    book.save(office / "fmt.xlsx")
    plan = office / "plan.yaml"
    result = sco("training", "import", office / "fmt.xlsx", "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    expected = [COUNTRY, "IMET-1", "Staff Course", "NWC", "Staff", "1/19/2027", "6/11/2027", "L", "2", "$4,634,880"]
    assert _rows(_fmt_csv(sco, plan, 2027))[1] == expected


def test_command_line_mistakes_are_one_line(sco, tmp_path):
    office = _office(tmp_path)
    table = _write(office / "t.csv", HEADER + "\n")
    for args, said in (
        (("--into", office), "a folder; give the training plan file"),
        (("--into", office / "p.yaml", "--fy", "nineteen"), "--fy nineteen: give a fiscal year"),
        (("--into", office / "p.yaml", "--mapping", office / "none.yaml"), "no such file"),
    ):
        result = sco("training", "import", table, *args)
        assert result.exit_code == 2, result.output
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    case_mapping = Path(__file__).resolve().parents[2] / "sco_cli" / "data" / "mappings" / "case-status.yaml"
    result = sco("training", "import", table, "--into", office / "p.yaml", "--mapping", case_mapping)
    assert result.exit_code == 2 and "a mapping for kind case, not training_plan" in result.stderr


# ---------------------------------------------------------------------------------------------
# Size and hostile input


def test_a_ten_thousand_row_report_of_twenty_countries_gives_back_the_plan_countrys_rows(sco, tmp_path):
    """The published report is one table for every country: 10,000 rows of 20 countries, of which the
    plan's 500 are imported (the others counted in one note) and exported back exactly. One plan is one
    file, and sco reads at most 5 MiB of one (about 8,000 imported lines with their provenance): 10,000
    rows of one country are refused whole, in one line, before anything is written."""
    office = _office(tmp_path)
    countries = [COUNTRY, *(f"Country {n:02d}" for n in range(1, 20))]
    rows = [HEADER]
    for i in range(10_000):
        day = 1 + i % 28
        rows.append(
            f'{countries[i % 20]},IMET-1,Course {i:05d},Unit {i % 7},"Brigade {i % 11}, Army",1/{day}/2027,'
            f'2/{day}/2027,"Base {i % 5}, Texas",{1 + i % 9},"${(i + 1) * 1000:,}"'
        )
    table = _write(office / "big.csv", "\n".join(rows) + "\n")
    plan = office / "plan.yaml"
    plan.write_text(f"kind: training_plan\ncountry: {COUNTRY}\ncurrent_fiscal_year: 2027\n")
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr[-500:]
    assert "500 added, 0 changed, 0 unchanged; wrote 1 file(s)" in result.stdout
    assert "9500 row(s) of other countries not imported" in result.stderr
    assert "'Country 01' (500, first line 3)" in result.stderr and "and 9 more" in result.stderr
    back = _rows(_fmt_csv(sco, plan, 2027))
    ours = [row for row in _rows("\n".join(rows[1:])) if row[0] == COUNTRY]
    assert len(back) == 501 and sorted(back[1:]) == sorted(ours)

    same_country = [HEADER, *(COUNTRY + "," + row.split(",", 1)[1] for row in rows[1:])]
    one_country = _write(office / "one.csv", "\n".join(same_country) + "\n")
    new_plan = office / "new-plan.yaml"
    refused = sco("training", "import", one_country, "--into", new_plan, "--as-of", DAY)
    assert refused.exit_code == 2 and "sco reads at most 5,242,880" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not new_plan.exists()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(lambda t: (HEADER + "\n" + t).encode())))
def test_any_bytes_give_findings_never_a_crash(sco, tmp_path, data):
    table = tmp_path / "t.csv"
    table.write_bytes(data)
    plan = tmp_path / "plan.yaml"
    result = sco("training", "import", table, "--into", plan, "--fy", "2027", "--as-of", DAY)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
    if plan.exists():
        _, payload = sco.json("training", "plan", "check", plan, "--as-of", DAY)
        assert not [f for file in payload["files"] for f in file["findings"] if f["code"].startswith("GEN")]
        plan.unlink()


def test_a_year_written_empty_is_given_its_lines_and_a_file_of_another_kind_is_refused(sco, tmp_path):
    office = _office(tmp_path)
    plan = office / "plan.yaml"
    plan.write_text(f"kind: training_plan\ncountry: {COUNTRY}\ncurrent_fiscal_year: 2027\nyears:\n  2026:\n  2027:\n")
    table = _write(
        office / "t.csv",
        HEADER + f"\n{COUNTRY},FMF,A Course,U,S,10/1/2025,10/2/2025,L,1,$1\n{COUNTRY},FMF,B Course,U,S,10/3/2025,"
        "10/4/2025,L,1,$1\n",
    )
    result = sco("training", "import", table, "--into", plan, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "2 added, 0 changed, 0 unchanged; wrote 1 file(s)" in result.stdout
    assert "years:\n  2026:\n    lines:\n      - title: A Course\n" in plan.read_text()
    assert "      - title: B Course\n" in plan.read_text() and plan.read_text().endswith("  2027:\n")

    case = office / "case.yaml"
    shutil.copy(EXAMPLES / "cases" / "XS-B-ZAD.yaml", case)
    before = case.read_bytes()
    refused = sco("training", "import", table, "--into", case, "--as-of", DAY)
    assert refused.exit_code == 2 and f"--into {case}: a file of kind 'case', not a training plan" in refused.stderr
    assert case.read_bytes() == before


def test_an_activity_already_a_line_of_another_year_is_not_imported_twice(sco, tmp_path):
    office = _office(tmp_path)
    plan = office / "training-plan.yaml"
    shutil.copy(EXAMPLES / "training-plan.yaml", plan)
    before = plan.read_text()
    table = _write(office / "fmt.csv", _fmt_csv(sco, plan, 2026))
    result = sco("training", "import", table, "--into", plan, "--fy", "2027", "--as-of", DAY)
    assert result.exit_code == 1
    assert (
        f"fmt.csv:2: not imported: IMET-1 / Naval Staff College / 2025-10-14 is FY2026 line 1 of {plan}; in FY2027 "
        "too it would be reported twice (move or remove that line first)"
    ) in result.stderr
    assert "0 added, 0 changed, 0 unchanged, 2 row(s) not imported; wrote 0 file(s)" in result.stdout
    assert plan.read_text() == before
