"""The hostile corpus: every file in `cases/` through every command that reads files.

Whatever a file holds, sco keeps its contract: exit 0, 1 or 2 (never 3), no traceback, no value of a
personal field on the terminal, nothing written outside `-o`, and no partial file under a real name.
Student cases carry canary personal values (see make_cases.py); none may reach stdout or stderr.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES

CASES = Path(__file__).resolve().parent / "cases"
CANARIES = ("ZQ7734519", "1987-03-14", "2027-02-03", "2026-07-13", "2015-05-06", "active TB", "0048219370")
"""The personal values of the corpus's students: passport number and expiry, dates of birth (the
student's and a dependent's), the medical examination date and result."""

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check", "{file}"),
    ("check", "{folder}", "--format", "json"),
    ("check", "{file}", "--format", "csv", "--strict"),
    ("lor", "check", "{file}"),
    ("lor", "route", "{file}", "--format", "json"),
    ("cta", "generate", "{file}", "-o", "{out}/cta.docx"),
    ("cta", "generate", "{file}", "-o", "{out}/cta-draft.md", "--draft"),
    ("student", "check", "{folder}"),
    ("student", "check", "{file}", "--format", "json"),
    ("ito", "generate", "{file}", "-o", "{out}/ito"),
    ("ito", "generate", "{folder}", "-o", "{out}/ito-md", "--format", "md", "--draft"),
    ("ito", "generate", "{file}", "-o", "{out}/ito-manual", "--manual"),
    ("javits", "report", "{folder}", "--year", "2027", "-o", "{out}/javits.docx"),
    ("forecast", "check", "{file}"),
    ("forecast", "report", "{folder}", "-o", "{out}/forecast.md"),
    ("budget", "check", "{file}"),
    ("budget", "justify", "{file}", "-o", "{out}/budget.docx", "--draft"),
    ("training", "prominence", "{folder}"),
    ("training", "plan", "check", "{file}"),
    ("eum", "check", "{file}"),
    ("eum", "inventory", "{file}", "-o", "{out}/eum.csv"),
    ("eum", "import", "{file}", "--into", "{out}/register.yaml"),
    ("case", "check", "{file}"),
    ("case", "status", "{folder}", "--format", "csv"),
    ("industry", "check", "{file}"),
    ("visit", "check", "{file}"),
    ("waivers", "list", "{folder}"),
    ("calendar", "{folder}", "-o", "{out}/calendar.ics"),
    ("translation", "mark", "{file}", "-o", "{out}/marked.docx"),
    ("translation", "letter", "-o", "{out}/letter.md", "--document", "LOA XS-P-SAB", "--language", "Examplish"),
    ("rules", "thresholds", "--config", "{office}"),
)


def _install(case: Path, work: Path) -> Path:
    """The case in a folder of its own with an office file; an `office-` case is the office file,
    beside a good student and a good LOR."""
    work.mkdir()
    if case.name.startswith("office-"):
        (work / "sco.yaml").write_bytes(case.read_bytes())
        (work / "student.yaml").write_bytes((EXAMPLES / "students" / "ready.yaml").read_bytes())
        (work / "lor.yaml").write_bytes((EXAMPLES / "lor-complete.yaml").read_bytes())
        return work / "sco.yaml"
    (work / "sco.yaml").write_bytes((EXAMPLES / "sco.yaml").read_bytes())
    target = work / case.name
    target.write_bytes(case.read_bytes())
    return target


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _assert_whole(path: Path) -> None:
    """A written document is complete: a .docx is a sound zip, a text file is not empty."""
    assert not path.name.startswith(".sco-") and not path.name.endswith(".part"), f"partial file {path}"
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert "word/document.xml" in archive.namelist()
    else:
        assert path.stat().st_size > 0, f"empty output {path}"


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda path: path.stem)
def test_a_hostile_file_keeps_the_contract(case: Path, tmp_path: Path, sco, monkeypatch):
    work, out = tmp_path / "work", tmp_path / "out"
    target = _install(case, work)
    monkeypatch.chdir(tmp_path)
    before = _tree(work)
    values = {"file": target, "folder": work, "out": out, "office": work / "sco.yaml"}
    for command in COMMANDS:
        args = [part.format(**values) for part in command]
        result = sco(*args, "--as-of", AS_OF) if _takes_as_of(command) else sco(*args)
        shown = result.stdout + result.stderr
        where = f"sco {' '.join(command)} on {case.name}: exit {result.exit_code}\n{shown[-2000:]}"
        assert result.exit_code in (0, 1, 2), where
        assert "Traceback" not in shown and "internal error" not in shown, where
        leaked = [canary for canary in CANARIES if canary in shown]
        assert leaked == [], where
    assert _tree(work) == before, "a command changed the input folder"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["work", "out"][: 1 + out.exists()])
    for path in out.rglob("*") if out.exists() else ():
        if path.is_file():
            _assert_whole(path)


def _takes_as_of(command: tuple[str, ...]) -> bool:
    return command[0] not in ("rules",) and command[:2] != ("translation", "mark") and command[:2] != ("eum", "import")
