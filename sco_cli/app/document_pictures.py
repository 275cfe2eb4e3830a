"""The pictures of every document in the README: each document type rendered from the shipped examples
(the samples `sco templates` uses, built by the commands' own builders), converted to PDF by LibreOffice
(one process for all of them, `core/pdf.py`), and its first page made a small PNG by pdftoppm
(poppler-utils) in `docs/images/<type>.png`.

    python -m sco_cli.app.document_pictures [FOLDER]

`PICTURES` names each document type, the example it is drawn from and the command that writes it; a test
holds it to the document commands and, where LibreOffice is installed, converts each document to PDF and
PNG and checks its page count."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sco_cli.core.document import Document


@dataclass(frozen=True)
class Picture:
    template: str
    example: str
    """The sample it is drawn from: the end of its source (`students/ready.yaml`, `forecast.yaml (2027)`)."""
    command: str
    """The command that writes this document."""
    title: str
    """The picture's caption in the README."""


PICTURES: dict[str, Picture] = {
    "ito_data_sheet": Picture("ito-data-sheet.md.j2", "students/ready.yaml", "sco ito generate", "ITO data sheet"),
    "ito_manual": Picture("ito-manual.md.j2", "students/ready.yaml", "sco ito generate --manual", "Manual ITO"),
    "cta": Picture("cta.md.j2", "lor-cta.yaml", "sco cta generate", "Country Team Assessment"),
    "sco_endorsement": Picture(
        "sco-endorsement.md.j2", "lor-nvd-repeat.yaml", "sco cta generate --endorsement", "SCO endorsement"
    ),
    "javits": Picture("javits.md.j2", "forecast.yaml (2027)", "sco javits report", "Javits report"),
    "forecast": Picture("forecast.md.j2", "forecast.yaml (2028)", "sco forecast report", "FMS forecast"),
    "budget_justification": Picture(
        "budget-justification.md.j2", "budget-fmf.yaml", "sco budget justify", "Budget justification"
    ),
    "prominence": Picture("prominence.md.j2", "prominent.yaml", "sco training prominence", "Positions of prominence"),
    "fmt": Picture("fmt.md.j2", "training-plan.yaml (FY2026)", "sco training fmt", "FMT report input"),
    "eum_inventory": Picture("eum-inventory.md.j2", "eum.yaml", "sco eum inventory", "EUM inventory sheet"),
    "translation_letter": Picture(
        "translation-letter.md.j2", "sco.yaml", "sco translation letter", "Translation forwarding letter"
    ),
    "brief": Picture("brief.md.j2", "sco.yaml", "sco brief", "Office brief"),
}
"""Every document type (by its `cui: documents:` name) and the example its picture is drawn from."""

RESOLUTION = 40
"""Dots per inch of the pictures: a letter page is 340 by 440 pixels, a thumbnail in the README."""


def document_of(name: str, examples: Path | None = None) -> Document:
    """The document type's sample drawn from the shipped examples (the first when several match)."""
    from sco_cli.app.templates import samples

    picture = PICTURES[name]
    for sample in samples(picture.template, examples):
        if sample.source.replace("\\", "/").endswith(picture.example):
            return sample.document
    raise LookupError(f"{name}: no sample from {picture.example}")


def pdfs(names: list[str], examples: Path | None = None) -> dict[str, bytes]:
    """Each document type as a PDF, converted together by one LibreOffice process."""
    from sco_cli.core import pdf
    from sco_cli.core.render import render

    documents = {name: document_of(name, examples) for name in names}
    words = [render(doc.template, doc.context, doc.meta, "docx", doc.office).data for doc in documents.values()]
    soffice = pdf.soffice_for(next(iter(documents.values())).office)
    return dict(zip(documents, pdf.convert(words, soffice), strict=True))


def page_count(data: bytes) -> int:
    """The pages of a PDF as LibreOffice writes it (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def first_page_png(pdf_path: Path, png_path: Path, resolution: int = RESOLUTION) -> None:
    """The PDF's first page as a PNG (pdftoppm, from poppler-utils)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm (poppler-utils) is needed to draw the pictures")
    stem = png_path.with_suffix("")
    command = [pdftoppm, "-png", "-r", str(resolution), "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(stem)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    """Redraw every picture in FOLDER (default: docs/images of this checkout)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "docs" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    converted = pdfs(list(PICTURES))
    with tempfile.TemporaryDirectory() as temporary:
        for name, data in converted.items():
            source = Path(temporary) / f"{name}.pdf"
            source.write_bytes(data)
            first_page_png(source, folder / f"{name}.png")
            print(f"wrote {folder / name}.png ({page_count(data)} page(s))")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
