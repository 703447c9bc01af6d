"""Browser fixtures: the real app served on loopback, driven by Playwright in Debian's Chromium.

`tests/conftest.py` registers the fixtures; `serve_app` is for tests that need their own server.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from splashdown.bench.browser import CHROMIUM, CHROMIUM_FLAGS, block_external
from splashdown.local_servers import serve_streamlit
from tests.support import require

ROOT = Path(__file__).resolve().parent.parent
_START_TIMEOUT_S = 90


def serve_app(
    work_dir: Path,
    extra_env: dict[str, str] | None = None,
    extra_args: Sequence[str] = (),
    port: int | None = None,
) -> AbstractContextManager[str]:
    """Serve app.py on a free loopback port with its own SQLite store; the base URL as the context.

    ``extra_args`` are more ``streamlit run`` options (e.g. ``--secrets.files``); ``port`` is
    for a caller that had to name the port before the server started (a proxy, a redirect URI).
    """
    env = {"SPLASHDOWN_ANALYST": "Browser Analyst"} | (extra_env or {})
    return serve_streamlit(ROOT / "app.py", work_dir, env, extra_args, port, timeout_s=_START_TIMEOUT_S)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Playwright driver and Chromium per test process (a playwright Browser)."""
    require(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context where every request that would leave the machine is refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.route("**/*", block_external)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
