"""Hostile input in a real browser: markup in notes and launches stays text, a huge upload is
refused by its size before it is sent, and the offline map file runs nothing it carries.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from splashdown import catalog
from splashdown.export_figures import ExportContext, offline_deck_html
from splashdown.maps import build_deck
from splashdown.store import open_store
from tests.browser import serve_app
from tests.hostile import HOSTILE_TEXTS, SEED_ROW, write_huge_csv

pytestmark = pytest.mark.browser

LAUNCH = "L-2021-03-25-1"
# Markup that would show itself if rendered: an image that raises a dialog, a script, a bold tag.
INJECTION = '<img src="x" onerror="alert(1)"><script>alert(2)</script><b id="injected">bold?</b>'


@pytest.fixture(scope="module")
def hostile_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-app") / "splashdown.db"


@pytest.fixture(scope="module")
def hostile_server(hostile_database: Path) -> Iterator[str]:
    """A server whose store already holds hostile notes and a launch named with markup."""
    store = open_store(f"sqlite:///{hostile_database}")
    store.add(LAUNCH, '<i id="author">Colleague</i>', INJECTION, ["<b>tag</b>"])
    store.add(LAUNCH, "Colleague", HOSTILE_TEXTS["markdown"])
    store.add_launches([{**SEED_ROW, "missile": INJECTION, "sources": HOSTILE_TEXTS["script"]}], "Colleague")
    store.close()
    with serve_app(hostile_database.parent) as url:
        yield url


def _watch_dialogs(tab) -> list[str]:  # noqa: ANN001 - playwright's Page
    dialogs: list[str] = []

    def dismiss(dialog) -> None:  # noqa: ANN001 - playwright's Dialog
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", dismiss)
    return dialogs


def _injected(tab) -> int:  # noqa: ANN001 - playwright's Page
    return tab.locator('img[src="x"], #injected, #author').count()


def test_hostile_notes_and_launch_names_show_as_text_in_the_browser(hostile_server: str, page):
    dialogs = _watch_dialogs(page)
    page.set_default_timeout(60_000)
    page.goto(hostile_server + "/?week=2021-W12")
    page.get_by_text("Overview").first.wait_for()
    page.goto(hostile_server + f"/launches?week=2021-W12&launch={LAUNCH}")
    page.get_by_role("heading", name="Team notes").wait_for()

    page.get_by_text(INJECTION, exact=True).wait_for()
    page.get_by_text("**not bold** _not italic_", exact=False).first.wait_for()
    page.goto(hostile_server + "/launches?week=2021-W12&launch=A-2021-03-25-1")
    page.get_by_text("Launch A-2021-03-25-1").wait_for()
    page.get_by_text(INJECTION, exact=False).first.wait_for()

    assert _injected(page) == 0
    assert page.locator("h1", has_text="Heading").count() == 0, "a note's markdown became a heading"
    assert dialogs == []
    assert page.get_by_test_id("stException").count() == 0


def test_a_100_mb_upload_is_refused_by_its_size_before_it_is_sent(hostile_server: str, hostile_database: Path,
                                                                 page, tmp_path: Path):
    huge = write_huge_csv(tmp_path / "huge.csv", 100 * 1024 * 1024)
    page.set_default_timeout(60_000)
    page.goto(hostile_server + "/?week=2021-W12")
    page.get_by_test_id("stSidebarNav").get_by_text("Add a launch").click()
    page.get_by_role("tab", name="From a CSV file").click()

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(huge)

    page.get_by_text("File must be 5.0MB or smaller.").wait_for()
    assert page.get_by_role("button", name="Import").count() == 0
    store = open_store(f"sqlite:///{hostile_database}")
    try:
        assert len(store.added_launches()) == 1, "nothing may be imported from the refused file"
    finally:
        store.close()


def test_the_offline_map_file_runs_none_of_the_text_it_carries(page, tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'map.db'}")
    store.add_launches([{**SEED_ROW, "missile": INJECTION + "<!--<script>", "sources": HOSTILE_TEXTS["script"]}],
                       "Colleague")
    launches, rejected = catalog.merge_saved_added(catalog.load_launches(), store.added_launches())
    assert rejected == ()
    store.close()
    context = ExportContext(INJECTION, HOSTILE_TEXTS["html"], "2021-03-25", HOSTILE_TEXTS["script"])
    html = offline_deck_html(build_deck(launches[launches["week"] == "2021-W12"]), context).decode("utf-8")
    dialogs = _watch_dialogs(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.set_content(html, wait_until="load")
    page.wait_for_function("typeof deckInstance === 'object'")

    assert errors == [] and dialogs == []
    assert _injected(page) == 0
    assert page.locator("h1").inner_text() == INJECTION
    assert page.locator("#footer").count() == 1, "the page's own elements after the map script must survive"


def test_a_crafted_link_shows_its_text_as_typed_and_loads_nothing_from_outside(hostile_server: str, page):
    crafted = "![pixel](http://x.invalid/p.png) **urgent** <img src=x>"
    outside: list[str] = []

    def record(request) -> None:  # noqa: ANN001 - playwright's Request
        if urlparse(request.url).hostname not in {"127.0.0.1", "localhost"} and \
                not request.url.startswith(("data:", "blob:")):
            outside.append(request.url)

    page.on("request", record)
    page.set_default_timeout(60_000)
    # The search text is shown in a text element; the site and date are echoed in the sidebar's notices.
    page.goto(hostile_server + f"/?week=2021-W12&q={quote(crafted)}&site={quote(crafted)}&from={quote(crafted)}")

    page.get_by_text(crafted, exact=False).first.wait_for()
    page.get_by_text("Ignored unknown site", exact=False).wait_for()
    page.get_by_role("figure", name="Launch timeline").locator(".main-svg").first.wait_for()
    assert outside == []
    assert page.locator('img[src*="x.invalid"], img[src="x"]').count() == 0


@pytest.mark.parametrize("path", ["", "map", "trajectory", "briefing"])
def test_every_page_draws_the_hostile_launch_and_notes_without_running_them(hostile_server: str, page,
                                                                            path: str):
    dialogs = _watch_dialogs(page)
    page.set_default_timeout(60_000)
    page.goto(hostile_server + "/?week=2021-W12")
    page.get_by_text("Overview").first.wait_for()
    if path:
        page.goto(hostile_server + f"/{path}?week=2021-W12")
    page.get_by_test_id("stMainBlockContainer").get_by_text("2021-W12 (22 Mar 2021").first.wait_for()
    page.wait_for_load_state("networkidle")

    assert page.get_by_test_id("stException").count() == 0
    assert _injected(page) == 0
    assert dialogs == []
