"""Cached loaders: the catalog is read and validated once per data-file version, never per rerun.

The launch tables are cached as shared resources rather than with `st.cache_data`: cache_data
hands every caller an unpickled copy, which for a 100,000-launch catalog costs more than the
rerun itself. Callers treat the frames as read-only (derive with `.assign`, sort into copies).
"""

from __future__ import annotations

import functools
import gc
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from splashdown import catalog, provenance, vocabulary
from splashdown import claims as claim_rule
from splashdown.catalog import RejectedLaunch
from splashdown.config import settings
from splashdown.filters import Filters, apply_filters, period_bounds
from splashdown.history import LaunchHistory
from splashdown.static_map import static_map_figure
from splashdown.store import DatabaseError, describe_database_error, open_store
from splashdown.summary import first_flights

# Notes and analyst-added launches may come from colleagues on other servers sharing one database,
# so the merged view is refreshed at least this often even when nobody here saves anything.
_SHARED_DATA_TTL_SECONDS = 20
# The merged launches and the two parts they are built from each expire after half of it, so
# what a page shows is never older than the whole.
_PART_TTL_SECONDS = _SHARED_DATA_TTL_SECONDS / 2
_VERSION_CHECK_SECONDS = 1.0
_checked_versions: dict[Path, tuple[float, str]] = {}


