"""Fixtures: every behaviour test goes through the real `sco` entry point (see helpers.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Sco


@pytest.fixture
def sco() -> Sco:
    return Sco()
