"""The annotation thread of one launch: read, add, edit, delete, undo, history, conflicts.

Everything a person typed (note text, tags, author names) is drawn with ``st.text`` or inside a
dataframe, never as markdown or HTML. A save that fails keeps the analyst's text in its box.

Behind a proxy with several app servers, an analyst whose server stops is reconnected to another
one with a new, empty session; the browser keeps the typed text in the form and sends it with the
next click, but that server has not yet run the page, so it knows no ``on_click`` callback and
runs none. The Add note form therefore also saves when its button reports a submit that no
callback handled: the first click after a fail-over saves the note instead of doing nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.identity import identity_panel
from components.loaders import all_launches, get_store, invalidate_notes
from splashdown.identity import Identity
from splashdown.store import (
    MAX_NOTE_CHARS,
    ConflictError,
    DatabaseError,
    Note,
    NoteNotFoundError,
    Store,
    describe_database_error,
)
from splashdown.vocabulary import TAG_SUGGESTIONS

_UNDO = "_notes_undo"
_PROBLEM = "_notes_problem"
_ADD_HANDLED = "_notes_add_handled"
_ADD_SAVED = "_notes_add_saved"
_DONE_MESSAGES = {"add": "Note added.", "edit": "Note saved.", "delete": "Note deleted."}


@dataclass(frozen=True)
class _Undo:
    """The last change this session made, and how to take it back."""

    action: str
    launch_id: str
    note_id: int
    version: int
    text: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Conflict:
    """An edit refused because the note moved on: both texts, so nothing typed is lost."""

    mine: str
    tags: tuple[str, ...]
    current: Note


def annotation_thread(launch_id: str) -> None:
    """The team's notes on one launch, and the controls to change them."""
    st.subheader("Team notes")
    identity = identity_panel()
    _undo_banner(launch_id, identity)
    _problem_banner("thread")
    try:
        store = get_store()
        notes = store.for_launch(launch_id)
        if not notes:
            st.caption("No notes on this launch yet.")
        for note in notes:
            _note_card(store, note, identity)
    except DatabaseError as error:
        st.error("Team notes cannot be shown right now. Anything you type below is kept until it is saved.",
                 icon=":material/cloud_off:")
        st.text(describe_database_error(error))
    # Drawn even when the database is away: a text box that is not drawn loses what was typed.
    if identity is not None:
        _add_form(launch_id, identity)
    try:
        _deleted_notes(get_store(), launch_id, identity)
    except DatabaseError:
        return  # the outage is already reported above the notes


def _note_card(store: Store, note: Note, identity: Identity | None) -> None:
    with st.container(border=True, key=f"note_{note.id}"):
        st.text(_byline(note))
        if note.tags:
            st.text("Tags: " + ", ".join(note.tags))
        conflict: _Conflict | None = st.session_state.get(_conflict_key(note.id))
        writer = identity if identity is not None and _may_change(store, note, identity) else None
        if conflict is not None and identity is not None:
            _conflict_view(note.id, conflict, identity)
        elif writer is not None and _editing_key(note.id) in st.session_state:
            _edit_form(note, writer)
        else:
            st.text(note.text)
            if writer is not None:
                actions = st.container(horizontal=True)
                actions.button("Edit", key=f"edit_{note.id}", on_click=_start_edit, args=(note,),
                               icon=":material/edit:")
                actions.button("Delete", key=f"delete_{note.id}", on_click=_delete, args=(note, writer.name),
                               icon=":material/delete:")
        _problem_banner(note.id)
        _history(store, note.id)


def _byline(note: Note) -> str:
    line = f"{note.author} · {_when(note.created_at)}"
    if note.version > 1:
        line += f" · changed {_when(note.updated_at)} · version {note.version}"
    return line


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _may_change(store: Store, note: Note, identity: Identity) -> bool:
    return note.author == identity.name or store.is_admin(identity.name)


