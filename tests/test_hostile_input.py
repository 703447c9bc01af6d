"""Hostile input: bad import files, hostile text everywhere it shows, extreme figures, unknown sites.

Each case states the clear behaviour an analyst should see, and checks that nothing is lost or
half-applied: refused imports store nothing, accepted text comes back exactly as typed (or
neutralised where a spreadsheet would run it), and nothing typed is ever rendered as markup.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pypdf
import pytest
from pptx import Presentation

from components.downloads import CHART_TAB
from splashdown import ballistics, catalog, cli, geometry, imports
from splashdown.charts import timeline_figure
from splashdown.data_export import FORMULA_PREFIXES, export_frame, neutralise, to_csv_bytes, to_xlsx_bytes
from splashdown.export_figures import ExportContext, offline_deck_html
from splashdown.filters import Filters
from splashdown.maps import MapOptions, build_deck
from splashdown.pack_pdf import to_pdf
from splashdown.pack_pptx import to_pptx
from splashdown.pack_slides import pack_slides
from splashdown.reports import parse_report
from splashdown.static_map import static_map_figure
from splashdown.store import MAX_NOTE_CHARS, MAX_TAG_CHARS, open_store
from splashdown.view import load_view
from tests.apps import as_read, bottom_line, headline_notes, open_app, open_tab, plotly_specs
from tests.hostile import (
    FORMULAS,
    HOSTILE_TEXTS,
    SEED_ROW,
    XML_ILLEGAL,
    extreme_rows,
    formula_rows,
    import_csv,
    write_huge_csv,
)

LAUNCH = "L-2021-03-25-1"
HUGE_BYTES = 100 * 1024 * 1024


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hostile.db'}"
    return request.getfixturevalue("pg_database_url")


@pytest.fixture
def store(isolated_store: Path) -> Iterator:
    opened = open_store(f"sqlite:///{isolated_store / 'splashdown.db'}")
    yield opened
    opened.close()


def _hostile_launch(**fields: str) -> dict[str, str]:
    return {**SEED_ROW, "missile": HOSTILE_TEXTS["html"], "confirmation": HOSTILE_TEXTS["sql"],
            "sources": HOSTILE_TEXTS["script"], "notes": HOSTILE_TEXTS["control"] + HOSTILE_TEXTS["rtl"], **fields}


def _merged(store) -> pd.DataFrame:  # noqa: ANN001 - a splashdown Store
    launches, rejected = catalog.merge_saved_added(catalog.load_launches(), store.added_launches())
    assert rejected == ()
    summary = store.note_summary()
    launches = launches.merge(summary, on="launch_id", how="left")
    launches["note_count"] = launches["note_count"].fillna(0).astype(int)
    return launches


def _pieces(text: str) -> list[str]:
    """The runs of a text between characters an XML document cannot carry."""
    return [piece for piece in XML_ILLEGAL.split(text) if piece]


# --- CSV uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "byte 1 is not UTF-8 text"),
        (b"<html><body><table><tr><td>2021-03-25</td></tr></table></body></html>", "missing required column(s)"),
        (b"date_kst;site_id;range_km\n2021-03-25;sondok;450\n", "unknown column(s) 'date_kst;site_id;range_km'"),
        (b",,,\n,,,\n", "the file is empty"),
        (b"date_kst,site_id\n2021-03-25,sondok,450,60,east-sea\n", "row 1: 5 cells for 2 columns"),
        (import_csv([SEED_ROW] * (imports.MAX_ROWS + 1)), f"an import takes at most {imports.MAX_ROWS:,} rows"),
    ],
    ids=["png-renamed", "html-page", "semicolons", "only-commas", "ragged-row", "too-many-rows"],
)
def test_a_malformed_upload_is_refused_with_what_is_wrong_and_nothing_is_stored(store, data: bytes, message: str):
    preview = imports.read_import(data, "upload.csv")

    assert not preview.ok
    assert any(error.startswith("upload.csv") and message in error for error in preview.errors), preview.errors
    with pytest.raises(ValueError, match="nothing was imported"):
        imports.commit_import(preview, store, "alice")
    assert store.added_launches().empty


def test_an_unclosed_quote_is_refused_rather_than_swallowing_the_rows_after_it(store):
    data = (b"date_kst,site_id,notes\n2021-03-25,sondok,\"JCS says 450 km\n"
            b"2021-03-26,sondok,second launch\n2021-03-27,sondok,third launch\n")

    preview = imports.read_import(data, "quotes.csv")

    assert not preview.ok, f"would import {len(preview.rows)} launch(es): {preview.records()}"
    assert any("quotes.csv" in error for error in preview.errors)


@pytest.mark.parametrize(
    ("encoding", "notes", "message"),
    [("latin-1", "café", "is not UTF-8 text"), ("cp1252", "“quoted” café", "is not UTF-8 text"),
     ("utf-16", "café", "byte 1 is not UTF-8 text"), ("utf-16-le", "plain ascii", "not a CSV text file")],
)
def test_a_file_not_saved_as_utf8_is_refused_with_how_to_save_it(store, encoding: str, notes: str, message: str):
    data = import_csv([{**SEED_ROW, "notes": notes}], encoding=encoding)

    preview = imports.read_import(data, "export-from-excel.csv")

    assert not preview.ok
    assert any(error.startswith("export-from-excel.csv: ") and message in error for error in preview.errors), \
        preview.errors
    assert store.added_launches().empty


def test_excel_csv_utf8_with_bom_and_crlf_imports_with_korean_text_intact(store):
    notes = "café · 함경남도 함흥 · “quoted”"
    data = import_csv([{**SEED_ROW, "notes": notes}], encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data

    preview = imports.read_import(data, "excel.csv")
    ids = imports.commit_import(preview, store, "alice")

    assert preview.errors == [] and ids == ["A-2021-03-25-1"]
    assert list(store.added_launches()["notes"]) == [notes]


def test_a_huge_upload_is_refused_by_its_size_without_being_decoded():
    data = b"date_kst,site_id\n" + b"2021-03-25,sondok\n" * ((imports.MAX_BYTES // 18) + 10)
    tracemalloc.start()
    try:
        preview = imports.read_import(data, "huge.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert preview.errors == [f"huge.csv: the file is {len(data):,} bytes; an import takes at most "
                              f"{imports.MAX_BYTES:,} bytes."]
    assert peak < 1_000_000, f"refusing a {len(data):,}-byte upload allocated {peak:,} bytes"


def test_the_import_command_refuses_a_100_mb_file_by_its_size_without_reading_it(tmp_path: Path, capsys):
    huge = write_huge_csv(tmp_path / "huge.csv", HUGE_BYTES)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    tracemalloc.start()
    try:
        code = imports.main([str(huge), "--database-url", url])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = capsys.readouterr().err

    assert code == 1
    assert "huge.csv" in error and f"{imports.MAX_BYTES:,} bytes" in error and "nothing was imported" in error
    assert peak < 20_000_000, f"refusing a {huge.stat().st_size:,}-byte file allocated {peak:,} bytes"


def test_formula_laden_rows_import_as_plain_text_and_every_export_neutralises_them(store, tmp_path: Path):
    preview = imports.read_import(import_csv(formula_rows()), "formulas.csv")
    ids = imports.commit_import(preview, store, "=cmd|' /C calc'!A0")
    store.add(ids[0], "@analyst", "=2+2 is the range", ["+tag"])

    # The import trims each cell, which already disarms the tab and carriage-return prefixes.
    typed = sorted(formula.strip() for formula in FORMULAS)
    added = store.added_launches().set_index("launch_id")
    assert sorted(added["missile"]) == typed, "the store keeps the text as it was imported"
    launches = _merged(store)
    mine = launches[launches["launch_id"].isin(ids)]
    frame = export_frame(mine, {launch_id: store.for_launch(launch_id) for launch_id in ids})

    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    for column in ("missile", "confirmation", "sources", "notes"):
        assert sorted(row[column] for row in rows) == sorted(neutralise(formula) for formula in typed)
        assert not [row[column] for row in rows if row[column].startswith(FORMULA_PREFIXES)]
    assert any(row["team_notes"].startswith("'@analyst, ") for row in rows)
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(to_xlsx_bytes(frame, {"filters": "=1+1"}))
    workbook = openpyxl.load_workbook(path)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a formula cell survived"
    assert not [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)]


def test_a_formula_laden_upload_on_the_add_page_is_previewed_and_imported_as_text(isolated_store: Path):
    app = open_app({"week": "2021-W12"}, page="views/add_launch.py")
    app.file_uploader[0].set_value(("formulas.csv", import_csv(formula_rows()), "text/csv")).run()

    assert not app.exception, app.exception
    assert not app.error, [error.value for error in app.error]
    preview = app.dataframe[0].value
    assert sorted(preview["missile"]) == sorted(formula.strip() for formula in FORMULAS)
    app.button(key="add_import_commit").click().run()

    assert not app.exception, app.exception
    added = open_store(f"sqlite:///{isolated_store / 'splashdown.db'}").added_launches()
    assert sorted(added["sources"]) == sorted(formula.strip() for formula in FORMULAS)


def test_a_mis_encoded_upload_on_the_add_page_says_how_to_save_it_and_stores_nothing(
    isolated_store: Path,
):
    app = open_app({"week": "2021-W12"}, page="views/add_launch.py")
    data = import_csv([{**SEED_ROW, "notes": "café"}], encoding="latin-1")
    app.file_uploader[0].set_value(("latin.csv", data, "text/csv")).run()

    assert not app.exception, app.exception
    assert app.error and "cannot be imported; nothing was saved" in app.error[0].value
    assert any("file: latin.csv" in code.value and "save the file as CSV UTF-8" in code.value for code in app.code)
    assert "add_import_commit" not in {button.key for button in app.button}
    assert open_store(f"sqlite:///{isolated_store / 'splashdown.db'}").added_launches().empty


# --- Hostile text everywhere it shows ------------------------------------------------------------


def test_hostile_note_text_tags_and_author_come_back_exactly_from_the_store(database_url: str):
    store = open_store(database_url)
    try:
        saved = {name: store.add(LAUNCH, f"{name} <i>author</i>", text, [f"<b>{name}</b>"])
                 for name, text in HOSTILE_TEXTS.items()}
        edited = store.edit(saved["sql"].id, "sql <i>author</i>", HOSTILE_TEXTS["script"], expected_version=1)

        notes = {note.id: note for note in store.for_launch(LAUNCH)}
        for name, note in saved.items():
            expected = HOSTILE_TEXTS["script"] if name == "sql" else HOSTILE_TEXTS[name]
            assert notes[note.id].text == expected, name
            assert notes[note.id].tags == (f"<b>{name}</b>",)
            assert notes[note.id].author == f"{name} <i>author</i>"
        assert [version.text for version in store.history(edited.id)] == [HOSTILE_TEXTS["sql"], HOSTILE_TEXTS["script"]]
        assert store.note_summary().set_index("launch_id").loc[LAUNCH, "note_count"] == len(HOSTILE_TEXTS)
    finally:
        store.close()


def test_hostile_text_in_an_added_launch_is_stored_exactly_or_refused_whole(database_url: str):
    store = open_store(database_url)
    record = _hostile_launch(notes=HOSTILE_TEXTS["long"], sources=HOSTILE_TEXTS["long"])
    long_names = {**record, "missile": HOSTILE_TEXTS["long"][:500], "confirmation": HOSTILE_TEXTS["long"][:500]}
    try:
        ids = store.add_launches([record], "<b>eve</b>", source_text=HOSTILE_TEXTS["script"],
                                 source_url=HOSTILE_TEXTS["html"])
        added = store.added_launches().set_index("launch_id").loc[ids[0]]
        for column in ("missile", "confirmation", "sources", "notes"):
            assert added[column] == record[column], column
        assert (added["source_text"], added["source_url"]) == (HOSTILE_TEXTS["script"], HOSTILE_TEXTS["html"])
        try:
            store.add_launches([long_names], "eve")
        except ValueError as refused:
            assert "missile" in str(refused) or "confirmation" in str(refused), refused
            assert len(store.added_launches()) == 1, "a refused launch must leave nothing behind"
        else:
            stored = store.added_launches().set_index("launch_id")
            assert set(stored["missile"]) == {record["missile"], long_names["missile"]}
    finally:
        store.close()


def test_hostile_notes_on_the_launches_page_show_as_plain_text(store):
    for name, text in HOSTILE_TEXTS.items():
        store.add(LAUNCH, "Colleague", text, [f"<b>{name}</b>"])
    app = open_app({"week": "2021-W12", "launch": LAUNCH}, page="views/launches.py")

    assert not app.exception, app.exception
    shown = [element.value for element in app.text]
    for name, text in HOSTILE_TEXTS.items():
        assert text in shown, f"the {name} note is not shown as typed"
    rendered = " ".join(element.value for element in [*app.markdown, *app.caption, *app.info, *app.warning])
    for marker in ("<b>bold?</b>", "<script>", "**not bold**", "DROP TABLE", "evil.exe", "word1199"):
        assert marker not in rendered, f"{marker!r} reached a markdown element"
    table = app.dataframe[0].value.set_index("launch_id")
    assert table.loc[LAUNCH, "note_count"] == len(HOSTILE_TEXTS)
    assert table.loc[LAUNCH, "latest_tag"] == "<b>long</b>"


def test_a_hostile_added_launch_shows_as_text_in_the_table_detail_and_source(store):
    (launch_id,) = store.add_launches([_hostile_launch()], "Test Analyst", source_text=HOSTILE_TEXTS["markdown"])
    app = open_app({"week": "2021-W12", "launch": launch_id}, page="views/launches.py")

    assert not app.exception, app.exception
    table = app.dataframe[0].value.set_index("launch_id")
    assert table.loc[launch_id, "missile"] == HOSTILE_TEXTS["html"]
    assert table.loc[launch_id, "confirmation"] == HOSTILE_TEXTS["sql"]
    shown = "\n".join(element.value for element in app.text)
    assert HOSTILE_TEXTS["html"] in shown and HOSTILE_TEXTS["markdown"] in shown
    assert HOSTILE_TEXTS["control"] + HOSTILE_TEXTS["rtl"] in shown
    rendered = " ".join(element.value for element in [*app.markdown, *app.caption, *app.subheader, *app.title])
    assert "<img" not in rendered and "**not bold**" not in rendered


def test_a_hostile_missile_name_shows_as_typed_under_the_overview_headline(store):
    store.add_launches([_hostile_launch()], "Test Analyst")
    app = open_app({"week": "2021-W12"})

    assert not app.exception, app.exception
    assert any(HOSTILE_TEXTS["html"] in note for note in headline_notes(app)), "the first flight is not named as typed"
    assert all("<img" not in element.proto.body for element in app.main.get("html"))


def test_timeline_and_static_map_hovers_carry_no_markup_from_analyst_text(store):
    store.add_launches([_hostile_launch(sources=HOSTILE_TEXTS["script"])], "Test Analyst")
    launches = _merged(store)
    week = launches[launches["week"] == "2021-W12"]

    hovers = [str(text) for figure in (timeline_figure(week), static_map_figure(week)) for trace in figure.data
              for text in np.atleast_1d(trace.hovertext if trace.hovertext is not None else []) if text]
    mine = [text for text in hovers if "bold?" in text]

    assert mine, "the analyst launch has no hover text"
    for text in hovers:
        assert "<" not in text.replace("<br>", ""), f"markup reaches plotly's hover: {text[:200]!r}"
    assert any("alert('note')" in text for text in mine), "the source text must still be readable"


def test_map_tooltips_carry_analyst_text_verbatim_as_text_never_as_html(store):
    store.add_launches([_hostile_launch()], "Test Analyst")
    launches = _merged(store)
    week = launches[launches["week"] == "2021-W12"]
    deck = build_deck(week)
    spec = json.loads(deck.to_json())

    tooltips = [record["tooltip"] for layer in spec["layers"] if isinstance(layer.get("data"), list)
                for record in layer["data"] if "tooltip" in record]
    assert any(HOSTILE_TEXTS["html"] in tooltip for tooltip in tooltips)
    context = ExportContext(HOSTILE_TEXTS["script"], HOSTILE_TEXTS["html"], "2021-03-25", HOSTILE_TEXTS["markdown"])
    page = offline_deck_html(deck, context).decode("utf-8")
    plain = offline_deck_html(build_deck(launches[launches["week"] == "2021-W11"]),
                              ExportContext("t", "f", "2021-03-25", "s")).decode("utf-8")
    assert page.count("</script") == plain.count("</script"), "analyst text closed the page's script early"
    assert "<h1>&lt;script&gt;alert(&#x27;note&#x27;)" in page, "the title is escaped, not markup"


def test_hostile_notes_export_to_csv_exactly(store):
    for text in HOSTILE_TEXTS.values():
        store.add(LAUNCH, "Colleague", text)
    launches = _merged(store)
    week = launches[launches["week"] == "2021-W12"]
    frame = export_frame(week, {LAUNCH: store.for_launch(LAUNCH)})

    rows = {row["launch_id"]: row for row in
            csv.DictReader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline=""))}
    notes_cell = rows[LAUNCH]["team_notes"]
    for name, text in HOSTILE_TEXTS.items():
        assert text in notes_cell, f"the {name} note did not come back from the CSV"



def test_hostile_notes_export_to_xlsx_without_formulas_or_lost_text(store, tmp_path: Path):
    for text in HOSTILE_TEXTS.values():
        store.add(LAUNCH, "Colleague", text)
    launches = _merged(store)
    frame = export_frame(launches[launches["week"] == "2021-W12"], {LAUNCH: store.for_launch(LAUNCH)})

    path = tmp_path / "notes.xlsx"
    path.write_bytes(to_xlsx_bytes(frame, {"title": HOSTILE_TEXTS["formula"]}))
    sheet = openpyxl.load_workbook(path)["Launches"]
    header = [cell.value for cell in sheet[1]]
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=header.index("team_notes") + 1).value
             for r in range(2, sheet.max_row + 1)}
    assert cells[LAUNCH].startswith("Colleague, ")
    for name, text in HOSTILE_TEXTS.items():
        for piece in _pieces(text):
            assert piece in cells[LAUNCH], f"part of the {name} note is missing from the XLSX: {piece[:40]!r}"


def test_hostile_notes_reach_the_briefing_pack_slides_as_text(store):
    for text in HOSTILE_TEXTS.values():
        store.add(LAUNCH, "<i>Colleague</i>", text, ["<b>tag</b>"])
    view = load_view(Filters(week="2021-W12"))
    pack = pack_slides(view, [])

    deck = Presentation(io.BytesIO(to_pptx(pack)))
    pptx_text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                          if shape.has_text_frame)
    pdf = pypdf.PdfReader(io.BytesIO(to_pdf(pack)))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)

    for name in ("html", "script", "sql", "formula"):
        assert HOSTILE_TEXTS[name] in pptx_text, f"the {name} note is not on a slide as typed"
        assert HOSTILE_TEXTS[name] in pdf_text, f"the {name} note is not in the PDF as typed"
    for name in ("markdown", "rtl"):
        assert HOSTILE_TEXTS[name] in pptx_text, f"the {name} note is not on a slide as typed"
    # Slides hold no control characters: each may become a break or an escape, the words around it stay.
    for piece in filter(None, re.split(r"[\x00-\x1f\x7f]", HOSTILE_TEXTS["control"])):
        assert piece in pptx_text, f"part of the control-character note is missing from the slides: {piece!r}"
    assert "<i>Colleague</i>" in pptx_text and "<b>tag</b>" in pdf_text
    assert "THE-END" in pptx_text and "THE-END" in pdf_text, "the end of a long note was cut off"


# --- Extreme figures -----------------------------------------------------------------------------


def test_extreme_but_valid_flights_reconstruct_to_finite_figures():
    straight_up = ballistics.reconstruct(0, 100)
    highest = ballistics.reconstruct(1_000, 10_000)
    orbital = ballistics.reconstruct(20_000, 10)

    assert straight_up.time_of_flight_s > 0 and straight_up.trajectory_class == "lofted"
    assert highest.met_range_km == math.inf and highest.burnout_speed_km_s > 7.9
    assert orbital.met_range_km == math.inf
    for flight in (straight_up, highest, orbital):
        assert math.isfinite(flight.burnout_speed_km_s) and math.isfinite(flight.time_of_flight_s)
        assert np.isfinite(flight.profile.altitude_km).all()
    vectorised = ballistics.reconstruct_many(np.array([0.0, 1_000, 20_000, np.nan, -1, 25_000]),
                                             np.array([100.0, 10_000, 10, 50, 50, 50]))
    assert vectorised["burnout_speed_km_s"].iloc[:3].notna().all()
    assert vectorised["burnout_speed_km_s"].iloc[3:].isna().all(), "invalid rows are unknown, not numbers"


@pytest.mark.parametrize(("range_km", "apogee_km"), [(0, 0), (-1, 100), (100, -5), (math.nan, 100), (100, math.inf),
                                                     (20_100, 100)])
def test_impossible_flights_are_refused_with_a_value_error(range_km: float, apogee_km: float):
    with pytest.raises(ValueError):
        ballistics.reconstruct(range_km, apogee_km)


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the map JSON: a browser cannot parse it")

    return json.loads(text, parse_constant=refuse)


def test_extreme_flights_reach_the_map_and_static_map_with_finite_coordinates(store):
    store.add_launches(extreme_rows(), "Test Analyst")
    launches = _merged(store)
    extreme = launches[launches["missile"] == "extreme"]
    estimates = geometry.estimate_splashdowns(extreme)

    # Straight up has no splashdown away from the site, and 20,000 km cannot end in the Pacific.
    assert len(estimates) >= 2
    assert np.isfinite(estimates[["impact_lat", "impact_lon", "est_bearing_deg"]].to_numpy(dtype=float)).all()
    # At true scale: fitted to the frame, the map would compress the heights it is asked to draw.
    spec = _strict_json(build_deck(extreme, MapOptions(exaggeration=1.0)).to_json())
    arcs = next(layer for layer in spec["layers"] if layer["id"] == "arcs")["data"]
    assert len(arcs) == len(estimates)
    assert max(point[2] for arc in arcs for point in arc["path"]) >= 10_000_000, "the 10,000 km apogee is drawn"
    figure = static_map_figure(extreme)
    assert figure.data


def test_the_map_page_draws_extreme_flights_without_error(store):
    store.add_launches(extreme_rows(), "Test Analyst")
    app = open_app({"week": "2021-W12"}, page="views/map.py")

    assert not app.exception, app.exception
    chart = app.get("deck_gl_json_chart")[0].proto
    spec = _strict_json(chart.json)
    assert set(json.loads(chart.tooltip)) == {"text"}, "an html tooltip would render analyst text as markup"
    tooltips = [record.get("tooltip", "") for layer in spec["layers"] if isinstance(layer.get("data"), list)
                for record in layer["data"]]
    assert sum("extreme" in tooltip for tooltip in tooltips) >= 2


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("range_km", "20001", "is implausible"), ("apogee_km", "10001", "is implausible"),
     ("apogee_km", "0", "never 0"), ("range_km", "inf", "must be a number written with the digits 0-9"),
     ("apogee_km", "NaN", "must be a number written with the digits 0-9"),
     ("range_km", "1e400", "must be a finite number"),
     ("bearing_deg", "360", "from 0 to below 360"), ("flight_time_min", "-3", "must be above 0")],
)
def test_impossible_figures_in_an_import_name_the_row_field_and_value(field: str, value: str, reason: str):
    rows = [SEED_ROW, {**SEED_ROW, field: value}]

    preview = imports.read_import(import_csv(rows), "figures.csv")

    assert not preview.ok
    assert any(error.startswith(f"figures.csv row 2: {field} = {value!r}: ") and reason in error
               for error in preview.errors), preview.errors


# --- Unknown sites -------------------------------------------------------------------------------


def test_an_unknown_site_id_in_an_import_is_named_and_nothing_is_stored(store):
    rows = [SEED_ROW, {**SEED_ROW, "site_id": "<script>x</script>"}, {**SEED_ROW, "site_id": "Hamkyung"}]

    preview = imports.read_import(import_csv(rows), "sites.csv")

    assert preview.errors == [
        "sites.csv row 2: site_id = '<script>x</script>': is not a site_id in sites.csv",
        "sites.csv row 3: site_id = 'Hamkyung': is not a site_id in sites.csv",
    ]
    with pytest.raises(ValueError):
        store.add_launches(rows, "alice")
    assert store.added_launches().empty


def test_a_launch_from_an_unlocated_site_is_listed_and_left_off_the_map(store):
    (launch_id,) = store.add_launches([{**SEED_ROW, "site_id": "unknown"}], "Test Analyst")
    launches = _merged(store)
    week = launches[launches["week"] == "2021-W12"]

    spec = _strict_json(build_deck(week).to_json())
    placed = {record.get("launch_id") for layer in spec["layers"] if isinstance(layer.get("data"), list)
              for record in layer["data"]}
    assert launch_id not in placed
    assert static_map_figure(week).data

    for page in ("views/launches.py", "views/map.py", "views/overview.py"):
        app = open_app({"week": "2021-W12", "launch": launch_id}, page=page)
        assert not app.exception, (page, app.exception)
    table = open_app({"week": "2021-W12"}, page="views/launches.py").dataframe[0].value
    assert launch_id in set(table["launch_id"])


def test_the_trajectory_page_reconstructs_extreme_flights_and_explains_impossible_what_ifs(store):
    ids = store.add_launches(extreme_rows(), "Test Analyst")
    app = open_app({"week": "2021-W12"}, page="views/trajectory.py")

    for launch_id in ids:
        app.selectbox(key="trajectory_launch").set_value(launch_id).run()
        assert not app.exception, (launch_id, app.exception)
        assert app.get("plotly_chart"), f"no profile drawn for {launch_id}"
    app.segmented_control(key="trajectory_mode").set_value("What-if: type range and apogee").run()
    for range_km, apogee_km, message in [(0, 10_000, None), (20_000, 10, None),
                                         (20_100, 100, "over half the Earth's circumference"),
                                         (500, 0, "apogee must be above the surface")]:
        app.number_input(key="whatif_range").set_value(range_km)
        app.number_input(key="whatif_apogee").set_value(apogee_km).run()
        assert not app.exception, (range_km, apogee_km, app.exception)
        errors = [error.value for error in app.error]
        if message is None:
            assert errors == [], errors
        else:
            assert len(errors) == 1 and message in errors[0], errors


HOSTILE_REPORT = (
    "<b>SEOUL</b>, March 25 (Wire) -- North Korea fired two ballistic missiles from South Hamgyong province "
    "into the East Sea on Thursday <script>alert('report')</script>, South Korea's Joint Chiefs of Staff said.\x07 "
    "The missiles flew about 450 km at a maximum altitude of 60 km. **Officials** called it a "
    "[provocation](javascript:alert(1)). \u202eمرحبا\u202c DROP TABLE added_launches; --"
)


def test_a_hostile_report_is_read_into_a_draft_and_its_text_stays_plain_and_whole(store):
    drafts = [draft for text in (*HOSTILE_TEXTS.values(), HOSTILE_TEXTS["long"] * 12 + HOSTILE_REPORT)
              for draft in parse_report(text, published=date(2021, 3, 25))]
    assert any(draft.range_km == 450 and draft.apogee_km == 60 for draft in drafts)

    app = open_app({"week": "2021-W12"}, page="views/add_launch.py")
    app.text_area(key="add_report_text").input(HOSTILE_REPORT)
    app.date_input(key="add_report_published").set_value(date(2021, 3, 25))
    app.button(key="add_read_report").click().run()

    assert not app.exception, app.exception
    assert app.number_input(key="add_field_range_km").value == 450
    assert app.date_input(key="add_field_date").value == date(2021, 3, 25)
    evidence = [element.value for element in [*app.text, *app.code] if "450 km" in element.value]
    assert evidence, "the evidence sentence for the range is not shown"
    rendered = " ".join(element.value for element in [*app.markdown, *app.caption, *app.info, *app.success])
    assert "<script>" not in rendered and "**Officials**" not in rendered
    app.checkbox(key="add_save_anyway").check()
    app.button(key="add_save_launch").click().run()

    assert not app.exception, app.exception
    added = store.added_launches()
    assert len(added) == 2, "the report names two missiles"
    assert set(added["source_text"]) == {HOSTILE_REPORT}


LINK_TEXT = "![pixel](http://x.invalid/p.png) **urgent** [call](javascript:alert(1)) <b>b</b>"


@pytest.mark.parametrize(
    "page",
    ["views/overview.py", "views/launches.py", "views/map.py", "views/trajectory.py", "views/briefing.py"],
)
def test_search_text_and_tags_from_a_link_are_never_rendered_as_markdown(isolated_store: Path, page: str):
    app = open_app({"week": "2021-W12", "q": LINK_TEXT, "tag": "**tag**"}, page=page)

    assert not app.exception, app.exception
    assert any(LINK_TEXT in element.value for element in app.text), "the search text is not shown as typed"
    markdown = [element.value for element in [*app.markdown, *app.caption, *app.info, *app.warning, *app.success,
                                              *app.title, *app.subheader]]
    assert not [value for value in markdown if "x.invalid" in value or "**tag**" in value], markdown


@pytest.mark.parametrize("parameter", ["week", "from", "class", "site", "province", "outcome", "tag", "notes"])
def test_link_values_echoed_in_a_notice_are_never_rendered_as_markdown(isolated_store: Path, parameter: str):
    app = open_app({parameter: LINK_TEXT})

    assert not app.exception, app.exception
    notices = [warning.value for warning in app.sidebar.warning]
    assert notices, "the link's value is not named in a notice"
    assert not [notice for notice in notices if "](" in notice or "**" in notice or "<b>" in notice], notices


def test_a_typed_week_named_in_the_error_is_never_rendered_as_markdown(isolated_store: Path):
    app = open_app({"week": "2021-W12"})
    app.text_input(key="f_week").input(LINK_TEXT).run()

    assert not app.exception, app.exception
    errors = [error.value for error in app.sidebar.error]
    assert errors and all("Keeping 2021-W12" in as_read(error) for error in errors), errors
    assert not [error for error in errors if "](" in error or "**" in error or "<b>" in error], errors


@pytest.mark.parametrize(
    ("query", "notice"),
    [({"from": "1900-01-01", "to": "1984-05-01"}, "Ignored 'from=1900-01-01': links cover 1984-04-01"),
     ({"week": "1950-W10"}, "Ignored week '1950-W10'"),
     ({"week": "2999-W01"}, "Ignored week '2999-W01'"),
     ({"week": "0001-W01"}, "Ignored week '0001-W01'"),
     ({"from": "0001-01-01", "to": "9999-12-31"}, "Ignored 'to=9999-12-31'"),
     ({"week": "1984-W13"}, None),
     ({"week": "<script>alert(1)</script>"}, "is not an ISO week"),
     ({"from": "9999-99-99", "to": "0000-01-01"}, "dates are written YYYY-MM-DD"),
     ({"week": "2021-W12", "class": "SRBM,<b>x</b>,,,", "site": "../../etc/passwd", "province": "'; DROP TABLE x; --",
       "outcome": "maybe", "notes": "2", "q": "y" * 20_000, "tag": "<b>t</b>," * 300}, "unknown missile class"),
     ({"week": "2021-W12", "launch": "L-2021-03-25-1\x07" + "x" * 5_000}, None)],
    ids=["dates-from-1900", "week-before-1984", "week-2999", "week-of-year-1", "dates-year-1-to-9999",
         "week-of-1-april-1984", "week-markup", "impossible-dates", "unknown-values", "launch-id-junk"],
)
def test_a_hostile_or_out_of_range_link_opens_every_page_with_a_notice_not_an_error(
    isolated_store: Path, query: dict[str, str], notice: str | None
):
    first = open_app(query)
    warnings = [as_read(warning.value) for warning in first.sidebar.warning]
    assert not first.exception, first.exception[0].message
    assert notice is None or any(notice in warning for warning in warnings), warnings
    for page in ("views/launches.py", "views/map.py", "views/trajectory.py", "views/briefing.py"):
        app = open_app(query, page=page)
        assert not app.exception, (page, app.exception[0].message)
    for tab in ("Weekly counts", "Map"):  # the Briefing page draws a chart tab only once it is opened
        open_tab(app, CHART_TAB, tab)
        assert not app.exception, (tab, app.exception[0].message)


def test_a_note_at_the_length_limit_with_an_over_long_tag_is_refused_naming_the_tag_and_keeps_the_text(store):
    text = ("Depressed trajectory. " * 500)[:MAX_NOTE_CHARS]
    app = open_app({"week": "2021-W12", "launch": LAUNCH}, page="views/launches.py")
    app.text_area(key=f"add_text_{LAUNCH}").input(text)
    app.multiselect(key=f"add_tags_{LAUNCH}").set_value(["t" * (MAX_TAG_CHARS + 1)])
    app.button(key=f"add_note_{LAUNCH}").click().run()

    assert not app.exception, app.exception
    assert any("Not saved" in error.value for error in app.error)
    assert any(f"is {MAX_TAG_CHARS + 1} characters long; tags are limited to {MAX_TAG_CHARS}" in element.value
               for element in app.text)
    assert app.text_area(key=f"add_text_{LAUNCH}").value == text
    assert store.for_launch(LAUNCH) == []

    app.multiselect(key=f"add_tags_{LAUNCH}").set_value(["trajectory"])
    app.button(key=f"add_note_{LAUNCH}").click().run()
    assert [(note.text, note.tags) for note in store.for_launch(LAUNCH)] == [(text, ("trajectory",))]


def test_a_missile_name_with_markup_is_shown_literally_in_the_flight_profile(store):
    name = '<b>bold?</b> <a href="http://x.invalid">link</a>'
    (launch_id,) = store.add_launches([{**SEED_ROW, "missile": name}], "Test Analyst")
    app = open_app({"week": "2021-W12", "launch": launch_id}, page="views/trajectory.py")
    app.selectbox(key="trajectory_launch").set_value(launch_id).run()

    assert not app.exception, app.exception
    (spec,) = [spec for spec in plotly_specs(app) if "Flight profile" in spec["layout"]["title"]["text"]]
    texts = [spec["layout"]["title"]["text"], *(trace.get("name", "") for trace in spec["data"])]
    assert not [text for text in texts if "<b>" in text or "<a " in text], texts
    assert any("&lt;b&gt;bold?&lt;/b&gt;" in text for text in texts), "the name must still read as typed"


def test_analyst_text_in_an_added_launch_is_never_rendered_as_markdown_on_overview_or_trajectory(store):
    markdown = "![pixel](http://x.invalid/p.png) **loud** :red[red]"
    (launch_id,) = store.add_launches([{**SEED_ROW, "missile": f"KN-23 {markdown}", "confirmation": markdown,
                                        "sources": markdown, "notes": markdown}], "Test Analyst")
    overview = open_app({"week": "2021-W12"}, page="views/overview.py")
    trajectory = open_app({"week": "2021-W12"}, page="views/trajectory.py")
    trajectory.selectbox(key="trajectory_launch").set_value(launch_id).run()

    for app in (overview, trajectory):
        assert not app.exception, app.exception
        rendered = [element.value for element in [*app.markdown, *app.caption, *app.info, *app.warning,
                                                  *app.success, *app.error, *app.title, *app.subheader]]
        assert not [value for value in rendered if "x.invalid" in value or "**loud**" in value], rendered
        shown = [element.value for element in app.text]
        if app is overview:
            # The bottom line and the headline's notes are escaped HTML text, which no Markdown reaches.
            shown += [*bottom_line(app), *headline_notes(app)]
            assert all("<img" not in element.proto.body for element in app.main.get("html"))
        assert any(markdown in text for text in shown), "the text must still be shown as typed"


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--from", "0001-01-01", "--to", "1984-05-01"], "--from 0001-01-01 is outside 1984-04-01"),
     (["--from", "2021-01-01", "--to", "9999-12-31"], "--to 9999-12-31 is outside 1984-04-01"),
     (["--week", "0001-W01"], "week 0001-W01 is outside 1984-04-01")],
    ids=["from-year-1", "to-year-9999", "week-of-year-1"],
)
def test_the_command_lines_refuse_a_period_outside_the_catalog_years_as_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, argv: list[str], message: str
):
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    exported = cli.export(["timeline", *argv, "--out", str(tmp_path / "timeline.html")])
    export_error = capsys.readouterr().err
    briefed = cli.brief([*argv, "--format", "pdf", "--out", str(tmp_path / "pack.pdf")])
    brief_error = capsys.readouterr().err

    assert (exported, briefed) == (2, 2)
    assert message in export_error and message in brief_error
    assert not (tmp_path / "timeline.html").exists() and not (tmp_path / "pack.pdf").exists()


def test_an_upload_named_like_markdown_is_shown_as_plain_text(isolated_store: Path):
    app = open_app({"week": "2021-W12"}, page="views/add_launch.py")
    name = "[click me](http://example.invalid) **bold**.csv"
    app.file_uploader[0].set_value((name, b"not,a,template\n1,2,3\n", "text/csv")).run()

    assert not app.exception, app.exception
    assert app.error and "example.invalid" not in app.error[0].value
    assert any(f"file: {name}" in code.value for code in app.code)
