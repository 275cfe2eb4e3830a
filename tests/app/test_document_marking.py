"""The marking per document (issue 22 point 5): the office's `cui:` block is the default, a document type
sets its own lines under `cui: documents:`, one command its category and control; the later word wins."""

from __future__ import annotations

import re

from sco_cli.app.templates import DOCUMENTS
from sco_cli.core.cui import document_name
from sco_cli.core.office import DOCUMENT_NAMES
from tests.helpers import AS_OF, EXAMPLES, findings_of

OFFICE = (
    "kind: office\ncountry: Republic of Examplestan\ncountry_code: XS\norganization: ODC Exampleville\n"
    "cui:\n  category: PRVCY\n  dissemination: FEDCON\n  poc: COL Jane Rivera, odc@example.org\n"
    "  documents:\n    javits:\n      category: PROPIN\n      controlled_by: ODC Exampleville, FMS section\n"
)


def _designation(path):
    text = path.read_text()
    return dict(
        re.findall(r"^(Controlled by|CUI Category|Distribution/Dissemination Control|POC): (.*?)\\?$", text, re.M)
    )


def test_every_document_type_has_a_name_in_sco_yaml():
    assert sorted(DOCUMENT_NAMES) == sorted(document_name(template) for template in DOCUMENTS)


def test_every_document_command_takes_its_own_category_and_control(sco):
    commands = {tuple(re.findall(r"(?<!-)\b[a-z]+\b", DOCUMENTS[t].command.split(" --")[0]))[1:] for t in DOCUMENTS}
    assert len(commands) == 10
    for words in sorted(commands):
        shown = sco(*words, "--help")
        assert shown.exit_code == 0 and "--cui-category" in shown.stdout and "--dissemination" in shown.stdout, words


def test_a_document_type_sets_its_own_lines_and_a_command_its_own(sco, tmp_path):
    office = tmp_path / "sco.yaml"
    office.write_text(OFFICE)
    register = tmp_path / "forecast.yaml"
    register.write_text((EXAMPLES / "forecast.yaml").read_text())
    common = ("--as-of", AS_OF, "--config", office)
    assert sco("javits", "report", register, "-o", tmp_path / "javits.md", *common).exit_code == 0
    assert sco("forecast", "report", register, "-o", tmp_path / "forecast.md", *common).exit_code == 0
    javits, forecast = _designation(tmp_path / "javits.md"), _designation(tmp_path / "forecast.md")
    assert javits == {
        "Controlled by": "ODC Exampleville, FMS section",
        "CUI Category": "PROPIN",
        "Distribution/Dissemination Control": "FEDCON",
        "POC": "COL Jane Rivera, odc@example.org",
    }
    assert forecast["CUI Category"] == "PRVCY" and forecast["Controlled by"] == "ODC Exampleville"
    # one command's word beats the document type's and the office's, for that run only
    chosen = ("--cui-category", "PRVCY/PROPIN", "--dissemination", "NOFORN")
    assert sco("javits", "report", register, "-o", tmp_path / "j2.md", *common, *chosen).exit_code == 0
    again = _designation(tmp_path / "j2.md")
    assert again["CUI Category"] == "PRVCY/PROPIN" and again["Distribution/Dissemination Control"] == "NOFORN"
    assert again["Controlled by"] == "ODC Exampleville, FMS section"
    # inside the U.S. Government, any control is the office's choice; a control is text on one line
    for bad in ("", "   ", "FEDCON\nNOFORN"):
        refused = sco("javits", "report", register, "-o", tmp_path / "j3.md", *common, "--dissemination", bad)
        assert refused.exit_code == 2 and "--dissemination: give the marking as plain text" in refused.stderr


def test_a_misspelt_document_type_is_one_finding_with_the_name_meant(sco, tmp_path):
    office = tmp_path / "sco.yaml"
    office.write_text(OFFICE.replace("    javits:", "    javit:"))
    code, payload = sco.json("check", office, "--as-of", AS_OF)
    (finding,) = [f for f in findings_of(payload) if f["code"] != "CUI001"]  # FEDCON: the letter's warning
    assert code == 1 and finding["code"] == "GEN008" and "'javit'" in finding["message"]
    assert "javits" in finding["hint"]
