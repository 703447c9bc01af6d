"""Sign-in through a real OpenID Connect provider (oidc-provider-mock on loopback), in Chromium.

The app's `[auth]` secrets point at the provider; each analyst goes through the real redirect
flow (Sign in -> the provider's authorize page -> /oauth2callback -> the app) and signs out
through the provider's end-session page.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from splashdown.export_figures import static_export_available
from splashdown.local_servers import free_port, running
from splashdown.store import NotAuthorError, open_store
from tests.browser import serve_app
from tests.support import require

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_LAUNCH = "L-2021-03-25-1"
_LAUNCH_PAGE = f"/launches?week=2021-W12&launch={_LAUNCH}"
_ADMIN = "chief@example.org"
_START_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OIDC provider on a free loopback port; any subject typed on its page signs in."""
    port = free_port()
    log = tmp_path_factory.mktemp("idp") / "provider.log"
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    with running(command, f"{url}/.well-known/openid-configuration", log, _START_TIMEOUT_S):
        yield url


@pytest.fixture(scope="module")
def team_app(identity_provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with sign-in configured against the provider; yields its URL and its store's URL."""
    work = tmp_path_factory.mktemp("team-app")
    secrets = work / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-only-cookie-secret-of-sufficient-length-0123456789"\n'
        'client_id = "splashdown"\n'
        'client_secret = "test-only-client-secret"\n'
        f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n'
    )
    database = f"sqlite:///{work / 'splashdown.db'}"
    environment = {"SPLASHDOWN_ANALYST": "", "SPLASHDOWN_ADMINS": _ADMIN, "SPLASHDOWN_DATABASE_URL": database}
    with serve_app(work, environment, ["--secrets.files", str(secrets)]) as url:
        yield url, database


def _only_loopback(route) -> None:  # noqa: ANN001 - playwright's Route
    # The provider's pages link a stylesheet from a CDN; nothing may leave the machine.
    if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def new_tab(browser):  # noqa: ANN001, ANN201
    """Each call opens a tab in its own browser context: one analyst, one set of cookies."""
    contexts = []

    def open_tab():  # noqa: ANN202 - playwright's Page
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        context.route("**/*", _only_loopback)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def _sign_in(tab, app: str, email: str) -> None:  # noqa: ANN001 - playwright's Page
    tab.goto(app + _LAUNCH_PAGE)
    tab.get_by_text("Read-only: you are not signed in").wait_for()
    assert tab.get_by_label("New note").count() == 0
    tab.get_by_role("button", name="Sign in").click()
    tab.get_by_placeholder("sub").fill(email)  # the provider's authorize page
    tab.get_by_role("button", name="Authorize").click()
    tab.wait_for_url(lambda url: url.startswith(app) and "oauth2callback" not in url)
    tab.goto(app + _LAUNCH_PAGE)
    tab.get_by_text(f"Writing as {email} (signed in)").wait_for()


def _sign_out(tab, app: str) -> None:  # noqa: ANN001 - playwright's Page
    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_role("button", name="End session").click()  # the provider's end-session page
    tab.wait_for_url(lambda url: url.startswith(app) and "oauth2callback" not in url)
    tab.goto(app + _LAUNCH_PAGE)
    tab.get_by_text("Read-only: you are not signed in").wait_for()


def _write_note(tab, text: str) -> None:  # noqa: ANN001 - playwright's Page
    tab.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    tab.get_by_label("New note").fill(text)
    tab.get_by_role("button", name="Add note").click()
    tab.get_by_text("Note added.").wait_for()


def _card(tab, note_id: int):  # noqa: ANN001, ANN202 - playwright's Page and Locator
    return tab.locator(f".st-key-note_{note_id}")


def test_two_analysts_sign_in_through_the_provider_and_only_change_their_own_notes(team_app, new_tab):
    app, database = team_app
    ann, bob = new_tab(), new_tab()

    _sign_in(ann, app, "ann@example.org")
    _write_note(ann, "Ann: depressed trajectory, likely KN-23")
    _sign_in(bob, app, "bob@example.org")
    _write_note(bob, "Bob: JCS revised the range to 600 km")

    store = open_store(database)
    try:
        notes = {note.author: note for note in store.for_launch(_LAUNCH)}
        assert {author: note.text for author, note in notes.items()} == {
            "ann@example.org": "Ann: depressed trajectory, likely KN-23",
            "bob@example.org": "Bob: JCS revised the range to 600 km",
        }
        anns, bobs = notes["ann@example.org"], notes["bob@example.org"]
        _card(bob, bobs.id).get_by_role("button", name="Edit").wait_for()
        _card(bob, anns.id).get_by_text("ann@example.org ·").wait_for()
        assert _card(bob, anns.id).get_by_role("button", name="Edit").count() == 0
        assert _card(bob, anns.id).get_by_role("button", name="Delete").count() == 0
        ann.reload()
        _card(ann, anns.id).get_by_role("button", name="Delete").wait_for()
        _card(ann, bobs.id).get_by_text("bob@example.org ·").wait_for()
        ann.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
        assert _card(ann, bobs.id).get_by_role("button", name="Edit").count() == 0

        with pytest.raises(NotAuthorError):
            store.edit(anns.id, "bob@example.org", "overwritten by Bob", anns.version)
        with pytest.raises(NotAuthorError):
            store.delete(anns.id, "bob@example.org")
        assert store.get(anns.id).text == "Ann: depressed trajectory, likely KN-23"

        # Signed out, Bob reads but cannot write; signed back in as the admin, the same tab may edit Ann's note.
        _sign_out(bob, app)
        assert bob.get_by_text("Ann: depressed trajectory, likely KN-23").count() == 1
        assert bob.get_by_role("button", name="Edit").count() == 0
        _sign_in(bob, app, _ADMIN)
        _card(bob, anns.id).get_by_role("button", name="Edit").wait_for()
    finally:
        store.close()


def test_the_briefing_pack_names_the_signed_in_analyst_as_its_author(team_app, new_tab):
    available, reason = static_export_available()
    require(available, reason)
    app, _ = team_app
    tab = new_tab()
    _sign_in(tab, app, "kim@example.org")

    tab.goto(app + "/briefing?week=2021-W12")
    with tab.expect_download(timeout=120_000) as pack:
        tab.get_by_role("button", name="Briefing pack (PDF)").click()

    pdf = PdfReader(pack.value.path())
    assert pdf.metadata.author == "kim@example.org"
    assert "by kim@example.org" in pdf.pages[0].extract_text()
