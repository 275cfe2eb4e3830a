"""Fixtures: every behaviour test goes through the real `sco` entry point (see helpers.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.helpers import Sco


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled models (`core.model_cache`) go to a folder of the test run's own, never the user's
    cache: in-process runs and the subprocesses the tests start inherit it."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def sco() -> Sco:
    return Sco()
