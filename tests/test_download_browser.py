"""Downloads in a real browser: buttons on the Briefing page save files that open."""

from __future__ import annotations

import zipfile

import pytest
from PIL import Image

from splashdown.export_figures import static_export_available
from tests.support import require

pytestmark = pytest.mark.browser

_PACK_TIMEOUT_MS = 120_000


def test_briefing_downloads_a_2x_png_offline_html_the_pptx_pack_and_an_offline_map(app_server, page):
    available, reason = static_export_available()
    require(available, reason)
    page.goto(f"{app_server}/briefing?week=2021-W12")
    page.get_by_role("heading", name="Briefing").first.wait_for()
    page.get_by_text("2021-W12 (22 Mar 2021").first.wait_for()

    with page.expect_download(timeout=_PACK_TIMEOUT_MS) as chart:
        page.get_by_role("button", name="PNG (2x)").first.click()
    with page.expect_download() as chart_html:
        page.get_by_role("button", name="HTML (offline)").first.click()
    with page.expect_download(timeout=_PACK_TIMEOUT_MS) as pack:
        page.get_by_role("button", name="Briefing pack (PowerPoint)").click()
    page.get_by_role("tab", name="Map").click()
    with page.expect_download() as interactive:
        page.get_by_role("button", name="Interactive map (offline HTML)").click()

    assert chart.value.suggested_filename == "splashdown-timeline-2021-W12.png"
    image = Image.open(chart.value.path())
    assert image.format == "PNG" and image.width >= 3000
    assert pack.value.suggested_filename == "splashdown-briefing-2021-W12.pptx"
    with zipfile.ZipFile(pack.value.path()) as archive:
        slides = [name for name in archive.namelist() if name.startswith("ppt/slides/slide")]
        text = b"".join(archive.read(name) for name in slides)
    assert len(slides) >= 6 and b"450" in text

    for download, drawn in ((chart_html, ".main-svg"), (interactive, "#deck-container canvas")):
        viewer = page.context.new_page()
        outside: list[str] = []
        viewer.on(
            "request",
            lambda request, seen=outside: seen.append(request.url)
            if not request.url.startswith(("data:", "blob:", "about:")) else None,
        )
        viewer.set_content(download.value.path().read_text(encoding="utf-8"))
        viewer.locator(drawn).first.wait_for()
        assert outside == [], f"{download.value.suggested_filename} requested {outside}"
        assert "2021-W12" in viewer.content()
        viewer.close()


def test_map_page_downloads_the_static_map_drawn_only_when_asked(app_server, page):
    available, reason = static_export_available()
    require(available, reason)
    page.goto(f"{app_server}/map?week=2021-W12")
    page.get_by_role("heading", name="Map").first.wait_for()
    page.get_by_role("button", name="Download the map").click()
    with page.expect_download(timeout=_PACK_TIMEOUT_MS) as static_map:
        page.get_by_role("button", name="PNG (2x)").first.click()
    assert static_map.value.suggested_filename == "splashdown-map-2021-W12.png"
    image = Image.open(static_map.value.path())
    assert image.format == "PNG" and image.width >= 3000
    # The map is not blank: coastlines, sites and splashdowns give it many colours.
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 50
