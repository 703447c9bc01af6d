"""A Streamlit server on a free loopback port: for the benchmark's browser part and the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from splashdown.config import PROJECT_ROOT

START_TIMEOUT_S = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not start within {timeout_s:g} s:\n{log.read_text()[-3000:]}")


@contextmanager
def serve(
    script: Path,
    work_dir: Path,
    env: dict[str, str] | None = None,
    extra_args: Sequence[str] = (),
    port: int | None = None,
    timeout_s: float = START_TIMEOUT_S,
) -> Iterator[str]:
    """Serve `script` (run from the project root, so its `.streamlit/config.toml` applies) with its
    own var directory and SQLite store in `work_dir`; yield the base URL.

    `extra_args` are more `streamlit run` options (e.g. `--secrets.files`); `port` is for a caller
    that had to name the port before the server started (a proxy, a redirect URI).
    """
    port = port or free_port()
    environment = os.environ | {
        "SPLASHDOWN_VAR_DIR": str(work_dir),
        "SPLASHDOWN_DATABASE_URL": f"sqlite:///{work_dir / 'splashdown.db'}",
    } | (env or {})
    log = work_dir / f"streamlit-{port}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(script),
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
                *extra_args,
            ],
            cwd=PROJECT_ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log, timeout_s)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
