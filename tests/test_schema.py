"""The schema the migrations build is the one the store's table definitions describe.

The store reads and writes through its own `sa.Table` definitions while a database gets its tables
from the migrations; a column, type, index or constraint that one has and the other lacks is a
store that works on a fresh test database and fails on a team's upgraded one. Both are built on
fresh real databases, SQLite and PostgreSQL, and read back by the database's own reflection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from splashdown import migrations
from splashdown.store import table
from tests.pg import new_database

_STORE_TABLES = ("annotations", "annotation_versions", "added_launches", "added_claims")


@pytest.fixture(params=["sqlite", "postgresql"])
def two_fresh_databases(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}", f"sqlite:///{tmp_path / 'defined.db'}"
    server = request.getfixturevalue("pg_url")
    return new_database(server), new_database(server)


def _reflected(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    inspector = sa.inspect(engine)
    schema = {}
    for name in inspector.get_table_names():
        schema[name] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], c.get("default"), c.get("autoincrement"))
                        for c in inspector.get_columns(name)],
            "primary key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                                    tuple(f["referred_columns"])) for f in inspector.get_foreign_keys(name)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(name)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in inspector.get_indexes(name)),
            "checks": sorted((c["name"], c["sqltext"]) for c in inspector.get_check_constraints(name)),
        }
    return schema


def test_the_migrated_schema_matches_the_store_table_definitions(two_fresh_databases):
    migrated_url, defined_url = two_fresh_databases
    migrated, defined = sa.create_engine(migrated_url), sa.create_engine(defined_url)
    try:
        migrations.upgrade(migrated)
        table(_STORE_TABLES[0]).metadata.create_all(defined)
        from_migrations, from_definitions = _reflected(migrated), _reflected(defined)
    finally:
        migrated.dispose()
        defined.dispose()
    assert set(from_definitions) == set(_STORE_TABLES)
    assert set(from_migrations) == {*_STORE_TABLES, "splashdown_schema"}
    for name in _STORE_TABLES:
        assert from_migrations[name] == from_definitions[name], name
    assert from_migrations["annotations"]["indexes"], "reflection saw no index: the comparison would be empty"
