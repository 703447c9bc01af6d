"""Suite-wide fixtures."""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture(autouse=True)
def _apptest_runs_the_entry_script_on_every_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest rerun app.py like the server does.

    AppTest resets `PagesManager.uses_pages_directory` before each run, and because the project
    has a `pages/` folder the flag turns True, so a rerun executes the page file alone (the old
    multipage mode) and the shared sidebar vanishes. The server sets the flag False for good once
    `st.navigation` has run; this does the same for AppTest.
    """
    original_init = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
