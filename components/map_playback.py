"""The Map's play control: the selected period week by week, the map drawn for the week shown.

What a frame shows is decided in `splashdown/playback.py`. Here: two nested fragments, so that
playing costs only the map. The player reruns when Play, Pause, the speed or "Whole period" is
pressed; inside it the frame (controls, week, map) is a second fragment that reruns alone on a
step or the slider and, while playing, every chosen number of seconds, one week per tick.
Rerunning the player starts, retimes or drops the ticking fragment (Streamlit then stops its
timer); the last week's tick stops playback with one full rerun, so the page's Play button comes
back. The base map stays the app's static files: a frame sends only its launches.

Keys: J, K and L step back, play or pause, and step forward (as in video players); the week
slider takes the arrow keys once focused.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.map_panel import map_chart
from components.plain_text import plain_markdown
from splashdown import playback
from splashdown.filters import Filters, period_bounds
from splashdown.maps import DeckData

_PLAYER = "map_player"
_PLAYING = "map_playing"
_SPEED = "map_play_speed"
_SLIDER = "map_play_week"
_PERIOD = "_map_play_period"
# Set by every run that is not a timer tick (the player's own run, a control's callback), so the
# ticking fragment advances only when its timer fired.
_NOT_A_TICK = "_map_play_not_a_tick"
_SPEED_WORDS = {2.0: "2 s", 1.0: "1 s", 0.5: "½ s"}


def map_player(launches: pd.DataFrame, data: DeckData, filters: Filters) -> None:
    """The play control over the map, or the map alone when the period is a single week."""
    start, end = period_bounds(filters)
    weeks = playback.period_weeks(start, end)
    if launches.empty or len(weeks) < 2:
        _stop()
        map_chart(data, filters)
        return
    _player(launches, data, filters, weeks)


@st.fragment(key=_PLAYER)
def _player(launches: pd.DataFrame, data: DeckData, filters: Filters, weeks: tuple[str, ...]) -> None:
    st.session_state[_NOT_A_TICK] = True
    # Two fragment functions in the same place: the ticking one is dropped on Pause, which stops its
    # timer, while the map keeps its place in the page (a moved chart would be rebuilt from scratch).
    if _shown_week(weeks) is not None and st.session_state.get(_PLAYING):
        interval = float(st.session_state.get(_SPEED, playback.DEFAULT_SPEED_S))
        st.fragment(_ticking_frame, run_every=interval)(launches, data, filters, weeks)
    else:
        st.session_state[_PLAYING] = False
        st.fragment(_still_frame)(launches, data, filters, weeks)


def _ticking_frame(launches: pd.DataFrame, data: DeckData, filters: Filters, weeks: tuple[str, ...]) -> None:
    _frame(launches, data, filters, weeks)


def _still_frame(launches: pd.DataFrame, data: DeckData, filters: Filters, weeks: tuple[str, ...]) -> None:
    _frame(launches, data, filters, weeks)


def _frame(launches: pd.DataFrame, data: DeckData, filters: Filters, weeks: tuple[str, ...]) -> None:
    ticked = not st.session_state.pop(_NOT_A_TICK, False)
    week = _shown_week(weeks)
    if ticked and st.session_state.get(_PLAYING) and week is not None:
        if week == weeks[-1]:
            # The last week has been shown for a whole tick: stop, and let the page redraw Play.
            st.session_state[_PLAYING] = False
            st.rerun()
        week = playback.following(weeks, week)
        _show(week)
    start, end = period_bounds(filters)
    _controls(weeks, week)
    if week is None:
        st.markdown(f"**Whole period**, {weeks[0]} to {weeks[-1]}: {len(weeks)} weeks, {len(launches):,} "
                    "launches. Press Play to step through it week by week.")
        map_chart(data, filters)
        return
    shown = playback.frame(weeks, week, start, end)
    shapes, counts = playback.frame_shapes(data, launches, shown)
    st.markdown(f"**{shown.words}** · {counts.words(shown)}")
    map_chart(shapes, filters)


def _controls(weeks: tuple[str, ...], week: str | None) -> None:
    playing = bool(st.session_state.get(_PLAYING))
    back, play, forward, speed, whole = st.columns([1, 1.2, 1, 1.6, 1.4], vertical_alignment="bottom")
    back.button("◀ Week", key="map_play_back", on_click=_step, args=(weeks, -1), width="stretch",
                disabled=week == weeks[0], shortcut="J", help="The week before (J)")
    play.button("⏸ Pause" if playing else "▶ Play", key="map_play", on_click=_toggle, args=(weeks,),
                type="primary", width="stretch", shortcut="K",
                help="Step through the period a week at a time, earlier weeks kept faded (K)")
    forward.button("Week ▶", key="map_play_forward", on_click=_step, args=(weeks, 1), width="stretch",
                   disabled=week == weeks[-1], shortcut="L", help="The week after (L)")
    speed.segmented_control("Seconds per week", playback.SPEEDS_S, key=_SPEED, default=playback.DEFAULT_SPEED_S,
                            format_func=_speed_words, required=True, on_change=_retime)
    whole.button("Whole period", key="map_play_whole", on_click=_whole, disabled=week is None and not playing,
                 width="stretch", help="Back to the map of every launch in the period")
    st.session_state[_SLIDER] = week or weeks[-1]
    st.select_slider("Week shown", weeks, key=_SLIDER, on_change=_slid, label_visibility="collapsed")


def _shown_week(weeks: tuple[str, ...]) -> str | None:
    """The URL's week when it is one of the period's. A week from another period is dropped: with
    a notice when it came with a link, silently when the analyst has just moved to another period."""
    week = st.query_params.get(playback.FRAME_PARAM)
    played_before = st.session_state.get(_PERIOD) not in (None, weeks)
    st.session_state[_PERIOD] = weeks
    if week is None or week in weeks:
        return week
    if not played_before:
        st.warning(f"The link's week {plain_markdown(week)} is not one of this period's ({weeks[0]} to {weeks[-1]}): "
                   "the map shows the whole period.", icon=":material/link_off:")
    _stop()
    _show(None)
    return None


def _show(week: str | None) -> None:
    if week is None:
        st.query_params.pop(playback.FRAME_PARAM, None)
    elif st.query_params.get(playback.FRAME_PARAM) != week:
        st.query_params[playback.FRAME_PARAM] = week


def _stop() -> None:
    st.session_state[_PLAYING] = False


def _toggle(weeks: tuple[str, ...]) -> None:
    playing = not st.session_state.get(_PLAYING)
    week = st.query_params.get(playback.FRAME_PARAM)
    if playing and (week not in weeks or week == weeks[-1]):
        _show(weeks[0])
    st.session_state[_PLAYING] = playing
    st.rerun(_PLAYER)


def _step(weeks: tuple[str, ...], direction: int) -> None:
    st.session_state[_NOT_A_TICK] = True
    week = st.query_params.get(playback.FRAME_PARAM)
    week = week if week in weeks else None
    _show(playback.following(weeks, week) if direction > 0 else playback.preceding(weeks, week))


def _slid() -> None:
    st.session_state[_NOT_A_TICK] = True
    _show(st.session_state[_SLIDER])


def _retime() -> None:
    st.rerun(_PLAYER)


def _whole() -> None:
    _stop()
    _show(None)
    st.rerun(_PLAYER)


def _speed_words(seconds: float) -> str:
    return _SPEED_WORDS.get(seconds, f"{seconds:g} s")
