"""Adding launches: read a pasted report into a draft, check and save it; or import a CSV file.

Report text and evidence are user text: drawn with ``st.text``, ``st.code`` or a dataframe, never as
markdown. Form values live in session state, so a save that fails leaves everything the analyst typed.

The report's date, against which "this morning" and "Tuesday" are read, is the one the analyst
enters, else the report's own dateline, else today in Korea; the page says which. A saved launch
keeps the report's claims (each agency's statement, its bound and sentence) as the report gave
them, even where the analyst corrects a field: the claims are the sources, the form the verdict.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from components.loaders import all_launches, get_store, invalidate_launches, sites
from components.plain_text import plain_markdown
from splashdown import imports
from splashdown.catalog import iso_week, today_kst
from splashdown.claims import FIELD_LABELS, describe
from splashdown.identity import Identity
from splashdown.reports import FIELDS, Claim, Conflict, Draft, parse_report, published_in
from splashdown.vocabulary import IMPACT_AREAS, KST, MISSILE_CLASSES, NOT_REPORTED, OUTCOMES, UNNAMED_MISSILE

_REPORT = "add_report_text"
_URL = "add_report_url"
_PUBLISHED = "add_report_published"
_DRAFTS = "_add_drafts"
_LOADED = "_add_loaded_draft"
# Streamlit forgets a widget's value when its page is left; these plain keys survive a visit elsewhere.
_READ = "_add_read_report"
_KEPT = "_add_kept_fields"
_CHOICE = "add_draft_choice"
_SAVED = "_add_saved"
_FOUND = "_add_found"
_NEXT_DRAFT = "_add_next_draft"
_SAVE_ERROR = "_add_save_error"
_ANYWAY = "add_save_anyway"
_LEFT_OUT = "add_claims_left_out"
_IMPORT_RESULT = "_add_import_result"
_UPLOADS = "_add_upload_generation"
_FIELD = "add_field_"
_FORM_FIELDS = ("date", "time_utc", "count", "missile_class", "missile", "site_id", "range_km", "apogee_km",
                "flight_time_min", "impact_area", "outcome", "confirmation", "sources", "notes")
_MAX_COUNT = 50

_LABELS: dict[str, str] = {
    "date": "Korean date (KST)", "time_utc": "Time (UTC, HH:MM)", "count": "Missiles in this launch",
    "missile": "Missile name", "missile_class": "Class", "origin": "Launch site or area",
    "range_km": "Range (km)", "apogee_km": "Apogee (km)", "flight_time_min": "Flight time (min)",
    "sea": "Impact area", "outcome": "Outcome", "confirmation": "Figures confirmed by",
    "sources": "Sources", "notes": "Other figures and notes",
}


def report_reader() -> list[Draft]:
    """Paste a report, its link and date; returns the drafts read from it (headline launch first)."""
    read = st.session_state.get(_READ)
    if read is not None and _REPORT not in st.session_state:
        st.session_state[_REPORT], st.session_state[_URL] = read["text"], read["url"]
        st.session_state[_PUBLISHED] = read["published"]
    with st.form("report_form"):
        st.text_area("Report text", key=_REPORT, height=220, max_chars=100_000,
                     placeholder="Paste the news report, agency release or government statement")
        left, right = st.columns([3, 1])
        left.text_input("Report URL (optional)", key=_URL, max_chars=2_000)
        right.date_input("Report date", key=_PUBLISHED, value=None, format="YYYY-MM-DD",
                         help="Leave empty to use the report's own dateline, else today in Korea.")
        st.form_submit_button("Read the report", key="add_read_report", type="primary",
                              icon=":material/find_in_page:", on_click=_read_report)
    if read is not None and read.get("basis"):
        st.caption(f"Report date used: {read['used']} ({read['basis']}). Days the report names, such as "
                   "“this morning” or “Tuesday”, are read against it.")
    drafts: list[Draft] = st.session_state.get(_DRAFTS, [])
    if st.session_state.get(_FOUND) == 0:
        st.warning("No launch found in this text: it names no missile, rocket or projectile being fired. "
                   "Fill in the form below by hand.", icon=":material/search_off:")
    return drafts


def draft_editor(drafts: list[Draft], author: Identity | None) -> None:
    """The prefilled form: each field with the sentence it came from, a duplicate check, and Save."""
    _saved_notice()
    if st.session_state.pop(_NEXT_DRAFT, False):
        st.session_state[_CHOICE] = 0
        st.session_state.pop(_LOADED, None)
    draft = _chosen_draft(drafts)
    if st.session_state.get(_LOADED) != id(draft):
        _prefill(draft)
        st.session_state[_LOADED] = id(draft)
    elif _FIELD + "date" not in st.session_state:
        st.session_state.update(st.session_state.get(_KEPT, {}))
    site_table = sites()
    known = _possible_duplicates(site_table)
    with st.form("launch_form"):
        st.subheader("Check the draft, then save")
        first, second, third = st.columns(3)
        first.date_input(_LABELS["date"], key=_FIELD + "date", format="YYYY-MM-DD",
                         min_value=date(1984, 1, 1), max_value=today_kst())
        _evidence(first, draft, "date")
        second.text_input(_LABELS["time_utc"], key=_FIELD + "time_utc", max_chars=5, placeholder="HH:MM")
        _evidence(second, draft, "time_utc")
        third.number_input(_LABELS["count"], key=_FIELD + "count", min_value=1, max_value=_MAX_COUNT, step=1)
        _evidence(third, draft, "count")

        first, second, third = st.columns(3)
        first.selectbox(_LABELS["missile_class"], MISSILE_CLASSES, key=_FIELD + "missile_class")
        _evidence(first, draft, "missile_class")
        second.text_input(_LABELS["missile"], key=_FIELD + "missile", max_chars=120,
                          placeholder=UNNAMED_MISSILE)
        _evidence(second, draft, "missile")
        labels = _site_labels(site_table)
        site_ids: list[str] = list(labels)
        third.selectbox(_LABELS["origin"], site_ids, key=_FIELD + "site_id",
                        format_func=lambda site_id: labels.get(site_id, site_id),
                        placeholder="Pick the site, county or province")
        _evidence(third, draft, "origin")

        first, second, third = st.columns(3)
        for column, name in ((first, "range_km"), (second, "apogee_km"), (third, "flight_time_min")):
            column.number_input(_LABELS[name], key=_FIELD + name, min_value=0.0, step=1.0,
                                placeholder=NOT_REPORTED)
            _evidence(column, draft, name)

        first, second, third = st.columns(3)
        first.selectbox(_LABELS["sea"], IMPACT_AREAS, key=_FIELD + "impact_area")
        _evidence(first, draft, "sea")
        second.selectbox(_LABELS["outcome"], OUTCOMES, key=_FIELD + "outcome")
        _evidence(second, draft, "outcome")
        third.text_input(_LABELS["confirmation"], key=_FIELD + "confirmation", max_chars=200)
        st.text_input(_LABELS["sources"], key=_FIELD + "sources", max_chars=2_000)
        st.text_area(_LABELS["notes"], key=_FIELD + "notes", max_chars=10_000, height=80)
        for conflict in draft.conflicts:
            st.text(f"{_conflict_note(conflict)}, from: “{conflict.sentence}”")
        _claims_table(draft, site_table)
        if not known.empty:
            st.checkbox("This is a different launch: save it as new", key=_ANYWAY)
        saved = st.form_submit_button("Save launch", key="add_save_launch", type="primary",
                                      icon=":material/save:", disabled=author is None)
    if author is None:
        st.info("Give your name above to save launches.")
    if not known.empty:
        _duplicate_notice(known)
    st.session_state[_KEPT] = {key: st.session_state[key] for key in _field_keys() if key in st.session_state}
    if saved and author is not None:
        _save(author, known, draft)
    if error := st.session_state.get(_SAVE_ERROR):
        st.error("The launch was not saved; everything you typed is still in the form.",
                 icon=":material/error:")
        st.code(error, language=None, wrap_lines=True)


def csv_import(author: Identity | None) -> None:
    """Template download, upload, row-by-row check and preview, then an all-or-nothing import."""
    st.download_button("Download the CSV template", imports.template_csv(), file_name="splashdown-import.csv",
                       mime="text/csv", icon=":material/download:", key="add_template")
    st.caption("One row per missile. date_kst (YYYY-MM-DD, Korean date) and site_id are required; empty "
               "figures mean unknown (never 0). Rows are numbered from 1 under the header.")
    # A fresh uploader after each import, so the same file cannot be imported twice by accident.
    generation = st.session_state.setdefault(_UPLOADS, 0)
    upload = st.file_uploader("CSV file to import", type=["csv"], key=f"add_import_file_{generation}",
                              max_upload_size=imports.MAX_BYTES // 1_000_000)
    if result := st.session_state.pop(_IMPORT_RESULT, None):
        st.success(f"Imported {len(result)} launch(es).", icon=":material/check_circle:")
        st.text(", ".join(result))
    if upload is None:
        return
    preview = imports.read_import(upload.getvalue(), upload.name, sites=sites(), launches=all_launches())
    if preview.errors:
        # The file name is the uploader's own text: shown plain, never inside markdown.
        st.error("This file cannot be imported; nothing was saved. Fix these and upload it again:",
                 icon=":material/error:")
        st.code("\n".join([f"file: {upload.name}", *preview.errors]), language=None, wrap_lines=True)
        return
    st.text(f"{len(preview.rows)} launch(es) ready to import from {upload.name}:")
    st.dataframe(preview.rows.set_index(pd.RangeIndex(1, len(preview.rows) + 1, name="row")), width="stretch")
    if preview.warnings:
        st.warning("Some rows may already be in the catalog:", icon=":material/content_copy:")
        st.code("\n".join(preview.warnings), language=None, wrap_lines=True)
    if st.button(f"Import {len(preview.rows)} launch(es)", key="add_import_commit", type="primary",
                 disabled=author is None) and author is not None:
        _commit_import(preview, author)


def _read_report() -> None:
    text = st.session_state.get(_REPORT, "")
    published, basis = _report_date(text)
    st.session_state[_READ] = {"text": text, "url": st.session_state.get(_URL, "").strip(),
                               "published": st.session_state.get(_PUBLISHED),
                               "used": _korean_day(published).isoformat(), "basis": basis}
    st.session_state[_DRAFTS] = parse_report(text, published) if text.strip() else []
    st.session_state[_FOUND] = len(st.session_state[_DRAFTS])
    st.session_state.pop(_SAVED, None)
    st.session_state.pop(_SAVE_ERROR, None)
    st.session_state[_CHOICE] = 0


def _report_date(text: str) -> tuple[date | datetime, str]:
    """The date the report is read against, and where it came from."""
    entered = st.session_state.get(_PUBLISHED)
    if entered:
        return entered, "the report date you entered"
    stamped = published_in(text)
    if stamped is not None:
        return stamped, "the report's own dateline"
    return today_kst(), "today in Korea: the text carries no date of its own and none was entered"


def _korean_day(moment: date | datetime) -> date:
    return moment.astimezone(KST).date() if isinstance(moment, datetime) else moment


def _field_keys() -> list[str]:
    return [_FIELD + name for name in _FORM_FIELDS] + [_ANYWAY, _LEFT_OUT]


def _chosen_draft(drafts: list[Draft]) -> Draft:
    if len(drafts) > 1:
        st.radio(
            "Launches in this report (headline first)", range(len(drafts)), key=_CHOICE, horizontal=True,
            format_func=lambda index: _draft_label(drafts[index]),
        )
    index = st.session_state.get(_CHOICE, 0) if drafts else 0
    return drafts[index] if drafts and index < len(drafts) else _EMPTY


def _draft_label(draft: Draft) -> str:
    when = draft.date.isoformat() if draft.date else "date not given"
    return f"{when} · {draft.missile_class or 'class not given'}"


_EMPTY = Draft()


def _prefill(draft: Draft) -> None:
    read = st.session_state.get(_READ, {"text": "", "url": "", "published": None})
    published = (date.fromisoformat(read["used"]) if read.get("used")
                 else _korean_day(_report_date(read["text"])[0]))
    url = read["url"]
    values = {
        "date": min(draft.date or published, today_kst()),
        "time_utc": draft.time_utc or "",
        "count": min(max(draft.count or 1, 1), _MAX_COUNT),
        "missile_class": draft.missile_class or "unknown",
        "missile": draft.missile or "",
        "site_id": draft.site_id,
        "range_km": draft.range_km,
        "apogee_km": draft.apogee_km,
        "flight_time_min": draft.flight_time_min,
        "impact_area": draft.sea or "unknown",
        "outcome": draft.outcome or "unknown",
        "confirmation": draft.confirmation or "",
        "sources": url or (f"report of {published.isoformat()}" if draft is not _EMPTY else ""),
        "notes": "; ".join(_conflict_note(conflict) for conflict in draft.conflicts),
    }
    for name, value in values.items():
        st.session_state[_FIELD + name] = value
    st.session_state.pop(_ANYWAY, None)
    st.session_state.pop(_LEFT_OUT, None)


def _conflict_note(conflict: Conflict) -> str:
    units = {"range_km": "range {:g} km", "apogee_km": "apogee {:g} km", "flight_time_min": "flight time {:g} min"}
    if conflict.field in units and isinstance(conflict.value, float):
        return f"{conflict.source}: {units[conflict.field].format(conflict.value)}"
    return f"{conflict.source}: {_LABELS.get(conflict.field, conflict.field).lower()} {conflict.value}"


def _evidence(column, draft: Draft, name: str) -> None:  # noqa: ANN001 - a Streamlit container
    if draft is _EMPTY:
        return
    sentence = draft.evidence.get(name)
    if sentence:
        column.code(f"From: “{sentence}”", language=None, wrap_lines=True)
    elif name == "date" and draft.date is None:
        column.text("The text names no day: the report's date is used.")
    elif name in FIELDS:
        column.text("Not in the report.")


def _claims_table(draft: Draft, site_table: pd.DataFrame) -> None:
    """What each agency said in the report, the claim each field's draft value comes from marked."""
    if draft is _EMPTY or not draft.claims:
        return
    names = dict(zip(site_table["site_id"], site_table["name"], strict=True))
    st.markdown("**What each agency said in this report** (saved with the launch)")
    rows = [{"Figure": FIELD_LABELS.get(claim.field, claim.field), "Agency": claim.agency,
             "Claim": _claim_text(claim, names), "Draft uses": "✓" if claim.headline else "",
             "From": claim.sentence} for claim in draft.claims]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="add_draft_claims",
                 column_config={"From": st.column_config.TextColumn("From", width="large")})
    st.multiselect("Claims to leave out (misread from the report)", range(len(draft.claims)), key=_LEFT_OUT,
                   format_func=lambda index: _claim_label(draft.claims[index], names),
                   placeholder="None: every claim above is saved")
    st.caption("The draft's values follow the project's rule: ROK JCS, then Japan MoD, then the US government, "
               "then compilations, then media, then KCNA; the winner's latest statement; a bound (“50 km or "
               "higher”) is never the figure.")


