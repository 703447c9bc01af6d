"""A throwaway PostgreSQL server for the tests that need a real team database.

``pg_url`` (session scope) runs ``initdb`` into a temporary directory and starts the server on a
free 127.0.0.1 port; it is stopped and removed when the session ends. ``pg_database_url`` gives
each test its own empty database on that server. Where the PostgreSQL binaries are missing the
tests are skipped with the reason (and fail in CI, see ``tests.support.require``).

``db_url`` runs a test twice, on a fresh SQLite file and on a fresh PostgreSQL database; ``store``
is a splashdown store opened on it (admin: ``lead``). `tests/conftest.py` registers all four;
test modules use them by name.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from splashdown.pgserver import throwaway_postgres, unavailable_reason
from splashdown.store import Store, open_store
from tests.support import require

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a running throwaway PostgreSQL server's ``postgres`` database."""
    reason = unavailable_reason()
    require(reason is None, reason or "")
    with throwaway_postgres() as url:
        yield url


def new_database(pg_url: str) -> str:
    """Create a new, empty database on the server at ``pg_url``; its URL."""
    name = f"splashdown_test_{os.getpid()}_{next(_database_numbers)}"
    server = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return pg_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def pg_database_url(pg_url: str) -> str:
    """URL of a new, empty database on the throwaway server, for one test."""
    return new_database(pg_url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL: a SQLite file of this test's own, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_database_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url, admins={"lead"})
    yield opened
    opened.close()
