"""AppTest helpers: the real entry script against a throwaway SQLite store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP_TIMEOUT_S = 60


@pytest.fixture
def isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at an empty SQLite store of this test's own."""
    monkeypatch.setenv("SPLASHDOWN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'splashdown.db'}")
    monkeypatch.setenv("SPLASHDOWN_ANALYST", "Test Analyst")
    return tmp_path


def open_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """Run app.py with the given link parameters, optionally switching to a page afterwards."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    return app


def open_tab(app: AppTest, key: str, label: str) -> AppTest:
    """The page rerun with a lazily drawn tab (`st.tabs(key=key, on_change="rerun")`) clicked open."""
    app.session_state[key] = label
    return app.run()


def as_read(markdown: str) -> str:
    """What an analyst reads of a Markdown element whose outside text was escaped."""
    return re.sub(r"\\([^\w\s])", r"\1", markdown)


def plotly_values(trace: dict, name: str) -> list:
    """A trace's values as the browser reads them: plotly sends numeric arrays as base64 binary."""
    import base64

    import numpy as np

    values = trace[name]
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def plotly_dates(trace: dict) -> list[str]:
    """A date axis trace's x values as ISO dates (the charts send dates as milliseconds)."""
    import pandas as pd

    return [f"{pd.Timestamp(value, unit='ms'):%Y-%m-%d}" for value in plotly_values(trace, "x")]


def chart_notes(app: AppTest) -> list[str]:
    """The lines of text the in-place live charts show under their plots, in page order."""
    import json

    from components.plotly_live import COMPONENT_NAME

    return [note for element in app.main
            if element.type == "bidi_component" and element.proto.component_name == COMPONENT_NAME
            for note in json.loads(element.proto.json)["notes"]]


def plotly_specs(app: AppTest) -> list[dict]:
    """Every plotly figure on the page in page order: Streamlit's charts and the in-place live charts."""
    import json

    from components.plotly_live import COMPONENT_NAME

    specs = []
    for element in app.main:
        if element.type == "plotly_chart":
            specs.append(json.loads(element.proto.spec))
        elif element.type == "bidi_component" and element.proto.component_name == COMPONENT_NAME:
            specs.append(json.loads(json.loads(element.proto.json)["figure"]))
    return specs


_HEADLINE_FIGURE = re.compile(r'<div class="label"[^>]*>(.*?)</div><div class="value"[^>]*>(.*?)</div>'
                              r'<div class="delta"[^>]*>(.*?)</div>')


def headline(app: AppTest) -> dict[str, tuple[str, str]]:
    """The Overview's headline figures as the analyst reads them: label -> (figure, change or detail)."""
    import html

    return {html.unescape(label): (html.unescape(value), html.unescape(delta))
            for element in app.main.get("html")
            for label, value, delta in _HEADLINE_FIGURE.findall(element.proto.body)}


def headline_notes(app: AppTest) -> list[str]:
    """The lines of text under the headline figures."""
    import html

    return [html.unescape(note) for element in app.main.get("html")
            for note in re.findall(r'<div class="note"[^>]*>(.*?)</div>', element.proto.body)]


def bottom_line(app: AppTest) -> tuple[str, str]:
    """The Overview's bottom line as the analyst reads it: its title and its sentences."""
    import html

    for element in app.main.get("html"):
        found = re.search(r'<h3 class="title"[^>]*>(.*?)</h3><div class="text"[^>]*>(.*?)</div>', element.proto.body,
                          re.DOTALL)
        if found:
            return html.unescape(found[1]), html.unescape(found[2])
    raise AssertionError("the Overview shows no bottom line")
