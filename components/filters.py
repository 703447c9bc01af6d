"""The shared sidebar filters. The URL query parameters are the state; widgets only edit them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import streamlit as st

from components.loaders import SitePlaces, note_tags, site_places
from components.plain_text import plain_markdown
from splashdown.catalog import iso_week, today_kst
from splashdown.filters import (
    FILTER_PARAMS,
    FIRST_LAUNCH_DATE,
    Filters,
    describe_period,
    from_query,
    period_bounds,
    previous_period,
    shift_week,
    to_query,
    with_dates,
    with_week,
)
from splashdown.vocabulary import MISSILE_CLASSES, OUTCOMES, TAG_SUGGESTIONS

_FILTERS = "filters"
_PERIOD_SLOT = "_period_slot"
_SAVED_QUERY = "_filters_query"
_WEEK_ERROR = "_week_error"
_PROVINCE = "province:"
_SITE = "site:"


def current_filters() -> Filters:
    """The filters the sidebar parsed on this run (the entry script renders the sidebar first)."""
    return st.session_state.get(_FILTERS) or Filters(week=iso_week(today_kst()))


def render_sidebar_filters(*, period_controls_by_page: bool = False) -> Filters:
    """Parse the URL, show notices for what was ignored, draw the filter widgets.

    With `period_controls_by_page` the period controls' place at the top of the sidebar is kept
    for the page, which draws them with `period_controls` inside its own fragment."""
    params = {name: st.query_params[name] for name in st.query_params}
    if not any(name in FILTER_PARAMS for name in params) and _SAVED_QUERY in st.session_state:
        # Page navigation clears the query string; the view must survive it.
        params.update(st.session_state[_SAVED_QUERY])
    places = site_places()
    parsed = from_query(params, known_sites=places.known_sites, known_provinces=places.known_provinces,
                        known_tags=frozenset(TAG_SUGGESTIONS) | frozenset(note_tags()))
    filters = parsed.filters
    if not (filters.week or filters.date_from or filters.date_to):
        filters = with_week(filters, iso_week(today_kst()))
    _write_url(filters)
    _sync_widgets(filters)

    with st.sidebar:
        for notice in parsed.notices:
            st.warning(plain_markdown(notice), icon=":material/link_off:")
        st.subheader("Period")
        st.session_state[_PERIOD_SLOT] = st.container()
        _attribute_controls(places)
        st.caption("The address bar holds these filters: copy it to share this exact view.")
    if not period_controls_by_page:
        period_controls()
    return filters


def period_controls() -> None:
    """The period controls (steps, week, date range), in their place at the top of the sidebar.

    Drawn inside a page's fragment, a step reruns only that fragment: the launch filters, the page
    list and the notices stay as they are in the browser instead of being re-sent and redrawn."""
    with st.session_state[_PERIOD_SLOT]:
        _period_controls(current_filters())


def _write_url(filters: Filters) -> None:
    query = to_query(filters)
    for name in [name for name in st.query_params if name not in query and name in FILTER_PARAMS]:
        del st.query_params[name]
    for name, value in query.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    st.session_state[_SAVED_QUERY] = query
    st.session_state[_FILTERS] = filters


def _apply(filters: Filters) -> None:
    _write_url(filters)
    _sync_widgets(filters)


def _sync_widgets(filters: Filters, keys: tuple[str, ...] | None = None) -> None:
    """Widgets mirror the URL; set their state only when it differs, so typing is not disturbed and
    an unchanged widget goes out unchanged (one whose state is set is redrawn in the browser, twice).
    `keys` limits it to those widgets (the others may already be drawn in this run)."""
    start, end = period_bounds(filters)
    wanted = {
        "f_week": filters.week or "",
        "f_dates": (start, end),
        "f_classes": list(filters.classes),
        "f_places": [_PROVINCE + p for p in filters.provinces] + [_SITE + s for s in filters.sites],
        "f_outcomes": list(filters.outcomes),
        "f_text": filters.text,
        "f_notes": filters.has_notes,
        "f_tags": list(filters.tags),
    }
    for key, value in wanted.items():
        if (keys is None or key in keys) and st.session_state.get(key) != value:
            st.session_state[key] = value


def _period_controls(filters: Filters) -> None:
    st.caption(describe_period(filters))
    # Rows of buttons are flex rows rather than columns: fewer elements to re-send and redraw on
    # every step (a column is a block of its own).
    steps = st.container(horizontal=True)
    steps.button("◀ Previous", key="f_previous", on_click=_step, args=(-1,), width="stretch",
                 help="The period of the same length just before this one")
    steps.button("Next ▶", key="f_next", on_click=_step, args=(1,), width="stretch",
                 help="The period of the same length just after this one")
    # A fragment rerun skips the entry script's sync: a rejected typed week is put back here.
    _sync_widgets(filters, keys=("f_week", "f_dates"))
    st.text_input(
        "ISO week (Korea time)", key="f_week", on_change=_week_typed, placeholder="type a week, e.g. 2021-W12"
    )
    if error := st.session_state.pop(_WEEK_ERROR, None):
        st.error(plain_markdown(error))
    start, end = period_bounds(filters)
    st.date_input(
        "Date range (KST)",
        key="f_dates",
        # A linked or stepped-to period may reach past the usual span; the picker must still hold it.
        min_value=min(FIRST_LAUNCH_DATE, start),
        max_value=max(date(today_kst().year + 1, 12, 31), end),
        on_change=_dates_picked,
        format="YYYY-MM-DD",
    )
    jumps = st.container(horizontal=True)
    jumps.button("This week", key="f_this_week", on_click=_this_week, width="stretch")
    jumps.button("Since 1984", key="f_all", on_click=_all_time, width="stretch",
                 help="Every launch in the catalog, April 1984 to today")


def _attribute_controls(site_places: SitePlaces) -> None:
    places = [_PROVINCE + p for p in site_places.provinces] + [_SITE + s for s in site_places.site_names]

    def place_label(value: str) -> str:
        if value.startswith(_PROVINCE):
            return f"{value.removeprefix(_PROVINCE)} (province)"
        return site_places.site_names.get(value.removeprefix(_SITE), value)

    st.subheader("Launches")
    st.multiselect("Missile class", MISSILE_CLASSES, key="f_classes", on_change=_attributes_changed)
    st.multiselect("Site or province", places, format_func=place_label, key="f_places", on_change=_attributes_changed)
    st.multiselect("Outcome", OUTCOMES, key="f_outcomes", on_change=_attributes_changed)
    st.text_input("Search text", key="f_text", on_change=_attributes_changed, placeholder="missile, site, source…")
    st.checkbox("Only launches with team notes", key="f_notes", on_change=_attributes_changed)
    tags = sorted(set(TAG_SUGGESTIONS) | set(note_tags()))
    st.multiselect("Note tags", tags, key="f_tags", on_change=_attributes_changed)


def set_week(week: str) -> None:
    _apply(with_week(current_filters(), week))


def set_period(start: date, end: date) -> None:
    _apply(with_dates(current_filters(), start, end))


def _step(direction: int) -> None:
    filters = current_filters()
    if filters.week:
        _apply(with_week(filters, shift_week(filters.week, direction)))
        return
    start, end = period_bounds(filters)
    if direction < 0:
        _apply(with_dates(filters, *previous_period(start, end)))
    else:
        following_start = end + timedelta(days=1)
        _apply(with_dates(filters, following_start, following_start + (end - start)))


def _this_week() -> None:
    _apply(with_week(current_filters(), iso_week(today_kst())))


def _all_time() -> None:
    _apply(with_dates(current_filters(), FIRST_LAUNCH_DATE, today_kst()))


def _week_typed() -> None:
    typed = st.session_state.get("f_week", "").strip().upper()
    try:
        period_bounds(Filters(week=typed))
    except ValueError as error:
        st.session_state[_WEEK_ERROR] = f"Not a week: {error}. Keeping {current_filters().week or 'the date range'}."
        return
    _apply(with_week(current_filters(), typed))


def _dates_picked() -> None:
    picked = st.session_state.get("f_dates")
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        _apply(with_dates(current_filters(), picked[0], picked[1]))


def _attributes_changed() -> None:
    places = st.session_state.get("f_places", [])
    _apply(
        replace(
            current_filters(),
            classes=tuple(st.session_state.get("f_classes", [])),
            provinces=tuple(p.removeprefix(_PROVINCE) for p in places if p.startswith(_PROVINCE)),
            sites=tuple(p.removeprefix(_SITE) for p in places if p.startswith(_SITE)),
            outcomes=tuple(st.session_state.get("f_outcomes", [])),
            text=st.session_state.get("f_text", "").strip(),
            has_notes=bool(st.session_state.get("f_notes")),
            tags=tuple(st.session_state.get("f_tags", [])),
        )
    )
