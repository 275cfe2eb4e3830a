"""`sco translation mark` (stamp an informal translation) and `sco translation letter` (the
forwarding letter saying the English text is the binding one), SAMM C2.1.10.1.11."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.checking import command_office
from sco_cli.app.documents import DOCUMENT_FORMATS, DocumentJob, write_document
from sco_cli.app.option_values import cui_choice, output_format, parse_as_of
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Force
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic


def app() -> typer.Typer:
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
    output_format(None, output, ("docx",))
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
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """The forwarding letter that goes with an informal translation of a contractual document: the
    English text is the official binding document."""
    from sco_cli.translation.letter import letter_document

    target = Path(output)
    fmt = output_format(None, output, DOCUMENT_FORMATS)
    for name, value in (("--document", document), ("--language", language)):
        if not value.strip() or any(ord(c) < 32 for c in value):
            raise UsageError(f"{name}: give plain text")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    office = command_office(config, day)
    letter = letter_document(office, document, language, to, reference, day)
    job = DocumentJob(letter, fmt, target, force, "the letter", cui=cui)
    written = write_document(job, "letter").written
    return ExitCode.OK if written else ExitCode.FINDINGS
