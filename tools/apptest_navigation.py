"""AppTest outside pytest (benchmark and load workers) must rerun app.py like the server does."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def rerun_entry_script_like_the_server() -> None:
    """AppTest resets `PagesManager.uses_pages_directory` before each run; with a `pages/` folder
    the flag turns True and a rerun executes the page file alone, dropping the shared sidebar. The
    server sets it False for good once `st.navigation` has run; do the same for this process.
    """
    original_init = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
