"""`--format pdf`: the Word document converted by LibreOffice (`soffice --headless --convert-to pdf`).

LibreOffice is found as `soffice:` in sco.yaml (a path relative to sco.yaml, or a command name; a path
only when the user named that sco.yaml with --config or it lies in a standard install folder), or as
`soffice` / `libreoffice` on PATH. Each run gets a private LibreOffice profile in a temporary
folder, so conversions never meet a running LibreOffice or each other; all documents of a run are
converted by one LibreOffice process. Nothing is fetched: the conversion is local."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sco_cli.core.errors import UsageError
from sco_cli.core.output import stop_signals_held

if TYPE_CHECKING:
    from sco_cli.core.office import Office

INSTALL_HINT = (
    "--format pdf converts the Word document with LibreOffice, which was not found: install it (for example "
    "`apt-get install libreoffice-writer-nogui`, `brew install --cask libreoffice`, or from libreoffice.org) "
    "or name its soffice program in sco.yaml (`soffice: /path/to/soffice`)"
)
SECONDS_PER_DOCUMENT = 30
SECONDS_TO_START = 120


TRUSTED_FOLDERS = (
    "/usr/bin",
    "/usr/local/bin",
    "/usr/lib/libreoffice",
    "/usr/lib64/libreoffice",
    "/usr/local/lib/libreoffice",
    "/opt",
    "/snap",
    "/Applications",
    "C:\\Program Files",
    "C:\\Program Files (x86)",
)
"""Where LibreOffice is installed by a package manager or an installer, writable only by an administrator:
a `soffice:` path in sco.yaml is run without asking only when it really lies in one of them."""


def soffice_for(office: Office | None) -> str:
    """The LibreOffice program to run, or a usage error naming what to install.

    A `soffice:` path in sco.yaml runs a program, and sco.yaml travels with the folder (a shared drive, a
    cloned repository): a path is used only when the user named that sco.yaml with `--config`, or when it
    lies (links resolved) in a standard install folder (`TRUSTED_FOLDERS`). Otherwise it is ignored with a
    warning saying how to allow it, and LibreOffice is looked for on PATH as without the setting. A command
    name (no slash) is looked up on the user's own PATH."""
    configured = office.soffice if office is not None else None
    if configured and office is not None:
        candidate = Path(configured).expanduser()
        if candidate.is_absolute() or "/" in configured or os.sep in configured:
            path = candidate if candidate.is_absolute() else office.base_dir / candidate
            if not (office.named_by_user or _in_trusted_folder(path)):
                _warn_ignored(configured, office)
            elif path.is_file() and os.access(path, os.X_OK):
                return str(path)
            else:
                raise UsageError(f"sco.yaml soffice: {configured}: not an executable file ({INSTALL_HINT})")
        else:
            found = shutil.which(configured)
            if found:
                return found
            raise UsageError(f"sco.yaml soffice: {configured}: not found on PATH ({INSTALL_HINT})")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(INSTALL_HINT)


def _in_trusted_folder(path: Path) -> bool:
    """Whether the program really (links and `..` resolved) lies in a standard install folder."""
    real = os.path.realpath(path)
    for folder in TRUSTED_FOLDERS:
        with contextlib.suppress(ValueError):  # another drive (Windows): not inside
            if os.path.isabs(folder) and os.path.commonpath([real, folder]) == folder:
                return True
    return False


def _warn_ignored(configured: str, office: Office) -> None:
    import sys  # noqa: PLC0415 - only to warn

    from sco_cli.core.terminal import printable  # noqa: PLC0415

    config = office.base_dir / "sco.yaml"
    print(
        printable(
            f"sco: warning: sco.yaml soffice: {configured}: ignored, it is outside the standard install folders "
            f"({', '.join(folder for folder in TRUSTED_FOLDERS if os.path.isabs(folder))}); to run it, name this "
            f"office file yourself: --config {config}"
        ),
        file=sys.stderr,
    )


def convert(documents: list[bytes], soffice: str) -> list[bytes]:
    """Each .docx (bytes) as a PDF (bytes), in order; one LibreOffice process for all of them.

    The documents (an ITO holds a passport number) are written to a private folder (0700, this user's)
    that is removed however the run ends: finished, failed, given up, or stopped by a signal. LibreOffice
    runs in a process group of its own, and that whole group is killed when sco stops waiting, so no
    helper it started outlives sco or keeps writing into the folder after it is removed."""
    if not documents:
        return []
    folder: Path | None = None
    try:
        with stop_signals_held():  # made and named here together: a stop cannot fall between the two
            folder = _private_folder()
        sources = []
        for number, data in enumerate(documents):
            source = folder / f"document-{number:05}.docx"
            source.write_bytes(data)
            sources.append(source)
        out = folder / "pdf"
        out.mkdir(mode=0o700)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        own_temporary = folder / "tmp"  # LibreOffice's own lu*.tmp folders, removed with the rest
        own_temporary.mkdir(mode=0o700)
        own_home = folder / "home"  # what it keeps under $HOME (dconf's ~/.cache/dconf/user), removed too
        own_home.mkdir(mode=0o700)
        seconds = SECONDS_TO_START + SECONDS_PER_DOCUMENT * len(documents)
        returncode, said = _run_alone(command, soffice, seconds, own_temporary, own_home)
        pdfs = []
        for source in sources:
            target = out / (source.stem + ".pdf")
            data = target.read_bytes() if target.is_file() else b""
            if not looks_like_pdf(data):
                said = " ".join(said.split())[-300:]
                why = f"LibreOffice ({soffice}) wrote no PDF (exit {returncode})"
                raise UsageError(why + (f": {said}" if said else ""))
            pdfs.append(data)
        return pdfs
    finally:
        if folder is not None:
            _remove(folder)


