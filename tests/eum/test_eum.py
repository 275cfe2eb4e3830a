"""End-use monitoring: the register check, the serial-number import from messy exports, the
inventory sheet, and the dates the calendar gathers."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sco_cli.core.pipeline import CheckOptions, check_paths
from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES, ROOT, docx_text, findings_of, golden

REGISTER = EXAMPLES / "eum.yaml"

# A scanner export as offices get them: byte-order mark, `;` separators, Windows line ends, a
# blank line, columns sco does not use, one serial scanned twice, one already in the register,
# one row without a serial, a value beyond the header's columns.
MESSY = (
    "\ufeffScan Time;Serial Number;Item;Case;Storage Site;Operator\r\n"
    "2026-11-20 10:01;PVS-90001;AN/PVS-14 night vision monocular;XS-B-ZAC;Exampleville garrison arms room;Sgt A\r\n"
    "\r\n"
    "2026-11-20 10:02;PVS-90002;AN/PVS-14 night vision monocular;XS-B-ZAC;Exampleville garrison arms room;Sgt A\r\n"
    "2026-11-20 10:03;pvs-90002;AN/PVS-14 night vision monocular;XS-B-ZAC;Exampleville garrison arms room;Sgt A\r\n"
    "2026-11-20 10:04;CLU-10231;Javelin command launch unit;XS-B-ZAB;Camp North ammunition depot;Sgt A\r\n"
    "2026-11-20 10:05;;;;;\r\n"
    "2026-11-20 10:06;HRP-1;Harpoon canister;XS-P-ABC;Naval Base South;Sgt B;stray\r\n"
    "2026-11-20 10:07;HRP-2;Harpoon canister;XS-P-ABC;Naval Base South;Sgt B\r\n"
    "\r\n"
)


@pytest.fixture
def office(tmp_path):
    shutil.copy(EXAMPLES / "sco.yaml", tmp_path / "sco.yaml")
    register = tmp_path / "eum.yaml"
    shutil.copy(REGISTER, register)
    return tmp_path


def test_example_register_is_clean_but_for_the_cav_reminder(sco):
    code, payload = sco.json("eum", "check", str(REGISTER), "--as-of", AS_OF)
    assert code == 0
    assert [f["code"] for f in findings_of(payload)] == ["EUM001"]
    facts = payload["files"][0]["facts"]
    assert facts["cav_window"] == ["2027-03-15", "2027-09-15"]
    assert {a["key"]: a["inventory_due"] for a in facts["articles"]}["NVD-01"] == "2026-11-30"


def test_cav_window_edges(sco, tmp_path):
    """Info before 18 months, warning from the first day of the window to its last, overdue after."""
    register = tmp_path / "eum.yaml"
    register.write_text("kind: eum\nlast_cav: 2025-05-24\n")
    seen = {}
    for day in ("2026-11-23", "2026-11-24", "2027-05-24", "2027-05-25"):
        _, payload = sco.json("check", str(register), "--as-of", day)
        seen[day] = [f["code"] for f in findings_of(payload) if f["code"] in ("EUM001", "EUM002", "EUM003")]
    assert seen == {
        "2026-11-23": ["EUM001"],
        "2026-11-24": ["EUM002"],
        "2027-05-24": ["EUM002"],
        "2027-05-25": ["EUM003"],
    }


def test_import_messy_export_reports_every_row_it_does_not_import(sco, office):
    export = office / "scan.csv"
    export.write_bytes(MESSY.encode("utf-8"))
    register = office / "eum.yaml"
    before = register.read_text()
    refused = sco("eum", "import", str(export), "--into", str(register), "-o", str(office / "other.yaml"))
    assert refused.exit_code == 2 and "-o goes with --inventory" in refused.stderr  # an import merges into --into
    assert register.read_text() == before and not (office / "other.yaml").exists()

    dry = sco("eum", "import", str(export), "--into", str(register), "--dry-run")
    assert dry.exit_code == 1 and "would write 1 file(s)" in dry.stdout
    assert register.read_text() == before

    result = sco("eum", "import", str(export), "--into", str(register))  # a merge: no --force needed
    assert result.exit_code == 1  # some rows were not imported
    err = result.stderr
    assert "column(s) not used: 'Scan Time', 'Operator'" in err
    assert "2 blank line(s) skipped: 3, 10" in err
    assert "scan.csv:5: not imported: repeats line 4 (Serial Number pvs-90002): imported once" in err
    assert "scan.csv:6" not in err  # CLU-10231 is in the register: its line, as the table says it, unchanged
    assert "scan.csv:7: not imported: no 'Serial Number' (the key): nothing to match the row to" in err
    assert "scan.csv:8: not imported: 1 value(s) beyond the header's 6 columns" in err
    out = result.stdout
    assert "change NVD-01: " in out and "(articles[1]) (line 2): serials (2 added)" in out
    assert "add Harpoon canister: " in out and "(articles[4]) (line 9)" in out
    assert "1 added, 1 changed, 1 unchanged, 3 row(s) not imported; wrote 1 file(s)" in out

    after = register.read_text()
    assert after.startswith(before.split("kind: eum")[0])  # the leading comments stay
    assert "# the next CAV is expected 18 to 24 months later" in after
    assert "PVS-90001, PVS-90002]" in after  # joined the existing NVD line, in its flow style
    _, payload = sco.json("eum", "check", str(register), "--as-of", AS_OF)
    facts = payload["files"][0]["facts"]
    harpoon = [a for a in facts["articles"] if a["case"] == "XS-P-ABC"]
    assert len(harpoon) == 1 and harpoon[0]["serials"] == 1
    assert "EUM006" in {f["code"] for f in findings_of(payload)}  # NVD quantity 6, now 8 serials


def test_import_creates_a_register_with_the_office_country(sco, office):
    export = office / "manifest.csv"
    export.write_text("S/N,Nomenclature,extra\nA-1,Radio,x\nA-2,Radio,y\n")
    target = office / "new" / "register.yaml"
    target.parent.mkdir()
    shutil.move(office / "sco.yaml", target.parent / "sco.yaml")
    result = sco("eum", "import", str(export), "--into", str(target), "--case", "XS-B-ZZZ", "--enhanced")
    assert result.exit_code == 0, result.output
    _, payload = sco.json("eum", "check", str(target), "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["country"] == "Republic of Examplestan"
    article = payload["files"][0]["facts"]["articles"][0]
    assert (article["case"], article["enhanced"], article["serials"]) == ("XS-B-ZZZ", True, 2)


def test_import_of_an_inventory_scan_records_what_was_seen(sco, office):
    scan = office / "scan.csv"
    scan.write_text("Serial\tOperator\nCLU-10231\tA\nclu-10232\tA\nCLU-10233\tA\nXYZ-9\tA\n")
    out = office / "after.yaml"
    register = str(office / "eum.yaml")
    inventory = ("--inventory", "2026-11-22", "--by", "MAJ Stone")
    result = sco("eum", "import", str(scan), "--into", register, *inventory, "-o", str(out))
    assert result.exit_code == 1
    assert "scan.csv:5: not imported: serial XYZ-9 is not in the register" in result.stderr
    assert "JAV-CLU-01: not seen on 2026-11-22: CLU-10234" in result.stderr
    _, payload = sco.json("eum", "check", str(out), "--as-of", AS_OF)
    missing = [f for f in findings_of(payload) if f["code"] == "EUM006"]
    assert len(missing) == 1 and "CLU-10234" in missing[0]["message"]
    # the same scan again adds nothing twice
    again = sco("eum", "import", str(scan), "--into", str(out), "--inventory", "2026-11-22", "--force")
    assert "0 serial number(s) recorded as seen" in again.stdout
    assert out.read_text().count("2026-11-22") == 1


@pytest.mark.parametrize(
    ("register_text", "csv_bytes", "says"),
    [
        ("kind: eum\narticles: []\n", b"Item,Case\nRadio,X\n", "no 'Serial' column, the key of mapping eum-serials"),
        ("kind: eum\narticles: []\n", b"\x00\x01PK\x03\x04binary", "binary data"),
        ("kind: eum\narticles: []\n", b"", "the file is empty"),
        ("kind: eum\na: &x 1\nb: *x\n", b"serial\nA\n", "fix the file first"),
        ("kind: lor\nid: X\n", b"serial\nA\n", "not an EUM register"),
        ("kind: eum\narticles: []\n", b"Serial,S/N\nA,B\n", "both give the serial"),
    ],
)
def test_import_refuses_what_it_cannot_use(sco, tmp_path, register_text, csv_bytes, says):
    register = tmp_path / "eum.yaml"
    register.write_text(register_text)
    export = tmp_path / "x.csv"
    export.write_bytes(csv_bytes)
    result = sco("eum", "import", str(export), "--into", str(register), "--force")
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "Traceback" not in result.output
    assert register.read_text() == register_text


def test_import_refuses_a_folder_or_an_oversized_field(sco, tmp_path):
    export = tmp_path / "x.csv"
    export.write_text("serial\n" + "A" * 200_000 + "\n")
    result = sco("eum", "import", str(export), "--into", str(tmp_path / "r.yaml"))
    assert result.exit_code == 1 and "x.csv:2: not imported: a value longer than 10,000 characters" in result.stderr
    export.write_text("serial,description\nA-1,Radio\n")
    result = sco("eum", "import", str(export), "--into", str(tmp_path))
    assert result.exit_code == 2 and "a folder, not a register file" in result.stderr


def test_import_refuses_hostile_rows(sco, tmp_path):
    export = tmp_path / "x.csv"
    export.write_text(
        "serial,description,arrival,enhanced\n"
        "OK-1,Radio,2026-01-02,yes\n"
        "\x1b[2J,Radio,,\n"
        f"{'9' * 200},Radio,,\n"
        "OK-2,Radio,02/01/2026,\n"
        "OK-3,Radio,,maybe\n"
    )
    result = sco("eum", "import", str(export), "--into", str(tmp_path / "r.yaml"))
    assert result.exit_code == 1
    for line in (3, 4, 5, 6):
        assert f"x.csv:{line}: not imported" in result.stderr
    assert "1 added, 0 changed, 0 unchanged, 4 row(s) not imported" in result.stdout


def test_inventory_sheet_groups_serials_by_site(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    sheet = tmp_path / "sheet.docx"
    result = sco("eum", "inventory", "examples/eum.yaml", "-o", str(sheet), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = docx_text(sheet.read_bytes())
    golden("eum-inventory.txt", text)
    assert text.startswith("[header] CUI")
    assert "M35" not in text  # disposed articles are not inventoried
    assert sco("eum", "inventory", str(REGISTER), "-o", str(sheet)).exit_code == 2  # no overwrite

    table = tmp_path / "sheet.csv"
    assert sco("eum", "inventory", str(REGISTER), "-o", str(table), "--enhanced-only").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert [r["serial"] for r in rows[:2]] == ["CLU-10231", "CLU-10232"]
    assert {r["site"] for r in rows} == {"Camp North ammunition depot", "Exampleville garrison arms room"}
    assert all(r["found"] == "" and r["eeum"] == "yes" for r in rows)
    assert sco("eum", "inventory", str(REGISTER), "-o", str(tmp_path / "x.txt")).exit_code == 2


def test_calendar_events_of_a_register():
    from sco_cli.eum.events import events

    report = check_paths([str(REGISTER)], KINDS, CheckOptions(date.fromisoformat(AS_OF), keep_models=True))
    found = list(events(report.files[0]))
    cav = next(e for e in found if e.key.startswith("eum-cav:"))
    assert (cav.day, cav.end, cav.reference) == (date(2027, 3, 15), date(2027, 9, 15), "SAMM C2.1.5.6.1")
    due = {e.key: (e.day, e.line) for e in found if e.key.startswith("eum-inventory:")}
    assert due == {
        "eum-inventory:JAV-CLU-01": (date(2027, 4, 20), 17),
        "eum-inventory:NVD-01": (date(2026, 11, 30), 30),
    }
    assert all(e.category == "eum" and e.source == str(REGISTER) for e in found)


# ---------------------------------------------------------------------------------------------
# Issue 20 points 1, 2 and 7: imports that lose nothing


def _run_sco(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sco_cli", *args], capture_output=True, text=True, timeout=120)


def test_two_imports_at_once_lose_nothing(tmp_path):
    """Both land, or the later one is refused (exit 2, one line) and adds nothing: never exit 0 with
    the other's serials silently dropped."""
    register = tmp_path / "eum.yaml"
    register.write_text("kind: eum\narticles: []\n")
    exports = []
    for name in ("a", "b"):
        export = tmp_path / f"{name}.csv"
        export.write_text("serial,description\n" + "".join(f"{name}-{i},Radio {name}\n" for i in range(2000)))
        exports.append(export)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "sco_cli", "eum", "import", str(e), "--into", str(register)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for e in exports
    ]
    results = [(run.wait(120), run.stderr.read()) for run in runs]
    text = register.read_text()
    for (code, err), name in zip(results, ("a", "b"), strict=True):
        landed = f"{name}-1999" in text
        assert (code == 0 and landed) or (code == 2 and not landed and "changed while sco" in err), (code, err)
    assert any(code == 0 for code, _ in results)


