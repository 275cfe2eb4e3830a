"""One answer every way, whichever command asked: `sco lor check DIR` says of each LOR exactly what
`sco check DIR` says of it (FCS003, BUD016 and the CTA finding need the register and the budget in the
folder, which a kind's check used to skip), and so for every kind with a check of its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sco_cli.kinds import KINDS
from tests.helpers import AS_OF, EXAMPLES


def _run(*args):
    """In a process of its own: in the test process every kind is loaded already, which would hide a
    kind's check that never loads the rules of the others."""
    done = subprocess.run(
        [sys.executable, "-m", "sco_cli", *map(str, args), "--format", "json", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def _by_file(payload, kind):
    return {f["path"]: (f["findings"], f.get("facts")) for f in payload["files"] if f.get("kind") == kind}


@pytest.fixture(scope="module")
def whole_check():
    return _run("check", EXAMPLES)


KIND_CHECKS = [(kind.name, kind.command) for kind in KINDS.declared() if kind.command]


@pytest.mark.parametrize(("kind", "command"), KIND_CHECKS, ids=[kind for kind, _ in KIND_CHECKS])
def test_a_kinds_check_says_of_each_file_what_the_whole_check_says(whole_check, kind, command):
    mine = _run(*command, "check", EXAMPLES)
    assert {f.get("kind") for f in mine["files"]} <= {kind, None}  # only the kind's files are reported
    assert _by_file(mine, kind) == _by_file(whole_check, kind)


def test_the_flawed_lor_keeps_its_cross_file_findings(whole_check):
    mine = _run("lor", "check", EXAMPLES)
    [flawed] = [f for f in mine["files"] if f["path"].endswith("lor-flawed.yaml")]
    codes = {finding["code"] for finding in flawed["findings"]}
    assert {"FCS003", "BUD016", "CTA001"} <= codes
