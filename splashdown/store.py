"""The shared store: analysts' annotations on launches and the launches analysts added themselves.

One analyst runs on an embedded SQLite file (the default, in ``settings().var_dir``); a team points
every server at one PostgreSQL database through ``SPLASHDOWN_DATABASE_URL``. The rules live here,
not in the UI: only a note's author (or an admin) changes it, every change names the version it
started from, and nothing is overwritten or deleted for good: each add, edit, delete and restore
appends a row to ``annotation_versions``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from splashdown import migrations
from splashdown.catalog import CatalogError, load_sites, validate_launch_rows
from splashdown.claims import validate_claim_rows
from splashdown.config import settings
from splashdown.vocabulary import CLAIM_COLUMNS, FIGURE_COLUMNS, RAW_COLUMNS, TEXT_COLUMNS

MAX_NOTE_CHARS = 10_000
MAX_TAG_CHARS = 40
MAX_TAGS = 20
MAX_AUTHOR_CHARS = 200

ADDED_COLUMNS: tuple[str, ...] = ("added_by", "added_at", "source_text", "source_url")
_SUMMARY_COLUMNS = ["launch_id", "note_count", "latest_tag", "tags"]
_READ_ONLY = "splashdown_read_only"
_MAX_LAUNCH_TEXT_CHARS = 10_000

# An arbitrary constant naming the lock that serialises analyst-launch id allocation on PostgreSQL.
_PG_ADDED_LAUNCH_LOCK_KEY = 7_340_512_020

# The tables as the migrations leave them (tests/test_schema.py holds the two to each other).
_metadata = sa.MetaData()
_annotations = sa.Table(
    "annotations",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("launch_id", sa.String(64), nullable=False, index=True),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
_versions = sa.Table(
    "annotation_versions",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("annotation_id", sa.ForeignKey("annotations.id"), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("annotation_id", "version"),
)
_added = sa.Table(
    "added_launches",
    _metadata,
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
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("deleted_by", sa.String(200), nullable=True),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
)


_claims = sa.Table(
    "added_claims",
    _metadata,
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
_CLAIM_TEXT_LIMITS = {"value": 200, "citation": 100_000}


@dataclass(frozen=True)
class Note:
    """A note as it stands now."""

    id: int
    launch_id: str
    author: str
    text: str
    tags: tuple[str, ...]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted: bool = False


@dataclass(frozen=True)
class NoteVersion:
    """One entry of a note's history: what the note was after ``action`` by ``author``."""

    annotation_id: int
    version: int
    action: str  # "add", "edit", "delete" or "restore"
    author: str
    text: str
    tags: tuple[str, ...]
    at: dt.datetime


class ConflictError(Exception):
    """The note changed since the analyst started editing; ``current`` is the note as it is now."""

    def __init__(self, current: Note, expected_version: int) -> None:
        if current.deleted:
            change = "was deleted"
        else:
            change = f"is now at version {current.version}"
        super().__init__(
            f"Note {current.id} changed while you were editing it: you started from version "
            f"{expected_version}, and it {change}."
        )
        self.current = current
        self.expected_version = expected_version


# What every Store method raises when the database cannot be reached or fails mid-transaction
# (the driver's error, wrapped by SQLAlchemy); the transaction is rolled back whole.
DatabaseError = sa.exc.DBAPIError


class StoreUnusableError(sa.exc.DBAPIError):
    """The database answers but cannot be used: written by a newer Splashdown, or its file cannot
    be created. A DatabaseError like an unreachable server, so every handler of one handles both."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(None, None, cause)


def describe_database_error(error: sa.exc.DBAPIError) -> str:
    """A one-line, analyst-readable account of a database failure, without SQL or parameters."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
    if isinstance(error, StoreUnusableError):
        return f"The notes database cannot be used: {detail}"
    return f"The notes database did not answer: {detail}"


class NotAuthorError(PermissionError):
    """Someone other than the note's author (and not an admin) tried to change it."""


class NoteNotFoundError(LookupError):
    """No note has this id."""


