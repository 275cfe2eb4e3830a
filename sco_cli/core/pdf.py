"""`--format pdf`: the Word document converted by LibreOffice (`soffice --headless --convert-to pdf`).

LibreOffice is found as `soffice:` in sco.yaml (a path relative to sco.yaml, or a command name), or
as `soffice` / `libreoffice` on PATH. Each run gets a private LibreOffice profile in a temporary
folder, so conversions never meet a running LibreOffice or each other; all documents of a run are
converted by one LibreOffice process. Nothing is fetched: the conversion is local."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sco_cli.core.errors import UsageError

if TYPE_CHECKING:
    from sco_cli.core.office import Office

INSTALL_HINT = (
    "--format pdf converts the Word document with LibreOffice, which was not found: install it (for example "
    "`apt-get install libreoffice-writer-nogui`, `brew install --cask libreoffice`, or from libreoffice.org) "
    "or name its soffice program in sco.yaml (`soffice: /path/to/soffice`)"
)
SECONDS_PER_DOCUMENT = 30
SECONDS_TO_START = 120


def soffice_for(office: Office | None) -> str:
    """The LibreOffice program to run, or a usage error naming what to install."""
    configured = office.soffice if office is not None else None
    if configured:
        candidate = Path(configured).expanduser()
        if candidate.is_absolute() or "/" in configured or os.sep in configured:
            path = candidate if candidate.is_absolute() else (office.base_dir / candidate)  # type: ignore[union-attr]
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
            raise UsageError(f"sco.yaml soffice: {configured}: not an executable file ({INSTALL_HINT})")
        found = shutil.which(configured)
        if found:
            return found
        raise UsageError(f"sco.yaml soffice: {configured}: not found on PATH ({INSTALL_HINT})")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(INSTALL_HINT)


def convert(documents: list[bytes], soffice: str) -> list[bytes]:
    """Each .docx (bytes) as a PDF (bytes), in order; one LibreOffice process for all of them."""
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="sco-pdf-") as scratch:
        folder = Path(scratch)
        sources = []
        for number, data in enumerate(documents):
            source = folder / f"document-{number:05}.docx"
            source.write_bytes(data)
            sources.append(source)
        out = folder / "pdf"
        out.mkdir()
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
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                timeout=SECONDS_TO_START + SECONDS_PER_DOCUMENT * len(documents),
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise UsageError(f"LibreOffice ({soffice}) did not finish converting to PDF in time") from None
        except OSError as exc:
            raise UsageError(f"cannot run LibreOffice ({soffice}): {exc.strerror or exc}") from None
        pdfs = []
        for source in sources:
            target = out / (source.stem + ".pdf")
            data = target.read_bytes() if target.is_file() else b""
            if not data.startswith(b"%PDF"):
                said = (completed.stderr or completed.stdout or b"").decode("utf-8", "replace").strip()
                said = " ".join(said.split())[-300:]
                why = f"LibreOffice ({soffice}) wrote no PDF (exit {completed.returncode})"
                raise UsageError(why + (f": {said}" if said else ""))
            pdfs.append(data)
        return pdfs