def _claim_label(claim: Claim, site_names: dict[str, str]) -> str:
    return f"{FIELD_LABELS.get(claim.field, claim.field)}, {claim.agency}: {_claim_text(claim, site_names)}"


def _claim_text(claim: Claim, site_names: dict[str, str]) -> str:
    value = site_names.get(str(claim.value), claim.value) if claim.field == "site" else claim.value
    return describe(value, claim.bound, claim.low, claim.high, claim.field)


def _stored_claims(draft: Draft) -> list[dict[str, object]]:
    """The draft's claims the analyst kept, as the store keeps them: dated by the report, cited with the sentence."""
    read = st.session_state.get(_READ, {})
    url = read.get("url") or st.session_state.get(_URL, "").strip()
    published = read.get("used") or today_kst().isoformat()
    source = url or f"report of {published}"
    left_out = set(st.session_state.get(_LEFT_OUT) or ())
    return [{"field": claim.field, "agency": claim.agency, "value": claim.value, "bound": claim.bound,
             "low": claim.low, "high": claim.high, "published": published,
             "citation": f"{source}: “{claim.sentence}”"}
            for index, claim in enumerate(draft.claims) if index not in left_out]


def _site_labels(site_table: pd.DataFrame) -> dict[str, str]:
    ordered = site_table.sort_values(["province", "precision", "name"])
    return {row.site_id: f"{row.name} ({row.province or 'no province'}, {row.precision})"
            for row in ordered.itertuples()}


