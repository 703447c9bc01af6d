"""The curation's own rules: who a CSIS sentence quotes, and a compilation repeating an official bound."""

from __future__ import annotations

import pandas as pd

from splashdown.vocabulary import CLAIM_COLUMNS
from tools.curation.csis import text_claims
from tools.curation.derive import repeated_bounds


def _said(text: str) -> list[tuple[str, str, str, str]]:
    claims, _ = text_claims(text, "nagix:2024-01-01#1", "CSIS Beyond Parallel 2024-01-01")
    return [(c.agency, c.field, c.value, c.bound) for c in claims]


def test_a_sentence_naming_one_agency_gives_that_agencys_claims():
    assert _said("The Joint Chiefs of Staff said the missile flew about 600 km at an altitude of 100 km.") == [
        ("ROK JCS", "range_km", "600", "approx"), ("ROK JCS", "apogee_km", "100", "approx")]
    assert _said("According to KCNA, the missile hit targets after a flight that covered 1,500 km.") == [
        ("KCNA", "range_km", "1500", "approx")]
    assert _said("Tokyo added the missile reached a maximum altitude of over 6,000 km.") == [
        ("Japan MoD", "apogee_km", "6000", "at least")]


def test_an_unattributed_sentence_is_media_and_miles_give_way_to_kilometres():
    assert _said("The missiles flew about 80 miles (130km) at an apogee of 20 km.") == [
        ("media", "range_km", "130", "approx"), ("media", "apogee_km", "20", "approx")]
    assert _said("North Korea fired two short-range ballistic missiles into the sea.") == [
        ("media", "count", "2", "exact")]


def test_sentences_naming_two_agencies_or_one_missile_of_several_are_left_to_hand_curation():
    text = ("This exceeds the initial ROK JCS and Japanese MOD report that the missile flew over 650km. "
            "The first missile flew around 360 kilometers.")
    claims, unclear = text_claims(text, "nagix:2024-01-01#1", "CSIS")
    assert claims == [] and len(unclear) == 2


def test_a_compilation_figure_equal_to_an_official_bound_is_recorded_as_that_bound():
    rows = [
        {"event_id": "E-2024-01-14-1", "launch_id": "", "field": "apogee_km", "agency": "Japan MoD", "value": "50",
         "bound": "at least", "low": "50", "high": "", "published": "2024-01-14", "citation": "Japan MoD 2024-01-14b"},
        {"event_id": "E-2024-01-14-1", "launch_id": "L-2024-01-14-1", "field": "apogee_km", "agency": "nagix",
         "value": "50", "bound": "approx", "low": "", "high": "", "published": "", "citation": "nagix"},
        {"event_id": "E-2024-01-14-1", "launch_id": "L-2024-01-14-1", "field": "range_km", "agency": "nagix",
         "value": "1000", "bound": "approx", "low": "", "high": "", "published": "", "citation": "nagix"},
    ]
    fixed = repeated_bounds(pd.DataFrame(rows, columns=list(CLAIM_COLUMNS)))
    assert list(fixed["bound"]) == ["at least", "at least", "approx"]
    assert "repeats Japan MoD's bound" in fixed.loc[1, "citation"]
