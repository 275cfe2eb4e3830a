"""Documents (issue 10): the Markdown -> Word renderer, escaping, marking and layout, complete forms,
PDF through LibreOffice, `sco templates`; hostile reference documents and office templates (issue 9,
items 9 and 10). Every behaviour goes through the real `sco` entry point, except the sweep that renders
every template with every example (it calls the renderer the commands call)."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.helpers import AS_OF, EXAMPLES, docx_text

STUDENTS = EXAMPLES / "students"
OFFICE = EXAMPLES / "sco.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CUI = "cui: {category: PRVCY, dissemination: FEDCON, controlled_by: ODC Exampleville, poc: odc@example.org}\n"


def part(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def office_folder(tmp_path: Path, extra: str = "") -> Path:
    """A copy of the example office with a ready student, and `extra` lines added to sco.yaml."""
    (tmp_path / "sco.yaml").write_text(OFFICE.read_text() + extra)
    shutil.copy(STUDENTS / "ready.yaml", tmp_path / "ready.yaml")
    return tmp_path


def md_blocks(markdown: str) -> list[tuple[str, str]]:
    """(block type, its text as a reader sees it) for each paragraph, heading and table cell."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    blocks, open_ = [], []
    for token in parser.parse(markdown):
        if token.nesting == 1:
            open_.append(token.type[: -len("_open")])
        elif token.nesting == -1:
            open_.pop()
        if token.type == "html_block" or any(c.type == "html_inline" for c in token.children or []):
            blocks.append(("html", token.content))
        if token.type == "inline":
            parts = token.children or []
            text = "".join(" " if c.type == "softbreak" else c.content for c in parts if c.type != "hardbreak")
            kind = next((k for k in ("heading", "th", "td", "list_item") if k in open_), "paragraph")
            blocks.append((kind, text))
    return blocks


# --- every template, every example, both formats -----------------------------------------------------


def _documents() -> list[str]:
    from sco_cli.app.templates import DOCUMENTS

    return list(DOCUMENTS)


@pytest.mark.parametrize("template", _documents())
def test_every_template_renders_every_example_in_both_formats(template):
    """No Jinja left, no `None`, no HTML entity, no empty table cell (a template that forgets a fallback
    prints an empty cell), in Markdown and in Word."""
    from sco_cli.app.templates import DOCUMENTS, samples
    from sco_cli.core.render import render

    form = DOCUMENTS[template].form  # blank cells to fill in by hand are the point of a form
    found = samples(template)
    assert found, "every template has at least one example"
    for sample in found:
        markdown = render(template, sample.context, sample.meta, "md", sample.office).data.decode()
        word = render(template, sample.context, sample.meta, "docx", sample.office).data
        source = Path(sample.source.split(" (")[0]).read_text()
        for text in (markdown, docx_text(word)):
            for bad in ("{{", "{%", "&amp;", "&lt;", "&#"):
                assert bad not in text, (sample.source, bad)
            for match in re.finditer(r"\bNone\b", text):  # a Python None printed, unless the data says "None"
                assert text[match.start() : match.end() + 12].split("\n")[0] in source, (sample.source, match)
        for line in markdown.splitlines():
            if line.startswith("|") and not re.fullmatch(r"\|[\s:|-]+\|", line):
                cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
                assert form or all(cell.strip() for cell in cells), (sample.source, line)
        from docx import Document

        for table in Document(io.BytesIO(word)).tables:
            for row in table.rows:
                texts = [cell.text for cell in row.cells]
                assert form or all(text.strip() for text in texts), (sample.source, texts)


# --- escaping: a value never adds structure -----------------------------------------------------------

HOSTILE = '"{{ 7*7 }} | pipes | # heading <b>bold</b> *star* [link](http://x) &amp; \\x07bell\\x1b[31m end"'


