"""Backup and restore of a team's own work: every note with its whole history, and the launches
analysts added, as one JSON Lines file (`python -m splashdown notes export|import`).

Decisions:
- One JSON object per line: a header naming the format, one line per note (its id, launch and
  author, then every version: add, edits, deletes and restores, each with its author and time),
  one line per analyst-added launch (every column, withdrawn ones too), one line per agency claim
  behind those launches, and a closing line counting them. A file without its closing line is
  truncated and is refused.
- The file holds nothing that changes between exports of the same store (no export time), keys
  are sorted and times are UTC ISO 8601 with microseconds, so exporting, importing into an
  empty store (SQLite or PostgreSQL) and exporting again gives the same bytes.
- Import checks the whole file before writing anything and refuses it whole, naming the line
  and field, when any record is bad. Then it writes in one transaction.
- A note is the same note in another store when launch, author and creation time agree; a
  launch when its id agrees. Those already in the store are left exactly as they are (never
  overwritten, never duplicated) and counted in the report. A claim comes in with its launch
  (or, for a claim about a whole salvo, with the salvo) and stays out when that launch was
  already there. A new note or claim keeps its id when that id is free, so a restore into an
  empty store reproduces the original ids.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from splashdown.catalog import validate_launch_rows
from splashdown.store import (
    MAX_AUTHOR_CHARS,
    Store,
    check_note_text,
    normalise_tags,
    open_store,
    table,
)

FORMAT = "splashdown-notes"
FORMAT_VERSION = 1
_ACTIONS = ("add", "edit", "delete", "restore")
_NOTE_KEYS = {"kind", "id", "launch_id", "author", "versions"}
_VERSION_KEYS = {"version", "action", "author", "text", "tags", "at"}
_MAX_LAUNCH_ID_CHARS = 64


class BackupError(ValueError):
    """The file cannot be restored; the message names the line and what is wrong with it."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did: records written and records left alone because the store had them."""

    notes_added: int = 0
    versions_added: int = 0
    notes_present: int = 0
    launches_added: int = 0
    launches_present: int = 0
    claims_added: int = 0
    renumbered: list[tuple[int, int]] = field(default_factory=list)

    def describe(self) -> str:
        line = (
            f"Imported {_count(self.notes_added, 'note')} ({_count(self.versions_added, 'version')}) "
            f"and {_count(self.launches_added, 'analyst-added launch')} with {_count(self.claims_added, 'claim')}; "
            f"{_count(self.notes_present, 'note')} and {_count(self.launches_present, 'launch')} "
            "were already in the store and were left as they are."
        )
        if self.renumbered:
            moves = ", ".join(f"{old} -> {new}" for old, new in self.renumbered[:5])
            more = f" and {len(self.renumbered) - 5} more" if len(self.renumbered) > 5 else ""
            line += f" Notes whose id was taken got new ids: {moves}{more}."
        return line


@dataclass(frozen=True)
class _NoteRecord:
    line: int
    id: int
    launch_id: str
    author: str
    versions: tuple[dict[str, Any], ...]

    @property
    def created_at(self) -> dt.datetime:
        return self.versions[0]["at"]


@dataclass(frozen=True)
class _RowRecord:
    """One table row from the file (a launch or a claim) and the line it came from."""

    line: int
    row: dict[str, Any]


def export_notes(store: Store) -> bytes:
    """The whole backup file for ``store``: notes with their histories and analyst-added launches."""
    return b"".join(_line(record) for record in _records(store))


def import_notes(store: Store, data: bytes, name: str = "backup") -> ImportReport:
    """Restore a backup into ``store``, all or nothing; raises BackupError naming the bad line."""
    notes, launches, claims = _parse(data, name)
    with store.engine.begin() as connection:
        return _write(connection, notes, launches, claims)


