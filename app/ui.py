"""Streamlit helpers shared by dashboard.py and the pages: the cached workspace, the
shared filters (sidebar widgets kept in the URL), tables with CSV download, and the
error boundary that turns a user's mistake into a message instead of a stack trace."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.filters import DEFAULT_PERIOD_DAYS, Filters
from app import tables
from app.context import WorkspaceData, load_workspace_data
from app.demo import ensure_demo_workspace
from app.metrics import run_metric
from app import safe_text
from app.safe_text import md
from config import CATEGORIES
from config.errors import UserError
from data.errors import WorkspaceBusy
from data.workspace import Workspace, default_workspace_dir

MAX_ROWS_SHOWN = 2_000
FILTER_KEYS = {"teams": "filter_teams", "projects": "filter_projects",
               "categories": "filter_categories", "issue_types": "filter_issue_types"}


# A page never waits long on the workspace: while an import writes to it, pages keep
# showing the data they had (and say so); the import never waits on a page for more than
# one read. A failed read is not retried for BUSY_RETRY_SECONDS, so a long import costs
# each page run nothing.
READ_WAIT_SECONDS = 1.0
BUSY_RETRY_SECONDS = 3.0


@st.cache_resource(show_spinner="Opening the workspace…")
def workspace(root: str | None = None) -> Workspace:
    """The process's one workspace object (it owns the one DuckDB connection)."""
    ws = Workspace(Path(root or default_workspace_dir()), wait_seconds=READ_WAIT_SECONDS)
    ensure_demo_workspace(ws)
    return ws


@st.cache_resource(max_entries=2, show_spinner="Loading the workspace…")
def _workspace_data(root: str, version: tuple) -> WorkspaceData:
    # A resource, not cache_data: the frames are large, shared read-only by every session,
    # and would otherwise be copied on every rerun. `version` makes new imports visible.
    return load_workspace_data(workspace(root))


@st.cache_resource
def _last_loaded(root: str) -> dict:
    """The newest data every session of this process has loaded (shared, one per workspace):
    {"version", "data", "busy_since"}."""
    return {}


def _loaded(ws: Workspace) -> tuple[tuple, WorkspaceData, bool]:
    """(version, data, stale): the workspace's current data, or while an import holds the
    file, the data loaded before it (stale=True). Without any earlier data: WorkspaceBusy."""
    last = _last_loaded(str(ws.root))
    version = ws.data_version()
    if version != last.get("version"):
        busy_since = last.get("busy_since")
        recently_busy = busy_since is not None and time.monotonic() - busy_since < BUSY_RETRY_SECONDS
        if recently_busy and "data" in last:
            return last["version"], last["data"], True
        try:
            data = _workspace_data(str(ws.root), version)
        except WorkspaceBusy:
            last["busy_since"] = time.monotonic()
            if "data" not in last:
                raise
            return last["version"], last["data"], True
        last.update(version=version, data=data, busy_since=None)
        return version, data, False
    return version, last["data"], False


def current_workspace() -> Workspace:
    return workspace(os.environ.get("TPO_WORKSPACE"))


def workspace_data() -> WorkspaceData:
    return _loaded(current_workspace())[1]


def data_version() -> tuple:
    """The version of the data the pages are showing (the key of every cached view)."""
    return _loaded(current_workspace())[0]


def import_running() -> bool:
    """True while pages show the data from before an import that is still writing."""
    return _loaded(current_workspace())[2]


@st.cache_data(ttl=3600, max_entries=128, show_spinner=False)
def cached_metric(name: str, version: tuple, filters: Filters, options: tuple = ()) -> pd.DataFrame:
    """A registered metric's table, cached per data version, filters and options."""
    return run_metric(name, workspace_data(), filters, dict(options))


def metric_table(name: str, filters: Filters, **options) -> pd.DataFrame:
    return cached_metric(name, data_version(), filters, tuple(sorted(options.items())))


