"""Console entry point. `sco --version` answers before Typer is even imported; anything
that escapes the commands' own guard is an internal error (exit 3), never a traceback
unless --debug (or SCO_DEBUG=1) asks for one."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from sco_cli import __version__

        print(f"sco {__version__}")
        return 0
    _interrupt_on_sigterm()
    try:
        from sco_cli.cli import GROUPS, make_app

        make_app(args[0] if args and args[0] in GROUPS else None)(args=args, prog_name="sco")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    except KeyboardInterrupt:
        print("sco: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a bug in sco, not in the user's file
        from sco_cli.cli_common import report_internal_error

        return report_internal_error(exc, "--debug" in args or os.environ.get("SCO_DEBUG") == "1")
    return 0


def _interrupt_on_sigterm() -> None:
    """A terminated run unwinds like Ctrl-C, so temporary output files are removed (exit 130)."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        pass


if __name__ == "__main__":
    raise SystemExit(main())
