"""A notes database that cannot be used is a message, never a traceback, at every entry point.

The two cases every entry point meets: a database written by a newer Splashdown (schema too new)
and a server that does not answer. The command lines owe cron one line on stderr and status 1;
the pages show the catalog with a notice, and the briefing pack says why it cannot be made.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from splashdown import cli
from splashdown.store import DatabaseError, describe_database_error, open_store
from tests.apps import open_app

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def _too_new_database(directory: Path) -> str:
    url = f"sqlite:///{directory / 'newer.db'}"
    open_store(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE splashdown_schema SET version = 999"))
    engine.dispose()
    return url


def test_a_database_from_a_newer_splashdown_is_a_database_error_saying_to_upgrade(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_store(_too_new_database(tmp_path))
    message = describe_database_error(refused.value)
    assert "version 999" in message and "Upgrade Splashdown" in message


@pytest.mark.parametrize("case", ["unreachable", "too-new"])
def test_brief_and_export_with_an_unusable_database_print_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    url = UNREACHABLE if case == "unreachable" else _too_new_database(tmp_path)
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", url)

    briefed = cli.brief(["--week", "2021-W12", "--out", str(tmp_path / "pack.pptx")])
    brief_error = capsys.readouterr().err
    exported = cli.export(["timeline", "--week", "2021-W12", "--out", str(tmp_path / "timeline.html")])
    export_error = capsys.readouterr().err

    assert (briefed, exported) == (1, 1)
    for command, error in (("brief", brief_error), ("export", export_error)):
        assert len(error.strip().splitlines()) == 1 and error.startswith(f"splashdown {command}: "), error
        assert "database" in error and "Traceback" not in error
    assert not (tmp_path / "pack.pptx").exists() and not (tmp_path / "timeline.html").exists()


@pytest.mark.parametrize("page", ["views/overview.py", "views/launches.py", "views/briefing.py"])
def test_a_database_from_a_newer_splashdown_leaves_every_page_readable_with_a_notice(
    isolated_store: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", _too_new_database(isolated_store))
    app = open_app({"week": "2021-W12"}, page=page)
    assert not app.exception, app.exception[0].message
    assert any("Upgrade Splashdown" in element.value for element in app.text), [e.value for e in app.text]


def test_with_the_database_away_the_briefing_pack_buttons_say_why_instead_of_failing(
    isolated_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPLASHDOWN_DATABASE_URL", UNREACHABLE)
    app = open_app({"week": "2021-W12"}, page="views/briefing.py")
    assert not app.exception, app.exception[0].message
    packs = [button for button in app.get("download_button") if button.proto.label.startswith("Briefing pack")]
    assert len(packs) == 2 and all(button.proto.disabled for button in packs)
    assert any("team notes" in caption.value and "database" in caption.value for caption in app.caption)
