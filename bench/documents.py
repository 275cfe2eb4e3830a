"""Documents beside their floors (issue 13 points 3 and 6).

    python bench/documents.py [--documents 1000] [--entries 10000]

1. ITO data sheets rendered in one process (Word and Markdown), documents per second and resident
   memory after 100 and after N documents, beside the floor: python-docx building and saving an
   equivalent document (the same headings, paragraphs and table rows) in a loop.
2. `sco ito generate` of N students as a whole command, one process (`--jobs 1`) and one per core.
3. `sco javits report` of a register with 1,000 / 3,000 / 10,000 reportable entries: Word against the
   text output of the same command (target: Word at most 3x the text at any size).

Targets: an ITO in Word no slower than the python-docx floor, with flat memory; Javits Word at most
3x its text. Figures are printed, never asserted (timings live here, not in the tests)."""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from students import ENV

AS_OF = "2026-11-24"


def examples() -> Path:
    """The examples of the sco under test (PYTHONPATH may point at another checkout, for a before/after)."""
    from sco_cli.core.output import resource_dir

    return resource_dir("examples")


def make_students(folder: Path, count: int) -> None:
    template = (examples() / "students" / "ready.yaml").read_text()
    shutil.copy(examples() / "sco.yaml", folder / "sco.yaml")
    for index in range(count):
        text = template.replace("XS-P-IMT-2027-0101", f"XS-P-IMT-2027-{index:05}")
        text = text.replace("surname: Tamm", f"surname: Tamm{index}").replace("XS4821937", f"XS{index:07}")
        (folder / f"student-{index:05}.yaml").write_text(text)