# ---------------------------------------------------------------- filters
def sidebar_filters(data: WorkspaceData) -> Filters:
    """Draw the shared filters (called by dashboard.py on every page) and keep them in the URL."""
    if "filters_from_url" not in st.session_state:
        st.session_state["filters_from_url"] = True
        _seed_widgets_from_url(data)
    st.sidebar.header("Filters")
    st.sidebar.multiselect("Team", data.teams(), key=FILTER_KEYS["teams"], placeholder="All teams")
    st.sidebar.multiselect("Project", data.projects(), key=FILTER_KEYS["projects"], placeholder="All projects")
    st.sidebar.multiselect("Category", list(CATEGORIES), key=FILTER_KEYS["categories"], placeholder="All categories")
    st.sidebar.multiselect("Issue type", data.issue_types(), key=FILTER_KEYS["issue_types"], placeholder="All types")
    default_until = data.reference_date
    default_since = default_until - timedelta(days=DEFAULT_PERIOD_DAYS)
    st.session_state.setdefault("filter_since", default_since)
    st.session_state.setdefault("filter_until", default_until)
    st.sidebar.date_input("From", key="filter_since")
    st.sidebar.date_input("To", key="filter_until")
    since, until = st.session_state["filter_since"], st.session_state["filter_until"]
    filters = Filters(
        **{attr: tuple(st.session_state.get(key) or ()) for attr, key in FILTER_KEYS.items()},
        since=None if since == default_since else since,
        until=None if until == default_until else until,
    )
    _write_url(filters)
    st.session_state["filters"] = filters
    st.sidebar.caption(f"Data as of {data.reference_date.isoformat()} · {len(data.issues):,} issues")
    return filters


def current_filters() -> Filters:
    """The shared filters with the period filled in (from the data's as-of date)."""
    filters = st.session_state.get("filters", Filters())
    return filters.with_period(workspace_data().reference_date)


def _seed_widgets_from_url(data: WorkspaceData) -> None:
    query = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    filters = Filters.from_query(query)
    known = {"teams": set(data.teams()), "projects": set(data.projects()),
             "categories": set(CATEGORIES), "issue_types": set(data.issue_types())}
    for attr, key in FILTER_KEYS.items():
        st.session_state[key] = [v for v in getattr(filters, attr) if v in known[attr]]
    if filters.since:
        st.session_state["filter_since"] = filters.since
    if filters.until:
        st.session_state["filter_until"] = filters.until


def _write_url(filters: Filters) -> None:
    wanted = filters.to_query()
    current = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


# ---------------------------------------------------------------- drawing helpers
@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _figure(builder_name: str, _builder, *args, **kwargs):
    # A function is not hashable for the cache: its dotted name keys it instead.
    return _builder(*args, **kwargs)


def chart(builder, *args, key: str | None = None, **kwargs) -> None:
    """Draw `builder(*args, **kwargs)`, a charts/ figure builder; the figure is cached on
    its inputs, since building a plotly figure of many traces costs more than the data."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    st.plotly_chart(_figure(name, builder, *args, **kwargs), width="stretch", key=key)

def show_table(table: pd.DataFrame, file_name: str, label: str = "Table and CSV", expanded: bool = False) -> None:
    """The table behind a chart, one click away, with issue links and a CSV download."""
    with st.expander(label, expanded=expanded):
        shown = table.head(MAX_ROWS_SHOWN)
        if len(table) > MAX_ROWS_SHOWN:
            # Every row shown is sent to the browser on every run; the CSV has them all.
            st.caption(f"The first {MAX_ROWS_SHOWN:,} of {len(table):,} rows; the CSV holds all of them.")
        shown = tables.plain_values(shown)
        if "url" in shown:
            shown["url"] = shown["url"].map(safe_text.web_link)
        st.dataframe(shown, hide_index=True, width="stretch", column_config=_link_columns(table))
        # The CSV is made only when the button is clicked (a callable), and the click does
        # not rerun the page: large tables cost nothing until someone downloads them.
        download_name = safe_text.file_name(file_name)
        st.download_button("Download CSV", lambda: tables.to_csv(table), file_name=download_name, mime="text/csv",
                           key=f"download_{download_name}", icon=":material/download:", on_click="ignore")


def _link_columns(table: pd.DataFrame) -> dict:
    config = {}
    if "url" in table:
        config["url"] = st.column_config.LinkColumn("url", display_text="open")
    return config


def percent(value: float | None, digits: int = 1) -> str:
    return "no data" if value is None or pd.isna(value) else f"{value * 100:.{digits}f} %"


@contextmanager
def user_errors():
    """Show a user-caused error as a message (never a stack trace) and stop the page. A busy
    workspace (an import writing) is no error: it is said as a notice, to try again shortly."""
    try:
        yield
    except WorkspaceBusy as exc:
        st.warning(md(str(exc)), icon=":material/hourglass_top:")
        st.stop()
    except UserError as exc:
        # Messages name files and values from the data: shown as text, never Markdown.
        st.error(md(str(exc)), icon=":material/error:")
        st.stop()
