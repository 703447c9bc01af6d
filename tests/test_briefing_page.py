"""The Briefing page under AppTest: every download button yields a file that opens."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pypdf
import pytest
from PIL import Image
from pptx import Presentation
from streamlit.runtime.media_file_manager import MediaFileManager

from components import downloads
from splashdown import export_figures
from splashdown.export_figures import shutdown_export_browser, static_export_available
from splashdown.store import open_store
from tests.apps import bottom_line, open_app, open_tab
from tests.support import require

pytestmark = pytest.mark.usefixtures("isolated_store")

PAGE = "views/briefing.py"


@pytest.fixture
def deferred_files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """What each download button would serve: Streamlit registers the data callable per button."""
    files: dict[str, Callable[[], bytes]] = {}
    register = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, callable_: Callable[[], bytes], *args: object, **kwargs: object) -> str:
        file_id = register(self, callable_, *args, **kwargs)
        files[file_id] = callable_
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return files


@pytest.fixture
def fresh_export_check() -> Iterator[None]:
    """The page caches whether Chromium exists per process; each test decides afresh."""
    downloads._static_export.clear()
    yield
    downloads._static_export.clear()


def _download(app, files: dict[str, Callable[[], bytes]], label: str, index: int = 0) -> bytes:  # noqa: ANN001
    buttons = [button for button in app.get("download_button") if button.proto.label == label]
    assert len(buttons) > index, f"no download button {label!r}"
    data = files[buttons[index].proto.deferred_file_id]()
    return data if isinstance(data, bytes) else data.encode("utf-8")


def test_briefing_page_buttons_yield_the_pack_charts_and_data(deferred_files, fresh_export_check, monkeypatch):
    available, reason = static_export_available()
    require(available, reason)
    monkeypatch.setenv("SPLASHDOWN_MARKING", "UNCLASSIFIED")
    app = open_app({"week": "2021-W12"}, page=PAGE)
    assert not app.exception, app.exception
    try:
        pack = Presentation(io.BytesIO(_download(app, deferred_files, "Briefing pack (PowerPoint)")))
        png = _download(app, deferred_files, "PNG (2x)")
        svg = _download(open_tab(app, downloads.CHART_TAB, "Map"), deferred_files, "SVG")
    finally:
        shutdown_export_browser()

    texts = [shape.text_frame.text for slide in pack.slides for shape in slide.shapes if shape.has_text_frame]
    assert any("450" in text for text in texts)
    assert "Two SRBMs from South Hamgyong on 25 Mar 2021" in texts, "the pack opens with the drafted bottom line"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (2 * export_figures.EXPORT_WIDTH, 2 * export_figures.EXPORT_HEIGHT)
    assert b"Launch origins and estimated splashdowns" in svg and b"UNCLASSIFIED" in svg


def _bottom_line_fields(app):  # noqa: ANN001, ANN202 - AppTest and its widgets
    title = next(field for field in app.text_input if field.label == "Title of the first slide")
    text = next(area for area in app.text_area if area.label.startswith("Bottom line"))
    return title, text


def test_bottom_line_edited_on_the_page_goes_into_both_packs_and_not_the_catalog(deferred_files, fresh_export_check):
    app = open_app({"week": "2021-W12"}, page=PAGE)
    title, text = _bottom_line_fields(app)
    drafted = text.value
    assert drafted.startswith("North Korea launched two SRBMs")
    title.input("Second salvo in five days")
    text.input("Our wording: two KN-23-class SRBMs, 450 km, the second launch event in five days.").run()
    app.button_group[0].set_value(["table"]).run()
    assert not app.exception, app.exception
    assert any(text.value.endswith("The pack holds the bottom line and a table of every missile.") for text in app.text)

    pptx = Presentation(io.BytesIO(_download(app, deferred_files, "Briefing pack (PowerPoint)")))
    pdf = pypdf.PdfReader(io.BytesIO(_download(app, deferred_files, "Briefing pack (PDF)")))

    first_slide = "\n".join(shape.text_frame.text for shape in pptx.slides[0].shapes if shape.has_text_frame)
    first_page = pdf.pages[0].extract_text()
    for opening in (first_slide, first_page):
        assert "Second salvo in five days" in opening and "Our wording: two KN-23-class SRBMs" in opening
        assert drafted not in opening
    assert len(pptx.slides) == 2, "the opening slide and the table the analyst kept"
    fresh = open_app({"week": "2021-W12"}, page="views/overview.py")
    assert bottom_line(fresh)[1] == drafted, "the Overview keeps the drafted bottom line"


def test_html_and_data_downloads_work_without_chromium(deferred_files, fresh_export_check, monkeypatch):
    monkeypatch.setattr(export_figures, "find_browser", lambda: None)
    app = open_app({"week": "2021-W12"}, page=PAGE)
    assert not app.exception, app.exception

    disabled = {button.proto.label for button in app.get("download_button") if button.proto.disabled}
    assert disabled == {"Briefing pack (PowerPoint)", "Briefing pack (PDF)", "PNG (2x)", "SVG", "PDF"}
    assert any("apt-get install chromium" in caption.value for caption in app.caption)

    html = _download(app, deferred_files, "HTML (offline)")
    interactive = _download(open_tab(app, downloads.CHART_TAB, "Map"), deferred_files, "Interactive map (offline HTML)")
    csv_text = _download(app, deferred_files, "Launches and notes (CSV)").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    xlsx = _download(app, deferred_files, "Launches and notes (XLSX)")

    assert b"Launch timeline" in html and b"<script src" not in html
    assert b"createDeck(" in interactive
    assert {"L-2021-03-25-1", "L-2021-03-25-2"} <= {row["launch_id"] for row in rows}
    assert xlsx[:2] == b"PK"


def test_data_download_carries_the_notes_colleagues_wrote(deferred_files, fresh_export_check, isolated_store):
    store = open_store()
    store.add("L-2021-03-25-1", "Kim Analyst", "=cmd|' /C calc'!A0 second launch 19 minutes later")
    store.close()
    app = open_app({"week": "2021-W12"}, page=PAGE)
    assert not app.exception, app.exception

    rows = {
        row["launch_id"]: row
        for row in csv.DictReader(
            io.StringIO(_download(app, deferred_files, "Launches and notes (CSV)").decode("utf-8-sig"))
        )
    }
    note = rows["L-2021-03-25-1"]["team_notes"]
    assert "Kim Analyst" in note and "second launch 19 minutes later" in note
    assert rows["L-2021-03-25-1"]["note_count"] == "1"


_CHARTS = {"Timeline": "briefing_timeline", "Weekly counts": "briefing_weekly", "Map": "briefing_map"}


def _charts_drawn(app) -> set[str]:  # noqa: ANN001
    return {name for chart in app.get("plotly_chart") for name in _CHARTS.values() if name in chart.proto.id}


def test_briefing_draws_the_chart_of_the_tab_the_analyst_opens():
    app = open_app({"week": "2021-W12"}, page=PAGE)
    assert _charts_drawn(app) == {"briefing_timeline"}

    for tab in ("Map", "Weekly counts", "Timeline"):
        open_tab(app, downloads.CHART_TAB, tab)
        assert not app.exception, app.exception
        assert _charts_drawn(app) == {_CHARTS[tab]}, tab
