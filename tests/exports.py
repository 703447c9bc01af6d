"""Static export fixture: one kaleido export browser per test module that renders PNG, SVG or PDF."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from splashdown.export_figures import shutdown_export_browser, static_export_available
from tests.support import require


@pytest.fixture(scope="module")
def static_exports() -> Iterator[None]:
    """The export browser for the module's static exports, closed at its end; fails in CI (skips
    on a laptop) without Chromium, saying what to install."""
    available, reason = static_export_available()
    require(available, reason)
    yield
    shutdown_export_browser()
