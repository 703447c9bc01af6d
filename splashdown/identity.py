"""Who is writing: the signed-in user when OIDC login is configured, else a local name.

The UI passes in what it knows (the claims of ``st.user`` after ``st.login``, or the name the
analyst typed); this module decides the author name notes are stored under and whether that name
was vouched for by an identity provider.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from splashdown.config import settings

MAX_NAME_CHARS = 80
# Claims in the order that best identifies a person: a stable, human-readable id first.
_CLAIMS = ("email", "preferred_username", "name", "sub")


@dataclass(frozen=True)
class Identity:
    """The author of notes and added launches in this session."""

    name: str
    authenticated: bool

    @property
    def label(self) -> str:
        """How the UI names this identity, saying plainly when it is only self-declared."""
        if self.authenticated:
            return f"{self.name} (signed in)"
        return f"{self.name} (local, unauthenticated)"


def clean_name(raw: str) -> str:
    """A typed name made safe to store and show: trimmed, single-spaced, no control characters.

    Raises ValueError naming the problem when nothing usable is left or the name is too long.
    """
    if not isinstance(raw, str):
        raise ValueError("The name must be text.")
    printable = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    name = " ".join(printable.split())
    if not name:
        raise ValueError("Enter a name so colleagues know who wrote each note.")
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(
            f"The name is {len(name)} characters long; the limit is {MAX_NAME_CHARS}."
        )
    return name


def from_login(claims: Mapping[str, Any]) -> Identity | None:
    """The identity of a user signed in through OIDC, or None when the claims name nobody."""
    if not claims.get("is_logged_in"):
        return None
    for claim in _CLAIMS:
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return Identity(clean_name(value), authenticated=True)
    return None


def local_identity(typed_name: str | None = None) -> Identity | None:
    """The local-mode identity: the name typed in this session, else SPLASHDOWN_ANALYST."""
    for candidate in (typed_name, settings().analyst):
        if candidate and candidate.strip():
            return Identity(clean_name(candidate), authenticated=False)
    return None
