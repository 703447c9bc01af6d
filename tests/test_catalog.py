"""The curated catalog: what analysts check first, and every way a bad row is turned away."""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from splashdown.catalog import (
    DERIVED_COLUMNS,
    CatalogError,
    iso_week,
    load_claims,
    load_launches,
    load_sites,
    merge_saved_added,
    today_kst,
    validate_launch_rows,
)
from splashdown.config import PROJECT_ROOT
from splashdown.vocabulary import MISSILE_CLASSES, RAW_COLUMNS

DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_launches(DATA_DIR)


def _on(catalog: pd.DataFrame, day: str) -> pd.DataFrame:
    return catalog[catalog["date_kst"] == pd.Timestamp(day)]


# --- the catalog as shipped ----------------------------------------------------------------------


def test_catalog_has_the_contract_columns_and_types(catalog):
    assert list(catalog.columns) == list(RAW_COLUMNS + DERIVED_COLUMNS)
    assert catalog["date_kst"].dtype == "datetime64[ns]"
    for column in ("range_km", "apogee_km", "flight_time_min", "bearing_deg", "lat", "lon"):
        assert catalog[column].dtype == "float64", column
    assert catalog["year"].dtype == "int64"
    assert catalog["salvo_size"].dtype == "int64"
    numeric_or_date = ("date_kst", "range_km", "apogee_km", "flight_time_min", "bearing_deg")
    text_columns = [c for c in RAW_COLUMNS if c not in numeric_or_date]
    for column in text_columns + ["week", "site_name", "province", "site_precision", "origin"]:
        assert not catalog[column].isna().any(), f"{column} has NaN instead of empty text"
    assert set(catalog["origin"]) == {"catalog"}


def test_catalog_covers_1984_to_the_newest_source_launch(catalog):
    assert catalog["date_kst"].min() == pd.Timestamp("1984-04-09")
    assert catalog["date_kst"].max() == pd.Timestamp("2026-10-03")
    assert catalog["launch_id"].is_unique
    assert set(catalog["missile_class"]) <= set(MISSILE_CLASSES)


def test_seed_scenario_two_srbms_from_south_hamgyong_in_week_12(catalog):
    day = _on(catalog, "2021-03-25")
    assert len(day) == 2
    assert set(day["province"]) == {"South Hamgyong"}
    assert day["event_id"].nunique() == 1 and set(day["salvo_size"]) == {2}
    assert set(day["range_km"]) == {450.0}
    assert set(day["apogee_km"]) == {60.0}
    assert set(day["impact_area"]) == {"east-sea"}
    assert set(day["week"]) == {"2021-W12"}
    assert set(day["missile_class"]) == {"SRBM"}
    assert set(day["confirmation"]) == {"ROK JCS"}
    claims = load_claims(DATA_DIR)
    kcna = claims[(claims["event_id"] == day["event_id"].iloc[0]) & (claims["agency"] == "KCNA")]
    assert list(kcna["field"]) == ["range_km"] and list(kcna["value"]) == ["600"]
    # The UTC tables date it 24 March: the Korean date comes from the 22:04 and 22:23 UTC times.
    assert list(day["time_utc"]) == ["22:04", "22:23"]


