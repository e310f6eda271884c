"""The Briefing page's Streamlit glue: the briefing cached per data version and choice,
the app's own address for the links back, and one download button per format."""
from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from analysis.briefing import Briefing
from analysis.filters import Filters
from app.briefing import build_briefing
from app.briefing_render import FORMATS, chromium_path, render
from app.safe_text import md
from config.errors import UserError

PAGE_PATH = "briefing"
FILE_STEM = "briefing"


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Preparing the briefing…")
def _briefing(_data, version: tuple, filters: Filters, sections: tuple[str, ...], points: int) -> Briefing:
    return build_briefing(_data, filters, sections, points)


def briefing(data, version: tuple, filters: Filters, sections: tuple[str, ...], points: int) -> Briefing:
    """The briefing for the shared filters' teams and period (the other filters do not
    apply: a briefing speaks for whole teams, as `cli.py briefing` does). Cached on the data
    version (`ui.data_version()`), so every session shares it."""
    chosen = Filters(teams=filters.teams, since=filters.since, until=filters.until)
    return _briefing(data, version, chosen, tuple(sections), int(points))


def app_url() -> str:
    """This dashboard's address (scheme, host and base path), or "" when unknown."""
    try:
        url = st.context.url
    except Exception:      # no browser session (AppTest, bare mode): links are left out
        return ""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/" + PAGE_PATH):
        path = path[: -len(PAGE_PATH) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def download_buttons(current: Briefing) -> None:
    base = app_url()
    columns = st.columns(len(FORMATS))
    for column, (suffix, (_renderer, mime, label)) in zip(columns, FORMATS.items()):
        if suffix == "pdf" and chromium_path() is None:
            column.caption("PDF needs headless Chromium, which is not installed here: download the HTML brief "
                           "and use the browser's Print > Save as PDF.")
            continue
        # Made only when clicked (a callable), without a rerun.
        column.download_button(f"Download {label}", _renderer_for(current, suffix, base),
                               file_name=f"{FILE_STEM}.{suffix}", mime=mime, key=f"briefing_download_{suffix}",
                               icon=":material/download:", on_click="ignore", width="stretch")


def _renderer_for(current: Briefing, suffix: str, base: str):
    def made() -> bytes:
        try:
            return render(current, suffix, base)
        except UserError as exc:   # e.g. Chromium failed: the file says why, no stack trace
            return f"The briefing could not be written as .{suffix}: {exc}".encode("utf-8")
    return made


def text(value: object) -> str:
    """Export text for the preview's Markdown: shown as written, never a link or an image."""
    return md(value)
