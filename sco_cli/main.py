"""Console entry point and the one error handler.

`sco --version` and `sco --help` answer before Typer is even imported, and the check commands are parsed
without it (`sco_cli.cli.quick`). Every command returns its exit code; what
escapes a command is mapped here, once, in the style of pre-commit's `error_handler`:

    usage mistake (UsageError, bad option)  -> one line, exit 2 (Click's own, from `run_typer`)
    Ctrl-C or SIGTERM                        -> "sco: interrupted", exit 130
    anything else (a bug in sco)             -> one line, exit 3; the traceback with --debug

`--debug` may stand anywhere on the command line (or SCO_DEBUG=1); it is read here and nowhere else.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # not `from typing import ...`: typing alone costs more than the rest of --version
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import FrameType
    from typing import Any, TextIO

# Nothing else is imported before `--version` is answered: it must cost no more than Python itself.


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # a Ctrl-C in sco's first lines, before its handlers: Python's default raised it
        if argv is None:
            _ignore_stop_signals()
            _forget_handled_interrupt()
        print("sco: interrupted", file=sys.stderr)
        return _INTERRUPTED


def _main(argv: list[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]) and sys.stdout is not None:
        from sco_cli import __version__

        return _answer(f"sco {__version__}\n", 0)
    if args in ([], ["--help"]) and sys.stdout is not None:  # plain text, without Typer's imports
        from sco_cli.cli.help import root_help

        return _answer(root_help(), 0 if args else 2)  # bare `sco` is a usage mistake that shows the help
    if sys.stdout is None:  # started with standard output closed (`sco ... >&-`)
        if sys.stderr is not None:
            print("sco: error: standard output is closed; redirect it to a file or /dev/null", file=sys.stderr)
        return 2
    args, debug = take_debug(args)
    # sco uses no Pydantic plugin; looking for them reads every installed package's metadata (20-30 ms)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    whole_process = argv is None  # sco's own process, not a caller running it in-process (the tests)
    global _collector_paused
    _collector_paused = whole_process
    if whole_process:
        gc.disable()  # until the command's code is imported (`_started`): start-up makes only what lives on
    global _finishing
    _finishing = False
    stdout = sys.stdout

    def run() -> int:
        global _finishing
        code = _finish(_run(args))
        _finishing = True  # a signal from here on is noted, not raised: nothing is left to stop
        return code

    restore_signals: Callable[[], None] | None = None
    try:  # the signal handlers' whole reach: a signal outside the error handler's `try` is exit 130 too
        restore_signals = _interrupt_on_sigterm(once=whole_process)
        _names_as_they_are(stdout)
        sys.stdout = GuardedStdout(stdout)
        code = handle_errors(run, debug or os.environ.get("SCO_DEBUG") == "1")
    except KeyboardInterrupt:  # the signal came as the error handler imported its names, or as it returned
        print("sco: interrupted", file=sys.stderr)
        code = _INTERRUPTED
    finally:
        _finishing = True  # however the command ended: an interrupt raised again late must not escape here
        sys.stdout = stdout
        _discard_partial_files()
        if restore_signals is not None and not whole_process:
            restore_signals()  # a caller running sco in its own process gets its handlers back
    if whole_process:
        _ignore_stop_signals()
        _forget_handled_interrupt()
        gc.freeze()  # what is left lives until the exit: the interpreter's teardown need not search it
        if _stop_requested and code != _INTERRUPTED:  # the signal came as the command finished
            print("sco: interrupted", file=sys.stderr)
            code = _INTERRUPTED
    parallel = sys.modules.get("sco_cli.core.parallel")
    if parallel is not None and parallel.left_waiting:  # an interrupted pool: Python's exit would hang
        import contextlib

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
    return code


class GuardedStdout:
    """Standard output, every write of which turns a failure into what it means for sco (the reader left:
    exit 0; a full disk or any other short write: one line, exit 2) at the write itself, whoever writes:
    sco's own `emit`, a `print`, Click's help or Rich's table. Without it, a help page or a line printed
    in the middle of a command to a full disk was an OSError reported as a bug in sco (exit 3)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if text == "":  # nothing to write (Click probes the stream with ""): never a failure of the device
            return 0
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise _stdout_failed(exc) from None

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _stdout_failed(exc) from None

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer: the stream's own
        return getattr(self._stream, name)


