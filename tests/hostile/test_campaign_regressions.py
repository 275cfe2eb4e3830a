"""What the hostile campaigns (bench/mutation_campaign.py, bench/signal_campaign.py) found, one test each,
through the real CLI: each failed before its fix."""

from __future__ import annotations

from tests.helpers import AS_OF, EXAMPLES


def _roster(sco, folder):
    (folder / "cases").mkdir()
    (folder / "s.yaml").write_text((EXAMPLES / "students" / "ready.yaml").read_text())
    result = sco("student", "export", folder / "s.yaml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_roster_without_its_header_line_never_shows_the_first_students_data(sco, tmp_path):
    """The key column missing: the first row may be a student's, so its cells are counted, not quoted
    (the refusal listed them as 'headers found', passport number and date of birth included)."""
    roster = _roster(sco, tmp_path)
    table = tmp_path / "roster.csv"
    table.write_text(roster.split("\n", 1)[1])  # the header line lost: the student's row comes first
    result = sco("student", "import", table, "--into", tmp_path / "students", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "no 'Service Number' column" in result.stderr
    assert "XS4821937" not in result.stderr and "4/17/1991" not in result.stderr, result.stderr
    assert "not shown" in result.stderr


def test_a_signal_after_the_command_is_done_does_not_kill_sco(sco, tmp_path):
    """sco's own process ignores SIGINT and SIGTERM once the command has finished: Python's exit puts
    their default action back, and a signal landing then killed sco by the signal after the register
    was written (signal campaign: `eum import` stopped as it finished, 1 run in 60, exit -2)."""
    import signal
    import subprocess
    import sys

    register = tmp_path / "eum.yaml"
    register.write_text((EXAMPLES / "eum.yaml").read_text())
    (tmp_path / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    table = tmp_path / "s.csv"
    table.write_text("Serial,Case,Description\nSN-1,XS-B-ZAC,AN/PVS-14 night vision monocular\n")
    late = (
        "import os, signal, sys, time\n"
        "from sco_cli.main import main\n"
        f"sys.argv = ['sco', 'eum', 'import', {str(table)!r}, '--into', {str(register)!r}]\n"
        "code = main()\n"
        "for signum in (signal.SIGINT, signal.SIGTERM):\n"
        "    os.kill(os.getpid(), signum)\n"
        "    time.sleep(0.05)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", late], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert "SN-1" in register.read_text()
    caller = signal.getsignal(signal.SIGINT)
    assert sco("eum", "check", register).exit_code in (0, 1)
    if caller is not signal.SIG_IGN:  # a caller running sco in-process keeps its Ctrl-C
        assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


def test_a_signal_right_after_the_temporary_file_is_recorded_leaves_no_part_file(sco, tmp_path, monkeypatch):
    """The stop signals are held while a temporary file is created and recorded, and taken as they are
    released: before the writer's `try`, so its clean-up never ran (signal campaign: SIGINT to a 2,000-row
    student import, 1 run in 40, a `.sco-*.part` left among the student files). Whatever ends the
    command, the recorded files go."""
    from sco_cli.core import office_write

    recorded = office_write.new_temporary

    def then_interrupted(path):
        recorded(path)
        raise KeyboardInterrupt  # what the released signal does at that very point

    monkeypatch.setattr(office_write, "new_temporary", then_interrupted)
    register = tmp_path / "eum.yaml"
    register.write_text((EXAMPLES / "eum.yaml").read_text())
    before = register.read_bytes()
    table = tmp_path / "s.csv"
    table.write_text("Serial,Case,Description\nSN-1,XS-B-ZAC,AN/PVS-14 night vision monocular\n")
    result = sco("eum", "import", table, "--into", register)
    assert result.exit_code == 130, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eum.yaml", "s.csv"]
    assert register.read_bytes() == before


def test_a_key_on_thousands_of_disagreeing_rows_is_reported_in_linear_size(sco, tmp_path):
    """Each row of a repeated key is named in its own message; each message listed every line of the
    key too, so the report grew with the square of the rows (mutation campaign: a training table
    repeated to 7,500 rows, 19 million line numbers, past the minute). Now the first lines and a count."""
    rows = ["Case,Status"] + [f"XS-B-ZAD,{'Offered' if n % 2 else 'Accepted'}" for n in range(3000)]
    table = tmp_path / "status.csv"
    table.write_text("\n".join(rows) + "\n")
    result = sco("case", "import", table, "--into", tmp_path / "cases", "--dry-run", "--as-of", AS_OF)
    lines = [line for line in result.stderr.splitlines() if "with different values" in line]
    assert len(lines) == 3000, result.stderr[-500:]  # every row still named, by its line
    assert "on lines 2, 3, 4, 5, 6 and 2,995 more with different values" in lines[0]
    assert max(map(len, lines)) < 300


def test_a_row_pasted_into_one_cell_is_not_quoted_with_the_personal_values_it_holds(sco, tmp_path):
    """Mutation campaign (seed 29): an XLSX cell under 'ITO Date' held a whole roster line, and the row's
    refusal quoted it, passport number, date of birth and place of birth included. A cell that cannot be
    read is quoted only when it holds nothing a personal cell of the table holds; a long one is cut."""
    import csv
    import io

    roster = _roster(sco, tmp_path)
    rows = list(csv.reader(io.StringIO(roster)))
    header, student = rows[0], rows[1]
    ito_date = header.index("ITO Date")
    pasted = list(student)
    pasted[ito_date] = ",".join(student)  # the whole line in one cell: passport, date of birth, ...
    typo = list(student)
    typo[header.index("Service Number")] = "XS-N-7"
    typo[ito_date] = "next Tuesday"
    long = list(student)
    long[header.index("Service Number")] = "XS-N-8"
    long[ito_date] = "soon " * 40
    table = tmp_path / "roster.csv"
    with table.open("w", newline="") as stream:
        csv.writer(stream).writerows([header, pasted, typo, long])
    result = sco("student", "import", table, "--into", tmp_path / "students", "--dry-run", "--as-of", AS_OF)
    assert result.exit_code == 1, result.stderr
    passport, birth = student[header.index("Passport Number")], student[header.index("Date of Birth")]
    assert passport not in result.stderr and birth not in result.stderr, result.stderr
    assert "'ITO Date' (not shown: it holds what a personal column holds)" in result.stderr
    assert "'ITO Date' 'next Tuesday' is not a date" in result.stderr  # an ordinary mistake is still quoted
    assert "'soon soon soon" in result.stderr and "soon " * 20 not in result.stderr  # cut at 60 characters
