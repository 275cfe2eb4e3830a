"""The training manager's gate: student check facts, ITO documents, refusal and safe writes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES, FIXTURES, ROOT, docx_text, findings_of, golden, on_terminal

STUDENTS = EXAMPLES / "students"
OFFICE = EXAMPLES / "sco.yaml"


CUI = (
    "organization: ODC Exampleville\naddress: 1 Liberty Avenue, Exampleville\n"
    "cui: {category: PRVCY, dissemination: FEDCON, controlled_by: ODC Exampleville, poc: odc@example.org}\n"
)
"""What an office needs before an ITO can be written: who issues it (items 4.a, 4.b) and the CUI designation
indicator (DoD CUI marking)."""


def manual_student(folder: Path) -> Path:
    text = (
        (STUDENTS / "ready.yaml")
        .read_text()
        .replace(
            "tms_available: true",
            "tms_available: false\n  ccmd_waiver:\n    reference: EUCOM-W-26-07\n    date: 2026-11-18\n"
            "  issuing_official: COL Jane Rivera, Chief, Office of Defense Cooperation",
        )
        .replace(
            "  imet_fiscal_year: 2027\n",
            "  imet_fiscal_year: 2027\n  citations:\n"
            "    - {line_of_accounting: 97-11X8242 2027 IMET XS, amount_usd: 18400,\n"
            "       purpose: travel and living allowance}\n",
        )
    )
    path = folder / "manual.yaml"
    path.write_text(text)
    return path


def test_student_facts(sco):
    code, payload = sco.json("student", "check", str(STUDENTS), "--as-of", AS_OF)
    assert code == 1
    facts = {Path(f["path"]).name: f["facts"] for f in payload["files"]}
    assert facts["ready.yaml"]["ito_ready"] is True and facts["ready.yaml"]["ito_blockers"] == []
    assert facts["medical-expired.yaml"]["ito_blockers"] == ["ITO003"]
    assert facts["vetting-late.yaml"]["ito_blockers"] == ["ITO004"]
    assert facts["ecl-below-minimum.yaml"]["ito_blockers"] == ["ITO002"]
    assert facts["manual-ito-no-waiver.yaml"]["ito_blockers"] == ["ITO006"]
    # the overdue notice is an error, but it does not stop the ITO
    assert facts["arrival-notice-overdue.yaml"]["ito_ready"] is True
    assert facts["arrival-notice-overdue.yaml"]["arrival_notice_due"] == "2026-11-20"  # 30 days, accompanied
    assert facts["ready.yaml"]["arrival_notice_due"] == "2026-12-23"  # 16 days
    assert facts["ready.yaml"]["screening_keep_until"] == "2036-11-03"


def test_passport_numbers_never_reach_the_terminal(sco):
    numbers = ["XS4821937", "XS5019466", "XS6604112", "XS7731208", "XS8140073", "XS9052281"]
    for fmt in ("text", "json", "csv"):
        output = sco("student", "check", str(STUDENTS), "--format", fmt, "--as-of", AS_OF).output
        assert not [n for n in numbers if n in output]
    _, payload = sco.json("student", "check", str(STUDENTS / "ready.yaml"), "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["passport"] == "******937"


def test_passport_expiry_finding_masks_the_number(sco, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text((STUDENTS / "ready.yaml").read_text().replace("expires: 2031-06-30", "expires: 2027-01-01"))
    result = sco("student", "check", str(path), "--config", str(OFFICE), "--as-of", AS_OF)
    assert "ITO017" in result.stdout and "******937" in result.stdout and "XS4821937" not in result.stdout


def test_data_sheet_golden_docx(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = sco("ito", "generate", "examples/students/ready.yaml", "-o", str(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 0
    written = list(tmp_path.iterdir())
    assert [p.name for p in written] == ["ITO-XS-P-IMT-2027-0101.docx"]
    text = docx_text(written[0].read_bytes())
    assert text.startswith("[header] CUI\n") and text.endswith("[footer] Page 1 of 1\n[footer] CUI\n")
    golden("ito-data-sheet.txt", text)


def test_data_sheet_markdown(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert (
        sco(
            "ito", "generate", "examples/students/ready.yaml", "-o", str(tmp_path), "--format", "md", "--as-of", AS_OF
        ).exit_code
        == 0
    )
    text = (tmp_path / "ITO-XS-P-IMT-2027-0101.md").read_text()
    assert text.startswith("**CUI**\n\nControlled by: ") and text.rstrip().endswith("**CUI**")
    assert "| P179087 |" in text and "&amp;" not in text and "&#" not in text
    golden("ito-data-sheet.md", text)


def test_data_sheet_reads_as_one_form(sco, tmp_path, monkeypatch):
    """Issue 22 point 3: the sheet's parts follow one another (1 to 5 by the SC-TMS ITO), the DD Form 2285
    items after them are headed by a section saying where items 1 to 8 went, and nothing forces a new page
    in the middle of the sheet (every heading is kept with what follows it)."""
    monkeypatch.chdir(ROOT)
    for fmt in ("md", "docx"):
        args = ("ito", "generate", "examples/students/ready.yaml", "-o", str(tmp_path / fmt), "--format", fmt)
        assert sco(*args, "--as-of", AS_OF).exit_code == 0
    markdown = (tmp_path / "md" / "ITO-XS-P-IMT-2027-0101.md").read_text()
    parts = re.findall(r"^## (\d+)\. ", markdown, re.MULTILINE)
    items = re.findall(r"^### Item (\d+)\. ", markdown, re.MULTILINE)
    assert parts == ["1", "2", "3", "4", "5"] and items == [str(n) for n in range(9, 15)]
    explained = markdown.index("## DD Form 2285 items 9 to 14\n\nParts 1 to 5 above fill DD Form 2285 items 1 to 8")
    assert markdown.index("## 5. ") < explained < markdown.index("### Item 9. ")
    with zipfile.ZipFile(tmp_path / "docx" / "ITO-XS-P-IMT-2027-0101.docx") as package:
        body = package.read("word/document.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert "pageBreakBefore" not in body and 'w:type="page"' not in body
    for heading in ("Heading1", "Heading2"):
        style = re.search(rf'<w:style [^>]*w:styleId="{heading}".*?</w:style>', styles, re.DOTALL)
        assert style is not None and "<w:keepNext/>" in style.group(0)


def test_manual_ito_golden_docx(sco, tmp_path, monkeypatch):
    source = manual_student(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = sco("ito", "generate", source.name, "-o", str(out), "--manual", "--config", str(OFFICE), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    golden("ito-manual.txt", docx_text((out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes()))


def test_manual_ito_refused_without_waiver(sco, tmp_path):
    result = sco("ito", "generate", str(STUDENTS / "ready.yaml"), "-o", str(tmp_path), "--manual")
    assert result.exit_code == 1 and "only when SC-TMS is unavailable" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_not_ready_student_gets_no_file_and_blockers_are_printed(sco, tmp_path):
    result = sco("ito", "generate", str(STUDENTS / "vetting-late.yaml"), "-o", str(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "ITO004" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_one_document_per_student_and_only_ready_ones(sco, tmp_path):
    result = sco("ito", "generate", str(STUDENTS), "-o", str(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ITO-XS-P-IMT-2027-0101.docx", "ITO-XS-P-IMT-2027-0106.docx"]


def test_draft_marks_every_page_and_lists_blockers(sco, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = sco(
        "ito", "generate", "examples/students/medical-expired.yaml", "-o", str(tmp_path), "--draft", "--as-of", AS_OF
    )
    assert result.exit_code == 1  # the draft is written, but the student is not ready
    assert "1 DRAFT document: not ready to send" in result.stderr
    text = docx_text((tmp_path / "ITO-XS-P-IMT-2027-0102.docx").read_bytes())
    assert "[header] CUI // DRAFT" in text and "[footer] CUI // DRAFT" in text
    golden("ito-draft.txt", text)


def test_existing_output_needs_force(sco, tmp_path):
    args = ["ito", "generate", str(STUDENTS / "ready.yaml"), "-o", str(tmp_path), "--as-of", AS_OF]
    assert sco(*args).exit_code == 0
    target = tmp_path / "ITO-XS-P-IMT-2027-0101.docx"
    target.write_bytes(b"keep me")
    again = sco(*args)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert target.read_bytes() == b"keep me"
    assert sco(*args, "--force").exit_code == 0
    assert target.read_bytes() != b"keep me"


def test_reference_docx_supplies_letterhead_and_marking_is_added(sco, tmp_path):
    from docx import Document

    reference = Document()
    reference.sections[0].header.paragraphs[0].text = "U.S. EMBASSY EXAMPLEVILLE - ODC"
    reference.add_paragraph("body text that must not leak into documents")
    reference.save(tmp_path / "letterhead.docx")
    (tmp_path / "sco.yaml").write_text(
        "kind: office\ncountry: Republic of Examplestan\nmarking: CUI//SP-EXAMPLE\nreference_docx: letterhead.docx\n"
        + CUI
    )
    student = tmp_path / "ready.yaml"
    student.write_text((STUDENTS / "ready.yaml").read_text())
    out = tmp_path / "out"
    assert sco("ito", "generate", str(student), "-o", str(out), "--as-of", AS_OF).exit_code == 0
    text = docx_text((out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes())
    assert "[header] CUI//SP-EXAMPLE\n[header] U.S. EMBASSY EXAMPLEVILLE - ODC" in text
    assert "[footer] CUI//SP-EXAMPLE" in text and "must not leak" not in text


def test_office_template_overrides_builtin_in_a_sandbox(sco, tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "sco.yaml").write_text("kind: office\ncountry: Examplestan\ntemplates: tpl\n" + CUI)
    student = tmp_path / "ready.yaml"
    student.write_text((STUDENTS / "ready.yaml").read_text())
    (tmp_path / "tpl" / "ito-data-sheet.md.j2").write_text("# Office sheet\n\n{{ student.surname_upper }}\n")
    out = tmp_path / "out"
    assert sco("ito", "generate", str(student), "-o", str(out), "--format", "md", "--as-of", AS_OF).exit_code == 0
    text = (out / "ITO-XS-P-IMT-2027-0101.md").read_text()
    assert "# Office sheet" in text and "TAMM" in text and text.startswith("**CUI**")
    (tmp_path / "tpl" / "ito-data-sheet.md.j2").write_text("{{ student.__class__.__mro__ }}\n{{ nope }}\n")
    result = sco("ito", "generate", str(student), "-o", str(out), "--format", "md", "--force", "--as-of", AS_OF)
    assert result.exit_code == 2 and "ito-data-sheet.md.j2:" in result.stderr


def test_values_cannot_break_markdown_tables(sco, tmp_path):
    student = tmp_path / "s.yaml"
    student.write_text((STUDENTS / "ready.yaml").read_text().replace("Examplestan Navy", "Navy | <b>Fleet</b> **x**"))
    out = tmp_path / "out"
    result = sco("ito", "generate", str(student), "-o", str(out), "--config", str(OFFICE), "--as-of", AS_OF)
    assert result.exit_code == 0
    text = docx_text((out / "ITO-XS-P-IMT-2027-0101.docx").read_bytes())
    assert "3.5 Country service | Navy | <b>Fleet</b> **x** | 6.e" in text


def _many_students(folder: Path, count: int) -> None:
    text = (STUDENTS / "ready.yaml").read_text()
    (folder / "sco.yaml").write_text(OFFICE.read_text())
    for index in range(count):
        (folder / f"s{index:04}.yaml").write_text(text.replace("XS-P-IMT-2027-0101", f"XS-P-IMT-2027-{index:04}"))


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_killed_run_leaves_no_partial_document(tmp_path, how):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    _many_students(source, 400)
    process = subprocess.Popen(
        [sys.executable, "-m", "sco_cli", "ito", "generate", str(source), "-o", str(out), "--as-of", AS_OF],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and len(list(out.glob("*.docx"))) >= 3):
        time.sleep(0.01)
    process.send_signal(how)
    process.wait(timeout=60)
    documents = list(out.glob("*.docx"))
    assert 3 <= len(documents) < 400, "the run finished before it could be interrupted"
    for document in documents:
        assert docx_text(document.read_bytes()).startswith("[header] CUI")  # every visible file is whole
    if how == signal.SIGTERM:
        assert process.returncode == 130
        assert list(out.glob(".sco-*")) == []  # the temporary file was removed too


def test_arrival_notice_states(sco):
    _, payload = sco.json("student", "check", str(STUDENTS / "arrival-notice-overdue.yaml"), "--as-of", "2026-11-20")
    assert [f["code"] for f in findings_of(payload)] == ["ITO008"]
    _, payload = sco.json("student", "check", str(STUDENTS / "arrival-notice-overdue.yaml"), "--as-of", "2026-11-21")
    assert [f["code"] for f in findings_of(payload)] == ["ITO010"]


def test_terminal_shows_summary_table_with_masked_passports():
    """On a terminal (a pseudo-terminal here) the check ends with the students table."""
    screen = on_terminal(["student", "check", str(STUDENTS), "--as-of", AS_OF], {**os.environ, "COLUMNS": "140"})
    assert "Students" in screen and "2 of 6 students ready for an ITO" in screen.replace("\x1b[1;36m", "").replace(
        "\x1b[0m", ""
    )
    assert "******937" in screen and "XS4821937" not in screen


def test_shared_ito_number_blocks_both_students(sco):
    folder = FIXTURES / "rules" / "ITO015" / "fail-shared"
    code, payload = sco.json("student", "check", str(folder), "--as-of", AS_OF)
    assert code == 1
    assert [f["facts"]["ito_blockers"] for f in payload["files"]] == [["ITO015"], ["ITO015"]]
    assert [f["facts"]["ito_ready"] for f in payload["files"]] == [False, False]


def _student_variant(tmp_path, old: str, new: str, name: str = "s.yaml") -> Path:
    text = (STUDENTS / "ready.yaml").read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new))
    return path


def test_vetting_blocks_only_us_funded_training(sco, tmp_path):
    """C2.1.6.7.4: HR vetting for U.S.-funded training. An FMS student on national funds is not held by ITO004;
    the same student on FMF is, and the finding says why."""
    unvetted = (
        "  human_rights_vetting:\n    status: approved\n    completed: 2026-11-03\n    reference: INVEST-XS-2026-0318\n"
    )
    national = _student_variant(tmp_path, unvetted, "", "national.yaml")
    national.write_text(
        national.read_text().replace(
            "program: imet\nfunding:\n  imet_fiscal_year: 2027\n", "program: fms\nfunding:\n  fms_case: XS-P-ABC\n"
        )
    )
    code, payload = sco.json("student", "check", str(national), "--config", str(OFFICE), "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["ito_ready"] is True, findings_of(payload)
    fmf = tmp_path / "fmf.yaml"
    fmf.write_text(national.read_text().replace("  fms_case: XS-P-ABC\n", "  fms_case: XS-P-ABC\n  source: FMF\n"))
    code, payload = sco.json("student", "check", str(fmf), "--config", str(OFFICE), "--as-of", AS_OF)
    itos = [f for f in findings_of(payload) if f["code"] == "ITO004"]
    assert code == 1 and itos and "U.S.-funded training (fmf)" in itos[0]["message"]


def test_ecl_waiver_lets_the_ito_go_ahead(sco, tmp_path):
    low = _student_variant(tmp_path, "    score: 84\n", "    score: 70\n", "low.yaml")
    code, payload = sco.json("student", "check", str(low), "--config", str(OFFICE), "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["ito_blockers"] == ["ITO002"]
    waived = tmp_path / "waived.yaml"
    waived.write_text(
        low.read_text().replace(
            "    score: 70\n",
            "    score: 70\n    waiver: {approved_by: USEUCOM J7, date: 2026-11-01, reference: ECL-W-1}\n",
        )
    )
    code, payload = sco.json("student", "check", str(waived), "--config", str(OFFICE), "--as-of", AS_OF)
    assert code == 0 and payload["files"][0]["facts"]["ito_ready"] is True


def test_unaccompanied_student_with_dependents_is_a_contradiction(sco, tmp_path):
    path = _student_variant(
        tmp_path,
        "  accompanied: false\n",
        "  accompanied: false\n  dependents:\n    - {name: A. Tamm, relationship: spouse}\n",
    )
    code, payload = sco.json("student", "check", str(path), "--config", str(OFFICE), "--as-of", AS_OF)
    assert code == 1
    assert [f["message"] for f in findings_of(payload) if f["code"] == "ITO013"] == [
        "the student is unaccompanied (`accompanied: false`) but 1 dependent is listed"
    ]


def test_wrong_course_or_arrival_dates_hold_the_ito(sco):
    """Issue 21: a course ending before it starts, or an arrival after the course starts, shuts the ITO gate
    (ITO018, a warning: SAMM states no rule, but the ITO would carry a wrong date)."""
    for name in ("fail-course-ends-before-it-starts.yaml", "fail-arrives-after-the-course-starts.yaml"):
        path = FIXTURES / "rules" / "ITO018" / name
        _, payload = sco.json("check", str(path), "--as-of", AS_OF)
        facts = payload["files"][0]["facts"]
        assert facts["ito_ready"] is False and facts["ito_blockers"] == ["ITO018"], name
    _, payload = sco.json("check", str(FIXTURES / "rules" / "ITO018" / "pass.yaml"), "--as-of", AS_OF)
    assert payload["files"][0]["facts"]["ito_ready"] is True


def test_check_names_what_the_ito_lacks_before_generate_refuses(sco, tmp_path):
    """Issue 19: a student without `us_equivalent_rank`, `sex` or `health_coverage` passed the check
    (`ito_ready: true`, no warning) while `sco ito generate` refused. The SAMM gate stays open; the
    document's gaps are facts and ITO019 warnings of their own, the same items the refusal names."""
    text = (STUDENTS / "ready.yaml").read_text()
    text = text.replace("us_equivalent_rank: O-3\n", "").replace("sex: F\n", "")
    text = text.replace(
        "health_coverage:\n  source: grant_program\n  reference: IMET medical coverage, FY2027 program\n", ""
    )
    path = tmp_path / "s.yaml"
    path.write_text(text)
    code, payload = sco.json("student", "check", str(path), "--config", str(OFFICE), "--as-of", AS_OF)
    facts = payload["files"][0]["facts"]
    assert code == 0 and facts["ito_ready"] is True and facts["ito_blockers"] == []
    gaps = facts["ito_document_gaps"]
    assert gaps == [
        "6.b: sex (`sex`)",
        "6.d: U.S. equivalent rank (`us_equivalent_rank`)",
        "13: health-care coverage (`health_coverage: source`, SAMM C10.9)",
    ]
    warned = [(f["code"], f["severity"], f["field"]) for f in findings_of(payload)]
    assert warned == [
        ("ITO019", "warning", "sex"),
        ("ITO019", "warning", "us_equivalent_rank"),
        ("ITO019", "warning", "health_coverage.source"),
    ]
    result = sco("ito", "generate", str(path), "-o", str(tmp_path / "out"), "--config", str(OFFICE), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert [line.strip() for line in result.stderr.splitlines()[1:4]] == gaps
    draft = tmp_path / "draft"
    args = ["-o", str(draft), "--format", "md", "--draft", "--config", str(OFFICE), "--as-of", AS_OF]
    assert sco("ito", "generate", str(path), *args).exit_code == 1  # a draft is not ready to send
    assert "**[GAP: 6.b: sex (\\`sex\\`)]**" in next(draft.iterdir()).read_text()


def test_manual_ito_lacking_its_issuing_official_is_a_warning_of_the_check(sco, tmp_path):
    path = manual_student(tmp_path)
    path.write_text(
        path.read_text().replace("  issuing_official: COL Jane Rivera, Chief, Office of Defense Cooperation\n", "")
    )
    code, payload = sco.json("student", "check", str(path), "--config", str(OFFICE), "--as-of", AS_OF)
    assert code == 0 and payload["files"][0]["facts"]["ito_document_gaps"] == [
        "the issuing official (`ito: issuing_official`)"
    ]
    [finding] = findings_of(payload)
    assert (finding["code"], finding["field"]) == ("ITO019", "ito.issuing_official")
    assert finding["message"] == "the manual ITO needs the issuing official (`ito: issuing_official`)"
    out = tmp_path / "out"
    result = sco("ito", "generate", str(path), "-o", str(out), "--manual", "--config", str(OFFICE), "--as-of", AS_OF)
    assert result.exit_code == 1 and "the issuing official (`ito: issuing_official`)" in result.stderr


def test_student_table_shows_the_gate_and_the_document_gaps(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text((STUDENTS / "ready.yaml").read_text().replace("sex: F\n", ""))
    args = ["student", "check", str(path), str(STUDENTS / "vetting-late.yaml"), "--config", str(OFFICE)]
    screen = re.sub(r"\x1b\[[0-9;]*m", "", on_terminal([*args, "--as-of", AS_OF], {**os.environ, "COLUMNS": "160"}))
    assert "Document gaps" in screen and "Blockers" in screen
    row = next(line for line in screen.splitlines() if "TAMM" in line)
    assert "yes" in row and "sex" in row  # ready by the SAMM gate, and the form still lacks the sex
    assert "1 of 2 students ready for an ITO; 1 lacking items the ITO document prints (ITO019)" in screen
