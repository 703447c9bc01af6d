"""Browser fixtures: the real app served on loopback, driven by Playwright in Debian's Chromium.

`tests/conftest.py` registers the fixtures; `serve_app` is for tests that need their own server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.support import require

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not start within {_START_TIMEOUT_S}s:\n{log.read_text()}")


@contextmanager
def serve_app(
    work_dir: Path,
    extra_env: dict[str, str] | None = None,
    extra_args: Sequence[str] = (),
    port: int | None = None,
) -> Iterator[str]:
    """Serve app.py on a free loopback port with its own SQLite store; yield the base URL.

    ``extra_args`` are more ``streamlit run`` options (e.g. ``--secrets.files``); ``port`` is
    for a caller that had to name the port before the server started (a proxy, a redirect URI).
    """
    port = port or _free_port()
    env = os.environ | {
        "SPLASHDOWN_VAR_DIR": str(work_dir),
        "SPLASHDOWN_DATABASE_URL": f"sqlite:///{work_dir / 'splashdown.db'}",
        "SPLASHDOWN_ANALYST": "Browser Analyst",
    } | (extra_env or {})
    log = work_dir / "streamlit.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _block_external(route) -> None:  # noqa: ANN001 - playwright's Route
    host = urlparse(route.request.url).hostname or ""
    if route.request.url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context where every request that would leave the machine is refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.route("**/*", _block_external)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
