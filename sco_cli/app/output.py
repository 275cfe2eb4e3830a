"""Everything a command prints or writes as its result goes through here: standard output (a reader
that leaves is not an error, a full disk is one line), a report to `-o` (atomic, never over a file
without --force), and the one JSON envelope every command's JSON output has.

The JSON envelope: `{"sco_version": ..., "as_of": ... (where dates matter), <the command's keys>}`,
indented on a terminal and one line for a program or a file, as `gh --json` does: the same object
either way. A script reads `sco_version` first, whatever the command."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sco_cli import __version__
from sco_cli.core.errors import ReaderLeft, UsageError
from sco_cli.core.output import write_atomic
from sco_cli.core.terminal import without_surrogates


def emit(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        raise stdout_failed(exc) from None


def stdout_failed(exc: OSError) -> Exception:
    """What a failed write to standard output means: the reader left (exit 0), or the output cannot be
    written, a full disk say (one line, exit 2; not a bug in sco). Standard output then goes to the null
    device, so what is still buffered cannot fail again at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if isinstance(exc, BrokenPipeError):
        return ReaderLeft()
    return UsageError(f"cannot write to standard output: {exc.strerror or exc}")


def deliver(data: bytes | str, output: str | None, force: bool, note: str = "") -> None:
    """A report to standard output, or written (atomically, never over a file without --force) to -o."""
    if output is None:
        emit(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    write_atomic(Path(output), data, force)
    print(f"wrote {output}{note}")


def envelope(payload: dict[str, Any], as_of: date | None = None) -> dict[str, Any]:
    """The command's keys behind `sco_version` and, where dates matter, `as_of`."""
    head: dict[str, Any] = {"sco_version": __version__}
    if as_of is not None:
        head["as_of"] = as_of.isoformat()
    return head | {key: value for key, value in payload.items() if key not in head}


def json_text(payload: dict[str, Any], as_of: date | None = None, indent: bool | None = None) -> str:
    """The envelope as JSON text: indented for a person (standard output is a terminal), one line
    otherwise (the C encoder writes that about four times faster: 0.05 s instead of 0.2 s for the JSON
    of a 5,000-file check)."""
    if indent is None:
        indent = sys.stdout.isatty()
    return json_dumps(envelope(payload, as_of), indent=2 if indent else None) + "\n"


def json_dumps(value: Any, indent: int | None = None, ensure_ascii: bool = True) -> str:
    """JSON every strict reader accepts. A file name that is not UTF-8 (a byte 0xff) reaches Python as a
    lone surrogate (U+DCFF), which `json.dumps` writes as an escape that Go, Rust or jq refuse (or,
    unescaped, that cannot be encoded at all); such characters are written as U+FFFD, the replacement
    character. Only a text that may hold one (an escape `\\ud...`, a surrogate itself) pays for the second pass."""
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii, default=str)
    if "\\ud" in text if ensure_ascii else without_surrogates(text) != text:
        raw = without_surrogates(json.dumps(value, ensure_ascii=False, default=str))
        text = json.dumps(json.loads(raw), indent=indent, ensure_ascii=ensure_ascii)
    return text


def emit_json(
    payload: dict[str, Any], as_of: date | None = None, output: str | None = None, force: bool = False
) -> None:
    """A command's JSON result, to standard output or (one line) to `-o`."""
    deliver(json_text(payload, as_of, indent=False if output else None), output, force)