@pytest.mark.parametrize(
    ("day", "missile", "missile_class", "count", "range_km", "apogee_km", "impact_area"),
    [
        # ROK JCS 960 km / 4,500 km beat CNS/NTI's 950 / 4,475 (KCNA's figures).
        ("2017-11-29", "Hwasong-15", "ICBM", 1, 960.0, 4500.0, "east-sea"),
        # Japan MoD's figures beat CNS/NTI's; the Hwasong-19's apogee is KCNA's (Japan MoD: over 7,000 km).
        ("2022-11-18", "Hwasong-17", "ICBM", 1, 1000.0, 6000.0, "east-sea"),
        ("2024-10-31", "Hwasong-19", "ICBM", 1, 1000.0, 7687.5, "east-sea"),
        ("2017-07-04", "Hwasong-14", "ICBM", 1, 933.0, 2802.0, "east-sea"),
        ("2017-07-28", "Hwasong-14", "ICBM", 1, 998.0, 3724.9, "east-sea"),
        ("2017-08-29", "Hwasong-12", "IRBM", 1, 2700.0, 550.0, "pacific"),
        ("2022-10-04", "New IRBM 2022", "IRBM", 1, 4500.0, 970.0, "pacific"),  # ROK JCS, not Japan MoD's 4,600 / 1,000
        ("2016-08-24", "Pukguksong-1", "SLBM", 1, 500.0, None, "east-sea"),
        ("2012-12-12", "Unha-3", "SLV", 1, 2600.0, 581.0, "unknown"),
        ("2016-02-07", "Unha-3", "SLV", 1, 2500.0, 502.0, "unknown"),
        ("2023-04-13", "Hwasong-18", "ICBM", 1, 1000.0, 3000.0, "east-sea"),
        ("2022-12-18", "unknown", "MRBM", 2, 500.0, 550.0, "east-sea"),
    ],
)
def test_well_documented_launches_are_right(
    catalog, day, missile, missile_class, count, range_km, apogee_km, impact_area
):
    rows = _on(catalog, day)
    assert len(rows) == count
    row = rows.iloc[0]
    assert row["missile"] == missile
    assert row["missile_class"] == missile_class
    assert row["range_km"] == range_km
    assert (pd.isna(row["apogee_km"]) if apogee_km is None else row["apogee_km"] == apogee_km)
    assert row["impact_area"] == impact_area


def test_first_scud_tests_of_1984_are_six_from_tonghae(catalog):
    tests_1984 = catalog[catalog["year"] == 1984]
    assert len(tests_1984) == 6
    assert set(tests_1984["site_id"]) == {"tonghae"}
    assert set(tests_1984["missile"]) == {"Scud-B"}
    assert sorted(tests_1984["outcome"]) == ["failure"] * 3 + ["success"] * 3


def test_twelve_hour_time_bugs_are_fixed(catalog):
    assert _on(catalog, "2016-02-07")["time_utc"].tolist() == ["00:29"]
    assert _on(catalog, "2017-07-04")["time_utc"].tolist() == ["00:40"]


def test_korean_dates_not_utc_dates(catalog):
    # 2009: seven missiles on 4 July local time; 2015: two Scuds on 2 March local time.
    assert len(_on(catalog, "2009-07-04")) == 7 and _on(catalog, "2009-07-05").empty
    assert len(_on(catalog, "2015-03-02")) == 2 and _on(catalog, "2015-03-01").empty
    # Hwasong-15: 18:18 UTC on 28 November is 03:18 KST on the 29th.
    assert _on(catalog, "2017-11-28").empty


def test_launches_missing_from_the_tables_are_added(catalog):
    tongrim = _on(catalog, "2022-11-05")
    assert len(tongrim) == 4 and set(tongrim["impact_area"]) == {"yellow-sea"}
    assert set(tongrim["site_id"]) == {"county-tongrim"}
    wonsan = _on(catalog, "2024-05-17")
    assert not wonsan.empty and set(wonsan["province"]) == {"Kangwon"}
    late_2026 = catalog[catalog["date_kst"] > pd.Timestamp("2026-04-19")]
    late_dates = set(late_2026["date_kst"].dt.strftime("%Y-%m-%d"))
    assert {"2026-08-12", "2026-08-20", "2026-09-20", "2026-10-03"} <= late_dates
    assert set(_on(catalog, "2026-09-20")["range_km"]) == {440.0, 590.0}


def test_cruise_missiles_from_2019_are_class_cruise(catalog):
    onchon = _on(catalog, "2021-03-21")
    assert len(onchon) == 2 and set(onchon["missile_class"]) == {"cruise"}
    assert set(onchon["site_id"]) == {"county-onchon"}
    cruise = catalog[catalog["missile_class"] == "cruise"]
    assert cruise["year"].min() >= 2019
    assert {2020, 2021, 2022, 2023, 2024, 2025, 2026} <= set(cruise["year"])


