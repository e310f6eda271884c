"""STAND-IN for the headline helpers the pages engineer is adding to app/ui.py
(`ui.headline`, and `md` in app/safe_text.py): once they are on this branch, views/plan.py
switches to them and this module goes."""
from __future__ import annotations

import html
import re

import streamlit as st

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def md(text) -> str:
    """`text` from the data shown literally inside st.markdown (None -> '')."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")


def headline(sentences: list[str], empty: str = "No data in this selection.") -> None:
    """The page's answer, above everything else, as one short paragraph."""
    st.markdown("##### " + (" ".join(md(s) for s in sentences) or md(empty)))