class LaunchNotFoundError(LookupError):
    """No analyst-added launch has this id."""


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, lower-cased, inner spaces collapsed and de-duplicated, in the order given."""
    cleaned: list[str] = []
    for raw in tags:
        if not isinstance(raw, str):
            raise ValueError(f"Tag {raw!r} is not text.")
        tag = " ".join(raw.split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise ValueError(
                f"Tag {tag!r} is {len(tag)} characters long; tags are limited to {MAX_TAG_CHARS}."
            )
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValueError(f"A note has {len(cleaned)} tags; the limit is {MAX_TAGS}.")
    return tuple(cleaned)


def check_note_text(text: str) -> str:
    """The text unchanged when it is acceptable as a note, else a ValueError saying why."""
    if not isinstance(text, str):
        raise ValueError("A note's text must be a string.")
    if not text.strip():
        raise ValueError("A note cannot be empty.")
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(
            f"The note is {len(text):,} characters long; the limit is {MAX_NOTE_CHARS:,}. "
            f"Shorten it by {len(text) - MAX_NOTE_CHARS:,} characters."
        )
    if "\x00" in text:
        raise ValueError("The note contains a NUL character (\\x00), which cannot be stored.")
    return text


class Store:
    """Annotations and analyst-added launches in one SQL database (see :func:`open_store`)."""

    def __init__(self, engine: sa.Engine, admins: Iterable[str] = ()) -> None:
        self._engine = engine
        self._reader = engine.execution_options(**{_READ_ONLY: True})
        self._admins = frozenset(admins)

    @property
    def engine(self) -> sa.Engine:
        """The database engine, for whole-store tools such as ``splashdown.backup``."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def is_admin(self, author: str) -> bool:
        return author in self._admins

    # Annotations

    def add(self, launch_id: str, author: str, text: str, tags: Iterable[str] = ()) -> Note:
        """Add a note to a launch; the author is the only one (with admins) who may change it."""
        launch_id = _check_launch_id(launch_id)
        author = _check_author(author)
        text = check_note_text(text)
        tag_list = list(normalise_tags(tags))
        now = _now()
        with self._engine.begin() as connection:
            note_id = connection.execute(
                sa.insert(_annotations).values(
                    launch_id=launch_id,
                    author=author,
                    text=text,
                    tags=tag_list,
                    version=1,
                    deleted=False,
                    created_at=now,
                    updated_at=now,
                ).returning(_annotations.c.id)
            ).scalar_one()
            _append_version(connection, note_id, 1, "add", author, text, tag_list, now)
        return Note(note_id, launch_id, author, text, tuple(tag_list), 1, now, now)

    def edit(
        self,
        annotation_id: int,
        author: str,
        text: str,
        expected_version: int,
        tags: Iterable[str] | None = None,
    ) -> Note:
        """Replace a note's text (and tags, when given) if it is still at ``expected_version``.

        Raises ConflictError when someone changed or deleted it since, NotAuthorError when
        ``author`` neither wrote it nor is an admin. The previous text stays in the history.
        """
        author = _check_author(author)
        text = check_note_text(text)
        new_tags = None if tags is None else list(normalise_tags(tags))
        with self._engine.begin() as connection:
            current = self._note_for_change(connection, annotation_id, author)
            if current.deleted or current.version != expected_version:
                raise ConflictError(current, expected_version)
            tag_list = list(current.tags) if new_tags is None else new_tags
            return self._change(
                connection, current, author, "edit", text=text, tags=tag_list, deleted=False
            )

    def delete(self, annotation_id: int, author: str, expected_version: int | None = None) -> Note:
        """Hide a note from its launch; it stays in the history and ``restore`` brings it back."""
        author = _check_author(author)
        with self._engine.begin() as connection:
            current = self._note_for_change(connection, annotation_id, author)
            if current.deleted:
                raise ValueError(f"Note {annotation_id} is already deleted.")
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(current, expected_version)
            return self._change(
                connection,
                current,
                author,
                "delete",
                text=current.text,
                tags=list(current.tags),
                deleted=True,
            )

    def restore(self, annotation_id: int, author: str) -> Note:
        """Bring back a deleted note as it was when deleted."""
        author = _check_author(author)
        with self._engine.begin() as connection:
            current = self._note_for_change(connection, annotation_id, author)
            if not current.deleted:
                raise ValueError(f"Note {annotation_id} is not deleted, so there is nothing to restore.")
            return self._change(
                connection,
                current,
                author,
                "restore",
                text=current.text,
                tags=list(current.tags),
                deleted=False,
            )

    def get(self, annotation_id: int) -> Note:
        """A note by id, deleted or not."""
        with self._reader.connect() as connection:
            return _load_note(connection, annotation_id)

    def for_launch(self, launch_id: str) -> list[Note]:
        """The live notes on a launch, oldest first."""
        query = (
            sa.select(_annotations)
            .where(_annotations.c.launch_id == launch_id, _annotations.c.deleted.is_(False))
            .order_by(_annotations.c.created_at, _annotations.c.id)
        )
        with self._reader.connect() as connection:
            return [_note_from_row(row) for row in connection.execute(query).mappings()]

    def deleted_for_launch(self, launch_id: str) -> list[Note]:
        """The deleted notes on a launch, most recently changed first (for an undo list)."""
        query = (
            sa.select(_annotations)
            .where(_annotations.c.launch_id == launch_id, _annotations.c.deleted.is_(True))
            .order_by(_annotations.c.updated_at.desc(), _annotations.c.id.desc())
        )
        with self._reader.connect() as connection:
            return [_note_from_row(row) for row in connection.execute(query).mappings()]

    def history(self, annotation_id: int) -> list[NoteVersion]:
        """Every version of a note, oldest first, including deletes and restores."""
        query = (
            sa.select(_versions)
            .where(_versions.c.annotation_id == annotation_id)
            .order_by(_versions.c.version)
        )
        with self._reader.connect() as connection:
            rows = connection.execute(query).mappings().all()
        if not rows:
            raise NoteNotFoundError(f"There is no note {annotation_id}.")
        return [
            NoteVersion(
                annotation_id=row["annotation_id"],
                version=row["version"],
                action=row["action"],
                author=row["author"],
                text=row["text"],
                tags=tuple(row["tags"]),
                at=_as_utc(row["at"]),
            )
            for row in rows
        ]

    def note_summary(self) -> pd.DataFrame:
        """Per launch with live notes: ``note_count``, ``latest_tag`` and the sorted ``tags``.

        ``latest_tag`` is the first tag of the most recently changed note that has tags ("" when
        no note on the launch is tagged).
        """
        query = (
            sa.select(_annotations.c.launch_id, _annotations.c.tags)
            .where(_annotations.c.deleted.is_(False))
            .order_by(_annotations.c.launch_id, _annotations.c.updated_at, _annotations.c.id)
        )
        with self._reader.connect() as connection:
            rows = connection.execute(query).all()
        summary: dict[str, dict[str, Any]] = {}
        for launch_id, tags in rows:
            entry = summary.setdefault(launch_id, {"note_count": 0, "latest_tag": "", "tags": set()})
            entry["note_count"] += 1
            if tags:
                entry["latest_tag"] = tags[0]
                entry["tags"].update(tags)
        frame = pd.DataFrame(
            [
                {
                    "launch_id": launch_id,
                    "note_count": entry["note_count"],
                    "latest_tag": entry["latest_tag"],
                    "tags": sorted(entry["tags"]),
                }
                for launch_id, entry in summary.items()
            ],
            columns=_SUMMARY_COLUMNS,
        )
        return frame.astype({"launch_id": str, "note_count": "int64", "latest_tag": str})

    def _note_for_change(self, connection: sa.Connection, annotation_id: int, author: str) -> Note:
        current = _load_note(connection, annotation_id)
        if current.author != author and not self.is_admin(author):
            raise NotAuthorError(
                f"Note {annotation_id} was written by {current.author}; only its author or an "
                f"admin can change it, and you are signed in as {author}."
            )
        return current

    def _change(
        self,
        connection: sa.Connection,
        current: Note,
        author: str,
        action: str,
        *,
        text: str,
        tags: list[str],
        deleted: bool,
    ) -> Note:
        now = _now()
        new_version = current.version + 1
        # The version condition makes concurrent changes safe on both databases: only one
        # writer moves the note off a given version; the others update no row and conflict.
        result = connection.execute(
            sa.update(_annotations)
            .where(_annotations.c.id == current.id, _annotations.c.version == current.version)
            .values(text=text, tags=tags, version=new_version, deleted=deleted, updated_at=now)
        )
        if result.rowcount != 1:
            raise ConflictError(_load_note(connection, current.id), current.version)
        _append_version(connection, current.id, new_version, action, author, text, tags, now)
        return Note(
            current.id,
            current.launch_id,
            current.author,
            text,
            tuple(tags),
            new_version,
            current.created_at,
            now,
            deleted,
        )

    # Analyst-added launches

    def add_launches(
        self,
        records: Sequence[Mapping[str, Any]],
        author: str,
        source_text: str = "",
        source_url: str = "",
        claims: Sequence[Mapping[str, Any]] = (),
    ) -> list[str]:
        """Store launches an analyst added, all or none; returns their new ``A-...`` launch ids.

        Each record holds the raw catalog columns (``launch_id`` is ignored and assigned here).
        A blank ``event_id`` is filled so that records of one call sharing a date and site form
        one salvo (its id is that of the salvo's first launch). Records are checked by the
        catalog's rules; any invalid field raises ``CatalogError`` (a ValueError) naming the
        record, field and value, and nothing is stored.

        ``claims`` are the agencies' statements behind the figures, with the columns of
        ``load_claims()`` except the ids: ``field, agency, value, bound, low, high, published,
        citation``, and ``launch``, the index of the record a claim is about (absent or None: the
        whole salvo, which the records must then form). They are checked by the claims' rules
        and stored with the launches or not at all.
        """
        author = _check_author(author)
        if not records:
            raise ValueError("There are no launches to add.")
        rows = _checked_launch_rows(records)
        source_text = _check_plain(source_text, "source text", 100_000)
        source_url = _check_plain(source_url, "source URL", 2_000)
        now = _now()
        with self._engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"),
                    {"key": _PG_ADDED_LAUNCH_LOCK_KEY},
                )
            _assign_ids(connection, rows)
            claim_rows = _checked_claim_rows(claims, rows)
            connection.execute(
                sa.insert(_added),
                [
                    {
                        **row,
                        "added_by": author,
                        "added_at": now,
                        "source_text": source_text,
                        "source_url": source_url,
                        "deleted": False,
                    }
                    for row in rows
                ],
            )
            if claim_rows:
                connection.execute(
                    sa.insert(_claims),
                    [{**claim, "added_by": author, "added_at": now} for claim in claim_rows],
                )
        return [row["launch_id"] for row in rows]

    def added_claims(self) -> pd.DataFrame:
        """The claims behind live analyst-added launches, with the columns of ``load_claims()``.

        A withdrawn launch takes its claims with it; a salvo's claims go with its last launch.
        """
        live = _added.c.deleted.is_(False)
        query = (
            sa.select(*(_claims.c[name] for name in CLAIM_COLUMNS))
            .where(
                sa.or_(
                    _claims.c.launch_id.in_(sa.select(_added.c.launch_id).where(live)),
                    sa.and_(
                        _claims.c.launch_id == "",
                        _claims.c.event_id.in_(sa.select(_added.c.event_id).where(live)),
                    ),
                )
            )
            .order_by(_claims.c.id)
        )
        with self._reader.connect() as connection:
            records = [dict(row) for row in connection.execute(query).mappings()]
        frame = pd.DataFrame(records, columns=list(CLAIM_COLUMNS))
        for column in CLAIM_COLUMNS:
            if column in ("low", "high"):
                frame[column] = pd.to_numeric(frame[column]).astype("float64")
            else:
                frame[column] = frame[column].fillna("").astype(str)
        return frame

    def added_launches(self) -> pd.DataFrame:
        """Live analyst-added launches: the raw catalog columns plus who added them, when and why."""
        query = (
            sa.select(*(_added.c[name] for name in RAW_COLUMNS + ADDED_COLUMNS))
            .where(_added.c.deleted.is_(False))
            .order_by(_added.c.date_kst, _added.c.launch_id)
        )
        with self._reader.connect() as connection:
            records = [dict(row) for row in connection.execute(query).mappings()]
        frame = pd.DataFrame(records, columns=list(RAW_COLUMNS + ADDED_COLUMNS))
        frame["date_kst"] = pd.to_datetime(frame["date_kst"]).astype("datetime64[ns]")
        frame["added_at"] = pd.to_datetime(
            [_as_utc(value) for value in frame["added_at"]], utc=True
        )
        for column in FIGURE_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        for column in TEXT_COLUMNS + ("added_by", "source_text", "source_url"):
            frame[column] = frame[column].fillna("").astype(str)
        return frame

    def delete_added_launch(self, launch_id: str, author: str) -> None:
        """Withdraw an analyst-added launch (kept in the database, hidden from the catalog)."""
        author = _check_author(author)
        with self._engine.begin() as connection:
            row = connection.execute(
                sa.select(_added.c.added_by, _added.c.deleted).where(_added.c.launch_id == launch_id)
            ).first()
            if row is None or row.deleted:
                raise LaunchNotFoundError(f"There is no analyst-added launch {launch_id}.")
            if row.added_by != author and not self.is_admin(author):
                raise NotAuthorError(
                    f"Launch {launch_id} was added by {row.added_by}; only they or an admin can "
                    f"remove it, and you are signed in as {author}."
                )
            connection.execute(
                sa.update(_added)
                .where(_added.c.launch_id == launch_id, _added.c.deleted.is_(False))
                .values(deleted=True, deleted_by=author, deleted_at=_now())
            )


    def correct_added_launch(self, launch_id: str, author: str, changes: Mapping[str, Any]) -> None:
        """Correct fields of an analyst-added launch (its author or an admin only), e.g. the site of one
        that re-curation left behind. The corrected launch is checked by the catalog's rules as a new
        one would be; any invalid field raises ``CatalogError`` naming it, and nothing changes."""
        author = _check_author(author)
        fixed = {"launch_id", "event_id", "date_kst"} & set(changes)
        if fixed:
            raise ValueError(f"{', '.join(sorted(fixed))} of a saved launch cannot be corrected: its salvo and "
                             "notes are keyed by them; withdraw it and add it again instead.")
        unknown = set(changes) - set(RAW_COLUMNS)
        if unknown:
            raise ValueError(f"{', '.join(sorted(unknown))}: not a launch field")
        with self._engine.begin() as connection:
            row = connection.execute(
                sa.select(*(_added.c[name] for name in RAW_COLUMNS), _added.c.added_by, _added.c.deleted)
                .where(_added.c.launch_id == launch_id)
            ).mappings().first()
            if row is None or row["deleted"]:
                raise LaunchNotFoundError(f"There is no analyst-added launch {launch_id}.")
            if row["added_by"] != author and not self.is_admin(author):
                raise NotAuthorError(
                    f"Launch {launch_id} was added by {row['added_by']}; only they or an admin can "
                    f"correct it, and you are signed in as {author}."
                )
            saved = {name: row[name] for name in RAW_COLUMNS}
            (corrected,) = _checked_launch_rows([saved | dict(changes)], f"launch {launch_id}")
            connection.execute(
                sa.update(_added).where(_added.c.launch_id == launch_id)
                .values({name: corrected[name] for name in changes})
            )


