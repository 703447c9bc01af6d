"""The store against real databases: an SQLite file and a throwaway PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from splashdown import migrations
from splashdown.catalog import CatalogError, load_launches, merge_saved_added
from splashdown.identity import Identity, clean_name, from_login, local_identity
from splashdown.store import (
    MAX_NOTE_CHARS,
    ConflictError,
    DatabaseError,
    NotAuthorError,
    Store,
    create_engine,
    describe_database_error,
    open_store,
    table,
)
from splashdown.vocabulary import TAG_SUGGESTIONS

TRICKY_TEXTS = [
    "Robert'); DROP TABLE annotations;--",
    "<script>alert('x')</script><b>bold?</b>",
    "**not bold** _not italic_ [link](http://example.invalid) # not a heading",
    "Depressed trajectory 🚀🇰🇵, apogee ~60 km",
    "تقرير: صاروخان باليستيان  —  שני טילים",
    "line one\n  indented line two\n\ttabbed",
    "$x^2$ and :red[not red] and {{braces}} and %s %(name)s",
]

SEED_LAUNCH = {
    "event_id": "",
    "date_kst": "2021-03-25",
    "time_utc": "22:04",
    "missile": "KN-23 (Hwasong-11C)",
    "missile_class": "SRBM",
    "site_id": "sondok",
    "range_km": 450,
    "apogee_km": 60,
    "flight_time_min": "",
    "bearing_deg": None,
    "bearing_basis": "",
    "impact_area": "east-sea",
    "outcome": "success",
    "confirmation": "ROK JCS",
    "sources": "Yonhap 2021-03-25",
    "notes": "",
}


def _sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'store.db'}"


def test_added_note_comes_back_with_author_time_and_tags(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)
    note = store.add("L-2021-03-25-1", "kim", "Depressed trajectory, likely KN-23", ["Trajectory ", "new type"])

    (stored,) = store.for_launch("L-2021-03-25-1")
    assert stored == note
    assert stored.author == "kim"
    assert stored.tags == ("trajectory", "new type")
    assert stored.version == 1
    assert before - dt.timedelta(seconds=5) <= stored.created_at <= dt.datetime.now(dt.UTC)
    assert stored.created_at.tzinfo is not None
    assert store.for_launch("L-2021-03-25-2") == []


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_tricky_text_comes_back_verbatim(store: Store, text: str) -> None:
    note = store.add("L-2021-03-25-1", "kim", text, [])
    edited = store.edit(note.id, "kim", text + " (edited)", expected_version=1)

    assert store.for_launch("L-2021-03-25-1")[0].text == text + " (edited)"
    assert [version.text for version in store.history(note.id)] == [text, edited.text]


def test_stale_edit_is_refused_and_carries_the_current_note(store: Store) -> None:
    note = store.add("L-2021-03-25-1", "kim", "JCS says 450 km", [])
    store.edit(note.id, "kim", "JCS revised range to 600 km", expected_version=1)

    with pytest.raises(ConflictError) as raised:
        store.edit(note.id, "kim", "my edit from the old tab", expected_version=1)

    assert raised.value.current.text == "JCS revised range to 600 km"
    assert raised.value.current.version == 2
    assert raised.value.expected_version == 1
    assert "version 1" in str(raised.value)
    assert store.get(note.id).text == "JCS revised range to 600 km"


def test_edit_of_a_note_deleted_meanwhile_is_a_conflict(store: Store) -> None:
    note = store.add("L-2021-03-25-1", "kim", "first", [])
    store.delete(note.id, "kim")

    with pytest.raises(ConflictError) as raised:
        store.edit(note.id, "kim", "too late", expected_version=1)
    assert raised.value.current.deleted
    assert "deleted" in str(raised.value)


def test_foreign_edit_and_delete_are_refused_but_an_admin_may(store: Store) -> None:
    note = store.add("L-2021-03-25-1", "kim", "mine", [])

    with pytest.raises(NotAuthorError, match="written by kim"):
        store.edit(note.id, "lee", "hijacked", expected_version=1)
    with pytest.raises(PermissionError):
        store.delete(note.id, "lee")
    assert store.get(note.id).text == "mine"
    assert len(store.history(note.id)) == 1

    edited = store.edit(note.id, "lead", "moderated", expected_version=1)
    assert edited.author == "kim"
    assert store.history(note.id)[-1].author == "lead"


def test_history_has_every_version_including_delete_and_restore(store: Store) -> None:
    note = store.add("L-2021-03-25-1", "kim", "v1", ["assessment"])
    store.edit(note.id, "kim", "v2", expected_version=1, tags=["follow-up"])
    store.delete(note.id, "kim")
    assert store.for_launch("L-2021-03-25-1") == []
    assert [n.id for n in store.deleted_for_launch("L-2021-03-25-1")] == [note.id]
    restored = store.restore(note.id, "kim")

    history = store.history(note.id)
    assert [(v.version, v.action, v.text, v.tags) for v in history] == [
        (1, "add", "v1", ("assessment",)),
        (2, "edit", "v2", ("follow-up",)),
        (3, "delete", "v2", ("follow-up",)),
        (4, "restore", "v2", ("follow-up",)),
    ]
    assert restored.version == 4
    assert store.for_launch("L-2021-03-25-1") == [restored]


def test_edit_without_tags_keeps_the_tags(store: Store) -> None:
    note = store.add("L-2021-03-25-1", "kim", "v1", ["source conflict"])
    assert store.edit(note.id, "kim", "v2", expected_version=1).tags == ("source conflict",)


def test_text_over_the_limit_or_empty_is_refused_with_a_clear_message(store: Store) -> None:
    with pytest.raises(ValueError, match="10,001 characters long; the limit is 10,000"):
        store.add("L-2021-03-25-1", "kim", "x" * (MAX_NOTE_CHARS + 1), [])
    with pytest.raises(ValueError, match="cannot be empty"):
        store.add("L-2021-03-25-1", "kim", "  \n ", [])
    note = store.add("L-2021-03-25-1", "kim", "x" * MAX_NOTE_CHARS, [])
    with pytest.raises(ValueError, match="limit"):
        store.edit(note.id, "kim", "y" * (MAX_NOTE_CHARS + 5), expected_version=1)
    assert store.get(note.id).version == 1


def test_tags_are_trimmed_lower_cased_and_limited(store: Store) -> None:
    note = store.add("L-1", "kim", "t", ["  New   Type ", "new type", "", "TEL variant", *TAG_SUGGESTIONS[:1]])
    assert note.tags == ("new type", "tel variant", "assessment")
    with pytest.raises(ValueError, match="tags are limited to 40"):
        store.add("L-1", "kim", "t", ["x" * 41])


def test_eight_threads_writing_at_once_lose_no_note(store: Store) -> None:
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            start.wait()
            for number in range(10):
                store.add("L-2021-03-25-1", f"analyst-{worker}", f"note {worker}-{number}", [])
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    texts = sorted(note.text for note in store.for_launch("L-2021-03-25-1"))
    assert texts == sorted(f"note {w}-{n}" for w in range(8) for n in range(10))


def _write_notes_in_a_process(url: str, worker: int, count: int) -> None:
    opened = open_store(url)
    try:
        for number in range(count):
            opened.add("L-2021-03-25-2", f"process-{worker}", f"note {worker}-{number}", [])
    finally:
        opened.close()


def test_four_processes_writing_at_once_lose_no_note(db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_write_notes_in_a_process, args=(db_url, worker, 10))
        for worker in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()

    assert [process.exitcode for process in processes] == [0, 0, 0, 0]
    opened = open_store(db_url)
    try:
        texts = sorted(note.text for note in opened.for_launch("L-2021-03-25-2"))
    finally:
        opened.close()
    assert texts == sorted(f"note {w}-{n}" for w in range(4) for n in range(10))


def test_racing_edits_from_one_version_let_exactly_one_win(store: Store) -> None:
    note = store.add("L-2021-03-25-1", "kim", "original", [])
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def edit(worker: int) -> None:
        start.wait()
        try:
            store.edit(note.id, "kim", f"edit {worker}", expected_version=1)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * 5 + ["saved"]
    history = store.history(note.id)
    assert [v.version for v in history] == [1, 2]
    assert store.get(note.id).text == history[-1].text


def test_notes_survive_reopening_the_store(db_url: str) -> None:
    first = open_store(db_url)
    note = first.add("L-2021-03-25-1", "kim", "kept", ["assessment"])
    first.close()

    reopened = open_store(db_url)
    try:
        assert reopened.for_launch("L-2021-03-25-1") == [note]
        assert len(reopened.history(note.id)) == 1
    finally:
        reopened.close()


def test_note_summary_counts_live_notes_with_latest_and_sorted_tags(store: Store) -> None:
    first = store.add("L-1", "kim", "a", ["trajectory", "assessment"])
    store.add("L-1", "kim", "b", ["new type"])
    gone = store.add("L-2", "kim", "c", ["follow-up"])
    store.delete(gone.id, "kim")
    store.edit(first.id, "kim", "a2", expected_version=1)

    summary = store.note_summary().set_index("launch_id")
    assert list(summary.index) == ["L-1"]
    assert summary.loc["L-1", "note_count"] == 2
    assert summary.loc["L-1", "latest_tag"] == "trajectory"
    assert summary.loc["L-1", "tags"] == ["assessment", "new type", "trajectory"]
    assert list(store.note_summary().columns) == ["launch_id", "note_count", "latest_tag", "tags"]


def test_empty_note_summary_has_the_columns(store: Store) -> None:
    summary = store.note_summary()
    assert summary.empty
    assert list(summary.columns) == ["launch_id", "note_count", "latest_tag", "tags"]


def test_upgrading_a_version_1_database_keeps_its_notes(db_url: str) -> None:
    engine = create_engine(db_url)
    assert migrations.upgrade(engine, target=1) == 1
    now = dt.datetime(2021, 3, 26, 0, 30, tzinfo=dt.UTC)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO annotations (launch_id, author, text, tags, version, deleted, created_at, updated_at) "
                "VALUES (:launch, :author, :text, :tags, 1, :deleted, :at, :at)"
            ),
            {"launch": "L-2021-03-25-1", "author": "kim", "text": "written under v1", "tags": '["assessment"]',
             "deleted": False, "at": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO annotation_versions (annotation_id, version, action, author, text, tags, at) "
                "VALUES (1, 1, 'add', 'kim', 'written under v1', :tags, :at)"
            ),
            {"tags": '["assessment"]', "at": now},
        )
    engine.dispose()

    upgraded = open_store(db_url)
    try:
        (note,) = upgraded.for_launch("L-2021-03-25-1")
        assert (note.text, note.tags, note.created_at) == ("written under v1", ("assessment",), now)
        assert upgraded.added_launches().empty
        upgraded.edit(note.id, "kim", "edited after the upgrade", expected_version=1)
        assert [v.text for v in upgraded.history(note.id)] == ["written under v1", "edited after the upgrade"]
    finally:
        upgraded.close()
    with create_engine(db_url).connect() as connection:
        assert migrations.current_version(connection) == migrations.LATEST_VERSION


def test_a_database_from_a_newer_splashdown_is_refused(db_url: str) -> None:
    open_store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE splashdown_schema SET version = :v"), {"v": migrations.LATEST_VERSION + 1})
    engine.dispose()
    with pytest.raises(DatabaseError) as refused:
        open_store(db_url)
    assert isinstance(refused.value.orig, migrations.SchemaTooNewError)
    assert "Upgrade Splashdown" in describe_database_error(refused.value)


def test_added_launches_get_analyst_ids_and_keep_who_when_and_source(store: Store) -> None:
    second = {**SEED_LAUNCH, "time_utc": "22:25"}
    ids = store.add_launches(
        [SEED_LAUNCH, second], "kim", source_text="two ballistic missiles", source_url="https://example.invalid/a"
    )
    assert ids == ["A-2021-03-25-1", "A-2021-03-25-2"]
    assert store.add_launches([SEED_LAUNCH], "lee") == ["A-2021-03-25-3"]

    added = store.added_launches()
    assert list(added["launch_id"]) == ids + ["A-2021-03-25-3"]
    assert added.loc[0, "event_id"] == added.loc[1, "event_id"] != added.loc[2, "event_id"]
    row = added.iloc[0]
    assert row["date_kst"] == pd.Timestamp("2021-03-25")
    assert added["date_kst"].dtype == "datetime64[ns]"
    assert row["range_km"] == 450.0 and pd.isna(row["flight_time_min"]) and pd.isna(row["bearing_deg"])
    assert row["bearing_basis"] == "" and row["notes"] == ""
    assert (row["added_by"], row["source_text"], row["source_url"]) == (
        "kim", "two ballistic missiles", "https://example.invalid/a"
    )
    assert row["added_at"].tzinfo is not None
    assert list(added.columns[:17]) == [
        "launch_id", "event_id", "date_kst", "time_utc", "missile", "missile_class", "site_id",
        "range_km", "apogee_km", "flight_time_min", "bearing_deg", "bearing_basis", "impact_area",
        "outcome", "confirmation", "sources", "notes",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("range_km", "about 450", "new launch row 2: range_km = 'about 450': must be a number"),
        ("range_km", -5, "new launch row 2: range_km = '-5': must be at least 0"),
        ("missile_class", "SCUD", "new launch row 2: missile_class = 'SCUD': must be one of"),
        ("date_kst", "25/03/2021", "new launch row 2: date_kst = '25/03/2021': must be a date written YYYY-MM-DD"),
        ("time_utc", "25:00", "new launch row 2: time_utc = '25:00': must be \"HH:MM\""),
        ("bearing_deg", 80, "new launch row 2: bearing_basis = '': must be one of reported"),
        ("site_id", "atlantis", "new launch row 2: site_id = 'atlantis': is not a site_id"),
    ],
)
def test_a_bad_launch_stores_nothing_and_names_the_row_and_field(
    store: Store, field: str, value: object, message: str
) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        store.add_launches([SEED_LAUNCH, {**SEED_LAUNCH, field: value}], "kim")
    assert store.added_launches().empty


def test_only_the_analyst_who_added_a_launch_may_withdraw_it(store: Store) -> None:
    (launch_id,) = store.add_launches([SEED_LAUNCH], "kim")
    with pytest.raises(NotAuthorError, match="added by kim"):
        store.delete_added_launch(launch_id, "lee")
    assert list(store.added_launches()["launch_id"]) == [launch_id]

    store.delete_added_launch(launch_id, "kim")
    assert store.added_launches().empty
    # Withdrawn ids are never handed out again.
    assert store.add_launches([SEED_LAUNCH], "kim") == ["A-2021-03-25-2"]


def test_sqlite_store_uses_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    opened = open_store(_sqlite_url(tmp_path / "nested" / "dir"))
    opened.add("L-1", "kim", "x", [])
    opened.close()
    with sqlite3.connect(tmp_path / "nested" / "dir" / "store.db") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    engine = create_engine(_sqlite_url(tmp_path / "nested" / "dir"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000
    engine.dispose()


def test_default_store_is_a_file_in_the_var_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPLASHDOWN_DATABASE_URL", raising=False)
    monkeypatch.setenv("SPLASHDOWN_VAR_DIR", str(tmp_path / "var"))
    opened = open_store()
    opened.add("L-1", "kim", "x", [])
    opened.close()
    assert (tmp_path / "var" / "splashdown.db").exists()


def test_a_launch_left_behind_by_re_curation_is_corrected_by_its_author_or_an_admin_only(store: Store) -> None:
    (launch_id,) = store.add_launches([SEED_LAUNCH], "kim")
    added = table("added_launches")
    with store.engine.begin() as connection:
        connection.execute(sa.update(added).where(added.c.launch_id == launch_id).values(site_id="sinpo-old"))

    def site() -> str:
        return str(store.added_launches().set_index("launch_id").loc[launch_id, "site_id"])

    with pytest.raises(NotAuthorError, match="added by kim"):
        store.correct_added_launch(launch_id, "lee", {"site_id": "sondok"})
    with pytest.raises(CatalogError, match=f"launch {launch_id} row 1: site_id = 'nowhere': is not a site_id"):
        store.correct_added_launch(launch_id, "kim", {"site_id": "nowhere", "missile": "KN-23"})
    with pytest.raises(ValueError, match="date_kst of a saved launch cannot be corrected"):
        store.correct_added_launch(launch_id, "kim", {"date_kst": "2021-03-26"})
    assert site() == "sinpo-old"
    assert store.added_launches().set_index("launch_id").loc[launch_id, "missile"] == SEED_LAUNCH["missile"]

    store.correct_added_launch(launch_id, "kim", {"site_id": "sondok"})
    store.correct_added_launch(launch_id, "lead", {"range_km": "600"})

    corrected = store.added_launches().set_index("launch_id").loc[launch_id]
    assert (corrected["site_id"], corrected["range_km"], corrected["added_by"]) == ("sondok", 600.0, "kim")


def test_added_launches_merge_into_the_catalog_marked_as_analyst_added(store: Store) -> None:
    ids = store.add_launches([SEED_LAUNCH, {**SEED_LAUNCH, "site_id": "yonpo"}], "kim", source_text="Yonhap")

    merged, rejected = merge_saved_added(load_launches(), store.added_launches())
    assert rejected == ()

    added = merged[merged["launch_id"].isin(ids)]
    assert list(added["origin"]) == ["analyst", "analyst"]
    assert list(added["site_name"]) == ["Sondok Airbase", "Yonpo Airport"]
    assert added["event_id"].nunique() == 2
    assert set(added["added_by"]) == {"kim"}


def test_a_typed_name_is_cleaned_and_wins_over_the_configured_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPLASHDOWN_ANALYST", "Configured Analyst")
    assert local_identity("  J.\u200b  Kim\n") == Identity("J. Kim", authenticated=False)
    assert local_identity(None) == Identity("Configured Analyst", authenticated=False)
    monkeypatch.delenv("SPLASHDOWN_ANALYST")
    assert local_identity("   ") is None
    with pytest.raises(ValueError, match="81 characters long; the limit is 80"):
        clean_name("x" * 81)


def test_a_signed_in_user_is_named_by_email_and_a_signed_out_one_is_nobody() -> None:
    assert from_login({"is_logged_in": True, "email": "kim@example.org", "name": "Kim"}) == Identity(
        "kim@example.org", authenticated=True
    )
    assert from_login({"is_logged_in": True, "name": "Kim"}).name == "Kim"
    assert from_login({"is_logged_in": False, "email": "kim@example.org"}) is None
    assert from_login({}) is None


def test_analysts_adding_launches_at_once_get_distinct_ids_and_lose_none(store: Store) -> None:
    start = threading.Barrier(4)
    results: list[list[str]] = []

    def add(worker: int) -> None:
        start.wait()
        results.append(store.add_launches([SEED_LAUNCH, SEED_LAUNCH], f"analyst-{worker}"))

    threads = [threading.Thread(target=add, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ids = sorted(launch_id for batch in results for launch_id in batch)
    assert ids == sorted(f"A-2021-03-25-{number}" for number in range(1, 9))
    assert sorted(store.added_launches()["launch_id"]) == ids


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("missile", "K" * 201, "new launch row 1: missile = 'KKKK"),
        ("confirmation", "JCS" * 70, "confirmation = 'JCSJCS"),
        ("sources", "x" * 10_001, "is 10,001 characters long; the limit is 10,000"),
        ("notes", "KCNA\x00claimed", "contains a NUL character"),
    ],
)
def test_launch_text_the_database_cannot_hold_is_refused_with_the_field_named(
    store: Store, field: str, value: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        store.add_launches([{**SEED_LAUNCH, field: value}], "kim")
    assert store.added_launches().empty
