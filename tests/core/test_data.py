"""Shipped data: the JSON twins under sco_cli/data/compiled/ must say what the YAML files say, and a
stale or broken twin must never be used in place of its YAML file."""

from __future__ import annotations

import shutil
import zlib

import pytest

from sco_cli.core import data
from sco_cli.core.loader import load_path

SOURCES = sorted(data.DATA_DIR.glob("*.yaml"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_every_shipped_file_has_a_current_twin_with_the_same_data(source):
    import json

    twin = json.loads((data.COMPILED_DIR / f"{source.stem}.json").read_text(encoding="utf-8"))
    assert twin["source_crc32"] == zlib.crc32(source.read_bytes()), (
        f"{source.name} changed: run `python -m sco_cli.core.data` to rewrite its twin"
    )
    assert twin["data"] == load_path(source).data


@pytest.fixture
def copied(tmp_path, monkeypatch):
    shutil.copytree(data.DATA_DIR, tmp_path / "data")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "data")
    monkeypatch.setattr(data, "COMPILED_DIR", tmp_path / "data" / "compiled")
    data.shipped.cache_clear()
    yield tmp_path / "data"
    data.shipped.cache_clear()


def test_an_edited_yaml_file_is_read_not_its_stale_twin(copied):
    source = copied / "agencies.yaml"
    source.write_text(source.read_text() + "\nedited_after_compiling: yes\n")
    assert data.shipped("agencies")["edited_after_compiling"] == "yes"


@pytest.mark.parametrize("twin_text", ["", "{not json", '{"data": {}}', '["a list"]'])
def test_a_broken_or_missing_twin_falls_back_to_the_yaml(copied, twin_text):
    (copied / "compiled" / "review_tags.json").write_text(twin_text)
    assert data.shipped("review_tags") == load_path(copied / "review_tags.yaml").data
    (copied / "compiled" / "review_tags.json").unlink()
    data.shipped.cache_clear()
    assert data.shipped("review_tags") == load_path(copied / "review_tags.yaml").data


def test_compiling_refuses_data_json_would_change(copied):
    (copied / "odd.yaml").write_text("limit: .inf\n")
    with pytest.raises(ValueError, match=r"odd\.yaml"):
        data.compile_all()
