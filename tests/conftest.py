"""Shared pytest options and fixtures.

``pytest --update-golden`` rewrites golden files (tests/features/**/x.mathml, x.html ...)
instead of comparing with them; the diff is then the review.
"""

import pytest


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite golden output files instead of comparing with them")


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden files."""
    return request.config.getoption("--update-golden")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs headless Chromium (/usr/bin/chromium) via Playwright")
