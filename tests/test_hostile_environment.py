"""A hostile environment: the notes database unreachable at start or mid-session, no Chromium for
exports, and read-only data and var directories. Each gets a clear message, and nothing typed or
saved is lost.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from psycopg import sql

from components.downloads import CHART_TAB
from splashdown.store import open_store
from tests.apps import ROOT, as_read, open_app, open_tab
from tests.hostile import SEED_ROW, import_csv
from tests.support import require

LAUNCH = "L-2021-03-25-1"
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"
PAGES = ("views/overview.py", "views/launches.py", "views/map.py", "views/add_launch.py", "views/briefing.py")


@contextmanager
def _database_refusing_connections(server_url: str, database_url: str) -> Iterator[None]:
    """The database stops taking connections and drops the open ones, then comes back."""
    name = database_url.rsplit("/", 1)[1]
    server = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name)))
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    try:
        yield
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name)))


def _messages(app) -> str:  # noqa: ANN001 - an AppTest
    return "\n".join(str(element.value) for element in [*app.error, *app.warning, *app.text, *app.code])


# --- The database unreachable ------------------------------------------------------------------


def test_opening_an_unreachable_store_fails_at_once_naming_the_server():
    with pytest.raises(sa.exc.OperationalError) as refused:
        open_store(UNREACHABLE)

    assert "127.0.0.1" in str(refused.value) and "port 1" in str(refused.value)


@pytest.mark.parametrize("page", PAGES)
def test_an_unreachable_database_at_start_gets_a_clear_message_on_every_page(
    isolated_store: Path, monkeypatch: pytest.MonkeyPatch, page: str
):
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", UNREACHABLE)

    app = open_app({"week": "2021-W12"}, page=page)

    assert not app.exception, app.exception[0].message
    assert any("database" in str(element.value).lower() for element in [*app.error, *app.warning]), \
        "no message says the notes database cannot be reached"


def test_a_store_that_loses_its_database_mid_session_refuses_the_change_whole_and_recovers(
    pg_url: str, pg_database_url: str
):
    store = open_store(pg_database_url)
    try:
        first = store.add(LAUNCH, "alice", "before the outage")
        with _database_refusing_connections(pg_url, pg_database_url):
            with pytest.raises(sa.exc.OperationalError, match="not currently accepting connections"):
                store.add(LAUNCH, "alice", "during the outage")
            with pytest.raises(sa.exc.OperationalError):
                store.edit(first.id, "alice", "edited during the outage", expected_version=1)

        assert [note.text for note in store.for_launch(LAUNCH)] == ["before the outage"]
        assert [version.action for version in store.history(first.id)] == ["add"]
        again = store.add(LAUNCH, "alice", "during the outage")
        assert [note.text for note in store.for_launch(LAUNCH)] == ["before the outage", "during the outage"]
        assert store.history(again.id)[0].text == "during the outage"
    finally:
        store.close()


def test_a_note_typed_while_the_database_is_away_is_kept_with_a_clear_message(
    isolated_store: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str, pg_database_url: str
):
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", pg_database_url)
    app = open_app({"week": "2021-W12", "launch": LAUNCH}, page="views/launches.py")
    assert not app.exception, app.exception
    typed = "Depressed trajectory; JCS revised the range to 600 km"
    app.text_area(key=f"add_text_{LAUNCH}").input(typed)

    with _database_refusing_connections(pg_url, pg_database_url):
        app.button(key=f"add_note_{LAUNCH}").click().run()
        assert not app.exception, app.exception[0].message
        assert "Not saved" in _messages(app)
        assert app.text_area(key=f"add_text_{LAUNCH}").value == typed

    app.button(key=f"add_note_{LAUNCH}").click().run()
    assert not app.exception, app.exception
    assert [note.text for note in open_store(pg_database_url).for_launch(LAUNCH)] == [typed]


def test_a_launch_draft_and_an_import_made_while_the_database_is_away_are_kept_and_land_once_it_is_back(
    isolated_store: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str, pg_database_url: str
):
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", pg_database_url)
    app = open_app({"week": "2021-W12"}, page="views/add_launch.py")
    app.file_uploader[0].set_value(("outage.csv", import_csv([SEED_ROW]), "text/csv")).run()
    assert not app.exception, app.exception
    # Form fields reach the script with the submit click, as in the browser.
    app.text_input(key="add_field_missile").input("KN-23 outage test")
    app.number_input(key="add_field_range_km").set_value(450.0)
    app.selectbox(key="add_field_site_id").set_value("sondok")
    app.date_input(key="add_field_date").set_value(date(2019, 5, 9))

    with _database_refusing_connections(pg_url, pg_database_url):
        app.button(key="add_save_launch").click().run()
        assert not app.exception, app.exception[0].message
        assert app.text_input(key="add_field_missile").value == "KN-23 outage test"
        assert app.number_input(key="add_field_range_km").value == 450.0
        assert any("not saved" in error.value for error in app.error), [error.value for error in app.error]
        app.button(key="add_import_commit").click().run()
        assert not app.exception, app.exception[0].message
        assert any("Nothing was imported from outage.csv" in as_read(error.value) for error in app.error)

    app.button(key="add_import_commit").click().run()
    assert not app.exception, app.exception
    app.button(key="add_save_launch").click().run()
    assert not app.exception, app.exception
    store = open_store(pg_database_url)
    try:
        added = store.added_launches()
    finally:
        store.close()
    assert sorted(added["missile"]) == ["KN-23", "KN-23 outage test"], "each lands exactly once"


# --- No Chromium ---------------------------------------------------------------------------------


@pytest.fixture
def no_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point kaleido (through BROWSER_PATH, which the export module honours) at a browser that is not there."""
    from components import downloads
    from splashdown.export_figures import shutdown_export_browser

    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))
    shutdown_export_browser()
    downloads._static_export.clear()
    yield
    downloads._static_export.clear()


