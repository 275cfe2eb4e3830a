"""Shared helpers: every behaviour test goes through the real `sco` command tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-11-24"


class Sco:
    """Runs `sco ...` in-process through Typer's CliRunner, with stdout and stderr apart."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None):
        from sco_cli.cli import app

        return self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    def json(self, *args: str, input=None) -> tuple[int, dict]:
        result = self(*args, "--format", "json", input=input)
        return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def sco() -> Sco:
    return Sco()


def findings_of(payload: dict) -> list[dict]:
    return [f for file in payload["files"] for f in file["findings"]]