def test_an_edit_during_an_import_is_never_overwritten(tmp_path):
    """The change is computed from a snapshot; an edit saved before the rename refuses the write."""
    from sco_cli.core.table_import import ImportOptions, plan_import, read_mapped, shipped_mapping, write_plan
    from sco_cli.eum import importer
    from sco_cli.eum.model import Article

    register = tmp_path / "eum.yaml"
    register.write_text("kind: eum\narticles: []\n")
    export = tmp_path / "a.csv"
    export.write_text("serial,description\nA-1,Radio\n")
    mapping = shipped_mapping("eum-serials")
    store = importer.SerialStore(register, mapping, "", {})
    mapped = read_mapped(export, mapping, lambda _: False)
    store.placing(mapped)
    plan = plan_import(mapped, store, Article, ImportOptions("a.csv", date(2026, 12, 6)))
    assert plan.writes and "A-1" in plan.writes[0][1]
    register.write_text("kind: eum\ncountry: edited by hand\narticles: []\n")
    with pytest.raises(Exception, match="changed while sco was working on it"):
        write_plan(plan)
    assert "edited by hand" in register.read_text() and "A-1" not in register.read_text()


@pytest.mark.parametrize(
    "register_text",
    [
        "kind: eum\narticles:\n  - description: Radio\n    serials: S-1\n",
        "kind: eum\narticles:\n  - description: Radio\n    quantity: 1" + "9" * 4400 + "\n",
    ],
)
def test_a_register_with_a_model_error_the_import_would_add_to_is_refused(sco, tmp_path, register_text):
    register = tmp_path / "eum.yaml"
    register.write_text(register_text)
    export = tmp_path / "a.csv"
    export.write_text("serial,description\nS-2,Radio\n")
    result = sco("eum", "import", str(export), "--into", str(register))
    assert result.exit_code == 2 and "fix the register first" in result.stderr, result.output
    assert register.read_text() == register_text


