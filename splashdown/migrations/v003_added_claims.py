"""Version 3: the agencies' claims behind analyst-added launches (the columns of ``load_claims()``).

A claim with an empty ``launch_id`` is about the whole salvo (a count, or one figure the report gives
for every missile of it); ``citation`` is the analyst's source and the sentence the figure came from.
"""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(connection: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "added_claims",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, index=True),
        sa.Column("launch_id", sa.String(64), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("agency", sa.String(64), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("bound", sa.String(16), nullable=False),
        sa.Column("low", sa.Float, nullable=True),
        sa.Column("high", sa.Float, nullable=True),
        sa.Column("published", sa.String(10), nullable=False),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    metadata.create_all(connection)