def test_no_launches_in_2018(catalog):
    assert (catalog["year"] == 2018).sum() == 0


# Ballistic, SLV and hypersonic missiles per Korean-calendar year. Up to 2022 this is the CNS/NTI
# table re-dated from its UTC times (2022 adds the 2 November Japan MoD launch and the four
# Tongrim SRBMs of 5 November). From 2023: CNS to 12 April, nagix after, plus the launches only
# CSIS and Japan MoD report (2024-05-17; the 2026 launches after 18 April).
BALLISTIC_PER_YEAR = {
    1984: 6, 1986: 1, 1990: 2, 1991: 1, 1992: 1, 1993: 4, 1998: 1, 2006: 7, 2009: 8, 2012: 2,
    2013: 6, 2014: 19, 2015: 15, 2016: 24, 2017: 21, 2019: 27, 2020: 9, 2021: 6, 2022: 74,
    # 2024: Japan MoD counted three on 03-18 (nagix six), ROK JCS about ten on 05-30 (nagix 18) and
    # Japan MoD at least seven on 11-05 (nagix one); 2026: ROK JCS counted five on 01-27 (nagix two).
    2023: 33, 2024: 38, 2025: 11, 2026: 47,
}


def test_missiles_per_year_agree_with_the_sources(catalog):
    ballistic = catalog[catalog["missile_class"] != "cruise"]
    assert ballistic.groupby("year").size().to_dict() == BALLISTIC_PER_YEAR


def test_unknown_figures_are_empty_never_zero(catalog):
    assert not (catalog["apogee_km"] == 0).any()
    assert not (catalog["range_km"] == 0).any()
    # Japan MoD's "50 km or below" is a bound, not a figure: the column stays empty.
    assert pd.isna(_on(catalog, "2022-11-02").query("site_id == 'unknown'")["apogee_km"]).all()


def test_default_bearings_are_never_reported(catalog):
    with_bearing = catalog[catalog["bearing_deg"].notna()]
    assert set(with_bearing["bearing_basis"]) <= {"reported", "inferred", "assumed"}
    assert (catalog.loc[catalog["bearing_deg"].isna(), "bearing_basis"] == "").all()
    reported_sources = with_bearing.loc[with_bearing["bearing_basis"] == "reported", "sources"]
    assert reported_sources.str.contains("Japan MoD|CSIS").all()
    assert (with_bearing.loc[with_bearing["bearing_basis"] == "assumed", "bearing_deg"] == 90).all()
    # A default east bearing into the Yellow Sea would be wrong: those are inferred west.
    uiju = _on(catalog, "2022-11-02").query("site_id == 'uiju'")
    assert set(uiju["bearing_deg"]) == {270.0} and set(uiju["bearing_basis"]) == {"inferred"}


def test_every_row_names_its_sources_and_authority(catalog):
    assert (catalog["sources"].str.len() > 0).all()
    assert (catalog["confirmation"].str.len() > 0).all()


def test_every_catalog_id_is_recorded_in_the_id_map(catalog):
    with (DATA_DIR / "curation" / "ids.csv").open(encoding="utf-8") as handle:
        recorded = {row["launch_id"]: row["event_id"] for row in csv.DictReader(handle)}
    assert dict(zip(catalog["launch_id"], catalog["event_id"])).items() <= recorded.items()


def test_sites_cover_every_launch_and_every_province():
    sites = load_sites(DATA_DIR)
    provinces = sites[sites["precision"] == "province"]
    assert len(provinces) == 11
    assert "prov-south-hamgyong" in set(sites["site_id"])
    located = sites[sites["precision"] != "unknown"]
    assert located["lat"].between(37.5, 43.1).all() and located["lon"].between(124.0, 131.0).all()


def test_iso_week_follows_iso_8601():
    assert iso_week(date(2021, 3, 25)) == "2021-W12"
    assert iso_week(date(2021, 1, 3)) == "2020-W53"
    assert iso_week(pd.Timestamp("2024-12-30")) == "2025-W01"


# --- bad rows are turned away with the file, row, field and value ----------------------------------

