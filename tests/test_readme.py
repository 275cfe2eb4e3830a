"""The README is a newcomer's first hour: its commands must work as written, its sample output must be
what sco prints (on any day), `.ci/run` must run the install and test commands it shows, and every link
in it and under docs/ must lead somewhere."""

from __future__ import annotations

import re
import shlex

from tests.helpers import ROOT, Sco

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    """The first fenced block after `marker` in the README."""
    start = README.index(marker)
    match = re.search(r"```[a-z]*\n(.*?)```", README[start:], re.S)
    assert match, f"no code block after {marker!r}"
    return match.group(1)


def test_the_readme_stays_short():
    assert README.count("\n") <= 300


def test_the_sample_output_is_what_the_shown_command_prints(sco: Sco):
    command = _block_after("**Check an office.**").strip()
    assert "--as-of" in command, "without a fixed --as-of the output changes from day to day"
    args = shlex.split(command)
    assert args[0] == "sco"
    args = [str(ROOT / a) if a.startswith("examples") else a for a in args[1:]]
    result = sco(*args)
    assert result.exit_code == 1
    printed = result.stdout.replace(str(ROOT) + "/", "").splitlines()
    shown = [line for line in _block_after("flawed on purpose").splitlines() if line != "..."]
    assert len(shown) >= 5
    position = 0
    for line in shown:  # each shown line is printed, in the order shown
        assert line in printed[position:], f"README shows a line sco does not print: {line}"
        position = printed.index(line, position) + 1
    assert shown[-1] == printed[-1]  # the summary


def test_ci_runs_the_readme_install_and_test_commands():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install = _block_after("## Install")
    assert "python3 -m venv" in install
    tests = _block_after("**Run the tests**").strip()
    assert install.strip().splitlines()[-1] in tests  # the same install command in both places
    for part in tests.split(" && "):
        assert any(line.strip() == part or line.strip().endswith(f"; {part}") for line in ci_lines), part


def test_every_relative_link_leads_to_a_file():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)}: broken link {target}"
