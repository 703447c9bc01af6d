"""The bottom line on the pages: it opens the Overview, and the Briefing page lets the analyst edit it."""

from __future__ import annotations

import pytest

from tests.apps import open_app

pytestmark = pytest.mark.usefixtures("isolated_store")


def test_overview_opens_with_the_bottom_line_of_the_week():
    app = open_app({"week": "2021-W12"})
    assert not app.exception, app.exception

    assert app.subheader[0].value == "Two SRBMs from South Hamgyong on 25 Mar 2021"
    summary = app.text[1].value
    assert summary.startswith("North Korea launched two SRBMs")
    assert "450 km" in summary and "(ROK JCS)" in summary and "the second launch event in five days" in summary


def test_overview_of_an_empty_week_says_when_the_last_launch_was():
    app = open_app({"week": "2018-W20"})
    assert not app.exception, app.exception

    assert app.subheader[0].value.startswith("No launches; the last was on ")
    assert "days before the period began" in app.text[1].value
