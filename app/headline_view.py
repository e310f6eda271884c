"""Interim: the Delivery page's headline sentences drawn as Markdown (escaped: a team or
version name from the export is text, never markup). To be replaced by the shared headline
helper in app/ui.py once it lands (pages engineer)."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def show_headlines(headlines: pd.DataFrame) -> None:
    """Each sentence of a headlines table (column `text`, most at stake first) as one paragraph."""
    for sentence in headlines["text"]:
        st.markdown(escape_markdown(sentence))
