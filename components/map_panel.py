"""Streamlit pieces for the Map page: map controls, the cached deck, the chart, the legend, the
estimate note and the map's downloads. The Trajectory page's pieces are in components/trajectory_panel.py."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.downloads import downloads_popover, export_context, map_downloads, period_stem
from components.loaders import all_claims
from splashdown import geometry, maps
from splashdown.filters import Filters, to_query
from splashdown.palette import class_colour
from splashdown.static_map import static_map_figure
from splashdown.vocabulary import MISSILE_CLASSES

_DECK_COLUMNS = [
    "launch_id", "date_kst", "missile", "missile_class", "site_id", "site_name", "province", "lat", "lon",
    "site_precision", "event_id", "range_km", "apogee_km", "bearing_deg", "bearing_basis", "impact_area",
    "confirmation", "sources",
]
_OPENED_FROM_MAP = "map_opened_launch"
# The session-state key of the Map page's download popover (True while open).
MAP_DOWNLOADS_OPEN = "dl_map_open"


def _exaggeration_label(value: float) -> str:
    if value == maps.FIT_EXAGGERATION:
        return "Fit to frame"
    return "1× (true scale)" if value == 1 else f"{value:g}×"


def map_controls() -> maps.MapOptions:
    """Altitude exaggeration and layer toggles; the choices are kept in session state."""
    scale, arcs, fans, met_rings, city_rings = st.columns([2, 1, 1, 1, 1], vertical_alignment="bottom")
    exaggeration = scale.select_slider(
        "Altitude exaggeration",
        options=maps.EXAGGERATION_CHOICES,
        value=maps.DEFAULT_EXAGGERATION,
        format_func=_exaggeration_label,
        key="map_exaggeration",
        help="Arcs are drawn at the reconstructed altitude times this factor; 1× is true scale. 'Fit to frame' "
        "picks, per view, the largest factor (below 1 for lofted ICBMs) that keeps the tallest arc in the frame.",
    )
    return maps.MapOptions(
        exaggeration=float(exaggeration),
        show_arcs=arcs.toggle("3D arcs", value=True, key="map_arcs"),
        show_fans=fans.toggle("Bearing fans", value=True, key="map_fans",
                              help="Every bearing that reaches the reported sea at the reported range."),
        show_met_rings=met_rings.toggle("Minimum-energy rings", value=False, key="map_met_rings",
                                        help="Each missile type's minimum-energy range at the burnout speed of its "
                                        "fastest selected flight, around its launch site."),
        show_city_rings=city_rings.toggle("City distance rings", value=False, key="map_city_rings",
                                          help="Distance from Pyongyang to reference cities."),
    )


# No spinner: a week's shapes take well under its half-second delay, yet it sends a message to clear
# itself on every week not cached; the app's running indicator still shows a long build.
@st.cache_data(show_spinner=False, max_entries=16)
def _deck_data(launches: pd.DataFrame, options_key: tuple, _options: maps.MapOptions,
               _range_claims: pd.DataFrame, claims_rows: int) -> maps.DeckData:
    return maps.deck_data(launches, _options, _range_claims)


def _deck_input(launches: pd.DataFrame) -> pd.DataFrame:
    columns = [column for column in [*_DECK_COLUMNS, "note_count"] if column in launches.columns]
    return launches[columns].sort_values("launch_id", kind="stable").reset_index(drop=True)


def map_data(launches: pd.DataFrame, options: maps.MapOptions) -> maps.DeckData:
    """Every shape the map draws for these launches; cached per launch rows and options."""
    options_key = (options.exaggeration, options.show_arcs, options.show_fans, options.show_met_rings,
                   options.show_city_rings)
    claims = all_claims()
    ranges = claims[claims["field"] == "range_km"]
    return _deck_data(_deck_input(launches), options_key, options, ranges, len(ranges))


def map_exports(launches: pd.DataFrame, data: maps.DeckData, filters: Filters) -> None:
    """The static map (PNG/SVG/PDF/HTML) and the interactive map as offline HTML (base map inlined)."""
    with downloads_popover("Download the map", key=MAP_DOWNLOADS_OPEN) as downloads:
        if downloads.open:
            context = export_context(launches, filters, "Launch origins and estimated splashdowns")
            # Both maps exist only for these files: drawn when a button is clicked, not per rerun.
            map_downloads(lambda: static_map_figure(launches), lambda: maps.deck_from_data(data), context,
                          name=f"map-{period_stem(filters)}", key="map_downloads")


def map_chart(data: maps.DeckData, filters: Filters) -> None:
    """The interactive map; its base map and EEZ line are pictures from the app's static files, fetched once.
    Clicking a splashdown or a range spread opens that launch on the Launches page."""
    st.caption(data.exaggeration_words)
    state = st.pydeck_chart(maps.deck_from_data(data, maps.STATIC_BASEMAP_URL), height=620, key="launch_map",
                            on_select="rerun", selection_mode="single-object")
    picked = [item["launch_id"] for items in state.selection.get("objects", {}).values() for item in items
              if isinstance(item, dict) and item.get("launch_id")]
    # The chart keeps its selection when the analyst comes back: open a launch once per click.
    if picked and st.session_state.get(_OPENED_FROM_MAP) != picked[0]:
        st.session_state[_OPENED_FROM_MAP] = picked[0]
        st.switch_page("views/launches.py", query_params=to_query(filters) | {"launch": picked[0]})
    if not picked:
        st.session_state.pop(_OPENED_FROM_MAP, None)


def map_legend(launches: pd.DataFrame, data: maps.DeckData) -> None:
    """The class colours with their counts, then what each mark means and how the splashdowns were
    placed: one caption rather than two, as each element is re-sent and redrawn on every week step."""
    if data.launches_drawn < data.launches_total:
        st.warning(f"Arcs, fans and splashdowns are drawn for the {data.launches_drawn:,} most recent of "
                   f"{data.launches_total:,} launches; sites count them all. Narrow the filters to see the rest.")
    counts = launches["missile_class"].value_counts()
    st.html(_class_legend([(cls, int(counts[cls])) for cls in MISSILE_CLASSES if cls in counts.index]))
    marks = [
        "● solid splashdown: bearing reported by an agency; ○ hollow: bearing estimated from the reported sea",
        "fan outline: every bearing reaching the reported sea at the reported range (fainter when many)",
        "dark segment along the bearing: agencies' ranges differ, from the shortest to the longest claimed"
        if data.spreads else "",
        "red line: approximate outer line of Japan's claimed EEZ (faint red: areas inside only by counting a "
        "disputed island as Japan's); dark outline: Japan's coast",
        "names on the base map: reference cities and places Japan MoD measures from (grey), the catalog's busiest "
        "launch sites (black), where they fit" if maps.basemap_names_shown(data.view) else "",
        "point at a splashdown for its flight's figures and estimate (its arc and fan end there), at a launch "
        "site (dark dot, sized by launches), a reference city or a place Japan MoD measures from (small grey dot) "
        "for its name",
    ]
    st.caption(" · ".join(mark for mark in marks if mark) + "\n\n" + _estimate_note(launches, data))


def _class_legend(classes: list[tuple[str, int]]) -> str:
    """Class chips in the map's colours with their counts: a few inline elements, not a data grid
    (drawing a one-column st.dataframe cost the browser about 0.2 s a week step)."""
    chips = "".join(
        f'<span role="listitem" style="background:{class_colour(cls)};color:white;padding:1px 8px;border-radius:4px;'
        f'margin-right:6px;white-space:nowrap">{html.escape(cls)} {count:,}</span>'
        for cls, count in classes
    )
    return (f'<div style="line-height:1.9">Missiles by class: '
            f'<span role="list" aria-label="Missiles by class">{chips}</span></div>')


def _estimate_note(launches: pd.DataFrame, data: maps.DeckData) -> str:
    """How the splashdowns were placed, said plainly and counted by basis."""
    splashdowns = data.splashdowns
    by_basis = pd.Series([point["basis"] for point in splashdowns], dtype="object").value_counts()
    words = {
        "reported": "bearing reported",
        "inferred": "bearing inferred from the impact area",
        "assumed": "bearing assumed",
        "impact-area": "placed mid-fan (the catalog bearing missed the reported sea or was absent)",
    }
    parts = [f"{count} {words.get(basis, basis)}" for basis, count in by_basis.items()]
    missing = data.launches_drawn - len(splashdowns) + (len(launches) - data.launches_total)
    return (
        "Splashdowns are estimates: launch site + bearing + reported range on the WGS-84 ellipsoid. "
        "Where no agency reported the bearing they are drawn hollow, with a faint arc and a fan over every "
        "bearing that reaches the reported sea. "
        + ("; ".join(parts) + "." if parts else "")
        + (f" {missing} launch(es) are shown at their site only: no range, no known site, no way to place a "
           "bearing, or a cruise missile (they fly patterns, so the distance flown does not place the end)."
           if missing else "")
        + " Arc heights come from the Keplerian reconstruction (vacuum, spherical Earth)."
        + " Site size: number of launches. " + geometry.EEZ_NOTE
    )


def empty_map_notice() -> None:
    st.info(
        "No launches match these filters, so the map shows the base map only. "
        "Widen the period or clear filters in the sidebar."
    )
