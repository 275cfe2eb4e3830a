"""`sco cta generate`: whether a CTA (or an SCO endorsement of an NVD repeat buy) is required and why,
and the document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sco_cli.app.checking import check_for_documents, single_result
from sco_cli.app.documents import DOCUMENT_FORMATS, DocumentJob, write_document
from sco_cli.app.option_values import cui_choice, output_format, parse_as_of
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Force
from sco_cli.core.errors import ExitCode
from sco_cli.core.output import refuse_overwrite
from sco_cli.core.terminal import printable


def app() -> typer.Typer:
    cta = typer.Typer(no_args_is_help=True)
    cta.command("generate")(cta_generate)
    return cta


def cta_generate(
    file: Annotated[str, typer.Argument(help="The LOR file with its `cta:` (or `sco_endorsement:`) section.")],
    output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx, OUT.md or OUT.pdf")],
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="docx, md or pdf (default: from the -o suffix).")
    ] = None,
    endorsement: Annotated[
        bool,
        typer.Option("--endorsement", help="The SCO endorsement of an NVD repeat buy instead (NVD guide C2.2.3)."),
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Write it with every gap marked and the whole document marked DRAFT.")
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """Say whether a CTA (or an SCO endorsement) is required and why; write it, refusing while a required
    item is missing."""
    from sco_cli.lor.cta_document import cta_document
    from sco_cli.lor.model import Lor

    target = Path(output)
    fmt = output_format(format, output, DOCUMENT_FORMATS)
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    result = single_result(check_for_documents([file], "lor", day, config), "lor", file)
    facts = result.facts
    if endorsement:
        if facts["sco_endorsement_required"]:
            reasons = "; ".join(facts["sco_endorsement_reasons"])
            print(printable("SCO endorsement required (NVD guide C2.2.3): " + reasons))
        else:
            print(
                "An SCO endorsement replaces a CTA only for an NVD repeat buy at or below the guidelines (NVD guide "
                "C2.2.3); this LOR is not recorded as one"
            )
    elif facts["cta_required"]:
        print(printable("CTA required (SAMM C5.1.4): " + "; ".join(facts["cta_reasons"])))
    else:
        print("CTA not required by SAMM C5.1.4 (no trigger applies)")
    document = cta_document(result, result.model_as(Lor), day, endorsement, draft)
    job = DocumentJob(document, fmt, target, force, file, cui=cui)
    what = "SCO endorsement" if endorsement else "CTA"
    outcome = write_document(job, what)
    # a draft is written, but it is not complete
    return ExitCode.FINDINGS if not outcome.written or outcome.draft else ExitCode.OK
