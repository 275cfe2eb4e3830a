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
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sco_cli.app.output import deliver, emit, emit_json
from sco_cli.core.errors import Refusal, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.core.cui import CuiChoice
    from sco_cli.core.document import Document
    from sco_cli.core.results import Unread

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
    cui: CuiChoice | None = None
    """The command line's CUI category and dissemination control for this document."""

    def run(self) -> Outcome:
        """Render, and write unless it is a PDF (its Word file comes back, to be converted with the
        others at once); a document with required items empty is refused, unless drafting."""
        from sco_cli.core.render import Incomplete, render

        document = self.document
        if self.cui is not None:
            document = replace(document, meta=replace(document.meta, cui=self.cui))
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


def with_unread(document: Document, unread: Sequence[Unread], draft: bool) -> Document:
    """The document with every entry its files could not read as a gap: refused, naming each, unless
    --draft, which writes it marked DRAFT with those entries among its gaps. Never a clean-looking document
    that leaves an entry out."""
    if not unread:
        return document
    gaps = [*document.meta.gaps, *map(str, unread)]
    return replace(document, meta=replace(document.meta, gaps=gaps, draft=draft, allow_draft=draft))


def unread_text(unread: Sequence[Unread]) -> str:
    """The text reports end with: each entry not read, so the text says what the JSON's `unreadable` says."""
    if not unread:
        return ""
    lines = ["", f"Not read, so not in this report ({len(unread)}; fix them and run it again):"]
    lines += [f"  {entry}" for entry in unread]
    return "\n".join(printable(line) for line in lines) + "\n"


def say_unread(unread: Sequence[Unread], listed: bool) -> None:
    """On standard error: the entries not read (each, unless the output already `listed` them) and that
    the report is incomplete (the command exits 1)."""
    if not unread:
        return
    if not listed:
        for entry in unread:
            print(printable(f"    {entry}"), file=sys.stderr)
    count = len(unread)
    print(
        f"sco: {count} entr{'y' if count == 1 else 'ies'} not read: the report is incomplete (exit 1)",
        file=sys.stderr,
    )


def nothing_to_report(
    fmt: str, output: str | None, force: bool, payload: dict[str, Any], as_of: date, kind: str, paths: list[str]
) -> NoReturn:
    """A report command that found no file of its kind among the files read: with `--format json` the
    report's (empty) JSON object still goes out, since a script asked for JSON and reads it, then one line
    on standard error says what was missing (exit 1, as a check of one kind that found none). Other
    formats write nothing: an empty document is not a report."""
    if fmt == "json":
        emit_json({**payload, "unreadable": []}, as_of, output, force)
    raise Refusal([printable(f"sco: no {kind} file (kind: {kind}) found in {', '.join(paths)}")])


def deliver_report(
    fmt: str,
    output: str | None,
    force: bool,
    payload: dict[str, Any],
    as_of: date,
    *,
    text: Callable[[dict[str, Any]], str],
    csv: Callable[[dict[str, Any]], str] | None,
    document: Callable[[], Document] | None,
    what: str,
    unread: Sequence[Unread] = (),
    draft: bool = False,
    cui: CuiChoice | None = None,
) -> bool:
    """A report built from checked files, in the format asked: JSON (the envelope), CSV or text to
    standard output or `-o`, or a document (Markdown, Word, PDF) through `write_document`. Every format
    names the entries sco could not read (`unread`): the JSON's `unreadable`, the text's last section,
    standard error beside a CSV; a document is refused naming them, unless `draft` (`with_unread`).
    `cui` is the command line's CUI category and control for the document. Returns whether the output
    is whole: False when an entry was not read or a document was refused or written as a DRAFT (the
    command exits 1)."""
    if fmt in DOCUMENT_FORMATS and document is not None:
        target = Path(output) if output else None
        job = DocumentJob(with_unread(document(), unread, draft), fmt, target, force, cui=cui)
        outcome = write_document(job, what)
        return outcome.written and not outcome.draft
    if fmt == "json":
        emit_json({**payload, "unreadable": [entry.to_dict() for entry in unread]}, as_of, output, force)
    elif fmt == "csv" and csv is not None:
        deliver(csv(payload), output, force)
    else:
        deliver(text(payload) + unread_text(unread), output, force)
    say_unread(unread, listed=fmt != "csv" or csv is None)
    return not unread