def test_without_chromium_the_briefing_page_says_what_to_install_and_offers_html(
    isolated_store: Path, no_chromium: None
):
    app = open_app({"week": "2021-W12"}, page="views/briefing.py")

    assert not app.exception, app.exception
    assert any("apt-get install chromium" in caption.value for caption in app.caption)
    buttons = {button.key: button for button in app.get("download_button")}
    assert buttons["dl_timeline_png"].proto.disabled and buttons["pack_pptx"].proto.disabled
    assert not buttons["dl_timeline_html"].proto.disabled
    assert not buttons["data_csv"].proto.disabled and not buttons["data_xlsx"].proto.disabled
    map_buttons = {button.key: button for button in open_tab(app, CHART_TAB, "Map").get("download_button")}
    assert not map_buttons["dl_map_deck"].proto.disabled


def test_without_chromium_the_command_line_export_names_the_install_and_html_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_chromium: None, capsys
):
    from splashdown import cli

    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    pack = cli.brief(["--week", "2021-W12", "--format", "pptx", "--out", str(tmp_path / "pack.pptx")])
    error = capsys.readouterr().err
    html = cli.export(["map", "--week", "2021-W12", "--out", str(tmp_path / "map.html")])

    assert pack == 1 and "apt-get install chromium" in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "pack.pptx").exists()
    assert html == 0 and (tmp_path / "map.html").read_bytes().lower().startswith(b"<!doctype html>")


# --- Read-only directories -----------------------------------------------------------------------

# Runs in a child process that file modes bind (as root, without the capability to override them):
# opens the given pages of the real app, adds a note on the Launches page when asked, and prints what it saw as JSON.
_APP_SESSION = r"""
import json, sys
from streamlit.testing.v1 import AppTest

seen = {"exceptions": [], "messages": [], "note_box": False}
app = AppTest.from_file("app.py", default_timeout=120)
app.query_params["week"] = "2021-W12"
app.run()
for page in sys.argv[1:]:
    app.switch_page(page)
    app.query_params["launch"] = "L-2021-03-25-1"
    app.run()
    seen["exceptions"] += [str(e.message) for e in app.exception]
    seen["messages"] += [str(e.value) for e in [*app.error, *app.warning]]
    boxes = [box for box in app.text_area if box.key == "add_text_L-2021-03-25-1"]
    if boxes:
        seen["note_box"] = True
        boxes[0].input("written with a read-only data directory")
        app.button(key="add_note_L-2021-03-25-1").click().run()
        seen["exceptions"] += [str(e.message) for e in app.exception]
        seen["messages"] += [str(e.value) for e in app.error]
print(json.dumps(seen))
"""


def _bound_by_file_modes() -> list[str]:
    """A command prefix under which root, too, is refused what file modes refuse."""
    if os.geteuid() != 0:
        return []
    require(shutil.which("setpriv") is not None, "running as root needs setpriv (util-linux) to drop DAC override")
    dropped = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={dropped}", f"--inh-caps={dropped}", "--"]


def _read_only(path: Path) -> None:
    for item in sorted([path, *path.rglob("*")], reverse=True):
        item.chmod(0o555 if item.is_dir() else 0o444)


def _run_app(env: dict[str, str], *pages: str) -> dict:
    result = subprocess.run(
        [*_bound_by_file_modes(), sys.executable, "-c", _APP_SESSION, *pages],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _child_env(home: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SPLASHDOWN_")}
    env.update(HOME=str(home), PYTHONDONTWRITEBYTECODE="1", SPLASHDOWN_ANALYST="Read Only",
               PYTHONPATH=str(ROOT), **settings)
    return env


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(directory)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in directory.rglob("*")}


def test_a_read_only_data_directory_serves_every_page_and_notes_still_save(tmp_path: Path):
    data, var = tmp_path / "data", tmp_path / "var"
    shutil.copytree(ROOT / "data", data)
    _read_only(data)
    before = _snapshot(data)

    seen = _run_app(_child_env(tmp_path, SPLASHDOWN_DATA_DIR=str(data), SPLASHDOWN_VAR_DIR=str(var)), *PAGES)

    assert seen["exceptions"] == [] and seen["messages"] == []
    assert seen["note_box"]
    notes = open_store(f"sqlite:///{var / 'splashdown.db'}").for_launch(LAUNCH)
    assert [note.text for note in notes] == ["written with a read-only data directory"]
    assert _snapshot(data) == before, "nothing may be written into the data directory"


def test_a_read_only_var_directory_gets_a_clear_message_instead_of_a_traceback(tmp_path: Path):
    var = tmp_path / "var"
    var.mkdir()
    _read_only(var)

    seen = _run_app(_child_env(tmp_path, SPLASHDOWN_VAR_DIR=str(var)), "views/overview.py", "views/launches.py")

    assert seen["exceptions"] == []
    assert any(str(var) in message or "database" in message.lower() for message in seen["messages"]), seen


def test_a_bad_hand_edit_of_the_curated_catalog_is_named_on_the_page_without_a_traceback(
    isolated_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    lines = (data / "launches.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(",SRBM,", ",XRBM,", 1)
    assert ",XRBM," in lines[5]
    (data / "launches.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("SPLASHDOWN_DATA_DIR", str(data))

    app = open_app({"week": "2021-W12"})

    assert not app.exception, app.exception[0].message
    shown = _messages(app)
    assert "launches.csv row 5: missile_class = 'XRBM'" in shown, shown
