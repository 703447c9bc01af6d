"""CSV import: the template round-trips, bad rows are named, and an import lands whole or not at all."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from splashdown import catalog, imports
from splashdown.store import open_store

SEED_ROW = {
    "date_kst": "2021-03-25", "missile_class": "SRBM", "site_id": "prov-south-hamgyong",
    "range_km": "450", "apogee_km": "60", "impact_area": "east-sea", "confirmation": "ROK JCS",
    "sources": "wire report 2021-03-25",
}


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...] = imports.TEMPLATE_COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture()
def store(tmp_path: Path):
    opened = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield opened
    opened.close()


def test_template_filled_in_imports_and_shows_up_in_the_catalog_view(store):
    template = imports.template_csv().decode()
    assert template.strip().split(",") == list(imports.TEMPLATE_COLUMNS)
    preview = imports.read_import(_csv([SEED_ROW, SEED_ROW]), "seed.csv")
    assert preview.ok, preview.errors
    ids = imports.commit_import(preview, store, "alice")
    assert ids == ["A-2021-03-25-1", "A-2021-03-25-2"]
    added = store.added_launches()
    assert set(added["source_text"]) == {"CSV import: seed.csv"}
    merged, rejected = catalog.merge_saved_added(catalog.load_launches(), added)
    assert rejected == ()
    mine = merged[merged["launch_id"].isin(ids)]
    assert list(mine["week"]) == ["2021-W12", "2021-W12"]
    assert list(mine["origin"]) == ["analyst", "analyst"]
    assert list(mine["salvo_size"]) == [2, 2]


def test_empty_cells_become_unknown_not_zero():
    preview = imports.read_import(_csv([{"date_kst": "2021-03-25", "site_id": "sondok"}]), "sparse.csv")
    assert preview.ok, preview.errors
    row = preview.records()[0]
    assert (row["missile_class"], row["outcome"], row["impact_area"], row["range_km"]) == (
        "unknown", "unknown", "unknown", "")


def test_each_bad_row_is_named_with_its_field_and_value_and_nothing_is_stored(store):
    rows = [
        SEED_ROW,
        {**SEED_ROW, "date_kst": "2021-13-25"},
        {**SEED_ROW, "missile_class": "XRBM"},
        {**SEED_ROW, "site_id": "atlantis"},
        {**SEED_ROW, "range_km": "-5"},
        {**SEED_ROW, "apogee_km": "0"},
        {**SEED_ROW, "time_utc": "7:06"},
    ]
    preview = imports.read_import(_csv(rows), "mixed.csv")
    assert not preview.ok
    assert preview.errors == [
        "mixed.csv row 2: date_kst = '2021-13-25': is not a calendar date",
        "mixed.csv row 3: missile_class = 'XRBM': must be one of "
        "SRBM, MRBM, IRBM, ICBM, SLBM, SLV, HGV, cruise, other, unknown",
        "mixed.csv row 4: site_id = 'atlantis': is not a site_id in sites.csv",
        "mixed.csv row 5: range_km = '-5': must be at least 0",
        "mixed.csv row 6: apogee_km = '0': must be above 0 (leave it empty when unknown, never 0)",
        "mixed.csv row 7: time_utc = '7:06': must be \"HH:MM\" (UTC, 24-hour) or empty",
    ]
    with pytest.raises(ValueError, match="nothing was imported"):
        imports.commit_import(preview, store, "alice")
    assert store.added_launches().empty


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"date_kst,site_id\n", "no rows under the header"),
        (b"date_kst,site,range_km\n2021-03-25,sondok,450\n", "unknown column(s) 'site'"),
        (b"date_kst,range_km\n2021-03-25,450\n", "missing required column(s) site_id"),
        ("date_kst,site_id,notes\n2021-03-25,sondok,caf\u00e9\n".encode("latin-1"), "not UTF-8 text"),
        (b"date_kst,site_id\n2021-03-25,sondok,450 km\n", "row 1: 3 cells for 2 columns"),
        (b"launch_id,date_kst,site_id\nL-2021-03-25-1,2021-03-25,sondok\n", "row 1: launch_id = 'L-2021-03-25-1'"),
        (b"date_kst,site_id,site_id\n2021-03-25,sondok,sondok\n", "site_id appear more than once"),
        (b"date_kst,site_id,notes\n2021-03-25,sondok," + b"x" * 10_001 + b"\n", "row 1: notes is 10,001 characters"),
    ],
)
def test_unusable_files_get_a_clear_message(data: bytes, message: str):
    preview = imports.read_import(data, "upload.csv")
    assert not preview.ok
    assert any(message in error for error in preview.errors), preview.errors


def test_a_launch_the_catalog_already_has_is_flagged_in_the_preview():
    preview = imports.read_import(_csv([SEED_ROW, {**SEED_ROW, "date_kst": "2021-06-01"}]), "seed.csv",
                                  launches=catalog.load_launches())
    assert preview.ok
    assert len(preview.warnings) == 1
    assert preview.warnings[0].startswith(
        "seed.csv row 1: 2021-03-25 from South Hamgyong may already be known as L-2021-03-25-")


def test_cli_dry_run_validates_and_writes_nothing(tmp_path: Path, capsys):
    source = tmp_path / "seed.csv"
    source.write_bytes(_csv([SEED_ROW]))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert imports.main([str(source), "--dry-run", "--database-url", url]) == 0
    assert "1 launch(es) would be imported" in capsys.readouterr().out
    reopened = open_store(url)
    assert reopened.added_launches().empty
    reopened.close()


def test_cli_imports_with_the_author_and_reports_the_new_ids(tmp_path: Path, capsys):
    source = tmp_path / "seed.csv"
    source.write_bytes(_csv([SEED_ROW, SEED_ROW]))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert imports.main([str(source), "--author", "bob", "--database-url", url]) == 0
    captured = capsys.readouterr()
    assert "Imported 2 launch(es) from seed.csv as bob: A-2021-03-25-1, A-2021-03-25-2" in captured.out
    assert "may already be known" in captured.err
    reopened = open_store(url)
    assert list(reopened.added_launches()["added_by"]) == ["bob", "bob"]
    reopened.close()


def test_cli_invalid_file_exits_1_naming_row_and_field_and_writes_nothing(tmp_path: Path, capsys):
    source = tmp_path / "bad.csv"
    source.write_bytes(_csv([SEED_ROW, {**SEED_ROW, "outcome": "maybe"}]))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert imports.main([str(source), "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert "bad.csv row 2: outcome = 'maybe'" in err
    assert "nothing was imported" in err
    reopened = open_store(url)
    assert reopened.added_launches().empty
    reopened.close()


def test_cli_usage_errors_exit_2(tmp_path: Path, capsys):
    assert imports.main([]) == 2
    assert imports.main([str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert imports.main(["--help"]) == 0


def test_cli_through_the_package_entry_point(tmp_path: Path):
    source = tmp_path / "seed.csv"
    source.write_bytes(_csv([SEED_ROW]))
    result = subprocess.run(
        [sys.executable, "-m", "splashdown", "import", str(source), "--dry-run"],
        capture_output=True, text=True, cwd=Path(__file__).parent.parent, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "would be imported" in result.stdout


def test_cli_author_defaults_to_the_configured_analyst(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SPLASHDOWN_ANALYST", "Configured Analyst")
    source = tmp_path / "seed.csv"
    source.write_bytes(_csv([SEED_ROW]))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert imports.main([str(source), "--database-url", url]) == 0
    reopened = open_store(url)
    assert list(reopened.added_launches()["added_by"]) == ["Configured Analyst"]
    reopened.close()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_row_the_store_refuses_leaves_the_whole_import_unapplied(backend: str, tmp_path: Path, request):
    url = request.getfixturevalue("pg_database_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'x.db'}"
    target = open_store(url)
    try:
        rows = imports.read_import(_csv([SEED_ROW, SEED_ROW]), "long.csv").rows
        rows.loc[1, "notes"] = "x" * 10_001
        preview = imports.ImportPreview("long.csv", rows)
        with pytest.raises(ValueError, match="notes"):
            imports.commit_import(preview, target, "alice")
        assert target.added_launches().empty
        assert imports.commit_import(imports.read_import(_csv([SEED_ROW]), "ok.csv"), target, "alice") == [
            "A-2021-03-25-1"]
    finally:
        target.close()


def test_cli_says_plainly_when_the_store_cannot_be_opened(tmp_path: Path, capsys):
    source = tmp_path / "seed.csv"
    source.write_bytes(_csv([SEED_ROW]))
    unreachable = "postgresql://nobody@127.0.0.1:1/splashdown"
    assert imports.main([str(source), "--database-url", unreachable]) == 1
    assert "cannot open the store" in capsys.readouterr().err