def _private_folder() -> Path:
    """A new temporary folder only this user can enter (mkdtemp's 0700, made sure of)."""
    folder = Path(tempfile.mkdtemp(prefix="sco-pdf-"))
    os.chmod(folder, 0o700)
    return folder


def _run_alone(command: list[str], soffice: str, seconds: float, temporary: Path, home: Path) -> tuple[int, str]:
    """Run LibreOffice in a new session (its own process group) and wait up to `seconds`. Whatever
    happens (it finishes, sco gives up, a signal stops sco), the group is killed before this returns:
    LibreOffice's launcher leaves `soffice.bin` and its helpers behind when only the launcher is killed.
    Its temporary files go to `temporary` and its home, caches and settings to `home` (it wrote
    ~/.cache/dconf/user in the user's own home), both inside sco's private folder.
    Returns its exit code and what it said."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={
                **{key: value for key, value in os.environ.items() if not key.startswith("XDG_")},
                "TMPDIR": str(temporary),
                "TMP": str(temporary),
                "TEMP": str(temporary),
                "HOME": str(home),
            },
        )
    except OSError as exc:
        raise UsageError(f"cannot run LibreOffice ({soffice}): {exc.strerror or exc}") from None
    try:
        stdout, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise UsageError(
            f"LibreOffice ({soffice}) did not finish converting to PDF in {seconds:.0f} s; it was stopped"
        ) from None
    except BaseException:  # a signal (KeyboardInterrupt), or anything else: nothing of it may survive
        _kill_group(process)
        raise
    _kill_group(process)  # helpers it left behind
    return process.returncode, (stderr or stdout or b"").decode("utf-8", "replace").strip()


GROUP_GONE_SECONDS = 5.0
"""How long to wait for the killed group's processes to be gone before removing the folder."""


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL to LibreOffice's whole process group, then wait (briefly) until none is left. Stop
    signals are held meanwhile, so a second Ctrl-C cannot cut the cleaning short; it is taken after."""
    with stop_signals_held():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(GROUP_GONE_SECONDS)
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        deadline = time.monotonic() + GROUP_GONE_SECONDS
        while _group_alive(process.pid) and time.monotonic() < deadline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            time.sleep(0.02)


def _group_alive(group: int) -> bool:
    """Whether a process of the group still runs. On Linux, a killed helper left to a slow reaper is a
    zombie that still counts for killpg(group, 0): /proc tells the running ones apart."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in os.listdir(proc):
        if not entry.isdigit():
            continue
        try:
            fields = (proc / entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(group) and fields[0] not in ("Z", "X"):
            return True
    return False


def _remove(folder: Path) -> None:
    """Remove the private folder, signals held; a file that cannot be removed is retried once. Holding
    the signals does not stop one Python has already taken and not yet acted on: its KeyboardInterrupt
    may come in the middle of the removal, which then goes on to the end before the interrupt goes up
    (it held the documents, an ITO's passport number among them)."""
    interrupted: KeyboardInterrupt | None = None
    with stop_signals_held():
        for attempt in range(3):
            try:
                if attempt:
                    time.sleep(0.1)
                shutil.rmtree(folder, ignore_errors=True)
            except KeyboardInterrupt as exc:
                interrupted = exc
            if not os.path.lexists(folder):
                break
    if interrupted is not None:
        raise interrupted


_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
_START_XREF = re.compile(rb"startxref\s{1,10}([0-9]{1,12})\s{1,10}%%EOF")
_OBJECT = re.compile(rb"[0-9]{1,10} [0-9]{1,5} obj\b")


def looks_like_pdf(data: bytes) -> bool:
    """A PDF by its structure, not its first bytes: the `%PDF-1.x` header, at least one object, and a
    trailer whose `startxref` points inside the file at a cross-reference table (`xref`) or stream
    (`N G obj`) before the final `%%EOF`. Twelve bytes starting `%PDF` are not a document."""
    if not _PDF_HEADER.match(data):
        return False
    tail = data[-2048:]
    trailers = list(_START_XREF.finditer(tail))
    found = trailers[-1] if trailers else None
    if found is None or tail[found.end() :].strip(b"\r\n\t \x00"):
        return False
    offset = int(found.group(1))
    if not 8 < offset < len(data) - len(tail) + found.start():
        return False
    at = data[offset : offset + 32]
    return at.startswith(b"xref") or _OBJECT.match(at) is not None
