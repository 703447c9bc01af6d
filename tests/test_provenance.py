"""The page, an exported chart and the briefing pack cite the same way and give the same data date,
and a figure nobody reported reads "not reported" in prose and "—" in a table, never "unknown"."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime

import pandas as pd
import pytest
from pptx import Presentation

from splashdown import provenance
from splashdown.charts import timeline_figure
from splashdown.export_figures import export_figure
from splashdown.filters import Filters
from splashdown.pack_pptx import to_pptx
from splashdown.pack_slides import pack_slides
from splashdown.view import View, chart_for, load_view
from splashdown.vocabulary import NOT_REPORTED, NOT_REPORTED_CELL
from tests.apps import chart_notes, open_app

SEED_WEEK = "2021-W12"


@pytest.fixture(scope="module")
def week_view(tmp_path_factory: pytest.TempPathFactory) -> View:
    """The seed week from an empty store of this module's own: the data the Overview test reads too."""
    database = tmp_path_factory.mktemp("provenance") / "splashdown.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{database}")
        return load_view(Filters(week=SEED_WEEK))


def _svg_lines(data: bytes) -> list[str]:
    return [text for element in ElementTree.fromstring(data).iter() for text in [element.text] if text]


def _slide_lines(presentation: Presentation) -> list[str]:
    lines = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines += [paragraph.text for paragraph in shape.text_frame.paragraphs]
            if shape.has_table:
                lines += [cell.text for row in shape.table.rows for cell in row.cells]
    return lines


def test_the_overview_cites_and_dates_its_data_as_the_exported_chart_and_the_pack_do(
    isolated_store, week_view, static_exports
):
    app = open_app({"week": SEED_WEEK})
    assert not app.exception
    notes = chart_notes(app)
    page_line = next(note for note in notes if note.startswith("Figures: "))
    page_date = next(note for note in notes if note.startswith("Data as of "))
    assert "ROK JCS (2)" in page_line and "dates in Korea time (KST)" in page_line
    assert page_date.startswith(f"Data as of {week_view.data_date} ({provenance.DATA_DATE_MEANING})")

    fig, title = chart_for(week_view, "timeline")
    chart_lines = _svg_lines(export_figure(fig, week_view.context(title), "svg"))
    assert page_line in chart_lines and f"Data as of {week_view.data_date}" in chart_lines

    pack_lines = _slide_lines(Presentation(io.BytesIO(to_pptx(pack_slides(week_view, [])))))
    assert page_line in pack_lines, "the sources slide cites the week as the page does"
    footers = [line for line in pack_lines if line.startswith("Splashdown briefing · ")]
    assert footers and all(line.endswith(f"data as of {week_view.data_date}") for line in footers)


def test_the_data_date_is_the_newest_launch_statement_or_addition_in_korea(week_view):
    launches, claims = week_view.everything, week_view.claims.iloc[0:0]
    newest_launch = f"{launches['date_kst'].max():%Y-%m-%d}"
    assert provenance.data_date(launches, claims) == newest_launch
    statement = pd.DataFrame({"published": ["2099-01-02", ""]})
    assert provenance.data_date(launches, statement) == "2099-01-02"
    added = launches.assign(added_at=pd.NaT).astype({"added_at": "datetime64[ns]"})
    added["added_at"] = added["added_at"].dt.tz_localize(UTC)
    added.loc[added.index[-1], "added_at"] = pd.Timestamp(datetime(2099, 3, 4, 20, 30, tzinfo=UTC))
    assert provenance.data_date(added, claims) == "2099-03-05", "20:30 UTC is the next morning in Korea"
    assert provenance.data_date(launches.iloc[0:0], claims) == provenance.NO_DATA


def test_a_missing_figure_reads_not_reported_in_hover_text_and_a_dash_in_the_pack_never_unknown(week_view):
    seed = week_view.launches[week_view.launches["launch_id"] == "L-2021-03-25-1"].iloc[0]
    assert pd.isna(seed["flight_time_min"]), "the seed launch's flight time was not reported"

    hovers = [text for trace in timeline_figure(week_view.launches).to_dict()["data"]
              for text in trace.get("hovertext", [])]
    figure_lines = [line for text in hovers for line in text.split("<br>")
                    if line.startswith(("Range", "Flight time"))]
    assert f"Flight time: {NOT_REPORTED}" in figure_lines
    assert not [line for line in figure_lines if "unknown" in line]

    presentation = Presentation(io.BytesIO(to_pptx(pack_slides(week_view, []))))
    table = next(shape.table for slide in presentation.slides for shape in slide.shapes if shape.has_table)
    header = [cell.text for cell in table.rows[0].cells]
    rows = [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]
    flight = header.index("Flight\nmin")
    seed_row = next(row for row in rows if row[0].startswith("2021-03-25"))
    assert seed_row[flight] == NOT_REPORTED_CELL
    assert f"{NOT_REPORTED_CELL} {NOT_REPORTED}" in "\n".join(_slide_lines(presentation))
    figure_cells = [row[column] for row in rows for column in range(header.index("Range\nkm"), flight + 1)]
    assert "unknown" not in figure_cells