def _history(store: Store, note_id: int) -> None:
    # Read only while open (opening reruns the page): every card on a launch otherwise asked the
    # store for its versions and sent their table on every rerun of the Launches page.
    with st.expander("History", key=f"history_{note_id}", on_change="rerun") as history:
        if history.open:
            versions = store.history(note_id)
            st.dataframe(
                pd.DataFrame(
                    {
                        "Version": [v.version for v in versions],
                        "Change": [v.action for v in versions],
                        "By": [v.author for v in versions],
                        "When": [_when(v.at) for v in versions],
                        "Text": [v.text for v in versions],
                        "Tags": [", ".join(v.tags) for v in versions],
                    }
                ),
                hide_index=True,
                width="stretch",
            )


def _edit_form(note: Note, identity: Identity) -> None:
    with st.form(f"edit_form_{note.id}", border=False):
        st.text_area("Note", key=_edit_text_key(note.id), max_chars=MAX_NOTE_CHARS, height=140)
        st.multiselect("Tags", _tag_options(note.tags), key=_edit_tags_key(note.id),
                       accept_new_options=True)
        actions = st.container(horizontal=True)
        actions.form_submit_button("Save", key=f"save_{note.id}", type="primary",
                                   on_click=_save_edit, args=(note, identity.name))
        actions.form_submit_button("Cancel", key=f"cancel_{note.id}", on_click=_stop_edit, args=(note.id,))


def _conflict_view(note_id: int, conflict: _Conflict, identity: Identity) -> None:
    current = conflict.current
    if current.deleted:
        st.warning("Not saved: this note was deleted while you were editing it. Your text is kept below.",
                   icon=":material/sync_problem:")
    else:
        st.warning("Not saved: someone changed this note while you were editing it. "
                   "Compare the two texts and choose what to keep.", icon=":material/sync_problem:")
    theirs, mine = st.columns(2)
    with theirs:
        last = get_store().history(note_id)[-1]
        st.text(f"Saved now: version {last.version}, {last.action} by {last.author} at {_when(last.at)}")
        st.text(current.text)
    with mine:
        st.text_area("Your text (not saved yet)", key=_conflict_text_key(note_id), max_chars=MAX_NOTE_CHARS,
                     height=140)
    actions = st.container(horizontal=True)
    if current.deleted:
        actions.button("Save my text as a new note", key=f"conflict_new_{note_id}", type="primary",
                       on_click=_save_conflict_as_new, args=(note_id, identity.name))
    else:
        actions.button(f"Save my text as version {current.version + 1}", key=f"conflict_keep_{note_id}",
                       type="primary", on_click=_save_conflict, args=(note_id, identity.name))
    actions.button("Discard my text", key=f"conflict_discard_{note_id}", on_click=_discard_conflict,
                   args=(note_id,))


def _add_form(launch_id: str, identity: Identity) -> None:
    if st.session_state.pop(_ADD_SAVED, None) == launch_id:
        _clear_add_form(launch_id)
    with st.form(f"add_note_form_{launch_id}"):
        st.text_area("New note", key=_add_text_key(launch_id), max_chars=MAX_NOTE_CHARS, height=120,
                     placeholder="e.g. Depressed trajectory, likely KN-23; JCS revised range to 600 km")
        st.multiselect("Tags", _tag_options(()), key=_add_tags_key(launch_id), accept_new_options=True,
                       placeholder="Pick or type tags")
        submitted = st.form_submit_button("Add note", key=f"add_note_{launch_id}", type="primary",
                                          on_click=_add, args=(launch_id, identity.name),
                                          icon=":material/add_comment:")
    if submitted and not st.session_state.pop(_ADD_HANDLED, False) and _save_new_note(launch_id, identity.name):
        # No callback ran (a fresh session after fail-over); the boxes are drawn, so empty them next run.
        st.session_state[_ADD_SAVED] = launch_id
        st.rerun()
    _problem_banner(f"add:{launch_id}")


