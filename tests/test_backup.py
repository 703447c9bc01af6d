"""Backup and restore of team notes: `python -m splashdown notes export|import` on real databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from splashdown.__main__ import main
from splashdown.backup import BackupError, export_notes, import_notes
from splashdown.store import Store, open_store
from tests.test_store import SEED_LAUNCH as _LAUNCH

_CLAIMS = [
    {"field": "count", "agency": "ROK JCS", "value": "2", "bound": "exact", "low": None, "high": None,
     "published": "2021-03-25", "citation": "JCS: two ballistic missiles", "launch": None},
    {"field": "range_km", "agency": "Japan MoD", "value": "450", "bound": "approx", "low": None, "high": None,
     "published": "2021-03-25", "citation": "MoD: about 450 km", "launch": 0},
]


def _team_history(store: Store) -> None:
    """Notes with every kind of change, several authors, awkward text, and two analyst launches."""
    first = store.add("L-2021-03-25-1", "ann@example.org", "Depressed trajectory 🚀, \"KN-23\"\n<b>x</b>",
                      ["assessment", "New Type"])
    store.edit(first.id, "ann@example.org", "Depressed; JCS revised range to 600 km", 1, ["figures revised"])
    store.delete(first.id, "chief@example.org")
    store.restore(first.id, "ann@example.org")
    gone = store.add("L-2021-03-25-2", "bob@example.org", "=cmd|' /C calc'!A0")
    store.delete(gone.id, "bob@example.org")
    store.add("L-2021-03-25-2", "bob@example.org", "تقرير — שני טילים")
    kept, withdrawn = store.add_launches(
        [_LAUNCH, {**_LAUNCH, "time_utc": "22:25"}], "ann@example.org",
        source_text="two ballistic missiles", source_url="https://example.invalid/a", claims=_CLAIMS)
    store.delete_added_launch(withdrawn, "ann@example.org")
    store.add(kept, "ann@example.org", "On the analyst-added launch")


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'team.db'}", admins=["chief@example.org"])
    yield store
    store.close()


def test_a_backup_restored_into_postgresql_exports_the_same_bytes(sqlite_store, pg_database_url):
    _team_history(sqlite_store)
    backup = export_notes(sqlite_store)
    restored = open_store(pg_database_url, admins=["chief@example.org"])
    try:
        report = import_notes(restored, backup)
        assert export_notes(restored) == backup
        assert (report.notes_added, report.versions_added, report.launches_added, report.claims_added) == (4, 8, 2, 2)
        # The restored store works on: history intact, and a new note does not collide with restored ids.
        first = restored.for_launch("L-2021-03-25-1")[0]
        assert [(v.action, v.author) for v in restored.history(first.id)] == [
            ("add", "ann@example.org"), ("edit", "ann@example.org"), ("delete", "chief@example.org"),
            ("restore", "ann@example.org")]
        assert [n.text for n in restored.deleted_for_launch("L-2021-03-25-2")] == ["=cmd|' /C calc'!A0"]
        assert list(restored.added_launches()["launch_id"]) == ["A-2021-03-25-1"]
        claims = restored.added_claims()
        assert sorted(zip(claims["agency"], claims["launch_id"])) == [("Japan MoD", "A-2021-03-25-1"), ("ROK JCS", "")]
        new = restored.add("L-2021-03-25-1", "bob@example.org", "after the restore")
        assert new.id == 5
    finally:
        restored.close()


def test_importing_into_a_store_that_has_some_of_the_notes_adds_only_the_others(sqlite_store, tmp_path):
    _team_history(sqlite_store)
    backup = export_notes(sqlite_store)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        partial = b"".join(
            line for line in _lines(backup) if b'"kind":"note"' not in line or b'"id":1,' in line
        ).replace(b'"notes":4', b'"notes":1')
        import_notes(other, partial)
        # Someone keeps working on the other server before the full backup is restored there.
        mine = other.for_launch("L-2021-03-25-1")[0]
        other.edit(mine.id, "ann@example.org", "Edited on the other server", mine.version)
        local = other.add("L-2021-03-25-1", "lee@example.org", "Written only here")

        report = import_notes(other, backup)

        assert (report.notes_added, report.notes_present) == (3, 1)
        assert (report.launches_added, report.launches_present, report.claims_added) == (0, 2, 0)
        assert len(other.added_claims()) == 2
        assert "1 note and 2 launches were already in the store and were left as they are" in report.describe()
        texts = sorted(note.text for note in other.for_launch("L-2021-03-25-1"))
        assert texts == ["Edited on the other server", "Written only here"]
        assert len(other.for_launch("L-2021-03-25-2")) == 1
        assert len(other.deleted_for_launch("L-2021-03-25-2")) == 1
        # The note written only here took id 2, so the backup's note 2 came in under a new id.
        assert local.id == 2 and report.renumbered == [(2, 5)]
        assert import_notes(other, backup).notes_added == 0
    finally:
        other.close()


def _lines(backup: bytes) -> list[bytes]:
    return backup.splitlines(keepends=True)


def _truncated(backup: bytes) -> bytes:
    return backup[: len(backup) - 60]


def _without_closing_line(backup: bytes) -> bytes:
    return b"".join(_lines(backup)[:-1])


def _version_gap(backup: bytes) -> bytes:
    lines = _lines(backup)
    lines[1] = lines[1].replace(b'"version":2', b'"version":7')
    return b"".join(lines)


def _restore_of_a_live_note(backup: bytes) -> bytes:
    lines = _lines(backup)
    lines[1] = lines[1].replace(b'"action":"delete"', b'"action":"edit"')
    return b"".join(lines)


def _dropped_line(backup: bytes) -> bytes:
    lines = _lines(backup)
    del lines[2]
    return b"".join(lines)


def _bad_launch_class(backup: bytes) -> bytes:
    return backup.replace(b'"missile_class":"SRBM"', b'"missile_class":"rocket"', 1)


def _orphan_claim(backup: bytes) -> bytes:
    lines = _lines(backup)
    lines[8] = lines[8].replace(b'"launch_id":"A-2021-03-25-1"', b'"launch_id":"A-2021-03-25-9"')
    return b"".join(lines)


def _not_a_backup(_backup: bytes) -> bytes:
    return b"launch_id,author,text\nL-1,ann,hello\n"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncated, "line 9: not valid JSON"),
        (_without_closing_line, "line 9: the file ends here without its closing line, so it is truncated"),
        (_version_gap, "line 2: version 2 is numbered 7"),
        (_restore_of_a_live_note, "line 2: version 4: action 'restore' cannot follow"),
        (_dropped_line,
         "line 9: the closing line counts 4 notes, 2 launches and 2 claims, but the file holds 3, 2 and 2"),
        (_bad_launch_class, "line 6: missile_class = 'rocket'"),
        (_not_a_backup, "line 1: not valid JSON"),
        (_orphan_claim, "line 9: the claim is about launch A-2021-03-25-9, which is not in the file"),
    ],
)
def test_a_damaged_backup_is_refused_whole_naming_the_line(sqlite_store, tmp_path, damage, message):
    _team_history(sqlite_store)
    target = open_store(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        with pytest.raises(BackupError, match="nothing was imported") as refused:
            import_notes(target, damage(export_notes(sqlite_store)), "notes.jsonl")
        assert f"notes.jsonl {message}" in str(refused.value)
        assert export_notes(target).count(b"\n") == 2  # header and closing line: nothing was written
    finally:
        target.close()


def test_the_command_line_backs_up_and_restores_with_one_line_of_report(sqlite_store, tmp_path, capsys):
    _team_history(sqlite_store)
    source = str(sqlite_store.engine.url)
    backup = tmp_path / "notes.jsonl"

    assert main(["notes", "--database-url", source, "export", "--out", str(backup)]) == 0
    assert capsys.readouterr().err == f"Wrote 4 notes and 2 analyst-added launches with 2 claims to {backup}.\n"
    assert json.loads(backup.read_text().splitlines()[-1]) == {"claims": 2, "kind": "end", "launches": 2, "notes": 4}

    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert main(["notes", "--database-url", target, "import", str(backup)]) == 0
    assert capsys.readouterr().err.startswith(
        "Imported 4 notes (8 versions) and 2 analyst-added launches with 2 claims; 0 notes")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["import", "{missing}"], "splashdown notes import: {missing}: No such file or directory\n"),
        (["import", "{truncated}"], "splashdown notes import: truncated.jsonl line 2: not valid JSON"),
        (["export", "--out", "{tmp}/no/such/folder/notes.jsonl"], "splashdown notes export: "),
    ],
)
def test_the_command_line_fails_with_one_plain_line_and_no_traceback(tmp_path, capsys, arguments, message):
    (tmp_path / "truncated.jsonl").write_text('{"format":"splashdown-notes","kind":"header","version":1}\n{"id":1,')
    names = {"missing": str(tmp_path / "missing.jsonl"), "truncated": str(tmp_path / "truncated.jsonl"),
             "tmp": str(tmp_path)}
    filled = [argument.format(**names) for argument in arguments]
    store = f"sqlite:///{tmp_path / 'store.db'}"

    assert main(["notes", "--database-url", store, *filled]) == 1

    error = capsys.readouterr().err
    assert error.startswith(message.format(**names))
    assert error.count("\n") == 1 and "Traceback" not in error


def test_a_launch_withdrawn_after_re_curation_left_it_behind_does_not_block_the_restore(sqlite_store, tmp_path):
    import sqlalchemy as sa

    from splashdown.store import table

    _team_history(sqlite_store)
    added = table("added_launches")
    with sqlite_store.engine.begin() as connection:
        connection.execute(sa.update(added).where(added.c.deleted.is_(True)).values(site_id="sinpo-old"))
    backup = export_notes(sqlite_store)
    assert b'"sinpo-old"' in backup

    restored = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    try:
        report = import_notes(restored, backup)
        assert (report.notes_added, report.launches_added) == (4, 2)
        assert list(restored.added_launches()["launch_id"]) == ["A-2021-03-25-1"]
    finally:
        restored.close()
