"""The catalogs the benchmark measures: the curated one, or synthetic ones of a given size.

A synthetic catalog draws its rows (classes, sites, figures) from the curated one and spreads them
over random dates from 1984 to the newest launch, one event per day, so filters, salvos and the
long views behave as they would on a much longer real record.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from splashdown import catalog
from splashdown.config import settings
from splashdown.vocabulary import RAW_COLUMNS

CURATED = "curated"
# Claims name the curated launches and events: a synthetic catalog goes without them (its rows
# keep the headline figures they were drawn with), as a catalog without a claims file does.
_NOT_SYNTHESIZED = frozenset({"launches.csv", "claims.csv"})


def synthetic_catalog(curated: pd.DataFrame, size: int, seed: int = 1) -> pd.DataFrame:
    """`size` launches drawn from the curated rows (classes, sites, figures) on random dates."""
    rng = np.random.default_rng(seed)
    rows = curated.iloc[rng.integers(0, len(curated), size)].reset_index(drop=True)
    first, last = pd.Timestamp(f"{catalog.FIRST_LAUNCH_YEAR}-04-01"), curated["date_kst"].max()
    days = np.sort(rng.integers(0, (last - first).days + 1, size))
    dates = first + pd.to_timedelta(days, unit="D")
    rows["date_kst"] = dates.strftime("%Y-%m-%d")
    # One event per day keeps salvos realistic: a few missiles share a date and an area.
    day_numbers = pd.Series(days).groupby(days).cumcount() + 1
    rows["launch_id"] = [f"L-{day}-{n}" for day, n in zip(rows["date_kst"], day_numbers, strict=True)]
    rows["event_id"] = [f"E-{day}-1" for day in rows["date_kst"]]
    rows["sources"] = "synthetic benchmark row drawn from " + rows["sources"].astype(str)
    return rows[list(RAW_COLUMNS)]


@contextmanager
def data_dir(size: str) -> Iterator[Path]:
    """A data directory holding the catalog of `size` (`curated`, or a number of launches)."""
    real = settings().data_dir
    if size == CURATED:
        yield real
        return
    with tempfile.TemporaryDirectory(prefix=f"splashdown-bench-{size}-") as work:
        synthetic_dir = Path(work)
        for entry in real.iterdir():
            if entry.name not in _NOT_SYNTHESIZED:
                (synthetic_dir / entry.name).symlink_to(entry)
        raw = pd.read_csv(real / "launches.csv", dtype=str, keep_default_na=False)
        raw["date_kst"] = pd.to_datetime(raw["date_kst"])
        synthetic_catalog(raw, int(size)).to_csv(synthetic_dir / "launches.csv", index=False)
        yield synthetic_dir
