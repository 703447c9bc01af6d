"""Two app servers behind nginx on one PostgreSQL, driven in Chromium as analysts would use them.

The proxy runs from `splashdown.proxy`'s standalone configuration (its own prefix, loopback
ports, no root); the route cookie it sets decides which app server a browser sticks to, so each
analyst here is pinned to a known server by giving their browser that cookie.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from splashdown.local_servers import free_port, stop, wait_answering
from splashdown.proxy import ROUTE_COOKIE, nginx_command, prepare_prefix
from splashdown.store import open_store
from tests.browser import serve_app
from tests.support import require

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

_NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
_LAUNCH = "L-2021-03-25-1"
_LAUNCH_PAGE = f"/launches?week=2021-W12&launch={_LAUNCH}"
_ANALYST = "Desk Analyst"
_START_TIMEOUT_S = 30


@dataclass
class _Team:
    proxy: str
    ports: list[int]
    servers: dict[int, ExitStack]
    access_log: Path
    database: str

    def route_to(self, port: int) -> str:
        """A route cookie value that the proxy sends to the app server on ``port``."""
        for attempt in range(200):
            value = f"analyst-{attempt}"
            request = urllib.request.Request(f"{self.proxy}/_stcore/health",
                                             headers={"Cookie": f"{ROUTE_COOKIE}={value}"})
            urllib.request.urlopen(request, timeout=10).close()
            if self.upstreams()[-1] == port:
                return value
        raise AssertionError(f"no route cookie reaches port {port}")

    def upstreams(self) -> list[int]:
        """The app server that answered each request so far (the last one tried when one failed)."""
        answered = re.findall(r"upstream=(.*?) upstream_seconds", self.access_log.read_text())
        return [int(tried.split(",")[-1].rsplit(":", 1)[-1]) for tried in answered]

    def stop(self, port: int) -> None:
        self.servers.pop(port).close()


@pytest.fixture
def team(pg_database_url: str, tmp_path: Path) -> Iterator[_Team]:
    require(Path(_NGINX).exists(), "nginx is not installed (apt-get install nginx)")
    environment = {
        "SPLASHDOWN_DATABASE_URL": pg_database_url,
        "SPLASHDOWN_ANALYST": _ANALYST,
        # Every app server of a team shares one cookie secret (see docs/DEPLOY.md).
        "STREAMLIT_SERVER_COOKIE_SECRET": "a-test-only-secret-shared-by-the-app-servers",
    }
    ports = [free_port(), free_port()]
    servers: dict[int, ExitStack] = {}
    with ExitStack() as stack:
        for number, port in enumerate(ports, start=1):
            server = ExitStack()
            stack.callback(server.close)
            work = tmp_path / f"app{number}"
            work.mkdir()
            server.enter_context(serve_app(work, environment, port=port))
            servers[port] = server
        prefix = tmp_path / "nginx"
        listen = free_port()
        config = prepare_prefix(prefix, ports, listen)
        log = (prefix / "nginx.out").open("w")
        stack.callback(log.close)
        proxy = subprocess.Popen(nginx_command(prefix, config, _NGINX), stdout=log, stderr=subprocess.STDOUT)
        stack.callback(stop, proxy)
        url = f"http://127.0.0.1:{listen}"
        wait_answering(f"{url}/_stcore/health", proxy, _START_TIMEOUT_S, prefix / "error.log")
        yield _Team(url, ports, servers, prefix / "access.log", pg_database_url)


def _tab_on(browser, team: _Team, port: int):  # noqa: ANN001, ANN202 - playwright's Browser and Page
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_cookies([{"name": ROUTE_COOKIE, "value": team.route_to(port), "url": team.proxy}])
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(team.proxy + _LAUNCH_PAGE)
    tab.get_by_role("heading", name="Team notes").wait_for()
    _settled(tab)
    return tab


def _settled(tab) -> None:  # noqa: ANN001 - playwright's Page
    # Type only once the script has finished, so no rerun redraws the box under the text.
    tab.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")


def test_two_app_servers_share_notes_and_settle_a_concurrent_edit_with_the_conflict_message(team, browser):
    first, second = team.ports
    ann, bob = _tab_on(browser, team, first), _tab_on(browser, team, second)
    try:
        ann.get_by_label("New note").fill("Written through the first server")
        ann.get_by_role("button", name="Add note").click()
        ann.get_by_text("Note added.").wait_for()
        bob.reload()
        bob.get_by_text("Written through the first server").wait_for()
        assert first in team.upstreams() and second in team.upstreams()

        # Both start editing version 1; Ann saves first, so Bob's save is refused with both texts shown.
        for tab in (ann, bob):
            if tab is ann:
                tab.reload()
                tab.get_by_text("Written through the first server").wait_for()
            _settled(tab)
            tab.get_by_role("button", name="Edit").click()
            tab.get_by_role("button", name="Save").wait_for()
        ann.get_by_label("Note", exact=True).fill("Ann's revision: range 600 km")
        ann.get_by_role("button", name="Save").click()
        ann.get_by_text("Note saved.").wait_for()
        bob.get_by_label("Note", exact=True).fill("Bob's revision: apogee 60 km")
        bob.get_by_role("button", name="Save").click()
        bob.get_by_text("Not saved: someone changed this note while you were editing it.").wait_for()
        assert bob.get_by_label("Your text (not saved yet)").input_value() == "Bob's revision: apogee 60 km"
        bob.get_by_text("Ann's revision: range 600 km").wait_for()
        bob.get_by_role("button", name="Save my text as version 3").click()
        bob.get_by_text("Note saved.").wait_for()

        store = open_store(team.database)
        try:
            (note,) = store.for_launch(_LAUNCH)
            assert [version.text for version in store.history(note.id)] == [
                "Written through the first server", "Ann's revision: range 600 km", "Bob's revision: apogee 60 km"]
        finally:
            store.close()
    finally:
        ann.context.close()
        bob.context.close()


def test_when_an_app_server_stops_the_proxy_moves_the_analyst_and_the_typed_note_is_saved(team, browser):
    first, second = team.ports
    tab = _tab_on(browser, team, first)
    try:
        tab.get_by_label("New note").fill("Typed while my server went down")
        with tab.expect_event("websocket"):  # the page reconnects, through the proxy, to the other server
            team.stop(first)

        tab.get_by_role("button", name="Add note").click()
        tab.get_by_text("Note added.").wait_for()

        assert tab.get_by_label("New note").input_value() == ""
        store = open_store(team.database)
        try:
            assert [note.text for note in store.for_launch(_LAUNCH)] == ["Typed while my server went down"]
        finally:
            store.close()
        tab.reload()
        tab.get_by_text("Typed while my server went down").wait_for()
        assert team.upstreams()[-1] == second
    finally:
        tab.context.close()