def _possible_duplicates(site_table: pd.DataFrame) -> pd.DataFrame:
    site_id = st.session_state.get(_FIELD + "site_id")
    day = st.session_state.get(_FIELD + "date")
    if not site_id or not isinstance(day, date):
        return pd.DataFrame()
    province = site_table.loc[site_table["site_id"] == site_id, "province"]
    if province.empty:
        return pd.DataFrame()
    return imports.matching_launches(all_launches(), day, str(province.iloc[0]))


def _duplicate_notice(known: pd.DataFrame) -> None:
    st.warning(f"{len(known)} launch(es) from the same province within a day of this date are already known. "
               "If this report is about one of them, add a note to it instead:", icon=":material/content_copy:")
    # Labels are markdown, so they carry only curated values: never an analyst-typed missile name.
    for row in known.head(8).itertuples():
        label = f"Annotate {row.launch_id} · {row.date_kst:%Y-%m-%d} · {row.missile_class} · {row.site_name}"
        st.page_link("views/launches.py", query_params={"launch": row.launch_id}, icon=":material/edit_note:",
                     label=label)


def _records() -> list[dict[str, object]]:
    value = lambda name: st.session_state.get(_FIELD + name)  # noqa: E731
    day = value("date")
    record = {
        "date_kst": day.isoformat() if isinstance(day, date) else "",
        "time_utc": (value("time_utc") or "").strip(),
        "missile": (value("missile") or "").strip() or UNNAMED_MISSILE,
        "missile_class": value("missile_class"),
        "site_id": value("site_id") or "",
        "range_km": value("range_km"),
        "apogee_km": value("apogee_km"),
        "flight_time_min": value("flight_time_min"),
        "bearing_deg": None,
        "bearing_basis": "",
        "impact_area": value("impact_area"),
        "outcome": value("outcome"),
        "confirmation": (value("confirmation") or "").strip(),
        "sources": (value("sources") or "").strip(),
        "notes": (value("notes") or "").strip(),
        "event_id": "",
    }
    return [dict(record) for _ in range(int(value("count") or 1))]


