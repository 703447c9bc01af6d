"""The filtered view: what the app shows for a set of filters, shared by the pack and the exports.

`load_view` reads exactly what the pages show (catalog + analyst-added launches + notes, filtered);
`chart_for` builds the page's figure for one chart of that view, so an exported chart and a pack's
slide are the charts the analyst saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
import plotly.graph_objects as go

from splashdown import catalog, provenance
from splashdown.charts import timeline_figure, weekly_figure
from splashdown.claims import every_claim
from splashdown.config import settings
from splashdown.export_figures import ExportContext, build_context, plot_aspect
from splashdown.filters import Filters, apply_filters, describe, period_bounds, previous_period
from splashdown.profile_chart import profile_figure
from splashdown.static_map import static_map_figure
from splashdown.store import Note, open_store
from splashdown.summary import PeriodSummary, first_flights, period_summary
from splashdown.vocabulary import CLAIM_COLUMNS

CHARTS: tuple[str, ...] = ("timeline", "weekly", "map", "profile")
_DAILY_TICKS_UP_TO = 16


@dataclass(frozen=True)
class View:
    """The launches a set of filters shows, with what the pack needs around them."""

    filters: Filters
    launches: pd.DataFrame
    any_date: pd.DataFrame
    previous: pd.DataFrame
    everything: pd.DataFrame
    notes: dict[str, list[Note]]
    start: date
    end: date
    description: str
    data_date: str
    marking: str
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Who the pack says generated it: the signed-in (or named) analyst, "" when nobody is known.
    author: str = ""
    # Every agency's statements about the shown launches (catalog and analyst-added).
    claims: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CLAIM_COLUMNS)))
    # Saved analyst-added launches left out because they no longer pass the catalog's rules.
    rejected: tuple[catalog.RejectedLaunch, ...] = ()

    def context(self, title: str) -> ExportContext:
        return build_context(
            self.launches,
            title=title,
            filter_summary=self.description,
            data_date=self.data_date,
            marking=self.marking,
        )

    def summary(self) -> PeriodSummary:
        return period_summary(self.launches, self.previous, first_flights(self.everything))


def load_view(
    filters: Filters, *, today: date | None = None, database_url: str | None = None, author: str | None = None
) -> View:
    """Catalog + analyst-added launches + notes, filtered as the pages filter them.

    ``author`` names who generates the pack (the app passes the signed-in user); by default
    it is ``SPLASHDOWN_ANALYST``.
    """
    config = settings()
    launches = catalog.load_launches(config.data_dir)
    store = open_store(database_url or config.database_url)
    try:
        launches, rejected = catalog.merge_saved_added(launches, store.added_launches(), config.data_dir)
        claims = every_claim(catalog.load_claims(config.data_dir), store.added_claims())
        launches = _with_note_summary(launches, store.note_summary())
        start, end = period_bounds(filters, today)
        shown = apply_filters(launches, filters, today)
        any_date = apply_filters(launches, filters, today, period=False)
        previous_start, previous_end = previous_period(start, end)
        dates = any_date["date_kst"]
        previous = any_date[(dates >= pd.Timestamp(previous_start)) & (dates <= pd.Timestamp(previous_end))]
        annotated = shown.loc[shown["note_count"] > 0, "launch_id"]
        notes = {launch_id: store.for_launch(launch_id) for launch_id in annotated}
    finally:
        store.close()
    return View(
        filters=filters,
        launches=shown.sort_values(["date_kst", "launch_id"]).reset_index(drop=True),
        any_date=any_date,
        previous=previous,
        everything=launches,
        notes={launch_id: found for launch_id, found in notes.items() if found},
        start=start,
        end=end,
        description=describe(filters, today),
        data_date=provenance.data_date(launches, claims),
        marking=config.marking,
        author=config.analyst if author is None else author,
        claims=claims[claims["event_id"].isin(set(shown["event_id"]))].reset_index(drop=True),
        rejected=rejected,
    )


def _with_note_summary(launches: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    merged = launches.drop(columns=["note_count", "latest_tag", "tags"], errors="ignore").merge(
        summary, on="launch_id", how="left"
    )
    merged["note_count"] = merged["note_count"].fillna(0).astype(int)
    merged["latest_tag"] = merged["latest_tag"].fillna("").astype(str)
    merged["tags"] = merged["tags"].map(lambda tags: tuple(tags) if isinstance(tags, (list, tuple)) else ())
    return merged


def chart_for(view: View, chart: str, *, aspect: float | None = None) -> tuple[go.Figure, str]:
    """The page's figure for `chart` (timeline, weekly, map, profile) and its export title.

    `aspect` is the width/height of the plot area the map will fill (default: a standard export).
    """
    if chart == "timeline":
        return _period_timeline(view), "Launch timeline"
    if chart == "weekly":
        return weekly_figure(view.any_date, view.start, view.end), "Missiles launched per week"
    if chart == "map":
        shape = aspect or plot_aspect(marking=bool(view.marking))
        return static_map_figure(view.launches, aspect=shape), "Launch origins and estimated splashdowns"
    if chart == "profile":
        return _profile_figure(view)
    raise LookupError(f"unknown chart {chart!r}: choose timeline, weekly, map or profile")


def _period_timeline(view: View) -> go.Figure:
    """The page's timeline; over a short period the axis spans the period with one tick a day."""
    fig = timeline_figure(view.launches, (view.start, view.end))
    days = (view.end - view.start).days + 1
    if days <= _DAILY_TICKS_UP_TO:
        fig.update_xaxes(
            range=[pd.Timestamp(view.start) - pd.Timedelta(hours=12), pd.Timestamp(view.end) + pd.Timedelta(hours=12)],
            dtick=24 * 3600 * 1000,
            tickformat="%a %d %b",
        )
    return fig


def _profile_figure(view: View) -> tuple[go.Figure, str]:
    longest = longest_flight(view.launches)
    if longest is None:
        raise LookupError("no launch in this period has both a range and an apogee to draw a profile")
    title = f"Flight profile: {longest['missile']}, {longest['date_kst']:%d %b %Y}"
    return profile_figure(longest), title


def longest_flight(launches: pd.DataFrame) -> pd.Series | None:
    """The launch with the longest range among those with both a range and an apogee."""
    known = launches[launches["range_km"].notna() & launches["apogee_km"].notna()]
    if known.empty:
        return None
    return known.loc[known["range_km"].idxmax()]