_GOOD_ROWS = [
    {
        "launch_id": "L-2021-03-25-1", "event_id": "E-2021-03-25-1", "date_kst": "2021-03-25",
        "time_utc": "22:04", "missile": "Hwasong-11C", "missile_class": "SRBM", "site_id": "sondok",
        "range_km": "450", "apogee_km": "60", "flight_time_min": "", "bearing_deg": "90",
        "bearing_basis": "reported", "impact_area": "east-sea", "outcome": "success",
        "confirmation": "ROK JCS", "sources": "Japan MoD 2021-03-25c", "notes": "",
    },
    {
        "launch_id": "L-2021-03-25-2", "event_id": "E-2021-03-25-1", "date_kst": "2021-03-25",
        "time_utc": "22:23", "missile": "Hwasong-11C", "missile_class": "SRBM", "site_id": "yonpo",
        "range_km": "450", "apogee_km": "60", "flight_time_min": "", "bearing_deg": "",
        "bearing_basis": "", "impact_area": "east-sea", "outcome": "success",
        "confirmation": "ROK JCS", "sources": "Japan MoD 2021-03-25c", "notes": "",
    },
]


def _data_dir_with(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    shutil.copy(DATA_DIR / "sites.csv", tmp_path / "sites.csv")
    with (tmp_path / "launches.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(RAW_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path


def test_a_small_valid_catalog_loads(tmp_path):
    launches = load_launches(_data_dir_with(tmp_path, _GOOD_ROWS))
    assert len(launches) == 2
    assert launches["salvo_size"].tolist() == [2, 2]
    assert launches["week"].tolist() == ["2021-W12", "2021-W12"]
    assert pd.isna(launches.loc[1, "bearing_deg"]) and launches.loc[1, "bearing_basis"] == ""


_TOMORROW = (today_kst() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("field", "value", "row", "reason"),
    [
        ("date_kst", "25/03/2021", 1, "YYYY-MM-DD"),
        ("date_kst", "2021-02-30", 1, "not a calendar date"),
        ("date_kst", "1983-12-31", 1, "before 1984"),
        ("date_kst", _TOMORROW, 1, "in the future"),
        ("time_utc", "7:04", 1, "HH:MM"),
        ("missile", "", 1, "is required"),
        ("missile_class", "ballistic", 1, "must be one of SRBM"),
        ("site_id", "atlantis", 1, "not a site_id in sites.csv"),
        ("range_km", "-5", 1, "at least 0"),
        ("range_km", "about 450", 1, "must be a number"),
        ("range_km", "25000", 1, "implausible"),
        ("apogee_km", "0", 1, "never 0"),
        ("apogee_km", "12000", 1, "implausible"),
        ("flight_time_min", "0", 1, "never 0"),
        ("bearing_deg", "360", 1, "0 to below 360"),
        ("bearing_basis", "guessed", 1, "must be one of reported, inferred, assumed"),
        ("bearing_basis", "", 1, "must be one of reported, inferred, assumed"),
        ("impact_area", "sea of japan", 1, "must be one of east-sea"),
        ("outcome", "partial", 1, "must be one of success"),
        ("confirmation", "", 1, "required for a curated row"),
        ("sources", "", 1, "required for a curated row"),
        ("launch_id", "2021-03-25-1", 1, "must look like"),
        ("launch_id", "L-2021-03-25-2", 2, "duplicates row 1"),
        ("event_id", "", 1, "is required"),
    ],
)
def test_bad_row_is_rejected_naming_file_row_field_and_value(tmp_path, field, value, row, reason):
    bad = dict(_GOOD_ROWS[0], **{field: value})
    with pytest.raises(CatalogError) as caught:
        load_launches(_data_dir_with(tmp_path, [bad, _GOOD_ROWS[1]]))
    message = str(caught.value)
    assert f"launches.csv row {row}: {field} = {value!r}: " in message, message
    assert reason in message, message


def test_bearing_basis_without_a_bearing_is_rejected(tmp_path):
    bad = dict(_GOOD_ROWS[1], bearing_basis="reported")
    with pytest.raises(CatalogError, match=r"launches\.csv row 2: bearing_basis = 'reported': must be empty"):
        load_launches(_data_dir_with(tmp_path, [_GOOD_ROWS[0], bad]))


def test_event_spanning_two_dates_is_rejected(tmp_path):
    bad = dict(_GOOD_ROWS[1], date_kst="2021-03-26")
    expected = r"row 2: event_id = 'E-2021-03-25-1': row 1 of this event is dated 2021-03-25"
    with pytest.raises(CatalogError, match=expected):
        load_launches(_data_dir_with(tmp_path, [_GOOD_ROWS[0], bad]))


def test_empty_file_is_named(tmp_path):
    data_dir = _data_dir_with(tmp_path, _GOOD_ROWS)
    (data_dir / "launches.csv").write_text("", encoding="utf-8")
    with pytest.raises(CatalogError, match="launches.csv: cannot be read"):
        load_launches(data_dir)


def test_missing_column_is_named(tmp_path):
    data_dir = _data_dir_with(tmp_path, _GOOD_ROWS)
    frame = pd.read_csv(data_dir / "launches.csv", dtype=str, keep_default_na=False).drop(columns=["outcome"])
    frame.to_csv(data_dir / "launches.csv", index=False)
    with pytest.raises(CatalogError, match="launches.csv: missing column\\(s\\) outcome"):
        load_launches(data_dir)


def test_bad_site_rows_are_rejected(tmp_path):
    data_dir = _data_dir_with(tmp_path, _GOOD_ROWS)
    sites = pd.read_csv(data_dir / "sites.csv", dtype=str, keep_default_na=False)
    sites.loc[len(sites)] = ["sondok", "Duplicate", "", "South Hamgyong", "39.7", "127.4", "facility"]
    sites.loc[len(sites)] = ["hill-42", "Hill", "", "Kangwon", "north", "127.4", "spot"]
    sites.to_csv(data_dir / "sites.csv", index=False)
    with pytest.raises(CatalogError) as caught:
        load_sites(data_dir)
    message = str(caught.value)
    assert f"sites.csv row {len(sites) - 1}: site_id = 'sondok': duplicates row" in message
    assert f"sites.csv row {len(sites)}: precision = 'spot'" in message
    assert f"sites.csv row {len(sites)}: lat = 'north': must be a number" in message


def test_all_errors_are_reported_at_once(tmp_path):
    bad = dict(_GOOD_ROWS[0], range_km="-1", outcome="meh")
    with pytest.raises(CatalogError) as caught:
        load_launches(_data_dir_with(tmp_path, [bad, dict(_GOOD_ROWS[1], missile_class="BM")]))
    assert len(caught.value.errors) == 3


# --- rows from analysts --------------------------------------------------------------------------


def _analyst_rows(**changes: str) -> pd.DataFrame:
    row = dict(_GOOD_ROWS[0], launch_id="A-2021-03-25-1", event_id="A-2021-03-25-1", sources="", confirmation="")
    row.update(changes)
    frame = pd.DataFrame([row])
    frame["added_by"] = "kim"
    return frame


def test_merging_saved_launches_marks_analyst_rows_and_derives_columns(catalog):
    merged, rejected = merge_saved_added(catalog, _analyst_rows(), data_dir=DATA_DIR)
    assert rejected == ()
    added = merged[merged["origin"] == "analyst"]
    assert len(merged) == len(catalog) + 1 and len(added) == 1
    row = added.iloc[0]
    assert row["week"] == "2021-W12" and row["province"] == "South Hamgyong" and row["salvo_size"] == 1
    assert row["added_by"] == "kim"
    assert (merged.loc[merged["origin"] == "catalog", "added_by"] == "").all()
    assert merged["date_kst"].is_monotonic_increasing


def test_a_saved_launch_with_an_id_already_in_the_catalog_is_left_out_naming_why(catalog):
    merged, rejected = merge_saved_added(catalog, _analyst_rows(launch_id="L-2021-03-25-1"), data_dir=DATA_DIR)
    assert len(merged) == len(catalog)
    assert [tuple(map(str, launch.problems)) for launch in rejected] == [
        ("launch_id = 'L-2021-03-25-1': is already in the catalog",)]


def test_saved_launches_are_judged_one_by_one_and_a_salvo_keeps_its_missiles_that_pass(catalog):
    salvo = pd.concat([
        _analyst_rows(),
        _analyst_rows(launch_id="A-2021-03-25-2", apogee_km="12000"),
        _analyst_rows(launch_id="A-2021-03-25-3", event_id="A-2021-03-25-3", site_id="renamed-site"),
    ], ignore_index=True)

    merged, rejected = merge_saved_added(catalog, salvo, data_dir=DATA_DIR)

    added = merged[merged["origin"] == "analyst"]
    assert list(added["launch_id"]) == ["A-2021-03-25-1"] and added["salvo_size"].tolist() == [1]
    assert len(merged) == len(catalog) + 1
    assert [(launch.launch_id, launch.date_kst, launch.added_by, tuple(map(str, launch.problems)))
            for launch in rejected] == [
        ("A-2021-03-25-2", "2021-03-25", "kim", ("apogee_km = '12000': is implausible (above 10000)",)),
        ("A-2021-03-25-3", "2021-03-25", "kim", ("site_id = 'renamed-site': is not a site_id in sites.csv",)),
    ]


def test_validate_rows_for_import_accepts_rows_without_ids_and_lists_every_problem():
    sites = load_sites(DATA_DIR)
    good = pd.DataFrame([{k: v for k, v in _GOOD_ROWS[0].items() if k not in ("launch_id", "event_id")}])
    assert validate_launch_rows(good, "import.csv", sites=sites) == []
    bad = good.assign(site_id="nowhere", apogee_km="0")
    errors = validate_launch_rows(bad, "import.csv", sites=sites)
    assert errors == [
        "import.csv row 1: site_id = 'nowhere': is not a site_id in sites.csv",
        "import.csv row 1: apogee_km = '0': must be above 0 (leave it empty when unknown, never 0)",
    ]


@pytest.mark.parametrize("value", ["4_50", "٤٥٠", "４５０", "0x1c2", "inf", "NaN", "4.5.0"])
def test_a_figure_not_written_with_the_digits_0_to_9_is_a_catalog_error_naming_the_row(tmp_path, value):
    bad = dict(_GOOD_ROWS[1], range_km=value)
    with pytest.raises(CatalogError) as caught:
        load_launches(_data_dir_with(tmp_path, [_GOOD_ROWS[0], bad]))
    assert f"launches.csv row 2: range_km = {value.strip()!r}: must be a number written with the digits 0-9" in str(
        caught.value)


def test_an_analyst_launch_with_an_odd_figure_is_left_out_naming_it(catalog):
    merged, rejected = merge_saved_added(catalog, _analyst_rows(apogee_km="6_0"), data_dir=DATA_DIR)
    assert len(merged) == len(catalog)
    assert str(rejected[0].problems[0]).startswith("apogee_km = '6_0': must be a number")


def test_an_import_refuses_a_figure_python_alone_would_read(tmp_path):
    from splashdown import imports

    header = "date_kst,missile,missile_class,site_id,range_km,apogee_km,impact_area,outcome,confirmation,sources\n"
    body = "2021-03-25,KN-23,SRBM,sondok,4_50,60,east-sea,success,ROK JCS,wire\n"
    preview = imports.read_import((header + body).encode("utf-8"), "odd.csv")
    assert not preview.ok
    assert any(error.startswith("odd.csv row 1: range_km = '4_50': must be a number") for error in preview.errors)


def test_a_site_coordinate_not_written_with_the_digits_0_to_9_is_refused(tmp_path):
    sites = (DATA_DIR / "sites.csv").read_text(encoding="utf-8").replace("39.7437", "39_7437", 1)
    (tmp_path / "sites.csv").write_text(sites, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"sites\.csv row \d+: lat = '39_7437': must be a number"):
        load_sites(tmp_path)
