"""Every document type as the officer receives it (issue 22 point 6): converted to PDF by LibreOffice and
to PNG, page counts as expected; the README shows each, drawn by `python -m sco_cli.app.document_pictures`
from the same list of document types the commands write."""

from __future__ import annotations

import re
import shutil
import struct

import pytest

from sco_cli.app.document_pictures import PICTURES, first_page_png, page_count, pdfs
from sco_cli.app.templates import DOCUMENTS
from sco_cli.core.office import DOCUMENT_NAMES
from tests.helpers import ROOT

EXPECTED_PAGES = {
    "ito_data_sheet": 3,
    "ito_manual": 3,
    "cta": 3,
    "sco_endorsement": 1,
    "javits": 1,
    "forecast": 1,
    "budget_justification": 3,
    "prominence": 1,
    "fmt": 1,
    "eum_inventory": 2,
    "translation_letter": 1,
    "brief": 2,
}
"""Pages of each document drawn from the examples, as LibreOffice lays them out (looked at as PNG)."""


def test_the_pictures_cover_every_document_command():
    assert sorted(PICTURES) == sorted(DOCUMENT_NAMES) == sorted(EXPECTED_PAGES)
    assert sorted(picture.template for picture in PICTURES.values()) == sorted(DOCUMENTS)
    for picture in PICTURES.values():
        assert picture.command == DOCUMENTS[picture.template].command.split(" --format")[0]


def test_the_readme_shows_every_document_from_the_pictures_folder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"docs/images/([a-z_]+)\.png", readme)
    assert sorted(shown) == sorted(PICTURES)
    for name in PICTURES:
        data = (ROOT / "docs" / "images" / f"{name}.png").read_bytes()
        width, height = struct.unpack(">II", data[16:24])
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and width < 600 and height < 800  # a thumbnail


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm"),
    reason="LibreOffice and pdftoppm (poppler-utils) convert the documents",
)
def test_every_document_converts_to_pdf_and_png_with_its_pages(tmp_path):
    converted = pdfs(list(PICTURES))  # one LibreOffice process for every document type
    pages = {name: page_count(data) for name, data in converted.items()}
    assert pages == EXPECTED_PAGES
    for name, data in converted.items():
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(data)
        first_page_png(source, tmp_path / f"{name}.png")
        png = (tmp_path / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">I", png[16:20])[0] > 100
