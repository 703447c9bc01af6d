"""The launches table and one launch's detail: figures with their basis, sources, who added it.

The selected launch lives in the URL (``?launch=L-2021-03-25-1``) so a link opens it directly.
Catalog and analyst text is drawn with ``st.text`` or in dataframes, never as markdown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from components.claims import claims_panel
from components.identity import current_identity
from components.japan_panel import japan_summary, overflight_column
from components.loaders import (
    all_launches,
    claim_marks,
    claims_about,
    get_store,
    invalidate_launches,
    site_places,
)
from splashdown.catalog import RejectedLaunch
from splashdown.claims import FIELD_LABELS, headline
from splashdown.store import DatabaseError, LaunchNotFoundError, describe_database_error
from splashdown.vocabulary import FIGURE_FIELDS, NOT_REPORTED, NOT_REPORTED_CELL

_LAUNCH_PARAM = "launch"
_TABLE = "launch_table"
_PICK = "launch_pick"
_WITHDRAW_PROBLEM = "_launch_withdraw_problem"
_CORRECT_PROBLEM = "_launch_correct_problem"
# The salvo and the notes are keyed by these: a launch wrong in them is withdrawn and added again.
_KEYED_FIELDS = frozenset({"launch_id", "event_id", "date_kst"})
_URL = re.compile(r"https?://[^\s|]+")
# Where an analyst can read each publisher's record; matched against the citation text.
_PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("CNS/NTI", "https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/"),
    ("nagix", "https://github.com/nagix/nk-missile-tests"),
    ("Japan MoD", "https://www.mod.go.jp/j/press/news/"),
    ("JMOD", "https://www.mod.go.jp/j/press/news/"),
    ("CSIS", "https://beyondparallel.csis.org/database-north-korean-provocations/"),
)
_TABLE_COLUMNS = {
    "date_kst": st.column_config.DateColumn("Date (KST)", format="YYYY-MM-DD"),
    "time_utc": st.column_config.TextColumn("UTC"),
    "missile": st.column_config.TextColumn("Missile"),
    "missile_class": st.column_config.TextColumn("Class"),
    "site_name": st.column_config.TextColumn("Site"),
    "note_count": st.column_config.NumberColumn("Notes", format="%d"),
    "latest_tag": st.column_config.TextColumn("Latest tag"),
    "range_km": st.column_config.NumberColumn("Range km", format="%.0f"),
    "apogee_km": st.column_config.NumberColumn("Apogee km", format="%.0f"),
    "flight_time_min": st.column_config.NumberColumn("Flight min", format="%.0f"),
    "claims_check": st.column_config.TextColumn("Agencies", help="⚠ disputed: the agencies' figures differ by "
                                                "more than 10 %; ⚠ KCNA only: no other agency gives the figure"),
    "over_japan": st.column_config.TextColumn("Over Japan", help="The estimated ground track crosses Japan's land "
                                              "or 12 nm territorial sea (site + bearing + range)"),
    "bearing_deg": st.column_config.NumberColumn("Bearing °", format="%.0f"),
    "bearing_basis": st.column_config.TextColumn("Bearing basis"),
    "outcome": st.column_config.TextColumn("Outcome"),
    "confirmation": st.column_config.TextColumn("Figures from"),
    "sources": st.column_config.TextColumn("Sources"),
    "source_link": st.column_config.LinkColumn("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
    "origin": st.column_config.TextColumn("Origin"),
    "launch_id": st.column_config.TextColumn("Launch id"),
}


def source_links(sources: str) -> list[tuple[str, str]]:
    """Each " | "-separated citation with a link to where it can be read ("" when unknown)."""
    links = []
    for citation in (part.strip() for part in sources.split("|")):
        if not citation:
            continue
        url = _URL.search(citation)
        if url:
            links.append((citation, url.group(0)))
            continue
        publisher = next((link for name, link in _PUBLISHERS if name.lower() in citation.lower()), "")
        links.append((citation, publisher))
    return links


def launch_table(launches: pd.DataFrame) -> None:
    """The filtered launches; clicking a row opens it below."""
    table = launches.sort_values(["date_kst", "launch_id"], ascending=[False, True]).reset_index(drop=True)
    table["source_link"] = [next((url for _, url in source_links(s) if url), None) for s in table["sources"]]
    marks = claim_marks()
    table["claims_check"] = [_check_text(marks.get(launch_id, {})) for launch_id in table["launch_id"]]
    table["over_japan"], unjudged = overflight_column(table)
    st.dataframe(
        table[list(_TABLE_COLUMNS)],
        column_config=_TABLE_COLUMNS,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(len(table), 1), 420),
        key=_TABLE,
        on_select=partial(_table_selected, list(table["launch_id"])),
        selection_mode="single-row",
        placeholder=NOT_REPORTED_CELL,
    )
    st.caption(
        f"{len(table)} missile(s), newest first. Figures are those of the authority in 'Figures from'; "
        "other agencies' figures are in each launch's detail. 'Agencies' marks a figure with ⚠: "
        "'disputed' when the agencies' figures differ by more than 10 %, 'KCNA only' when only North "
        "Korea's state media gives it. A dash means not reported, never zero. Click a row to open it. "
        "'Over Japan': the estimated ground track crosses Japan's land or territorial sea."
        + (f" {unjudged:,} older long-range flights were not judged for it (too many to estimate)." if unjudged else "")
    )


def launch_picker(launches: pd.DataFrame) -> pd.Series | None:
    """A picker over the filtered launches, kept in step with the URL; returns the open launch."""
    everything = all_launches()
    wanted = st.query_params.get(_LAUNCH_PARAM, "")
    known = everything[everything["launch_id"] == wanted]
    if wanted and known.empty:
        st.warning("The launch in the link is not in the catalog or among analyst-added launches.",
                   icon=":material/link_off:")
        st.text(f"Launch id in the link: {wanted[:80]}")
    options = list(launches.sort_values("date_kst", ascending=False)["launch_id"])
    if not known.empty and wanted not in options:
        options.insert(0, wanted)
    # Read column by column: concatenating and iterating whole rows costs a week's picker milliseconds.
    labels = {
        launch_id: f"{day:%Y-%m-%d} · {missile} · {site} · {launch_id}"
        for frame in (launches, known)
        for launch_id, day, missile, site in zip(frame["launch_id"], frame["date_kst"], frame["missile"],
                                                  frame["site_name"], strict=True)
    }
    if st.session_state.get(_PICK) != (wanted if not known.empty else None):
        st.session_state[_PICK] = wanted if not known.empty else None
    st.selectbox(
        "Open a launch",
        options,
        key=_PICK,
        format_func=lambda launch_id: labels.get(launch_id, launch_id),
        index=None,
        placeholder="Pick a launch, or click a row above",
        on_change=_picked,
    )
    if known.empty:
        return None
    if wanted not in set(launches["launch_id"]):
        st.caption("This launch is outside the current filters; it is shown because the link names it.")
    return known.iloc[0]


def launch_detail(launch: pd.Series) -> None:
    """One launch's figures with their basis and authority, its site, sources and provenance."""
    st.subheader(f"Launch {launch['launch_id']}")
    st.text(
        f"{launch['date_kst']:%A %d %B %Y} (Korea time)"
        + (f", {launch['time_utc']} UTC" if launch["time_utc"] else f", time {NOT_REPORTED}")
        + f" · {launch['missile']}, {launch['missile_class']} · salvo of {launch['salvo_size']}"
    )
    st.caption(f"{NOT_REPORTED_CELL} means the figure was {NOT_REPORTED}; it is never a zero.")
    agencies = _headline_agencies(launch)
    range_km, apogee, flight, bearing = st.columns(4)
    for column, label, field, unit in ((range_km, "Range", "range_km", "km"), (apogee, "Apogee", "apogee_km", "km"),
                                       (flight, "Flight time", "flight_time_min", "min")):
        column.metric(label, _figure(launch[field], unit), agencies.get(field), delta_color="off", delta_arrow="off")
    bearing.metric("Bearing", _figure(launch["bearing_deg"], "°"),
                   launch["bearing_basis"] or None, delta_color="off", delta_arrow="off")
    st.text(
        f"Figures from: {launch['confirmation'] or 'not attributed'}\n"
        f"Site: {launch['site_name']}, {launch['province'] or 'province unknown'} "
        f"(located to {launch['site_precision']} precision)\n"
        f"Impact area: {launch['impact_area']} · Outcome: {launch['outcome']}"
    )
    if launch["notes"]:
        st.text(f"Remarks: {launch['notes']}")
    japan_summary(launch)
    claims_panel(launch["launch_id"], launch["event_id"], claims_about(launch["launch_id"], launch["event_id"]))
    _sources(launch)
    if launch["origin"] == "analyst":
        _analyst_provenance(launch)