def _deleted_notes(store: Store, launch_id: str, identity: Identity | None) -> None:
    deleted = store.deleted_for_launch(launch_id)
    if not deleted:
        return
    with st.expander(f"Deleted notes ({len(deleted)})"):
        for note in deleted:
            st.text(f"{_byline(note)}\n{note.text}")
            if identity is not None and _may_change(store, note, identity):
                st.button("Restore", key=f"restore_{note.id}", on_click=_restore,
                          args=(note.id, identity.name), icon=":material/restore_from_trash:")


def _tag_options(current: tuple[str, ...]) -> list[str]:
    """The vocabulary first, then the free tags the team already uses, so spellings converge."""
    try:
        used = {tag for tags in all_launches()["tags"] for tag in tags} | set(current)
    except DatabaseError:
        used = set(current)
    return list(TAG_SUGGESTIONS) + sorted(used - set(TAG_SUGGESTIONS))


def _undo_banner(launch_id: str, identity: Identity | None) -> None:
    undo: _Undo | None = st.session_state.get(_UNDO)
    if undo is None or undo.launch_id != launch_id or identity is None:
        return
    message, button = st.columns([4, 1], vertical_alignment="center")
    message.success(_DONE_MESSAGES[undo.action], icon=":material/check:")
    button.button("Undo", key="notes_undo", on_click=_undo, args=(identity.name,), icon=":material/undo:")


def _problem_banner(where: object) -> None:
    problem = st.session_state.get(_PROBLEM)
    if problem is None or problem[0] != where:
        return
    st.session_state.pop(_PROBLEM)
    st.error("Not saved. Whatever you typed is still in its box.", icon=":material/error:")
    st.text(problem[1])


def _report(where: object, error: Exception) -> None:
    message = describe_database_error(error) if isinstance(error, DatabaseError) else str(error)
    st.session_state[_PROBLEM] = (where, message)


# Callbacks: they run before the next rerun draws the widgets, so they may reset widget state.


def _add(launch_id: str, author: str) -> None:
    st.session_state[_ADD_HANDLED] = True
    if _save_new_note(launch_id, author):
        _clear_add_form(launch_id)


def _save_new_note(launch_id: str, author: str) -> bool:
    text = st.session_state.get(_add_text_key(launch_id), "")
    tags = st.session_state.get(_add_tags_key(launch_id), [])
    try:
        note = get_store().add(launch_id, author, text, tags)
    except (ValueError, DatabaseError) as error:
        _report(f"add:{launch_id}", error)
        return False
    st.session_state[_UNDO] = _Undo("add", launch_id, note.id, note.version)
    invalidate_notes()
    return True


def _clear_add_form(launch_id: str) -> None:
    st.session_state[_add_text_key(launch_id)] = ""
    st.session_state[_add_tags_key(launch_id)] = []


def _start_edit(note: Note) -> None:
    st.session_state[_editing_key(note.id)] = note.version
    st.session_state[_edit_text_key(note.id)] = note.text
    st.session_state[_edit_tags_key(note.id)] = list(note.tags)


def _stop_edit(note_id: int) -> None:
    for key in (_editing_key(note_id), _edit_text_key(note_id), _edit_tags_key(note_id)):
        st.session_state.pop(key, None)


def _save_edit(note: Note, author: str) -> None:
    text = st.session_state.get(_edit_text_key(note.id), "")
    tags = tuple(st.session_state.get(_edit_tags_key(note.id), []))
    started_from = st.session_state.get(_editing_key(note.id), note.version)
    try:
        saved = get_store().edit(note.id, author, text, expected_version=started_from, tags=tags)
    except ConflictError as conflict:
        st.session_state[_conflict_key(note.id)] = _Conflict(text, tags, conflict.current)
        st.session_state[_conflict_text_key(note.id)] = text
        _stop_edit(note.id)
        invalidate_notes()
        return
    except (ValueError, PermissionError, NoteNotFoundError, DatabaseError) as error:
        _report(note.id, error)
        return
    _stop_edit(note.id)
    st.session_state[_UNDO] = _Undo("edit", note.launch_id, note.id, saved.version, note.text, note.tags)
    invalidate_notes()


