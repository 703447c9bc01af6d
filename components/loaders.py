"""Cached loaders: the catalog is read and validated once per data-file version, never per rerun.

The launch tables are cached as shared resources rather than with `st.cache_data`: cache_data
hands every caller an unpickled copy, which for a 100,000-launch catalog costs more than the
rerun itself. Callers treat the frames as read-only (derive with `.assign`, sort into copies).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from splashdown import catalog
from splashdown.config import settings
from splashdown.filters import Filters, apply_filters
from splashdown.store import DatabaseError, describe_database_error, open_store

# Notes and analyst-added launches may come from colleagues on other servers sharing one database,
# so the merged view is refreshed at least this often even when nobody here saves anything.
_SHARED_DATA_TTL_SECONDS = 20


def _data_files_version(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of each data file: a cache key that changes when curation does."""
    files = sorted(data_dir.glob("*.csv"))
    return tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files)


@st.cache_resource(show_spinner="Loading the launch catalog…", max_entries=4)
def _catalog(data_dir: str, version: tuple[tuple[str, int, int], ...]) -> pd.DataFrame:
    return catalog.load_launches(Path(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _sites(data_dir: str, version: tuple[tuple[str, int, int], ...]) -> pd.DataFrame:
    return catalog.load_sites(Path(data_dir))


def catalog_launches() -> pd.DataFrame:
    data_dir = settings().data_dir
    return _catalog(str(data_dir), _data_files_version(data_dir))


def sites() -> pd.DataFrame:
    data_dir = settings().data_dir
    return _sites(str(data_dir), _data_files_version(data_dir))


@st.cache_resource(show_spinner="Opening the notes database…")
def _store(database_url: str):  # noqa: ANN202 - the Store type lives in the domain layer
    return open_store(database_url)


def get_store():  # noqa: ANN201
    return _store(settings().database_url)


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _all_launches(data_dir: str, version: tuple[tuple[str, int, int], ...], database_url: str) -> pd.DataFrame:
    launches = _catalog(data_dir, version)
    try:
        store = _store(database_url)
        added = store.added_launches()
        summary = store.note_summary()
    except (DatabaseError, OSError):
        # The catalog still stands without the notes database; `notes_database_problem` says why
        # notes and analyst-added launches are missing, and the TTL retries soon.
        added, summary = None, pd.DataFrame(columns=["launch_id", "note_count", "latest_tag", "tags"])
    if added is not None and len(added):
        launches = catalog.merge_added(launches, added)
    launches = launches.merge(summary, on="launch_id", how="left")
    launches["note_count"] = launches["note_count"].fillna(0).astype(int)
    launches["latest_tag"] = launches["latest_tag"].fillna("").astype(str)
    launches["tags"] = launches["tags"].map(lambda tags: tuple(tags) if isinstance(tags, (list, tuple)) else ())
    return launches


def notes_database_problem() -> str | None:
    """Why the notes database cannot be used right now, or None when it answers."""
    try:
        get_store()
    except DatabaseError as error:
        return describe_database_error(error)
    except OSError as error:  # e.g. a read-only var directory where the SQLite file should go
        return f"The notes database cannot be opened: {error}"
    return None


def all_launches() -> pd.DataFrame:
    """Catalog plus analyst-added launches, with note counts: every date, no filter."""
    return _all_launches(*_source_key())


@st.cache_data(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _note_tags(data_dir: str, version: tuple[tuple[str, int, int], ...], database_url: str) -> list[str]:
    return sorted({tag for tags in _all_launches(data_dir, version, database_url)["tags"] for tag in tags})


def note_tags() -> list[str]:
    """Every tag on a live note, for the tag filter."""
    return _note_tags(*_source_key())


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=64)
def _filtered(filters_key: str, _filters: Filters, period: bool, source_key: tuple) -> pd.DataFrame:
    return apply_filters(all_launches(), _filters, period=period)


def _source_key() -> tuple:
    config = settings()
    return (str(config.data_dir), _data_files_version(config.data_dir), config.database_url)


def filtered_launches(filters: Filters) -> pd.DataFrame:
    """The launches the current view shows."""
    return _filtered(filters.key, filters, True, _source_key())


def launches_any_date(filters: Filters) -> pd.DataFrame:
    """Every date, other filters applied: for baselines and period-over-period comparison."""
    return _filtered(filters.key, filters, False, _source_key())


def invalidate_launches() -> None:
    """After a save, every page must see the new launch or note at once."""
    _all_launches.clear()
    _note_tags.clear()
    _filtered.clear()
