"""Add-a-launch page in AppTest: paste the seed report, check the draft, save, see it everywhere."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from splashdown.briefing import build_pack
from splashdown.catalog import today_kst
from splashdown.filters import Filters
from splashdown.palette import class_rgb
from splashdown.store import open_store
from splashdown.view import load_view
from tests.apps import open_app, plotly_specs

PAGE = "views/add_launch.py"
SEED = (Path(__file__).parent / "report_texts" / "seed_wire.txt").read_text(encoding="utf-8")
FIELD = "add_field_"


def _read(app: AppTest, text: str = SEED, published: date = date(2021, 3, 25)) -> AppTest:
    app.text_area(key="add_report_text").input(text)
    app.date_input(key="add_report_published").set_value(published)
    return app.button(key="add_read_report").click().run()


def _texts(app: AppTest) -> list[str]:
    """Everything drawn as plain text: st.text and st.code (never interpreted as markdown)."""
    return [element.value for element in app.text] + [element.value for element in app.code]


def _stored(store_dir: Path):
    store = open_store(f"sqlite:///{store_dir / 'splashdown.db'}")
    try:
        return store.added_launches()
    finally:
        store.close()


def test_seed_report_becomes_a_prefilled_draft_with_evidence_for_each_field(isolated_store):
    app = _read(open_app(page=PAGE))
    assert not app.exception
    state = app.session_state
    assert state[FIELD + "date"] == date(2021, 3, 25)
    assert state[FIELD + "count"] == 2
    assert state[FIELD + "site_id"] == "prov-south-hamgyong"
    assert (state[FIELD + "range_km"], state[FIELD + "apogee_km"]) == (450.0, 60.0)
    assert state[FIELD + "impact_area"] == "east-sea"
    assert state[FIELD + "missile_class"] == "MRBM"
    assert "ROK JCS: class unknown" in state[FIELD + "notes"]
    texts = _texts(app)
    assert any(t.startswith("From: “South Korean officials said the missiles traveled about 450") for t in texts)
    assert "Not in the report." in texts
    assert any(t.startswith("ROK JCS: class unknown, from: “\"North Korea this morning fired two unidentified")
               for t in texts)
    assert [option for option in app.radio(key="add_draft_choice").options] == [
        "2021-03-25 · MRBM", "2021-03-20 · SRBM", "2021-03-21 · SRBM"]


def test_a_launch_the_catalog_has_is_flagged_with_links_to_annotate_it_instead(isolated_store):
    app = _read(open_app(page=PAGE))
    assert any("already known" in warning.value for warning in app.warning)
    links = {(link.proto.page, link.proto.query_string) for link in app.get("page_link")}
    assert links == {("launches", "launch=L-2021-03-25-1"), ("launches", "launch=L-2021-03-25-2")}
    app.button(key="add_save_launch").click().run()
    assert any("different launch" in code.value for code in app.code)
    assert _stored(isolated_store).empty


def test_saving_the_seed_launch_puts_it_on_the_overview_of_week_12_and_on_the_map(isolated_store):
    app = _read(open_app(page=PAGE))
    app.checkbox(key="add_save_anyway").check()
    app.button(key="add_save_launch").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == [
        "Saved 2 launch(es): A-2021-03-25-1, A-2021-03-25-2. They are on every page now."]
    links = {(link.proto.page, link.proto.query_string) for link in app.get("page_link")}
    assert {("", "week=2021-W12"), ("launches", "launch=A-2021-03-25-1"), ("map", "week=2021-W12")} <= links
    assert app.session_state[FIELD + "date"] == date(2021, 3, 20), "the form moves on to the report's next launch"
    added = _stored(isolated_store)
    assert list(added["launch_id"]) == ["A-2021-03-25-1", "A-2021-03-25-2"]
    assert set(added["source_text"]) == {SEED}
    assert list(added["added_by"]) == ["Test Analyst", "Test Analyst"]

    overview = open_app(query={"week": "2021-W12"})
    timeline = plotly_specs(overview)[0]
    analyst_points = [trace for trace in timeline["data"] if trace["name"] == "MRBM"]
    assert analyst_points and "A-2021-03-25" in json.dumps(analyst_points[0]["customdata"])

    map_page = open_app(query={"week": "2021-W12"}, page="views/map.py")
    deck = json.loads(map_page.get("deck_gl_json_chart")[0].proto.json)
    splashdowns = next(layer for layer in deck["layers"] if layer["id"] == "splashdowns")["data"]
    assert "A-2021-03-25-1" in {point["launch_id"] for point in splashdowns}
    arcs = [layer for layer in deck["layers"] if layer["id"].startswith("arcs ")]
    assert any(layer["getColor"][:3] == class_rgb("MRBM")[:3] and layer["data"] for layer in arcs), (
        "the analyst's MRBM flies its arc in its class's colour")

    pack = Presentation(io.BytesIO(build_pack(load_view(Filters(week="2021-W12")), "pptx")))
    table_text = " ".join(cell.text for slide in pack.slides for shape in slide.shapes if shape.has_table
                          for row in shape.table.rows for cell in row.cells)
    assert table_text.count("(analyst-added)") == 2, "the two saved launches are not in the pack's table"
    assert table_text.count("450") >= 4, "catalog and analyst rows of 2021-03-25 both carry the 450 km"


def test_a_failed_save_keeps_everything_the_analyst_typed(isolated_store):
    app = _read(open_app(page=PAGE), "North Korea fired a missile on Tuesday, officials said.", date(2019, 1, 16))
    assert app.session_state[FIELD + "date"] == date(2019, 1, 15)
    app.text_input(key=FIELD + "missile").input("Hwasong-11C")
    app.text_input(key=FIELD + "time_utc").input("7 am")
    app.text_area(key=FIELD + "notes").input("my own careful note")
    app.button(key="add_save_launch").click().run()
    assert any("Launch site or area: pick one" in code.value for code in app.code)
    app.selectbox(key=FIELD + "site_id").select("sondok")
    app.button(key="add_save_launch").click().run()
    assert any("time_utc" in code.value and "'7 am'" in code.value for code in app.code)
    assert app.session_state[FIELD + "missile"] == "Hwasong-11C"
    assert app.session_state[FIELD + "notes"] == "my own careful note"
    assert app.session_state[FIELD + "site_id"] == "sondok"
    assert _stored(isolated_store).empty


def test_text_with_no_launch_says_so_and_leaves_an_empty_form(isolated_store):
    app = _read(open_app(page=PAGE), "Officials met in Washington on Tuesday to talk about sanctions.")
    assert any("No launch found" in warning.value for warning in app.warning)
    assert app.session_state[FIELD + "site_id"] is None


def test_csv_import_shows_errors_by_row_then_previews_and_imports_a_good_file(isolated_store):
    app = open_app(page=PAGE)
    assert app.get("download_button")
    bad = b"date_kst,site_id,range_km\n2021-03-25,sondok,450\n2021-03-26,atlantis,-1\n"
    app.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    errors = "\n".join(code.value for code in app.code)
    assert "bad.csv row 2: site_id = 'atlantis'" in errors
    assert "bad.csv row 2: range_km = '-1'" in errors
    assert not [b for b in app.button if b.key == "add_import_commit"]

    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["date_kst", "missile_class", "site_id", "range_km", "apogee_km", "impact_area"])
    writer.writerow(["2021-03-25", "SRBM", "prov-south-hamgyong", "450", "60", "east-sea"])
    writer.writerow(["2021-03-25", "SRBM", "prov-south-hamgyong", "450", "60", "east-sea"])
    app.file_uploader[0].set_value(("good.csv", rows.getvalue().encode(), "text/csv")).run()
    assert len(app.dataframe[0].value) == 2
    assert any("may already be known" in code.value for code in app.code)
    app.button(key="add_import_commit").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["Imported 2 launch(es)."]
    assert not [b for b in app.button if b.key == "add_import_commit"]
    assert list(_stored(isolated_store)["source_text"]) == ["CSV import: good.csv"] * 2


def test_markup_in_a_report_and_a_missile_name_is_shown_as_plain_text(isolated_store):
    hostile = ("North Korea fired **two** missiles ![x](http://tracker.invalid/a.png) "
               "<img src=x onerror=alert(1)> from near Sondok on Tuesday, the JCS said.")
    app = _read(open_app(page=PAGE), hostile, date(2019, 1, 16))
    assert f"From: “{hostile}”" in _texts(app)
    app.text_input(key=FIELD + "missile").input("![m](http://tracker.invalid/m.png)")
    app.button(key="add_save_launch").click().run()
    assert app.success, [code.value for code in app.code]
    again = _read(app, hostile, date(2019, 1, 16))
    labels = [link.value for link in again.get("page_link")]
    assert any(label.startswith("Annotate A-2019-01-15-1") for label in labels)
    rendered = [element.value for element in again.markdown] + labels + [w.value for w in again.warning]
    assert not any("tracker.invalid" in value for value in rendered)


def test_a_visit_to_another_page_keeps_the_report_and_the_typed_corrections(isolated_store):
    app = _read(open_app(page=PAGE))
    app.text_input(key=FIELD + "missile").input("Hwasong-11C")
    app.number_input(key=FIELD + "range_km").set_value(600.0)
    app.button(key="add_save_launch").click().run()
    app.switch_page("views/launches.py")
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert app.text_area(key="add_report_text").value == SEED
    assert app.session_state[FIELD + "missile"] == "Hwasong-11C"
    assert app.session_state[FIELD + "range_km"] == 600.0
    app.checkbox(key="add_save_anyway").check()
    app.button(key="add_save_launch").click().run()
    added = _stored(isolated_store)
    assert list(added["range_km"]) == [600.0, 600.0]
    assert set(added["source_text"]) == {SEED}


AGENCY_SLBM = (Path(__file__).parent / "report_texts" / "agency_slbm.txt").read_text(encoding="utf-8")


def _read_undated(app: AppTest, text: str) -> AppTest:
    app.text_area(key="add_report_text").input(text)
    return app.button(key="add_read_report").click().run()


def _claims_shown(app: AppTest) -> pd.DataFrame:
    (table,) = [frame.value for frame in app.dataframe if "Agency" in frame.value.columns]
    return table


def test_an_empty_report_date_is_the_reports_own_dateline_and_the_page_says_so(isolated_store):
    app = _read_undated(open_app(page=PAGE), AGENCY_SLBM)
    assert any("Report date used: 2021-10-19 (the report's own dateline)" in c.value for c in app.caption)
    assert app.session_state[FIELD + "date"] == date(2021, 10, 19)


def test_an_empty_report_date_without_a_dateline_is_today_in_korea_and_the_page_says_so(isolated_store):
    app = _read_undated(open_app(page=PAGE), "North Korea fired a ballistic missile this morning, the JCS said.")
    today = today_kst().isoformat()
    assert any(f"Report date used: {today} (today in Korea" in c.value for c in app.caption)
    assert app.session_state[FIELD + "date"] == today_kst()


def test_the_draft_shows_each_agencys_claim_and_saving_keeps_those_not_left_out(isolated_store):
    app = open_app(page=PAGE)
    app.text_input(key="add_report_url").input("https://wire.example.invalid/slbm")
    app = _read(app, AGENCY_SLBM, date(2021, 10, 19))
    shown = _claims_shown(app)
    ranges = shown[shown["Figure"] == "range"]
    assert list(zip(ranges["Agency"], ranges["Claim"], ranges["Draft uses"])) == [
        ("ROK JCS", "about 590 km", "✓"), ("KCNA", "800 km", "")]
    assert ranges["From"].iloc[1].startswith("North Korea's official Korean Central News Agency (KCNA) said")
    assert ("site", "ROK JCS", "Sinpo Shipyard") in set(zip(shown["Figure"], shown["Agency"], shown["Claim"]))

    misread = app.multiselect(key="add_claims_left_out")
    assert "range, KCNA: 800 km" in misread.options
    misread.select("range, KCNA: 800 km")
    if [c for c in app.checkbox if c.key == "add_save_anyway"]:
        app.checkbox(key="add_save_anyway").check()
    app.button(key="add_save_launch").click().run()
    assert app.success, [code.value for code in app.code]
    store = open_store(f"sqlite:///{isolated_store / 'splashdown.db'}")
    try:
        (launch_id,) = store.added_launches()["launch_id"]
        claims = store.added_claims()
    finally:
        store.close()
    assert set(claims["event_id"]) == {launch_id}
    saved = claims[claims["field"] == "range_km"]
    assert list(zip(saved["agency"], saved["value"], saved["bound"], saved["published"])) == [
        ("ROK JCS", "590", "approx", "2021-10-19")], "the claim the analyst left out is not saved"
    assert {"site", "impact_area", "missile_class", "date_kst"} <= set(claims["field"])
    assert saved["citation"].iloc[0].startswith("https://wire.example.invalid/slbm: “The missile flew about 590 km")

    detail = open_app(query={"launch": launch_id}, page="views/launches.py")
    assert not detail.exception
    (listed,) = [frame.value for frame in detail.dataframe if "Citation" in frame.value.columns]
    listed_ranges = listed[listed["Figure"].str.startswith("range")]
    assert list(zip(listed_ranges["Agency"], listed_ranges["Claim"], listed_ranges["Headline"])) == [
        ("ROK JCS", "about 590 km", "✓ headline")]
    assert ("site", "ROK JCS") in set(zip(listed["Figure"], listed["Agency"]))
    assert [m.delta for m in detail.metric if m.label == "Range"] == ["ROK JCS"]