def _records(store: Store) -> Iterator[dict[str, Any]]:
    annotations, versions, added = table("annotations"), table("annotation_versions"), table("added_launches")
    claims = table("added_claims")
    # One snapshot for every table, so a note written meanwhile is either whole in the file or absent
    # (SQLite's transactions here already begin IMMEDIATE; PostgreSQL needs REPEATABLE READ).
    engine = store.engine
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as connection:
        history: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            sa.select(versions).order_by(versions.c.annotation_id, versions.c.version)
        ).mappings():
            history.setdefault(row["annotation_id"], []).append(
                {key: _encode(versions.c[key], row[key]) for key in sorted(_VERSION_KEYS)}
            )
        notes = connection.execute(
            sa.select(annotations.c.id, annotations.c.launch_id, annotations.c.author).order_by(annotations.c.id)
        ).all()
        launch_rows = connection.execute(sa.select(added).order_by(added.c.launch_id)).mappings().all()
        claim_rows = connection.execute(sa.select(claims).order_by(claims.c.id)).mappings().all()
    yield {"format": FORMAT, "kind": "header", "version": FORMAT_VERSION}
    for note_id, launch_id, author in notes:
        yield {"author": author, "id": note_id, "kind": "note", "launch_id": launch_id,
               "versions": history.get(note_id, [])}
    for row in launch_rows:
        yield {"kind": "launch", **{column.name: _encode(column, row[column.name]) for column in added.columns}}
    for row in claim_rows:
        yield {"kind": "claim", **{column.name: _encode(column, row[column.name]) for column in claims.columns}}
    yield {"claims": len(claim_rows), "kind": "end", "launches": len(launch_rows), "notes": len(notes)}


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def _encode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.DateTime):
        moment = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
        return moment.isoformat(timespec="microseconds")
    if isinstance(column.type, sa.Date):
        return value.isoformat()
    if isinstance(column.type, sa.Float):
        return float(value)
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    return value


# Reading a file: every line is checked before anything is written.


def _parse(data: bytes, name: str) -> tuple[list[_NoteRecord], list[_RowRecord], list[_RowRecord]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BackupError(f"{name} line {line}: not UTF-8 text (byte {error.start}); nothing was imported.") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise BackupError(f"{name}: the file is empty; nothing was imported.")
    objects = [_json_object(raw, number, name) for number, raw in enumerate(lines, start=1)]
    header = objects[0]
    if header.get("kind") != "header" or header.get("format") != FORMAT:
        raise BackupError(f"{name} line 1: not a Splashdown notes backup (no {FORMAT!r} header); nothing was imported.")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{name} line 1: backup format version {header.get('version')!r}; this Splashdown reads version "
            f"{FORMAT_VERSION}; nothing was imported."
        )
    end = objects[-1]
    if end.get("kind") != "end" or len(objects) < 2:
        raise BackupError(
            f"{name} line {len(objects)}: the file ends here without its closing line, so it is truncated "
            "or incomplete; nothing was imported."
        )
    notes: list[_NoteRecord] = []
    launches: list[_RowRecord] = []
    claims: list[_RowRecord] = []
    for number, record in enumerate(objects[1:-1], start=2):
        kind = record.get("kind")
        try:
            if kind == "note":
                notes.append(_note_record(record, number))
            elif kind == "launch":
                launches.append(_RowRecord(number, _table_row(record, "added_launches", "launch")))
            elif kind == "claim":
                claims.append(_RowRecord(number, _table_row(record, "added_claims", "claim")))
            else:
                raise ValueError(f"unknown record kind {kind!r} (expected 'note', 'launch' or 'claim')")
        except ValueError as error:
            raise BackupError(f"{name} line {number}: {error}; nothing was imported.") from None
    _check_unique(name, notes, launches, claims)
    _check_launch_fields(name, launches)
    _check_claims_belong(name, launches, claims)
    counted = {"notes": len(notes), "launches": len(launches), "claims": len(claims)}
    stated = {key: end.get(key) for key in counted}
    if stated != counted:
        raise BackupError(
            f"{name} line {len(objects)}: the closing line counts {stated['notes']} notes, "
            f"{stated['launches']} launches and {stated['claims']} claims, but the file holds "
            f"{counted['notes']}, {counted['launches']} and {counted['claims']}; lines are missing or were added; "
            "nothing was imported."
        )
    return notes, launches, claims


