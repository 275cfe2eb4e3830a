"""Hostile mutation campaign: every example and fixture input, mutated at random (fixed seed), through the
real commands. Clean means: never exit 3, never a traceback, never a hang, never a planted private value
on standard output or error (or in JSON), `--format json` always JSON, nothing left in the temporary
folder or written to $HOME, no partial file next to an output.

    python bench/mutation_campaign.py --minutes 25 --seed 20 [--report campaign.json]

Inputs: examples/**/*.yaml, tests/fixtures/**/*.yaml, tests/hostile/cases/*, the import tables the
exports write (student roster, case status, EUM serials and scan, FMT report; CSV and XLSX), Word files sco writes (for
`translation mark` and as `reference_docx`). Student files carry private canaries (passport number,
dates of birth, medical values, place of birth) that no message may show.

Mutations: byte level (flip, truncate, control characters, BOMs, invalid UTF-8, a line repeated, so
duplicate keys), YAML level (deep nesting, huge numbers, anchors and aliases named after a private value,
tags, kinds changed, types swapped, lists where mappings were), table level (cells swapped for
hostile ones, encodings), Word level (parts dropped, relationships broken, XML truncated).

Each run is the real entry point (`sco_cli.main.main`) in a forked child of this process (sco imported
once, so thousands of runs fit in minutes), in its own process group, killed after --timeout seconds.
"""

from __future__ import annotations

import argparse
import atexit
import codecs
import collections
import io
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import written_under  # noqa: E402 - what a run left under HOME, the tests' own judge

EXAMPLES = ROOT / "examples"
AS_OF = "2026-11-24"

# Private canaries, planted in every student file (ISO) and roster (m/d/yyyy). None may reach a message.
PASSPORT = "QZ9187345"
BIRTH = "1979-08-23"
DEPENDENT_BIRTH = "2012-02-29"
EXAM = "2026-09-17"
EXPIRES = "2030-05-19"
PLACE = "Quarrytown"
DOCTOR = "Dr. Q. Zorbeck"
CANARIES = (PASSPORT, BIRTH, DEPENDENT_BIRTH, EXAM, EXPIRES, PLACE, DOCTOR, "8/23/1979", "5/19/2030", "Zorbeck")

KIND_COMMANDS = {
    "student": ["student", "ito", "prominence", "fmt"],
    "lor": ["lor", "route", "cta", "javits"],
    "forecast": ["forecast", "forecast_report", "javits"],
    "budget": ["budget", "justify"],
    "eum": ["eum", "inventory", "eum_import"],
    "case": ["case", "case_status"],
    "training_plan": ["training_plan", "fmt"],
    "industry_visit": ["industry"],
    "visit": ["visit"],
    "office": ["office"],
    "graduate": ["prominence"],
}


@dataclass
class Seed:
    name: str
    kind: str  # a YAML file's kind, or "table-student", "table-case", "table-eum", "docx"
    data: bytes
    suffix: str = ".yaml"


@dataclass
class Outcome:
    command: list[str]
    code: int | None
    stdout: bytes
    stderr: bytes
    seconds: float
    problems: list[str] = field(default_factory=list)


def plant(text: str) -> str:
    """The example student's private values replaced by the canaries."""
    text = re.sub(r"(?m)^(\s*number:\s*)[A-Z]{2}\d{7}\s*$", rf"\g<1>{PASSPORT}", text)
    text = re.sub(r"(?m)^date_of_birth:.*$", f"date_of_birth: {BIRTH}", text)
    text = re.sub(r"(?m)^(\s+)date_of_birth:.*$", rf"\g<1>date_of_birth: {DEPENDENT_BIRTH}", text)
    text = re.sub(r"(?m)^(\s*exam_date:\s*)\S+", rf"\g<1>{EXAM}", text)
    text = re.sub(r"(?m)^(\s*expires:\s*)\S+", rf"\g<1>{EXPIRES}", text, count=1)
    text = re.sub(r"(?m)^place_of_birth:.*$", f"place_of_birth: {PLACE}", text)
    text = re.sub(r"(?m)^(\s*authority:\s*)Dr\..*$", rf"\g<1>{DOCTOR}", text)
    return text


def kind_of(data: bytes) -> str:
    match = re.search(rb"(?m)^kind:\s*([a-z_]+)", data)
    return match.group(1).decode() if match else "unknown"