def rss_mib() -> float:
    """Resident memory now (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def ito_jobs(folder: Path) -> tuple[list[tuple[str, dict, object, object]], int, int]:
    """(template, context, meta, office) of each ready student, built as `sco ito generate` builds them."""
    from datetime import date

    from sco_cli.app.checking import check_for_documents
    from sco_cli.core.document import DocumentMeta
    from sco_cli.core.office import marking_of
    from sco_cli.students.ito import ito_context
    from sco_cli.students.model import Student

    report = check_for_documents([str(folder)], "student", date.fromisoformat(AS_OF), None)
    jobs = []
    for result in report.loaded_of_kind("student"):
        student = result.model_as(Student)
        meta = DocumentMeta("ITO data sheet", result.path, date.fromisoformat(AS_OF), marking_of(result.office))
        jobs.append(
            ("ito-data-sheet.md.j2", ito_context(student, result.office, result.facts, []), meta, result.office)
        )
    sample = render(jobs[0], "docx")
    from docx import Document

    document = Document(io.BytesIO(sample))
    rows = sum(len(table.rows) for table in document.tables)
    return jobs, len(document.paragraphs), rows


def render(job: tuple[str, dict, object, object], fmt: str) -> bytes:
    from sco_cli.core.render import render_document

    template, context, meta, office = job
    return render_document(template, context, meta, fmt, office)  # type: ignore[arg-type]


def floor_document(paragraphs: int, rows: int) -> bytes:
    """python-docx building and saving a document of the same size, the lean way: the default
    template, plain paragraphs (every third one a Heading 1, its style object looked up once), and
    three-column tables created with their rows and filled by iterating the rows once."""
    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = "CUI"
    document.sections[0].footer.paragraphs[0].text = "CUI"
    heading = document.styles["Heading 1"]
    document.add_paragraph("ITO data sheet for entry into SC-TMS", style=document.styles["Title"])
    for index in range(paragraphs):
        if index % 3 == 0:
            document.add_paragraph(f"Part {index}", style=heading)
        else:
            document.add_paragraph(f"Paragraph {index} with some text about the student and the course.")
    tables = 8
    for table_index in range(tables):
        table = document.add_table(rows=rows // tables, cols=3)
        for row_index, row in enumerate(table.rows):
            first, second, third = row.cells
            first.text = f"Field {table_index}.{row_index}"
            second.text = "An entry of ordinary length"
            third.text = "6.a"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def in_process(jobs: list, count: int, paragraphs: int, rows: int) -> None:
    print(f"ITO data sheet, {count} documents in one process (document: {paragraphs} paragraphs, {rows} table rows)")
    for label, make in (
        ("sco Word     ", lambda i: render(jobs[i % len(jobs)], "docx")),
        ("sco Markdown ", lambda i: render(jobs[i % len(jobs)], "md")),
        ("floor: python-docx", lambda i: floor_document(paragraphs, rows)),
    ):
        make(0)  # warm: templates compiled, the package prepared
        gc.collect()
        start_rss = rss_mib()
        start = time.perf_counter()
        at_100 = 0.0
        for index in range(count):
            make(index)
            if index == 99:
                at_100 = rss_mib()
        elapsed = time.perf_counter() - start
        print(
            f"  {label:<19} {count / elapsed:8.1f} documents/s   RSS {start_rss:6.1f} MiB at start, "
            f"{at_100:6.1f} at 100, {rss_mib():6.1f} at {count}"
        )


def timed(command: list[str], runs: int = 3) -> float:
    """The median of `runs` whole runs of the command (this machine's timings vary from run to run). Run
    outside the source tree, so `python -m sco_cli` imports the sco of PYTHONPATH or the installed one."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=ENV, cwd=tempfile.gettempdir()
        )
        times.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed: {completed.stderr.decode()[-400:]}")
    return sorted(times)[len(times) // 2]


def whole_commands(folder: Path, scratch: Path, count: int) -> None:
    sco = [sys.executable, "-m", "sco_cli"]
    for fmt, jobs in (("docx", "1"), ("docx", "0"), ("md", "1")):
        out = scratch / f"out-{fmt}-{jobs}"
        command = [*sco, "ito", "generate", str(folder), "-o", str(out), "-f", fmt, "-j", jobs, "--as-of", AS_OF]
        elapsed = timed([*command, "--force"])
        made = len(list(out.glob(f"*.{fmt}")))
        label = "1 process" if jobs == "1" else "one per core"
        print(f"sco ito generate, {made} {fmt:<4} {label:<12}: {elapsed:6.2f} s  {made / elapsed:7.1f} documents/s")


def register(path: Path, entries: int) -> None:
    lines = ["kind: forecast", "country: Republic of Examplestan", "entries:"]
    for index in range(entries):
        lines += [
            f"  - id: J-{index:05}",
            f"    description: Patrol boat {index} with training and support",
            "    quantity: 2",
            "    channel: fms",
            "    mde_usd: 29M",
            "    other_usd: 8,020,000",
            "    probability: 0.95",
            "    expected_date: 2027-06-01",
        ]
    path.write_text("\n".join(lines) + "\n")


def javits(scratch: Path, sizes: list[int]) -> None:
    sco = [sys.executable, "-m", "sco_cli"]
    shutil.copy(examples() / "sco.yaml", scratch / "sco.yaml")
    print("sco javits report, whole command (Word against the text output of the same register)")
    for size in sizes:
        path = scratch / f"register-{size}.yaml"
        register(path, size)
        base = [*sco, "javits", "report", str(path), "--year", "2027", "--as-of", AS_OF]
        text = timed([*base, "--format", "text"])
        assert count_reportable(scratch, base) == size, "every entry is reportable"
        word = timed([*base, "-o", str(scratch / f"javits-{size}.docx"), "--force"])
        print(
            f"  {size:6} entries: text {text:6.2f} s, Word {word:6.2f} s, Word/text {word / text:4.1f}x (target <= 3x)"
        )


def count_reportable(scratch: Path, base: list[str]) -> int:
    import json

    completed = subprocess.run(
        [*base, "--format", "json"], capture_output=True, check=False, env=ENV, cwd=tempfile.gettempdir()
    )
    return len(json.loads(completed.stdout)["entries"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        folder = scratch / "students"
        folder.mkdir()
        make_students(folder, 50)
        jobs, paragraphs, rows = ito_jobs(folder)
        in_process(jobs, args.documents, paragraphs, rows)
        big = scratch / "students-many"
        big.mkdir()
        make_students(big, min(args.documents, 500))
        whole_commands(big, scratch, min(args.documents, 500))
        sizes = sorted({1000, 3000, args.entries} if args.entries >= 3000 else {args.entries})
        javits(scratch, sizes)


if __name__ == "__main__":
    main()
