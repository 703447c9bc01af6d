"""Team notes in a real browser: a note written in one session is there for a colleague's."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

_LAUNCH_URL = "/launches?week=2021-W12&launch=L-2021-03-25-1"


def _local_only(route) -> None:  # noqa: ANN001 - playwright's Route
    if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"} or route.request.url.startswith(
        ("data:", "blob:")
    ):
        route.continue_()
    else:
        route.abort()


def test_a_note_added_in_one_browser_is_seen_in_another_after_reload(app_server, browser, page):
    token = uuid.uuid4().hex[:8]
    note = f"Depressed trajectory, likely KN-23 <b>{token}</b> 🚀"
    colleague_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    colleague_context.route("**/*", _local_only)
    colleague = colleague_context.new_page()
    # Generous waits: in CI this runs beside the rest of the suite on two cores.
    for tab in (page, colleague):
        tab.set_default_timeout(60_000)
    try:
        colleague.goto(app_server + "/?week=2021-W12")
        colleague.get_by_text("Overview").first.wait_for()
        colleague.goto(app_server + _LAUNCH_URL)
        colleague.get_by_role("heading", name="Team notes").wait_for()
        assert colleague.get_by_text(note).count() == 0

        page.goto(app_server + _LAUNCH_URL)
        page.get_by_role("heading", name="Team notes").wait_for()
        # Type only once the script has finished, so no rerun redraws the box under the text.
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
        page.get_by_label("New note").fill(note)
        page.get_by_role("button", name="Add note").click()
        page.get_by_text("Note added.").wait_for()
        page.get_by_test_id("stText").filter(has_text=note).first.wait_for()

        colleague.reload()
        colleague.get_by_test_id("stText").filter(has_text=note).first.wait_for()
        assert colleague.get_by_text("Browser Analyst ·").count() >= 1
        assert colleague.locator("b", has_text=token).count() == 0
        assert colleague.get_by_test_id("stException").count() == 0
    finally:
        colleague_context.close()
