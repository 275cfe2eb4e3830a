"""What the tests share: paths, the `sco` runner, golden files, and the text of a Word file."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-24"


class Sco:
    """Runs `sco ...` in-process through the real entry point, `sco_cli.main.main` (its error
    handler and exit codes included), with Typer's runner capturing stdin, stdout and stderr."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: object, input: str | bytes | None = None) -> Result:
        from sco_cli.main import main

        with self.runner.isolation(input=input) as (stdout, stderr, output):
            try:
                code = main([str(a) for a in args])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            return Result(self.runner, stdout.getvalue(), stderr.getvalue(), output.getvalue(), None, code, None)

    def json(self, *args: object, input: str | bytes | None = None) -> tuple[int, Any]:
        result = self(*args, "--format", "json", input=input)
        return result.exit_code, json.loads(result.stdout)


def findings_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for file in payload["files"] for f in file["findings"]]


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; SCO_UPDATE_GOLDEN=1 rewrites it (then review the diff)."""
    path = GOLDEN / name
    if os.environ.get("SCO_UPDATE_GOLDEN") == "1":
        path.write_text(text)
    assert text == path.read_text()


def docx_text(data: bytes) -> str:
    """The text of a .docx in reading order: header, body paragraphs and tables, footer.
    Golden tests compare this, since the bytes of a .docx differ from run to run."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    out = []
    section = document.sections[0]
    out += [f"[header] {p.text}" for p in section.header.paragraphs if p.text.strip()]
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = Paragraph(element, document)
            if paragraph.text.strip():
                out.append(paragraph.text)
        elif element.tag.endswith("}tbl"):
            for row in Table(element, document).rows:
                out.append(" | ".join(cell.text for cell in row.cells))
    out += [f"[footer] {p.text}" for p in section.footer.paragraphs if p.text.strip()]
    return "\n".join(out) + "\n"


def command_paths() -> list[list[str]]:
    """Every command and group of `sco`, as the words that call it (nested groups included), from the
    command table: what `--help` must answer and what the coverage matrix may name."""
    import typer

    from sco_cli.cli.groups import command_groups

    paths: list[list[str]] = [[], ["check"], ["init"]]

    def walk(words: list[str], command: Any) -> None:
        paths.append(words)
        for name, sub in getattr(command, "commands", {}).items():
            walk([*words, name], sub)

    for name, group in command_groups().items():
        built = group.build()
        walk([name], typer.main.get_command(built) if group.single else typer.main.get_group(built))
    return paths


def on_terminal(args: list[str], env: dict[str, str]) -> str:
    """What `sco ARGS` shows on a terminal (a pseudo-terminal), stdout and stderr together, escape
    sequences kept: for the tests of colour, tables and highlights that appear only on a terminal."""
    import pty
    import subprocess

    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "sco_cli", *args], stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


def written_under(home: Path) -> set[str]:
    """What a run left under HOME, sco's own cache of compiled models aside (issue 20 point 9: the one
    thing sco keeps in the user's cache folder: a folder per installation, whole entries only, each
    private to the user). A cache folder or entry others could enter or write counts as left."""
    cache = home / ".cache" / "sco" / "models"

    def private(path: Path, mode: int) -> bool:
        return path.stat().st_mode & 0o777 == mode

    left = set()
    for path in home.rglob("*"):
        if path in (home / ".cache", home / ".cache" / "sco") or (path == cache and private(path, 0o700)):
            continue
        if path.parent == cache and path.is_dir() and private(path, 0o700) and private(cache, 0o700):
            continue  # one installation's folder
        if path.parent.parent == cache and path.name.endswith(".pickle") and private(path, 0o600):
            continue
        left.add(str(path.relative_to(home)))
    return left
