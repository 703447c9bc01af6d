"""The seed morning in a real browser: paste the report, save the draft, find the launch on other pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import serve_app

pytestmark = pytest.mark.browser

SEED = (Path(__file__).parent / "report_texts" / "seed_wire.txt").read_text(encoding="utf-8")


@pytest.fixture
def app_server(tmp_path: Path):
    """A server with a store of its own: this test adds launches other browser tests must not see."""
    with serve_app(tmp_path) as url:
        yield url


def test_pasted_seed_report_is_saved_and_shows_on_the_week_and_in_the_launches_table(app_server, page):
    page.goto(app_server)
    page.get_by_test_id("stSidebarNav").get_by_text("Add a launch").click()
    page.get_by_label("Report text").fill(SEED)
    page.get_by_role("button", name="Read the report").click()

    page.get_by_text("From: “South Korean officials said the missiles traveled about 450").first.wait_for()
    page.get_by_text("Report date used: 2021-03-25 (the report's own dateline)").wait_for()
    page.get_by_text("What each agency said in this report").wait_for()
    assert page.get_by_label("Range (km)").input_value() == "450.00"
    assert page.get_by_label("Apogee (km)").input_value() == "60.00"
    page.get_by_text("already known").first.wait_for()

    page.get_by_text("This is a different launch: save it as new").click()
    page.get_by_role("button", name="Save launch").click()
    page.get_by_text("Saved 2 launch(es): A-2021-03-25-1, A-2021-03-25-2").wait_for()
    assert page.get_by_test_id("stException").count() == 0

    page.get_by_role("link", name="Overview of week 2021-W12").click()
    page.wait_for_url(re.compile(r"week=2021-W12"))
    timeline = page.get_by_role("figure", name="Launch timeline")
    timeline.get_by_role("group", name="Legend").get_by_role("button", name="MRBM").wait_for()

    page.goto(f"{app_server}/launches?launch=A-2021-03-25-1")
    page.get_by_text("A-2021-03-25-1").first.wait_for()
    assert page.get_by_test_id("stException").count() == 0
