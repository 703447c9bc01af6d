"""Versioned schema migrations for the store, applied automatically when a store is opened.

Each step is a module ``vNNN_*.py`` with an ``upgrade(connection)`` function. Steps only ever add
tables, columns and indexes: an upgrade never drops or rewrites analysts' notes. The runner holds
a database-wide lock while it works so that several servers opening one database at once apply
each step exactly once.
"""

from __future__ import annotations

from types import ModuleType

import sqlalchemy as sa

from splashdown.migrations import v001_annotations, v002_added_launches, v003_added_claims

_STEPS: tuple[ModuleType, ...] = (v001_annotations, v002_added_launches, v003_added_claims)
LATEST_VERSION = len(_STEPS)

# An arbitrary constant identifying Splashdown's migration lock among PostgreSQL advisory locks.
_PG_LOCK_KEY = 7_340_512_019

_schema_table = sa.Table(
    "splashdown_schema",
    sa.MetaData(),
    sa.Column("version", sa.Integer, nullable=False),
)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer Splashdown than the one running."""


def current_version(connection: sa.Connection) -> int:
    """Schema version recorded in the database; 0 for an empty database."""
    if not sa.inspect(connection).has_table(_schema_table.name):
        return 0
    return connection.execute(sa.select(sa.func.max(_schema_table.c.version))).scalar_one() or 0


def upgrade(engine: sa.Engine, target: int = LATEST_VERSION) -> int:
    """Bring the schema up to ``target`` in one transaction; returns the version reached."""
    with engine.begin() as connection:
        _lock(connection)
        _schema_table.create(connection, checkfirst=True)
        version = current_version(connection)
        if version > LATEST_VERSION:
            raise SchemaTooNewError(
                f"The database schema is version {version}, but this Splashdown only knows up to "
                f"version {LATEST_VERSION}. Upgrade Splashdown before opening this database."
            )
        for step in _STEPS[version:target]:
            step.upgrade(connection)
        if target > version:
            connection.execute(sa.delete(_schema_table))
            connection.execute(sa.insert(_schema_table).values(version=target))
        return max(version, target)


def _lock(connection: sa.Connection) -> None:
    # SQLite transactions already begin with BEGIN IMMEDIATE (see splashdown.store), which takes
    # the database's write lock; PostgreSQL needs an explicit transaction-scoped advisory lock.
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