def _save(author: Identity, known: pd.DataFrame, saved_draft: Draft) -> None:
    st.session_state.pop(_SAVE_ERROR, None)
    if not known.empty and not st.session_state.get(_ANYWAY):
        st.session_state[_SAVE_ERROR] = (
            "This date and province match a launch already known (listed below). Tick “This is a different "
            "launch” to save it anyway, or annotate that launch.")
        return
    if not st.session_state.get(_FIELD + "site_id"):
        st.session_state[_SAVE_ERROR] = "Launch site or area: pick one (\"Location not reported\" when unknown)."
        return
    try:
        launch_ids = get_store().add_launches(
            _records(), author.name,
            source_text=st.session_state.get(_READ, {}).get("text", ""),
            source_url=st.session_state.get(_READ, {}).get("url") or st.session_state.get(_URL, "").strip(),
            claims=_stored_claims(saved_draft),
        )
    except Exception as error:  # noqa: BLE001 - any store failure must keep the form and say why
        st.session_state[_SAVE_ERROR] = str(error) or type(error).__name__
        return
    invalidate_launches()
    day = st.session_state.get(_FIELD + "date")
    st.session_state[_SAVED] = (launch_ids, day)
    # The saved draft is done: the form moves on to the report's next launch, or empties.
    drafts = st.session_state.get(_DRAFTS, [])
    st.session_state[_DRAFTS] = [draft for draft in drafts if draft is not saved_draft]
    st.session_state[_NEXT_DRAFT] = True
    st.rerun()


