"""The Overview in a real browser: the link opens the week, stepping back redraws both charts in
place, the legends name every class and baseline and hide a trace when clicked, dragging across the
timeline narrows the period, a chart's download popover fills when opened, a week step re-sends
neither the charts' drawing code nor the launch filters."""

from __future__ import annotations

import re

import pytest

from tests.browser import serve_app

pytestmark = pytest.mark.browser

_TICKS = (
    "label => [...document.querySelector(`[role=figure][aria-label='${label}']`).querySelectorAll('.xtick')]"
    ".map(tick => tick.textContent).join('|')"
)

_WEEKLY_CHIP_OFF = ("[...document.querySelectorAll('[aria-label=\"Missiles launched per week\"] [aria-pressed]')]"
                    ".some(chip => chip.getAttribute('aria-pressed') === 'false')")


def test_previous_week_button_redraws_both_charts_in_place_and_updates_the_link(app_server, page):
    outside = []
    page.on("request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None)
    page.goto(f"{app_server}/?week=2021-W12")
    timeline = page.get_by_role("figure", name="Launch timeline")
    weekly = page.get_by_role("figure", name="Missiles launched per week")
    timeline.locator(".xtick").first.wait_for()
    weekly.locator(".xtick").first.wait_for()
    page.get_by_text("2021-W12 (22 Mar 2021").first.wait_for()
    assert timeline.locator("path.point").count() >= 1
    # The source line and caption are drawn by the chart's own element, under the plot.
    week_source = timeline.locator(".plotly-live-notes p").first.text_content()
    assert week_source.startswith("Figures: ") and "ROK JCS" in week_source
    assert "Data as of " in timeline.locator(".plotly-live-notes").text_content()
    assert "shaded band is the selected period" in weekly.locator(".plotly-live-notes").text_content()
    before = {label: page.evaluate(_TICKS, label) for label in ("Launch timeline", "Missiles launched per week")}
    # Marks the drawn plots: a chart updated in place keeps them, a remounted one would not.
    page.evaluate("() => document.querySelectorAll('[role=figure] .main-svg').forEach(svg => svg.dataset.kept = 'yes')")

    page.get_by_role("button", name="◀ Previous").click()

    page.wait_for_url(re.compile(r"week=2021-W11"))
    page.get_by_text("2021-W11 (15 Mar 2021").first.wait_for()
    for label, ticks in before.items():
        page.wait_for_function(f"([label, before]) => ({_TICKS})(label) !== before", arg=[label, ticks])
        assert page.get_by_role("figure", name=label).locator(".main-svg[data-kept=yes]").count() >= 1, label
    page.wait_for_function("before => document.querySelector('.plotly-live-notes p').textContent !== before",
                           arg=week_source)
    assert page.get_by_test_id("stException").count() == 0
    assert [url for url in outside if not url.startswith(("data:", "blob:"))] == []


def test_the_legends_name_each_class_and_baseline_and_a_click_hides_that_trace_until_the_next_week(
    app_server, page
):
    page.goto(f"{app_server}/?week=2021-W12")
    timeline = page.get_by_role("figure", name="Launch timeline")
    timeline.locator("path.point").first.wait_for()
    weekly_legend = page.get_by_role("figure", name="Missiles launched per week").get_by_role("group", name="Legend")
    for name in ("SRBM", "4-week average", "52-week average"):
        weekly_legend.get_by_role("button", name=name).wait_for()
    srbm = timeline.get_by_role("group", name="Legend").get_by_role("button", name="SRBM")
    assert srbm.get_attribute("aria-pressed") == "true"
    # Plotly's own legend is not drawn on the page (the exports keep theirs).
    assert page.locator(".legendtext").count() == 0

    srbm.click()

    page.wait_for_function("() => !document.querySelector('[aria-label=\"Launch timeline\"] path.point')")
    assert srbm.get_attribute("aria-pressed") == "false"
    average = weekly_legend.get_by_role("button", name="52-week average")
    average.click()
    page.wait_for_function(f"() => {_WEEKLY_CHIP_OFF}")

    page.get_by_role("button", name="Next ▶").click()

    page.get_by_text("2021-W13 (29 Mar 2021").first.wait_for()
    # A new week's chart shows every trace again, as plotly's own legend would after a redraw.
    page.wait_for_function(f"() => !{_WEEKLY_CHIP_OFF}")
    assert average.get_attribute("aria-pressed") == "true"
    assert page.get_by_test_id("stException").count() == 0


def test_a_shared_page_link_opens_that_page_with_its_filters_on_a_fresh_server(browser, tmp_path):
    with serve_app(tmp_path) as fresh_server:
        tab = browser.new_page()
        try:
            tab.goto(f"{fresh_server}/map?week=2021-W12&class=SRBM")
            tab.get_by_role("heading", name="Map").wait_for()
            tab.get_by_text("2021-W12 (22 Mar 2021").first.wait_for()
            # The period caption and the class chip come from the entry script's sidebar, which a
            # fresh server skips when it falls back to Streamlit's folder-based page discovery.
            tab.locator("[data-testid=stSidebar]").get_by_text("SRBM", exact=True).first.wait_for()
        finally:
            tab.close()


def test_dragging_across_the_timeline_narrows_the_period_in_the_link(app_server, page):
    page.goto(f"{app_server}/?from=2022-01-01&to=2022-12-31")
    plot = page.get_by_role("figure", name="Launch timeline").locator(".nsewdrag").first
    plot.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    box = plot.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.25, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.40, y, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
    page.mouse.up()

    # Streamlit rewrites the query string in place (no navigation event), so poll the location.
    page.wait_for_function(r"() => /from=2022-0[3-5]-\d\d&to=2022-0[6-8]-\d\d/.test(location.search)")
    assert page.get_by_test_id("stException").count() == 0


def test_a_chart_whose_plotly_script_cannot_load_says_so_instead_of_staying_blank(app_server, page):
    page.route("**/plotly.min.js", lambda route: route.abort())
    page.goto(f"{app_server}/?week=2021-W12")
    page.get_by_role("figure", name="Launch timeline").get_by_text(
        "Launch timeline could not be drawn: plotly.js did not load").wait_for()
    assert page.get_by_test_id("stException").count() == 0


def test_the_timeline_download_popover_fills_when_opened_and_saves_the_week_shown(app_server, page):
    page.goto(f"{app_server}/?week=2021-W12")
    page.get_by_text("2021-W12 (22 Mar 2021").first.wait_for()
    page.get_by_role("figure", name="Launch timeline").locator(".xtick").first.wait_for()
    html_button = page.get_by_role("button", name="HTML (offline)")
    assert html_button.count() == 0

    page.get_by_role("button", name="Download the timeline").click()
    with page.expect_download() as download:
        html_button.click()

    assert download.value.suggested_filename == "splashdown-timeline-2021-W12.html"
    assert "2021-W12" in download.value.path().read_text(encoding="utf-8")


def test_a_week_step_sends_the_charts_figures_but_not_their_drawing_code_again(app_server, page):
    frames: list[bytes] = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())))
    page.goto(f"{app_server}/?week=2021-W12")
    page.get_by_role("figure", name="Missiles launched per week").locator(".xtick").first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")

    ticks = page.evaluate(_TICKS, "Missiles launched per week")

    frames.clear()
    page.get_by_role("button", name="Next ▶").click()

    page.get_by_text("2021-W13 (29 Mar 2021").first.wait_for()
    # The week heading arrives before the charts: the step is over once the weekly chart is redrawn.
    page.wait_for_function(f"before => ({_TICKS})('Missiles launched per week') !== before", arg=ticks)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    sent = b"".join(frames)
    assert b"4-week average" in sent
    # The drawing code is imported once per page, not carried by each chart's element.
    assert b"Plotly.react" not in sent and b"plotly-live-chips {" not in sent


