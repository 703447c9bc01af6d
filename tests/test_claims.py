"""Every figure is a claim by an agency: the claims table, its validation, and the one precedence rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from splashdown import claims as rule
from splashdown import vocabulary
from splashdown.catalog import CatalogError, load_claims, load_launches
from splashdown.config import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_launches(DATA_DIR)


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return load_claims(DATA_DIR)


def _claims(*rows: dict[str, str]) -> pd.DataFrame:
    base = {"event_id": "E-2024-04-02-1", "launch_id": "", "field": "range_km", "value": "", "bound": "approx",
            "low": "", "high": "", "published": "", "citation": "test"}
    return pd.DataFrame([{**base, **row} for row in rows], columns=list(vocabulary.CLAIM_COLUMNS))


def _event_claims(claims: pd.DataFrame, catalog: pd.DataFrame, day: str) -> pd.DataFrame:
    events = catalog.loc[catalog["date_kst"] == pd.Timestamp(day), "event_id"].unique()
    return claims[claims["event_id"].isin(events)]


# --- the table as shipped ------------------------------------------------------------------------


def test_claims_have_the_contract_columns_and_every_claim_is_cited(claims):
    assert list(claims.columns) == list(vocabulary.CLAIM_COLUMNS)
    assert claims["low"].dtype == "float64" and claims["high"].dtype == "float64"
    assert set(claims["agency"]) <= set(vocabulary.AGENCIES)
    assert set(claims["bound"]) <= set(vocabulary.BOUNDS)
    assert (claims["citation"].str.strip() != "").all()
    assert (claims.loc[claims["field"] == "count", "launch_id"] == "").all()


def test_every_curated_headline_follows_the_precedence_rule(catalog, claims):
    assert rule.headline_disagreements(catalog, claims) == []


def test_a_headline_that_breaks_the_rule_is_reported(catalog, claims):
    edited = catalog.copy()
    edited.loc[edited["launch_id"] == "L-2024-04-02-1", "range_km"] = 1000.0
    edited.loc[edited["launch_id"] == "L-2024-04-02-1", "confirmation"] = "KCNA"
    edited = edited[edited["launch_id"] != "L-2024-11-05-7"]
    problems = rule.headline_disagreements(edited, claims)
    assert "L-2024-04-02-1: range_km is 1000.0, the rule gives ROK JCS about 600 km" in problems
    assert "L-2024-04-02-1: confirmation is 'KCNA', the rule gives 'ROK JCS'" in problems
    assert "E-2024-11-05-1: 6 missile rows, the rule gives Japan MoD at least 7" in problems


def test_preliminary_and_final_japan_mod_releases_are_both_kept(claims):
    releases = claims.loc[claims["citation"].str.startswith("Japan MoD 2022-11-18"), "citation"]
    assert {"2022-11-18b", "2022-11-18c"} <= {c.split()[2] for c in releases}


# --- the five examples of the issue --------------------------------------------------------------


def test_2024_04_02_range_is_jcs_600_km_not_kcna_1000(catalog, claims):
    row = catalog[catalog["date_kst"] == pd.Timestamp("2024-04-02")].iloc[0]
    assert row["range_km"] == 600 and row["confirmation"] == "ROK JCS"
    ranges = _event_claims(claims, catalog, "2024-04-02").query("field == 'range_km'")
    said = {(a, b): v for a, b, v in zip(ranges["agency"], ranges["bound"], ranges["value"])}
    assert said[("KCNA", "approx")] == "1000" and said[("Japan MoD", "at least")] == "650"


def test_2024_01_14_apogee_is_empty_because_japan_mod_gave_a_bound(catalog, claims):
    row = catalog[catalog["date_kst"] == pd.Timestamp("2024-01-14")].iloc[0]
    assert pd.isna(row["apogee_km"])
    apogees = _event_claims(claims, catalog, "2024-01-14").query("field == 'apogee_km'")
    assert set(apogees["bound"]) == {"at least"}


def test_2024_11_05_has_the_seven_missiles_japan_mod_counted(catalog):
    rows = catalog[catalog["date_kst"] == pd.Timestamp("2024-11-05")]
    assert len(rows) == 7 and rows["event_id"].nunique() == 1
    assert set(rows["range_km"]) == {400.0} and set(rows["confirmation"]) == {"Japan MoD"}


def test_2016_03_18_radar_loss_altitude_is_not_an_apogee(catalog, claims):
    rows = catalog[catalog["date_kst"] == pd.Timestamp("2016-03-18")]
    assert rows["apogee_km"].isna().all()
    apogee = _event_claims(claims, catalog, "2016-03-18").query("field == 'apogee_km'")
    assert list(zip(apogee["agency"], apogee["bound"], apogee["value"])) == [("ROK JCS", "at least", "17")]


def test_2025_10_28_launch_is_dated_by_detection_not_by_kcna_report(catalog):
    cruise = catalog[(catalog["missile_class"] == "cruise") & (catalog["date_kst"].dt.year == 2025)
                     & (catalog["date_kst"].dt.month == 10)]
    assert set(cruise["date_kst"]) == {pd.Timestamp("2025-10-28")}
    assert set(cruise["launch_id"]) == {"L-2025-10-29-1", "L-2025-10-29-2"}  # ids never change


# --- the rule on crafted conflicts ---------------------------------------------------------------


def test_jcs_beats_a_later_kcna_claim():
    table = _claims({"agency": "KCNA", "value": "1000", "published": "2024-04-03"},
                    {"agency": "ROK JCS", "value": "600", "published": "2024-04-02"},
                    {"agency": "Japan MoD", "value": "650", "published": "2024-04-02"})
    pick = rule.headline(table, "range_km")
    assert (pick.agency, pick.value) == ("ROK JCS", 600)


def test_a_bound_is_never_the_headline_figure():
    table = _claims({"agency": "Japan MoD", "value": "50", "bound": "at least", "low": "50", "field": "apogee_km"})
    assert rule.headline(table, "apogee_km") is None
    with_figure = pd.concat([table, _claims({"agency": "CNS/NTI", "value": "80", "field": "apogee_km"})],
                            ignore_index=True)
    pick = rule.headline(with_figure, "apogee_km")
    assert (pick.agency, pick.value, pick.bound) == ("CNS/NTI", 80, "approx")


def test_a_higher_ranked_bound_rules_out_a_contradicting_figure():
    table = _claims({"agency": "Japan MoD", "value": "650", "bound": "at least", "low": "650"},
                    {"agency": "CNS/NTI", "value": "600"},
                    {"agency": "KCNA", "value": "1000"})
    assert rule.headline(table, "range_km").agency == "KCNA"


def test_the_final_release_beats_the_preliminary_one():
    table = _claims({"agency": "Japan MoD", "value": "350", "published": "2022-11-18"},
                    {"agency": "Japan MoD", "value": "1000", "published": "2022-11-18"},
                    {"agency": "Japan MoD", "value": "700", "published": ""})
    assert rule.headline(table, "range_km").value == 1000
    revised = _claims({"agency": "ROK JCS", "field": "count", "value": "10", "published": "2026-01-28"},
                      {"agency": "ROK JCS", "field": "count", "value": "18", "bound": "exact",
                       "published": "2026-01-29"})
    assert rule.headline(revised, "count").value == 18


def test_an_at_least_count_gives_rows_when_no_count_figure_is_left():
    table = _claims({"agency": "Japan MoD", "field": "count", "value": "7", "bound": "at least", "low": "7"},
                    {"agency": "Japan MoD", "field": "count", "value": "2", "bound": "at least", "low": "2"},
                    {"agency": "nagix", "field": "count", "value": "1", "bound": "exact"})
    pick = rule.headline(table, "count")
    assert (pick.agency, pick.value, pick.bound) == ("Japan MoD", 7, "at least")
    consistent = pd.concat([table, _claims({"agency": "CNS/NTI", "field": "count", "value": "9", "bound": "exact"})],
                           ignore_index=True)
    assert rule.headline(consistent, "count").value == 9


def test_figures_more_than_ten_percent_apart_or_only_from_kcna_are_marked():
    jcs = {"agency": "ROK JCS", "value": "600"}
    assert rule.mark(_claims(jcs, {"agency": "KCNA", "value": "1000"}), "range_km") == "disputed"
    assert rule.mark(_claims(jcs, {"agency": "Japan MoD", "value": "650"}), "range_km") == ""
    assert rule.mark(_claims({"agency": "KCNA", "value": "1500"}), "range_km") == "KCNA only"


def test_claims_read_as_an_analyst_would_say_them():
    assert rule.describe("650", "at least", 650, None, "range_km") == "650 km or more"
    assert rule.describe("", "between", 100, 200, "range_km") == "100 to 200 km"
    assert rule.describe("7", "at least", 7, None, "count") == "at least 7"
    assert rule.describe("600", "approx", None, None, "range_km") == "about 600 km"


# --- validation ----------------------------------------------------------------------------------


def _data_dir_with_claims(tmp_path: Path, rows: pd.DataFrame) -> Path:
    for name in ("launches.csv", "sites.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    rows.to_csv(tmp_path / "claims.csv", index=False)
    return tmp_path


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"agency": "Yonhap"}, "agency", "must be one of ROK JCS"),
        ({"bound": "roughly"}, "bound", "must be one of approx"),
        ({"field": "speed"}, "field", "must be one of count"),
        ({"value": "far"}, "value", "must be a number"),
        ({"value": "6_00"}, "value", "must be a number written with the digits 0-9"),
        ({"value": "٦٠٠"}, "value", "must be a number written with the digits 0-9"),
        ({"value": "1e999"}, "value", "must be a finite number"),
        ({"bound": "at least", "low": "6_00"}, "low", "must be a number written with the digits 0-9"),
        ({"bound": "at least"}, "low", "must repeat the value"),
        ({"citation": ""}, "citation", "every claim says where it was stated"),
        ({"launch_id": "L-2024-04-02-9"}, "launch_id", "is not a launch in launches.csv"),
        ({"launch_id": "L-2021-03-25-1"}, "launch_id", "belongs to event E-2021-03-25-1"),
        ({"published": "2 April 2024"}, "published", "YYYY-MM-DD"),
        ({"field": "date_kst", "value": "2024-4-2"}, "value", "the day of the launch in Korea"),
    ],
)
def test_a_bad_claim_is_named_by_file_row_and_field(tmp_path, change, field, reason):
    good = _claims({"agency": "ROK JCS", "value": "600", "launch_id": "L-2024-04-02-1", "published": "2024-04-02"})
    bad = _claims({"agency": "ROK JCS", "value": "600", "launch_id": "L-2024-04-02-1", **change})
    with pytest.raises(CatalogError) as raised:
        load_claims(_data_dir_with_claims(tmp_path, pd.concat([good, bad], ignore_index=True)))
    errors = raised.value.errors
    assert any(line.startswith(f"claims.csv row 2: {field} = ") and reason in line for line in errors), errors


def test_a_folder_without_claims_has_an_empty_claims_table(tmp_path):
    for name in ("launches.csv", "sites.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    empty = load_claims(tmp_path)
    assert empty.empty and list(empty.columns) == list(vocabulary.CLAIM_COLUMNS)


# --- exports -------------------------------------------------------------------------------------


def test_exported_claims_say_which_claim_each_headline_uses_and_open_back_from_xlsx(tmp_path, catalog, claims):
    from openpyxl import load_workbook

    from splashdown.data_export import (
        CLAIM_EXPORT_COLUMNS,
        claims_frame,
        export_frame,
        to_csv_bytes,
        to_xlsx_bytes,
    )

    week = catalog[catalog["week"] == "2024-W14"]
    exported = claims_frame(week, claims)
    assert list(exported.columns) == list(CLAIM_EXPORT_COLUMNS)
    ranges = exported[(exported["launch_id"].isin(["", "L-2024-04-02-1"])) & (exported["field"] == "range_km")
                      & (exported["event_id"] == "E-2024-04-02-1")]
    headline = dict(zip(ranges["agency"] + " " + ranges["claim"], ranges["headline"]))
    assert headline["ROK JCS about 600 km"] == "yes" and headline["KCNA about 1,000 km"] == ""
    assert set(exported["date_kst"]) <= {f"{day:%Y-%m-%d}" for day in week["date_kst"]}

    csv_text = to_csv_bytes(exported).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(CLAIM_EXPORT_COLUMNS)
    path = tmp_path / "week.xlsx"
    path.write_bytes(to_xlsx_bytes(export_frame(week, {}), {"title": "2024-W14"}, exported))
    sheet = load_workbook(path)["claims"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    assert {"agency": "ROK JCS", "claim": "about 600 km", "headline": "yes"}.items() <= next(
        row for row in rows if row["agency"] == "ROK JCS" and row["field"] == "range_km").items()


def test_exported_claim_cells_that_look_like_formulas_are_neutralised(catalog, claims):
    from splashdown.data_export import claims_frame

    launch = catalog[catalog["launch_id"] == "L-2024-04-02-1"]
    hostile = pd.concat([claims, _claims({"agency": "media", "value": "600", "launch_id": "L-2024-04-02-1",
                                          "citation": "=HYPERLINK(\"http://evil.invalid\")"})], ignore_index=True)
    hostile[["low", "high"]] = hostile[["low", "high"]].apply(pd.to_numeric)
    exported = claims_frame(launch, hostile)
    assert exported["citation"].str.startswith("'=HYPERLINK").any()
    assert not exported["citation"].str.startswith(("=", "+", "-", "@")).any()


def test_a_figure_only_kcna_gives_is_marked(catalog, claims):
    marks = rule.launch_marks(catalog, claims)
    assert marks["L-2024-10-31-1"]["apogee_km"] == "KCNA only"
    assert marks["L-2024-04-02-1"] == {"range_km": "disputed"}
    assert marks["L-2024-05-30-1"]["count"] == "disputed"  # ROK JCS about ten, KCNA 18
