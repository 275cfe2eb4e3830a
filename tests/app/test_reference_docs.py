"""The pages under docs/rules/ and docs/formats/ are generated from the registry and the models; a page
that no longer says what the code does fails here, with the command that rewrites it."""

from __future__ import annotations

import json
from pathlib import Path

from sco_cli.app import reference_docs
from sco_cli.app.catalogue import all_rules
from tests.helpers import ROOT, Sco


def test_generated_pages_are_up_to_date():
    stale = reference_docs.stale(ROOT / "docs")
    assert not stale, (
        f"{len(stale)} generated page(s) under docs/ are stale ({', '.join(stale[:5])}); "
        f"regenerate with `{reference_docs.REGENERATE}` and commit the result"
    )


def test_a_changed_removed_or_missing_page_is_found(tmp_path: Path):
    reference_docs.write(tmp_path)
    assert reference_docs.stale(tmp_path) == []
    (tmp_path / "rules" / "LOR005.md").write_text("old text\n")
    (tmp_path / "rules" / "XYZ999.md").write_text("a rule that is gone\n")
    (tmp_path / "formats" / "lor.md").unlink()
    assert sorted(reference_docs.stale(tmp_path)) == ["formats/lor.md", "rules/LOR005.md", "rules/XYZ999.md"]
    assert sorted(reference_docs.write(tmp_path)) == ["formats/lor.md", "rules/LOR005.md", "rules/XYZ999.md"]
    assert not (tmp_path / "rules" / "XYZ999.md").exists() and reference_docs.stale(tmp_path) == []


def test_one_page_per_rule_with_what_why_severity_source_and_examples():
    for code, rule in all_rules().items():
        page = (ROOT / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8")
        for part in (rule.title, rule.why, f"| severity | {rule.severity} |", rule.fails, rule.passes):
            assert part in page
        assert f"[{code}]({code}.md)" in (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")


def test_format_pages_list_fields_in_words_not_schema():
    page = (ROOT / "docs" / "formats" / "lor.md").read_text(encoding="utf-8")
    assert "| `items[].quantity` | whole number (>= 1, <= 1000000000000) |  | How many. |" in page
    assert "| `funding` | one of: `national`, `fmf`, `other` (any case) |" in page
    assert "| `date` | date (YYYY-MM-DD) |" in page
    assert "money (whole US dollars" in page and "## Example (`examples/lor-complete.yaml`)" in page
    assert "pattern" not in page and "$ref" not in page and "^\\s*" not in page
    assert "| `waivers[].rule` |" in page  # every kind may carry waivers


def test_schema_fields_prints_the_same_list(sco: Sco):
    result = sco("schema", "fields", "student")
    assert result.exit_code == 0
    assert "* name.surname" in result.stdout and "Surname exactly as in the passport" in result.stdout
    assert "pattern" not in result.stdout
    wrong = sco("schema", "fields", "studnet")
    assert wrong.exit_code == 2 and "did you mean 'student'?" in wrong.stderr


def test_unknown_field_hint_points_at_the_field_list(sco: Sco, tmp_path: Path):
    path = tmp_path / "lor.yaml"
    path.write_text("kind: lor\nzzzz: 1\n")
    result = sco("check", path, "--format", "json")
    hints = [f["hint"] for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    assert "remove it, or see the fields with `sco schema fields lor`" in hints
    assert not any("schema export" in hint for hint in hints)
