"""A throwaway PostgreSQL server for the tests that need a real team database.

``pg_url`` (session scope) runs ``initdb`` into a temporary directory and starts the server on a
free 127.0.0.1 port; it is stopped and removed when the session ends. ``pg_database_url`` gives
each test its own empty database on that server. Where the PostgreSQL binaries are missing the
tests are skipped with the reason (and fail in CI, see ``tests.support.require``).

Import both in a test module: ``from tests.pg import pg_database_url, pg_url  # noqa: F401``.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql
import pytest

from tests.support import require

_database_numbers = itertools.count(1)


def _bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and (Path(pg_ctl).parent / "initdb").exists():
        return Path(pg_ctl).parent
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user() -> list[str]:
    # PostgreSQL refuses to run as root; as root, run it as the Debian package's postgres user.
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a running throwaway PostgreSQL server's ``postgres`` database."""
    bin_dir = _bin_dir()
    require(
        bin_dir is not None,
        "PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql",
    )
    assert bin_dir is not None
    if os.geteuid() == 0:
        require(shutil.which("runuser") is not None, "running as root needs runuser to start PostgreSQL")
    root = Path(tempfile.mkdtemp(prefix="splashdown-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    data_dir = root / "data"
    port = _free_port()
    run_as = _as_server_user()
    subprocess.run(
        [*run_as, str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--locale=C", "--no-sync"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", options, "-l",
             str(root / "server.log"), "-w", "start"],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as error:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr!r}\n{log}") from error
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_database_url(pg_url: str) -> str:
    """URL of a new, empty database on the throwaway server, for one test."""
    name = f"splashdown_test_{os.getpid()}_{next(_database_numbers)}"
    server = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return pg_url.rsplit("/", 1)[0] + f"/{name}"