def test_values_print_literally_in_both_formats(sco, tmp_path):
    folder = office_folder(tmp_path)
    student = folder / "ready.yaml"
    student.write_text(student.read_text().replace("service: Examplestan Navy", f"service: {HOSTILE}"))
    for fmt in ("md", "docx"):
        result = sco("ito", "generate", str(student), "-o", str(folder / fmt), "--format", fmt, "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
    literal = "{{ 7*7 }} | pipes | # heading <b>bold</b> *star* [link](http://x) &amp; \ufffdbell\ufffd[31m end"
    word = docx_text((folder / "docx" / "ITO-XS-P-IMT-2027-0101.docx").read_bytes())
    assert f"3.5 Country service | {literal} | 6.e" in word
    markdown = (folder / "md" / "ITO-XS-P-IMT-2027-0101.md").read_text()
    blocks = md_blocks(markdown)
    assert ("td", literal) in blocks  # one cell, the same characters
    assert not [b for b in blocks if b[0] == "html"] and "49" not in markdown
    assert not [b for b in blocks if b[0] == "heading" and "heading" in b[1]]


def test_cta_answers_keep_paragraphs_and_lists_but_cannot_restructure(sco, tmp_path):
    """A `|` block answer keeps its paragraphs, bullets (nested), numbered list, emphasis and code; a heading,
    HTML, a table row or a code fence in it stays text."""
    answer = (
        "    mission_need: |\n"
        "      The Navy needs two boats.\n\n"
        "      - patrol *beyond* 12 nm\n"
        "        - at night\n"
        "      - board with `Mk 38`\n\n"
        "      1. first phase\n"
        "      2. second phase\n\n"
        "      # not a heading\n"
        "      <b>not html</b> | not | a table |\n"
        "      ```\n"
        "      no fence\n"
    )
    lor = tmp_path / "lor.yaml"
    text = (EXAMPLES / "lor-cta.yaml").read_text()
    start = text.index("    mission_need:")
    end = text.index("\n", start) + 1
    lor.write_text(text[:start] + answer + text[end:] + "\n")
    for fmt in ("md", "docx"):
        result = sco(
            "cta", "generate", str(lor), "-o", str(tmp_path / f"cta.{fmt}"), "--config", OFFICE, "--as-of", AS_OF
        )
        assert result.exit_code == 0, result.output
    word = (tmp_path / "cta.docx").read_bytes()
    xml = part(word)
    from docx import Document

    paragraphs = {p.text: p for p in Document(io.BytesIO(word)).paragraphs}
    assert paragraphs["patrol beyond 12 nm"].style.name == "List Bullet"
    assert paragraphs["at night"].style.name == "List Bullet 2"
    assert paragraphs["first phase"].style.name == "List Number"
    assert [r.text for r in paragraphs["patrol beyond 12 nm"].runs if r.italic] == ["beyond"]
    assert [r.font.name for r in paragraphs["board with Mk 38"].runs if r.text == "Mk 38"] == ["Courier New"]
    assert "The Navy needs two boats." in paragraphs
    assert "# not a heading <b>not html</b> | not | a table | ``` no fence" in paragraphs
    assert "<w:tbl>" not in xml.split("The Navy needs")[1].split("Effect on the partner")[0]
    markdown = (tmp_path / "cta.md").read_text()
    blocks = md_blocks(markdown)
    assert ("list_item", "at night") in blocks and ("list_item", "second phase") in blocks
    assert ("paragraph", "# not a heading <b>not html</b> | not | a table | ``` no fence") in blocks


def test_numbered_lists_restart_and_page_breaks_and_landscape(sco, tmp_path):
    folder = office_folder(tmp_path, "templates: tpl\n")
    (folder / "tpl").mkdir()
    (folder / "tpl" / "ito-data-sheet.md.j2").write_text(
        "# Sheet\n\n1. one\n2. two\n\nText.\n\n1. again one\n\n<!-- pagebreak -->\n\n## Next page\n\n"
        "> quoted\n\n---\n\nAfter the rule.\n"
    )
    out = folder / "out"
    assert sco("ito", "generate", str(folder / "ready.yaml"), "-o", str(out), "--as-of", AS_OF).exit_code == 0
    data = (out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes()
    xml = part(data)
    numbers = re.findall(r'<w:numId w:val="(\d+)"/>', xml)
    assert len(numbers) == 3 and numbers[0] == numbers[1] != numbers[2]  # the second list starts at 1 again
    numbering = part(data, "word/numbering.xml")
    for number in set(numbers):
        assert re.search(rf'<w:num w:numId="{number}">.*?<w:startOverride w:val="1"/>', numbering)
    assert xml.count("<w:pageBreakBefore/>") == 1 and "Next page" in xml.split("<w:pageBreakBefore/>")[1][:400]
    assert 'w:val="Quote"' in xml and "<w:pBdr><w:top" in xml
    assert 'w:orient="landscape"' not in xml
    javits = tmp_path / "javits.docx"
    args = ("javits", "report", EXAMPLES / "forecast.yaml", "--year", "2027", "-o", javits, "--as-of", AS_OF)
    assert sco(*args).exit_code == 0
    assert 'w:orient="landscape"' in part(javits.read_bytes())


# --- marking and layout -------------------------------------------------------------------------------


def test_marking_designation_block_page_numbers_and_no_empty_paragraphs(sco, tmp_path):
    out = tmp_path / "out"
    assert sco("ito", "generate", STUDENTS / "ready.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    data = (out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes()
    from docx import Document

    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.different_first_page_header_footer  # page 1 has its own footer: the designation block
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text == "CUI" and header.paragraphs[0].runs[0].bold
    for footer in (section.footer, section.first_page_footer):
        xml = footer._element.xml
        assert " PAGE " in xml and " NUMPAGES " in xml and xml.rindex(">CUI<") > xml.index("NUMPAGES")
        assert [p.text for p in footer.paragraphs][-2:] == ["Page 1 of 1", "CUI"]
    block = section.first_page_footer.tables[0]
    assert block._tbl.tblPr.find(f"{W}jc").get(f"{W}val") == "right"  # lower right of page 1
    assert block.cell(0, 0).text.split("\n") == [
        "Controlled by: Office of Defense Cooperation, U.S. Embassy Exampleville",
        "CUI Category: PRVCY",
        "Distribution/Dissemination Control: FEDCON",
        "POC: COL Jane Rivera, odc-chief@exampleville.example",
    ]
    assert not section.footer.tables  # only on the first page
    stories = (document, section.header, section.footer, section.first_page_header, section.first_page_footer)
    for story in stories:
        assert all(p.text.strip() for p in story.paragraphs)  # no empty paragraph anywhere
    text = docx_text(data)
    assert text.endswith("[footer] Page 1 of 1\n[footer] CUI\n")


def test_markdown_carries_the_same_marking_as_text_lines(sco, tmp_path):
    out = tmp_path / "out"
    args = ("ito", "generate", STUDENTS / "medical-expired.yaml", "-o", out, "--format", "md", "--draft")
    assert sco(*args, "--as-of", AS_OF).exit_code == 1
    text = (out / "ITO-XS-P-IMT-2027-0102.md").read_text()
    lines = text.splitlines()
    assert lines[0] == "**CUI // DRAFT**" and lines[-1] == "**CUI // DRAFT**"
    assert lines[2].startswith("Controlled by: Office of Defense Cooperation") and lines[3] == "CUI Category: PRVCY\\"
    assert "DRAFT - not for release. Gaps: ITO003" in text


def test_reference_document_headers_of_every_kind_get_the_banner_and_missing_styles_come_in(sco, tmp_path):
    from docx import Document

    reference = Document()
    section = reference.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "LETTERHEAD FIRST PAGE"
    section.header.paragraphs[0].text = "LETTERHEAD"
    reference.settings.odd_and_even_pages_header_footer = True
    section.even_page_header.paragraphs[0].text = "LETTERHEAD EVEN"
    styles = reference.styles.element
    for name in ("List Bullet", "List Number", "Title"):
        styles.remove(styles.get_by_name(name))
    reference.save(tmp_path / "letterhead.docx")
    folder = office_folder(tmp_path, "reference_docx: letterhead.docx\n")
    out = folder / "out"
    assert sco("ito", "generate", folder / "ready.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    data = (out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes()
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    for header in (section.header, section.first_page_header, section.even_page_header):
        assert header.paragraphs[0].text == "CUI" and "LETTERHEAD" in header.paragraphs[1].text
    assert section.first_page_header.paragraphs[1].text == "LETTERHEAD FIRST PAGE"  # the reference's own
    for footer in (section.footer, section.first_page_footer, section.even_page_footer):
        assert footer.paragraphs[-1].text == "CUI"
    assert section.first_page_footer.tables[0].cell(0, 0).text.startswith("Controlled by: ")
    names = {style.name for style in document.styles}
    assert {"List Bullet", "List Number", "Title"} <= names
    assert document.paragraphs[0].style.name == "Title"  # first: the generated line is at the end
    assert document.paragraphs[-1].text.startswith("Generated 2026-11-24 by sco from ")


def _png() -> bytes:
    """A 1x1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


PNG = _png()


def test_letterhead_with_a_logo_is_copied_to_the_first_page_with_its_image(sco, tmp_path):
    from docx import Document
    from docx.shared import Inches

    (tmp_path / "logo.png").write_bytes(PNG)
    reference = Document()
    header = reference.sections[0].header.paragraphs[0]
    header.add_run().add_picture(str(tmp_path / "logo.png"), width=Inches(0.5))
    header.add_run("U.S. EMBASSY EXAMPLEVILLE")
    reference.save(tmp_path / "letterhead.docx")
    folder = office_folder(tmp_path, "reference_docx: letterhead.docx\n")
    out = folder / "out"
    assert sco("ito", "generate", folder / "ready.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    document = Document(io.BytesIO((out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes()))
    section = document.sections[0]
    for story in (section.header, section.first_page_header):
        assert [p.text for p in story.paragraphs] == ["CUI", "U.S. EMBASSY EXAMPLEVILLE"]
        embedded = story._element.xpath(".//a:blip/@r:embed")
        assert len(embedded) == 1 and story.part.rels[embedded[0]].target_part.blob == PNG


# --- forms complete from the data; a gap refuses, or drafts ----------------------------------------------


def test_manual_ito_refuses_a_gap_and_drafts_it(sco, tmp_path):
    source = tmp_path / "manual.yaml"
    source.write_text(
        (STUDENTS / "ready.yaml")
        .read_text()
        .replace("tms_available: true", "tms_available: false\n  ccmd_waiver: {reference: W-1, date: 2026-11-18}")
    )
    args = ("ito", "generate", source, "-o", tmp_path / "out", "--manual", "--config", OFFICE, "--as-of", AS_OF)
    result = sco(*args)
    assert result.exit_code == 1 and "the issuing official (`ito: issuing_official`)" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    result = sco(*args, "--draft")
    assert result.exit_code == 1 and "(DRAFT)" in result.stdout
    text = docx_text((tmp_path / "out" / "ITO-XS-P-IMT-2027-0101.docx").read_bytes())
    assert "[header] CUI // DRAFT" in text and "[GAP: the issuing official (`ito: issuing_official`)]" in text
    assert "Gaps: " in text and "the issuing official" in text.split("Gaps: ", 1)[1]
    # An IMET student on a manual ITO: item 9 needs the fund citations (issue 21), a gap, not "no citation"
    assert "[GAP: 9: the fund citations of U.S.-funded training (`funding: citations`)]" in text
    assert "No fund citation" not in text


def test_manual_ito_for_partner_funded_training_may_have_no_fund_citation(sco, tmp_path):
    source = tmp_path / "manual.yaml"
    text = (STUDENTS / "ready.yaml").read_text()
    text = text.replace(
        "tms_available: true", "tms_available: false\n  ccmd_waiver: {reference: W-1, date: 2026-11-18}"
    )
    text = text.replace("ito:\n", "ito:\n  issuing_official: LTC A. Person, Chief SCO\n", 1)
    source.write_text(
        text.replace("program: imet", "program: fms").replace("  imet_fiscal_year: 2027\n", "  fms_case: XS-B-AAC\n")
    )
    out = tmp_path / "out"
    result = sco(
        "ito", "generate", source, "-o", out, "--manual", "--format", "md", "--config", OFFICE, "--as-of", AS_OF
    )
    assert result.exit_code == 0, result.stderr
    written = next(out.iterdir()).read_text()
    assert "No fund citation: item 9 is left empty when no travel and living allowance (TLA) is authorized." in written


def test_data_sheet_items_follow_sc_tms_with_no_skipped_letters(sco, tmp_path):
    out = tmp_path / "out"
    args = ("ito", "generate", STUDENTS / "arrival-notice-overdue.yaml", "-o", out, "--format", "md")
    assert sco(*args, "--as-of", AS_OF).exit_code == 0
    text = (out / "ITO-XS-P-IMT-2027-0106.md").read_text()
    fields = re.findall(r"^\| 3\.(\d+(?:-3\.\d+)?) ", text, re.M)
    assert fields == [*map(str, range(1, 11)), "11-3.12"]
    letters = re.findall(r"\| 6\.([a-h]) \|$", text, re.M)
    assert letters == list("abcdefgh")
    assert "| Kadri Org | spouse | 1993-02-11 |" in text  # item 12 from the dependents
    item13 = text.split("### Item 13. Medical services and health insurance")[1].split("##")[0]
    assert "commercial insurance (Examplestan Mutual policy 77-41902 (student and spouse))" in item13
    assert "for the IMS and the dependents in item 12" in item13 and "2026-10-30" in item13
    assert "chest" not in text.lower() and "HIV" not in text  # no medical results on an ITO
    assert "| 3.11-3.12 Visa number and type | XS-A2-2026-118834, A-2 | SC-TMS only |" in text


def test_health_coverage_is_required(sco, tmp_path):
    folder = office_folder(tmp_path)
    student = folder / "ready.yaml"
    text = student.read_text()
    start = text.index("health_coverage:")
    student.write_text(text[:start] + text[text.index("pre_departure_briefing:") :])
    result = sco("ito", "generate", student, "-o", folder / "out", "--as-of", AS_OF)
    assert result.exit_code == 1 and "13: health-care coverage (`health_coverage: source`, SAMM C10.9)" in result.stderr


def test_office_without_designation_fields_refuses_documents_until_drafted(sco, tmp_path):
    register = tmp_path / "forecast.yaml"
    register.write_text((EXAMPLES / "forecast.yaml").read_text())
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\norganization: ODC X\n")
    args = ("javits", "report", register, "--year", "2027", "--as-of", AS_OF)
    result = sco(*args, "-o", tmp_path / "javits.md")
    assert result.exit_code == 1 and "sco.yaml cui: category (the CUI designation indicator)" in result.stderr
    assert not (tmp_path / "javits.md").exists()
    result = sco(*args, "-o", tmp_path / "javits.md", "--draft")
    text = (tmp_path / "javits.md").read_text()
    assert result.exit_code == 1 and text.startswith("**CUI // DRAFT**")
    assert "Controlled by: ODC X\\\nCUI Category: \\[GAP: not in sco.yaml cui:\\]" in text
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: X\nmarking: UNCLASSIFIED\n")
    assert sco(*args, "-o", tmp_path / "plain.md").exit_code == 0  # no CUI, no designation block
    assert "Controlled by" not in (tmp_path / "plain.md").read_text()


def test_cta_is_the_country_teams_with_the_sco_as_point_of_contact(sco, tmp_path):
    out = tmp_path / "cta.md"
    assert sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    text = out.read_text()
    assert "**From:** The Country Team, U.S. Mission to the Republic of Examplestan (Chief of Mission: " in text
    assert "**Point of contact:** COL Jane Rivera, Chief, Office of Defense Cooperation" in text
    assert "### Table C5.T1 element 12" in text and "### Table C5.T1e element 17" in text
    assert "Combatant command concurrence (Table C5.T1e element 19): USEUCOM ECJ5 memo 26-114" in text
    assert "element 18" not in text  # an optional element left unanswered is not printed
    ending = "odc-chief@exampleville.example\n\nGenerated 2026-11-24 by sco from lor-cta.yaml\n\n**CUI**"
    assert text.rstrip().endswith(ending)
    assert "Cooperation, Office of Defense Cooperation" not in text  # the organization named once


def test_sco_endorsement_for_an_nvd_repeat_buy(sco, tmp_path):
    out = tmp_path / "endorsement.md"
    result = sco("cta", "generate", EXAMPLES / "lor-nvd-repeat.yaml", "--endorsement", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0 and result.stdout.startswith("SCO endorsement required (NVD guide C2.2.3)")
    text = out.read_text()
    assert "first introduced with the Country Team Assessment of 2023-05-02, on LOA XS-P-ANV" in text
    assert "informed of this follow-on request on 2026-11-10" in text and "Sent as" not in text  # a record, not a line
    assert "| Night vision goggles, dual tube | 60 |" in text
    lor = tmp_path / "lor.yaml"
    lor.write_text((EXAMPLES / "lor-nvd-repeat.yaml").read_text().replace("  first_loa: XS-P-ANV\n", ""))
    args = ("cta", "generate", lor, "--endorsement", "-o", tmp_path / "e.md", "--config", OFFICE, "--as-of", AS_OF)
    result = sco(*args)
    assert result.exit_code == 1 and "no SCO endorsement written" in result.stderr
    assert "the SCO endorsement does not give the LOA of the first introduction" in result.stderr
    assert not (tmp_path / "e.md").exists()
    assert sco(*args, "--draft").exit_code == 1
    assert "[GAP: the first-introduction LOA" in (tmp_path / "e.md").read_text()


def test_javits_prints_every_column_and_the_thresholds_applied(sco, tmp_path):
    register = tmp_path / "forecast.yaml"
    register.write_text((EXAMPLES / "forecast.yaml").read_text())
    office = OFFICE.read_text().replace("thresholds:\n", "thresholds:\n  javits_mde_usd: 6999999\n", 1)
    (tmp_path / "sco.yaml").write_text(office)
    out = tmp_path / "javits.docx"
    assert sco("javits", "report", register, "--year", "2028", "-o", out, "--as-of", AS_OF).exit_code == 0
    text = docx_text(out.read_bytes())
    assert (
        "ID | Description | Channel | Quantity | MDE ($) | Other ($) | D&C ($) | Probability | Expected | Why" in text
    )
    assert "$6,999,999 or more of Major Defense Equipment" in text
    assert "F-04 | Coastal radar upgrade" in text or re.search(r"F-04 \| [^|]+ \| FMS \| \d", text)
    plain = sco("javits", "report", register, "--year", "2028", "--as-of", AS_OF).stdout
    assert "$6,999,999" in plain and re.search(r"F-04  FMS  \S", plain) and "quantity " in plain


# --- PDF ------------------------------------------------------------------------------------------------


def fake_soffice(folder: Path) -> Path:
    """A stand-in for LibreOffice: writes `<stem>.pdf` for each .docx into --outdir, and logs its calls."""
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, pathlib, sys\n"
        "args = sys.argv[1:]\n"
        "with open(os.environ['FAKE_SOFFICE_LOG'], 'a') as log:\n"
        "    log.write(' '.join(args) + '\\n')\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "for arg in args:\n"
        "    if arg.endswith('.docx'):\n"
        "        data = pathlib.Path(arg).read_bytes()\n"
        "        head = b'%PDF-1.4\\n% stand-in ' + data[:2] + b'\\n1 0 obj\\n<<>>\\nendobj\\n'\n"
        "        xref = b'xref\\n0 1\\n0000000000 65535 f \\ntrailer\\n<<>>\\n'\n"
        "        tail = xref + b'startxref\\n%d\\n%%%%EOF\\n' % len(head)\n"
        "        (out / (pathlib.Path(arg).stem + '.pdf')).write_bytes(head + tail)\n"
    )
    script.chmod(0o755)
    return script


def stand_in_pdf(first_bytes_of_the_word_file: bytes) -> bytes:
    """What `fake_soffice` writes for a Word file starting with the given bytes: a PDF by structure."""
    head = b"%PDF-1.4\n% stand-in " + first_bytes_of_the_word_file + b"\n1 0 obj\n<<>>\nendobj\n"
    return head + b"xref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n%d\n%%%%EOF\n" % len(head)


def test_pdf_through_a_stand_in_libreoffice(sco, tmp_path, monkeypatch):
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake_soffice(bin_folder)
    log = tmp_path / "calls.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setenv("PATH", f"{bin_folder}:/usr/bin:/bin")
    out = tmp_path / "out"
    result = sco("ito", "generate", STUDENTS, "-o", out, "--format", "pdf", "--as-of", AS_OF)
    assert result.exit_code == 1  # four students are not ready
    written = sorted(p.name for p in out.iterdir())
    assert written == ["ITO-XS-P-IMT-2027-0101.pdf", "ITO-XS-P-IMT-2027-0106.pdf"]
    assert (out / written[0]).read_bytes() == stand_in_pdf(b"PK")  # LibreOffice was given a Word file
    calls = log.read_text().splitlines()
    assert len(calls) == 1 and "--headless --norestore" in calls[0] and "--convert-to pdf" in calls[0]
    assert calls[0].count(".docx") == 2  # one LibreOffice run for the batch
    cta = tmp_path / "cta.pdf"
    assert sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", cta, "--as-of", AS_OF).exit_code == 0
    javits = tmp_path / "javits.pdf"
    assert sco("javits", "report", EXAMPLES / "forecast.yaml", "--year", "2027", "-o", javits).exit_code == 0
    forecast = tmp_path / "forecast.out"
    args = ("forecast", "report", EXAMPLES / "forecast.yaml", "--format", "pdf", "-o", forecast)
    assert sco(*args).exit_code == 0
    justification = tmp_path / "justification.pdf"
    args = ("budget", "justify", EXAMPLES / "budget-fmf.yaml", "-o", justification, "--as-of", AS_OF)
    assert sco(*args).exit_code == 0
    sheet = tmp_path / "sheet.pdf"
    assert sco("eum", "inventory", EXAMPLES / "eum.yaml", "-o", sheet, "--as-of", AS_OF).exit_code == 0
    letter = tmp_path / "letter.pdf"
    args = ("translation", "letter", "--document", "LOA XS-P-SAB", "--language", "French", "-o", letter)
    assert sco(*args, "--config", EXAMPLES / "sco.yaml", "--as-of", AS_OF).exit_code == 0
    documents = (cta, javits, forecast, justification, sheet, letter)
    assert all(p.read_bytes().startswith(b"%PDF") for p in documents)  # every document command converts
    assert len(log.read_text().splitlines()) == 1 + 6
    assert not list(tmp_path.glob("**/.sco-*"))


def test_pdf_soffice_named_in_sco_yaml_runs_only_when_the_user_names_that_office(sco, tmp_path, monkeypatch):
    """Issue 20.8: `soffice:` in a sco.yaml found by walking up (a shared drive, a cloned repository) ran
    whatever program it named. Now a path outside the standard install folders is ignored with a warning
    saying how to allow it (LibreOffice is then looked for on PATH), and used when the user names that
    office with --config."""
    folder = office_folder(tmp_path, "soffice: tools/soffice\n")
    (folder / "tools").mkdir()
    fake_soffice(folder / "tools")
    calls = tmp_path / "calls.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(calls))
    monkeypatch.setenv("PATH", "/nonexistent")
    args = ("ito", "generate", folder / "ready.yaml", "-o", folder / "out", "--format", "pdf", "--as-of", AS_OF)
    ignored = sco(*args)
    assert ignored.exit_code == 2 and not calls.exists()  # not run; and no LibreOffice on PATH either
    warning, error = ignored.stderr.splitlines()
    assert warning.startswith("sco: warning: sco.yaml soffice: tools/soffice: ignored, it is outside the standard")
    assert warning.endswith(f"to run it, name this office file yourself: --config {folder / 'sco.yaml'}")
    assert error.startswith("sco: error: --format pdf converts the Word document with LibreOffice, which was not")
    named = sco(*args, "--config", folder / "sco.yaml")
    assert named.exit_code == 0, named.output
    assert (folder / "out" / "ITO-XS-P-IMT-2027-0101.pdf").read_bytes().startswith(b"%PDF")


def test_pdf_soffice_in_a_standard_install_folder_needs_no_config(sco, tmp_path, monkeypatch):
    """A `soffice:` that really lies in an install folder (/opt, /usr/bin, ...; here a stand-in for /opt) is
    used without --config; `..` or a link out of it is judged by where it really leads."""
    from sco_cli.core import pdf

    install = tmp_path / "opt"
    (install / "libreoffice" / "program").mkdir(parents=True)
    fake_soffice(install / "libreoffice" / "program")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    fake_soffice(elsewhere)
    (install / "link").symlink_to(elsewhere / "soffice")
    monkeypatch.setattr(pdf, "TRUSTED_FOLDERS", (str(install),))
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(tmp_path / "calls.log"))
    monkeypatch.setenv("PATH", "/nonexistent")
    for setting, runs in (
        (install / "libreoffice" / "program" / "soffice", True),
        (install / ".." / "elsewhere" / "soffice", False),
        (install / "link", False),
    ):
        folder = tmp_path / f"office-{runs}-{len(str(setting))}"
        folder.mkdir()
        office_folder(folder, f"soffice: {setting}\n")
        result = sco(
            "ito", "generate", folder / "ready.yaml", "-o", folder / "out", "--format", "pdf", "--as-of", AS_OF
        )
        assert (result.exit_code == 0) is runs, (setting, result.output)
        assert ("ignored, it is outside the standard install folders" in result.stderr) is not runs


def test_pdf_without_libreoffice_names_what_to_install(sco, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    for args in (
        ("ito", "generate", STUDENTS / "ready.yaml", "-o", tmp_path / "out", "--format", "pdf"),
        ("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", tmp_path / "cta.pdf"),
        ("javits", "report", EXAMPLES / "forecast.yaml", "--year", "2027", "-o", tmp_path / "j.pdf"),
    ):
        result = sco(*args, "--as-of", AS_OF)
        assert result.exit_code == 2, result.output
        assert "LibreOffice" in result.stderr and "libreoffice-writer-nogui" in result.stderr
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_pdf_conversion_that_writes_nothing_is_an_error(sco, tmp_path, monkeypatch):
    broken = tmp_path / "bin" / "soffice"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'javaldx: could not find a Java Runtime' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", f"{broken.parent}:/usr/bin:/bin")
    result = sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", tmp_path / "cta.pdf", "--as-of", AS_OF)
    assert result.exit_code == 2 and "wrote no PDF (exit 1): javaldx" in result.stderr
    assert not (tmp_path / "cta.pdf").exists()


def test_twelve_bytes_starting_pdf_are_not_a_pdf(sco, tmp_path, monkeypatch):
    """Issue 20: a file beginning `%PDF` was taken for a PDF; the structure (header, objects, a trailer
    whose startxref points at the cross-reference table, %%EOF) is checked now."""
    from sco_cli.core.pdf import looks_like_pdf

    assert looks_like_pdf(stand_in_pdf(b"PK"))
    pdf = stand_in_pdf(b"PK")
    for broken in (b"%PDF-1.4 abcd", pdf[:-12], pdf.replace(b"startxref\n", b"startxref\n9"), b"%PDX" + pdf[4:]):
        assert not looks_like_pdf(broken), broken
    liar = tmp_path / "bin" / "soffice"
    liar.parent.mkdir()
    liar.write_text(
        f"#!{sys.executable}\nimport pathlib, sys\nargs = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "for arg in args:\n    if arg.endswith('.docx'):\n"
        "        (out / (pathlib.Path(arg).stem + '.pdf')).write_bytes(b'%PDF-1.4 abc')\n"
    )
    liar.chmod(0o755)
    monkeypatch.setenv("PATH", f"{liar.parent}:/usr/bin:/bin")
    result = sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", tmp_path / "cta.pdf", "--as-of", AS_OF)
    assert result.exit_code == 2 and "wrote no PDF" in result.stderr
    assert not (tmp_path / "cta.pdf").exists()


def hanging_soffice(folder: Path, log: Path) -> None:
    """A LibreOffice that starts a helper in its process group, says where and how private its folder is,
    then never finishes (like a LibreOffice stuck on a dialog)."""
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, pathlib, subprocess, sys, time\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "helper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "mode = oct(os.stat(out.parent).st_mode & 0o777)\n"
        "tmp = os.environ['TMPDIR']\n"
        f"pathlib.Path({str(log)!r}).write_text(f'{{os.getpid()}} {{helper.pid}} {{mode}} {{out.parent}} {{tmp}}')\n"
        "time.sleep(600)\n"
    )
    script.chmod(0o755)


def _alive(pid: int) -> bool:
    """Running and not a zombie (a dead process nobody has reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _wait_for(path: Path, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.02)
    raise AssertionError(f"{path} was never written")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_stopped_pdf_run_kills_libreoffice_and_removes_its_private_folder(tmp_path):
    """Issue 20: SIGTERM during `--format pdf` left LibreOffice running and ITO PDFs with passport numbers in
    `sco-pdf-*` folders in the system temporary folder, sometimes with exit 3."""
    bin_folder, scratch, log = tmp_path / "bin", tmp_path / "tmp", tmp_path / "soffice.log"
    bin_folder.mkdir()
    scratch.mkdir()
    hanging_soffice(bin_folder, log)
    env = {**os.environ, "PATH": f"{bin_folder}:/usr/bin:/bin", "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "sco_cli", "ito", "generate", str(STUDENTS / "ready.yaml")]
    process = subprocess.Popen(
        [*command, "-o", str(tmp_path / "out"), "--format", "pdf", "--as-of", AS_OF],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        soffice, helper, mode, folder, its_temporary = _wait_for(log).split()
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert mode == "0o700" and Path(folder).parent == scratch and Path(its_temporary).parent == Path(folder)
    assert process.returncode == 130 and b"Traceback" not in stderr and b"internal error" not in stderr
    assert not _alive(int(soffice)) and not _alive(int(helper))
    assert list(scratch.iterdir()) == [] and not (tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_libreoffice_given_up_with_its_children_killed(sco, tmp_path, monkeypatch):
    """Issue 20: a hung LibreOffice left its children alive after sco gave up."""
    from sco_cli.core import pdf

    bin_folder, scratch, log = tmp_path / "bin", tmp_path / "tmp", tmp_path / "soffice.log"
    bin_folder.mkdir()
    scratch.mkdir()
    hanging_soffice(bin_folder, log)
    monkeypatch.setenv("PATH", f"{bin_folder}:/usr/bin:/bin")
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(pdf, "SECONDS_TO_START", 4)
    monkeypatch.setattr(pdf, "SECONDS_PER_DOCUMENT", 0)
    result = sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", tmp_path / "cta.pdf", "--as-of", AS_OF)
    assert result.exit_code == 2 and "did not finish converting to PDF in 4 s" in result.stderr
    soffice, helper, *_ = _wait_for(log, 1).split()
    assert not _alive(int(soffice)) and not _alive(int(helper))
    assert list(scratch.iterdir()) == [] and not (tmp_path / "cta.pdf").exists()


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs pthread_sigmask")
def test_a_stop_as_the_private_folder_is_made_leaves_no_folder(tmp_path, monkeypatch):
    """Signal campaign (issue 20 point 3): a stop between `mkdtemp` and the `try` that removes the folder
    left an empty `sco-pdf-*` behind. The folder is made with the stop signals held, inside that `try`."""
    from sco_cli.core import pdf

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made = pdf._private_folder

    def made_then_stopped() -> Path:
        folder = made()
        # Ctrl-C the moment the folder exists, to the main thread, as in sco, whose other threads hold
        # the stop signals (a signal to the process would go to a thread of pytest's that does not)
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        return folder

    monkeypatch.setattr(pdf, "_private_folder", made_then_stopped)
    with pytest.raises(KeyboardInterrupt):
        pdf.convert([b"a document"], "soffice-that-never-runs")
    assert list(scratch.iterdir()) == []


def test_an_interrupt_in_the_middle_of_removing_the_folder_still_removes_it(tmp_path, monkeypatch):
    """Holding the signals does not stop one Python already took and has not acted on: its
    KeyboardInterrupt came in the middle of the removal and left the documents (an ITO's passport
    number) behind. The removal goes on to the end, then the interrupt goes up."""
    from sco_cli.core import pdf

    folder = tmp_path / "sco-pdf-x"
    (folder / "pdf").mkdir(parents=True)
    (folder / "document-00000.docx").write_bytes(b"passport")
    real = shutil.rmtree
    calls = []

    def interrupted_once(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            real(Path(path) / "pdf")
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pdf.shutil, "rmtree", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        pdf._remove(folder)
    assert not folder.exists() and len(calls) == 2


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui); the stand-in tests cover the path",
)
def test_pdf_real_conversion(sco, tmp_path):
    out = tmp_path / "cta.pdf"
    result = sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True, text=True).stdout
        assert "Country Team Assessment" in text and "Page 1 of" in text and "CUI Category: PRVCY" in text


# --- sco templates ---------------------------------------------------------------------------------------


def test_templates_list_names_every_template(sco):
    from sco_cli.app.templates import DOCUMENTS, PARTIALS

    listed = sco("templates", "list").stdout
    assert [line.split()[0] for line in listed.splitlines()] == [*DOCUMENTS, *PARTIALS]
    assert "sco cta generate --endorsement" in listed


def test_exported_templates_list_every_variable_they_use_and_pass_the_check(sco, tmp_path):
    from jinja2 import meta

    from sco_cli.app.templates import DOCUMENTS, PARTIALS
    from sco_cli.core.templating import environment

    out = tmp_path / "tpl"
    assert sco("templates", "export", "-o", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([*DOCUMENTS, *PARTIALS])
    for path in out.iterdir():
        text = path.read_text()
        listed = set(re.findall(r"^      ([\w.\[\]]+) ", text, re.M))
        roots = {name.split(".")[0].split("[")[0] for name in listed} | {"doc", "gap", "manual", "range"}
        used = meta.find_undeclared_variables(environment([out]).parse(text)) - {"__sco_loop", "__sco_concat"}
        assert used <= roots, (path.name, used - roots)
        body = text.split("-#}", 1)[1]
        for dotted in re.findall(r"\b((?:student|office|travel|report|lor|cta|ito|ecl)\.\w+(?:\.\w+)?)", body):
            if not dotted.startswith(("report.thresholds", "report.country")):
                assert any(name == dotted or name.startswith(dotted + ".") for name in listed), (path.name, dotted)
    result = sco("templates", "check", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"OK: {len(DOCUMENTS) + len(PARTIALS)} templates rendered against")


def test_templates_export_one_and_refuse_to_overwrite(sco, tmp_path):
    assert sco("templates", "export", "cta.md.j2", "-o", tmp_path).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["cta.md.j2"]
    (tmp_path / "cta.md.j2").write_text("mine")
    result = sco("templates", "export", "-o", tmp_path)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["cta.md.j2"]  # every target checked before the first write
    result = sco("templates", "export", "cta.md", "-o", tmp_path)
    assert result.exit_code == 2 and "did you mean 'cta.md.j2'" in result.stderr


def test_templates_check_reports_file_and_line(sco, tmp_path):
    (tmp_path / "javits.md.j2").write_text("# Javits\n\n{{ report.year }}\n{{ report.nope.deeper }}\n")
    (tmp_path / "_ito-items-9-14.md.j2").write_text("## 9\n\n{% for x in %}\n")
    (tmp_path / "ito-datasheet.md.j2").write_text("typo in the name\n")
    result = sco("templates", "check", tmp_path)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert f"{tmp_path / 'javits.md.j2'}:4: template error: 'dict object' has no attribute 'nope'" in errors
    assert any(e.startswith(f"{tmp_path / '_ito-items-9-14.md.j2'}:3: template error:") for e in errors)
    assert any(e.startswith(f"{tmp_path / 'ito-datasheet.md.j2'}:1: not a template sco renders") for e in errors)


# --- hostile office templates (issue 9 item 10) ------------------------------------------------------------

TEMPLATE_ATTACKS = {
    "self-include": ('{% include "ito-data-sheet.md.j2" %}', 1, "include, extend or import each other in a loop"),
    "self-extends": ('{% extends "ito-data-sheet.md.j2" %}', 1, "in a loop"),
    "self-import": ('{% import "ito-data-sheet.md.j2" as me %}', 1, "in a loop"),
    "huge range": ("ok\n{{ range(10**9) | list }}", 2, "range() of more than 100,000 numbers"),
    "division by zero": ("{{ 1/0 }}", 1, "ZeroDivisionError"),
    "huge power": ("{{ 10**5000 }}", 1, "too large a number"),
    "huge string": ("{{ 'a'*10**10 }}", 1, "more than 2,000,000 characters"),
    "wordwrap(0)": ('{{ "abc" | wordwrap(0) }}', 1, "invalid width 0"),
    "recursive macro": ("{% macro m(n) %}{{ m(n) }}{% endmacro %}\n{{ m(1) }}", 1, "nested more than 40 deep"),
    "nested loops": (
        "x\n\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        3,
        "more than 1,000,000 loop iterations",
    ),
    "doubling string": (
        '{% set ns = namespace(s="a") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
        1,
        "more than 2,000,000 characters",
    ),
    "huge filter width": ('{{ "x" | center(1000000000) }}', 1, "larger than 100,000"),
    "sandbox escape": ("{{ student.__class__.__mro__ }}", 1, "unsafe"),
    "syntax": ("line one\n{% if %}", 2, "Expected an expression"),
    "undefined": ("{{ nope }}", 1, "'nope' is undefined"),
}


@pytest.mark.parametrize("case", TEMPLATE_ATTACKS, ids=str)
def test_hostile_office_templates_are_template_errors(sco, tmp_path, case):
    source, line, why = TEMPLATE_ATTACKS[case]
    folder = office_folder(tmp_path, "templates: tpl\n")
    (folder / "tpl").mkdir()
    (folder / "tpl" / "ito-data-sheet.md.j2").write_text(source)
    out = folder / "out"
    result = sco("ito", "generate", folder / "ready.yaml", "-o", out, "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"sco: error: {folder / 'tpl' / 'ito-data-sheet.md.j2'}:{line}: template error:")
    assert why in result.stderr and "Traceback" not in result.output
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize("how", ["the template is a link", "it includes a link", "it includes ../", "a linked folder"])
def test_office_templates_cannot_read_outside_their_folder(sco, tmp_path, how):
    """Issue 20.8: an office template that was a symbolic link to a file outside the template folder, or
    included one, put that file's text in the document (exit 0); `../` is refused too. Now each is a
    template error naming the link (exit 2), and no document is written."""
    folder = office_folder(tmp_path, "templates: tpl\n")
    templates = folder / "tpl"
    templates.mkdir()
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("NOT-FOR-THE-DOCUMENT\n")
    sheet = templates / "ito-data-sheet.md.j2"
    if how == "the template is a link":
        sheet.symlink_to(secret)
    elif how == "it includes a link":
        (templates / "part.j2").symlink_to(secret)
        sheet.write_text('# Sheet\n\n{% include "part.j2" %}\n')
    elif how == "it includes ../":
        sheet.write_text('# Sheet\n\n{% include "../elsewhere/secret.txt" %}\n')
    else:
        (templates / "parts").symlink_to(secret.parent, target_is_directory=True)
        sheet.write_text('# Sheet\n\n{% include "parts/secret.txt" %}\n')
    out = folder / "out"
    result = sco("ito", "generate", folder / "ready.yaml", "-o", out, "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "template error" in result.stderr and "out of the template folder" in result.stderr
    assert "NOT-FOR-THE-DOCUMENT" not in result.output
    assert not out.exists() or not list(out.iterdir())


def test_a_link_inside_the_template_folder_is_followed(sco, tmp_path):
    folder = office_folder(tmp_path, "templates: tpl\n")
    templates = folder / "tpl"
    templates.mkdir()
    (templates / "shared.md").write_text("Shared paragraph.\n")
    (templates / "part.j2").symlink_to("shared.md")
    (templates / "ito-data-sheet.md.j2").write_text('# Sheet\n\n{% include "part.j2" %}\n')
    out = folder / "out"
    assert sco("ito", "generate", folder / "ready.yaml", "-o", out, "--format", "md", "--as-of", AS_OF).exit_code == 0
    assert "Shared paragraph." in (out / "ITO-XS-P-IMT-2027-0101.md").read_text()


def test_non_utf8_office_template_names_its_line(sco, tmp_path):
    folder = office_folder(tmp_path, "templates: tpl\n")
    (folder / "tpl").mkdir()
    (folder / "tpl" / "cta.md.j2").write_bytes(b"# CTA\n\ncaf\xe9 {{ lor.id }}\n")
    result = sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", folder / "cta.md", "--config", folder / "sco.yaml")
    assert result.exit_code == 2
    assert f"{folder / 'tpl' / 'cta.md.j2'}:3: template error: the file is not UTF-8 text" in result.stderr


# --- hostile reference documents (issue 9 item 9) ----------------------------------------------------------


def _good_docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def _rezip(change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_good_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name, data = change(info.filename, source.read(info.filename))
            target.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", b"<Types/>")
        target.writestr("word/media/bomb.bin", b"\0" * (120 * 1024 * 1024))
    return buffer.getvalue()


REFERENCE_ATTACKS = {
    "text": (lambda: b"not a word file\n", "not a Word .docx file"),
    "empty": (lambda: b"", "the file is empty"),
    "plain zip": (lambda: _zip({"notes.txt": b"hello"}), "not a Word document (no [Content_Types].xml)"),
    "truncated": (lambda: _good_docx()[:5000], "damaged ZIP archive"),
    "broken xml": (
        lambda: _rezip(lambda n, d: (n, d[:400] if n == "word/styles.xml" else d)),
        "broken XML in word/styles.xml",
    ),
    "dotx": (
        lambda: _rezip(lambda n, d: (n, d.replace(b"document.main+xml", b"template.main+xml"))),
        "a Word template (.dotx)",
    ),
    "zip bomb": (_bomb, "it would expand to 120 MiB (a ZIP bomb?)"),
}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("case", REFERENCE_ATTACKS, ids=str)
def test_bad_reference_docx_is_a_usage_error_saying_why(sco, tmp_path, case):
    make, why = REFERENCE_ATTACKS[case]
    folder = office_folder(tmp_path, "reference_docx: letterhead.docx\n")
    (folder / "letterhead.docx").write_bytes(make())
    out = folder / "out"
    result = sco("ito", "generate", folder / "ready.yaml", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("sco: error: sco.yaml reference_docx: letterhead.docx: ") and why in result.stderr
    assert "Traceback" not in result.output and (not out.exists() or not list(out.iterdir()))


# --- the package is prepared once per process ----------------------------------------------------------------


def test_the_base_package_is_prepared_once_per_process_and_tables_are_written_in_one_pass(sco, tmp_path):
    from sco_cli.core import docx_package, docx_writer

    docx_package.prepared.cache_clear()
    out = tmp_path / "out"
    result = sco("ito", "generate", STUDENTS, "-o", out, "--draft", "--jobs", "1", "--as-of", AS_OF)
    assert result.exit_code == 1 and len(list(out.iterdir())) == 6
    info = docx_package.prepared.cache_info()
    assert info.misses == 2 and info.hits == 4  # one package per banner (CUI, CUI // DRAFT) and designation
    sources = "".join(p.read_text() for p in (Path(docx_writer.__file__).parent).glob("*.py"))
    assert ".rows[" not in sources and "add_table(" not in sources


def test_table_words_get_the_room_they_print_in_and_rows_stay_on_one_page(sco, tmp_path):
    """A MASL once printed as `P17908` / `7`, and `D&C ($)` as `D&` / `C`: words are measured by glyph
    class. A table row once began on one page and ended on the next."""
    import zipfile

    from sco_cli.core.docx_writer import column_widths, text_twips

    # Times at 12 pt: a digit is half an em (120 twips), a capital wider, "(i.e.)" narrower than its length
    assert text_twips("P179087", 24) >= 7 * 120 and text_twips("(i.e.)", 24) < 6 * 120
    assert text_twips("D&C", 24, bold=True) > text_twips("D&C", 24) > 3 * 120
    masl = column_widths([text_twips("P179087", 24), 6000], [text_twips("P179087", 24), 1400], 9360)[0]
    assert masl >= 7 * 141 + 216  # seven glyphs at 11 pt in a wider face (~0.64 em) plus cell margins
    out = tmp_path / "out"
    assert sco("ito", "generate", EXAMPLES / "students" / "ready.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    body = zipfile.ZipFile(next(out.iterdir())).read("word/document.xml").decode()
    assert body.count("<w:tr>") == body.count("<w:tr><w:trPr><w:cantSplit/>") > 10  # every row


def test_without_a_reference_document_the_look_is_the_governments(sco, tmp_path):
    """Issue 22 point 1: one black serif family (Times New Roman 12 pt), black bold headings, one-inch
    margins, no colour anywhere in the styles; the generated line small at the end, not above the title."""
    from docx import Document
    from docx.shared import Inches, Pt

    out = tmp_path / "out"
    assert sco("ito", "generate", STUDENTS / "ready.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    data = (out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes()
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    for margin in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin):
        assert margin == Inches(1)
    styles = part(data, "word/styles.xml")
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    assert not re.search(r'<w:color w:val="(?!000000|auto)', styles)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        assert style.font.name in ("Times New Roman", None) and style.font.color.rgb in (None,)
        assert style.font.size in (None, Pt(12), Pt(14))
    assert document.styles["Heading 1"].font.bold and document.styles["Title"].font.bold
    assert document.paragraphs[0].style.name == "Title"
    last = document.paragraphs[-1]
    assert last.text == "Generated 2026-11-24 by sco from students/ready.yaml" and last.runs[0].font.size == Pt(8)


CAVEATS = re.compile(r"\[(?:S|P|NF)\]|not verified")


@pytest.mark.parametrize("template", _documents())
def test_documents_carry_no_tool_caveat(template):
    """Issue 21 point 4: "[S]", "[NF]", "not verified" stay in `sco rules explain` and the check's output;
    no document an office sends carries them (in Markdown or Word, drafts included)."""
    from sco_cli.app.templates import samples
    from sco_cli.core.render import render

    for sample in samples(template):
        markdown = render(template, sample.context, sample.meta, "md", sample.office).data.decode()
        word = docx_text(render(template, sample.context, sample.meta, "docx", sample.office).data)
        for text in (markdown, word):
            assert not CAVEATS.search(text), (sample.source, CAVEATS.search(text))


def test_cta_numbers_only_verified_elements_and_the_check_keeps_its_caveats(sco, tmp_path):
    from sco_cli.core.markup import without_caveats

    assert without_caveats("CTA supplement Table C5.T1A [S]; SCOA [P]") == "CTA supplement Table C5.T1A; SCOA"
    out = tmp_path / "cta.md"
    assert sco("cta", "generate", EXAMPLES / "lor-cta.yaml", "-o", out, "--as-of", AS_OF).exit_code == 0
    text = out.read_text()
    assert "### Reason for the request and the mission need" in text  # an unverified number: its title
    assert "### Table C5.T1e element 14" in text  # a verified number: the table's
    assert "C5.1.4 [S]" in sco("rules", "explain", "LOR017").stdout  # the caveat stays where the officer reads rules


SIGNED = (
    "cta.md.j2",
    "sco-endorsement.md.j2",
    "ito-manual.md.j2",
    "translation-letter.md.j2",
    "budget-justification.md.j2",
)


@pytest.mark.parametrize("template", SIGNED)
def test_every_signed_document_has_a_signature_block(template):
    """Issue 22 point 3: a signature line with room above it, the signer's name, and a date."""
    from sco_cli.app.templates import samples
    from sco_cli.core.render import render

    for sample in samples(template):
        data = render(template, sample.context, sample.meta, "docx", sample.office).data
        xml = part(data)
        line = xml.index("_" * 20)
        assert 'w:before="720"' in xml[xml.rindex("<w:p>", 0, line) : line], sample.source  # room to sign
        text = docx_text(data)
        block = text[text.index("_" * 20) :].split("\n")
        assert block[1].strip() and any(row.startswith("Date: ") for row in block[2:5]), block[:5]


def test_inventory_rows_are_tall_enough_to_write_in_and_the_letter_is_a_letter():
    from sco_cli.app.templates import samples
    from sco_cli.core.render import render

    sample = samples("eum-inventory.md.j2")[0]
    xml = part(render("eum-inventory.md.j2", sample.context, sample.meta, "docx", sample.office).data)
    rows = re.findall(r"<w:tr>.*?</w:tr>", xml)
    body = [row for row in rows if "<w:tblHeader/>" not in row]
    assert body and all('<w:trHeight w:val="432" w:hRule="atLeast"/>' in row for row in body)  # 0.3 inch
    for sample in samples("translation-letter.md.j2"):
        data = render("translation-letter.md.j2", sample.context, sample.meta, "docx", sample.office).data
        text = docx_text(data)
        assert "<w:tbl>" not in part(data)  # a letter, not a grid
        assert ("Reference: ODC-26-311" in text) == ("ODC-26-311" in str(sample.context)) and "Reference -" not in text
        assert text.index("Subject: ") < text.index("1. Enclosed" if "1. Enclosed" in text else "Enclosed")