def yaml_seeds() -> list[Seed]:
    paths = sorted(EXAMPLES.rglob("*.yaml"))
    paths += sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    paths += sorted(p for p in (ROOT / "tests" / "hostile" / "cases").glob("*") if p.is_file())
    seeds = []
    for path in paths:
        data = path.read_bytes()
        kind = kind_of(data)
        if kind == "student":
            data = plant(data.decode("utf-8", "replace")).encode()
        seeds.append(Seed(str(path.relative_to(ROOT)), kind, data, path.suffix or ".yaml"))
    return seeds


# ---------------------------------------------------------------- running sco in a forked child


class Runner:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        from sco_cli.main import main

        self.main = main

    def __call__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> Outcome:
        out = tempfile.TemporaryFile(dir=env["SCO_CAMPAIGN_SCRATCH"])  # noqa: SIM115 - closed below
        err = tempfile.TemporaryFile(dir=env["SCO_CAMPAIGN_SCRATCH"])  # noqa: SIM115
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: sco, as the console script would run it
            code = 98
            try:
                os.setpgid(0, 0)
                os.chdir(cwd)
                os.environ.clear()
                os.environ.update(env)
                tempfile.tempdir = None
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
                sys.stderr = io.TextIOWrapper(
                    io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True
                )
                code = self.main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 97
            finally:
                try:
                    atexit._run_exitfuncs()
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code if isinstance(code, int) else 96)
        code: int | None = None
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > self.timeout:
                _kill_group(pid)
                os.waitpid(pid, 0)
                break
            time.sleep(0.005)
        _kill_group(pid)  # anything the run left behind in its group (workers, office)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        outcome = Outcome(argv, code, out.read(), err.read(), seconds)
        out.close()
        err.close()
        return outcome


def _kill_group(pgid: int) -> bool:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def survivors(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


# ---------------------------------------------------------------- mutations


HOSTILE_SCALARS = [
    "9" * 4400,
    "-1",
    "0",
    "1e999",
    ".nan",
    "-.inf",
    "0x1F",
    "0o777",
    "000123",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "2026-13-45",
    "~",
    "null",
    "NO",
    "ON",
    "yes",
    "''",
    "' '",
    '"\\u202e\\u200b\\x00\\x1b[31m"',
    '"a\\tb\\rc"',
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']",
    "!custom x",
    "!!int abc",
    "!!timestamp nope",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: 1, a: 2}",
    "x" * 70000,
    f"*{PASSPORT}",
    "$x^2$ \\frac{a}{b}",
    '=HYPERLINK("http://x")',
    "{{ 7*7 }}",
    "%PDF-1.4",
    "../../etc/passwd",
    "/dev/zero",
    "CON",
    "\\\\server\\share",
    "2026-11-24T25:61:00",
    "1_000_000",
    "4.6M",
    "$4,634,880",
    "12:30:00",
    "-",
    "@",
    "+1",
]

KINDS = [
    "student",
    "lor",
    "forecast",
    "budget",
    "eum",
    "case",
    "training_plan",
    "industry_visit",
    "visit",
    "office",
    "graduate",
    "Student",
    "STUDENT",
    "",
    "unknown",
    "[student]",
]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def m_flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data or b" ")
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def m_truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def m_control(rng: random.Random, data: bytes) -> bytes:
    chars = [
        b"\x00",
        b"\x07",
        b"\x1b[2J",
        b"\x7f",
        b"\r",
        b"\x0b",
        b"\x0c",
        "\u202e".encode(),
        "\u200b".encode(),
        "\ufeff".encode(),
        "\u2028".encode(),
        "\x85".encode(),
        b"\t",
    ]
    buf = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(buf) + 1)
        buf[i:i] = rng.choice(chars)
    return bytes(buf)


def m_bom(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return codecs.BOM_UTF8 + data
    if choice == 1:
        return codecs.BOM_UTF8 + codecs.BOM_UTF8 + data
    text = data.decode("utf-8", "replace")
    if choice == 2:
        return text.encode("utf-16")
    if choice == 3:
        return text.encode("utf-16-be")
    return codecs.BOM_UTF32_LE + text.encode("utf-32-le")


def m_invalid_utf8(rng: random.Random, data: bytes) -> bytes:
    bad = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80", b"\xe9", b"\xc0\xaf"]
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(buf) + 1)
        buf[i:i] = rng.choice(bad)
    return bytes(buf)


def m_duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines) + 1)
    lines.insert(j if rng.random() < 0.5 else i, lines[i])
    return b"".join(lines)


def m_delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    del lines[i : i + rng.randint(1, 4)]
    return b"".join(lines)


