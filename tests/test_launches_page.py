"""The Launches page in AppTest: open a launch, then add, edit, delete and undo its team notes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from splashdown.store import open_store
from tests.apps import APP_TIMEOUT_S, ROOT, open_app

pytestmark = pytest.mark.usefixtures("isolated_store")

LAUNCH = "L-2021-03-25-1"
TRICKY = "**not bold** <b>not html</b> [link](http://example.invalid) :red[x] 🚀 صاروخ"


def _launch_page(launch: str = LAUNCH) -> AppTest:
    app = open_app({"week": "2021-W12"}, page="views/launches.py")
    app.query_params["launch"] = launch
    app.run()
    assert not app.exception, app.exception
    return app


def _texts(app: AppTest) -> list[str]:
    return [element.value for element in app.text]


def _add_note(app: AppTest, text: str) -> None:
    app.text_area(key=f"add_text_{LAUNCH}").input(text)
    app.button(key=f"add_note_{LAUNCH}").click().run()
    assert not app.exception, app.exception


def _edit_note(app: AppTest, note_id: int, text: str) -> None:
    app.button(key=f"edit_{note_id}").click().run()
    app.text_area(key=f"edit_text_{note_id}").input(text)
    app.button(key=f"save_{note_id}").click().run()


def _colleague_store():
    return open_store(os.environ["SPLASHDOWN_DATABASE_URL"])


def test_the_table_lists_the_filtered_launches_with_note_counts() -> None:
    app = _launch_page()
    _add_note(app, "Depressed trajectory, likely KN-23")

    table = app.dataframe[0].value.set_index("launch_id")
    assert set(table.index) >= {"L-2021-03-25-1", "L-2021-03-25-2"}
    assert all(day.strftime("%G-W%V") == "2021-W12" for day in table["date_kst"])
    assert table.loc[LAUNCH, "note_count"] == 1
    assert table.loc["L-2021-03-25-2", "note_count"] == 0
    assert table.loc[LAUNCH, "source_link"].startswith("https://")
    # Unreported figures read as a dash, not as "None".
    assert app.dataframe[0].proto.placeholder == "—"


def test_a_note_added_on_the_page_renders_as_plain_text_with_its_author() -> None:
    app = _launch_page()
    _add_note(app, TRICKY)

    assert TRICKY in _texts(app)
    assert any(text.startswith("Test Analyst · ") for text in _texts(app))
    assert not any("not bold" in element.value for element in app.markdown)
    assert app.text_area(key=f"add_text_{LAUNCH}").value == ""
    (note,) = _colleague_store().for_launch(LAUNCH)
    assert note.text == TRICKY and note.author == "Test Analyst"


def test_an_empty_note_is_refused_and_nothing_is_saved() -> None:
    app = _launch_page()
    _add_note(app, "   ")

    assert "A note cannot be empty." in _texts(app)
    assert app.error
    assert _colleague_store().for_launch(LAUNCH) == []


def test_edit_then_undo_brings_back_the_previous_text() -> None:
    app = _launch_page()
    _add_note(app, "JCS says 450 km")
    _edit_note(app, 1, "JCS revised range to 600 km")

    assert "JCS revised range to 600 km" in _texts(app)
    assert "JCS says 450 km" not in _texts(app)

    app.button(key="notes_undo").click().run()

    assert not app.exception, app.exception
    assert "JCS says 450 km" in _texts(app)
    history = _colleague_store().history(1)
    assert [(v.action, v.text) for v in history] == [
        ("add", "JCS says 450 km"),
        ("edit", "JCS revised range to 600 km"),
        ("edit", "JCS says 450 km"),
    ]


def test_delete_then_undo_restores_the_note() -> None:
    app = _launch_page()
    _add_note(app, "Follow up with Japan MoD figures")
    app.button(key="delete_1").click().run()

    assert "Follow up with Japan MoD figures" not in _texts(app)
    assert [e.label for e in app.expander if e.label.startswith("Deleted notes")] == ["Deleted notes (1)"]

    app.button(key="notes_undo").click().run()

    assert [note.text for note in _colleague_store().for_launch(LAUNCH)] == ["Follow up with Japan MoD figures"]
    assert "Follow up with Japan MoD figures" in _texts(app)
    assert [action.action for action in _colleague_store().history(1)] == ["add", "delete", "restore"]


def test_a_conflicting_edit_shows_both_texts_and_keeps_what_was_typed() -> None:
    app = _launch_page()
    _add_note(app, "original")
    app.button(key="edit_1").click().run()
    app.text_area(key="edit_text_1").input("my careful rewrite")
    _colleague_store().edit(1, "Test Analyst", "changed in another tab", expected_version=1)

    app.button(key="save_1").click().run()

    assert not app.exception, app.exception
    assert app.warning and "Not saved" in app.warning[0].value
    assert "changed in another tab" in _texts(app)
    assert any(text.startswith("Saved now: version 2, edit by Test Analyst") for text in _texts(app))
    assert app.text_area(key="conflict_text_1").value == "my careful rewrite"
    assert _colleague_store().get(1).text == "changed in another tab"

    app.button(key="conflict_keep_1").click().run()

    assert _colleague_store().get(1).text == "my careful rewrite"
    assert _colleague_store().get(1).version == 3


def test_a_colleagues_note_cannot_be_edited_or_deleted_here() -> None:
    _colleague_store().add(LAUNCH, "Colleague", "their assessment", ["assessment"])
    app = _launch_page()

    assert "their assessment" in _texts(app)
    assert "Tags: assessment" in _texts(app)
    keys = {button.key for button in app.button}
    assert "edit_1" not in keys and "delete_1" not in keys


def test_without_a_configured_name_the_page_asks_once_and_says_notes_are_unauthenticated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SPLASHDOWN_ANALYST")
    app = _launch_page()
    assert f"add_note_{LAUNCH}" not in {button.key for button in app.button}
    assert any("unauthenticated" in caption.value for caption in app.caption)

    app.text_input(key="identity_name_input").input("  J.  Kim ")
    app.button[[b.label for b in app.button].index("Use this name")].click().run()

    assert "Writing as J. Kim (local, unauthenticated)" in _texts(app)
    _add_note(app, "signed with my typed name")
    assert _colleague_store().for_launch(LAUNCH)[0].author == "J. Kim"


def test_a_link_to_an_unknown_launch_says_so(isolated_store: Path) -> None:
    app = _launch_page("L-1999-01-01-9")

    assert app.warning and "not in the catalog" in app.warning[0].value
    assert f"add_note_{LAUNCH}" not in {button.key for button in app.button}


_OIDC = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-only",
                  "client_id": "splashdown", "client_secret": "test-only",
                  "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}


def _launch_page_with_login(user: dict) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    app.secrets = _OIDC
    app.user = user
    app.query_params["week"] = "2021-W12"
    app.run()
    app.switch_page("views/launches.py")
    app.query_params["launch"] = LAUNCH
    app.run()
    assert not app.exception, app.exception
    return app


def test_with_login_configured_notes_are_signed_by_the_signed_in_user() -> None:
    app = _launch_page_with_login({"is_logged_in": True, "email": "kim@example.org", "name": "Kim"})

    assert "Writing as kim@example.org (signed in)" in _texts(app)
    assert not any("unauthenticated" in caption.value for caption in app.caption)
    _add_note(app, "signed note")
    assert _colleague_store().for_launch(LAUNCH)[0].author == "kim@example.org"


def test_with_login_configured_a_signed_out_visitor_must_sign_in_to_write() -> None:
    app = _launch_page_with_login({"is_logged_in": False})

    labels = [button.label for button in app.button]
    assert "Sign in" in labels
    assert "Add note" not in labels


def test_free_tags_are_saved_lower_cased_and_offered_to_the_next_note() -> None:
    app = _launch_page()
    app.multiselect(key=f"add_tags_{LAUNCH}").select("new type").select("TEL Variant")
    _add_note(app, "new TEL seen in imagery")

    assert _colleague_store().for_launch(LAUNCH)[0].tags == ("new type", "tel variant")
    assert "Tags: new type, tel variant" in _texts(app)
    assert "tel variant" in app.multiselect(key=f"add_tags_{LAUNCH}").options


def test_a_refused_note_keeps_the_typed_text_in_its_box() -> None:
    app = _launch_page()
    pasted = "figures from a PDF\x00 with a stray NUL byte"
    _add_note(app, pasted)

    assert any("NUL character" in text for text in _texts(app))
    assert app.text_area(key=f"add_text_{LAUNCH}").value == pasted
    assert _colleague_store().for_launch(LAUNCH) == []


def test_a_note_deleted_in_an_earlier_session_can_be_restored_from_the_deleted_list() -> None:
    store = _colleague_store()
    note = store.add(LAUNCH, "Test Analyst", "deleted yesterday", [])
    store.delete(note.id, "Test Analyst")
    app = _launch_page()
    assert "deleted yesterday" not in _texts(app)

    app.button(key=f"restore_{note.id}").click().run()

    assert "deleted yesterday" in _texts(app)
    assert [v.action for v in store.history(note.id)] == ["add", "delete", "restore"]


def test_an_admin_may_edit_a_colleagues_note_and_the_history_names_the_admin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPLASHDOWN_ADMINS", "Test Analyst")
    note = _colleague_store().add(LAUNCH, "Colleague", "needs moderation", [])
    app = _launch_page()
    _edit_note(app, note.id, "moderated")

    assert "moderated" in _texts(app)
    history = _colleague_store().history(note.id)
    assert [(v.author, v.text) for v in history] == [("Colleague", "needs moderation"), ("Test Analyst", "moderated")]


def test_a_notes_history_opened_on_the_page_lists_each_version_and_who_made_it() -> None:
    app = _launch_page()
    _add_note(app, "first reading")
    _edit_note(app, 1, "second reading")
    tables = [frame.value for frame in app.dataframe]
    assert not any("Change" in table.columns for table in tables), "the closed history was read and sent"

    app.session_state["history_1"] = True  # the analyst opens the note's History
    app.run()
    assert not app.exception, app.exception
    history = next(frame.value for frame in app.dataframe if "Change" in frame.value.columns)
    assert history[["Version", "Change", "By", "Text"]].values.tolist() == [
        [1, "add", "Test Analyst", "first reading"], [2, "edit", "Test Analyst", "second reading"]]


def test_the_page_keeps_notes_in_a_team_postgresql_database(
    isolated_store: Path, pg_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", pg_database_url)
    app = _launch_page()
    _add_note(app, "shared with the team server")
    _edit_note(app, 1, "shared with the team server, edited")

    store = open_store(pg_database_url)
    try:
        assert [note.text for note in store.for_launch(LAUNCH)] == ["shared with the team server, edited"]
        assert store.get(1).version == 2
    finally:
        store.close()


_ADDED = {"date_kst": "2021-03-25", "missile": "unknown", "missile_class": "SRBM", "site_id": "sondok",
          "range_km": 450, "apogee_km": 60, "impact_area": "east-sea", "outcome": "success",
          "confirmation": "media", "sources": "Yonhap 2021-03-25 https://example.invalid/yonhap"}


def test_an_added_launch_shows_who_added_it_and_only_they_may_withdraw_it() -> None:
    store = _colleague_store()
    (mine,) = store.add_launches([_ADDED], "Test Analyst", source_text="two ballistic missiles <b>x</b>")
    (theirs,) = store.add_launches([_ADDED], "Colleague")

    app = _launch_page(theirs)
    assert any(text.startswith("Added by Colleague on ") for text in _texts(app))
    assert f"withdraw_{theirs}" not in {button.key for button in app.button}

    app = _launch_page(mine)
    assert "two ballistic missiles <b>x</b>" in _texts(app)
    app.button(key=f"withdraw_{mine}").click().run()

    assert not app.exception, app.exception
    assert list(store.added_launches()["launch_id"]) == [theirs]
    assert "launch" not in app.query_params


def test_the_detail_shows_each_agencys_range_and_which_one_the_headline_uses() -> None:
    app = open_app({"week": "2024-W14"}, page="views/launches.py")
    app.query_params["launch"] = "L-2024-04-02-1"
    app.run()
    assert not app.exception, app.exception

    claims = next(frame.value for frame in app.dataframe if "Agency" in frame.value.columns)
    ranges = claims[claims["Figure"].str.startswith("range")]
    said = dict(zip(ranges["Agency"] + " " + ranges["Claim"], ranges["Headline"]))
    assert said["ROK JCS about 600 km"] == "✓ headline"
    assert said["Japan MoD 650 km or more"] == "bound, not a figure"
    assert "KCNA about 1,000 km" in said
    assert set(ranges["Figure"]) == {"range (disputed)"}
    assert app.metric[0].value == "600 km" and app.metric[0].delta == "ROK JCS"


def test_the_table_marks_a_figure_the_agencies_dispute_and_explains_the_mark() -> None:
    app = open_app({"week": "2024-W14"}, page="views/launches.py")
    app.run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value.set_index("launch_id")
    assert table.loc["L-2024-04-02-1", "claims_check"] == "⚠ range disputed"
    assert any("'disputed' when the agencies' figures differ by more than 10 %" in c.value for c in app.caption)


def test_notes_follow_their_launch_when_the_catalog_is_re_sorted(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import pandas as pd

    store = open_store(db_url)
    store.add("L-2021-03-25-2", "kim", "second missile of the salvo", ["figures revised"])
    store.add("L-2022-11-18-1", "lee", "ICBM", [])
    store.add("L-2022-11-18-1", "lee", "lofted", ["trajectory"])
    store.close()
    # Re-curation writes the rows in another order: notes are keyed by launch id, never by row.
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rows = pd.read_csv(data / "launches.csv", dtype=str, keep_default_na=False)
    rows.sort_values("range_km", ascending=False, key=lambda figure: pd.to_numeric(figure)).to_csv(
        data / "launches.csv", index=False
    )
    monkeypatch.setenv("SPLASHDOWN_DATA_DIR", str(data))
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", db_url)

    app = open_app({"from": "2021-03-25", "to": "2022-11-18"}, page="views/launches.py")
    app.query_params["launch"] = "L-2022-11-18-1"
    app.run()

    assert not app.exception, app.exception
    counts = app.dataframe[0].value.set_index("launch_id")["note_count"]
    assert (counts["L-2021-03-25-1"], counts["L-2021-03-25-2"], counts["L-2022-11-18-1"]) == (0, 1, 2)
    assert counts.sum() == 3
    assert {"ICBM", "lofted"} <= set(_texts(app))


def test_a_bad_hand_edit_of_the_claims_is_named_on_the_page_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    lines = (data / "claims.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",approx,", ",roughly,", 1)
    assert ",roughly," in lines[3]
    (data / "claims.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("SPLASHDOWN_DATA_DIR", str(data))

    app = open_app({"week": "2021-W12"}, page="views/launches.py")

    assert not app.exception, app.exception[0].message
    shown = "\n".join(str(element.value) for element in [*app.error, *app.text])
    assert "claims.csv row 3: bound = 'roughly': must be one of approx" in shown, shown
