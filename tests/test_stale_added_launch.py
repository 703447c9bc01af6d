"""A saved analyst-added launch that no longer validates (re-curation renamed its site, a figure
became impossible) is named and left out; the catalog and every other analyst launch still show,
and its author, not a colleague, can remove it from the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from splashdown import cli
from splashdown.filters import Filters
from splashdown.store import NotAuthorError, Store, open_store, table
from splashdown.view import load_view
from tests.apps import open_app

_REPORTED = {"date_kst": "2021-03-25", "missile": "unknown", "missile_class": "SRBM", "site_id": "sondok",
             "range_km": 450, "apogee_km": 60, "impact_area": "east-sea", "outcome": "success",
             "confirmation": "media", "sources": "Yonhap 2021-03-25 (test report)"}


@pytest.fixture
def stale_store(isolated_store: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, str, str]]:
    """Test Analyst's launch whose site re-curation renamed, and a colleague's launch that still passes."""
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", db_url)
    store = open_store(db_url)
    (stale,) = store.add_launches([_REPORTED], "Test Analyst")
    (sound,) = store.add_launches([{**_REPORTED, "date_kst": "2021-03-24", "missile_class": "cruise"}], "Colleague")
    with store.engine.begin() as connection:
        connection.execute(
            sa.update(table("added_launches")).where(table("added_launches").c.launch_id == stale)
            .values(site_id="sinpo-old")
        )
    try:
        yield store, stale, sound
    finally:
        store.close()


def _texts(app: AppTest) -> list[str]:
    return [element.value for element in app.text]


def test_pages_show_the_catalog_and_name_the_launch_that_no_longer_validates(stale_store) -> None:
    _, stale, sound = stale_store

    app = open_app({"week": "2021-W12"}, page="views/launches.py")

    assert not app.exception, app.exception
    shown = set(app.dataframe[0].value["launch_id"])
    assert {"L-2021-03-25-1", "L-2021-03-25-2", sound} <= shown and stale not in shown
    assert any("no longer pass the catalog's rules" in warning.value for warning in app.warning)
    (named,) = [text for text in _texts(app) if stale in text]
    assert "2021-03-25" in named and "Test Analyst" in named
    assert "site_id = 'sinpo-old': is not a site_id in sites.csv" in named


def test_its_author_removes_it_from_the_page_and_the_notice_goes(stale_store) -> None:
    store, stale, sound = stale_store
    app = open_app({"week": "2021-W12"})

    app.button(key=f"withdraw_{stale}").click().run()

    assert not app.exception, app.exception
    assert not any(stale in text for text in _texts(app))
    assert not any("no longer pass" in warning.value for warning in app.warning)
    assert list(store.added_launches()["launch_id"]) == [sound]


def test_its_author_corrects_the_site_and_the_launch_is_back_on_the_pages(stale_store) -> None:
    store, stale, _ = stale_store
    app = open_app({"week": "2021-W12"}, page="views/launches.py")

    app.selectbox(key=f"correct_{stale}_site_id").select("sondok")
    app.button(key=f"correct_save_{stale}").click().run()

    assert not app.exception, app.exception
    assert not any("no longer pass" in warning.value for warning in app.warning)
    assert stale in set(app.dataframe[0].value["launch_id"])
    assert store.added_launches().set_index("launch_id").loc[stale, "site_id"] == "sondok"


def test_a_correction_that_still_breaks_a_rule_is_refused_naming_it(stale_store) -> None:
    _, stale, _ = stale_store
    app = open_app({"week": "2021-W12"})

    app.button(key=f"correct_save_{stale}").click().run()

    assert not app.exception, app.exception
    assert any(error.value == f"{stale} was not corrected." for error in app.error)
    assert "Choose the launch site." in _texts(app)


def test_a_colleague_gets_no_remove_button_and_the_store_refuses_them(
    stale_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, stale, _ = stale_store
    monkeypatch.setenv("SPLASHDOWN_ANALYST", "Colleague")

    app = open_app({"week": "2021-W12"})

    assert any(stale in text for text in _texts(app))
    assert not {f"withdraw_{stale}", f"correct_save_{stale}"} & {button.key for button in app.button}
    with pytest.raises(NotAuthorError, match="added by Test Analyst"):
        store.delete_added_launch(stale, "Colleague")
    assert stale in set(store.added_launches()["launch_id"])


def test_the_pack_view_leaves_it_out_and_keeps_everything_else(stale_store) -> None:
    _, stale, sound = stale_store

    view = load_view(Filters(week="2021-W12"))

    assert [launch.launch_id for launch in view.rejected] == [stale]
    assert {"L-2021-03-25-1", sound} <= set(view.launches["launch_id"]) and stale not in set(view.launches["launch_id"])


def test_export_writes_the_file_and_names_the_launch_in_one_line_on_stderr(
    stale_store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, stale, _ = stale_store
    out = tmp_path / "timeline.html"

    code = cli.export(["timeline", "--week", "2021-W12", "--format", "html", "--out", str(out)])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert out.stat().st_size > 0
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("splashdown export: left out ") and stale in line and "site_id" in line
