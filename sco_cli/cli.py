"""The `sco` command tree. Only Typer is imported here: each command imports the models,
Jinja2 or python-docx it needs when it runs, so `sco --help` stays fast."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli import __version__
from sco_cli.cli_common import (
    AsOf,
    Config,
    Debug,
    Format,
    Jobs,
    Paths,
    Quiet,
    Strict,
    check_format,
    emit,
    guarded,
    parse_as_of,
)

app = typer.Typer(
    name="sco",
    help="Check Security Cooperation Office case and student files against the SAMM, and render "
         "the documents they need. Offline; exit 0 clean, 1 error findings, 2 usage error, 3 bug.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        print(f"sco {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """sco: SAMM checks and documents for Security Cooperation Offices."""


def run_check(paths, fmt, as_of, config, strict, quiet, only_kind=None, jobs: int = 0) -> None:
    """The body of `sco check` and of every `sco <kind> check`."""
    from sco_cli.core.engine import check_paths
    from sco_cli.report.check import render

    fmt = check_format(fmt, ("text", "json", "csv"))
    report = check_paths(paths, parse_as_of(as_of), config, only_kind, jobs=jobs)
    emit(render(report, fmt, quiet=quiet, strict=strict))
    raise typer.Exit(report.exit_code(strict))


@app.command("check")
@guarded
def check(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None,
          strict: Strict = False, quiet: Quiet = False, debug: Debug = False, jobs: Jobs = 0) -> None:
    """Check every file, each by its `kind`, against all rules."""
    run_check(paths, format, as_of, config, strict, quiet, jobs=jobs)


def kind_check_app(kind: str, title: str) -> typer.Typer:
    """A `sco <kind>` group whose `check` runs the same flow restricted to one kind."""
    group = typer.Typer(help=title, no_args_is_help=True)

    @group.command("check", help=f"Check {kind} files (in folders, only their {kind} files).")
    @guarded
    def kind_check(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None,
                   strict: Strict = False, quiet: Quiet = False, debug: Debug = False, jobs: Jobs = 0) -> None:
        run_check(paths, format, as_of, config, strict, quiet, only_kind=kind, jobs=jobs)

    return group


from sco_cli.lor.commands import register as _register_lor  # noqa: E402
from sco_cli.meta_commands import register as _register_meta  # noqa: E402
from sco_cli.sales.commands import register as _register_sales  # noqa: E402
from sco_cli.training.commands import register as _register_training  # noqa: E402

_register_lor(app, kind_check_app)
_register_training(app)
_register_sales(app)
_register_meta(app)