def table(name: str) -> sa.Table:
    """The store's table called ``name``, for whole-store tools such as ``splashdown.backup``."""
    return _metadata.tables[name]


def open_store(url: str | None = None, admins: Iterable[str] | None = None) -> Store:
    """Open (creating or upgrading as needed) the store at ``url``.

    Defaults come from settings: the database URL (an SQLite file in the var directory) and the
    admin names. ``postgresql://`` URLs use psycopg 3.
    """
    config = settings()
    try:
        engine = create_engine(url or config.database_url)
        migrations.upgrade(engine)
    except (migrations.SchemaTooNewError, OSError) as error:
        raise StoreUnusableError(error) from error
    return Store(engine, config.admins if admins is None else admins)


def create_engine(url: str) -> sa.Engine:
    """An engine configured for the store: WAL and a busy timeout on SQLite, psycopg 3 on PostgreSQL."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return sa.create_engine(parsed, pool_pre_ping=True)


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a transaction that reads and then writes
        # waits its turn (busy timeout) instead of failing when another writer got there first.
        # Pure reads stay DEFERRED so that, with WAL, they never wait for writers.
        if connection.get_execution_options().get(_READ_ONLY):
            connection.exec_driver_sql("BEGIN DEFERRED")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _append_version(
    connection: sa.Connection,
    annotation_id: int,
    version: int,
    action: str,
    author: str,
    text: str,
    tags: list[str],
    at: dt.datetime,
) -> None:
    connection.execute(
        sa.insert(_versions).values(
            annotation_id=annotation_id,
            version=version,
            action=action,
            author=author,
            text=text,
            tags=tags,
            at=at,
        )
    )


def _load_note(connection: sa.Connection, annotation_id: int) -> Note:
    row = (
        connection.execute(sa.select(_annotations).where(_annotations.c.id == annotation_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NoteNotFoundError(f"There is no note {annotation_id}.")
    return _note_from_row(row)


def _note_from_row(row: Mapping[Any, Any]) -> Note:
    return Note(
        id=row["id"],
        launch_id=row["launch_id"],
        author=row["author"],
        text=row["text"],
        tags=tuple(row["tags"]),
        version=row["version"],
        created_at=_as_utc(row["created_at"]),
        updated_at=_as_utc(row["updated_at"]),
        deleted=bool(row["deleted"]),
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything is written in UTC.
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _check_author(author: str) -> str:
    if not isinstance(author, str) or not author.strip():
        raise ValueError("An author name is required to change notes or launches.")
    author = author.strip()
    if len(author) > MAX_AUTHOR_CHARS:
        raise ValueError(f"The author name is longer than {MAX_AUTHOR_CHARS} characters.")
    return author


def _check_launch_id(launch_id: str) -> str:
    if not isinstance(launch_id, str) or not launch_id.strip():
        raise ValueError("A launch id is required.")
    if len(launch_id) > 64:
        raise ValueError(f"Launch id {launch_id[:70]!r}... is longer than 64 characters.")
    return launch_id


def _check_plain(value: Any, field: str, limit: int) -> str:
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise ValueError(f"The {field} is {len(text):,} characters long; the limit is {limit:,}.")
    if "\x00" in text:
        raise ValueError(f"The {field} contains a NUL character (\\x00), which cannot be stored.")
    return text


def _checked_launch_rows(
    records: Sequence[Mapping[str, Any]], source_name: str = "new launch"
) -> list[dict[str, Any]]:
    """The records' raw columns checked by the catalog's rules and typed for the database.

    Raises CatalogError (a ValueError) listing every bad record, field and value.
    """
    frame = pd.DataFrame([dict(record) for record in records])
    frame = frame.drop(columns=["launch_id"], errors="ignore")
    for column in RAW_COLUMNS[1:]:
        if column not in frame.columns:
            frame[column] = ""
    errors = validate_launch_rows(frame, source_name, sites=load_sites()) + _storage_errors(frame, source_name)
    if errors:
        raise CatalogError(errors)
    rows = []
    for record in frame.to_dict("records"):
        row: dict[str, Any] = {column: _cell_text(record[column]) for column in TEXT_COLUMNS[1:]}
        row["date_kst"] = pd.Timestamp(record["date_kst"]).date()
        for column in FIGURE_COLUMNS:
            value = _cell_text(record[column])
            row[column] = float(value) if value else None
        rows.append(row)
    return rows


def _storage_errors(frame: pd.DataFrame, source_name: str) -> list[str]:
    """What the catalog's rules allow but the database cannot hold: over-long text, NUL bytes."""
    errors = []
    for index, record in enumerate(frame.to_dict("records")):
        for column in TEXT_COLUMNS[1:]:
            text = _cell_text(record[column])
            limit = getattr(_added.c[column].type, "length", None) or _MAX_LAUNCH_TEXT_CHARS
            shown = text if len(text) <= 60 else text[:57] + "..."
            if len(text) > limit:
                errors.append(
                    f"{source_name} row {index + 1}: {column} = {shown!r}: is {len(text):,} characters "
                    f"long; the limit is {limit:,}"
                )
            if "\x00" in text:
                errors.append(
                    f"{source_name} row {index + 1}: {column} = {shown!r}: contains a NUL character "
                    "(\\x00), which cannot be stored"
                )
    return errors


