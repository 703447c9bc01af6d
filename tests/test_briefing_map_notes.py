"""The Briefing page's static map follows the notes: a view filtered by notes redraws when one is saved."""

from __future__ import annotations

import json

import pytest

from components.downloads import CHART_TAB
from components.loaders import invalidate_notes
from splashdown.store import open_store
from tests.apps import open_app, open_tab

pytestmark = pytest.mark.usefixtures("isolated_store")


def _map_spec(app) -> str:  # noqa: ANN001
    charts = [chart for chart in app.get("plotly_chart") if chart.proto.id and "briefing_map" in chart.proto.id]
    assert charts, "the Briefing page shows no map"
    return json.dumps(json.loads(charts[0].proto.spec)["data"])


def test_briefing_map_of_noted_launches_shows_a_note_saved_since():
    app = open_tab(open_app({"week": "2021-W12", "notes": "1"}, page="views/briefing.py"), CHART_TAB, "Map")
    assert not app.exception, app.exception
    before = _map_spec(app)

    store = open_store()
    store.add("L-2021-03-25-1", "Kim Analyst", "second launch 19 minutes later")
    store.close()
    invalidate_notes()  # what saving a note on the Launches page does
    app.run()

    assert not app.exception, app.exception
    assert _map_spec(app) != before, "the map of noted launches still shows the view before the note"
