"""The exported JSON Schemas accept exactly what the loader accepts, so an editor agrees with `sco check`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from sco_cli.app.catalogue import schema_files, schemas
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


# Issue 19 point 5: the schemas as real clients read them (check-jsonschema, ajv, the YAML language server).


def _check_jsonschema(*args: object) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "check-jsonschema"), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schemas")
    for path, text in schema_files(folder).items():
        path.write_text(text)
    return folder


def test_every_exported_schema_passes_the_metaschema_check(exported):
    files = sorted(exported.glob("*.schema.json"))
    assert len(files) == len(SCHEMAS)
    for path in files:
        done = _check_jsonschema("--check-metaschema", path)
        assert done.returncode == 0, done.stdout + done.stderr


def _all(node: Any, key: str) -> list[Any]:
    if isinstance(node, list):
        return [found for item in node for found in _all(item, key)]
    if not isinstance(node, dict):
        return []
    here = [node[key]] if key in node and not isinstance(node[key], dict) else []
    return (
        here
        + [found for name, value in node.items() if name != "properties" for found in _all(value, key)]
        + [found for value in (node.get("properties") or {}).values() for found in _all(value, key)]
    )


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_pattern_is_ecma_262_with_the_unicode_flag(kind):
    """ajv (strict) and editors compile patterns as JavaScript `new RegExp(p, "u")`: `regress`, the
    ECMA-262 engine check-jsonschema uses, with the same flag. Python's `\\ ` and `\\-` are refused."""
    import regress

    patterns = _all(SCHEMAS[kind], "pattern")
    assert patterns
    for pattern in patterns:
        regress.Regex(pattern, "u")  # raises on a pattern JavaScript refuses
    with pytest.raises(regress.RegressError):
        regress.Regex("^FMS\\ Credit\\-x$", "u")  # what re.escape used to write


def test_limits_are_minimum_and_maximum_and_an_editor_sees_them(exported, tmp_path):
    for kind, schema in SCHEMAS.items():
        assert not _all(schema, "ge") and not _all(schema, "le"), kind
    office = tmp_path / "sco.yaml"
    office.write_text("kind: office\ncountry: X\nthresholds:\n  foreign_clearance_lead_days: -5\n")
    done = _check_jsonschema("--schemafile", exported / "office.schema.json", office)
    assert done.returncode == 1 and "foreign_clearance_lead_days: -5 is less than the minimum of 0" in done.stdout


def test_known_values_are_offered_only_on_their_own_fields():
    """The review tags were one branch of every list of texts (course titles offered `manpads`)."""
    for kind, schema in SCHEMAS.items():
        text = json.dumps(schema)
        assert text.count('"manpads"') == (1 if kind == "lor" else 0), kind
        assert text.count('"air_force"') <= 1, kind