def _cell_text(value: Any) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _checked_claim_rows(
    claims: Sequence[Mapping[str, Any]], rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The claims tied to the launches' new ids and checked by the claims' rules.

    Raises CatalogError naming each bad claim (numbered from 1), field and value.
    """
    if not claims:
        return []
    events = {row["event_id"] for row in rows}
    texts: list[dict[str, str]] = []
    errors: list[str] = []
    for number, claim in enumerate(claims, start=1):
        index = claim.get("launch")
        if index is None:
            if len(events) != 1:
                errors.append(f"claim row {number}: launch = None: a claim about the whole salvo needs the "
                              f"launches to form one salvo, and they form {len(events)}")
                continue
            event_id, launch_id = next(iter(events)), ""
        elif not isinstance(index, int) or not 0 <= index < len(rows):
            errors.append(f"claim row {number}: launch = {index!r}: is not the index of a launch saved with it")
            continue
        else:
            event_id, launch_id = rows[index]["event_id"], rows[index]["launch_id"]
        text = {name: _claim_text(claim.get(name)) for name in CLAIM_COLUMNS}
        texts.append({**text, "event_id": event_id, "launch_id": launch_id})
        for name, limit in _CLAIM_TEXT_LIMITS.items():
            if len(text[name]) > limit:
                errors.append(f"claim row {number}: {name} is {len(text[name]):,} characters long; the limit is "
                              f"{limit:,}")
    frame = pd.DataFrame(texts, columns=list(CLAIM_COLUMNS))
    launch_events = {row["launch_id"]: row["event_id"] for row in rows}
    errors += validate_claim_rows(frame, "claim", launch_events=launch_events, site_ids=load_sites()["site_id"])
    if errors:
        raise CatalogError(errors)
    stored = []
    for text in texts:
        row: dict[str, Any] = dict(text)
        for name in ("low", "high"):
            row[name] = float(text[name]) if text[name] else None
        stored.append(row)
    return stored


def _claim_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return _cell_text(value)


def _assign_ids(connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """Give each row the next free ``A-<date>-<n>`` id and fill blank event ids per date and site."""
    next_number: dict[dt.date, int] = {}
    events: dict[tuple[dt.date, str], str] = {}
    for row in rows:
        date = row["date_kst"]
        if date not in next_number:
            existing = connection.execute(
                sa.select(_added.c.launch_id).where(_added.c.date_kst == date)
            ).scalars()
            used = [int(launch_id.rsplit("-", 1)[1]) for launch_id in existing]
            next_number[date] = max(used, default=0) + 1
        number = next_number[date]
        next_number[date] += 1
        row["launch_id"] = f"A-{date.isoformat()}-{number}"
        if not row["event_id"]:
            key = (date, row["site_id"])
            events.setdefault(key, row["launch_id"])
            row["event_id"] = events[key]
