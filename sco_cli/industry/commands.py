"""`sco industry check`: industry visit files (SAMM C2.1.8)."""

from __future__ import annotations

import typer

from sco_cli.check_commands import kind_check_app


def industry_app() -> typer.Typer:
    return kind_check_app("industry_visit")