def m_crlf(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b" \t\n"]))


def _value_lines(data: bytes) -> list[int]:
    return [i for i, line in enumerate(_lines(data)) if re.match(rb"^\s*(- )?[A-Za-z_]\w*:\s*\S", line)]


def m_scalar(rng: random.Random, data: bytes) -> bytes:
    """A value swapped for a hostile one (type swaps, huge numbers, tags, mathtext, formulas...)."""
    lines = _lines(data)
    spots = _value_lines(data)
    if not spots:
        return data + b"x: " + rng.choice(HOSTILE_SCALARS).encode() + b"\n"
    for _ in range(rng.randint(1, 3)):
        i = rng.choice(spots)
        head = re.match(rb"^(\s*(?:- )?[A-Za-z_]\w*:\s*)", lines[i])
        assert head
        end = b"\r\n" if lines[i].endswith(b"\r\n") else b"\n"
        lines[i] = head.group(1) + rng.choice(HOSTILE_SCALARS).encode("utf-8") + end
    return b"".join(lines)


def m_container(rng: random.Random, data: bytes) -> bytes:
    """A list where a mapping was, a mapping where a list or scalar was, or a value nested very deep."""
    lines = _lines(data)
    spots = _value_lines(data) or [0]
    i = rng.choice(spots)
    head = re.match(rb"^(\s*(?:- )?[A-Za-z_]\w*:)\s*(.*?)\s*$", lines[i])
    if not head:
        return data
    value = head.group(2)
    depth = rng.choice([3, 50, 500, 3000])
    choices = [
        b"[" + value + b"]",
        b"{" + value + b": " + value + b"}",
        b"[" * depth + value + b"]" * depth,
        b"{a: " * depth + value + b"}" * depth,
        b"[" + b", ".join([value] * rng.choice([2, 1000])) + b"]",
    ]
    lines[i] = head.group(1) + b" " + rng.choice(choices) + b"\n"
    return b"".join(lines)


def m_block_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([100, 1000])
    nest = "".join(f"{'  ' * n}k{n}:\n" for n in range(depth)) + f"{'  ' * depth}leaf: value\n"
    if rng.random() < 0.5:
        nest = "".join(f"{'  ' * n}- \n" for n in range(depth)) + f"{'  ' * depth}- value\n"
    return data + nest.encode()


def m_anchor(rng: random.Random, data: bytes) -> bytes:
    """Anchors, aliases and tags, some named after a private value (GEN003/GEN012 must not quote them)."""
    lines = _lines(data)
    spots = _value_lines(data)
    if not spots:
        return data
    name = rng.choice([PASSPORT, BIRTH, "a1", "x" * 300, "é"])
    i = rng.choice(spots)
    head = re.match(rb"^(\s*(?:- )?[A-Za-z_]\w*:\s*)(.*)$", lines[i], re.S)
    assert head
    kind = rng.randrange(6)
    if kind == 0:
        lines[i] = head.group(1) + f"&{name} ".encode() + head.group(2)
        j = rng.choice(spots)
        head_j = re.match(rb"^(\s*(?:- )?[A-Za-z_]\w*:\s*)", lines[j])
        assert head_j
        lines[j] = head_j.group(1) + f"*{name}\n".encode()
    elif kind == 1:
        lines[i] = head.group(1) + f"*{name}\n".encode()
    elif kind == 2:
        lines[i] = head.group(1) + f"!{name} ".encode() + head.group(2)
    elif kind == 3:
        lines[i] = head.group(1) + f"!<tag:{name}> ".encode() + head.group(2)
    elif kind == 4:  # a billion laughs
        bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join('*' + chr(97 + n) for _ in range(9))}]\n" for n in range(8)
        )
        return data + bomb.encode()
    else:
        lines.insert(0, f"%YAML 1.{rng.choice([1, 2, 3])}\n%TAG !{name}! tag:x,2000:\n---\n".encode())
    return b"".join(lines)


def m_merge(rng: random.Random, data: bytes) -> bytes:
    return data + rng.choice(
        [b"<<: *nowhere\n", b"base: &b {kind: lor}\n<<: *b\n", b"<<: [1, 2]\n", b"? [a, b]\n: c\n"]
    )


def m_kind(rng: random.Random, data: bytes) -> bytes:
    new = rng.choice(KINDS).encode()
    if re.search(rb"(?m)^kind:", data):
        return re.sub(rb"(?m)^kind:.*$", b"kind: " + new, data, count=1)
    return b"kind: " + new + b"\n" + data


