"""`sco visit check`: official DoD visitors and aircraft (SAMM C2.1.9.3)."""

from __future__ import annotations

import typer

from sco_cli.check_commands import kind_check_app


def visit_app() -> typer.Typer:
    return kind_check_app("visit")
