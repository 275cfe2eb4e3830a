"""`sco brief`: the office on one page, from one pipeline run; every line names the command with the
detail, and no personal value appears."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES, Sco, docx_text, golden


def test_brief_text_answers_the_monday_question(sco: Sco):
    result = sco("brief", EXAMPLES, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for title in (
        "Students",
        "Deadlines: overdue and the next 30 days",
        "LORs and cases waiting",
        "End-use monitoring",
        "Javits and forecast",
        "Waivers expired or expiring within 30 days",
    ):
        assert f"\n{title}\n" in text
    assert "ITO XS-P-IMT-2027-0102 blocked: ITO003 Medical statement valid for the ITO" in text
    assert "OVERDUE: Arrival notice due to the IMSO" in text
    assert "CAV expected 2027-03-15 to 2027-09-15" in text
    assert "next budget-cycle milestone 2026-12-15" in text
    assert "purchaser signature before the OED" in text


def test_every_line_names_its_command_and_json_matches_text(sco: Sco):
    code, payload = sco.json("brief", EXAMPLES, "--as-of", AS_OF)
    assert code == 0 and payload["report"] == "brief" and payload["as_of"] == AS_OF
    lines = [line for section in payload["sections"] for line in section["lines"]]
    assert len(lines) >= 10
    known = (
        "sco student check",
        "sco calendar",
        "sco lor check",
        "sco case status",
        "sco eum check",
        "sco javits report",
        "sco forecast report",
        "sco waivers list",
    )
    assert all(line["detail"].startswith(known) for line in lines)
    text = sco("brief", EXAMPLES, "--as-of", AS_OF).stdout
    assert all(line["text"] in text for line in lines)
    markdown = sco("brief", EXAMPLES, "--as-of", AS_OF, "-f", "md").stdout
    assert markdown.startswith("**CUI**")  # a document: the office's marking and designation block
    assert "# Office brief: Republic of Examplestan" in markdown and "## Students" in markdown
    shown = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", markdown)  # unescaped: a path may hold `_`
    assert all(line["detail"] in shown for line in lines)


def test_no_personal_value_in_any_format(sco: Sco, tmp_path: Path):
    personal = set()
    for path in (EXAMPLES / "students").glob("*.yaml"):
        text = path.read_text()
        personal |= set(re.findall(r"passport_number: *['\"]?(\w+)", text))
        personal |= set(re.findall(r"date_of_birth: *(\S+)", text))
    assert personal
    for fmt in ("text", "md", "json"):
        out = sco("brief", EXAMPLES, "--as-of", AS_OF, "-f", fmt).stdout
        assert not [value for value in personal if value in out], fmt
    word = tmp_path / "brief.docx"
    assert sco("brief", EXAMPLES, "--as-of", AS_OF, "-o", word).exit_code == 0
    assert not [value for value in personal if value in docx_text(word.read_bytes())]


def test_brief_defaults_to_the_current_folder_and_lists_expiring_waivers(
    sco: Sco, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    office = tmp_path / "office"
    shutil.copytree(EXAMPLES, office)
    with (office / "lor-flawed.yaml").open("a") as handle:
        handle.write("waivers:\n  - rule: LOR002\n    reason: r\n    approved_by: COL X\n    expires: 2026-12-10\n")
    monkeypatch.chdir(office)
    text = sco("brief", "--as-of", AS_OF).stdout
    assert "LOR002 (./lor-flawed.yaml:" in text and "expires 2026-12-10" in text
    assert text == sco("brief", ".", "--as-of", AS_OF).stdout.replace(
        "(`sco waivers list .`)", "(`sco waivers list .`)"
    )
    out = office / "brief.md"
    assert sco("brief", "--as-of", AS_OF, "-o", out).exit_code == 0 and out.read_text().startswith("**CUI**")
    assert "# Office brief: Republic of Examplestan" in out.read_text()
    assert sco("brief", "--as-of", AS_OF, "-o", out).exit_code == 2  # never replaced without --force
    json.loads(sco("brief", "--as-of", AS_OF, "-f", "json").stdout)


def test_brief_as_word_is_an_office_document(sco: Sco, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Through the one document-writing flow: the office's marking in header and footer, the designation
    block, a heading per section and a table of items with the command giving each one's detail."""
    monkeypatch.chdir(EXAMPLES.parent)
    out = tmp_path / "brief.docx"
    result = sco("brief", "examples", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    text = docx_text(out.read_bytes())
    golden("brief.txt", text)
    assert text.startswith("[header] CUI\nOffice brief: Republic of Examplestan\n")
    assert "Item | Detail" in text and text.endswith("[footer] CUI\n")
    assert sco("brief", "examples", "-o", out, "--as-of", AS_OF).exit_code == 2  # never over a file without --force
    assert sco("brief", "examples", "-f", "docx", "--as-of", AS_OF).exit_code == 2  # Word needs -o


def test_brief_takes_the_document_marking_of_its_own(sco: Sco, tmp_path: Path):
    """As every document: `--cui-category`/`--dissemination` for one run, `cui: documents: brief:` in sco.yaml."""
    out = tmp_path / "brief.md"
    chosen = ("--cui-category", "PRVCY/PROPIN", "--dissemination", "NOFORN")
    assert sco("brief", EXAMPLES, "--as-of", AS_OF, "-o", out, *chosen).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "CUI Category: PRVCY/PROPIN" in text and "Distribution/Dissemination Control: NOFORN" in text