def test_an_inventories_mapping_is_refused_not_deleted(sco, tmp_path):
    text = "kind: eum\narticles:\n  - description: Radio\n    serials: [S-1]\n    inventories: {date: 2026-01-02}\n"
    register = tmp_path / "eum.yaml"
    register.write_text(text)
    scan = tmp_path / "scan.csv"
    scan.write_text("serial\nS-1\n")
    result = sco("eum", "import", str(scan), "--into", str(register), "--inventory", "2026-11-22")
    assert result.exit_code == 2 and "fix the register first" in result.stderr
    assert register.read_text() == text


def test_errors_elsewhere_do_not_stop_an_import_and_nothing_else_changes(sco, tmp_path):
    """What `eum check` reads, `eum import` reads: an impossible last_cav, a %YAML 1.1 register with CRLF,
    a BOM, a long line and odd indentation; every line it did not add stays byte for byte."""
    text = (
        "\ufeff%YAML 1.1\r\n---\r\nkind: eum\r\nlast_cav: 2026-02-30\t\r\n"
        "country: Republic of Examplestan  # " + "x" * 200 + "\r\narticles:\r\n"
        "    -   description: Radio\r\n        case: XS-B-ZZZ\r\n        serials: [000123, 0x1F, NO, ON]\r\n"
    )
    register = tmp_path / "eum.yaml"
    register.write_bytes(text.encode("utf-8"))
    export = tmp_path / "a.csv"
    export.write_text("serial,description,case\n123,Radio,XS-B-ZZZ\n31,Radio,XS-B-ZZZ\nS-9,Truck,XS-B-ZZZ\n")
    result = sco("eum", "import", str(export), "--into", str(register))
    assert result.exit_code == 0, result.output
    after = register.read_bytes().decode("utf-8")
    assert after.startswith(text.split("serials:")[0])
    assert 'serials: [000123, 0x1F, NO, ON, "123", "31"]\r\n' in after  # compared as text: new serials
    assert "\n" not in after.replace("\r\n", "")
    assert after.count("\ufeff") == 1


