"""The one document-writing flow every document command goes through:

    the domain's builder (template, context, DocumentMeta, office)
      -> render (Markdown, or Word; a PDF is rendered as Word first)
      -> refuse, naming every gap, when a required item is empty and --draft was not given
      -> convert every PDF at once with LibreOffice
      -> write atomically (never over a file without --force), or Markdown to standard output
      -> "wrote FILE" (and "(DRAFT)"), refusals on standard error

Large batches (`sco ito generate` on a folder) are rendered in worker processes; the result is the
same, in the same order."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sco_cli.app.output import deliver, emit, emit_json
from sco_cli.core.errors import UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.core.render import Document

DOCUMENT_FORMATS = ("docx", "md", "pdf")

PARALLEL_MIN_DOCUMENTS = {"docx": 50, "pdf": 50, "md": 5000}
"""Below this many documents (by format), worker processes cost more to start than they save, on the
2-core machine `bench/parallel.py` measured: Word documents paid from 50-100; Markdown ones (a few
hundred per second in one process) never did, up to 1,600. `--jobs N` (2 or more) uses workers anyway."""


@dataclass(frozen=True)
class DocumentJob:
    """One document to render and write; picklable, so a worker process can do it."""

    document: Document
    fmt: str
    target: Path | None
    """None: Markdown to standard output."""
    force: bool = False
    source: str = ""
    """What the document is made from, named when it is refused."""
    note: str = ""
    """Said after "wrote FILE" (what the document holds)."""
    finish: Callable[[bytes], bytes] | None = field(default=None, compare=False)
    """Applied to a Word document before it is written or converted (the budget chart)."""

    def run(self) -> Outcome:
        """Render, and write unless it is a PDF (its Word file comes back, to be converted with the
        others at once); a document with required items empty is refused, unless drafting."""
        from sco_cli.core.render import Incomplete, render

        document = self.document
        if document.meta.gaps and not document.meta.allow_draft:  # its builder found them: nothing to render
            return Outcome(self, False, document.meta.gaps, None)
        fmt = "docx" if self.fmt == "pdf" else self.fmt
        try:
            rendered = render(document.template, document.context, document.meta, fmt, document.office)
        except Incomplete as exc:
            return Outcome(self, False, exc.gaps, None)
        data = self.finish(rendered.data) if self.finish is not None and fmt == "docx" else rendered.data
        if self.fmt == "pdf":
            return Outcome(self, rendered.draft, None, data)
        if self.target is None:
            emit(data.decode("utf-8"))
        else:
            write_atomic(self.target, data, self.force)
        return Outcome(self, rendered.draft, None, None)


@dataclass(frozen=True)
class Outcome:
    job: DocumentJob
    draft: bool
    refused: list[str] | None
    """The gaps that kept the document from being written."""
    docx: bytes | None

    @property
    def written(self) -> bool:
        return self.refused is None


def write_documents(jobs: Sequence[DocumentJob], what: str, workers: int = 1) -> list[Outcome]:
    """Render and write each document, in order, saying what was written and what was refused and why.
    Every target is checked before the first is written; the first document is rendered here, so a
    broken office template or reference document stops the run before any worker starts. Every write
    is atomic: an interruption leaves whole documents only."""
    from sco_cli.core import pdf

    if not jobs:
        return []
    for job in jobs:
        if job.fmt in ("docx", "pdf") and job.target is None:
            raise UsageError(f"--format {job.fmt} writes a file: give -o FILE.{job.fmt}")
        if job.target is not None:
            refuse_overwrite(job.target, job.force)
    pdfs = [job for job in jobs if job.fmt == "pdf"]
    soffice = pdf.soffice_for(pdfs[0].document.office) if pdfs else ""

    def done(outcome: Outcome) -> None:
        if not outcome.written:
            refuse(outcome.job.source, f"no {what} written; missing (--draft marks each [GAP]):", outcome.refused or [])
        elif outcome.job.fmt != "pdf":
            _say_written(outcome)

    outcomes = _render_all(jobs, workers, done)
    converting = [o for o in outcomes if o.written and o.job.fmt == "pdf"]
    if converting:
        for outcome, data in zip(converting, pdf.convert([o.docx or b"" for o in converting], soffice), strict=True):
            assert outcome.job.target is not None
            write_atomic(outcome.job.target, data, outcome.job.force)
            _say_written(outcome)
    return outcomes


def write_document(job: DocumentJob, what: str) -> Outcome:
    """One document: see `write_documents`."""
    return write_documents([job], what)[0]


def _say_written(outcome: Outcome) -> None:
    job = outcome.job
    if job.target is not None:
        print(printable(f"wrote {job.target}{job.note}") + " (DRAFT)" * outcome.draft)


def refuse(source: str, why: str, reasons: Sequence[str]) -> None:
    """Why nothing was written for `source`: one line, then each reason indented (standard error)."""
    print(printable(f"{source}: {why}" if source else f"sco: {why}"), file=sys.stderr)
    for reason in reasons:
        print(printable(f"    {reason}"), file=sys.stderr)


def _run_job(job: DocumentJob) -> Outcome:
    return job.run()


def _render_all(jobs: Sequence[DocumentJob], workers: int, done: Callable[[Outcome], None]) -> list[Outcome]:
    from sco_cli.core.parallel import WorkerPool
    from sco_cli.core.pipeline import worker_count

    outcomes: list[Outcome] = []

    def keep(outcome: Outcome) -> None:
        outcomes.append(outcome)
        done(outcome)

    keep(jobs[0].run())
    rest = jobs[1:]
    chosen = workers > 1  # --jobs N: the user's choice; 0: by the size of the batch
    count = worker_count(workers, len(rest))
    enough = len(rest) >= PARALLEL_MIN_DOCUMENTS.get(jobs[0].fmt, 50)
    if count < 2 or (not chosen and not enough) or any(job.target is None for job in rest):
        for job in rest:
            keep(job.run())
        return outcomes
    with WorkerPool(count) as pool:
        for outcome in pool.map(_run_job, rest):
            keep(outcome)
    return outcomes


def deliver_report(
    fmt: str,
    output: str | None,
    force: bool,
    payload: dict[str, Any],
    as_of: date,
    *,
    text: Callable[[dict[str, Any]], str],
    csv: Callable[[dict[str, Any]], str] | None,
    document: Callable[[], Document],
    what: str,
) -> Outcome | None:
    """A report built from checked files, in the format asked: JSON (the envelope), CSV or text to
    standard output or `-o`, or a document (Markdown, Word, PDF) through `write_document`. Returns the
    document's outcome (None for the other formats)."""
    if fmt in DOCUMENT_FORMATS:
        return write_document(DocumentJob(document(), fmt, Path(output) if output else None, force), what)
    if fmt == "json":
        emit_json(payload, as_of, output, force)
    else:
        deliver(csv(payload) if fmt == "csv" and csv is not None else text(payload), output, force)
    return None
