"""Fixtures for the hostile-input cases; the harness itself is in hostile_harness.py."""

from __future__ import annotations

import shutil

import pytest
from hostile_harness import Harness


@pytest.fixture
def hostile(tmp_path) -> Harness:
    return Harness(tmp_path)


def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_tex"):
        missing = [b for b in ("latex", "dvisvgm") if shutil.which(b) is None]
        if missing:
            pytest.skip(f"{', '.join(missing)} not installed: apt-get install texlive-latex-base dvisvgm")
