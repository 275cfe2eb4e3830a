"""`sco translation mark` (stamp an informal translation) and `sco translation letter` (the
forwarding letter saying the English text is the binding one), SAMM C2.1.10.1.11."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sco_cli.check import office_refusal
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.option_values import parse_as_of
from sco_cli.options import AsOf, Config, Force

if TYPE_CHECKING:
    from datetime import date

    from sco_cli.core.office import Office
    from sco_cli.core.render import DocumentMeta


def translation_app() -> typer.Typer:
    translation = typer.Typer(no_args_is_help=True)
    translation.command("mark")(translation_mark)
    translation.command("letter")(translation_letter)
    return translation


def translation_mark(
    file: Annotated[str, typer.Argument(help="The translated Word file (.docx).")],
    output: Annotated[str, typer.Option("--output", "-o", help="The marked copy (.docx).")],
    force: Force = False,
) -> int:
    """Stamp every page's header and footer "Informal and unofficial translation - English text governs."."""
    from sco_cli.translation.stamp import stamped_bytes

    target = Path(output)
    if target.suffix.lower() != ".docx":
        raise UsageError(f"--output {output}: name a .docx file")
    refuse_overwrite(target, force)
    data, count = stamped_bytes(Path(file))
    write_atomic(target, data, force)
    print(f"wrote {target}: {count} header(s) and footer(s) marked" if count else f"wrote {target}: already marked")
    return ExitCode.OK


def translation_letter(
    output: Annotated[str, typer.Option("--output", "-o", help="LETTER.docx, LETTER.md or LETTER.pdf")],
    document: Annotated[str, typer.Option("--document", help="The English document, e.g. 'LOA XS-P-SAB'.")],
    language: Annotated[str, typer.Option("--language", help="Language of the informal translation.")],
    to: Annotated[
        str | None, typer.Option("--to", help="Addressee (default: the Ministry of Defence of the country).")
    ] = None,
    reference: Annotated[str | None, typer.Option("--reference", help="The letter's reference.")] = None,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """The forwarding letter that goes with an informal translation of a contractual document: the
    English text is the official binding document."""
    from sco_cli.core import pdf
    from sco_cli.core.render import render_document

    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("docx", "md", "pdf"):
        raise UsageError(f"--output {output}: name a .docx, .md or .pdf file")
    for name, value in (("--document", document), ("--language", language)):
        if not value.strip() or any(ord(c) < 32 for c in value):
            raise UsageError(f"{name}: give plain text")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    office = _office(config, day)
    soffice = pdf.soffice_for(office) if fmt == "pdf" else ""
    template, context, meta = letter_document(office, document, language, to, reference, day)
    data = render_document(template, context, meta, "docx" if fmt == "pdf" else fmt, office)
    if fmt == "pdf":
        data = pdf.convert([data], soffice)[0]
    write_atomic(target, data, force)
    print(f"wrote {target}")
    return ExitCode.OK


def _office(config: str | None, day: Any) -> Office | None:
    """The office of the current folder (its sco.yaml, found walking up) or of --config."""
    from sco_cli.core.pipeline import CheckOptions, OfficeFinder
    from sco_cli.kinds import KINDS

    if config and not Path(config).is_file():
        raise UsageError(f"--config {config}: no such file")
    entry = OfficeFinder(KINDS, CheckOptions(day, config)).entry_for("-")
    if entry.result is not None and entry.office is None:  # as for every document: findings, exit 1
        raise office_refusal([entry.result])
    return entry.office


def letter_context(
    office: Office | None, document: str, language: str, to: str | None, reference: str | None, day: str
) -> dict[str, Any]:
    country = office.country if office else "the partner nation"
    chief = office.chief if office and office.chief else None
    return {
        "organization": (office.organization if office else None) or "Security Cooperation Office",
        "address": (office.address if office else None) or "",
        "country": country,
        "to": to or f"Ministry of Defence, {country}",
        "reference": reference or "",
        "date": day,
        "document": document,
        "language": language,
        "chief_name": chief.name if chief and chief.name else "",
        "chief_title": chief.title if chief and chief.title else "Chief, Security Cooperation Office",
    }


def letter_document(
    office: Office | None, document: str, language: str, to: str | None, reference: str | None, day: date
) -> tuple[str, dict[str, Any], DocumentMeta]:
    """The letter's template, context and metadata (the command and `sco templates` share them)."""
    from sco_cli.core.office import marking_of
    from sco_cli.core.render import DocumentMeta

    meta = DocumentMeta(
        title=f"Forwarding letter: informal translation of {document}",
        source="the command line and sco.yaml" if office else "the command line",
        generated=day,
        marking=marking_of(office),
    )
    context = letter_context(office, document.strip(), language.strip(), to, reference, day.isoformat())
    return "translation-letter.md.j2", context, meta
