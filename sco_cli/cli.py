"""The `sco` command tree. Only Typer is imported here: each command imports the models,
Jinja2 or python-docx it needs when it runs, so `sco --help` stays fast.

Typer builds every command's options when the app starts, so `make_app(group)` builds only the
group being run; `app` (every group) serves help, completion and the tests."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from sco_cli import __version__

# name -> "module:function" returning the Typer group; listed in the order --help shows them
GROUPS = {
    "lor": "sco_cli.lor.commands:lor_app",
    "cta": "sco_cli.lor.commands:cta_app",
    "student": "sco_cli.training.commands:student_app",
    "ito": "sco_cli.training.commands:ito_app",
    "javits": "sco_cli.sales.commands:javits_app",
    "forecast": "sco_cli.sales.commands:forecast_app",
    "rules": "sco_cli.meta_commands:rules_app",
    "schema": "sco_cli.meta_commands:schema_app",
}


def _version(value: bool) -> None:
    if value:
        print(f"sco {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """sco: SAMM checks and documents for Security Cooperation Offices."""


def make_app(only: str | None = None) -> typer.Typer:
    """The command tree, or only the `only` group of it (plus the top-level commands)."""
    from sco_cli.cli_common import check
    from sco_cli.meta_commands import init

    application = typer.Typer(
        name="sco",
        help="Check Security Cooperation Office case and student files against the SAMM, and render "
             "the documents they need. Offline; exit 0 clean, 1 error findings, 2 usage error, 3 bug.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=True,
    )
    application.callback()(_root)
    application.command("check")(check)
    for name, target in GROUPS.items():
        if only in (None, name):
            module, _, function = target.partition(":")
            application.add_typer(getattr(importlib.import_module(module), function)(), name=name)
    application.command("init")(init)
    return application


def __getattr__(name: str):
    """`sco_cli.cli.app`, the full tree, is built on first use (tests, completion), not on import."""
    if name == "app":
        globals()["app"] = make_app()
        return globals()["app"]
    raise AttributeError(name)
