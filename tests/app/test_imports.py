"""The one table importer (core/table_import.py, app/imports.py) through `sco case import`, `sco student
import` and their exports, on tables built here as messy as real exports: byte-order marks, quoted line
ends, `$` and commas in amounts, m/d/yyyy dates, blank rows, repeated headers, unknown columns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLES

DAY = "2026-12-06"
CASE_HEADER = "Case,Status,Offer Date,Offer Expiration,Value"
EXTRACT = (
    CASE_HEADER + "\n"
    'XS-B-ZAD,Offered,10/30/2026,1/23/2027,"$4,634,880"\n'
    "XS-D-NEW,In Development,,,\n"
    'XS-P-AAA,Implemented,1/5/2026,4/5/2026,"$12,000"\n'
)
ROSTER_HEADER = (
    "ITO Number,ITO Date,Program,IMET FY,FMS Case,Surname,Given Names,Middle Names,Sex,Rank,US Equivalent Rank,"
    "Service,Service Number,Date of Birth,Place of Birth,Passport Number,Passport Expiration,Citizenship,Visa,"
    "MASL,Course Title,Course Location,Course Start,Course End"
)
TAMM = (
    "XS-P-IMT-2027-0101,11/20/2026,IMET,2027,,Tamm,Lina,Maria,F,Captain,O-3,Examplestan Navy,XS-N-104417,"
    '4/17/1991,"Sandport, Republic of Examplestan",XS4821937,6/30/2031,Republic of Examplestan,,P179087,'
    'International Maritime Staff Officer Course,"Naval Station Newport, Rhode Island",1/19/2027,6/11/2027'
)
KASK = (
    ",,IMET,2027,,Kask,Mari,,F,Lieutenant,O-2,Examplestan Navy,XS-N-3,1/2/1995,,XQ1234567,,,,"
    "P171000,Basic course,Newport,1/5/2109,1/4/2109"
)


def _office(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    return tmp_path


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# Cases: merge, provenance, hand edits, gone


def test_case_import_merges_into_the_office_files_and_keeps_what_they_hold(sco, tmp_path):
    office = _office(tmp_path)
    cases = office / "cases"
    shutil.copytree(EXAMPLES / "cases", cases)
    before = (cases / "XS-B-ZAD.yaml").read_text()
    extract = _write(office / "extract.csv", EXTRACT)

    dry = sco("case", "import", extract, "--into", cases, "--dry-run", "--as-of", DAY)
    assert dry.exit_code == 0, dry.stderr
    assert "would add XS-D-NEW: " in dry.stdout and "would change XS-B-ZAD: " in dry.stdout
    assert "value_usd (new)" in dry.stdout
    assert sorted(p.name for p in cases.iterdir()) == ["XS-B-ZAD.yaml", "XS-D-GAA.yaml", "XS-P-SAB.yaml"]
    assert (cases / "XS-B-ZAD.yaml").read_text() == before

    done = sco("case", "import", extract, "--into", cases, "--as-of", DAY)
    assert done.exit_code == 0, done.stderr
    assert "2 added, 1 changed, 0 unchanged; wrote 3 file(s)" in done.stdout
    after = (cases / "XS-B-ZAD.yaml").read_text()
    assert after.startswith(before)  # comment, order, flow lists and hand-entered fields byte for byte
    added = after[len(before) :]
    assert "value_usd: 4634880" in added and "source: extract.csv" in added and f"at: {DAY}" in added
    new = (cases / "XS-D-NEW.yaml").read_text()
    assert new.startswith("kind: case\nid: XS-D-NEW\nstatus: in_development\nimported:\n")
    _, payload = sco.json("case", "check", cases, "--as-of", DAY)
    assert not [f for file in payload["files"] for f in file["findings"] if f["code"].startswith("GEN")]

    again = sco("case", "import", extract, "--into", cases, "--as-of", "2026-12-07")
    assert again.exit_code == 0
    assert "0 added, 0 changed, 3 unchanged; wrote 0 file(s)" in again.stdout
    assert (cases / "XS-B-ZAD.yaml").read_text() == after  # nothing changed: not even the day


def test_a_hand_edit_is_kept_unless_force_and_a_changed_export_updates_the_import_own_values(sco, tmp_path):
    office = _office(tmp_path)
    cases = office / "cases"
    extract = _write(office / "extract.csv", EXTRACT)
    assert sco("case", "import", extract, "--into", cases, "--as-of", DAY).exit_code == 0
    assert sorted(p.name for p in cases.iterdir()) == ["XS-B-ZAD.yaml", "XS-D-NEW.yaml", "XS-P-AAA.yaml"]
    # the office corrects one case by hand; the next extract changes another case and drops a third
    hand = cases / "XS-B-ZAD.yaml"
    hand.write_text(hand.read_text().replace("status: offered", "status: accepted  # signed 2026-12-05"))
    later = EXTRACT.replace("Implemented,1/5/2026", "Closed,1/5/2026").replace("XS-D-NEW,In Development,,,\n", "")
    later = later.replace("XS-B-ZAD,Offered", "XS-B-ZAD,Rejected")
    extract.write_text(later)

    result = sco("case", "import", extract, "--into", cases, "--as-of", "2026-12-08")
    assert result.exit_code == 1  # a hand edit kept is reported
    assert "change XS-P-AAA: " in result.stdout and "status (implemented -> closed)" in result.stdout
    assert "XS-B-ZAD.yaml: status differs from the table (line 2): the file's value was edited by hand" in (
        result.stderr
    )
    assert "gone: " in result.stderr and "XS-D-NEW.yaml came from extract.csv" in result.stderr
    assert "status: accepted  # signed 2026-12-05" in hand.read_text()
    assert "status: closed" in (cases / "XS-P-AAA.yaml").read_text()
    assert (cases / "XS-D-NEW.yaml").exists()  # gone is reported, never deleted

    forced = sco("case", "import", extract, "--into", cases, "--force", "--as-of", "2026-12-08")
    assert forced.exit_code == 0, forced.stderr
    assert "status: rejected  # signed 2026-12-05" in hand.read_text()  # the value only; its comment stays


def test_messy_extract_rows_are_named_never_guessed(sco, tmp_path):
    office = _office(tmp_path)
    text = (
        "\ufeff" + CASE_HEADER + ",Remarks\r\n"
        'XS-B-ZAD,Offered,10/30/2026,1/23/2027,"$4,634,880","two\r\nlines"\r\n'
        "\r\n"
        ",,,,,\r\n" + CASE_HEADER + ",Remarks\r\n"  # a second export glued on
        "XS-P-AAA,Implemented,13/45/2026,4/5/2026,$12,x\r\n"  # an impossible date
        "XS-P-BBB,Accepted,1/5/2026,4/5/2026,about 5 million,\r\n"  # not an amount
        "XS-P-CCC,Accepted,2026-01-05,4/5/2026,$1,\r\n"  # ISO dates are always read
        "XS-P-CCC,Accepted,2026-01-05,4/5/2026,$1,\r\n"  # the same row twice: imported once
        "XS-P-DDD,Accepted,1/5/2026,,$1,\r\n"
        "xs-p-ddd,Closed,1/5/2026,,$1,\r\n"  # the same case, disagreeing: neither imported
        "XS-P-EEE,Maybe,1/5/2026,,$1,\r\n"  # a status the model does not know
    )
    extract = _write(office / "extract.csv", text)
    result = sco("case", "import", extract, "--into", office / "new-folder", "--as-of", DAY)
    assert result.exit_code == 1
    err = result.stderr
    assert "column(s) not used: 'Remarks'" in err
    assert "2 blank line(s) skipped: 4, 5" in err
    assert "extract.csv:6: not imported: the header repeated" in err
    assert "extract.csv:7: not imported: 'Offer Date' '13/45/2026' is not a real calendar date" in err
    assert "extract.csv:8: not imported: 'Value' 'about 5 million' is not a dollar amount" in err
    assert "extract.csv:10: not imported: repeats line 9 (Case XS-P-CCC): imported once" in err
    assert "extract.csv:11: not imported: Case XS-P-DDD on lines 11, 12 with different values: none imported" in err
    assert "extract.csv:12: not imported: Case xs-p-ddd on lines 11, 12 with different values" in err
    assert "extract.csv:13: not imported: status: " in err and "(got 'maybe')" in err
    folder = office / "new-folder"
    assert sorted(p.name for p in folder.iterdir()) == ["XS-B-ZAD.yaml", "XS-P-CCC.yaml"]
    assert "value_usd: 4634880" in (folder / "XS-B-ZAD.yaml").read_text()
    assert "value_usd: 1\n" in (folder / "XS-P-CCC.yaml").read_text()


def test_excel_extract_and_tab_separated_extract(sco, tmp_path):
    from datetime import datetime

    import openpyxl

    office = _office(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Case ID", "Status", "Offer Date", "OED", "Total Case Value", "Country"])
    sheet.append(["XS-B-ZAD", "OFFERED", datetime(2026, 10, 30), datetime(2027, 1, 23), 4634880, "XS"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["XS-P-AAA", "implemented", "1/5/2026", "4/5/2026", "$12,000", "XS"])
    book.save(office / "extract.xlsx")
    result = sco("case", "import", office / "extract.xlsx", "--into", office / "cases", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "'Country'" in result.stderr and "1 blank line(s) skipped: 3" in result.stderr
    zad = (office / "cases" / "XS-B-ZAD.yaml").read_text()
    assert "status: offered\noffered: 2026-10-30\noffer_expiration: 2027-01-23\nvalue_usd: 4634880\n" in zad
    tsv = EXTRACT.replace(",", "\t").replace('"$4\t634\t880"', "4634880").replace('"$12\t000"', "12000")
    _write(office / "extract.tsv", tsv)
    result = sco("case", "import", office / "extract.tsv", "--into", office / "tsv", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "value_usd: 4634880" in (office / "tsv" / "XS-B-ZAD.yaml").read_text()


def test_case_round_trip_one_import_one_export_gives_the_table_back(sco, tmp_path):
    office = _office(tmp_path)
    table = (
        CASE_HEADER + "\n"
        'XS-B-ZAD,Offered,10/30/2026,1/23/2027,"$4,634,880"\n'
        "XS-D-NEW,In Development,,,\n"
        'XS-P-AAA,Implemented,1/5/2026,4/5/2026,"$12,000"\n'
    )
    extract = _write(office / "extract.csv", table)
    assert sco("case", "import", extract, "--into", office / "cases", "--as-of", DAY).exit_code == 0
    exported = sco("case", "status", office / "cases", "--format", "csv", "--as-of", DAY)
    assert exported.stdout == table


def test_a_custom_mapping_reads_another_layout_and_a_broken_one_is_one_line(sco, tmp_path):
    office = _office(tmp_path)
    mapping = _write(
        office / "scip.yaml",
        "mapping: our SCIP extract\nkind: case\nkey: id\ndate_format: d.m.Y\ncolumns:\n"
        "  Fall: id\n  Stand: {field: status, values: {angeboten: offered}}\n"
        "  Angebot: {field: offered, type: date}\n  Wert: {field: value_usd, type: money, format: '#,##0'}\n",
    )
    extract = _write(office / "x.csv", "Fall;Stand;Angebot;Wert\nXS-B-ZAD;angeboten;30.10.2026;4634880\n")
    result = sco("case", "import", extract, "--into", office / "c", "--mapping", mapping, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "status: offered\noffered: 2026-10-30\nvalue_usd: 4634880\n" in (office / "c" / "XS-B-ZAD.yaml").read_text()
    exported = sco("case", "status", office / "c", "-f", "csv", "--mapping", mapping, "--as-of", DAY)
    assert exported.stdout == 'Fall,Stand,Angebot,Wert\nXS-B-ZAD,angeboten,30.10.2026,"4,634,880"\n'
    for bad, says in (
        ("kind: case\nkey: id\ncolumns: {Case: idd, X: idd}\n", "both fill idd"),
        ("kind: case\nkey: id\ncolumns: {Case: id, D: {field: offered, type: date, format: d/m/yy}}\n", "date format"),
        ("kind: student\nkey: id\ncolumns: {Case: id}\n", "a mapping for kind student"),
        ("kind: case\ncolumns: {Case: id}\n", "needs `kind:`"),
        ("kind: case\nkey: id\ncolumns: [Case]\n", "`columns:`"),
    ):
        _write(mapping, bad)
        result = sco("case", "import", extract, "--into", office / "c", "--mapping", mapping)
        assert result.exit_code == 2, (bad, result.output)
        assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    no_key = _write(office / "nokey.csv", "Status\nOffered\n")
    result = sco("case", "import", no_key, "--into", office / "c")
    assert result.exit_code == 2 and "no 'Case' column" in result.stderr


def test_the_folder_as_the_office_keeps_it(sco, tmp_path):
    """Files of other kinds, a file that does not load, and a name already taken are left alone."""
    office = _office(tmp_path)
    cases = office / "cases"
    cases.mkdir()
    (cases / "XS-B-ZAD.yaml").write_text("kind: lor\nid: XS-B-ZAD\n")  # another kind under the new case's name
    (cases / "broken.yaml").write_text("kind: case\nid: [XS-P-AAA\n")
    (cases / "notes.txt").write_text("not YAML")
    extract = _write(office / "extract.csv", EXTRACT)
    result = sco("case", "import", extract, "--into", cases, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    assert "broken.yaml: cannot be read as YAML: not matched" in result.stderr
    assert (cases / "XS-B-ZAD.yaml").read_text() == "kind: lor\nid: XS-B-ZAD\n"
    assert "id: XS-B-ZAD" in (cases / "XS-B-ZAD-2.yaml").read_text()
    assert (cases / "broken.yaml").read_text() == "kind: case\nid: [XS-P-AAA\n"
    file_as_into = sco("case", "import", extract, "--into", cases / "notes.txt")
    assert file_as_into.exit_code == 2 and "a file; give the folder" in file_as_into.stderr


def test_text_edit_replace_changes_only_the_value():
    from sco_cli.core.yaml_edit import EditRefused, TextEdit

    text = "a: 1   # one\nb: [x, y]\nc:\n  d: old\n  e: |\n    block\nf: {g: h}\n"
    edit = TextEdit(text)
    edit.replace(("a",), 2)
    edit.replace(("c", "d"), "new value")
    edit.replace(("c", "e"), "plain")
    edit.replace(("f", "g"), "000123")
    edit.replace(("b",), ["z"])
    assert edit.result() == 'a: 2   # one\nb: [z]\nc:\n  d: new value\n  e: plain\nf: {g: "000123"}\n'
    edit = TextEdit("m:\n  x: 1\n  y: 2\nn: 3\n")
    edit.replace(("m",), {"x": 5, "z": [1, 2]})
    assert edit.result() == "m:\n  x: 5\n  z:\n    - 1\n    - 2\nn: 3\n"
    with pytest.raises(EditRefused):
        TextEdit("a: 1\n").replace(("b",), 1)


def test_a_student_file_written_by_hand_gets_the_course_it_lacks(sco, tmp_path):
    office = _office(tmp_path)
    folder = office / "students"
    folder.mkdir()
    hand = "# typed at the office\nkind: student\nname: {surname: Kask, given: Mari}\n"
    hand += "service_number: XS-N-3\ncourses: []\n"
    (folder / "kask.yaml").write_text(hand)
    roster = _write(office / "roster.csv", ROSTER_HEADER + "\n" + KASK + "\n")
    result = sco("student", "import", roster, "--into", folder, "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    text = (folder / "kask.yaml").read_text()
    assert text.startswith("# typed at the office\nkind: student\nname: {surname: Kask, given: Mari")
    assert "courses:\n  - masl: P171000\n" in text
    assert sorted(p.name for p in folder.iterdir()) == ["kask.yaml"]


# ---------------------------------------------------------------------------------------------
# Students: one file per student, personal values never echoed, wrong values flagged by the check


def test_student_import_creates_one_file_per_student_and_the_check_flags_wrong_values(sco, tmp_path):
    office = _office(tmp_path)
    roster = _write(office / "roster.csv", "\ufeff" + ROSTER_HEADER + "\r\n" + TAMM + "\r\n" + KASK + "\r\n")
    result = sco("student", "import", roster, "--into", office / "students", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in (office / "students").iterdir())
    assert files == ["Kask-Mari-XS-N-3.yaml", "Tamm-Lina-XS-N-104417.yaml"]
    kask = (office / "students" / "Kask-Mari-XS-N-3.yaml").read_text()
    assert "  - masl: P171000\n" in kask and "start: 2109-01-05\n    end: 2109-01-04\n" in kask
    _, payload = sco.json("student", "check", office / "students", "--as-of", DAY)
    flagged = {f["code"] for file in payload["files"] if "Kask" in file["path"] for f in file["findings"]}
    assert "ITO018" in flagged  # ends before it starts: imported as written, reported by the check


def test_student_round_trip_in_the_data_sheet_order(sco, tmp_path):
    office = _office(tmp_path)
    table = ROSTER_HEADER + "\n" + KASK + "\n" + TAMM + "\n"
    roster = _write(office / "roster.csv", table)
    assert sco("student", "import", roster, "--into", office / "students", "--as-of", DAY).exit_code == 0
    exported = sco("student", "export", office / "students", "--format", "csv", "--as-of", DAY)
    assert exported.exit_code == 0, exported.stderr
    assert exported.stdout == table


def test_the_export_names_a_student_it_could_not_read_whole(sco, tmp_path):
    """A roster with a blank where a value could not be read, or without a student whose file does not
    load, is never silent: standard error names each (never the value) and the command exits 1."""
    office = _office(tmp_path)
    roster = _write(office / "roster.csv", ROSTER_HEADER + "\n" + KASK + "\n" + TAMM + "\n")
    assert sco("student", "import", roster, "--into", office / "students", "--as-of", DAY).exit_code == 0
    tamm = office / "students" / "Tamm-Lina-XS-N-104417.yaml"
    text = tamm.read_text()
    birth = next(line for line in text.splitlines() if line.startswith("date_of_birth:"))
    tamm.write_text(text.replace(birth, "date_of_birth: 17 Apritle 1991 SECRETDOB"))
    (office / "students" / "broken.yaml").write_text("kind: student\nsurname: [\n")
    exported = sco("student", "export", office / "students", "--format", "csv", "--as-of", DAY)
    assert exported.exit_code == 1
    assert "Tamm-Lina-XS-N-104417.yaml" in exported.stderr and "broken.yaml" in exported.stderr
    assert "2 entries not read" in exported.stderr
    assert "SECRETDOB" not in exported.stderr + exported.stdout
    assert "Kask" in exported.stdout and "Tamm" in exported.stdout  # the readable students are still there


def test_a_personal_value_is_never_echoed(sco, tmp_path):
    office = _office(tmp_path)
    secret_dob, secret_passport = "31/31/1990", "ZZ99SECRET"
    rows = [
        TAMM.replace("4/17/1991", secret_dob),
        KASK.replace("XQ1234567", secret_passport),
        KASK.replace("XQ1234567", secret_passport).replace("Lieutenant", "Captain"),  # disagreeing repeat
    ]
    roster = _write(office / "roster.csv", ROSTER_HEADER + "\n" + "\n".join(rows) + "\n")
    result = sco("student", "import", roster, "--into", office / "students", "--as-of", DAY)
    assert result.exit_code == 1
    assert "roster.csv:2: not imported: 'Date of Birth' is not a real calendar date" in result.stderr
    assert secret_dob not in result.output and secret_passport not in result.output
    # a passport the office corrected by hand differs from the next roster: named by field, never by value
    _write(roster, ROSTER_HEADER + "\n" + KASK + "\n")
    assert sco("student", "import", roster, "--into", office / "students", "--as-of", DAY).exit_code == 0
    student = office / "students" / "Kask-Mari-XS-N-3.yaml"
    student.write_text(student.read_text().replace("XQ1234567", "XQ7654321"))
    _write(roster, ROSTER_HEADER + "\n" + KASK.replace("XQ1234567", secret_passport) + "\n")
    result = sco("student", "import", roster, "--into", office / "students", "--as-of", DAY)
    assert "passport.number differs from the table" in result.stderr
    assert secret_passport not in result.output and "XQ7654321" not in result.output
    forced = sco("student", "import", roster, "--into", office / "students", "--force", "--as-of", DAY)
    assert "passport.number" in forced.stdout and secret_passport not in forced.output


@pytest.mark.parametrize(
    "naming",
    ['file_name: "{passport.number}"', 'file_name: "{name.surname}-{ date_of_birth }"', "key: passport.number"],
)
def test_a_new_file_is_never_named_by_a_personal_value(sco, tmp_path, naming):
    """A file name shows in every listing, commit and message: a mapping that would name new files by a
    passport number or a date of birth (by `file_name:`, or by a personal key when it has none) is refused
    before anything is read or written."""
    office = _office(tmp_path)
    key = naming if naming.startswith("key:") else "key: service_number"
    file_name = "" if naming.startswith("key:") else naming
    mapping = _write(
        office / "by-passport.yaml",
        f"kind: student\n{key}\n{file_name}\ncolumns:\n  Surname: name.surname\n  Given Names: name.given\n"
        "  Service Number: service_number\n  Passport Number: passport.number\n"
        "  Date of Birth: {field: date_of_birth, type: date}\n",
    )
    roster = _write(office / "roster.csv", ROSTER_HEADER + "\n" + KASK + "\n")
    result = sco("student", "import", roster, "--into", office / "new", "--mapping", mapping, "--as-of", DAY)
    assert result.exit_code == 2, result.output
    assert "uses the personal field" in result.stderr and "XQ1234567" not in result.output
    assert not (office / "new").exists()


def test_ten_thousand_rows_are_read_and_planned(sco, tmp_path):
    """A 10,000-row roster (dry run: the plan is computed whole, nothing written); timings in bench/."""
    office = _office(tmp_path)
    lines = [ROSTER_HEADER]
    for i in range(10_000):
        lines.append(TAMM.replace("XS-N-104417", f"XS-N-{i:05d}").replace("Tamm", f"Tamm{i}"))
    roster = _write(office / "roster.csv", "\n".join(lines) + "\n")
    result = sco("student", "import", roster, "--into", office / "students", "--dry-run", "--as-of", DAY)
    assert result.exit_code == 0, result.stderr[-500:]
    assert "10000 added, 0 changed, 0 unchanged; would write 10000 file(s)" in result.stdout
    assert not (office / "students").exists()


def test_eum_import_reads_through_the_same_importer_and_takes_a_mapping(sco, tmp_path):
    office = _office(tmp_path)
    mapping = _write(
        office / "scanner.yaml",
        "kind: eum\nkey: serial\ndate_format: d.m.Y\ncolumns:\n  Seriennummer: serial\n  Geraet: description\n"
        "  Eingang: {field: arrival, type: date}\n  EEUM: {field: enhanced, type: flag}\n",
    )
    scan = _write(office / "scan.csv", "Seriennummer;Geraet;Eingang;EEUM;Bediener\nNV-1;Monocular;3.11.2026;ja;A\n")
    register = office / "eum.yaml"
    result = sco("eum", "import", scan, "--into", register, "--mapping", mapping)
    assert result.exit_code == 1  # `ja` is not yes or no: named, never guessed
    assert "scan.csv:2: not imported: 'EEUM' 'ja' is not yes or no" in result.stderr
    assert "column(s) not used: 'Bediener'" in result.stderr
    _write(scan, "Seriennummer;Geraet;Eingang;EEUM\nNV-1;Monocular;3.11.2026;x\n")
    result = sco("eum", "import", scan, "--into", register, "--mapping", mapping)
    assert result.exit_code == 0, result.stderr
    text = register.read_text()
    assert "description: Monocular" in text and "enhanced: true" in text and "arrival: 2026-11-03" in text
    wrong = _write(office / "case-map.yaml", "kind: case\nkey: id\ncolumns: {Case: id}\n")
    assert sco("eum", "import", scan, "--into", register, "--mapping", wrong).exit_code == 2


# ---------------------------------------------------------------------------------------------
# Any bytes in: findings out, never a traceback


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(lambda t: (CASE_HEADER + "\n" + t).encode())))
def test_any_bytes_give_findings_never_a_crash(sco, tmp_path, data):
    table = tmp_path / "t.csv"
    table.write_bytes(data)
    folder = tmp_path / "cases"
    result = sco("case", "import", table, "--into", folder, "--as-of", DAY)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_not_a_table_is_one_line(sco, tmp_path, suffix):
    bad = _write(tmp_path / f"bad{suffix}", "\x00\x01PK garbage")
    result = sco("case", "import", bad, "--into", tmp_path / "c")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_list_store_merges_the_items_of_one_file_by_a_key_of_several_fields(sco, tmp_path):
    """What `sco training import` builds on: records as the items of a list (a plan year's lines),
    matched by MASL and start date, a year that does not exist yet created with its list."""
    from datetime import date

    from sco_cli.core.table_import import ImportOptions, ListStore, load_mapping, plan_import, read_mapped, write_plan
    from sco_cli.training.model import Line

    office = _office(tmp_path)
    plan = office / "training-plan.yaml"
    shutil.copy(EXAMPLES / "training-plan.yaml", plan)
    before = plan.read_text()
    mapping = load_mapping(
        _write(
            office / "lines.yaml",
            "kind: training_plan\nkey: [masl, start]\ndate_format: m/d/Y\ncolumns:\n  MASL: masl\n  Course: title\n"
            "  Start: {field: start, type: date}\n  Students: {field: students, type: number}\n"
            "  Cost: {field: cost_usd, type: money, format: '$#,##0'}\n",
        )
    )
    table = _write(
        office / "lines.csv",
        "MASL,Course,Start,Students,Cost\n"
        'P171004,Naval Staff College,10/14/2025,1,"$110,000"\n'  # the plan's own FY2026 line: unchanged
        'P171004,Naval Staff College,10/13/2026,2,"$220,000"\n'  # the same course, another class: a new line
        'p171004,Naval Staff College,10/13/2026,2,"$220,000"\n',  # the same key in another case: once
    )

    def run(list_path: tuple[str | int, ...]) -> tuple[object, str]:
        mapped = read_mapped(table, mapping, lambda _: False)
        store = ListStore(plan, list_path, mapping, "kind: training_plan\n")
        result = plan_import(mapped, store, Line, ImportOptions("lines.csv", date(2026, 12, 6)))
        write_plan(result)
        return result, plan.read_text()

    result, text = run(("years", 2026, "lines"))
    assert [r.key for r in result.added] == ["P171004 / 2026-10-13"]  # type: ignore[attr-defined]
    assert result.unchanged == 1 and [line for line, _ in result.rejected] == [4]  # type: ignore[attr-defined]
    rest = iter(text)
    assert all(char in rest for char in before)  # only insertions: every comment and value stays
    assert "        imported:\n          source: lines.csv\n" in text  # the matched line notes the table
    assert "      - masl: P171004\n        title: Naval Staff College\n        students: 2\n" in text
    result, text = run(("years", 2031, "lines"))  # a year the plan lacks: created with its lines
    assert "  2031:\n    lines:\n      - masl: P171004\n" in text
    _, payload = sco.json("training", "plan", "check", plan, "--as-of", DAY)
    assert not [f for f in payload["files"][0]["findings"] if f["code"].startswith("GEN")]
