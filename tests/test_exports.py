"""Chart and data exports opened back: PNG/SVG/PDF headers and sizes, offline HTML, neutralised cells."""

from __future__ import annotations

import csv
import io
import math
import struct
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pypdf
import pytest

from splashdown import cli, export_figures
from splashdown.data_export import FORMULA_PREFIXES, export_frame, to_csv_bytes, to_xlsx_bytes
from splashdown.export_figures import (
    ExportBrowserUnavailable,
    ExportContext,
    export_figure,
    offline_deck_html,
    shutdown_export_browser,
    static_export_available,
)
from splashdown.filters import Filters
from splashdown.maps import build_deck
from splashdown.static_map import static_map_figure
from splashdown.view import View, chart_for, load_view

MARKING = "UNCLASSIFIED // TEST"


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> Iterator[View]:
    """Week 2021-W12 as the app shows it, from a store of this module's own."""
    database = tmp_path_factory.mktemp("exports") / "splashdown.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{database}")
        patch.setenv("SPLASHDOWN_MARKING", MARKING)
        yield load_view(Filters(week="2021-W12"))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _svg_text(data: bytes) -> str:
    root = ElementTree.fromstring(data)
    return " ".join(text for element in root.iter() for text in [element.text] if text)


class _OutsideReferences(HTMLParser):
    """Collects src/href attributes that point off the machine (inline script bodies are not tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href"} and value and value.strip().lower().startswith(("http:", "https:", "//")):
                self.outside.append(f"<{tag} {name}={value}>")


def _outside_references(page: bytes) -> list[str]:
    parser = _OutsideReferences()
    parser.feed(page.decode("utf-8"))
    return parser.outside


def test_png_is_drawn_at_twice_the_size_with_title_filters_sources_and_marking(view, static_exports):
    fig, title = chart_for(view, "timeline")
    context = view.context(title)

    png = export_figure(fig, context, "png")
    svg = export_figure(fig, context, "svg")

    assert _png_size(png) == (2 * export_figures.EXPORT_WIDTH, 2 * export_figures.EXPORT_HEIGHT)
    text = _svg_text(svg)
    assert "Launch timeline" in text
    assert "2021-W12" in text
    assert "Figures:" in text and "Data as of " + view.data_date in text
    assert text.count(MARKING) == 2, "the marking belongs at the top and the bottom"


def test_pdf_export_is_a_single_vector_page_naming_its_sources(view, static_exports):
    fig, title = chart_for(view, "weekly")

    pdf = export_figure(fig, view.context(title), "pdf")

    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Missiles launched per week" in text
    assert "Figures:" in text


def test_analyst_text_in_an_export_is_shown_as_typed_not_as_markup(static_exports):
    context = ExportContext(
        title="<b>bold?</b> & <a href='http://x.invalid'>link</a>",
        filter_summary="2021-W12",
        data_date="2021-03-25",
        source_line="Figures: <i>media</i> (1)",
    )
    svg = export_figure(go.Figure(), context, "svg").decode("utf-8")

    assert "<b>bold?</b>" in _svg_text(svg.encode("utf-8"))
    assert "x.invalid" not in " ".join(element.get("href", "") for element in ElementTree.fromstring(svg).iter())


def test_html_export_is_self_contained_and_loads_nothing_from_outside(view):
    fig, title = chart_for(view, "timeline")

    page = export_figure(fig, view.context(title), "html")

    assert _outside_references(page) == []
    assert b"<script src" not in page
    assert len(page) > 1_000_000, "plotly.js must be inlined for the page to work offline"
    # plotly writes "/" as "\u002f" inside its JSON.
    assert b"Launch timeline" in page and MARKING.replace("/", "\\u002f").encode() in page


def test_interactive_map_html_inlines_deck_gl_and_links_no_cdn(view):
    page = offline_deck_html(build_deck(view.launches), view.context("Launch origins and estimated splashdowns"))

    assert _outside_references(page) == []
    assert b"createDeck(" in page
    assert b"Launch origins and estimated splashdowns" in page
    assert page.count(MARKING.encode()) == 2


def test_static_map_is_drawn_from_the_bundled_basemap_with_the_seed_splashdown_450_km_out(view):
    fig = static_map_figure(view.launches)

    assert all(trace.type == "scatter" for trace in fig.data), "a geo trace would fetch its base map from a CDN"
    land = max(fig.data, key=lambda trace: 0 if trace.x is None else len(trace.x))
    assert land.fill == "toself" and len(land.x) > 1000
    impacts = [
        trace for trace in fig.data
        if trace.marker.symbol == "x-thin-open" and trace.x is not None and trace.x[0] is not None
    ]
    assert impacts, "no estimated splashdown drawn"
    site = view.launches.iloc[0]
    distances = [
        _great_circle_km(site["lat"], site["lon"], lat, lon)
        for trace in impacts
        for lon, lat in zip(trace.x, trace.y)
    ]
    assert any(abs(distance - 450) < 15 for distance in distances), distances


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta = math.radians(lon2 - lon1)
    cosine = math.sin(phi1) * math.sin(phi2) + math.cos(phi1) * math.cos(phi2) * math.cos(delta)
    return 6371.0 * math.acos(min(1.0, max(-1.0, cosine)))


def test_without_chromium_static_formats_say_what_to_install_and_html_still_works(view, monkeypatch):
    shutdown_export_browser()
    monkeypatch.setattr(export_figures, "find_browser", lambda: None)
    fig, title = chart_for(view, "timeline")

    with pytest.raises(ExportBrowserUnavailable, match="apt-get install chromium"):
        export_figure(fig, view.context(title), "png")
    assert static_export_available() == (False, export_figures.INSTALL_HINT)
    assert export_figure(fig, view.context(title), "html").lower().startswith(b"<!doctype html>")


def test_export_command_writes_the_chart_and_exits_0(view, static_exports, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    out = tmp_path / "charts" / "map.svg"

    code = cli.export(["map", "--week", "2021-W12", "--out", str(out)])

    assert code == 0, capsys.readouterr().err
    assert "Launch origins and estimated splashdowns" in _svg_text(out.read_bytes())
    assert str(out) in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["timeline", "--week", "2021-W99", "--out", "x.png"],
        ["timeline", "--week", "2021-W12", "--from", "2021-03-01", "--out", "x.png"],
        ["timeline", "--week", "2021-W12", "--out", "x.gif"],
        ["radar", "--week", "2021-W12", "--out", "x.png"],
        ["timeline", "--week", "2021-W12", "--class", "MIRV", "--out", "x.png"],
    ],
    ids=["no-such-week", "week-and-dates", "unknown-extension", "unknown-chart", "unknown-class"],
)
def test_export_command_usage_errors_exit_2(argv, capsys):
    assert cli.export(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_export_command_without_chromium_fails_with_one_line_naming_the_install(tmp_path, monkeypatch, capsys):
    shutdown_export_browser()
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    failed = cli.export(["weekly", "--week", "2021-W12", "--out", str(tmp_path / "weekly.png")])
    error = capsys.readouterr().err
    html = cli.export(["weekly", "--week", "2021-W12", "--out", str(tmp_path / "weekly.html")])

    assert failed == 1
    assert len(error.strip().splitlines()) == 1 and "apt-get install chromium" in error
    assert not (tmp_path / "weekly.png").exists()
    assert html == 0 and (tmp_path / "weekly.html").stat().st_size > 1_000_000


def test_profile_of_a_week_without_figures_fails_with_exit_1_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    out = tmp_path / "profile.png"

    code = cli.export(["profile", "--week", "2018-W20", "--out", str(out)])

    assert code == 1
    assert "no launch in this period has both a range and an apogee" in capsys.readouterr().err
    assert not out.exists()


def test_profile_export_shows_the_longest_flight_of_the_period(view):
    fig, title = chart_for(view, "profile")

    assert title.startswith("Flight profile: ") and "25 Mar 2021" in title
    assert any("450 km" in (trace.name or "") for trace in fig.data)


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tindent", "\rreturn", '=HYPERLINK("http://x.invalid")']


def _hostile_launches(view: View) -> pd.DataFrame:
    launches = view.launches.head(1)
    rows = []
    for formula in FORMULAS:
        row = launches.iloc[0].copy()
        row["sources"] = formula
        row["missile"] = formula
        rows.append(row)
    return pd.DataFrame(rows).reset_index(drop=True)


def test_csv_and_xlsx_neutralise_formula_cells_and_keep_figures_as_numbers(view, tmp_path):
    launches = _hostile_launches(view)
    notes = {launches.iloc[0]["launch_id"]: [{"author": "=evil", "text": "@SUM(1)", "tags": ["=x"],
                                                "created_at": pd.Timestamp("2021-03-25T01:00Z")}]}
    frame = export_frame(launches, notes)

    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"))))
    assert sorted(row["sources"] for row in rows) == sorted("'" + formula for formula in FORMULAS)
    assert rows[0]["team_notes"].startswith("'=evil, 2021-03-25")
    assert float(rows[0]["range_km"]) == 450.0

    import openpyxl

    path = tmp_path / "launches.xlsx"
    path.write_bytes(to_xlsx_bytes(frame, {"filters": "=cmd|' /C calc'!A0"}))
    workbook = openpyxl.load_workbook(path)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a formula cell survived"
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_PREFIXES)]
    sheet = workbook["Launches"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("range_km") + 1).value == 450


def test_xlsx_keeps_a_note_with_control_characters_around_a_replacement_mark(view, tmp_path):
    launch_id = view.launches.iloc[0]["launch_id"]
    note = {
        "author": "Kim", "text": "bell\x07 escape\x1b[31m end", "tags": [],
        "created_at": pd.Timestamp("2021-03-25T01:00Z"),
    }
    frame = export_frame(view.launches, {launch_id: [note]})

    path = tmp_path / "notes.xlsx"
    path.write_bytes(to_xlsx_bytes(frame, {"title": "notes\x00"}))

    import openpyxl

    sheet = openpyxl.load_workbook(path)["Launches"]
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: row[header.index("team_notes")].value for row in sheet.iter_rows(min_row=2)}
    assert cells[launch_id].endswith("bell\ufffd escape\ufffd[31m end")


def test_data_export_carries_every_shown_launch_with_its_notes_in_order(view):
    frame = export_frame(view.launches, {})

    assert sorted(frame["launch_id"]) == sorted(view.launches["launch_id"])
    assert list(frame["date_kst"]) == sorted(frame["date_kst"])
    assert "L-2021-03-25-1" in set(frame["launch_id"])
    assert set(frame["team_notes"]) == {""}


def test_export_file_names_are_safe(tmp_path: Path):
    name = export_figures.file_name("timeline ../2021-W12 <x>", "png")

    assert name.startswith("splashdown-timeline") and name.endswith(".png")
    assert "/" not in name and "<" not in name and " " not in name