def test_a_week_step_leaves_the_launch_filters_alone_and_a_later_filter_change_keeps_the_week(app_server, page):
    frames: list[bytes] = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())))
    page.goto(f"{app_server}/?week=2021-W12")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("2021-W12 (22 Mar 2021").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    # The site filter's options ("South Hamgyong (province)", ...) travel only with that widget.
    assert any(b"(province)" in frame for frame in frames)
    page.get_by_role("figure", name="Missiles launched per week").locator(".xtick").first.wait_for()
    ticks = page.evaluate(_TICKS, "Missiles launched per week")

    frames.clear()
    page.get_by_role("button", name="Next ▶").click()
    sidebar.get_by_text("2021-W13 (29 Mar 2021").wait_for()
    page.wait_for_function(f"before => ({_TICKS})('Missiles launched per week') !== before", arg=ticks)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    assert frames and not any(b"(province)" in frame for frame in frames)

    week_box = sidebar.get_by_label("ISO week (Korea time)")
    week_box.fill("2021-W99")
    week_box.press("Enter")
    sidebar.get_by_text("Not a week").wait_for()
    page.wait_for_function("() => document.querySelector('[aria-label=\"ISO week (Korea time)\"]').value "
                           "=== '2021-W13'")

    sidebar.get_by_text("Only launches with team notes").click()
    page.wait_for_function(r"() => /notes=1/.test(location.search)")
    assert "week=2021-W13" in page.evaluate("() => location.search")
    sidebar.get_by_text("2021-W13 (29 Mar 2021").wait_for()
    assert page.get_by_test_id("stException").count() == 0
