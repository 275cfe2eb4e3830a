"""The exported JSON Schemas accept exactly what the loader accepts, so an editor agrees with `sco check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from sco_cli.app.catalogue import schemas
from sco_cli.core.loader import load_path
from tests.helpers import AS_OF, EXAMPLES, FIXTURES

SCHEMAS = schemas()


def _data(path: Path) -> dict[str, Any]:
    loaded = load_path(path)
    assert loaded.ok and isinstance(loaded.data, dict), path
    return loaded.data


def _schema_errors(path: Path) -> list[str]:
    data = _data(path)
    schema = SCHEMAS[str(data["kind"]).strip().lower()]
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)
    ]


def _files_that_load() -> list[Path]:
    examples = [p for p in EXAMPLES.rglob("*.yaml") if "flawed" not in p.name]  # lor-flawed is wrong on purpose
    passing = [p for p in (FIXTURES / "rules").rglob("pass*.yaml") if "GEN" not in p.parts[-2]]
    passing += [p for d in (FIXTURES / "rules").glob("*/pass*") if d.is_dir() for p in d.glob("*.yaml")]
    return sorted(examples + passing)


@pytest.mark.parametrize("path", _files_that_load(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_example_and_passing_fixture_fits_its_schema(path):
    assert _schema_errors(path) == []


def test_the_schema_refuses_what_the_loader_refuses(tmp_path):
    bad = tmp_path / "lor.yaml"
    bad.write_text("kind: lor\nid: X\ndate: 2026-02-3\nfunding: barter\nitems:\n  - quantity: lots\n")
    errors = _schema_errors(bad)
    assert any(e.startswith("date:") for e in errors) and any(e.startswith("funding:") for e in errors)
    assert any(e.startswith("items.0.quantity:") for e in errors)
    spelled = tmp_path / "lor2.yaml"
    spelled.write_text("kind: LOR\nid: 00420101\nfunding: FMF\ndesign_construction_usd: $2,500,000\n")
    assert _schema_errors(spelled) == []


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            if key != "properties":
                found += _properties(value, f"{where}/{key}")
            else:
                for name, prop in value.items():
                    found += _properties(prop, f"{where}.{name}")
    elif isinstance(node, list):
        for item in node:
            found += _properties(item, where)
    return found


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_field_is_described(kind):
    undescribed = [where for where, prop in _properties(SCHEMAS[kind]) if not prop.get("description")]
    assert undescribed == []


def test_enumerations_are_enums_editors_can_complete():
    lor = SCHEMAS["lor"]
    request = json.dumps(lor["properties"]["request_type"])
    assert '"enum": ["loa", "pa", "loa_amendment", "loa_modification"]' in request
    # lists an office may extend, and free text with usual values: offered to editors, not imposed
    agency = lor["properties"]["implementing_agency"]
    tags = lor["$defs"]["Item"]["properties"]["unique_review"]["items"]
    term = lor["properties"]["term_of_sale"]
    assert '"enum": ["air_force", "army",' in json.dumps(agency) and '"nvd"' in json.dumps(tags)
    assert '"FMS Credit (Non-Repayable)"' in json.dumps(term)  # SAMM Table C9.T12
    for schema, value in ((agency, "NAVY"), (agency, "coast_guard"), (tags, "an_office_tag"), (term, "Balance")):
        jsonschema.validate(value, schema)


def test_init_modelines_work_from_sub_folders(sco, tmp_path):
    target = tmp_path / "office"
    assert sco("init", str(target)).exit_code == 0
    for path in target.rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: {schema}"
    assert (target / "students" / "ready.yaml").is_file()
    _, payload = sco.json("check", str(target), "--as-of", AS_OF)
    assert payload["summary"]["errors"] == 0


def test_init_never_replaces_an_office_file_even_with_force(sco, tmp_path):
    """Issue 19 point 4: `sco init --force` in an existing office (to refresh the schemas) overwrote the
    office's own forecast, budget and EUM files with the samples."""
    target = tmp_path / "office"
    assert sco("init", str(target)).exit_code == 0
    office = target / "sco.yaml"
    office.write_text(office.read_text().replace("Republic of Examplestan", "Republic of Ourland"))
    forecast = target / "forecast.yaml"
    forecast.write_text(forecast.read_text() + "# our own note\n")
    budget = target / "budget-fmf.yaml"
    budget.write_text("kind: budget\n")  # broken, but the office's
    untouched = target / "eum.yaml"
    sample = untouched.read_text()
    untouched.write_text(sample.split("\n", 1)[1])  # the sample without its schema line
    schema = target / ".sco" / "schema" / "lor.schema.json"
    schema.write_text("{}")  # an old schema: sco's own, refreshed
    (target / "training-plan.yaml").unlink()  # missing: written again

    for args in ((), ("--force",)):
        result = sco("init", str(target), *args)
        assert result.exit_code == 0, result.output
        assert "Republic of Ourland" in office.read_text()
        assert forecast.read_text().endswith("# our own note\n")
        assert budget.read_text() == "kind: budget\n"
        for path in (office, forecast, budget):
            assert f"left alone {path}" in result.stdout
        assert json.loads(schema.read_text()).get("title") == "sco lor file"
        assert (target / "training-plan.yaml").is_file()
    # only with --force, and only because it was exactly the shipped sample, eum.yaml became the sample again
    assert untouched.read_text() == sample


def test_init_in_a_folder_with_one_file_already_there_writes_the_rest(sco, tmp_path):
    target = tmp_path / "office"
    target.mkdir()
    (target / "forecast.yaml").write_text("kind: forecast\ncountry: mine\n")
    result = sco("init", str(target))
    assert result.exit_code == 0 and f"left alone {target / 'forecast.yaml'}" in result.stdout
    assert (target / "forecast.yaml").read_text() == "kind: forecast\ncountry: mine\n"
    assert (target / "sco.yaml").is_file() and (target / "lor-complete.yaml").is_file()


def test_init_leaves_a_link_alone_even_a_dangling_one(sco, tmp_path):
    target = tmp_path / "office"
    target.mkdir()
    (target / "eum.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert sco("init", str(target), "--force").exit_code == 0
    assert (target / "eum.yaml").is_symlink() and not (tmp_path / "nowhere.yaml").exists()


def test_schema_export_checks_every_target_before_writing(sco, tmp_path):
    (tmp_path / "lor.schema.json").write_text("{}")
    result = sco("schema", "export", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lor.schema.json"]
