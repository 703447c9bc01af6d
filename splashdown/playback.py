"""Week-by-week playback of a period on the map, as analysts know it from kepler.gl's time playback.

Decisions:
- Cumulative, the current week highlighted: a frame shows every launch from the start of the
  period to the end of its week, which is what kepler.gl users expect of a playing history. The
  week's own launches are drawn in full (arcs, bearing fans, agencies' range spreads, the whole
  tooltip); earlier weeks stay on the map as faded splashdowns with a one-line tooltip, and the
  sites count every launch shown so far. Earlier weeks carry no arcs or fans: a year of them buries
  the week being played, and it keeps a frame small (the last frame of 2022 is about a fifth of
  the whole year's full map).
- Weeks are the ISO weeks of the Korean date, as everywhere in the app. The first and last week of
  a period may be partial (a year starting on a Saturday begins in the previous ISO week): a
  frame's week is cut to the period, so a frame never shows a launch outside it.
- Every frame keeps the whole period's view and height factor, so nothing moves or rescales
  between frames and an arc keeps the height it will have at the end.
- No frame chosen means the whole period, drawn as the Map always draws it. Stepping forward or
  pressing Play from there starts at the first week; playing stops at the last week, and Play
  from the last week starts again at the first.
- The URL keeps the week shown (`frame=2022-W40`, see FRAME_PARAM): a copied link opens at that
  frame, paused. Whether it is playing and how fast are not in the URL: a link that starts moving
  by itself is not a view anyone can cite, and the speed is the viewer's preference.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from splashdown.catalog import iso_week
from splashdown.filters import week_bounds
from splashdown.maps import DeckData, site_records

FRAME_PARAM = "frame"
# Seconds per week an analyst can choose; the default leaves a loaded machine time to draw a frame.
SPEEDS_S: tuple[float, ...] = (2.0, 1.0, 0.5)
DEFAULT_SPEED_S = 1.0
EARLIER_ALPHA = 0.35


@dataclass(frozen=True)
class Frame:
    """One week of a period: its place in the period and the days it covers there."""

    week: str
    index: int
    weeks: int
    first_day: date  # Monday, or the period's first day when the week starts before it
    last_day: date  # Sunday, or the period's last day
    period_start: date

    @property
    def words(self) -> str:
        """'2022-W40 (3–9 Oct 2022), week 41 of 53'."""
        return f"{self.week} ({_days(self.first_day, self.last_day)}), week {self.index + 1} of {self.weeks}"


@dataclass(frozen=True)
class FrameCounts:
    in_week: int
    so_far: int

    def words(self, frame: Frame) -> str:
        since = f"since {frame.period_start:%-d %b %Y}"
        if not self.so_far:
            return f"No launches this week, and none yet {since}."
        if not self.in_week:
            return f"No launches this week; {self.so_far:,} {since}, shown faded."
        noun = "launch" if self.in_week == 1 else "launches"
        return f"{self.in_week:,} {noun} this week, in full colour; {self.so_far:,} {since}."


def period_weeks(start: date, end: date) -> tuple[str, ...]:
    """Every ISO week from the one holding `start` to the one holding `end`."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(iso_week(monday))
        monday += timedelta(weeks=1)
    return tuple(weeks)


def frame(weeks: tuple[str, ...], week: str, start: date, end: date) -> Frame:
    """The frame of `week`; ValueError naming the week when it is not one of the period's."""
    if week not in weeks:
        raise ValueError(f"week {week} is not in this period ({weeks[0]} to {weeks[-1]})")
    monday, sunday = week_bounds(week)
    return Frame(week, weeks.index(week), len(weeks), max(monday, start), min(sunday, end), start)


def following(weeks: tuple[str, ...], week: str | None) -> str:
    """The week after `week`; from no week (the whole period) or the last one, the first."""
    if week is None or week == weeks[-1]:
        return weeks[0]
    return weeks[weeks.index(week) + 1]


def preceding(weeks: tuple[str, ...], week: str | None) -> str:
    """The week before `week`; from no week (the whole period), the last; the first stays put."""
    if week is None:
        return weeks[-1]
    return weeks[max(weeks.index(week) - 1, 0)]


def frame_shapes(data: DeckData, launches: pd.DataFrame, shown: Frame) -> tuple[DeckData, FrameCounts]:
    """The period's shapes as one frame draws them: the week in full, earlier weeks faded."""
    dates = launches["date_kst"]
    so_far = launches[dates <= pd.Timestamp(shown.last_day)]
    this_week = set(so_far.loc[dates[so_far.index] >= pd.Timestamp(shown.first_day), "launch_id"])
    drawn = set(so_far["launch_id"])
    placed = so_far[so_far["lat"].notna() & so_far["lon"].notna()]
    splashdowns = [point if point["launch_id"] in this_week else _faded(point)
                   for point in data.splashdowns if point["launch_id"] in drawn]
    shapes = replace(
        data,
        sites=site_records(placed),
        splashdowns=splashdowns,
        arcs=_of(data.arcs, this_week),
        fans=_of(data.fans, this_week),
        spreads=_of(data.spreads, this_week),
        launches_total=len(placed),
        launches_drawn=len(splashdowns),
    )
    return shapes, FrameCounts(in_week=len(this_week), so_far=len(so_far))


def _of(records: list[dict], launch_ids: set[str]) -> list[dict]:
    return [record for record in records if record["launch_id"] in launch_ids]


def _faded(point: dict) -> dict:
    return point | {
        "colour": _fade(point["colour"]),
        "fill": _fade(point["fill"]),
        "tooltip": point["tooltip"].split("\n", 1)[0] + "\nAn earlier week: step back to it for the estimate",
    }


def _fade(rgba: list[int]) -> list[int]:
    return [*rgba[:3], round(rgba[3] * EARLIER_ALPHA)]


def _days(first: date, last: date) -> str:
    if first.year != last.year:
        return f"{first:%-d %b %Y} – {last:%-d %b %Y}"
    if first.month != last.month:
        return f"{first:%-d %b} – {last:%-d %b %Y}"
    return f"{first.day}–{last:%-d %b %Y}"