def test_an_error_in_an_optional_object_names_the_field_not_the_object(exported, tmp_path):
    student = (EXAMPLES / "students" / "ready.yaml").read_text()
    assert "exam_date: 2026-10-06" in student
    bad = tmp_path / "student.yaml"
    bad.write_text(student.replace("exam_date: 2026-10-06", "exam_date: last week"))
    done = _check_jsonschema("--schemafile", exported / "student.schema.json", bad)
    assert done.returncode == 1
    assert "$.screening.medical.exam_date: 'last week' does not match" in done.stdout
    assert "chest_xray" not in done.stdout  # the rest of the screening (medical results) is not printed
    good = _check_jsonschema("--schemafile", exported / "student.schema.json", EXAMPLES / "students" / "ready.yaml")
    assert good.returncode == 0, good.stdout


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_check_jsonschema_accepts_every_example_and_passing_fixture(exported, kind):
    files = [path for path in _files_that_load() if str(_data(path)["kind"]).strip().lower() == kind]
    if not files:
        pytest.skip(f"no example or passing fixture of kind {kind}")
    done = _check_jsonschema("--schemafile", exported / f"{kind}.schema.json", *files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_init_tells_the_editor_which_schema_each_file_takes(sco, tmp_path):
    import fnmatch

    target = tmp_path / "office"
    assert sco("init", str(target)).exit_code == 0
    mapping = json.loads((target / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    assert len(mapping) == len(SCHEMAS)
    samples = [path.relative_to(target).as_posix() for path in target.rglob("*.yaml")]
    for schema, globs in mapping.items():
        assert (target / schema).is_file()
        kind = json.loads((target / schema).read_text())["title"].removeprefix("sco ").removesuffix(" file")
        matching = [p for p in samples for g in globs if fnmatch.fnmatch(p, g.replace("**/", ""))]
        assert matching and all(str(_data(target / p)["kind"]) == kind for p in matching), (schema, matching)
    (target / ".vscode" / "settings.json").write_text('{"editor.tabSize": 2}\n')  # the office's own
    assert sco("init", str(target), "--force").exit_code == 0
    assert (target / ".vscode" / "settings.json").read_text() == '{"editor.tabSize": 2}\n'


# ajv, the JSON Schema validator of JavaScript editors and web tools, in strict mode. tests/js pins it
# (package-lock.json); `.ci/run` installs it with `npm ci` and sets SCO_REQUIRE_AJV, so in CI a missing
# Node or ajv fails these tests. On a machine without them they are skipped and say how to get them.

JS = Path(__file__).resolve().parents[1] / "js"


def _ajv_missing() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed (ajv runs on Node 18 or later)"
    if not (JS / "node_modules" / "ajv" / "package.json").is_file():
        return f"ajv is not installed: run `npm ci --prefix {JS}`"
    return None


@pytest.fixture(scope="module")
def ajv(tmp_path_factory):
    """`ajv(folder, documents)`: tests/js/ajv_check.mjs's report on the schemas in `folder` (each
    compiled in strict mode, each pattern as `new RegExp(p, "u")`) and on the documents validated."""
    missing = _ajv_missing()
    if missing:
        if os.environ.get("SCO_REQUIRE_AJV"):
            pytest.fail(f"SCO_REQUIRE_AJV is set but {missing}")
        pytest.skip(missing)
    requests = tmp_path_factory.mktemp("ajv")

    def run(folder: Path, documents: list[dict[str, Any]]) -> dict[str, Any]:
        request = requests / f"request-{len(list(requests.iterdir()))}.json"
        request.write_text(json.dumps({"documents": documents}))
        command = [str(shutil.which("node")), str(JS / "ajv_check.mjs"), str(folder), str(request)]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        report: dict[str, Any] = json.loads(done.stdout)
        return report

    return run


def _document(path: Path) -> dict[str, Any]:
    data = _data(path)
    return {"kind": str(data["kind"]).strip().lower(), "name": str(path.relative_to(EXAMPLES.parent)), "data": data}


def test_ajv_strict_mode_compiles_every_exported_schema(exported, ajv):
    report = ajv(exported, [])["schemas"]
    assert sorted(report) == sorted(SCHEMAS)
    failed = {kind: (done["error"], done["warnings"]) for kind, done in report.items() if not done["compiled"]}
    assert failed == {}
    assert [done["warnings"] for done in report.values()] == [[]] * len(SCHEMAS)


def test_every_pattern_compiles_as_a_javascript_regexp_with_the_unicode_flag(exported, ajv):
    report = ajv(exported, [])["schemas"]
    for kind, schema in SCHEMAS.items():
        checked = [entry["pattern"] for entry in report[kind]["patterns"]]
        assert sorted(checked) == sorted(_all(schema, "pattern")), kind  # every pattern, no fewer
        assert [entry for entry in report[kind]["patterns"] if entry["error"]] == [], kind


def test_ajv_check_refuses_what_strict_mode_and_javascript_refuse(ajv, tmp_path):
    """The check can fail: an unknown keyword, a pattern on a field of no declared type, a Python-only
    escape, each as the generator once wrote them."""
    draft = "https://json-schema.org/draft/2020-12/schema"
    bad = {
        "ge": {"type": "object", "properties": {"days": {"type": "integer", "ge": 0}}},
        "untyped": {"type": "object", "properties": {"term": {"pattern": "^FMS$"}}},
        "escape": {"type": "object", "properties": {"term": {"type": "string", "pattern": "^FMS\\ Credit\\-x$"}}},
    }
    for name, schema in bad.items():
        (tmp_path / f"{name}.schema.json").write_text(json.dumps({"$schema": draft, **schema}))
    report = ajv(tmp_path, [])["schemas"]
    assert 'unknown keyword: "ge"' in report["ge"]["error"]
    assert 'missing type "string" for keyword "pattern"' in report["untyped"]["error"]
    assert "Invalid escape" in report["escape"]["patterns"][0]["error"] and not report["escape"]["compiled"]


def test_ajv_accepts_every_example_and_passing_fixture(exported, ajv):
    documents = [_document(path) for path in _files_that_load()]
    assert {document["kind"] for document in documents} == set(SCHEMAS)
    refused = {done["name"]: done["errors"] for done in ajv(exported, documents)["documents"] if not done["valid"]}
    assert refused == {}


def _ajv_errors(ajv, exported, path: Path, change) -> list[dict[str, Any]]:
    document = _document(path)
    change(document["data"])
    (done,) = ajv(exported, [document])["documents"]
    assert not done["valid"]
    errors: list[dict[str, Any]] = done["errors"]
    return errors


def test_ajv_names_the_wrong_field_in_an_optional_object_never_the_objects_around_it(exported, ajv):
    """Issue 19 point 5: with `anyOf: [X, null]` or `if null / else X` around each optional object,
    ajv also reported `/screening/medical` and `/screening` for a wrong exam date."""

    def wrong_exam_date(data):
        data["screening"]["medical"]["exam_date"] = "last week"

    errors = _ajv_errors(ajv, exported, EXAMPLES / "students" / "ready.yaml", wrong_exam_date)
    assert {error["instancePath"] for error in errors} == {"/screening/medical/exam_date"}

    def nothing_screened(data):
        data["screening"] = None
        data["passport"] = "XS4821937"

    errors = _ajv_errors(ajv, exported, EXAMPLES / "students" / "ready.yaml", nothing_screened)
    assert {error["instancePath"] for error in errors} == {"/passport"}  # an optional object may be null


def test_ajv_offers_a_fields_own_values_only_and_on_that_field(exported, ajv):
    def vetting_maybe(data):
        data["screening"]["human_rights_vetting"]["status"] = "maybe"

    errors = _ajv_errors(ajv, exported, EXAMPLES / "students" / "ready.yaml", vetting_maybe)
    assert {error["instancePath"] for error in errors} == {"/screening/human_rights_vetting/status"}
    (offered,) = [error["params"]["allowedValues"] for error in errors if error["keyword"] == "enum"]
    assert offered == ["not_started", "submitted", "pending", "approved", "denied", "suspended"]

    def odd_request(data):
        data["request_type"] = "gift"
        data["items"][0]["description"] = "manpads"  # a review tag is no enumeration of free text

    errors = _ajv_errors(ajv, exported, EXAMPLES / "lor-complete.yaml", odd_request)
    assert {error["instancePath"] for error in errors} == {"/request_type"}
    (offered,) = [error["params"]["allowedValues"] for error in errors if error["keyword"] == "enum"]
    assert offered == ["loa", "pa", "loa_amendment", "loa_modification"]


class _Inner(BaseModel):
    x: int


class _Outer(BaseModel):
    required: _Inner
    optional: _Inner | None = None


def test_an_object_optional_in_one_place_stays_required_in_another():
    """The object an optional field refers to takes null; where the same object is required, the
    reference says `type: object` and null is still refused."""
    from sco_cli.app.catalogue import _nullable_objects

    validator = Draft202012Validator(_nullable_objects(_Outer.model_json_schema()))
    assert list(validator.iter_errors({"required": {"x": 1}, "optional": None})) == []
    assert [e.json_path for e in validator.iter_errors({"required": None})] == ["$.required"]
    assert [e.json_path for e in validator.iter_errors({"required": {"x": 1}, "optional": {"x": "a"}})] == [
        "$.optional.x"
    ]