def m_documents(rng: random.Random, data: bytes) -> bytes:
    return rng.choice(
        [data + b"\n---\n" + data, b"---\n" + data + b"\n...\n", data + b"\n---\n- 1\n", b"--- |\n  text\n"]
    )


def m_splice(rng: random.Random, data: bytes) -> bytes:
    cut = rng.randrange(len(data) + 1)
    return data[:cut] + data[rng.randrange(len(data) + 1) :]


def m_tabs(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines[i] = (
        re.sub(rb"^ +", lambda m: b"\t" * len(m.group(0)), lines[i])
        if rng.random() < 0.5
        else lines[i].rstrip(b"\n") + b"\t\n"
    )
    return b"".join(lines)


BYTE_MUTATORS = [
    m_flip,
    m_truncate,
    m_control,
    m_bom,
    m_invalid_utf8,
    m_duplicate_line,
    m_delete_lines,
    m_crlf,
    m_splice,
]
YAML_MUTATORS = [
    m_scalar,
    m_scalar,
    m_scalar,
    m_container,
    m_container,
    m_block_nesting,
    m_anchor,
    m_anchor,
    m_merge,
    m_kind,
    m_documents,
    m_tabs,
]


def mutate_yaml(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    names = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutator = rng.choice(YAML_MUTATORS if rng.random() < 0.65 else BYTE_MUTATORS)
        data = mutator(rng, data)
        names.append(mutator.__name__[2:])
    return data, names


HOSTILE_CELLS = [
    "=1+2",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\t x",
    "\r",
    "",
    " ",
    "0x1F",
    "000123",
    "1e999",
    "9" * 400,
    "2026-02-30",
    "13/45/2026",
    "12/31/9999",
    "\u202eabc",
    "a\u200bb",
    "\uff21\uff22\uff23",
    "A\u00a0B",
    '"unclosed',
    "a,b",
    "x" * 20000,
    "yes",
    "no",
    "N/A",
    "-",
    "$-1",
    "1.5",
    "\x00",
    "\u0085",
]


def mutate_table(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    names = []
    text = data.decode("utf-8")
    rows = [line.split(",") for line in text.splitlines()]
    for _ in range(rng.choice([1, 2, 3])):
        choice = rng.randrange(9)
        if choice <= 2 and rows:
            r = rng.randrange(len(rows))
            if rows[r]:
                c = rng.randrange(len(rows[r]))
                cell = rng.choice(HOSTILE_CELLS)
                rows[r][c] = '"' + cell.replace('"', '""') + '"' if rng.random() < 0.5 else cell
            names.append("cell")
        elif choice == 3 and rows:
            rows.insert(rng.randrange(len(rows) + 1), list(rng.choice(rows)))
            names.append("dup_row")
        elif choice == 4 and rows:
            r = rng.randrange(len(rows))
            rows[r] = rows[r][: rng.randrange(len(rows[r]) + 1)] + ([""] * rng.randint(0, 3))
            names.append("ragged")
        elif choice == 5 and rows:
            rows = rows * rng.choice([2, 50])
            names.append("repeat")
        elif choice == 6 and rows:
            rows[0] = [h.upper() if rng.random() < 0.5 else h + " " for h in rows[0]]
            names.append("headers")
        elif choice == 7:
            rows.insert(rng.randrange(len(rows) + 1), [])
            names.append("blank")
        else:
            names.append("sep")
            sep = rng.choice([";", "\t", "|"])
            text2 = "\n".join(sep.join(row) for row in rows)
            return _encode_table(rng, text2, names), names
    return _encode_table(rng, "\n".join(",".join(row) for row in rows) + "\n", names), names


def _encode_table(rng: random.Random, text: str, names: list[str]) -> bytes:
    choice = rng.randrange(10)
    if choice == 0:
        names.append("utf16")
        return text.encode("utf-16")
    if choice == 1:
        names.append("cp1252")
        return text.encode("cp1252", "replace")
    if choice == 2:
        names.append("bom")
        return codecs.BOM_UTF8 + text.encode()
    if choice == 3:
        names.append("bytes")
        return m_flip(rng, text.encode()) if rng.random() < 0.5 else m_invalid_utf8(rng, text.encode())
    if choice == 4:
        names.append("truncate")
        return m_truncate(rng, text.encode())
    return text.encode()


def to_xlsx(data: bytes) -> bytes:
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    text = data.decode("utf-8", "replace").replace("\x00", "")
    for row in csv.reader(io.StringIO(text)):
        sheet.append([re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mutate_docx(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    names: list[str] = []
    if rng.random() < 0.2:
        names.append("bytes")
        return rng.choice([m_flip, m_truncate, m_splice])(rng, data), names
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    for _ in range(rng.choice([1, 2])):
        name = rng.choice(sorted(parts))
        choice = rng.randrange(8)
        if choice == 0:
            del parts[name]
            names.append("drop_part")
        elif choice == 1:
            parts[name] = parts[name][: rng.randrange(len(parts[name]) + 1)]
            names.append("truncate_part")
        elif choice == 2 and name.endswith(".rels"):
            parts[name] = re.sub(rb'Target="[^"]*"', b'Target="missing.xml"', parts[name], count=1)
            names.append("broken_rel")
        elif choice == 3:
            text = parts.get("word/document.xml", b"")
            parts["word/document.xml"] = text.replace(b"<w:body>", b"<w:body>" + b"<w:p>" * 2000, 1)
            names.append("unclosed")
        elif choice == 4:
            parts[name] = m_flip(rng, parts[name])
            names.append("flip_part")
        elif choice == 5:
            parts["word/document.xml"] = (
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                + parts.get("word/document.xml", b"")
            )
            names.append("dtd")
        elif choice == 6:
            rels = parts.get("word/_rels/document.xml.rels", b"")
            parts["word/_rels/document.xml.rels"] = rels.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"'
                b' Target="header9.xml"/></Relationships>',
            )
            doc = parts.get("word/document.xml", b"")
            parts["word/document.xml"] = doc.replace(
                b"<w:sectPr", b'<w:sectPr><w:headerReference w:type="default" r:id="rIdX"/></w:sectPr><w:sectPr', 1
            )
            names.append("header_ref")
        else:
            parts[f"word/extra{rng.randrange(9)}.xml"] = b"<x>" + b"y" * rng.choice([10, 100000]) + b"</x>"
            names.append("odd_part")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue(), names


# ---------------------------------------------------------------- commands per input


def commands_for(kind: str, name: str, office: str, rng: random.Random) -> list[list[str]]:
    """The commands to run on a mutated file `name` (in the run's folder) of the given original kind.
    `office` names the office file to use (mutated when the mutation is of an office file)."""
    base = ["--as-of", AS_OF]
    common = [
        ["check", name, *base],
        ["check", name, "-f", "json", *base],
        ["calendar", name, "-f", "json", *base],
    ]
    cmds = list(common)
    if rng.random() < 0.3:
        cmds.append(["check", name, "-f", rng.choice(["csv", "sarif", "github"]), "--strict", *base])
    if rng.random() < 0.15:
        cmds.append(["brief", name, "-f", "json", *base])
    for key in KIND_COMMANDS.get(kind, []):
        if key in ("student", "lor", "forecast", "budget", "eum", "case", "industry", "visit"):
            cmds.append([key, "check", name, "-f", "json", *base])
        elif key == "training_plan":
            cmds.append(["training", "plan", "check", name, "-f", "json", *base])
        elif key == "ito":
            cmds.append(["ito", "generate", name, "-o", "out", "--draft", *base])
            cmds.append(["student", "export", name, *base])
        elif key == "prominence":
            cmds.append(["training", "prominence", name, "-f", rng.choice(["json", "csv"]), *base])
        elif key == "fmt":
            cmds.append(["training", "fmt", name, "-f", rng.choice(["json", "csv"]), *base])
            cmds.append(["training", "fmt", name, "-o", "out/fmt.docx", "--draft", *base])
        elif key == "route":
            cmds.append(["lor", "route", name, "-f", "json", *base])
        elif key == "cta":
            cmds.append(["cta", "generate", name, "-o", "out/cta.docx", "--draft", *base])
        elif key == "javits":
            cmds.append(["javits", "report", name, "-f", rng.choice(["json", "csv"]), "--year", "2027", *base])
        elif key == "forecast_report":
            cmds.append(["forecast", "report", name, "-f", "json", *base])
            cmds.append(["forecast", "report", name, "-o", "out/forecast.md", "--draft", *base])
        elif key == "justify":
            cmds.append(
                ["budget", "justify", name, "-o", "out/justify." + rng.choice(["docx", "md"]), "--draft", *base]
            )
        elif key == "inventory":
            cmds.append(
                ["eum", "inventory", name, "-o", "out/sheet." + rng.choice(["csv", "docx", "md"]), "--draft", *base]
            )
        elif key == "eum_import":
            cmds.append(["eum", "import", "serials.csv", "--into", name, "--dry-run"])
            cmds.append(["eum", "import", "serials.csv", "--into", name])
            cmds.append(["eum", "import", "scan.csv", "--into", name, "--inventory", "2026-11-20", "--by", "MAJ X"])
        elif key == "case_status":
            cmds.append(["case", "status", name, "-f", "csv", *base])
            cmds.append(["case", "status", name, "-f", "json", *base])
        elif key == "office":
            cmds.append(["check", "student.yaml", "--config", office, "-f", "json", *base])
            cmds.append(
                [
                    "translation",
                    "letter",
                    "-o",
                    "out/letter.docx",
                    "--language",
                    "Examplish",
                    "--document",
                    "LOA XS-P-SAB",
                    "--config",
                    office,
                    *base,
                ]
            )
            cmds.append(["ito", "generate", "student.yaml", "-o", "out", "--draft", "--config", office, *base])
            cmds.append(["budget", "justify", "budget.yaml", "-o", "out/j.docx", "--draft", "--config", office, *base])
    return cmds


# ---------------------------------------------------------------- oracles

TRACEBACK = re.compile(rb"Traceback \(most recent call last\)|Exception ignored|^\s+File \"", re.M)
PRIVATE = re.compile("|".join(re.escape(c) for c in CANARIES).encode())


def judge(outcome: Outcome, run_dir: Path, scratch: Path, home: Path) -> None:
    problems = outcome.problems
    argv = outcome.command
    if outcome.code is None:
        problems.append("hang")
    elif outcome.code == 3:
        problems.append("exit3")
    elif outcome.code not in (0, 1, 2):
        problems.append(f"exit{outcome.code}")
    if TRACEBACK.search(outcome.stderr) or TRACEBACK.search(outcome.stdout):
        problems.append("traceback")
    # Standard output of a document or export legitimately holds the person's data (the ITO sheet, the
    # roster); messages never do.
    stdout_private = argv[:2] in (["student", "export"],)
    if PRIVATE.search(outcome.stderr):
        problems.append("leak-stderr")
    if not stdout_private and PRIVATE.search(outcome.stdout):
        problems.append("leak-stdout")
    if "json" in argv and argv[argv.index("json") - 1] in ("-f", "--format") and outcome.code in (0, 1):
        try:
            json.loads(outcome.stdout)
        except ValueError:
            problems.append("bad-json")
    out = run_dir / "out"
    if out.is_dir():
        partial = [p.name for p in out.iterdir() if p.name.startswith(".sco-") or p.name.endswith(".part")]
        if partial:
            problems.append("partial-output")
    left = [p.name for p in run_dir.iterdir() if p.name.startswith(".sco-") or p.name.endswith(".part")]
    if left:
        problems.append("partial-output")
    if any(scratch.iterdir()):
        problems.append("temp-left")
        for p in scratch.iterdir():
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    if written_under(home):
        problems.append("home-write")
        for p in home.iterdir():
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


# ---------------------------------------------------------------- the campaign


def prepare(work: Path, runner: Runner, env: dict[str, str]) -> dict[str, bytes]:
    """Unmutated companions every run folder gets: the office file, a student, a budget, the tables."""
    base = work / "base"
    base.mkdir()
    office = (EXAMPLES / "sco.yaml").read_bytes()
    (base / "sco.yaml").write_bytes(office)
    student = plant((EXAMPLES / "students" / "ready.yaml").read_text())
    student = student.replace(
        "  accompanied: false",
        "  accompanied: true\n  dependents:\n    - name: Mia Tamm\n      relationship: child\n"
        f"      date_of_birth: {DEPENDENT_BIRTH}",
    )
    (base / "student.yaml").write_text(student)
    for path in (EXAMPLES / "students").glob("*.yaml"):
        (base / f"s-{path.name}").write_text(plant(path.read_text()))
    (base / "budget.yaml").write_bytes((EXAMPLES / "budget-fmf.yaml").read_bytes())
    (base / "cases").mkdir()
    for path in (EXAMPLES / "cases").glob("*.yaml"):
        (base / "cases" / path.name).write_bytes(path.read_bytes())
    roster = runner(["student", "export", ".", "--as-of", AS_OF], base, env)
    status = runner(["case", "status", "cases", "-f", "csv", "--as-of", AS_OF], base, env)
    shutil.copy(EXAMPLES / "training-plan.yaml", base / "plan.yaml")
    fmt = runner(["training", "fmt", "plan.yaml", "-f", "csv", "--fy", "2026", "--as-of", AS_OF], base, env)
    assert roster.code == 0 and status.code == 0 and fmt.stdout, (roster.stderr, status.stderr, fmt.stderr)
    serials = (
        b"Serial,Case,Description,Location,Custodian,Arrival,Enhanced\n"
        b"CLU-20001,XS-B-ZAB,Javelin command launch unit,Camp North ammunition depot,1st Mechanized Brigade,"
        b"2026-10-01,yes\n"
        b"PVS-99001,XS-B-ZAC,AN/PVS-14 night vision monocular,Exampleville garrison arms room,"
        b"Special Operations Battalion,2026-10-02,yes\n"
        b"000123,XS-B-ZAC,AN/PVS-14 night vision monocular,Exampleville garrison arms room,"
        b"Special Operations Battalion,,yes\n"
    )
    scan = b"Serial\nCLU-10231\nCLU-10232\nPVS-88101\nPVS-88102\n"
    (base / "serials.csv").write_bytes(serials)
    (base / "scan.csv").write_bytes(scan)
    letter = runner(
        [
            "translation",
            "letter",
            "-o",
            "letter.docx",
            "--language",
            "Examplish",
            "--document",
            "LOA XS-P-SAB",
            "--as-of",
            AS_OF,
        ],
        base,
        env,
    )
    assert letter.code == 0, letter.stderr
    docx = (base / "letter.docx").read_bytes()
    (base / "letter.docx").unlink()
    for path in list(base.glob("s-*.yaml")):
        path.unlink()
    return {
        "roster": roster.stdout,
        "status": status.stdout,
        "fmt": fmt.stdout,
        "serials": serials,
        "scan": scan,
        "docx": docx,
    }


def table_commands(kind: str, name: str) -> list[list[str]]:
    if kind == "roster":
        return [
            ["student", "import", name, "--into", "students", "--dry-run", "--as-of", AS_OF],
            ["student", "import", name, "--into", "students", "--as-of", AS_OF],
        ]
    if kind == "fmt":
        return [
            ["training", "import", name, "--into", "plan.yaml", "--dry-run", "--as-of", AS_OF],
            ["training", "import", name, "--into", "plan.yaml", "--as-of", AS_OF],
            ["training", "import", name, "--into", "new-plan.yaml", "--fy", "2026", "--as-of", AS_OF],
        ]
    if kind == "status":
        return [
            ["case", "import", name, "--into", "cases", "--dry-run", "--as-of", AS_OF],
            ["case", "import", name, "--into", "cases", "--as-of", AS_OF],
        ]
    if kind == "serials":
        return [
            ["eum", "import", name, "--into", "eum.yaml", "--dry-run"],
            ["eum", "import", name, "--into", "eum.yaml"],
            ["eum", "import", name, "--into", "eum.yaml", "-o", "out/eum.yaml", "--case", "XS-B-ZAB"],
        ]
    return [
        ["eum", "import", name, "--into", "eum.yaml", "--inventory", "2026-11-20", "--by", "MAJ X"],
        ["eum", "import", name, "--into", "eum.yaml", "--inventory", "2026-11-20", "--by", "MAJ X", "--dry-run"],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=25.0, help="stop starting mutations after this long")
    parser.add_argument("--mutations", type=int, default=0, help="stop after this many mutations (0: by time)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one run may take before it is a hang")
    parser.add_argument("--per-mutation", type=int, default=2, help="commands run on each mutated input (0: all)")
    parser.add_argument("--report", type=Path, help="write every failing run here (JSON)")
    parser.add_argument("--keep", type=Path, help="copy each failing input here")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="sco-campaign-"))
    scratch, home = work / "tmp", work / "home"
    scratch.mkdir()
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(scratch),
        "LANG": "C.UTF-8",
        "SCO_CAMPAIGN_SCRATCH": str(work),
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
    }
    # sco imported here, once, before any fork: each run then costs its own work, not the imports
    import sco_cli.cli.app
    import sco_cli.kinds  # noqa: F401

    runner = Runner(args.timeout)
    companions = prepare(work, runner, env)
    for leftover in list(scratch.iterdir()) + list(home.iterdir()):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
    yamls = yaml_seeds()
    print(f"{len(yamls)} YAML inputs, 5 tables (CSV and XLSX), 1 Word file; seed {args.seed}", flush=True)

    counts: collections.Counter[str] = collections.Counter()
    by_kind: collections.Counter[str] = collections.Counter()
    failures: list[dict[str, object]] = []
    started = time.monotonic()
    mutations = runs = 0
    while True:
        if args.mutations and mutations >= args.mutations:
            break
        if not args.mutations and time.monotonic() - started > args.minutes * 60:
            break
        mutations += 1
        run_dir = work / "run"
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.copytree(work / "base", run_dir)
        (run_dir / "out").mkdir()
        pick = rng.random()
        office = "sco.yaml"
        if pick < 0.72:
            seed = rng.choice(yamls)
            data, names = mutate_yaml(rng, seed.data)
            target = "input.yaml"
            if seed.kind == "office":
                target = office = "office-mutated.yaml"
            elif seed.kind == "eum":
                target = "eum.yaml"
            (run_dir / target).write_bytes(data)
            cmds = commands_for(seed.kind, target, office, rng)
            label = f"yaml:{seed.kind}"
        elif pick < 0.9:
            table = rng.choice(["roster", "status", "serials", "scan", "fmt"])
            data, names = mutate_table(rng, companions[table])
            suffix = ".csv"
            if rng.random() < 0.2:
                try:
                    data = to_xlsx(data)
                    suffix = ".xlsx"
                except Exception:
                    pass
            target = "table" + suffix
            (run_dir / target).write_bytes(data)
            if table == "roster":
                (run_dir / "students").mkdir()
                shutil.copy(run_dir / "student.yaml", run_dir / "students" / "student.yaml")
            (run_dir / "eum.yaml").write_bytes((EXAMPLES / "eum.yaml").read_bytes())
            cmds = table_commands(table, target)
            label = f"table:{table}{suffix}"
            seed = Seed(table, table, data)
        else:
            data, names = mutate_docx(rng, companions["docx"])
            (run_dir / "input.docx").write_bytes(data)
            (run_dir / "office-ref.yaml").write_bytes(
                (EXAMPLES / "sco.yaml").read_bytes() + b"\nreference_docx: input.docx\n"
            )
            cmds = [
                ["translation", "mark", "input.docx", "-o", "out/marked.docx"],
                [
                    "translation",
                    "letter",
                    "-o",
                    "out/letter.docx",
                    "--language",
                    "Examplish",
                    "--document",
                    "LOA XS-P-SAB",
                    "--config",
                    "office-ref.yaml",
                    "--as-of",
                    AS_OF,
                ],
                [
                    "cta",
                    "generate",
                    str(EXAMPLES / "lor-cta.yaml"),
                    "-o",
                    "out/cta.docx",
                    "--draft",
                    "--config",
                    "office-ref.yaml",
                    "--as-of",
                    AS_OF,
                ],
            ]
            label = "docx"
            seed = Seed("letter.docx", "docx", data)
        if args.per_mutation and len(cmds) > args.per_mutation:
            cmds = rng.sample(cmds, args.per_mutation)
        for argv in cmds:
            outcome = runner(argv, run_dir, env)
            runs += 1
            by_kind[label] += 1
            judge(outcome, run_dir, scratch, home)
            for problem in outcome.problems:
                counts[problem] += 1
            if outcome.problems:
                index = len(failures)
                failures.append(
                    {
                        "input": seed.name,
                        "label": label,
                        "mutations": names,
                        "command": argv,
                        "code": outcome.code,
                        "problems": outcome.problems,
                        "stderr": outcome.stderr.decode("utf-8", "replace")[-3000:],
                        "stdout": outcome.stdout.decode("utf-8", "replace")[:1500],
                        "seconds": round(outcome.seconds, 2),
                    }
                )
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    saved = args.keep / f"{index:05}"
                    shutil.copytree(run_dir, saved, ignore=shutil.ignore_patterns("out"))
                print(f"FAIL {outcome.problems} {label} {seed.name} {names} {' '.join(argv)}", flush=True)
        if mutations % 100 == 0:
            print(
                f"{mutations} mutations, {runs} runs, {dict(counts)} ({time.monotonic() - started:.0f} s)", flush=True
            )
    shutil.rmtree(work, ignore_errors=True)
    summary = {
        "seed": args.seed,
        "mutations": mutations,
        "runs": runs,
        "runs_by_input": dict(by_kind),
        "failures_by_kind": dict(counts),
        "failing_runs": len(failures),
        "seconds": round(time.monotonic() - started),
    }
    print(json.dumps(summary, indent=2))
    if args.report:
        args.report.write_text(json.dumps({"summary": summary, "failures": failures}, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
