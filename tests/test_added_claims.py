"""The agencies' claims behind an analyst-added launch: stored with it, back after a reload, gone with it.

Run against an SQLite file and a throwaway PostgreSQL server, as the rest of the store is.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from splashdown import migrations
from splashdown.catalog import CatalogError
from splashdown.claims import headline
from splashdown.store import Store, open_store
from splashdown.vocabulary import CLAIM_COLUMNS

SALVO = {
    "event_id": "", "date_kst": "2021-03-25", "time_utc": "22:04", "missile": "unknown", "missile_class": "SRBM",
    "site_id": "prov-south-hamgyong", "range_km": 450, "apogee_km": 60, "flight_time_min": "", "bearing_deg": None,
    "bearing_basis": "", "impact_area": "east-sea", "outcome": "unknown", "confirmation": "ROK JCS",
    "sources": "Splashdown Wire 2021-03-25", "notes": "",
}
JCS_SENTENCE = "The missiles flew about 450 km at an altitude of 60 km, the JCS said."
KCNA_SENTENCE = "The projectiles flew 600 km, KCNA said."
CLAIMS = [
    {"field": "count", "agency": "ROK JCS", "value": 2, "bound": "exact", "published": "2021-03-25",
     "citation": "Splashdown Wire 2021-03-25: North Korea fired two ballistic missiles, the JCS said."},
    {"field": "range_km", "agency": "ROK JCS", "value": 450.0, "bound": "approx", "published": "2021-03-25",
     "citation": f"Splashdown Wire 2021-03-25: {JCS_SENTENCE}"},
    {"field": "range_km", "agency": "KCNA", "value": 600.0, "bound": "exact", "published": "2021-03-26",
     "citation": f"Splashdown Wire 2021-03-25: {KCNA_SENTENCE}"},
    {"field": "apogee_km", "agency": "Japan MoD", "value": 50.0, "bound": "at least", "low": 50.0,
     "published": "2021-03-25",
     "citation": "Splashdown Wire 2021-03-25: 50 km or higher, Japan's defense ministry said."},
    {"field": "impact_area", "agency": "ROK JCS", "value": "east-sea", "bound": "exact", "published": "2021-03-25",
     "citation": "Splashdown Wire 2021-03-25: into the East Sea, the JCS said."},
]


def test_a_saved_launchs_claims_come_back_after_reopening_the_database(db_url: str) -> None:
    first = open_store(db_url)
    ids = first.add_launches([SALVO, SALVO], "kim", source_text="report", claims=CLAIMS)
    first.close()

    again = open_store(db_url)
    try:
        claims = again.added_claims()
    finally:
        again.close()
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    assert len(claims) == len(CLAIMS)
    assert set(claims["event_id"]) == {ids[0]}, "the salvo's claims belong to its event"
    assert set(claims["launch_id"]) == {""}, "claims about the whole salvo name no single missile"
    assert list(zip(claims["field"], claims["agency"], claims["value"], claims["bound"])) == [
        ("count", "ROK JCS", "2", "exact"), ("range_km", "ROK JCS", "450", "approx"),
        ("range_km", "KCNA", "600", "exact"), ("apogee_km", "Japan MoD", "50", "at least"),
        ("impact_area", "ROK JCS", "east-sea", "exact")]
    assert claims.loc[3, "low"] == 50.0 and claims["high"].isna().all()
    assert list(claims["published"]) == ["2021-03-25"] * 2 + ["2021-03-26"] + ["2021-03-25"] * 2
    assert claims.loc[1, "citation"].endswith(JCS_SENTENCE)
    assert headline(claims, "range_km").agency == "ROK JCS", "the store's claims feed the precedence rule"
    assert headline(claims, "apogee_km") is None, "a bound is never a headline figure"


def test_a_claim_about_one_missile_names_that_launch(store: Store) -> None:
    one = {"field": "apogee_km", "agency": "Japan MoD", "value": 60, "bound": "approx", "published": "2021-03-25",
           "citation": "second missile: about 60 km", "launch": 1}
    ids = store.add_launches([SALVO, SALVO], "kim", claims=[one])
    assert list(store.added_claims()[["event_id", "launch_id"]].itertuples(index=False, name=None)) == [
        (ids[0], ids[1])]


def test_a_withdrawn_launch_takes_its_claims_with_it(store: Store) -> None:
    (single,) = store.add_launches([SALVO], "kim", claims=CLAIMS[1:3])
    salvo = store.add_launches([{**SALVO, "date_kst": "2021-03-20"}] * 2, "kim", claims=CLAIMS[:1])
    store.delete_added_launch(single, "kim")
    assert set(store.added_claims()["event_id"]) == {salvo[0]}
    store.delete_added_launch(salvo[0], "kim")
    assert len(store.added_claims()) == 1, "the salvo's claims stay while one of its missiles does"
    store.delete_added_launch(salvo[1], "kim")
    assert store.added_claims().empty
    assert list(store.added_claims().columns) == list(CLAIM_COLUMNS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"agency": "Rumour Weekly"}, "claim row 2: agency = 'Rumour Weekly': must be one of"),
        ({"bound": "roughly"}, "claim row 2: bound = 'roughly': must be one of"),
        ({"citation": " "}, "claim row 2: citation = '': is required"),
        ({"value": "far"}, "claim row 2: value = 'far': must be a number"),
        ({"launch": 5}, "claim row 2: launch = 5: is not the index of a launch saved with it"),
    ],
)
def test_a_bad_claim_stores_neither_it_nor_the_launches(store: Store, change: dict[str, object], message: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        store.add_launches([SALVO], "kim", claims=[CLAIMS[0], {**CLAIMS[1], **change}])
    assert store.added_launches().empty
    assert store.added_claims().empty


def test_a_claim_about_the_whole_salvo_needs_one_salvo(store: Store) -> None:
    elsewhere = {**SALVO, "date_kst": "2021-03-26"}
    with pytest.raises(CatalogError, match=r"claim row 1: launch = None: .* they form 2"):
        store.add_launches([SALVO, elsewhere], "kim", claims=CLAIMS[:1])
    assert store.added_launches().empty


def test_upgrading_a_version_2_database_keeps_its_launches_and_adds_the_claims_table(db_url: str) -> None:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        migrations.upgrade(engine, target=2)
        assert not sa.inspect(engine).has_table("added_claims")
    finally:
        engine.dispose()
    store = open_store(db_url)
    try:
        (launch_id,) = store.add_launches([SALVO], "kim", claims=CLAIMS[:2])
        assert set(store.added_claims()["event_id"]) == {launch_id}
    finally:
        store.close()
