"""Text from outside the app (a link, a file name, an analyst's words) shown inside Markdown elements.

Streamlit renders the text of `st.warning`, `st.error`, `st.caption` and friends as Markdown, so an
image or link written in a URL would be drawn and fetched. Where such text must sit inside one of
those elements, every Markdown special character is escaped; elsewhere `st.text` shows it as typed.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=])")


def plain_markdown(text: str) -> str:
    """The text with every Markdown special character escaped, so it reads exactly as written."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)