def _json_object(raw: str, number: int, name: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise BackupError(
            f"{name} line {number}: not valid JSON ({error.msg} at column {error.colno}); the file may be "
            "truncated or edited; nothing was imported."
        ) from None
    if not isinstance(value, dict):
        raise BackupError(f"{name} line {number}: expected a JSON object; nothing was imported.")
    return value


def _note_record(record: dict[str, Any], line: int) -> _NoteRecord:
    _exact_keys(record, _NOTE_KEYS, "note")
    note_id = record["id"]
    if not isinstance(note_id, int) or isinstance(note_id, bool) or note_id < 1:
        raise ValueError(f"id {note_id!r} is not a positive whole number")
    launch_id = _text(record["launch_id"], "launch_id", _MAX_LAUNCH_ID_CHARS)
    author = _text(record["author"], "author", MAX_AUTHOR_CHARS)
    raw_versions = record["versions"]
    if not isinstance(raw_versions, list) or not raw_versions:
        raise ValueError("versions must be a non-empty list (every note has at least its 'add')")
    versions: list[dict[str, Any]] = []
    deleted = False
    for number, raw in enumerate(raw_versions, start=1):
        where = f"version {number}"
        if not isinstance(raw, dict):
            raise ValueError(f"{where} is not an object")
        _exact_keys(raw, _VERSION_KEYS, where)
        if raw["version"] != number:
            raise ValueError(f"{where} is numbered {raw['version']!r}; versions run 1, 2, 3... without gaps")
        action = raw["action"]
        expected = ("add",) if number == 1 else (("restore",) if deleted else ("edit", "delete"))
        if action not in expected:
            raise ValueError(f"{where}: action {action!r} cannot follow the note's previous state "
                             f"(expected {' or '.join(expected)})")
        deleted = action == "delete"
        try:
            text = check_note_text(raw["text"])
            # A non-list is refused by the tag check, with its wording.
            given: list[Any] = raw["tags"] if isinstance(raw["tags"], list) else [None]
            tags = list(normalise_tags(given))
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        if tags != raw["tags"]:
            raise ValueError(f"{where}: tags {raw['tags']!r} are not in their stored form {tags!r}")
        at = _moment(raw["at"], f"{where} at")
        if versions and at < versions[-1]["at"]:
            raise ValueError(f"{where} at {raw['at']} is earlier than version {number - 1}")
        versions.append({"version": number, "action": action, "author": _text(raw["author"], f"{where} author",
                         MAX_AUTHOR_CHARS), "text": text, "tags": tags, "at": at})
    return _NoteRecord(line, note_id, launch_id, author, tuple(versions))


def _table_row(record: dict[str, Any], table_name: str, what: str) -> dict[str, Any]:
    columns = table(table_name).columns
    _exact_keys(record, {"kind", *columns.keys()}, what)
    return {column.name: _decode(column, record[column.name]) for column in columns}


def _decode(column: sa.Column, value: Any) -> Any:
    name = column.name
    if value is None:
        if not column.nullable:
            raise ValueError(f"{name} is empty; it is required")
        return None
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return _moment(value, name)
    if isinstance(kind, sa.Date):
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _bad(name, value)
        except ValueError:
            return _bad(name, value)
    if isinstance(kind, sa.Float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _bad(name, value)
        return float(value)
    if isinstance(kind, sa.Boolean):
        return value if isinstance(value, bool) else _bad(name, value)
    if isinstance(kind, sa.Integer):
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else _bad(name, value)
    return _text(value, name, getattr(kind, "length", None) or 100_000, allow_empty=True)


def _bad(name: str, value: Any) -> Any:
    raise ValueError(f"{name} = {value!r} is not a valid value for this field")


def _text(value: Any, name: str, limit: int, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise ValueError(f"{name} = {value!r} must be non-empty text")
    if len(value) > limit:
        raise ValueError(f"{name} is {len(value):,} characters long; the limit is {limit:,}")
    if "\x00" in value:
        raise ValueError(f"{name} contains a NUL character (\\x00), which cannot be stored")
    return value


def _moment(value: Any, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"{name} = {value!r} is not an ISO 8601 time with its UTC offset")
    return moment.astimezone(dt.UTC)


def _exact_keys(record: dict[str, Any], expected: set[str], what: str) -> None:
    missing = sorted(expected - record.keys())
    unknown = sorted(record.keys() - expected)
    if missing:
        raise ValueError(f"{what} lacks field(s) {', '.join(missing)}")
    if unknown:
        raise ValueError(f"{what} has unknown field(s) {', '.join(unknown)}")


def _check_unique(
    name: str, notes: list[_NoteRecord], launches: list[_RowRecord], claims: list[_RowRecord]
) -> None:
    seen: dict[Any, int] = {}
    keyed: Iterable[tuple[Any, int, str]] = [
        *((("note", note.id), note.line, f"note id {note.id}") for note in notes),
        *((("launch", launch.row["launch_id"]), launch.line, f"launch {launch.row['launch_id']}")
          for launch in launches),
        *((("claim", claim.row["id"]), claim.line, f"claim id {claim.row['id']}") for claim in claims),
    ]
    for key, line, label in keyed:
        if key in seen:
            raise BackupError(f"{name} line {line}: {label} appears twice (first on line {seen[key]}); "
                              "nothing was imported.")
        seen[key] = line


def _check_launch_fields(name: str, launches: Sequence[_RowRecord]) -> None:
    """The catalog's own rules (classes, sites, figures), so a restored launch can join the catalog.

    Withdrawn launches never join it: one withdrawn because re-curation left it behind (its site
    renamed) must not stop the rest of the backup from being restored.
    """
    for launch in launches:
        if launch.row["deleted"]:
            continue
        frame = pd.DataFrame([{key: "" if value is None else str(value) for key, value in launch.row.items()}])
        errors = validate_launch_rows(frame, f"{name} line {launch.line}", require_ids=True)
        if errors:
            detail = errors[0].replace(f"{name} line {launch.line} row 1", f"{name} line {launch.line}")
            raise BackupError(f"{detail}; nothing was imported.")


def _check_claims_belong(name: str, launches: Sequence[_RowRecord], claims: Sequence[_RowRecord]) -> None:
    launch_ids = {launch.row["launch_id"] for launch in launches}
    event_ids = {launch.row["event_id"] for launch in launches}
    for claim in claims:
        launch_id, event_id = claim.row["launch_id"], claim.row["event_id"]
        if (launch_id and launch_id not in launch_ids) or (not launch_id and event_id not in event_ids):
            about = f"launch {launch_id}" if launch_id else f"salvo {event_id}"
            raise BackupError(f"{name} line {claim.line}: the claim is about {about}, which is not in the file; "
                              "nothing was imported.")


# Writing: one transaction, existing records untouched.


def _write(
    connection: sa.Connection, notes: list[_NoteRecord], launches: list[_RowRecord], claims: list[_RowRecord]
) -> ImportReport:
    annotations, versions, added = table("annotations"), table("annotation_versions"), table("added_launches")
    if connection.dialect.name == "postgresql":
        # Nobody adds notes, launches or claims between reading the ids in use and writing ours.
        connection.execute(sa.text(
            "LOCK TABLE annotations, added_launches, added_claims IN SHARE ROW EXCLUSIVE MODE"
        ))
    existing = {
        (launch_id, author, _utc(created)): note_id
        for note_id, launch_id, author, created in connection.execute(
            sa.select(annotations.c.id, annotations.c.launch_id, annotations.c.author, annotations.c.created_at)
        )
    }
    taken = set(existing.values())
    next_id = max(taken | {note.id for note in notes}, default=0) + 1
    added_notes = added_versions = present = 0
    renumbered: list[tuple[int, int]] = []
    for note in notes:
        if (note.launch_id, note.author, note.created_at) in existing:
            present += 1
            continue
        note_id = note.id
        if note_id in taken:
            note_id, next_id = next_id, next_id + 1
            renumbered.append((note.id, note_id))
        taken.add(note_id)
        last = note.versions[-1]
        connection.execute(sa.insert(annotations).values(
            id=note_id, launch_id=note.launch_id, author=note.author, text=last["text"], tags=last["tags"],
            version=last["version"], deleted=last["action"] == "delete", created_at=note.created_at,
            updated_at=last["at"],
        ))
        connection.execute(sa.insert(versions), [{"annotation_id": note_id, **version} for version in note.versions])
        added_notes += 1
        added_versions += len(note.versions)
    known = connection.execute(sa.select(added.c.launch_id, added.c.event_id)).all()
    known_launches = {launch_id for launch_id, _ in known}
    known_events = {event_id for _, event_id in known}
    new_launches = [launch.row for launch in launches if launch.row["launch_id"] not in known_launches]
    if new_launches:
        connection.execute(sa.insert(added), new_launches)
    new_claims = [
        claim.row for claim in claims
        if (claim.row["launch_id"] not in known_launches if claim.row["launch_id"]
            else claim.row["event_id"] not in known_events)
    ]
    _insert_keeping_free_ids(connection, table("added_claims"), new_claims)
    if connection.dialect.name == "postgresql":
        # Explicit ids do not move PostgreSQL's sequences; without this the next add would collide.
        for name in ("annotations", "added_claims"):
            connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"
            ))
    return ImportReport(added_notes, added_versions, present, len(new_launches),
                        len(launches) - len(new_launches), len(new_claims), renumbered)


def _insert_keeping_free_ids(connection: sa.Connection, target: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows under their own ids where free; the others get the database's next id."""
    if not rows:
        return
    wanted = [row["id"] for row in rows]
    taken = set(connection.execute(sa.select(target.c.id).where(target.c.id.in_(wanted))).scalars())
    keeping = [row for row in rows if row["id"] not in taken]
    renumbering = [{key: value for key, value in row.items() if key != "id"} for row in rows if row["id"] in taken]
    if keeping:
        connection.execute(sa.insert(target), keeping)
    if renumbering:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{target.name}', 'id'), (SELECT MAX(id) FROM {target.name}))"
            ))
        connection.execute(sa.insert(target), renumbering)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else ('es' if noun.endswith('launch') else 's')}"