def test_a_symlinked_register_is_written_through(sco, tmp_path):
    real = tmp_path / "shared.yaml"
    real.write_text("kind: eum\narticles: []\n")
    link = tmp_path / "eum.yaml"
    link.symlink_to(real)
    export = tmp_path / "a.csv"
    export.write_text("serial,description\nA-1,Radio\n")
    assert sco("eum", "import", str(export), "--into", str(link)).exit_code == 0
    assert link.is_symlink() and "A-1" in real.read_text()


def test_a_result_sco_would_refuse_is_not_written(sco, tmp_path):
    register = tmp_path / "eum.yaml"
    register.write_text("kind: eum\narticles: []\n")
    export = tmp_path / "a.csv"
    export.write_text("serial,description\n" + "".join(f"SERIAL-NUMBER-{i:08d},Radio\n" for i in range(260_000)))
    result = sco("eum", "import", str(export), "--into", str(register))
    assert result.exit_code == 2 and "sco reads at most" in result.stderr
    assert register.read_text() == "kind: eum\narticles: []\n"


def test_an_inventory_scan_touching_several_articles(sco, tmp_path, monkeypatch):
    """The shipped example: a scan of serials of two articles (it failed on an `&id001` anchor)."""
    register = tmp_path / "eum.yaml"
    shutil.copy(REGISTER, register)
    scan = tmp_path / "scan.csv"
    scan.write_text("serial\nCLU-10231\nPVS-88101\nPVS-88102\n")
    result = sco("eum", "import", str(scan), "--into", str(register), "--inventory", "2026-11-22")
    assert result.exit_code == 0, result.output
    text = register.read_text()
    assert "&" not in text and "*id" not in text and text.count("date: 2026-11-22") == 2
    code, payload = sco.json("eum", "check", str(register), "--as-of", AS_OF)
    assert code in (0, 1) and payload["files"][0]["facts"]["articles"]


