"""Hostile signal campaign: long sco runs stopped by SIGINT or SIGTERM at random moments (fixed seed).

    python bench/signal_campaign.py --runs 40 --seed 20 [--only check,ito,eum,students,pdf] [--entry module] [--early]

Scenarios (each run once uninterrupted first, for its length and its whole result):
  check     `sco check` of 3,000 student files, --jobs 2
  ito       `sco ito generate` of 400 students, --jobs 2, into a folder
  eum       `sco eum import` of a 10,000-row table into a copy of the register
  students  `sco student import` of a 2,000-row roster into a folder of student files
  pdf       `sco ito generate --format pdf` of 3 students (LibreOffice), when soffice is installed

sco is started as users start it: the `sco` console script, or with `--entry module` as `python -m sco_cli`
(the two end Python by different paths: see `_forget_handled_interrupt` in sco_cli/main.py).
The signal goes to the process group (Ctrl-C in a terminal, a scheduler stopping a job) or to sco alone
(`kill PID`), at a moment drawn uniformly over the run's measured length (with `--early`, over its first
STARTUP seconds, where sco imports its libraries: a draw over the whole run lands there a few times in a
hundred). Clean means: exit 130 (or the run finished first, counted apart); no "Traceback", "Exception
ignored" or KeyboardInterrupt on standard error; no process sco started still running (its process tree,
followed while it runs, and anything naming the run's temporary folder); nothing left in the temporary
folder; nothing written in $HOME and no temporary file left in sco's cache folder (its compiled models, kept
across the runs); no `.sco-*` or `.part` file beside the output; every document written whole; the register (or
each student file) byte-identical to before the import or to the whole import's result.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = "2026-11-24"
PROC = Path("/proc")
_SCRIPT = Path(sys.executable).with_name("sco")
ENTRIES = {"script": [str(_SCRIPT)], "module": [sys.executable, "-m", "sco_cli"]}
SCO = ENTRIES["script"] if _SCRIPT.exists() else ENTRIES["module"]
"""How sco is started: the console script users run unless `--entry module` says otherwise."""


STARTUP = 0.5
"""Seconds after the start in which a signal can land before sco's first line (the interpreter and site take
0.15-0.3 s on a loaded machine; the shortest scenario runs 2.5 s, so its end is never taken for its start)."""


@dataclass
class Scenario:
    name: str
    prepare: Callable[[Path], None]  # fills the run folder
    command: Callable[[Path], list[str]]
    snapshot: Callable[[Path], dict[str, bytes]]  # what must be before-or-whole


def _student_text(index: int) -> str:
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    return text.replace("XS-P-IMT-2027-0101", f"XS-P-IMT-2027-{index:04}").replace(
        "XS-N-104417", f"XS-N-{100000 + index}"
    )


def _students(folder: Path, count: int) -> None:
    (folder / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    (folder / "in").mkdir()
    for index in range(count):
        (folder / "in" / f"s{index:04}.yaml").write_text(_student_text(index))


def _nothing(folder: Path) -> dict[str, bytes]:
    return {}


def _eum_prepare(folder: Path) -> None:
    (folder / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    shutil.copy(EXAMPLES / "eum.yaml", folder / "eum.yaml")
    rows = ["Serial,Case,Description,Location,Custodian,Arrival,Enhanced"]
    rows += [
        f"SN-{n:06},XS-B-ZAC,AN/PVS-14 night vision monocular,Exampleville garrison arms room,"
        "Special Operations Battalion,2026-10-02,yes"
        for n in range(10_000)
    ]
    (folder / "serials.csv").write_text("\n".join(rows) + "\n")


def _roster_prepare(folder: Path) -> None:
    _students(folder, 2)
    (folder / "in" / "s0001.yaml").unlink()
    roster = subprocess.run(
        [sys.executable, "-m", "sco_cli", "student", "export", str(folder / "in"), "--as-of", AS_OF],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    header, row = roster.splitlines()[:2]
    rows = [header]
    for index in range(2000):
        rows.append(
            row.replace("XS-N-100000", f"XS-N-{200000 + index}").replace(
                "XS-P-IMT-2027-0000", f"XS-P-IMT-2027-{index:04}"
            )
        )
    (folder / "roster.csv").write_text("\n".join(rows) + "\n")


def _folder_snapshot(name: str) -> Callable[[Path], dict[str, bytes]]:
    def snapshot(folder: Path) -> dict[str, bytes]:
        target = folder / name
        if target.is_file():
            return {name: target.read_bytes()}
        if not target.is_dir():
            return {}
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}

    return snapshot


SCENARIOS = {
    "check": Scenario(
        "check",
        lambda folder: _students(folder, 3000),
        lambda folder: ["check", str(folder / "in"), "--as-of", AS_OF, "--jobs", "2", "-f", "json"],
        _nothing,
    ),
    "ito": Scenario(
        "ito",
        lambda folder: _students(folder, 400),
        lambda folder: [
            "ito",
            "generate",
            str(folder / "in"),
            "-o",
            str(folder / "out"),
            "--as-of",
            AS_OF,
            "--jobs",
            "2",
        ],
        _nothing,
    ),
    "eum": Scenario(
        "eum",
        _eum_prepare,
        lambda folder: ["eum", "import", str(folder / "serials.csv"), "--into", str(folder / "eum.yaml")],
        _folder_snapshot("eum.yaml"),
    ),
    "students": Scenario(
        "students",
        _roster_prepare,
        lambda folder: [
            "student",
            "import",
            str(folder / "roster.csv"),
            "--into",
            str(folder / "in"),
            "--as-of",
            AS_OF,
        ],
        _folder_snapshot("in"),
    ),
    "pdf": Scenario(
        "pdf",
        lambda folder: _students(folder, 3),
        lambda folder: [
            "ito",
            "generate",
            str(folder / "in"),
            "-o",
            str(folder / "out"),
            "-f",
            "pdf",
            "--as-of",
            AS_OF,
        ],
        _nothing,
    ),
}


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:  # the process ended as it was looked at
        return found
    for task in tasks:
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _naming(text: str) -> set[int]:
    """Processes whose command line or environment names `text` (LibreOffice started in its own session)."""
    found = set()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if text.encode() in (entry / "cmdline").read_bytes() or text.encode() in (entry / "environ").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def _whole(folder: Path) -> list[str]:
    broken = []
    if not folder.is_dir():
        return broken
    for path in folder.iterdir():
        if path.name.startswith(".sco-") or path.name.endswith(".part") or path.name.startswith(".~lock"):
            broken.append(f"left {path.name}")
        elif path.suffix == ".docx":
            try:
                with zipfile.ZipFile(path) as archive:
                    if archive.testzip() is not None:
                        broken.append(f"broken {path.name}")
            except zipfile.BadZipFile:
                broken.append(f"broken {path.name}")
        elif path.suffix == ".pdf":
            data = path.read_bytes()
            if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
                broken.append(f"broken {path.name}")
    return broken


def run_once(
    scenario: Scenario, base: Path, work: Path, delay: float | None, signum: int, group: bool
) -> tuple[int | None, bytes, float, set[int], Path]:
    folder = work / "run"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, folder, symlinks=True)
    scratch = work / "tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(scratch),
        "HOME": str(work / "home"),
        "XDG_CACHE_HOME": str(work / "cache"),  # sco's compiled models, kept from run to run as a user's are
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    (work / "home").mkdir(exist_ok=True)
    start = time.monotonic()
    process = subprocess.Popen(
        [*SCO, *scenario.command(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
        cwd=folder,
    )
    seen: set[int] = set()
    signalled = False
    while process.poll() is None:
        seen |= _descendants(process.pid)
        if delay is not None and not signalled and time.monotonic() - start >= delay:
            seen |= _descendants(process.pid)
            if group:
                os.killpg(process.pid, signum)
            else:
                process.send_signal(signum)
            signalled = True
        if time.monotonic() - start > 600:
            break
        time.sleep(0.01)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        return None, stderr, time.monotonic() - start, seen, folder
    return process.returncode, stderr, time.monotonic() - start, seen, folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="signalled runs per scenario")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--only", default="check,ito,eum,students,pdf")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--entry", choices=sorted(ENTRIES), help="the `sco` script (default) or `python -m sco_cli`")
    parser.add_argument(
        "--early",
        action="store_true",
        help="signal within the first STARTUP seconds (Python's start and sco's imports), not over the whole run",
    )
    args = parser.parse_args()
    if args.entry:
        global SCO
        SCO = ENTRIES[args.entry]
    print("sco started as:", " ".join(SCO), flush=True)
    # Started in the background (`cmd &`), this process ignores SIGINT and so would every sco it starts,
    # as sco keeps a SIGINT ignored at its start (nohup): give the runs Ctrl-C's usual action.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rng = random.Random(args.seed)
    names = [n for n in args.only.split(",") if n]
    if "pdf" in names and shutil.which("soffice") is None:
        print("no soffice: the pdf scenario is left out")
        names.remove("pdf")
    summary: dict[str, dict[str, object]] = {}
    failures: list[dict[str, object]] = []
    for name in names:
        scenario = SCENARIOS[name]
        work = Path(tempfile.mkdtemp(prefix=f"sco-signals-{name}-"))
        base = work / "base"
        base.mkdir()
        scenario.prepare(base)
        before = scenario.snapshot(base)
        code, stderr, length, _, folder = run_once(scenario, base, work, None, signal.SIGINT, True)
        if code not in (0, 1):
            print(f"{name}: the uninterrupted run failed (exit {code}): {stderr.decode()[-500:]}")
            return 2
        whole = scenario.snapshot(folder)
        print(f"{name}: uninterrupted {length:.1f} s, exit {code}", flush=True)
        counts: collections.Counter[str] = collections.Counter()
        for run in range(args.runs):
            signum = signal.SIGINT if run % 2 == 0 else signal.SIGTERM
            group = signum == signal.SIGINT or rng.random() < 0.5
            delay = rng.uniform(0.05, STARTUP) if args.early else rng.uniform(0.05, length * 1.05)
            code, stderr, seconds, seen, folder = run_once(scenario, base, work, delay, signum, group)
            problems = []
            text = stderr.decode("utf-8", "replace")
            started = (
                delay < STARTUP
                and (code == -signum or code == 1)
                and "sco_cli/" not in text.replace("from sco_cli.main import main", "")
                and "sco: interrupted" not in text  # sco's handler ran: whatever ended the run was not Python's start
            )
            if started:
                # Python's own start (site, the import machinery, the console script importing sco_cli.main)
                # before any line of sco runs: the default action (killed by the signal, or SIGINT's
                # traceback in an import), nothing written
                counts["before-sco-started"] += 1
            elif code is None:
                problems.append("hang")
            elif code in (0, 1) and seconds < delay + 0.5:
                counts["finished-first"] += 1
            elif code != 130:
                problems.append(f"exit{code}")
            if not started and ("Traceback" in text or "Exception ignored" in text or "KeyboardInterrupt" in text):
                problems.append("traceback")
            time.sleep(0.2)
            deadline = time.monotonic() + 5
            alive = {pid for pid in seen if _running(pid)} | _naming(str(work / "tmp"))
            while alive and time.monotonic() < deadline:
                time.sleep(0.1)
                alive = {pid for pid in alive if _running(pid)}
            if alive:
                problems.append("survivor")
                for pid in alive:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            left = sorted(path.name for path in (work / "tmp").iterdir())
            if left:
                problems.append("temp-left")
            if any((work / "home").iterdir()):
                problems.append("home-write")
                shutil.rmtree(work / "home")
            if any((work / "cache").rglob("*.tmp")):  # an entry of the model cache half written
                problems.append("cache-temp-left")
                for left in (work / "cache").rglob("*.tmp"):
                    left.unlink()
            broken = _whole(folder / "out") + _whole(folder) + _whole(folder / "in")
            if broken:
                problems.append("partial-output")
            after = scenario.snapshot(folder)
            if (before or whole) and after not in (before, whole):
                mixed = [
                    k
                    for k in set(after) | set(before) | set(whole)
                    if after.get(k) not in (before.get(k), whole.get(k))
                ]
                if mixed:
                    problems.append("register-mixed")
            for problem in problems:
                counts[problem] += 1
            counts["runs"] += 1
            how = f"{signal.Signals(signum).name} to {'group' if group else 'sco'} at {delay:.2f}s"
            if problems:
                failures.append(
                    {
                        "scenario": name,
                        "run": run,
                        "how": how,
                        "code": code,
                        "problems": problems,
                        "stderr": text[-2000:],
                        "broken": broken,
                        "temp_left": left,
                    }
                )
                shown = f"{problems} {broken[:3]} {left[:3]} {text[-300:]!r}"
                print(f"FAIL {name} #{run} {how}: exit {code} {shown}", flush=True)
        summary[name] = {"uninterrupted_seconds": round(length, 1), **counts}
        print(name, dict(counts), flush=True)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(summary, indent=1))
    if args.report:
        args.report.write_text(json.dumps({"entry": SCO, "summary": summary, "failures": failures}, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
