"""Informal translations (SAMM C2.1.10.1.11): every page of the translation marked, the rest kept;
the forwarding letter says the English text is the binding one."""

from __future__ import annotations

import io

import pytest

from tests.helpers import AS_OF, EXAMPLES, ROOT, docx_text, golden

NOTICE = "Informal and unofficial translation - English text governs"


def _translation(path, sections=2, first_page=False, even=False):
    """A translated document with a letterhead header, several sections and optional first-page and
    even-page headers, as offices receive them."""
    from docx import Document
    from docx.enum.section import WD_SECTION

    document = Document()
    document.sections[0].header.paragraphs[0].text = "Ministère de la Défense - en-tête"
    document.add_paragraph("Lettre d'offre et d'acceptation, traduction")
    for number in range(1, sections):
        document.add_section(WD_SECTION.NEW_PAGE)
        document.add_paragraph(f"Section {number + 1}")
    if first_page:
        document.sections[0].different_first_page_header_footer = True
        document.sections[0].first_page_header.paragraphs[0].text = "Page de garde"
    if even:
        document.settings.odd_and_even_pages_header_footer = True
    document.save(path)


def _parts(data):
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = []
    for section in document.sections:
        parts += [("header", section.header), ("footer", section.footer)]
        if section.different_first_page_header_footer:
            parts += [("first header", section.first_page_header), ("first footer", section.first_page_footer)]
        if document.settings.odd_and_even_pages_header_footer:
            parts += [("even header", section.even_page_header), ("even footer", section.even_page_footer)]
    return document, parts


@pytest.mark.parametrize(("first_page", "even"), [(False, False), (True, False), (True, True)])
def test_mark_stamps_every_header_and_footer_and_keeps_the_rest(sco, tmp_path, first_page, even):
    source, marked = tmp_path / "traduction.docx", tmp_path / "marked.docx"
    _translation(source, sections=3, first_page=first_page, even=even)
    result = sco("translation", "mark", str(source), "-o", str(marked))
    assert result.exit_code == 0, result.output
    document, parts = _parts(marked.read_bytes())
    for name, part in parts:  # linked parts show the previous section's, which is stamped
        assert NOTICE in "\n".join(p.text for p in part.paragraphs), name
    header = document.sections[0].header.paragraphs
    assert header[0].text.startswith(NOTICE) and header[1].text == "Ministère de la Défense - en-tête"
    assert [p.text for p in document.paragraphs if p.text] == [
        "Lettre d'offre et d'acceptation, traduction",
        "Section 2",
        "Section 3",
    ]
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])  # letterhead still inherited
    again = sco("translation", "mark", str(marked), "-o", str(marked), "--force")
    assert again.exit_code == 0 and "already marked" in again.stdout
    assert docx_text(marked.read_bytes()).count(NOTICE) == 2  # header and footer of the first section, once


def test_mark_refuses_what_is_not_a_readable_docx(sco, tmp_path):
    good = tmp_path / "ok.docx"
    _translation(good, sections=1)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "notes.txt").write_text("text")
    (tmp_path / "empty.docx").write_bytes(b"")
    cases = [
        (tmp_path / "broken.docx", tmp_path / "out.docx", "not a readable Word .docx file"),
        (tmp_path / "empty.docx", tmp_path / "out.docx", "not a readable Word .docx file"),
        (tmp_path / "notes.txt", tmp_path / "out.docx", "not a Word .docx file"),
        (tmp_path / "missing.docx", tmp_path / "out.docx", "no such file"),
        (good, tmp_path / "out.pdf", "name a .docx file"),
        (good, good, "already exists"),
    ]
    for source, target, says in cases:
        result = sco("translation", "mark", str(source), "-o", str(target))
        assert result.exit_code == 2, (source, result.output)
        assert says in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out.docx").exists()


def test_forwarding_letter_says_the_english_text_binds(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "letter.docx"
    args = ("--document", "LOA XS-P-SAB", "--language", "Examplestani", "--reference", "ODC-26-311")
    result = sco("translation", "letter", *args, "-o", str(out), "--config", "examples/sco.yaml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = docx_text(out.read_bytes())
    golden("translation-letter.txt", text)
    assert "The English text of LOA XS-P-SAB is the official binding document." in text
    assert text.startswith("[header] CUI") and "COL Jane Rivera" in text
    md = tmp_path / "letter.md"
    assert sco("translation", "letter", *args, "-o", str(md), "--config", str(EXAMPLES / "sco.yaml")).exit_code == 0
    assert f'"{NOTICE}."' in md.read_text()


def test_forwarding_letter_refuses_a_broken_office_and_bad_options(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: [X\n")
    args = ("--document", "LOA X", "--language", "French", "-o", "l.docx")
    result = sco("translation", "letter", *args)
    # a broken file of the user's is findings and exit 1, as for every other document
    assert result.exit_code == 1 and "sco.yaml:3:1: error GEN001" in result.stderr
    assert "fix it first" in result.stderr and not (tmp_path / "l.docx").exists()
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\n")
    assert sco("translation", "letter", "--document", "LOA X", "--language", "\x1b[2J", "-o", "l.docx").exit_code == 2
    assert sco("translation", "letter", *args[:4], "-o", "l.txt").exit_code == 2
    no_designation = sco("translation", "letter", *args)  # CUI needs its designation block (DoDI 5200.48)
    assert no_designation.exit_code == 1 and "cui:" in no_designation.stderr and not (tmp_path / "l.docx").exists()
    cui = "cui: {controlled_by: ODC X, category: PRVCY, dissemination: FEDCON, poc: COL X}\n"
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\n" + cui)
    assert sco("translation", "letter", *args).exit_code == 0