@pytest.mark.parametrize(
    ("serial", "why"),
    [
        ("PVS\u200b88101", "U+200B"),
        ("\u202eTESTXS", "U+202E"),
    ],
)
def test_invisible_and_bidi_characters_are_refused(sco, office, serial, why):
    export = office / "a.csv"
    export.write_text(f"serial,description\n{serial},Radio\n", encoding="utf-8")
    result = sco("eum", "import", str(export), "--into", str(office / "eum.yaml"))
    assert (
        result.exit_code == 1
        and f"a.csv:2: not imported: 'serial' holds an invisible or control character ({why})" in result.stderr
    )
    assert serial not in result.output


def test_look_alike_serials_are_the_same_serial(sco, office):
    export = office / "a.csv"
    export.write_text("serial,description\n\uff30\uff36\uff33-88101,Radio\npvs-88101\u00a0,Radio\n", encoding="utf-8")
    register = office / "eum.yaml"
    before = register.read_text()
    result = sco("eum", "import", str(export), "--into", str(register))
    assert result.exit_code == 1  # both rows are the serial NVD-01 holds, which names another item
    assert "1 unchanged, 1 with hand edits kept" in result.stdout and "repeats line 2" in result.stderr
    assert "(articles[1]): description differs from the table (line 2)" in result.stderr
    assert register.read_text().count("PVS-88101") == before.count("PVS-88101")  # not added a second time


@pytest.mark.parametrize(
    ("data", "note"),
    [
        ("serial,description\nA-\u00e9,Radio\n".encode("utf-16"), ""),
        ("\ufeffserial,description\nA-\u00e9,Radio\n".encode(), ""),
        ("serial,description\nA-\u00e9,Radio\n".encode("cp1252"), "read as Windows-1252"),
    ],
)
def test_the_encoding_is_decided_once_per_file(sco, tmp_path, data, note):
    register = tmp_path / "eum.yaml"
    export = tmp_path / "a.csv"
    export.write_bytes(data)
    result = sco("eum", "import", str(export), "--into", str(register))
    assert result.exit_code == 0, result.output
    assert "A-\u00e9" in register.read_text(encoding="utf-8")
    assert (note in result.stderr) if note else ("Windows-1252" not in result.stderr)


