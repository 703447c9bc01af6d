"""The bottom line on the pages: it opens the Overview, and the Briefing page lets the analyst edit it."""

from __future__ import annotations

import pytest

from tests.apps import bottom_line, open_app

pytestmark = pytest.mark.usefixtures("isolated_store")


def test_overview_opens_with_the_bottom_line_of_the_week():
    app = open_app({"week": "2021-W12"})
    assert not app.exception, app.exception

    title, summary = bottom_line(app)
    assert title == "Two SRBMs from South Hamgyong on 25 Mar 2021"
    assert summary.startswith("North Korea launched two SRBMs")
    assert "450 km" in summary and "(ROK JCS)" in summary and "the second launch event in five days" in summary


def test_overview_of_an_empty_week_says_when_the_last_launch_was():
    app = open_app({"week": "2018-W20"})
    assert not app.exception, app.exception

    title, summary = bottom_line(app)
    assert title.startswith("No launches; the last was on ")
    assert "days before the period began" in summary


def test_the_overview_and_the_pack_draft_the_same_bottom_line_from_an_analysts_claims():
    import os

    from splashdown.filters import Filters
    from splashdown.pack_slides import drafted_bottom_line
    from splashdown.store import open_store
    from splashdown.view import load_view

    store = open_store(os.environ["SPLASHDOWN_DATABASE_URL"])
    store.add_launches(
        [{"date_kst": "2021-03-27", "missile": "unknown", "missile_class": "SRBM", "site_id": "sondok",
          "range_km": 600, "impact_area": "east-sea", "outcome": "success", "confirmation": "media",
          "sources": "Yonhap 2021-03-27 (test report)"}],
        "Test Analyst",
        claims=[{"field": "range_km", "agency": "Japan MoD", "value": 600, "bound": "approx", "launch": 0,
                 "published": "2021-03-27", "citation": "Yonhap 2021-03-27: Japan MoD said about 600 km"}],
    )
    store.close()

    app = open_app({"week": "2021-W12"})
    assert not app.exception, app.exception
    pack = drafted_bottom_line(load_view(Filters(week="2021-W12")))

    assert "600 km (Japan MoD)" in pack.text
    assert bottom_line(app) == (pack.title, pack.text)