# Command line: `python -m splashdown notes export --out FILE` / `notes import FILE`.


def main(argv: Sequence[str]) -> int:
    """0 done, 1 the file or the store failed (one line on stderr), 2 usage."""
    parser = argparse.ArgumentParser(
        prog="python -m splashdown notes",
        description="Back up or restore the team's notes (whole history) and analyst-added launches.",
    )
    parser.add_argument("--database-url", default=None, help="the store (default: SPLASHDOWN_DATABASE_URL)")
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write every note and analyst-added launch to a JSON Lines file")
    export.add_argument("--out", type=Path, required=True, help="file to write, e.g. notes.jsonl")
    restore = actions.add_parser("import", help="restore a backup; notes already in the store are left alone")
    restore.add_argument("file", type=Path, help="a file written by `notes export`")
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    try:
        if args.action == "export":
            return _export(args.database_url, args.out)
        return _import(args.database_url, args.file)
    except Exception as error:  # noqa: BLE001 - any failure is one plain line, never a traceback
        print(f"splashdown notes {args.action}: {_one_line(error)}", file=sys.stderr)
        return 1


def _export(database_url: str | None, out: Path) -> int:
    store = open_store(database_url)
    try:
        data = export_notes(store)
    finally:
        store.close()
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(data)
    partial.replace(out)  # a crash mid-write never leaves a half file under the real name
    closing = json.loads(data.splitlines()[-1])
    print(f"Wrote {_count(closing['notes'], 'note')} and {_count(closing['launches'], 'analyst-added launch')} "
          f"with {_count(closing['claims'], 'claim')} to {out}.", file=sys.stderr)
    return 0


def _import(database_url: str | None, path: Path) -> int:
    data = path.read_bytes()
    store = open_store(database_url)
    try:
        report = import_notes(store, data, path.name)
    finally:
        store.close()
    print(report.describe(), file=sys.stderr)
    return 0


def _one_line(error: Exception) -> str:
    if isinstance(error, sa.exc.DBAPIError) and error.orig is not None:
        detail = f"the store failed: {error.orig}"
    elif isinstance(error, OSError):
        detail = f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    elif isinstance(error, (BackupError, RuntimeError, sa.exc.SQLAlchemyError)):
        detail = str(error)
    else:
        detail = f"{type(error).__name__}: {error}"
    return " ".join(detail.split())