def test_an_unclosed_quote_names_the_rows_it_swallows(sco, tmp_path):
    export = tmp_path / "a.csv"
    export.write_text('serial,description\nA-1,Radio\nA-2,"Radio\nA-3,Radio\n')
    result = sco("eum", "import", str(export), "--into", str(tmp_path / "r.yaml"))
    assert result.exit_code == 1
    assert "a.csv:3: not imported: a quote opened on this line is never closed: lines 3 to 4 not read" in result.stderr


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, getattr(value, "raw", value)


serial_text = st.text(st.sampled_from("AB019-x. \u00e9"), min_size=1, max_size=6).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    existing=st.lists(st.lists(serial_text, max_size=4), min_size=0, max_size=3),
    flow=st.booleans(),
    crlf=st.booleans(),
    table=st.lists(st.tuples(serial_text, st.sampled_from(["Radio", "Truck", "0777"])), max_size=8),
)
def test_every_existing_value_survives_byte_for_byte(tmp_path_factory, existing, flow, crlf, table):
    """For any register sco reads and any table: the import only inserts (every old character is still
    there, in order), and every old value reads back the same (its text, not its number)."""
    from sco_cli.core.loader import parse_document
    from sco_cli.core.yaml_edit import flow_text
    from tests.helpers import Sco

    nl = "\r\n" if crlf else "\n"
    lines = ["%YAML 1.1", "---", "kind: eum", "mode: 0777   # kept", "articles:"]
    for number, serials in enumerate(existing):
        lines += ["  - description: Radio", f"    id: L{number}"]
        if flow:
            lines.append(f"    serials: {flow_text(serials)}")
        elif serials:
            lines.append("    serials:")
            lines += [f"      - {flow_text(s)}" for s in serials]
    text = nl.join(lines) + nl
    before = parse_document(text, "r")
    if not before.ok:
        return
    folder = tmp_path_factory.mktemp("t")
    export = folder / "a.csv"
    with open(export, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([("serial", "description"), *table])
    register = folder / "r.yaml"
    register.write_bytes(text.encode("utf-8"))
    result = Sco()("eum", "import", export, "--into", register, "--as-of", AS_OF)
    new_text = register.read_bytes().decode("utf-8")
    if result.exit_code == 2:  # a table sco cannot use (no rows at all): nothing written
        assert new_text == text and "Traceback" not in result.output
        return
    assert result.exit_code in (0, 1), result.output
    after = parse_document(new_text, "r")
    assert after.ok, after.findings
    rest = iter(new_text)
    assert all(char in rest for char in text)  # only insertions: the old text is a subsequence of the new
    new_values = dict(_leaves(after.data))
    for path, value in _leaves(before.data):
        if value is not None:  # `articles:` written empty is filled
            assert new_values[path] == value


def test_a_serial_for_the_last_article_and_a_new_article_each_go_to_their_own(sco, tmp_path):
    """Found by the property test: the key put into the register's last article and the article appended
    after it are inserted at the same place; the new article came first and took the key (a duplicate
    `serials:`, and the Radio's serial filed under the Truck)."""
    register = tmp_path / "eum.yaml"
    register.write_text("kind: eum\narticles:\n  - description: Radio\n    id: L0\n")
    export = tmp_path / "a.csv"
    export.write_text("serial,description\n0,Radio\n00,Truck\n")
    result = sco("eum", "import", str(export), "--into", str(register))
    assert result.exit_code == 0, result.output
    text = register.read_text()
    assert text.startswith('kind: eum\narticles:\n  - description: Radio\n    id: L0\n    serials:\n      - "0"\n')
    assert text.count("  serials:\n") == 2 and sco("eum", "check", register, "--as-of", AS_OF).exit_code == 0


# ---------------------------------------------------------------------------------------------
# Issue 23 point 2: `sco eum import` merges as every import does


def test_eum_import_merges_as_every_import(sco, tmp_path):
    """A new register is created with provenance; a second import keeps a hand edit and says so, follows
    a value the export changed, adds serials and lines, and names the serials gone from the table;
    --force replaces the hand edit; a line whose serials all left the table is gone, never deleted."""
    register = tmp_path / "eum.yaml"
    first = tmp_path / "deliveries.csv"
    first.write_text(
        "Serial,Item,Case,Site,Arrival\n"
        "S-1,Radio,XS-B-ZZZ,Depot,2026-11-01\n"
        "S-2,Radio,XS-B-ZZZ,Depot,2026-11-01\n"
        "T-1,Truck,XS-B-ZZZ,Depot,2026-11-02\n"
    )
    created = sco("eum", "import", first, "--into", register, "--as-of", "2026-12-06")
    assert created.exit_code == 0, created.output
    assert "2 added, 0 changed, 0 unchanged; wrote 1 file(s)" in created.stdout
    text = register.read_text()
    assert text.startswith("kind: eum\n") and text.count("source: deliveries.csv") == 2
    assert text.count("at: 2026-12-06") == 2 and "row: 2" in text and "row: 4" in text
    assert sco("eum", "check", register, "--as-of", AS_OF).exit_code == 0

    register.write_text(text.replace("arrival: 2026-11-01", "arrival: 2026-11-03  # the real day"))
    first.write_text(
        "Serial,Item,Case,Site,Arrival\n"
        "S-1,Radio,XS-B-ZZZ,Depot,2026-11-01\n"
        "S-5,Radio,XS-B-ZZZ,Depot,2026-11-01\n"
        "T-1,Truck,XS-B-ZZY,Depot,2026-11-02\n"
        "B-1,Boat,XS-B-ZZZ,Harbour,\n"
    )
    again = sco("eum", "import", first, "--into", register, "--as-of", "2026-12-07")
    assert again.exit_code == 1, again.output  # a hand edit kept
    out, err = again.stdout, again.stderr
    assert "change Radio: " in out and "(articles[0]) (line 2): serials (1 added)" in out
    assert "change Truck: " in out and "(articles[1]) (line 4): case (XS-B-ZZZ -> XS-B-ZZY)" in out
    assert "add Boat: " in out and "(articles[2]) (line 5)" in out
    assert "(articles[0]): arrival differs from the table (line 2): the file's value was edited by hand" in err
    assert "gone: " in err and "(articles[0]): serials S-2 came from deliveries.csv" in err
    assert "1 added, 2 changed, 0 unchanged, 1 with hand edits kept, 1 gone; wrote 1 file(s)" in out
    text = register.read_text()
    assert "arrival: 2026-11-03  # the real day" in text and "S-2" in text  # kept, never removed
    assert "case: XS-B-ZZY" in text and "S-5" in text and "at: 2026-12-07" in text

    forced = sco("eum", "import", first, "--into", register, "--as-of", "2026-12-07", "--force")
    assert forced.exit_code == 0, forced.output
    assert "(line 2): arrival (2026-11-03 -> 2026-11-01)" in forced.stdout
    assert "arrival: 2026-11-01  # the real day" in register.read_text()  # the value replaced, its comment kept
    assert "serials S-2 came from deliveries.csv" in forced.stderr  # said until the office deals with it

    first.write_text("Serial,Item,Case,Site,Arrival\nS-1,Radio,XS-B-ZZZ,Depot,2026-11-01\n")
    last = sco("eum", "import", first, "--into", register, "--as-of", "2026-12-08", "--dry-run")
    assert last.exit_code == 0, last.output
    assert "(articles[2]) came from deliveries.csv and is not in it now: kept" in last.stderr
    assert "0 added, 0 changed, 1 unchanged, 3 gone; would write 0 file(s)" in last.stdout  # nothing new
    assert "serials S-2, S-5 came from" in last.stderr and "B-1" in register.read_text()


def test_eum_import_takes_another_layout_through_a_mapping(sco, tmp_path):
    mapping = tmp_path / "scanner.yaml"
    mapping.write_text(
        "mapping: depot-scanner\nkind: eum\nkey: serial\ndate_format: m/d/Y\ncolumns:\n"
        "  Tag: serial\n  Nomenclature: description\n  Received: {field: arrival, type: date}\n"
    )
    table = tmp_path / "scan.csv"
    table.write_text("Tag,Nomenclature,Received\nR-1,Radio,11/30/2026\n")
    register = tmp_path / "eum.yaml"
    result = sco("eum", "import", table, "--into", register, "--mapping", mapping, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "arrival: 2026-11-30" in register.read_text()
    wrong = tmp_path / "case.yaml"
    wrong.write_text(mapping.read_text().replace("kind: eum", "kind: case"))
    refused = sco("eum", "import", table, "--into", register, "--mapping", wrong)
    assert refused.exit_code == 2 and "a mapping for kind case, not eum" in refused.stderr


def test_rows_of_one_line_that_disagree_are_named(sco, tmp_path):
    register = tmp_path / "eum.yaml"
    table = tmp_path / "a.csv"
    table.write_text("serial,description,arrival\nA-1,Radio,2026-11-01\nA-2,Radio,2026-11-02\n")
    result = sco("eum", "import", table, "--into", register, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "a.csv:3: not imported: serial A-2: 'arrival' differs from line 2" in result.stderr
    assert "A-1" in register.read_text() and "A-2" not in register.read_text()


def test_the_json_report_has_the_shape_of_every_import(sco, tmp_path):
    """`--format json`: the same keys as `sco case import`'s, what the text says (added, changed, kept,
    gone, rows not imported), the register written as the text report's run writes it."""
    register = tmp_path / "eum.yaml"
    table = tmp_path / "a.csv"
    table.write_text("serial,description,arrival\nA-1,Radio,2026-11-01\nA-2,Radio,2026-11-01\nB-1,Truck,\n")
    code, first = sco.json("eum", "import", table, "--into", register, "--as-of", AS_OF)
    assert code == 0 and first["added"][0]["key"] == "Radio" and first["files"] == [str(register)]
    assert first["written"] is True and first["sco_version"] and "imported:" in register.read_text()
    extract = tmp_path / "extract.csv"
    extract.write_text("Case,Status\nXS-B-ZZZ,Offered\n")
    _, case = sco.json("case", "import", extract, "--into", tmp_path / "cases", "--as-of", AS_OF)
    fmt = tmp_path / "fmt.csv"
    fmt.write_text(
        "Country,Program,Course Title,US Unit,Student Unit,Start Date,End Date,Location,Quantity,Total Cost\n"
        'Republic of Examplestan,IMET-1,Course A,Unit 1,Brigade 1,1/5/2027,2/5/2027,"Base, Texas",2,"$1,000"\n'
    )
    _, training = sco.json("training", "import", fmt, "--into", tmp_path / "plan.yaml", "--fy", "2027")
    assert set(first) == set(case) == set(training) and training["added"]

    register.write_text(register.read_text().replace("arrival: 2026-11-01", "arrival: 2026-11-02"))
    table.write_text("serial,description,arrival\nA-1,Radio,2026-11-01\nA-3,Radio,2026-11-01\n,Radio,\n")
    code, again = sco.json("eum", "import", table, "--into", register, "--as-of", AS_OF, "--dry-run")
    assert code == 1 and again["written"] is False and again["dry_run"] is True
    assert [(c["key"], c["fields"]) for c in again["changed"]] == [("Radio", {"serials": "1 added"})]
    assert [(c["key"], c["fields"]) for c in again["kept"]] == [("Radio", ["arrival"])]
    assert len(again["gone"]) == 2 and any("serials A-2" in g for g in again["gone"])
    assert [r["line"] for r in again["not_imported"]] == [4]
    assert "A-3" not in register.read_text()  # a dry run


def test_the_options_for_rows_without_a_value_place_new_serials_and_never_change_a_line(sco, office):
    """`--case` is the case of a new serial a row gives none: a serial the register holds stays on its
    line as it is (it used to be refused; a default then read as the table's value would have been a
    hand edit to report, and with --force a line's case changed by an option)."""
    register = office / "eum.yaml"
    export = office / "a.csv"
    export.write_text("serial,description\nCLU-10231,Javelin command launch unit\nNEW-1,Radio\n")
    result = sco("eum", "import", export, "--into", register, "--case", "XS-B-ZZZ", "--force", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "add Radio: " in result.stdout and "1 added, 0 changed, 1 unchanged" in result.stdout
    text = register.read_text()
    assert text.count("case: XS-B-ZZZ") == 1 and "case: XS-B-ZAB" in text
