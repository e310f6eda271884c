"""Text from an export is data, never markup: the one escaping step before Streamlit Markdown.

Stand-in until the serve work lands its own `app/safe_text.py` with the same `md(text) -> str`.
"""
from __future__ import annotations

import re

# Markdown and Streamlit's extensions (:color[..], $math$, ~strike~) plus HTML's three.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$>])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(text) -> str:
    """`text` shown literally inside st.markdown / captions / labels (None -> '')."""
    if text is None:
        return ""
    plain = str(text)
    escaped = "".join(_HTML.get(ch, ch) for ch in plain)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", escaped).replace("\n", " ")
