"""The options the Typer commands share, declared once. How their values are read, and how results are
printed, is in `sco_cli.option_values` (no Typer there)."""

from __future__ import annotations

from typing import Annotated

import typer

Paths = Annotated[
    list[str], typer.Argument(help="Files or folders to check (- for standard input).", show_default=False)
]
Format = Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or csv.")]
CheckFormat = Annotated[
    str,
    typer.Option(
        "--format", "-f", help="Output format: text, json, csv, sarif (SARIF 2.1.0) or github (workflow annotations)."
    ),
]
CheckPaths = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or folders to check (- for standard input; default: the current folder).", show_default=False
    ),
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help="The 'today' every date rule uses (default: today).")
]
Config = Annotated[str | None, typer.Option("--config", help="Office file to use instead of the nearest sco.yaml.")]
Strict = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Errors and warnings only, no hints or summary.")]
SkipKindless = Annotated[
    bool,
    typer.Option(
        "--skip-kindless",
        help="A named YAML file without `kind:` is skipped (info GEN017), as in a folder: for hooks naming every "
        "changed file.",
    ),
]
Fix = Annotated[
    bool,
    typer.Option(
        "--fix",
        help="Write the fixes sco is sure of (a value's spelling or case with one candidate, a date, amount or "
        "unit written another way; never a personal field), then check again.",
    ),
]
Diff = Annotated[
    bool, typer.Option("--diff", help="Print those fixes as a unified diff and write nothing (exit 1 if any).")
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for large batches (0: one per core; never more than the cores)."
    ),
]
Color = Annotated[
    str,
    typer.Option("--color", help="Colour in text output: auto (a terminal, unless NO_COLOR is set), always or never."),
]
ReportFormat = Annotated[
    str | None,
    typer.Option("--format", "-f", help="text, json, csv, md, docx or pdf (default: from the -o suffix, else text)."),
]
Draft = Annotated[
    bool, typer.Option("--draft", help="md/docx/pdf: write a DRAFT marking every gap instead of refusing.")
]
Output = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file (needed for docx and pdf).")]
CuiCategory = Annotated[
    str | None,
    typer.Option(
        "--cui-category",
        metavar="CATEGORY",
        help="CUI category of this document (default: sco.yaml cui: documents: <type>:, else cui:).",
    ),
]
Dissemination = Annotated[
    str | None,
    typer.Option(
        "--dissemination",
        metavar="CONTROL",
        help="Dissemination control of this document, e.g. 'REL TO USA, XS' (default: sco.yaml cui: documents: "
        "<type>:, else cui:).",
    ),
]
