"""The URL is the view: parsing, writing and applying filters."""

from datetime import date

import pandas as pd
import pytest

from splashdown.filters import (
    Filters,
    apply_filters,
    describe,
    from_query,
    iso_week,
    period_bounds,
    previous_period,
    shift_week,
    to_query,
    week_bounds,
)


def _launches() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "launch_id": ["L-1", "L-2", "L-3", "L-4"],
            "event_id": ["E-1", "E-1", "E-2", "E-3"],
            "date_kst": pd.to_datetime(["2021-03-25", "2021-03-25", "2021-03-21", "2022-11-18"]),
            "missile": ["Hwasong-11C", "Hwasong-11C", "unknown", "Hwasong-17"],
            "missile_class": ["SRBM", "SRBM", "cruise", "ICBM"],
            "site_id": ["sondok", "yonpo", "onchon", "sunan"],
            "site_name": ["Sondok", "Yonpo", "Onchon", "Sunan"],
            "province": ["South Hamgyong", "South Hamgyong", "South Phyongan", "Pyongyang"],
            "outcome": ["success", "success", "unknown", "success"],
            "sources": ["JCS", "JCS", "CSIS", "Japan MoD"],
            "notes": ["KCNA claimed 600 km", "", "", ""],
            "note_count": [1, 0, 0, 2],
            "tags": [("assessment",), (), (), ("new type", "trajectory")],
        }
    )


def test_iso_week_uses_the_korean_date_of_the_seed_launch():
    assert iso_week(date(2021, 3, 25)) == "2021-W12"
    assert week_bounds("2021-W12") == (date(2021, 3, 22), date(2021, 3, 28))


def test_week_filter_shows_exactly_that_weeks_launches():
    shown = apply_filters(_launches(), Filters(week="2021-W12"))
    # 2021-03-21 is a Sunday: the cruise missiles of that morning belong to the week before.
    assert list(shown["launch_id"]) == ["L-1", "L-2"]
    assert list(apply_filters(_launches(), Filters(week="2021-W11"))["launch_id"]) == ["L-3"]


def test_stepping_weeks_crosses_year_boundaries():
    assert shift_week("2021-W01", -1) == "2020-W53"
    assert shift_week("2020-W53", 1) == "2021-W01"


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    assert previous_period(date(2021, 3, 22), date(2021, 3, 28)) == (date(2021, 3, 15), date(2021, 3, 21))


def test_class_province_text_and_notes_filters_combine():
    launches = _launches()
    assert list(apply_filters(launches, Filters(date_from=date(2020, 1, 1), classes=("ICBM",)))["launch_id"]) == ["L-4"]
    by_province = apply_filters(launches, Filters(date_from=date(2020, 1, 1), provinces=("South Hamgyong",)))
    assert set(by_province["launch_id"]) == {"L-1", "L-2"}
    assert list(apply_filters(launches, Filters(date_from=date(2020, 1, 1), text="kcna"))["launch_id"]) == ["L-1"]
    noted = apply_filters(launches, Filters(date_from=date(2020, 1, 1), has_notes=True, tags=("trajectory",)))
    assert list(noted["launch_id"]) == ["L-4"]


def test_filters_round_trip_through_the_url():
    filters = Filters(
        week="2021-W12", classes=("SRBM", "ICBM"), provinces=("South Hamgyong",), text="KN-23", has_notes=True
    )
    assert from_query(to_query(filters)).filters == filters
    assert to_query(filters)["class"] == "SRBM,ICBM"


@pytest.mark.parametrize(
    ("params", "expected_notice"),
    [
        ({"week": "2021-W99"}, "does not exist"),
        ({"week": "last week"}, "not an ISO week"),
        ({"from": "25/03/2021"}, "YYYY-MM-DD"),
        ({"from": "2021-03-28", "to": "2021-03-01"}, "'from' is after 'to'"),
        ({"class": "SRBM,MIRV"}, "unknown missile class 'MIRV'"),
        ({"colour": "red"}, "unknown link parameter 'colour'"),
        ({"notes": "yes"}, "use notes=1"),
    ],
)
def test_malformed_link_parameters_are_ignored_with_a_notice(params, expected_notice):
    parsed = from_query(params)
    assert any(expected_notice in notice for notice in parsed.notices), parsed.notices
    assert "MIRV" not in parsed.filters.classes
    period_bounds(parsed.filters)  # whatever survived is a usable view


def test_description_names_period_and_filters_for_export_titles():
    text = describe(Filters(week="2021-W12", classes=("SRBM",)))
    assert text.startswith("2021-W12 (22 Mar 2021")
    assert "classes: SRBM" in text


def test_views_that_differ_only_in_how_their_text_reads_never_share_a_cache_key():
    typed = Filters(week="2021-W12", text="a&site=sondok")
    chosen = Filters(week="2021-W12", text="a", sites=("sondok",))
    assert typed.key != chosen.key
    assert Filters(text="a,b").key != Filters(text="a", tags=("b",)).key


def test_the_shared_history_cache_serves_each_view_its_own_launches(isolated_store):
    from components.loaders import all_launches, launch_history

    typed = Filters(text="a&site=sondok")
    chosen = Filters(text="a", sites=("sondok",))
    assert len(launch_history(typed).launches) == 0
    served = launch_history(chosen).launches
    expected = apply_filters(all_launches(), chosen, period=False)
    assert len(expected) > 0
    assert sorted(served["launch_id"]) == sorted(expected["launch_id"])


def test_tags_containing_commas_survive_the_link():
    filters = Filters(week="2021-W12", tags=("kn-23, lofted", "assessment"))
    query = to_query(filters)
    parsed = from_query(query, known_tags=frozenset(filters.tags))
    assert parsed.filters.tags == filters.tags and not parsed.notices
    assert to_query(Filters(tags=("assessment", "trajectory")))["tag"] == "assessment,trajectory"


def test_a_link_in_the_json_array_form_reads_as_the_listed_values():
    parsed = from_query({"tag": '["a, b", "c"]', "class": '["SRBM"]'}, known_tags=frozenset({"a, b", "c"}))
    assert parsed.filters.tags == ("a, b", "c") and parsed.filters.classes == ("SRBM",)
    broken = from_query({"tag": '["a", '})
    assert any("tag" in notice and "JSON" in notice for notice in broken.notices), broken.notices


def test_unknown_tags_in_a_link_are_ignored_with_a_notice_like_other_bad_parameters():
    parsed = from_query({"tag": "assessment,nonsense"}, known_tags=frozenset({"assessment"}))
    assert parsed.filters.tags == ("assessment",)
    assert "Ignored unknown note tag 'nonsense'." in parsed.notices
