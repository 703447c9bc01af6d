"""The Overview page as an analyst meets it: this week, a shared link, a malformed link."""

from __future__ import annotations

import pytest

from tests.apps import ROOT, as_read, headline, open_app, plotly_dates, plotly_specs

pytestmark = pytest.mark.usefixtures("isolated_store")


def _timeline_dates(app) -> list[str]:
    timeline = next(spec for spec in plotly_specs(app) if "timeline" in spec["layout"]["title"]["text"].lower())
    return sorted(day for trace in timeline["data"] for day in plotly_dates(trace))


@pytest.mark.parametrize("page", sorted(path.name for path in (ROOT / "views").glob("*.py")))
def test_every_page_runs_without_an_exception(page):
    app = open_app({"week": "2021-W12"}, page=f"views/{page}")
    assert not app.exception, app.exception


def test_week_link_shows_exactly_that_weeks_launches_including_the_seed_salvo():
    app = open_app({"week": "2021-W12"})
    assert not app.exception
    dates = _timeline_dates(app)
    assert dates, "the timeline is empty for 2021-W12"
    assert all("2021-03-22" <= day <= "2021-03-28" for day in dates)
    assert "2021-03-25" in dates
    figures = headline(app)
    events, missiles = int(figures["Launch events"][0]), int(figures["Missiles"][0])
    assert missiles >= 2
    # The week before (2021-W11) holds the two cruise missiles of Sunday 21 March: one event, two missiles.
    assert figures["Launch events"][1] == f"{events - 1:+d} vs previous period"
    assert figures["Missiles"][1] == f"{missiles - 2:+d} vs previous period"


def test_malformed_link_parameters_show_a_notice_not_an_exception():
    app = open_app({"week": "2021-W99", "class": "MIRV", "from": "yesterday", "tag": "assessment,no-such-tag"})
    assert not app.exception
    notices = " ".join(as_read(warning.value) for warning in app.sidebar.warning)
    assert "2021-W99" in notices and "MIRV" in notices and "YYYY-MM-DD" in notices
    assert "unknown note tag 'no-such-tag'" in notices and "'assessment'" not in notices


def test_previous_button_steps_back_one_week_and_updates_the_link():
    app = open_app({"week": "2021-W12"})
    app.sidebar.button(key="f_previous").click().run()
    assert not app.exception
    assert app.query_params["week"] == ["2021-W11"] or app.query_params["week"] == "2021-W11"
    assert all("2021-03-15" <= day <= "2021-03-21" for day in _timeline_dates(app))


def test_empty_week_says_so_and_offers_the_latest_launch_week():
    app = open_app({"week": "2018-W20"})
    assert not app.exception
    assert any("No launches recorded for 2018-W20" in info.value for info in app.info)


def test_sidebar_filters_stay_on_every_rerun_and_page_switch():
    app = open_app({"week": "2021-W12"})
    app.run()
    app.sidebar.multiselect(key="f_classes").select("SRBM").run()
    assert not app.exception
    assert app.query_params["class"] in ("SRBM", ["SRBM"])
    assert app.sidebar.text_input(key="f_week").value == "2021-W12"
    app.switch_page("views/launches.py").run()
    assert not app.exception
    assert app.query_params["week"] in ("2021-W12", ["2021-W12"])
    assert app.sidebar.multiselect(key="f_classes").value == ["SRBM"]


def test_changing_a_filter_does_not_reread_the_catalog(monkeypatch):
    from splashdown import catalog

    reads = []
    original = catalog.load_launches
    monkeypatch.setattr(catalog, "load_launches", lambda *args, **kwargs: reads.append(1) or original(*args, **kwargs))
    app = open_app({"week": "2021-W12"})
    reads_after_first_view = len(reads)
    app.sidebar.multiselect(key="f_classes").select("SRBM").run()
    app.sidebar.button(key="f_previous").click().run()
    assert not app.exception
    assert len(reads) == reads_after_first_view


def test_overview_offers_every_export_format_for_both_charts_once_their_popovers_open():
    app = open_app({"week": "2021-W12"})
    assert not app.get("download_button"), "closed popovers are filled only when opened"
    app.session_state["dl_timeline_open"] = True
    app.session_state["dl_weekly_open"] = True
    app.run()
    keys = {button.key for button in app.get("download_button")}
    for chart in ("timeline", "weekly"):
        assert {f"dl_{chart}_{fmt}" for fmt in ("png", "svg", "pdf", "html")} <= keys, keys


def test_site_filter_offers_named_provinces_and_sites_only():
    app = open_app({"week": "2021-W12"})
    options = app.sidebar.multiselect(key="f_places").options
    assert "South Hamgyong (province)" in options and "Sondok" in " ".join(options)
    # Launches from an unknown site have no province; that must not become a blank choice.
    assert all(option.strip() and not option.startswith(" ") for option in options), options
