"""`make serve-team`: several Streamlit app servers behind nginx on one PostgreSQL, on one machine.

The same arrangement that docs/DEPLOY.md installs with systemd, started from a shell for a trial
or a small team: N app servers on 127.0.0.1 (ports after the proxy's), nginx in front of them
running unprivileged from ``var/nginx`` with the configuration of `splashdown.proxy`, every
server sharing one cookie secret (sign-in cookies and sessions must be valid on all of them) and
the store's schema upgraded once before any server starts. An app server that exits is started
again; Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType

from splashdown.config import PROJECT_ROOT, settings
from splashdown.local_servers import stop, streamlit_command, wait_answering
from splashdown.pgserver import throwaway_postgres
from splashdown.proxy import nginx_command, prepare_prefix
from splashdown.store import create_engine, open_store

_START_TIMEOUT_S = 120.0
_POLL_S = 1.0


class TeamServerError(RuntimeError):
    """The team server cannot start; the message says what to fix."""


def app_server_command(port: int) -> list[str]:
    """One app server on 127.0.0.1:``port`` (only the proxy is reachable from other machines)."""
    return streamlit_command(PROJECT_ROOT / "app.py", port)


def serve(database_url: str, servers: int, port: int, nginx: str) -> None:
    """Run until interrupted: ``servers`` app servers on ports after ``port``, nginx on ``port``."""
    if create_engine(database_url).dialect.name != "postgresql":
        raise TeamServerError(
            "several app servers share one PostgreSQL database: set SPLASHDOWN_DATABASE_URL to "
            "postgresql+psycopg://user:password@host/database (or try it with --demo-postgres)"
        )
    open_store(database_url).close()  # migrations once, before the servers race to apply them
    signal.signal(signal.SIGTERM, _stop_on_terminate)  # systemd or kill: stop the servers as Ctrl-C does
    environment = os.environ | {
        "SPLASHDOWN_DATABASE_URL": database_url,
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
        or secrets.token_urlsafe(32),
    }
    app_ports = [port + offset for offset in range(1, servers + 1)]
    prefix = settings().var_dir / "nginx"
    config = prepare_prefix(prefix, app_ports, port)
    with ExitStack() as stack:
        apps = {app_port: stack.enter_context(_process(app_server_command(app_port), environment))
                for app_port in app_ports}
        for app_port in app_ports:
            wait_answering(f"http://127.0.0.1:{app_port}/_stcore/health", apps[app_port], _START_TIMEOUT_S)
        proxy = stack.enter_context(_process(nginx_command(prefix, config, nginx), environment))
        wait_answering(f"http://127.0.0.1:{port}/_stcore/health", proxy, _START_TIMEOUT_S)
        print(f"Splashdown team server: http://127.0.0.1:{port}/ ({servers} app servers on ports "
              f"{', '.join(map(str, app_ports))} behind nginx; logs in {prefix}). Ctrl-C stops it.", flush=True)
        while proxy.poll() is None:
            for app_port, process in list(apps.items()):
                if process.poll() is not None:
                    print(f"App server on port {app_port} exited ({process.returncode}); starting it again.",
                          file=sys.stderr, flush=True)
                    apps[app_port] = stack.enter_context(_process(app_server_command(app_port), environment))
            time.sleep(_POLL_S)
        raise TeamServerError(f"nginx exited with {proxy.returncode}; see {prefix / 'error.log'}")


@contextmanager
def _process(command: list[str], environment: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment)
    try:
        yield process
    finally:
        stop(process)


def _stop_on_terminate(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str]) -> int:
    """`python -m splashdown serve-team`: 0 after Ctrl-C, 1 when it cannot start (one line why)."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown serve-team",
        description="Run several app servers behind nginx against one PostgreSQL database.",
    )
    parser.add_argument("--servers", type=int, default=2, help="number of app servers (default 2)")
    parser.add_argument("--port", type=int, default=8500,
                        help="the proxy's port; app servers take the next ones (default 8500)")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SPLASHDOWN_DATABASE_URL)")
    parser.add_argument("--demo-postgres", action="store_true",
                        help="start a throwaway PostgreSQL for a trial; its notes are deleted at exit")
    args = parser.parse_args(list(argv))
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        print("splashdown serve-team: nginx is not installed (apt-get install nginx, or make system-deps)",
              file=sys.stderr)
        return 1
    if args.servers < 1:
        print("splashdown serve-team: --servers must be at least 1", file=sys.stderr)
        return 2
    try:
        with ExitStack() as stack:
            database_url = args.database_url or settings().database_url
            if args.demo_postgres:
                database_url = stack.enter_context(throwaway_postgres())
                print("Trial store: a throwaway PostgreSQL; its notes are deleted when this stops.", file=sys.stderr)
            serve(database_url, args.servers, args.port, nginx)
    except KeyboardInterrupt:
        return 0
    except Exception as error:  # noqa: BLE001 - one plain line, not a traceback
        print(f"splashdown serve-team: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    return 0
