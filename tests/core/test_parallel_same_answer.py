"""One answer every way (issue 19 point 1): a batch checked by worker processes gives the same report,
cross-file rules, waivers and gates included, as the same batch in one process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.helpers import AS_OF, EXAMPLES, findings_of


def _check(*args):
    """`sco check ... --format json` in a process of its own: in the test process every kind is
    already loaded by earlier tests, which hid the parent that never loaded the cross-file rules."""
    done = subprocess.run(
        [sys.executable, "-m", "sco_cli", "check", *map(str, args), "--format", "json", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def _same_students(folder, count):
    """`count` copies of one student: one ITO number on every file, so ITO015 fires on each."""
    folder.mkdir()
    shutil.copy(EXAMPLES / "sco.yaml", folder / "sco.yaml")
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    for n in range(count):
        (folder / f"student-{n:03}.yaml").write_text(text)
    return folder


def test_the_examples_give_the_same_report_with_one_process_or_workers():
    code_one, one = _check(EXAMPLES, "--jobs", "1")
    code_workers, workers = _check(EXAMPLES, "--jobs", "2")
    assert code_one == code_workers == 1
    assert workers == one
    codes = {f["code"] for f in findings_of(json.loads(one))}
    assert {"FCS003", "BUD016", "IND004"} <= codes  # the cross-file rules the workers used to drop


@pytest.mark.parametrize("jobs", [("--jobs", "2"), ()])  # () is the default: 350 files start workers
def test_350_students_on_one_ito_number_fail_whatever_the_jobs(tmp_path, jobs):
    folder = _same_students(tmp_path / "office", 350)
    code_one, one = _check(folder, "--jobs", "1")
    code_workers, workers = _check(folder, *jobs)
    assert workers == one
    assert code_one == code_workers == 1
    report = json.loads(one)
    assert sum(f["code"] == "ITO015" for f in findings_of(report)) == 350
    students = [file for file in report["files"] if file["kind"] == "student"]
    assert len(students) == 350
    assert all(not file["facts"]["ito_ready"] and "ITO015" in file["facts"]["ito_blockers"] for file in students)