def _save_conflict(note_id: int, author: str) -> None:
    conflict: _Conflict = st.session_state[_conflict_key(note_id)]
    text = st.session_state.get(_conflict_text_key(note_id), conflict.mine)
    try:
        saved = get_store().edit(note_id, author, text, expected_version=conflict.current.version,
                                 tags=conflict.tags)
    except ConflictError as again:
        st.session_state[_conflict_key(note_id)] = _Conflict(text, conflict.tags, again.current)
        return
    except (ValueError, PermissionError, NoteNotFoundError, DatabaseError) as error:
        _report(note_id, error)
        return
    _discard_conflict(note_id)
    st.session_state[_UNDO] = _Undo("edit", saved.launch_id, note_id, saved.version, conflict.current.text,
                                    conflict.current.tags)
    invalidate_notes()


def _save_conflict_as_new(note_id: int, author: str) -> None:
    conflict: _Conflict = st.session_state[_conflict_key(note_id)]
    text = st.session_state.get(_conflict_text_key(note_id), conflict.mine)
    try:
        note = get_store().add(conflict.current.launch_id, author, text, conflict.tags)
    except (ValueError, DatabaseError) as error:
        _report(note_id, error)
        return
    _discard_conflict(note_id)
    st.session_state[_UNDO] = _Undo("add", note.launch_id, note.id, note.version)
    invalidate_notes()


def _discard_conflict(note_id: int) -> None:
    st.session_state.pop(_conflict_key(note_id), None)
    st.session_state.pop(_conflict_text_key(note_id), None)


def _delete(note: Note, author: str) -> None:
    try:
        deleted = get_store().delete(note.id, author, expected_version=note.version)
    except ConflictError:
        _report(note.id, ValueError("This note changed since the page was drawn; look at it again before deleting."))
        invalidate_notes()
        return
    except (ValueError, PermissionError, NoteNotFoundError, DatabaseError) as error:
        _report(note.id, error)
        return
    st.session_state[_UNDO] = _Undo("delete", note.launch_id, note.id, deleted.version)
    invalidate_notes()


def _restore(note_id: int, author: str) -> None:
    try:
        get_store().restore(note_id, author)
    except (ValueError, PermissionError, NoteNotFoundError, DatabaseError) as error:
        _report("thread", error)
        return
    st.session_state.pop(_UNDO, None)
    invalidate_notes()


def _undo(author: str) -> None:
    undo: _Undo | None = st.session_state.pop(_UNDO, None)
    if undo is None:
        return
    store = get_store()
    try:
        if undo.action == "add":
            store.delete(undo.note_id, author, expected_version=undo.version)
        elif undo.action == "delete":
            store.restore(undo.note_id, author)
        else:
            store.edit(undo.note_id, author, undo.text, expected_version=undo.version, tags=undo.tags)
    except ConflictError:
        _report("thread", ValueError("Cannot undo: the note changed again since; see its history."))
        return
    except (ValueError, PermissionError, NoteNotFoundError, DatabaseError) as error:
        _report("thread", error)
        return
    invalidate_notes()


def _editing_key(note_id: int) -> str:
    return f"_editing_{note_id}"


def _edit_text_key(note_id: int) -> str:
    return f"edit_text_{note_id}"


def _edit_tags_key(note_id: int) -> str:
    return f"edit_tags_{note_id}"


def _conflict_key(note_id: int) -> str:
    return f"_conflict_{note_id}"


def _conflict_text_key(note_id: int) -> str:
    return f"conflict_text_{note_id}"


def _add_text_key(launch_id: str) -> str:
    return f"add_text_{launch_id}"


def _add_tags_key(launch_id: str) -> str:
    return f"add_tags_{launch_id}"
