"""Informal translations (SAMM C2.1.10.1.11): every page of the translation marked, the rest kept;
the forwarding letter says the English text is the binding one."""

from __future__ import annotations

import io

import pytest

from tests.helpers import AS_OF, EXAMPLES, ROOT, docx_text, findings_of, golden

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
    cui = "cui: {controlled_by: ODC X, category: PRVCY, dissemination: 'REL TO USA, X', poc: COL X}\n"
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\n" + cui)
    assert sco("translation", "letter", *args).exit_code == 0


OFFICE_FEDCON = (
    "kind: office\ncountry: Republic of Examplestan\ncountry_code: XS\norganization: ODC Exampleville\n"
    "cui:\n  category: PRVCY\n  dissemination: FEDCON\n  poc: COL Jane Rivera, odc@example.org\n"
)
LETTER = ("translation", "letter", "--document", "LOA XS-P-SAB", "--language", "Examplestani", "--as-of", AS_OF)


def test_letter_to_the_ministry_refuses_a_control_that_excludes_it_in_the_words_of_the_check(sco, tmp_path):
    """Issue 22 point 5: the letter goes outside the U.S. Government; FEDCON (the office's default) excludes
    its addressee. The command refuses, naming the control that allows it, and `sco check` says the same."""
    office = tmp_path / "sco.yaml"
    office.write_text(OFFICE_FEDCON)
    out = tmp_path / "letter.docx"
    refused = sco(*LETTER, "-o", out, "--config", office)
    assert refused.exit_code == 1 and not out.exists()
    line = refused.stderr.strip()
    assert line.startswith("sco.yaml cui: dissemination: ") and len(refused.stderr.strip().splitlines()) == 1
    reason = line.removeprefix("sco.yaml cui: dissemination: ")
    assert "FEDCON (federal employees and contractors only) excludes it" in reason
    assert reason.endswith("name a control that allows it: REL TO USA, XS")
    code, payload = sco.json("check", office, "--as-of", AS_OF)
    (finding,) = [f for f in findings_of(payload) if f["code"] == "CUI001"]
    assert code == 0 and finding["severity"] == "warning" and finding["message"] == reason
    assert finding["line"] == 7  # cui: dissemination

    # the same words when the command line names the control (a usage mistake: exit 2, one line)
    for control, why in (
        ("NOFORN", "NOFORN (no foreign dissemination) excludes it"),
        ("FED ONLY", "FED ONLY (federal employees only) excludes it"),
        ("REL TO USA, GBR", "REL TO USA, GBR does not list Republic of Examplestan"),
        ("DISPLAY ONLY XS", "DISPLAY ONLY XS lets it be shown to the countries listed, not given to them"),
        ("NOCON", "NOCON (no dissemination to contractors) does not say Republic of Examplestan may receive it"),
        ("FEDCON/REL TO USA, XS", "FEDCON (federal employees and contractors only) excludes it"),
    ):
        result = sco(*LETTER, "-o", out, "--config", office, "--dissemination", control)
        assert result.exit_code == 2 and why in result.stderr and not out.exists(), (control, result.stderr)
        assert "name a control that allows it: REL TO USA, XS" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1

    # a control that releases the letter to the partner: by its SC code, its name, or its trigraph
    for control in ("REL TO USA, XS", "rel to usa, republic of examplestan", "Distribution Statement A"):
        written = sco(*LETTER, "-o", tmp_path / "ok.md", "--config", office, "--dissemination", control, "--force")
        assert written.exit_code == 0, (control, written.stderr)
        assert f"Distribution/Dissemination Control: {control}" in (tmp_path / "ok.md").read_text()

    # the office names one for the letter: check and command agree again
    office.write_text(
        OFFICE_FEDCON + "  documents:\n    translation_letter:\n      dissemination: REL TO USA, XSN\n"
        "country_trigraph: XSN\n"
    )
    assert not [f for f in findings_of(sco.json("check", office, "--as-of", AS_OF)[1]) if f["code"] == "CUI001"]
    assert sco(*LETTER, "-o", tmp_path / "l.md", "--config", office).exit_code == 0
    assert "Distribution/Dissemination Control: REL TO USA, XSN" in (tmp_path / "l.md").read_text()
