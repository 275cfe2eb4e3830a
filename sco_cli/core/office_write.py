"""The one safe way to change an office file (imports, `sco check --fix`): nothing the office wrote is lost.

An import can run for seconds while the office keeps working: a second import into the same file, or an
editor saving it, must not be overwritten by a copy read before. So a change is made in two steps:

    snapshot = read_office_file(path)          # what the change is computed from
    new_text = ...                             # e.g. core.yaml_edit.TextEdit(snapshot.text) ... .result()
    write_office_file(snapshot, new_text)      # or refused, exit 2, nothing written

`write_office_file`:
- refuses a result sco itself would refuse to read (larger than the loader's cap, not valid YAML,
  anchors, several documents ...), before anything is renamed;
- takes an exclusive lock on the file (`flock`, the same lock every sco writer takes), then reads it
  again and compares its modification time and SHA-256 with the snapshot: when either changed, the
  change is refused with one line (`UsageError`, exit 2) and the file is left as it is now;
- writes through a symlink (the link stays, the file it points to is replaced) and keeps the mode;
- writes a temporary file beside the real file, flushed to disk, and renames it over: a crash leaves
  the old file or the new one. A file that did not exist is created exclusively: when one appeared
  meanwhile, that is refused too.

The snapshot keeps the text without its byte-order mark; the mark is written back when the file had one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sco_cli.core.errors import UsageError
from sco_cli.core.files import read_regular
from sco_cli.core.loader import MAX_BYTES, parse_document
from sco_cli.core.output import new_temporary, release_temporary

_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class OfficeFile:
    """An office file as read before a change: where it really is, its text and its fingerprint."""

    path: Path  # as the user named it (messages use this)
    target: Path  # the file written: the symlink's destination when `path` is a link
    text: str | None  # None when the file does not exist yet; without the BOM
    bom: bool = False
    mtime_ns: int = 0
    digest: str = ""

    @property
    def exists(self) -> bool:
        return self.text is not None


def read_office_file(path: Path) -> OfficeFile:
    """The snapshot a change is computed from. A file that is not UTF-8 or is larger than sco reads is
    refused (exit 2): sco must be able to read back what it writes."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise UsageError(f"{path}: a folder, not a file")
    if not target.exists():
        return OfficeFile(path, target, None)
    try:
        raw, stat = read_regular(target, MAX_BYTES)  # a FIFO is refused, never waited on
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{path}: larger than {MAX_BYTES:,} bytes, the most sco reads")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; save it as UTF-8 first") from None
    bom = text.startswith(_BOM)
    return OfficeFile(path, target, text[1:] if bom else text, bom, stat.st_mtime_ns, hashlib.sha256(raw).hexdigest())


def write_office_file(snapshot: OfficeFile, text: str, checked: bool = False) -> Path:
    """Replace (or create) the snapshot's file with `text`, or refuse with one line; see the module.
    `checked`: the caller has run `would_refuse` on this very text (an import checks every file before
    writing the first), so it is not parsed twice."""
    payload = ((_BOM if snapshot.bom else "") + text.removeprefix(_BOM)).encode("utf-8")
    refusal = "" if checked else would_refuse(payload, str(snapshot.path))
    if refusal:
        raise UsageError(f"{snapshot.path}: not written: {refusal}")
    target = snapshot.target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{target.parent}: cannot create the folder ({exc.strerror})") from None
    temporary = new_temporary(target)
    try:
        _fill(temporary, payload, target)
        if not snapshot.exists:
            _create(temporary, snapshot)
        else:
            with _locked(snapshot):
                os.replace(temporary, target)
    except OSError as exc:
        raise UsageError(f"{snapshot.path}: cannot write ({exc.strerror or exc}); nothing was written") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        release_temporary(temporary)
    return snapshot.path


def would_refuse(payload: bytes, name: str) -> str:
    """Why sco would refuse to read `payload` as an office file ('' when it would read it)."""
    if len(payload) > MAX_BYTES:
        return (
            f"the result would be {len(payload):,} bytes and sco reads at most {MAX_BYTES:,}; "
            "split the file (for example one register per case)"
        )
    loaded = parse_document(payload.decode("utf-8-sig"), name)
    errors = [f for f in loaded.findings if f.severity == "error"]
    if errors:
        return (
            f"the result would not load ({errors[0].code}: {errors[0].message}); sco's change does not fit how the "
            "file is written there: write that part in block style (one `key: value` or `- item` a line) and run "
            "it again"
        )
    return ""


def _fill(temporary: str, payload: bytes, target: Path) -> None:
    with open(temporary, "wb") as stream:
        stream.write(payload)
        stream.flush()
        os.fsync(stream.fileno())
    if target.exists():
        os.chmod(temporary, target.stat().st_mode & 0o7777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)


def _create(temporary: str, snapshot: OfficeFile) -> None:
    """A new file appears whole or not at all, and never over one made meanwhile (a link fails when the
    name exists)."""
    try:
        os.link(temporary, snapshot.target)
    except FileExistsError:
        raise UsageError(_changed(snapshot, "was created by someone else")) from None


def _changed(snapshot: OfficeFile, how: str) -> str:
    return f"{snapshot.path}: {how} while sco was working on it; nothing was written: run the command again"


@contextlib.contextmanager
def _locked(snapshot: OfficeFile) -> Iterator[None]:
    """Hold the lock on the file, checked unchanged since the snapshot. The lock is on the file's inode;
    after a rename the name points to a new inode, so a waiter that wakes on the old one tries again."""
    fcntl = _fcntl()
    while True:
        try:
            fd = os.open(snapshot.target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            raise UsageError(_changed(snapshot, "was removed")) from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                now = os.stat(snapshot.target)
            except FileNotFoundError:
                raise UsageError(_changed(snapshot, "was removed")) from None
            held = os.fstat(fd)
            if (held.st_dev, held.st_ino) != (now.st_dev, now.st_ino):
                continue  # renamed over while we waited: lock the file that is there now
            if now.st_mtime_ns != snapshot.mtime_ns or _digest(fd) != snapshot.digest:
                raise UsageError(_changed(snapshot, "changed"))
            yield
            return
        finally:
            os.close(fd)  # closing releases the lock


def _digest(fd: int) -> str:
    digest = hashlib.sha256()
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 16):
        digest.update(chunk)
    return digest.hexdigest()


def _fcntl() -> Any:
    try:
        import fcntl  # noqa: PLC0415 - not on Windows; there the mtime and hash comparison still holds
    except ImportError:
        return None
    return fcntl
