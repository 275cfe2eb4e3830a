"""Writing outputs safely: never replace a file without --force, and never leave half a file.

Data goes to a temporary file beside the target, is flushed to disk, then renamed over it (--force) or
linked to a name nothing holds (without --force: the link fails if the name exists, so the check and the
write are one step even when two runs write the same -o at once), so an interrupted run leaves either
the old file or the new one, nothing in between. The temporary files
being written are known, so a stop signal removes them too."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Iterator
from pathlib import Path

from sco_cli.core.errors import UsageError

_PARTIAL: set[str] = set()
"""Temporary files this process is writing right now."""


def refuse_overwrite(path: Path, force: bool) -> None:
    """A folder is never replaced, even with --force: renaming a file over it would fail half-way
    or, worse, succeed on an empty one."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name (or a different -o)")
    if path.exists() and not force:
        raise UsageError(f"{path}: already exists; use --force to replace it")


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def stop_signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for a few steps that must happen together: a temporary file created and
    recorded (a stop between the two would leave a file nobody knows about), workers forked (they take
    the signals only once their own handlers are in place), a private folder made or removed. A signal
    that comes meanwhile is taken when they are done."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def new_temporary(path: Path) -> str:
    """A new empty temporary file beside `path`, recorded so that a stop signal removes it; give it back
    with `release_temporary` once it is renamed or removed."""
    import tempfile  # noqa: PLC0415 - with shutil and random, 10 ms that a check writing no file need not pay

    with stop_signals_held():
        try:
            handle, temporary = tempfile.mkstemp(prefix=".sco-", suffix=".part", dir=path.parent)
        except OSError as exc:
            raise UsageError(f"{path}: cannot write here ({exc.strerror})") from None
        os.close(handle)
        _PARTIAL.add(temporary)
    return temporary


def release_temporary(temporary: str) -> None:
    _PARTIAL.discard(temporary)


def write_atomic(path: Path, data: bytes | str, force: bool = False) -> Path:
    import tempfile  # noqa: PLC0415 - with shutil and random, 10 ms that a check writing no file need not pay

    path = Path(path)
    refuse_overwrite(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with stop_signals_held():
        try:
            handle, temporary = tempfile.mkstemp(prefix=".sco-", suffix=".part", dir=path.parent)
        except OSError as exc:
            raise UsageError(f"{path}: cannot write here ({exc.strerror})") from None
        _PARTIAL.add(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        if force:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    except FileExistsError:  # another run (or the user) created it since refuse_overwrite looked
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{path}: already exists; use --force to replace it") from None
    except OSError as exc:  # disk full, name too long, target turned into a folder meanwhile
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc}); nothing was written") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        _PARTIAL.discard(temporary)
    return path


def _place_new(temporary: str, path: Path) -> None:
    """Put the finished temporary file at `path` only if nothing is there, in one step: a hard link fails
    when the name exists (FileExistsError), whoever created it a moment ago, so of two runs writing the
    same -o without --force exactly one wins and the other refuses; a check then a rename could let both
    "win", the later overwriting the earlier. Where the file system has no hard links, the name is
    claimed first by creating it exclusively (O_EXCL) and the full file renamed over that claim."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        _claim_then_rename(temporary, path)
    else:
        os.unlink(temporary)


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}
"""What link(2) says on a file system without hard links (FAT, some network and FUSE mounts)."""


def _claim_then_rename(temporary: str, path: Path) -> None:
    """The fallback of `_place_new`: an empty file created exclusively claims the name (recorded, so a
    stop signal removes the claim and never leaves an empty file), then the full file replaces it."""
    with stop_signals_held():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        _PARTIAL.add(str(path))
    try:
        os.replace(temporary, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        _PARTIAL.discard(str(path))


def discard_partial_files() -> None:
    """Remove the temporary files being written (a stop signal arrived)."""
    for temporary in list(_PARTIAL):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _PARTIAL.clear()


def _mode_for(path: Path) -> int:
    """The mode a plain `open(path, "w")` would give: the old file's, or 0o666 less the umask
    (mkstemp's private 0o600 would hide documents from the rest of the office)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def resource_dir(name: str) -> Path:
    """`templates` or `examples`: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sco is installed without its {name} folder")