def _names_as_they_are(stream: TextIO) -> None:
    """A file name that is not UTF-8 (a byte 0xff) reaches Python as a lone surrogate; in a UTF-8 locale
    standard output refuses it (UnicodeEncodeError, exit 3 from a CSV or GitHub report). Text and CSV
    write the name's own bytes back, as `ls` does; JSON writes U+FFFD instead (app/output.json_dumps)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") == "utf8":
        reconfigure(errors="surrogateescape")


def _answer(text: str, code: int) -> int:
    """A fast path's answer (`--version`, the plain help), written and flushed here so that a full disk is
    one line and exit 2 as everywhere else, not Python's 'Exception ignored' and exit 120 at exit."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        failure = _stdout_failed(exc)

        def fail() -> int:
            raise failure

        return handle_errors(fail, debug=False)
    return code


def _finish(code: int) -> int:
    """Flush standard output here, where a failure is still handled, not at the interpreter's exit."""
    sys.stdout.flush()
    return code


def _stdout_failed(exc: OSError) -> Exception:
    from sco_cli.app.output import stdout_failed

    return stdout_failed(exc)


def take_debug(args: list[str]) -> tuple[list[str], bool]:
    """Remove `--debug` from the arguments (before any `--`): it is a switch of the whole program."""
    end = args.index("--") if "--" in args else len(args)
    kept = [arg for arg in args[:end] if arg != "--debug"] + args[end:]
    return kept, len(kept) != len(args)


def _run(args: list[str]) -> int:
    from sco_cli.cli.quick import quick_command

    quick = quick_command(args)  # `sco check` and `sco <kind> check` without building the Typer app
    if quick is not None:
        _started()
        return quick()
    from sco_cli.cli.app import run_typer

    _started()
    return run_typer(args)


def _started() -> None:
    """The command's code is imported: collect garbage again, leaving out everything made so far.

    Start-up (the libraries' modules, Pydantic's and sco's classes, compiled patterns) makes tens of
    thousands of tracked objects (19,000 by here for `sco lor check`) that all live until the exit, and
    the collector, run every 700 allocations, searched them over and over: about 8 ms of a one-file
    check, and the teardown's last search another 20 (issue 20 point 9, bench/startup.py). Frozen, they
    are never searched; what the command makes is collected as usual, so a long run's memory stays
    bounded. Used only in sco's own process (`main` turned the collector off); a caller running `main`
    in-process keeps its collector as it was."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


_collector_paused = False
"""Set by `main` in sco's own process while it starts up (the garbage collector is off), until `_started`."""