def _data_files_version(data_dir: Path) -> str:
    """Name, size and mtime of each data file: a cache key that changes when curation does.

    Looked up at most once a second: every loader asks several times per rerun, and a curation
    run is not a sub-second event.
    """
    checked = _checked_versions.get(data_dir)
    if checked is not None and time.monotonic() - checked[0] < _VERSION_CHECK_SECONDS:
        return checked[1]
    files = sorted(data_dir.glob("*.csv"))
    # One string rather than a tuple: Streamlit hashes cache arguments element by element.
    version = ";".join(f"{path.name}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in files)
    _checked_versions[data_dir] = (time.monotonic(), version)
    return version


@st.cache_resource(show_spinner="Loading the launch catalog…", max_entries=4)
def _catalog(data_dir: str, version: str) -> pd.DataFrame:
    launches = catalog.load_launches(Path(data_dir))
    _freeze_long_lived_objects()
    return launches


@functools.cache
def _freeze_long_lived_objects() -> None:
    """Modules, Streamlit's and plotly's own objects and the catalog live as long as the server.
    Frozen once, the collector's full passes during reruns stop rescanning them (a pause of tens
    of milliseconds every few dozen reruns otherwise)."""
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False, max_entries=4)
def _claims(data_dir: str, version: str) -> pd.DataFrame:
    return catalog.load_claims(Path(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _claim_marks(data_dir: str, version: str) -> dict[str, dict[str, str]]:
    return claim_rule.launch_marks(_catalog(data_dir, version), _claims(data_dir, version))


def catalog_claims() -> pd.DataFrame:
    """Every agency statement behind the catalog's figures (data/claims.csv), read-only."""
    data_dir = settings().data_dir
    return _claims(str(data_dir), _data_files_version(data_dir))


def claim_marks() -> dict[str, dict[str, str]]:
    """launch_id -> {field: "disputed" | "KCNA only"} for the catalog's marked figures."""
    data_dir = settings().data_dir
    return _claim_marks(str(data_dir), _data_files_version(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _sites(data_dir: str, version: str) -> pd.DataFrame:
    return catalog.load_sites(Path(data_dir))


_valid_catalogs: set[tuple[str, str]] = set()


def check_catalog() -> None:
    """Read and validate the curated files (raising `CatalogError` naming each bad row), once per
    data-file version: every rerun asks, and three cache lookups cost more than the answer."""
    data_dir = settings().data_dir
    checked = (str(data_dir), _data_files_version(data_dir))
    if checked in _valid_catalogs:
        return
    sites()
    catalog_launches()
    catalog_claims()
    _valid_catalogs.add(checked)


def catalog_launches() -> pd.DataFrame:
    data_dir = settings().data_dir
    return _catalog(str(data_dir), _data_files_version(data_dir))


def sites() -> pd.DataFrame:
    data_dir = settings().data_dir
    return _sites(str(data_dir), _data_files_version(data_dir))


@dataclass(frozen=True)
class SitePlaces:
    """What the site filter offers: provinces, and site names ordered by name."""

    provinces: tuple[str, ...]
    site_names: dict[str, str]

    @property
    def known_sites(self) -> frozenset[str]:
        return frozenset(self.site_names)

    @property
    def known_provinces(self) -> frozenset[str]:
        return frozenset(self.provinces)


@st.cache_resource(show_spinner=False, max_entries=4)
def _site_places(data_dir: str, version: str) -> SitePlaces:
    site_table = _sites(data_dir, version)
    # Unknown sites have no province: an empty option would read as " (province)".
    provinces = tuple(sorted(province for province in site_table["province"].dropna().unique() if province))
    names = dict(zip(site_table["site_id"], site_table["name"], strict=True))
    return SitePlaces(provinces, {site_id: names[site_id] for site_id in sorted(names, key=names.__getitem__)})


def site_places() -> SitePlaces:
    data_dir = settings().data_dir
    return _site_places(str(data_dir), _data_files_version(data_dir))


@st.cache_resource(show_spinner="Opening the notes database…")
def _store(database_url: str):
    return open_store(database_url)


def get_store():
    return _store(settings().database_url)


@st.cache_resource(show_spinner=False, ttl=_PART_TTL_SECONDS, max_entries=4)
def _with_added(data_dir: str, version: str, database_url: str) -> tuple[pd.DataFrame, tuple[RejectedLaunch, ...]]:
    """The catalog with the saved analyst-added launches that still validate, and the ones that do not."""
    launches = _catalog(data_dir, version)
    rejected: tuple[RejectedLaunch, ...] = ()
    try:
        added = _store(database_url).added_launches()
    except (DatabaseError, OSError):
        # The catalog still stands without the notes database; `notes_database_problem` says why
        # notes and analyst-added launches are missing, and the TTL retries soon.
        added = None
    if added is not None and len(added):
        launches, rejected = catalog.merge_saved_added(launches, added, Path(data_dir))
    return launches, rejected


@st.cache_resource(show_spinner=False, ttl=_PART_TTL_SECONDS, max_entries=4)
def _note_summary(database_url: str) -> pd.DataFrame:
    try:
        return _store(database_url).note_summary()
    except (DatabaseError, OSError):
        return pd.DataFrame(columns=["launch_id", "note_count", "latest_tag", "tags"])


@st.cache_resource(show_spinner=False, ttl=_PART_TTL_SECONDS, max_entries=4)
def _all_launches(data_dir: str, version: str, database_url: str) -> tuple[pd.DataFrame, tuple[RejectedLaunch, ...]]:
    """Catalog, analyst-added launches and note counts, merged from two parts cached apart: a
    saved note re-reads the notes only, not the analyst-added launches (each checked against the
    catalog's rules)."""
    launches, rejected = _with_added(data_dir, version, database_url)
    launches = launches.merge(_note_summary(database_url), on="launch_id", how="left")
    launches["note_count"] = launches["note_count"].fillna(0).astype(int)
    launches["latest_tag"] = launches["latest_tag"].fillna("").astype(str)
    launches["tags"] = _as_tuples(launches["tags"])
    return launches, rejected


def _as_tuples(tags: pd.Series) -> pd.Series:
    """Each launch's note tags as a tuple, () for a launch without notes (most of a large catalog,
    so only the noted rows are looked at)."""
    values = tags.to_numpy(dtype=object)
    tuples: list[tuple] = [()] * len(values)
    for position in np.flatnonzero(tags.notna().to_numpy()):
        value = values[position]
        tuples[position] = tuple(value) if isinstance(value, (list, tuple)) else ()
    return pd.Series(tuples, index=tags.index, dtype=object)


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _analyst_claims(database_url: str) -> pd.DataFrame:
    try:
        return _store(database_url).added_claims()
    except (DatabaseError, OSError):
        # As for the launches: `notes_database_problem` says why, and the TTL retries soon.
        return pd.DataFrame({column: pd.Series(dtype="float64" if column in ("low", "high") else str)
                             for column in vocabulary.CLAIM_COLUMNS})


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _all_claims(
    data_dir: str, version: str, database_url: str
) -> tuple[pd.DataFrame, dict[tuple[str, str], list[int]]]:
    claims = claim_rule.every_claim(_claims(data_dir, version), _analyst_claims(database_url))
    return claims, claim_rule.subject_positions(claims)


def all_claims() -> pd.DataFrame:
    """Every agency statement the pages judge figures by: the catalog's and those saved with
    analyst-added launches (the pack and the exports read the same, see `splashdown.view`)."""
    return _all_claims(*_source_key())[0]


def claims_about(launch_id: str, event_id: str) -> pd.DataFrame:
    """`claims.applying_to(all_claims(), launch_id, event_id)`, looked up rather than searched (a
    search of the table costs the launch detail about a millisecond each time)."""
    claims, subjects = _all_claims(*_source_key())
    if not launch_id:
        return claim_rule.applying_to(claims, launch_id, event_id)
    return claims.iloc[sorted(subjects.get(("launch", launch_id), []) + subjects.get(("event", event_id), []))]


def notes_database_problem() -> str | None:
    """Why the notes database cannot be used right now, or None when it answers."""
    try:
        get_store()
    except DatabaseError as error:  # unreachable, too new, or a file that cannot be created
        return describe_database_error(error)
    return None


def all_launches() -> pd.DataFrame:
    """Catalog plus analyst-added launches, with note counts: every date, no filter."""
    return _all_launches(*_source_key())[0]


def rejected_added_launches() -> tuple[RejectedLaunch, ...]:
    """Saved analyst-added launches left out of `all_launches` because they no longer validate."""
    return _all_launches(*_source_key())[1]


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _note_tags(data_dir: str, version: str, database_url: str) -> tuple[str, ...]:
    launches = _all_launches(data_dir, version, database_url)[0]
    noted = launches.loc[launches["note_count"] > 0, "tags"]
    return tuple(sorted({tag for tags in noted for tag in tags}))


def note_tags() -> tuple[str, ...]:
    """Every tag on a live note, for the tag filter."""
    return _note_tags(*_source_key())


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _data_as_of(data_dir: str, version: str, database_url: str) -> str:
    return provenance.data_date(_all_launches(data_dir, version, database_url)[0],
                                _all_claims(data_dir, version, database_url)[0])


def data_as_of() -> str:
    """How current all the data is (splashdown.provenance.data_date), for every page and export."""
    return _data_as_of(*_source_key())


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=4)
def _first_flights(source_key: tuple) -> pd.Series:
    return first_flights(all_launches())


@st.cache_resource(show_spinner=False, ttl=_SHARED_DATA_TTL_SECONDS, max_entries=32)
def _history(attributes_key: str, _filters: Filters, source_key: tuple) -> LaunchHistory:
    launches = apply_filters(all_launches(), _filters, period=False)
    return LaunchHistory.build(launches, _first_flights(source_key))


def _source_key() -> tuple:
    config = settings()
    return (str(config.data_dir), _data_files_version(config.data_dir), config.database_url)


def launch_history(filters: Filters) -> LaunchHistory:
    """The launches these filters show at every date, indexed so a period is a slice.

    Keyed without the period: stepping through weeks reuses one history.
    """
    every_date = replace(filters, week=None, date_from=None, date_to=None)
    return _history(every_date.key, every_date, _source_key())


@st.cache_resource(show_spinner="Drawing the static map…", ttl=_SHARED_DATA_TTL_SECONDS, max_entries=8)
def _static_map(view_key: str, _filters: Filters, source_key: tuple) -> go.Figure:
    return static_map_figure(filtered_launches(_filters))


def static_map(filters: Filters) -> go.Figure:
    """The view's static map (read-only; exports decorate a copy), drawn once per view: the Briefing
    page shows it, and building it costs a rerun a tenth of a second."""
    return _static_map(filters.key, filters, _source_key())


def filtered_launches(filters: Filters) -> pd.DataFrame:
    """The launches the current view shows, in date order."""
    return launch_history(filters).between(*period_bounds(filters))


def invalidate_notes() -> None:
    """After a note is saved, edited, deleted or restored, every page must count it at once."""
    _note_summary.clear()
    _all_launches.clear()
    _note_tags.clear()
    _history.clear()
    # A view may be filtered by notes or tags.
    _static_map.clear()


def invalidate_launches() -> None:
    """After a save, every page must see the new launch or note at once."""
    _with_added.clear()
    _note_summary.clear()
    _all_launches.clear()
    _data_as_of.clear()
    _analyst_claims.clear()
    _all_claims.clear()
    _note_tags.clear()
    _first_flights.clear()
    _history.clear()
    _static_map.clear()