def _saved_notice() -> None:
    saved = st.session_state.get(_SAVED)
    if not saved:
        return
    launch_ids, day = saved
    st.success(f"Saved {len(launch_ids)} launch(es): {', '.join(launch_ids)}. They are on every page now.",
               icon=":material/check_circle:")
    links = st.columns(3)
    links[0].page_link("views/overview.py", label=f"Overview of week {iso_week(day)}",
                       query_params={"week": iso_week(day)}, icon=":material/timeline:")
    links[1].page_link("views/launches.py", label=f"Open {launch_ids[0]}", query_params={"launch": launch_ids[0]},
                       icon=":material/table_rows:")
    links[2].page_link("views/map.py", label="See it on the map", query_params={"week": iso_week(day)},
                       icon=":material/map:")


def _commit_import(preview: imports.ImportPreview, author: Identity) -> None:
    try:
        launch_ids = imports.commit_import(preview, get_store(), author.name)
    except Exception as error:  # noqa: BLE001 - the import is all or nothing; say why it did not land
        st.error(f"Nothing was imported from {plain_markdown(preview.source_name)}:", icon=":material/error:")
        st.code(str(error), language=None, wrap_lines=True)
        return
    invalidate_launches()
    st.session_state[_IMPORT_RESULT] = launch_ids
    st.session_state[_UPLOADS] = st.session_state.get(_UPLOADS, 0) + 1
    st.rerun()
