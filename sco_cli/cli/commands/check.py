"""`sco check` and every `sco <kind> check` as Typer commands, for help and for the command lines the
quick path (`sco_cli.cli.quick`) leaves to Typer. All are one function, made per kind, ending in
`run_check`; the groups that hold them are made in `sco_cli.cli.groups`."""

from __future__ import annotations

from collections.abc import Callable

from sco_cli.app.checking import run_check
from sco_cli.cli.options import (
    AsOf,
    CheckFormat,
    CheckPaths,
    Color,
    Config,
    Diff,
    Fix,
    Jobs,
    Quiet,
    SkipKindless,
    Strict,
)


def check_command(kind: str | None) -> Callable[..., int]:
    """The check of one kind (None: every kind)."""

    def check(
        paths: CheckPaths = None,
        format: CheckFormat = "text",
        as_of: AsOf = None,
        config: Config = None,
        strict: Strict = False,
        quiet: Quiet = False,
        jobs: Jobs = 0,
        color: Color = "auto",
        skip_kindless: SkipKindless = False,
        fix: Fix = False,
        diff: Diff = False,
    ) -> int:
        return run_check(
            paths or [],
            format,
            as_of,
            config,
            strict,
            quiet,
            jobs,
            only_kind=kind,
            color=color,
            skip_kindless=skip_kindless,
            fix=fix,
            diff=diff,
        )

    return check


check = check_command(None)
