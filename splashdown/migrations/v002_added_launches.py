"""Version 2: launches added by analysts (catalog columns plus who, when and from which source)."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(connection: sa.Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "added_launches",
        metadata,
        sa.Column("launch_id", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("date_kst", sa.Date, nullable=False, index=True),
        sa.Column("time_utc", sa.String(5), nullable=False),
        sa.Column("missile", sa.String(200), nullable=False),
        sa.Column("missile_class", sa.String(16), nullable=False),
        sa.Column("site_id", sa.String(64), nullable=False),
        sa.Column("range_km", sa.Float, nullable=True),
        sa.Column("apogee_km", sa.Float, nullable=True),
        sa.Column("flight_time_min", sa.Float, nullable=True),
        sa.Column("bearing_deg", sa.Float, nullable=True),
        sa.Column("bearing_basis", sa.String(16), nullable=False),
        sa.Column("impact_area", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("confirmation", sa.String(200), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("source_url", sa.Text, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, default=False),
        sa.Column("deleted_by", sa.String(200), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    )
    metadata.create_all(connection)
