"""Servers started on the loopback interface: a free port, the Streamlit command, and the wait.

Decisions:
- One helper starts and waits for every server Splashdown or its tests talk to over HTTP: the team
  server's app servers and nginx (`splashdown.team_server`), the benchmark's and the browser tests'
  Streamlit servers (`serve_streamlit`), the tests' OpenID Connect provider. A server is ready when
  the URL answers 2xx; it failed when its process exits first or time runs out, and the error
  says which, with the end of its log when there is one.
- Servers bind 127.0.0.1 only (Streamlit otherwise looks up its external address, and only a
  proxy is meant to be reachable from other machines), on a free port the OS picks.
"""

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
_RETRY_S = 0.3
_LOG_TAIL_CHARS = 3000


class ServerStartError(RuntimeError):
    """A server exited while starting or did not answer in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(script: Path, port: int, extra_args: Sequence[str] = ()) -> list[str]:
    """`streamlit run script` headless on 127.0.0.1:`port`, no file watcher, no usage statistics."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        *extra_args,
    ]


def wait_answering(url: str, process: subprocess.Popen, timeout_s: float = START_TIMEOUT_S,
                   log: Path | None = None) -> None:
    """Return once `url` answers 2xx; ServerStartError if `process` exits or time runs out first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            args = process.args
            command = " ".join(str(arg) for arg in args[:4]) if isinstance(args, list) else str(args)
            raise ServerStartError(f"{command} exited with {process.returncode} while starting{_tail(log)}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(_RETRY_S)
    raise ServerStartError(f"{url} did not answer within {timeout_s:.0f} s{_tail(log)}")


def _tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    return ":\n" + log.read_text(errors="replace")[-_LOG_TAIL_CHARS:]


@contextmanager
def serve_streamlit(
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
    url = f"http://127.0.0.1:{port}"
    command = streamlit_command(script, port, extra_args)
    with running(command, f"{url}/_stcore/health", work_dir / f"streamlit-{port}.log", timeout_s, environment):
        yield url


@contextmanager
def running(command: Sequence[str], ready_url: str, log: Path, timeout_s: float = START_TIMEOUT_S,
            env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Run `command` from the project root with its output in `log`, until `ready_url` answers;
    stop it on leaving. ServerStartError (with the log's end) when it never answers."""
    with log.open("w") as log_file:
        process = subprocess.Popen(list(command), cwd=PROJECT_ROOT, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT)
    try:
        wait_answering(ready_url, process, timeout_s, log)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace_s: float = 10.0) -> None:
    """Ask a server to stop; kill it when it has not within `grace_s` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
