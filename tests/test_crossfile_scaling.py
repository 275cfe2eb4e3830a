"""Cross-file rules grow with the batch, not with its square (issue 13 point 1)."""

from __future__ import annotations

from tests.helpers import AS_OF, EXAMPLES, findings_of


def test_a_message_names_ten_files_and_counts_the_rest(sco, tmp_path):
    """13 copies of one student file: each finding names 10 of the 12 others and counts 2, so
    8,000 copies would give 8,000 one-line findings, not 8,000 lists of 7,999 names."""
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    for i in range(13):
        (tmp_path / f"student-{i:02}.yaml").write_text(text)
    code, payload = sco.json("student", "check", str(tmp_path), "--as-of", AS_OF)
    assert code == 1
    messages = [f["message"] for f in findings_of(payload) if f["code"] == "ITO015"]
    assert len(messages) == 13
    first = str(tmp_path / "student-00.yaml")
    others = ", ".join(str(tmp_path / f"student-{i:02}.yaml") for i in range(1, 11))
    assert messages[0] == f"ITO XS-P-IMT-2027-0101 is also recorded for {others} and 2 more"
    assert first not in messages[0] and all(first in m for m in messages[1:])


def test_an_lor_missing_from_a_split_register_names_ten_register_files(sco, tmp_path):
    register = (EXAMPLES / "forecast.yaml").read_text()
    for i in range(12):
        (tmp_path / f"forecast-{i:02}.yaml").write_text(register.replace("F-0", f"F-{i:02}-"))
    (tmp_path / "lor.yaml").write_text((EXAMPLES / "lor-flawed.yaml").read_text())
    code, payload = sco.json("check", str(tmp_path), "--as-of", AS_OF)
    assert code == 1
    [message] = [f["message"] for f in findings_of(payload) if f["code"] == "FCS003"]
    named = ", ".join(f"{tmp_path / f'forecast-{i:02}.yaml'}:5" for i in range(10))
    assert message == f"LOR XS-LOR-2026-021 has no entry in the forecast register ({named} and 2 more)"
