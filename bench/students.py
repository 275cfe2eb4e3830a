"""Throughput of the training commands (issue 3 point 8).

    python bench/students.py [--students 5000] [--documents 500] [--rounds 3] [--no-floors]

`sco student check` over N generated student files (files per second, with one process and
with one per core, and the peak resident memory of the largest process), and
`sco ito generate` over M of them (documents per second). Targets: 1,000 files/s with both
cores, 50 DOCX/s. Measured here, never asserted in tests.

Beside sco, the same files through the floors it is compared to (each skipped when not installed):
PyYAML's CSafeLoader loading every file in one process (the parse floor), yamllint, and
check-jsonschema against the student schema from `sco schema export`.

To measure another checkout, run from outside both checkouts with `PYTHONPATH=OTHER_CHECKOUT` (`python -m`
puts the current folder first on the path, so inside a checkout it always measures that checkout)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_students(folder: Path, count: int) -> None:
    template = (ROOT / "examples" / "students" / "ready.yaml").read_text()
    shutil.copy(ROOT / "examples" / "sco.yaml", folder / "sco.yaml")
    for index in range(count):
        text = template.replace("XS-P-IMT-2027-0101", f"XS-P-IMT-2027-{index:05}")
        text = text.replace("surname: Tamm", f"surname: Tamm{index}").replace("XS4821937", f"XS{index:07}")
        (folder / f"student-{index:05}.yaml").write_text(text)


def student_folders(scratch: Path, sizes: list[int]) -> Iterator[tuple[int, Path]]:
    """A folder of `size` generated students (with the office file) for each size, smallest first: the
    students are written once, for the largest size, and linked into each folder."""
    everything = scratch / "all"
    everything.mkdir()
    make_students(everything, max(sizes))
    names = sorted(path.name for path in everything.glob("student-*.yaml"))
    for size in sizes:
        folder = scratch / f"n{size}"
        folder.mkdir()
        shutil.copy(everything / "sco.yaml", folder / "sco.yaml")
        for name in names[:size]:
            os.link(everything / name, folder / name)
        yield size, folder


# An installed sco has its bytecode compiled; PYTHONDONTWRITEBYTECODE would measure recompiling it.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=ENV)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return elapsed, completed.returncode


FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("student-*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


RETAINED = """
import gc, sys, tracemalloc
from datetime import date
from sco_cli.core.pipeline import CheckOptions, check_paths
from sco_cli.kinds import KINDS
options = CheckOptions(date(2026, 11, 24), None, None, jobs=1)
check_paths([sys.argv[1]], KINDS, options)  # offices, thresholds and validators built once
gc.collect()
tracemalloc.start()
report = check_paths([sys.argv[1]], KINDS, options)
gc.collect()
print(tracemalloc.get_traced_memory()[0] / len(report.files))
"""


def retained(folder: Path) -> None:
    """Memory still held per file once the batch is checked (findings, facts, anchors), in process."""
    output = subprocess.run(
        [sys.executable, "-c", RETAINED, str(folder)], capture_output=True, text=True, check=True, env=ENV
    ).stdout
    print(f"memory retained after checking: {float(output):.0f} bytes per file (target: under 2,048)")


def floors(folder: Path, count: int, sco: list[str]) -> None:
    """The same files through the other tools sco is compared with (the parse floor runs in each round)."""
    files = [str(path) for path in sorted(folder.glob("student-*.yaml"))]
    yamllint = shutil.which("yamllint")
    if yamllint:
        elapsed, _ = timed([yamllint, "-d", "relaxed", "-f", "parsable", str(folder)])
        print(f"yamllint -d relaxed                      : {elapsed:6.2f} s  {count / elapsed:7.0f} files/s")
    checker = shutil.which("check-jsonschema")
    if checker:
        schemas = folder.parent / "schemas"
        timed([*sco, "schema", "export", "-o", str(schemas)])
        elapsed, _ = timed([checker, "--schemafile", str(schemas / "student.schema.json"), *files])
        print(f"check-jsonschema (student schema)        : {elapsed:6.2f} s  {count / elapsed:7.0f} files/s")


def interleaved(folder: Path, count: int, sco: list[str], rounds: int) -> None:
    """sco in one process, sco on every core and the parse floor, one after the other in each round: on a
    shared machine a whole run moves by 10-30 %, so the ratio within a round and the best of the rounds are
    steadier than any single figure."""
    check = [*sco, "student", "check", str(folder), "--format", "json", "--as-of", "2026-11-24", "--jobs"]
    runs: dict[str, list[float]] = {"1 process": [], "one per core": [], "floor": []}
    peaks: dict[str, int] = {}
    has_floor = importlib.util.find_spec("yaml") is not None
    for _ in range(rounds):
        for label, jobs in (("1 process", "1"), ("one per core", "0")):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            elapsed, _code = timed([*check, jobs])
            runs[label].append(elapsed)
            peaks[label] = max(peaks.get(label, 0), before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        if has_floor:
            runs["floor"].append(timed([sys.executable, "-c", FLOOR, str(folder)])[0])
    floor = runs["floor"]
    for label in ("1 process", "one per core"):
        times = runs[label]
        line = (
            f"student check, {count} files, {label:<12}: {min(times):6.2f} s best, {statistics.median(times):6.2f} s"
            f" median  {count / min(times):7.0f} files/s best  peak RSS {peaks[label] / 1024:.0f} MiB"
        )
        if floor:
            ratios = [mine / base for mine, base in zip(times, floor, strict=True)]
            best = min(times) / min(floor)
            line += f"  {statistics.median(ratios):.2f}x the floor (median of rounds), {best:.2f}x best"
        print(line)
    if floor:
        best = min(floor)
        print(f"floor: PyYAML CSafeLoader load, 1 process : {best:6.2f} s best  {count / best:7.0f} files/s")
    else:
        print("floor: PyYAML not installed (pip install pyyaml): skipped")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of sco and the parse floor")
    parser.add_argument("--no-floors", action="store_true", help="sco only, without yamllint and check-jsonschema")
    args = parser.parse_args()
    sco = [sys.executable, "-m", "sco_cli"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "students"
        folder.mkdir()
        make_students(folder, args.students)
        interleaved(folder, args.students, sco, max(1, args.rounds))
        retained(folder)
        if not args.no_floors:
            floors(folder, args.students, sco)
        subset = Path(scratch) / "subset"
        subset.mkdir()
        shutil.copy(folder / "sco.yaml", subset / "sco.yaml")
        for path in sorted(folder.glob("student-*.yaml"))[: args.documents]:
            shutil.copy(path, subset / path.name)
        for fmt in ("docx", "md"):
            out = Path(scratch) / f"out-{fmt}"
            elapsed, _code = timed(
                [*sco, "ito", "generate", str(subset), "-o", str(out), "--format", fmt, "--as-of", "2026-11-24"]
            )
            made = len(list(out.glob(f"*.{fmt}")))
            print(f"ito generate, {made} {fmt} documents: {elapsed:6.2f} s  {made / elapsed:7.1f} documents/s")


if __name__ == "__main__":
    main()
