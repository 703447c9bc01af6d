"""Who is writing notes: the signed-in user with OIDC login, else a self-declared local name.

With an ``[auth]`` section in the secrets, only signed-in people write: a visitor who has not
signed in reads the team's notes and is told, on the page, that they are read-only until sign-in.
The author is then the e-mail address the identity provider vouched for (``st.user``), so the
store's authorship rules and ``SPLASHDOWN_ADMINS`` work on addresses nobody can type for someone
else.
"""

from __future__ import annotations

import streamlit as st

from splashdown.identity import Identity, clean_name, from_login, local_identity

_NAME = "_local_analyst_name"
_NAME_INPUT = "identity_name_input"
_NAME_ERROR = "_identity_name_error"


def login_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def current_identity() -> Identity | None:
    """The author for this session, without drawing anything (None until someone is known)."""
    if login_configured():
        return from_login(st.user)
    return local_identity(st.session_state.get(_NAME))


def identity_panel() -> Identity | None:
    """Show who notes will be attributed to; ask for a sign-in or a name when nobody is known yet."""
    if login_configured():
        return _signed_in_panel()
    return _local_panel()


def _signed_in_panel() -> Identity | None:
    identity = from_login(st.user)
    if identity is None:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.info(
            "Read-only: you are not signed in. You can read the team's notes; sign in to add or "
            "change notes, and colleagues will see your e-mail address on them.",
            icon=":material/lock:",
        )
        right.button("Sign in", key="identity_login", on_click=st.login, icon=":material/login:")
        return None
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.text(f"Writing as {identity.label}")
    right.button("Sign out", key="identity_logout", on_click=st.logout, icon=":material/logout:")
    return identity


def _local_panel() -> Identity | None:
    identity = local_identity(st.session_state.get(_NAME))
    if identity is None:
        with st.form("identity_form", border=False):
            st.text_input(
                "Your name, shown on the notes you write",
                key=_NAME_INPUT,
                max_chars=80,
                placeholder="e.g. J. Kim",
            )
            st.form_submit_button("Use this name", on_click=_name_entered)
        if error := st.session_state.pop(_NAME_ERROR, None):
            st.error(error)
        _unauthenticated_notice()
        return None
    st.text(f"Writing as {identity.label}")
    _unauthenticated_notice()
    return identity


def _unauthenticated_notice() -> None:
    st.caption(
        ":material/warning: Notes are unauthenticated: this server has no sign-in, so the name "
        "on a note is whatever its writer typed. Configure `st.login` (OIDC) for a team server."
    )


def _name_entered() -> None:
    try:
        st.session_state[_NAME] = clean_name(st.session_state.get(_NAME_INPUT, ""))
    except ValueError as error:
        st.session_state[_NAME_ERROR] = str(error)