def _headline_agencies(launch: pd.Series) -> dict[str, str]:
    """The agency each headline figure comes from, to show under the figure.

    An analyst may have corrected a figure the report's claims gave: it is then the analyst's.
    """
    mine = claims_about(launch["launch_id"], launch["event_id"])
    agencies = {}
    for field in FIGURE_FIELDS:
        pick = headline(mine, field)
        if pick is None or pd.isna(launch[field]):
            continue
        if launch["origin"] == "analyst" and not math.isclose(float(pick.value), float(launch[field])):
            agencies[field] = "analyst's figure"
        else:
            agencies[field] = pick.agency
    return agencies


def _check_text(marks: dict[str, str]) -> str:
    return " · ".join(f"⚠ {FIELD_LABELS[field]} {mark}" for field, mark in marks.items())


def _figure(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_REPORTED_CELL
    return f"{value:,.0f} {unit}"


def _sources(launch: pd.Series) -> None:
    links = source_links(launch["sources"])
    if not links:
        st.text("Sources: none recorded")
        return
    st.dataframe(
        pd.DataFrame({"Source": [c for c, _ in links], "Where to read it": [u or None for _, u in links]}),
        column_config={"Where to read it": st.column_config.LinkColumn()},
        hide_index=True,
        width="stretch",
    )


def _analyst_provenance(launch: pd.Series) -> None:
    added_at = pd.Timestamp(launch["added_at"])
    st.info("Added by an analyst, not part of the curated catalog.", icon=":material/person_add:")
    st.text(f"Added by {launch['added_by']} on {added_at:%Y-%m-%d %H:%M} UTC")
    url = launch.get("source_url", "")
    if isinstance(url, str) and _URL.fullmatch(url.strip()):
        st.link_button("Open the source report", url.strip(), icon=":material/open_in_new:")
    elif url:
        st.text(f"Source URL (not a web link): {url}")
    if launch.get("source_text"):
        with st.expander("Source text as pasted"):
            st.text(launch["source_text"])
    withdraw_action(launch["launch_id"], launch["added_by"])


def withdraw_action(launch_id: str, added_by: str, label: str = "Withdraw this launch") -> None:
    """Its author's (or an admin's) button to withdraw an analyst-added launch, and why it failed.

    Others see no button; the store refuses them anyway.
    """
    identity = current_identity()
    if identity is not None and (identity.name == added_by or _is_admin(identity.name)):
        st.button(label, key=f"withdraw_{launch_id}", on_click=_withdraw, args=(launch_id, identity.name),
                  icon=":material/delete:")
    if problem := st.session_state.pop(f"{_WITHDRAW_PROBLEM}::{launch_id}", None):
        st.error(f"{launch_id} was not withdrawn.", icon=":material/error:")
        st.text(problem)


def correction_form(launch: RejectedLaunch) -> None:
    """Its author's (or an admin's) form to correct the fields of a saved launch that no longer pass
    the catalog's rules (the site re-curation renamed, a figure out of bounds)."""
    identity = current_identity()
    if identity is None or not (identity.name == launch.added_by or _is_admin(identity.name)):
        return
    problems = {problem.field: problem for problem in launch.problems if problem.field not in _KEYED_FIELDS}
    if not problems:
        return
    with st.form(f"correct_{launch.launch_id}"):
        for field, problem in problems.items():
            label = f"{field} (saved as {problem.value!r})"
            if field == "site_id":
                names = site_places().site_names
                st.selectbox(label, list(names), format_func=names.__getitem__, index=None,
                             key=_correction_key(launch.launch_id, field), placeholder="Choose the launch site")
            else:
                st.text_input(label, value=problem.value, key=_correction_key(launch.launch_id, field),
                              help="Figures with the digits 0-9; empty means not reported.")
        st.form_submit_button(f"Save the correction of {launch.launch_id}", icon=":material/edit:",
                              key=f"correct_save_{launch.launch_id}",
                              on_click=_correct, args=(launch.launch_id, identity.name, tuple(problems)))
    if problem := st.session_state.pop(f"{_CORRECT_PROBLEM}::{launch.launch_id}", None):
        st.error(f"{launch.launch_id} was not corrected.", icon=":material/error:")
        st.text(problem)


def _correction_key(launch_id: str, field: str) -> str:
    return f"correct_{launch_id}_{field}"


def _correct(launch_id: str, author: str, fields: tuple[str, ...]) -> None:
    problem_key = f"{_CORRECT_PROBLEM}::{launch_id}"
    changes = {field: st.session_state.get(_correction_key(launch_id, field)) for field in fields}
    if changes.get("site_id", "") is None:
        st.session_state[problem_key] = "Choose the launch site."
        return
    corrected = {field: value or "" for field, value in changes.items()}

    def correct() -> None:
        get_store().correct_added_launch(launch_id, author, corrected)

    if _stored(problem_key, correct):
        invalidate_launches()


def _stored(problem_key: str, change: Callable[[], None]) -> bool:
    """Make one change to an analyst-added launch; False, with why kept for the next rerun, when refused."""
    try:
        change()
    except DatabaseError as error:
        st.session_state[problem_key] = describe_database_error(error)
        return False
    except (LaunchNotFoundError, PermissionError, ValueError) as error:
        st.session_state[problem_key] = str(error)
        return False
    return True


def _open(launch_id: str | None) -> None:
    if launch_id:
        st.query_params[_LAUNCH_PARAM] = launch_id
    elif _LAUNCH_PARAM in st.query_params:
        del st.query_params[_LAUNCH_PARAM]


def _table_selected(launch_ids: list[str]) -> None:
    rows = st.session_state[_TABLE].selection.rows
    if rows:
        _open(launch_ids[rows[0]])


def _picked() -> None:
    _open(st.session_state.get(_PICK))


def _withdraw(launch_id: str, author: str) -> None:
    if not _stored(f"{_WITHDRAW_PROBLEM}::{launch_id}", lambda: get_store().delete_added_launch(launch_id, author)):
        return
    if st.query_params.get(_LAUNCH_PARAM) == launch_id:
        _open(None)
    invalidate_launches()


def _is_admin(name: str) -> bool:
    try:
        return get_store().is_admin(name)
    except DatabaseError:
        return False
