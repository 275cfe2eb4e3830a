"""Files are opened without waiting and checked to be regular once open (issue 20 point 5): a FIFO named
on the command line, or put where a listed file was, is one finding or one line, never a hang."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@contextlib.contextmanager
def released_after(fifo: Path, seconds: float = 15.0) -> Iterator[None]:
    """Should sco wait on the FIFO (the defect), a writer opens and closes it after `seconds` so the test
    fails on its assertions instead of hanging the suite."""
    done = threading.Event()

    def writer() -> None:
        if not done.wait(seconds):
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def test_a_fifo_named_on_the_command_line_is_one_finding(sco, tmp_path):
    fifo = tmp_path / "register.yaml"
    os.mkfifo(fifo)
    with released_after(fifo):
        result = sco("check", fifo)
    assert result.exit_code == 1, result.output
    assert f"{fifo}:1:1: error GEN019 cannot read the file (a named pipe, not a regular file)" in result.stdout


def test_a_file_swapped_for_a_fifo_after_the_listing_is_one_finding(sco, tmp_path, monkeypatch):
    shutil.copy(EXAMPLES / "eum.yaml", tmp_path / "eum.yaml")
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    from sco_cli.core import pipeline

    listed_as_file = os.path.isfile
    monkeypatch.setattr(pipeline.os.path, "isfile", lambda p: p == str(fifo) or listed_as_file(p))
    with released_after(fifo):
        result = sco("check", tmp_path, "--format", "json")
    assert result.exit_code == 1, result.output
    assert "swapped.yaml" in result.stdout and "a named pipe, not a regular file" in result.stdout
    assert "EUM001" in result.stdout  # the other file is checked as before


def test_a_fifo_as_an_import_table_or_a_translation_is_one_line(sco, tmp_path):
    shutil.copy(EXAMPLES / "eum.yaml", tmp_path / "eum.yaml")
    table, document = tmp_path / "scan.csv", tmp_path / "traduction.docx"
    os.mkfifo(table)
    os.mkfifo(document)
    with released_after(table), released_after(document):
        imported = sco("eum", "import", table, "--into", tmp_path / "eum.yaml")
        marked = sco("translation", "mark", document, "-o", tmp_path / "marked.docx")
    assert imported.exit_code == 2
    assert imported.stderr == f"sco: error: {table}: cannot read (a named pipe, not a regular file)\n"
    assert marked.exit_code == 2 and "a named pipe, not a regular file" in marked.stderr
    assert len(marked.stderr.splitlines()) == 1 and not (tmp_path / "marked.docx").exists()
