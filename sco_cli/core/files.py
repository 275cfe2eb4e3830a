"""Reading a file the user named or a folder holds, without ever blocking on it.

A path can be swapped between the listing and the read (a FIFO, a device, a folder): `open()` on a
FIFO waits for a writer forever. Files are therefore opened with `O_NONBLOCK` (a FIFO opens at once,
a regular file ignores the flag) and checked with `fstat` on the open descriptor, so what is read is
the regular file that was checked, not whatever the name points to a moment later."""

from __future__ import annotations

import errno
import os
import stat

_CHUNK = 64 * 1024
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class NotRegular(OSError):
    """The path is a FIFO, a device, a socket or a folder: nothing sco reads."""

    def __init__(self, what: str) -> None:
        super().__init__(errno.EINVAL, f"{what}, not a regular file")


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def read_regular(path: str | os.PathLike[str], limit: int) -> tuple[bytes, os.stat_result]:
    """At most `limit + 1` bytes of the regular file at `path` (one more than the cap, to tell a file at
    the cap from a larger one) and its `fstat`; `NotRegular` (an OSError) for anything else, without
    waiting. Read in 64 KiB pieces: asking for the whole cap at once allocates it for every file."""
    fd = os.open(path, _FLAGS)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(_what(status.st_mode))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), status
