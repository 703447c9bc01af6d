"""Helpers shared by the test modules."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(available: bool, reason: str) -> None:
    """Skip with the reason on a laptop that lacks a dependency; in CI a missing dependency fails."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this dependency: {reason}")
    pytest.skip(reason)
