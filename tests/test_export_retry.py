"""A static export survives kaleido's page-not-ready race with one fresh browser, and nothing else is retried."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from splashdown import export_figures
from splashdown.export_figures import ExportBrowser, ExportError, render_static, shutdown_export_browser
from tests.support import require

_NOT_READY = "failed rendering PNG: ReferenceError: kaleido_scopes is not defined"


@pytest.fixture
def failing_first_render(monkeypatch: pytest.MonkeyPatch):
    require(export_figures.find_browser() is not None, "static export needs Chromium (apt-get install chromium)")
    shutdown_export_browser()
    real_render = ExportBrowser.render
    calls: list[str] = []

    def fail_once(message: str):
        def render(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            calls.append("render")
            if len(calls) == 1:
                raise ExportError(message)
            return real_render(self, *args, **kwargs)
        monkeypatch.setattr(ExportBrowser, "render", render)
        return calls

    yield fail_once
    shutdown_export_browser()


def test_a_png_whose_page_was_not_ready_is_drawn_by_a_fresh_browser(failing_first_render):
    calls = failing_first_render(_NOT_READY)
    png = render_static(go.Figure(go.Bar(x=["SRBM"], y=[3])), "png", width=300, height=200)
    assert png.startswith(b"\x89PNG"), "the export did not produce a PNG"
    assert len(calls) == 2


def test_another_export_failure_is_reported_not_retried(failing_first_render):
    calls = failing_first_render("timed out after 60 s rendering PNG")
    with pytest.raises(ExportError, match="timed out"):
        render_static(go.Figure(go.Bar(x=["SRBM"], y=[3])), "png", width=300, height=200)
    assert len(calls) == 1
