"""`sco budget check` (the request against SAMM C2.1.3.4 and C2.3.3.1) and `sco budget justify`
(the justification document)."""

from __future__ import annotations

import typer

from sco_cli.check import kind_check_app


def budget_app() -> typer.Typer:
    budget = kind_check_app("budget")
    return budget
