"""Exit codes (a contract with shell scripts) and the exception that means "the user called sco
wrongly" rather than "the file has a problem"."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # no error findings
    FINDINGS = 1  # at least one error finding (or warning, with --strict)
    USAGE = 2  # bad option, missing path, unwritable output, refusing to overwrite
    INTERNAL = 3  # a bug in sco
    INTERRUPTED = 130  # Ctrl-C or SIGTERM


class UsageError(Exception):
    """A mistake in how sco was called (missing path, bad option, refusing to overwrite): exit 2."""


class Refusal(Exception):
    """The files themselves stop a command (its office file is broken): the lines say why, exit 1."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


class ReaderLeft(Exception):
    """Standard output's reader went away (`sco check ... | head`): nothing more to say, exit 0. Not an
    OSError, so Click's own broken-pipe handling (exit 1) does not take it on the way out."""
