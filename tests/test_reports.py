"""The report parser reads the phrasings of wire, agency and government reports, and avoids their traps."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from splashdown.reports import parse_report

TEXTS = Path(__file__).parent / "report_texts"
THURSDAY = date(2021, 3, 25)


def _read(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _headline(text: str, published: date | datetime | None = THURSDAY):
    drafts = parse_report(text, published)
    assert drafts, f"no launch found in {text!r}"
    return drafts[0]


def test_seed_report_gives_two_missiles_from_south_hamgyong_450_km_60_km_into_the_east_sea():
    draft = _headline(_read("seed_wire.txt"), None)
    assert draft.date == date(2021, 3, 25)
    assert draft.count == 2
    assert draft.site_id == "prov-south-hamgyong"
    assert draft.precision == "province"
    assert (draft.range_km, draft.apogee_km) == (450.0, 60.0)
    assert draft.flight_time_min is None
    assert draft.sea == "east-sea"
    assert draft.confirmation == "ROK government"


def test_every_field_shows_the_sentence_it_came_from():
    draft = _headline(_read("seed_wire.txt"), None)
    assert "traveled about 450 kilometers" in draft.evidence["range_km"]
    assert "altitude of 60 kilometers" in draft.evidence["apogee_km"]
    assert "South Hamkyung Province" in draft.evidence["origin"]
    assert "on Thursday" in draft.evidence["date"]
    assert "medium-range" in draft.evidence["missile_class"]


def test_us_medium_range_claim_fills_the_class_and_seouls_unidentified_is_kept_as_a_conflict():
    draft = _headline(_read("seed_wire.txt"), None)
    assert draft.missile_class == "MRBM"
    assert [(c.field, c.value) for c in draft.conflicts if c.field == "missile_class"] == [("missile_class", "unknown")]
    assert "unidentified projectiles" in draft.conflicts[0].sentence


def test_weekend_launches_in_the_same_report_follow_the_headline_one_missile_a_day():
    drafts = parse_report(_read("seed_wire.txt"))
    assert [d.date for d in drafts] == [date(2021, 3, 25), date(2021, 3, 20), date(2021, 3, 21)]
    assert [d.missile_class for d in drafts[1:]] == ["SRBM", "SRBM"]
    assert [d.count for d in drafts[1:]] == [1, 1]


def test_the_day_a_launch_was_reported_is_not_a_launch_date():
    drafts = parse_report(_read("seed_wire.txt"))
    assert date(2021, 3, 23) not in [d.date for d in drafts]


def test_a_past_long_range_remark_does_not_set_the_class_or_add_a_launch():
    drafts = parse_report(_read("seed_wire.txt"))
    assert "ICBM" not in [d.missile_class for d in drafts]
    assert all(d.date and d.date.year == 2021 for d in drafts)


def test_kcna_claim_is_kept_with_its_source_and_the_jcs_figure_fills_the_field():
    draft = _headline(_read("agency_slbm.txt"), None)
    assert draft.date == date(2021, 10, 19)
    assert (draft.missile_class, draft.site_id, draft.sea) == ("SLBM", "sinpo", "east-sea")
    assert draft.range_km == 590.0
    assert draft.confirmation == "ROK JCS"
    assert [(c.field, c.value, c.source) for c in draft.conflicts] == [("range_km", 800.0, "KCNA")]
    assert draft.evidence["date"].startswith("North Korea fired what appeared to be"), "the dateline is no evidence"


def test_figures_of_an_earlier_launch_are_not_this_launchs():
    drafts = parse_report(_read("agency_slbm.txt"))
    assert len(drafts) == 1
    assert drafts[0].apogee_km == 60.0
    assert 910.0 not in [c.value for c in drafts[0].conflicts]


def test_distance_of_the_impact_point_from_japan_is_not_the_range():
    draft = _headline(_read("japan_mod_press.txt"), None)
    assert draft.range_km == 450.0
    assert all(c.value != 400.0 for c in draft.conflicts)
    assert draft.site_id == "county-hamju"


def test_local_clock_time_in_a_government_release_becomes_the_utc_time():
    draft = _headline(_read("japan_mod_press.txt"), None)
    assert (draft.date, draft.time_utc) == (date(2021, 3, 25), "22:06")


def test_us_evening_report_of_thursday_is_friday_in_korea():
    draft = _headline(_read("us_evening_icbm.txt"), None)
    assert draft.date == date(2022, 11, 18)
    assert draft.missile_class == "ICBM"
    assert draft.site_id == "sunan"
    assert (draft.range_km, draft.apogee_km, draft.flight_time_min) == (1000.0, 6100.0, 69.0)


def test_a_missile_types_maximum_range_and_a_past_month_launch_are_ignored():
    drafts = parse_report(_read("us_evening_icbm.txt"))
    assert len(drafts) == 1
    values = {c.value for c in drafts[0].conflicts}
    assert not values & {15000.0, 4600.0}


def test_gmt_time_stamp_resolves_to_the_korean_date_and_the_metric_figure_wins_over_miles():
    draft = _headline(_read("uk_gmt_stamp.txt"), None)
    assert (draft.date, draft.time_utc) == (date(2021, 3, 25), "22:04")
    assert draft.range_km == 450.0
    assert draft.site_id == "sondok"
    assert draft.sea == "east-sea"


def test_us_time_zone_on_the_published_argument_moves_day_words_to_the_korean_date():
    published = datetime(2021, 3, 24, 21, 30, tzinfo=ZoneInfo("America/New_York"))
    draft = _headline("North Korea fired two ballistic missiles on Wednesday, US officials said.", published)
    assert draft.date == date(2021, 3, 25)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("North Korea fired a missile this morning.", date(2021, 3, 25)),
        ("North Korea fired a missile yesterday.", date(2021, 3, 24)),
        ("North Korea fired a missile on Saturday.", date(2021, 3, 20)),
        ("North Korea fired a missile Tuesday, officials said.", date(2021, 3, 23)),
        ("North Korea fired a missile on March 21.", date(2021, 3, 21)),
        ("North Korea fired a missile on 21 March 2021.", date(2021, 3, 21)),
        ("North Korea fired a missile early Thursday local time.", date(2021, 3, 25)),
    ],
)
def test_dates_absolute_and_relative_to_the_report(sentence: str, expected: date):
    assert _headline(sentence).date == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("North Korea launched a pair of missiles this morning.", 2),
        ("North Korea fired two short-range ballistic missiles.", 2),
        ("North Korea fired 3 missiles into the sea.", 3),
        ("North Korea fired at least three ballistic missiles.", 3),
        ("North Korea test-fired a new solid-fuel missile.", 1),
        ("North Korea fired several short-range missiles.", None),
        ("North Korea fired multiple cruise missiles.", None),
    ],
)
def test_counts_in_words_and_digits(sentence: str, expected: int | None):
    assert _headline(sentence).count == expected


def test_a_text_naming_no_day_leaves_the_date_to_the_analyst():
    assert _headline("North Korea fired two short-range ballistic missiles, officials said.").date is None


def test_several_missiles_is_a_real_launch_with_the_wording_as_evidence():
    draft = _headline("North Korea fired several short-range missiles into the East Sea on Thursday.")
    assert draft.count is None
    assert "several" in draft.evidence["missile_class"]


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("a short-range ballistic missile", "SRBM"),
        ("a medium-range ballistic missile", "MRBM"),
        ("an intermediate-range ballistic missile", "IRBM"),
        ("an ICBM", "ICBM"),
        ("an intercontinental ballistic missile", "ICBM"),
        ("a submarine-launched ballistic missile", "SLBM"),
        ("two cruise missiles", "cruise"),
        ("a hypersonic missile", "HGV"),
        ("a rocket carrying a military reconnaissance satellite", "SLV"),
        ("a space launch vehicle", "SLV"),
        ("two unidentified projectiles", "unknown"),
    ],
)
def test_classes_from_wording(wording: str, expected: str):
    assert _headline(f"North Korea fired {wording} on Thursday.").missile_class == expected


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("about 450 km", 450.0),
        ("some 450 kilometers", 450.0),
        ("around 450 kilometres", 450.0),
        ("about 280 miles", 451.0),
        ("roughly 243 nautical miles", 450.0),
    ],
)
def test_range_units(figure: str, expected: float):
    draft = _headline(f"The missile flew {figure}, South Korea's Joint Chiefs of Staff said.")
    assert draft.range_km == expected
    assert draft.apogee_km is None


@pytest.mark.parametrize(
    "phrase",
    [
        "reached an altitude of 60 km",
        "had an apogee of 60 km",
        "reached a maximum altitude of 60 km",
        "reached a height of 60 km",
        "flew as high as 60 km",
    ],
)
def test_altitude_phrasings(phrase: str):
    draft = _headline(f"The missile fired on Thursday {phrase}, the JCS said.")
    assert draft.apogee_km == 60.0
    assert draft.range_km is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("flew for about 70 minutes", 70.0), ("had a flight time of 4,200 seconds", 70.0)],
)
def test_flight_time_in_minutes_or_seconds(phrase: str, expected: float):
    draft = _headline(f"The missile fired on Thursday {phrase}, Japan's Defense Ministry said.")
    assert draft.flight_time_min == expected


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("into the East Sea", "east-sea"),
        ("into the Sea of Japan", "east-sea"),
        ("into waters off the east coast", "east-sea"),
        ("into the Yellow Sea", "yellow-sea"),
        ("over Japan into the Pacific Ocean", "pacific"),
    ],
)
def test_seas(place: str, expected: str):
    assert _headline(f"North Korea fired a missile {place} on Thursday.").sea == expected


@pytest.mark.parametrize(
    ("sentence", "site_id"),
    [
        ("North Korea fired two missiles from near Sondok on Thursday.", "sondok"),
        ("North Korea fired a missile from the Sunan area of Pyongyang on Thursday.", "sunan"),
        ("North Korea fired two short-range missiles off Wonsan on Thursday.", "wonsan"),
        ("North Korea fired a missile from South Hamkyung Province on Thursday.", "prov-south-hamgyong"),
        ("North Korea fired a missile from Jagang province on Thursday.", "prov-jagang"),
        ("North Korea fired a missile from the Gitdaeryung area on Thursday.", "kittaeryong"),
    ],
)
def test_origins_through_the_gazetteer(sentence: str, site_id: str):
    draft = _headline(sentence)
    assert draft.site_id == site_id
    assert draft.lat is not None and draft.lon is not None


def test_an_impact_area_is_not_an_origin():
    draft = _headline("North Korea fired a missile from Sinpo on Thursday that landed off Japan's Okushiri island.")
    assert draft.site_id == "sinpo"
    impact_only = _headline("North Korea fired a missile on Thursday that splashed down into the waters off Wonsan.")
    assert impact_only.site_id is None and impact_only.origin is None


def test_text_that_does_not_say_leaves_fields_empty():
    draft = _headline("North Korea fired a missile on Thursday, South Korea's military said.")
    assert (draft.range_km, draft.apogee_km, draft.flight_time_min, draft.sea, draft.origin) == (None,) * 5
    assert draft.missile_class is None


def test_a_text_without_a_launch_gives_no_draft():
    assert parse_report("Officials met in Washington on Tuesday to discuss sanctions.", THURSDAY) == []
    assert parse_report("", THURSDAY) == []


def test_a_launch_that_crashed_is_a_failure():
    draft = _headline("North Korea launched a satellite-carrying rocket toward the south early Wednesday, Seoul's "
                      "military said, but it crashed into the sea after an abnormal flight.", date(2023, 5, 31))
    assert (draft.date, draft.missile_class, draft.outcome) == (date(2023, 5, 31), "SLV", "failure")


def test_clock_time_in_a_seoul_datelined_report_is_korean_time():
    draft = _headline("The missile, launched from Jagang Province at 7:27 a.m., flew 700 kilometers and reached an "
                      "altitude of 60 kilometers, the Joint Chiefs said. KCNA later claimed the missile flew 1,000 km.",
                      date(2022, 1, 5))
    assert (draft.date, draft.time_utc, draft.site_id) == (date(2022, 1, 5), "22:27", "prov-jagang")
    assert (draft.range_km, draft.confirmation) == (700.0, "ROK JCS")
    assert [(c.value, c.source) for c in draft.conflicts] == [(1000.0, "KCNA")]


def test_report_text_with_markup_is_kept_verbatim_in_the_evidence():
    text = "North Korea fired <b>two</b> missiles on Thursday <script>alert(1)</script>, the JCS said."
    draft = _headline(text)
    assert draft.evidence["date"] == text


def test_two_launches_in_one_sentence_keep_their_own_count_and_class():
    drafts = parse_report("North Korea fired a short-range ballistic missile on Thursday, two days after it launched "
                          "two cruise missiles on Tuesday, the JCS said.", THURSDAY)
    assert [(d.date, d.count, d.missile_class) for d in drafts] == [
        (date(2021, 3, 25), 1, "SRBM"), (date(2021, 3, 23), 2, "cruise")]


def test_a_follow_up_sentence_belongs_to_the_launch_the_previous_sentence_was_about():
    text = ("North Korea fired a missile on Thursday, the JCS said. It flew 450 km. "
            "Last month it fired an intermediate-range missile over Japan. It flew 4,600 km. "
            "North Korea also fired two short-range missiles on Saturday and Sunday. They flew about 300 km.")
    drafts = parse_report(text, THURSDAY)
    assert [(d.date, d.range_km) for d in drafts] == [
        (date(2021, 3, 25), 450.0), (date(2021, 3, 20), 300.0), (date(2021, 3, 21), 300.0)]
    assert drafts[0].missile_class is None
    assert drafts[0].conflicts == []


def test_a_day_without_a_year_early_in_january_is_last_december():
    draft = _headline("North Korea fired a ballistic missile on December 30, the JCS said.", date(2022, 1, 2))
    assert draft.date == date(2021, 12, 30)


@pytest.mark.parametrize(
    "clock",
    [
        "at 22:10 GMT on Wednesday",
        "at 23:10 BST on Wednesday",
        "at 6:10 p.m. EDT Wednesday",
        "at 3:10 p.m. PDT Wednesday",
    ],
)
def test_western_clock_times_become_the_korean_date_and_utc_time(clock: str):
    draft = _headline(f"North Korea fired a ballistic missile {clock}, the JCS said.")
    assert (draft.date, draft.time_utc) == (date(2021, 3, 25), "22:10")


def test_a_comparison_with_an_earlier_year_keeps_this_launchs_figure():
    draft = _headline("North Korea fired a missile on Thursday. The missile flew 450 km, the longest since "
                      "a 2019 test that flew 600 km, officials said.")
    assert draft.range_km == 450.0
    assert draft.conflicts == []


def test_an_altitude_after_the_figure_is_the_apogee():
    draft = _headline("North Korea fired a missile on Thursday. It flew 450 km and reached 60 km altitude.")
    assert (draft.range_km, draft.apogee_km) == (450.0, 60.0)


def test_state_media_release_dateline_is_not_the_launch_date_and_its_figures_are_kcnas():
    draft = _headline(_read("state_media.txt"), date(2021, 3, 26))
    assert (draft.date, draft.count, draft.missile_class) == (date(2021, 3, 25), 2, "SRBM")
    assert (draft.range_km, draft.sea, draft.confirmation) == (600.0, "east-sea", "KCNA")
    assert draft.conflicts == []


def test_possessive_place_names_and_a_window_of_clock_times():
    draft = _headline("South Korea detected two ballistic missiles launched from Pyongyang's Sunan area between "
                      "6:32 a.m. and 6:46 a.m.")
    assert (draft.site_id, draft.count, draft.time_utc) == ("sunan", 2, "21:32")
    assert draft.date == date(2021, 3, 25)
    assert draft.confirmation == "ROK government"


def test_launches_on_two_named_days_are_two_drafts_in_the_order_given():
    drafts = parse_report("North Korea fired missiles on Jan. 5 and Jan. 11, officials said.", date(2022, 1, 12))
    assert [d.date for d in drafts] == [date(2022, 1, 5), date(2022, 1, 11)]


def test_a_published_date_given_as_text_reads_the_report_as_the_same_date_does():
    text = _read("us_evening_icbm.txt")
    as_text, as_date = parse_report(text, "2022-11-17"), parse_report(text, date(2022, 11, 17))
    assert [d.date for d in as_text] == [d.date for d in as_date] == [date(2022, 11, 18)]
    relative = "North Korea fired a ballistic missile yesterday, the JCS said."
    assert _headline(relative, "2021-03-25").date == _headline(relative, date(2021, 3, 25)).date == date(2021, 3, 24)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # Pyongyang's own clock ran half an hour behind Seoul's from 2015-08-15 to 2018-05-04.
        ("The rocket was launched at 5:57 a.m. Pyongyang time on August 29, KCNA said.", date(2017, 8, 30),
         (date(2017, 8, 29), "21:27")),
        ("The rocket was launched at 9:00 a.m. Pyongyang time on February 7, KCNA said.", date(2016, 2, 8),
         (date(2016, 2, 7), "00:30")),
        ("The missile was launched at 7:10 a.m. Pyongyang time on May 14, KCNA said.", date(2019, 5, 15),
         (date(2019, 5, 14), "22:10")),
    ],
)
def test_pyongyang_time_is_half_an_hour_behind_korea_from_2015_to_2018(sentence: str, published: date,
                                                                      expected: tuple[date, str]):
    draft = _headline(sentence, published)
    assert (draft.date, draft.time_utc) == expected