def handle_errors(run: Callable[[], int], debug: bool) -> int:
    from sco_cli.core.errors import ExitCode, ReaderLeft, Refusal, UsageError
    from sco_cli.core.terminal import printable

    try:
        return run()
    except UsageError as exc:
        print(f"sco: error: {printable(str(exc))}", file=sys.stderr)
        return ExitCode.USAGE
    except Refusal as exc:
        print("\n".join(printable(line) for line in exc.lines), file=sys.stderr)
        return ExitCode.FINDINGS
    except KeyboardInterrupt:
        print("sco: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `sco check ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except ReaderLeft:  # the same, seen by `emit` (already sent to the null device)
        return ExitCode.OK
    except Exception as exc:  # the last line of defence: a bug in sco, not in the user's file
        if _stop_requested:  # a library caught the KeyboardInterrupt and raised its own error instead
            print("sco: interrupted", file=sys.stderr)
            return ExitCode.INTERRUPTED
        if debug:
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        print(
            f"sco: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(this is a bug in sco; run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL


_finishing = False
"""Set once the command is done: a stop signal then only makes the exit code 130 (it was asked for), an
exception raised there would escape the error handler."""
_INTERRUPTED = 130  # core.errors.ExitCode.INTERRUPTED, without importing it on every exit path

_stop_requested = False
"""Set by Ctrl-C or SIGTERM. Pydantic raises a SchemaError naming the KeyboardInterrupt when the signal
arrives while it builds a model's validator; with this flag that run is still exit 130, not exit 3."""


def _interrupt_on_sigterm(once: bool) -> Callable[[], None]:
    """A terminated run unwinds like Ctrl-C, so temporary output files are removed (exit 130). Both
    signals also set `_stop_requested`, so an error a library makes of the interrupt is read as one.

    In sco's own process (`once`) the first signal is the only one: a second (Ctrl-C pressed twice, or
    the group's SIGINT followed by a scheduler's SIGTERM) would break into the clean-up the first one
    started, and print a traceback or leave the temporary file it was removing. A signal that comes once
    the command is done (`_finishing`) is exit 130 without an exception, and the signals are ignored
    before Python's exit, which puts back their default action: one arriving then killed sco by the
    signal (exit -2, 1 run in 60 of `eum import` signalled as it finished) after the register was
    written and the exit code decided."""
    import contextlib
    import signal

    def interrupt(signum: int, frame: FrameType | None) -> None:
        global _stop_requested
        _stop_requested = True
        if once:
            _ignore_stop_signals()
        if not _finishing:
            raise KeyboardInterrupt

    previous: dict[int, Any] = {}
    with contextlib.suppress(ValueError):  # not the main thread (embedded use): leave signals alone
        previous[signal.SIGTERM] = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, interrupt)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started ignoring it
            previous[signal.SIGINT] = signal.default_int_handler
            signal.signal(signal.SIGINT, interrupt)
    if once:
        sys.unraisablehook = _interrupting_again(sys.unraisablehook, interrupt)

    def restore() -> None:
        """The handlers as they were: a caller running `main(argv)` in its own process had its Ctrl-C
        swallowed after sco returned (the handler only noted it, the command being finished)."""
        with contextlib.suppress(ValueError, TypeError):
            for signum, handler in previous.items():
                signal.signal(signum, signal.SIG_DFL if handler is None else handler)

    return restore


def _interrupting_again(
    previous: Callable[[sys.UnraisableHookArgs], Any], interrupt: Callable[[int, FrameType | None], None]
) -> Callable[[sys.UnraisableHookArgs], Any]:
    """The interrupt raised where Python cannot pass it on (a weakref callback such as importlib's module
    locks have, a `__del__`) was printed as "Exception ignored ... KeyboardInterrupt" and lost: the command
    ran on to its end (signal campaign: 1 run in 80 signalled in the first half second). It is raised
    again, without a word, from a line the main thread runs after this hook: a thread of its own sends
    SIGTERM to the main thread (the hook's own lines would take a signal at once, inside the hook), a real
    signal, so it waits, as any would, while sco holds the stop signals (removing a temporary folder)."""

    def hook(unraisable: sys.UnraisableHookArgs) -> Any:
        if not (_stop_requested and isinstance(unraisable.exc_value, KeyboardInterrupt)):
            return previous(unraisable)
        if _finishing:
            return None
        import _thread
        import contextlib
        import signal

        with contextlib.suppress(ValueError):  # not the main thread: the run stops at its end, exit 130
            signal.signal(signal.SIGTERM, interrupt)
            _thread.start_new_thread(signal.pthread_kill, (_thread.get_ident(), signal.SIGTERM))
        return None

    return hook


def _discard_partial_files() -> None:
    """Whatever ended the command, no temporary file it recorded stays. A writer removes its own as it
    unwinds, but a signal taken as the signals are released, right after the file is created and
    recorded and before the writer's `try`, unwound past it (signal campaign: 1 SIGINT in 40 to a
    2,000-row `student import` left a `.sco-*.part` among the student files)."""
    output = sys.modules.get("sco_cli.core.output")
    if output is not None:
        output.discard_partial_files()


def _forget_handled_interrupt() -> None:
    """Clear CPython's note that a KeyboardInterrupt "went unhandled", which sco did handle.

    CPython sets that note whenever a KeyboardInterrupt leaves code it runs from text (`exec` or `eval`
    of a string: dataclasses build their methods so, `inspect` evaluates Typer's string annotations so),
    even when a caller catches it further up, as sco does. Started as `python -m sco_cli`, Python looks at
    the note after its own exit steps and, when set, kills itself with SIGINT: a run that had printed
    "sco: interrupted" and chosen 130 ended killed by the signal (exit -2 to a caller; 10 runs in 60 of
    `ito generate` signalled during the imports). The `sco` script never showed it only because a script's
    `sys.exit` ends Python by another path that skips the note. Every run of text clears the note as it
    starts, so an empty one clears it here, once the stop signals are ignored and no further interrupt
    can come (CPython 3.11 to 3.13; tests/cli/test_signals.py notices if that ever changes)."""
    exec("")


def _ignore_stop_signals() -> None:
    import contextlib
    import signal

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


if __name__ == "__main__":
    raise SystemExit(main())
