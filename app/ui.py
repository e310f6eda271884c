"""Streamlit helpers shared by dashboard.py and the pages: the cached workspace, the
shared filters (sidebar widgets kept in the URL), tables with CSV download, and the
error boundary that turns a user's mistake into a message instead of a stack trace."""
from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.filters import DEFAULT_PERIOD_DAYS, QUERY_KEYS, Filters
from analysis.headlines import Headline
from charts.margins import fit_margins
from charts.theme import empty_message
from app import actions, tables
from app.safe_text import md
from app.context import WorkspaceData, load_workspace_data
from app.memo import IdentityMemo
from app.metrics import run_metric
from app import safe_text
from config import CATEGORIES
from config.errors import UserError
from app import workspaces
from data.errors import WorkspaceBusy
from data.workspace import Workspace

MAX_ROWS_SHOWN = 2_000
TABLE_KEY_PREFIX = "table_"      # + the CSV's file name: the key of a table's expander
FILTER_KEYS = {"teams": "filter_teams", "projects": "filter_projects",
               "categories": "filter_categories", "issue_types": "filter_issue_types"}


# A page never waits long on the workspace: while an import writes to it, pages keep
# showing the data they had (and say so); the import never waits on a page for more than
# one read. A failed read is not retried for BUSY_RETRY_SECONDS, so a long import costs
# each page run nothing.
READ_WAIT_SECONDS = 1.0
BUSY_RETRY_SECONDS = 3.0


@st.cache_resource(show_spinner="Opening the workspace…")
def workspace(root: str, choice: str = workspaces.OWN) -> Workspace:
    """The process's one workspace object per folder (it owns the one DuckDB connection);
    the demo is built, your own workspace created empty, the first time it is opened."""
    ws = Workspace(Path(root), wait_seconds=READ_WAIT_SECONDS)
    workspaces.open_or_create(ws, choice)
    return ws


@st.cache_resource(max_entries=2, show_spinner="Loading the workspace…")
def _workspace_data(root: str, version: tuple) -> WorkspaceData:
    # A resource, not cache_data: the frames are large, shared read-only by every session,
    # and would otherwise be copied on every rerun. `version` makes new imports visible.
    return load_workspace_data(workspace(root))


def workspace_choice() -> str:
    """This session's workspace: your own or the demo (see app/workspaces.py)."""
    return st.session_state.setdefault("workspace_choice", workspaces.starting_choice())


@st.cache_resource
def _last_loaded(root: str) -> dict:
    """The newest data every session of this process has loaded (shared, one per workspace):
    {"version", "data", "busy_since"}."""
    return {}


def _loaded(ws: Workspace) -> tuple[tuple, WorkspaceData, bool]:
    """(version, data, stale): the workspace's current data, or while an import holds the
    file, the data from before it (stale=True): the workspace's last read snapshot, or in a
    workspace without one, the data loaded before. Without any earlier data: WorkspaceBusy."""
    last = _last_loaded(str(ws.root))
    version = ws.data_version()
    stale = ws.import_running()
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
        return version, data, stale
    return version, last["data"], stale


def current_workspace() -> Workspace:
    choice = workspace_choice()
    return workspace(str(workspaces.root_for(choice)), choice)


def _switch_workspace(choice: str) -> None:
    # The filters name teams and dates of the other workspace: start them afresh.
    for key in [*FILTER_KEYS.values(), "filter_since", "filter_until", "filters", "filters_from_url"]:
        st.session_state.pop(key, None)
    st.query_params.clear()
    st.session_state["workspace_choice"] = choice


def is_demo_workspace() -> bool:
    return workspaces.is_demo(current_workspace().root)


def demo_banner() -> None:
    """On every page while the demo is loaded: say so, with the way to your own workspace
    (and, in your own workspace, the way back to the demo in the sidebar)."""
    if is_demo_workspace():
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.warning("**Demo data**: generated issues of a made-up company, not yours. Start a workspace of "
                     "your own to import your tracker's exports; the demo stays as it is.", icon=":material/science:")
        if workspaces.can_start_own():
            own_exists = workspaces.own_root().joinpath("workspace.duckdb").exists()
            button.button("Open my workspace" if own_exists else "Start my own workspace", type="primary",
                          key="start_own_workspace", on_click=_switch_workspace, args=(workspaces.OWN,))
        else:
            button.caption("TPO_WORKSPACE names this demo folder: point it at a folder of your own.")
    else:
        st.sidebar.button("Show the demo data", key="show_demo_workspace", icon=":material/science:",
                          on_click=_switch_workspace, args=(workspaces.DEMO,))


def workspace_data() -> WorkspaceData:
    return _loaded(current_workspace())[1]


def data_version() -> tuple:
    """The version of the data the pages are showing (the key of every cached view)."""
    return _loaded(current_workspace())[0]


def import_running() -> bool:
    """True while pages show the data from before an import that is still writing."""
    return _loaded(current_workspace())[2]


# Resources, not cache_data: cache_data hands every run a pickled copy, which for large
# tables and many-trace figures cost more than the page itself (1.2 s of a warm Roadmap
# balance visit at 100,000 issues). Shared objects are safe: pandas copy-on-write never
# changes a cached frame in place, and figures are only read once built.
@st.cache_resource(ttl=3600, max_entries=128, show_spinner=False)
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
    # Only the filters' own parameters: a page's choices (url_choice) share the URL.
    wanted = filters.to_query()
    filter_keys = set(QUERY_KEYS.values()) | {"since", "until"}
    current = {key: st.query_params.get_all(key) for key in st.query_params.keys() if key in filter_keys}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalised:
        for key in set(current) - set(normalised):
            del st.query_params[key]
        for key, values in normalised.items():
            st.query_params[key] = values


def url_choice(widget, label: str, options: list, key: str, default, **kwargs):
    """A page's choice (period, group by, weigh by ...) drawn with `widget` (st.radio,
    st.segmented_control, st.selectbox or their column variants) and kept in the URL under
    its key like the filters, so a shared link reproduces the view. Returns the value,
    `default` when none is chosen."""
    stale = key in st.session_state and st.session_state[key] is not None and st.session_state[key] not in options
    if key not in st.session_state or stale:      # stale: a team the filters no longer select
        wanted = st.query_params.get(key)
        matches = [o for o in options if str(o) == wanted]
        st.session_state[key] = matches[0] if matches else default
    value = widget(label, options, key=key, **kwargs)
    value = default if value is None else value
    if st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)
    return value


# ---------------------------------------------------------------- drawing helpers
_FIGURES = IdentityMemo(max_entries=256)
_READABLE = IdentityMemo(max_entries=256)
_DERIVED = IdentityMemo(max_entries=64)


def derived(function, *tables: pd.DataFrame):
    """`function(*tables)` of cached metric tables, remembered by the tables' identity: a
    page's small step on a metric's table (the board's links) is not redone on every run."""
    return _DERIVED.get(tables, f"{function.__module__}.{function.__qualname__}", lambda: function(*tables))


@st.cache_resource(ttl=3600, max_entries=256, show_spinner=False)
def _figure(builder_name: str, _builder, *args, **kwargs):
    # A function is not hashable for the cache: its dotted name keys it instead.
    return _built(_builder, args, kwargs)


def headline(headlines: list[Headline] | pd.DataFrame, empty: str = "No data in this selection.") -> None:
    """The page's answer, above everything else: its headline sentences (analysis/headlines/,
    a list or the `headlines` metric's table), in the order given, as one short paragraph.
    Text from the data is escaped."""
    texts = headlines["text"].tolist() if isinstance(headlines, pd.DataFrame) else [h.text for h in headlines]
    text = " ".join(md(t) for t in texts) or md(empty)
    st.markdown(f"##### {text}")


def chosen_tab(labels: list[str], key: str):
    """Tabs of which only the chosen one is built: (its label, its container). Switching tabs
    reruns the page, and the URL keeps the choice under `key` (a shared link opens it)."""
    tabs = st.tabs(labels, key=key, bind="query-params")
    return next(((label, tab) for label, tab in zip(labels, tabs) if tab.open), (labels[0], tabs[0]))


def definitions(text: str, label: str = "How these numbers are computed") -> None:
    """The definitions behind a page's numbers, folded away below its answer. `text` is
    Markdown the page builds from the analysis constants (not data: escape data with md())."""
    with st.expander(label, icon=":material/info:"):
        st.markdown(text)


def chart(builder, *args, key: str | None = None, **kwargs) -> None:
    """Draw `builder(*args, **kwargs)`, a charts/ figure builder; the figure is cached on
    its inputs, since building a plotly figure of many traces costs more than the data."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    figure = _shared_figure(name, builder, args, kwargs)
    message = empty_message(figure)
    if message is not None:      # a sentence reads better than empty axes
        st.info(md(message), icon=":material/bar_chart_off:")
        return
    st.plotly_chart(figure, width="stretch", key=key)


def _shared_figure(name: str, builder, args: tuple, kwargs: dict):
    # The cached tables come back as the same objects on a warm run: the figure is found by
    # their identity (app/memo.py); only other arguments that cannot be hashed go through
    # Streamlit's cache, which hashes every argument.
    frames = tuple(a for a in (*args, *kwargs.values()) if isinstance(a, pd.DataFrame))
    values = (name, tuple(None if isinstance(a, pd.DataFrame) else a for a in args),
              tuple(sorted((k, None if isinstance(v, pd.DataFrame) else v) for k, v in kwargs.items())))
    try:
        hash(values)
    except TypeError:
        return _figure(name, builder, *args, **kwargs)
    # Built straight from the tables: hashing them for Streamlit's cache as well would cost
    # as much as building, and falls back to pickling (with a warning) for cells holding lists.
    return _FIGURES.get(frames, values, lambda: _built(builder, args, kwargs))


def _built(builder, args: tuple, kwargs: dict):
    # Margins fitted to the labels: the browser then draws the chart once (charts/margins.py).
    return fit_margins(builder(*args, **kwargs))


def page_headline(page: str, filters: Filters, **options) -> None:
    """`headline()` of one of the pages that have a module in analysis/headlines/ (through the
    cached `headlines` metric)."""
    with user_errors():
        headline(metric_table("headlines", filters, page=page, **options))


def show_table(table: pd.DataFrame, file_name: str, label: str = "Table and CSV", expanded: bool = False) -> None:
    """The table behind a chart, one click away, as people read it (tables.readable: human
    names, percentages, dates), with issue links and a CSV download of the raw columns.

    The table is built only while its expander is open (opening it reruns the page): the
    browser would otherwise receive and lay out every folded table of the page on each visit."""
    download_name = safe_text.file_name(file_name)
    folder = st.expander(label, expanded=expanded, key=f"{TABLE_KEY_PREFIX}{download_name}", on_change="rerun")
    with folder:
        if not folder.open:
            return
        if len(table) > MAX_ROWS_SHOWN:
            # Every row shown is sent to the browser on every run; the CSV has them all.
            st.caption(f"The first {MAX_ROWS_SHOWN:,} of {len(table):,} rows; the CSV holds all of them.")
        readable, column_config = _READABLE.get((table,), None, lambda: _shown_table(table))
        st.dataframe(readable, hide_index=True, width="stretch", column_config=column_config)
        # The CSV is made only when the button is clicked (a callable), and the click does
        # not rerun the page: large tables cost nothing until someone downloads them.
        st.download_button("Download CSV", lambda: tables.to_csv(table), file_name=download_name, mime="text/csv",
                           key=f"download_{download_name}", icon=":material/download:", on_click="ignore")


def _shown_table(table: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The first MAX_ROWS_SHOWN rows as people read them, and their column formats. Shared
    between runs and sessions (_READABLE): never changed once made."""
    readable = tables.readable(table.head(MAX_ROWS_SHOWN))
    if tables.COLUMN_NAMES["url"] in readable:
        # Only http(s) addresses become links: a javascript: URL from an export stays text.
        readable[tables.COLUMN_NAMES["url"]] = readable[tables.COLUMN_NAMES["url"]].map(safe_text.web_link)
    return readable, _column_config(readable)


def _column_config(readable: pd.DataFrame) -> dict:
    config = {}
    for column in readable.columns:
        values = readable[column]
        if column == tables.COLUMN_NAMES["url"]:
            config[column] = st.column_config.LinkColumn(column, display_text="open")
        elif column.endswith("(%)"):
            config[column] = st.column_config.NumberColumn(column, format="%.1f %%")
        elif pd.api.types.is_integer_dtype(values):
            config[column] = st.column_config.NumberColumn(column, format="localized")
        elif pd.api.types.is_float_dtype(values):
            config[column] = st.column_config.NumberColumn(column, format="%,.1f" if "(pp)" not in column
                                                           else "%+.1f")
    return config


def file_name(page: str, filters: Filters, *parts: str) -> str:
    """CSV file names carry the page, the chosen teams and the date range:
    debt_trend_month_Catalog_2025-11-20_2026-11-20.csv."""
    teams = "-".join(filters.teams) if filters.teams else "all-teams"
    words = [page, *[p for p in parts if p], teams, filters.since.isoformat(), filters.until.isoformat()]
    return "_".join(_file_safe(w) for w in words) + ".csv"


def _file_safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in str(text)).strip("-") or "x"


class HeadlineNumbers:
    """A (metric, value, value_at_start, change, unit) table read for st.metric: values and
    changes formatted in their unit ("no data" where there is none)."""

    def __init__(self, table: pd.DataFrame):
        self.rows = table.set_index("metric") if "metric" in table.columns else table

    def value(self, name: str) -> str:
        value, unit = self.rows.loc[name, "value"], self.rows.loc[name, "unit"]
        if value is None or pd.isna(value):
            return "no data"
        return tables.headline_rows(pd.DataFrame([{"metric": name, "value": value, "unit": unit}]))["Value"][0]

    def change(self, name: str) -> str | None:
        change, unit = self.rows.loc[name, "change"], self.rows.loc[name, "unit"]
        if change is None or pd.isna(change):
            return None
        if unit == "share":
            return f"{change * 100:+.1f} pp"
        return f"{change:+,.0f}" + (" days" if unit == "days" else "")

    def signed(self, name: str) -> str:
        """The value itself with its sign (a net flow): '+177'."""
        value = self.rows.loc[name, "value"]
        return "no data" if value is None or pd.isna(value) else f"{value:+,.0f}"


def headline_numbers(table: pd.DataFrame) -> HeadlineNumbers:
    return HeadlineNumbers(table)


CORRECTION_LABEL = "Choose the item and its new category"


def category_correction(items: pd.DataFrame, key: str, note: str) -> None:
    """Pick an item ("KEY — summary (category)") of `items` (key, summary, category) — the
    first MAX_ROWS_SHOWN, or any key typed in — and correct its category; confirms what
    changed, refuses a correction that changes nothing.

    The picker is built only while its expander (`{key}_open`) is open: a list of 2,000 items
    cost a new tab of the Technical debt page half a second in the browser on every visit."""
    for kind, text in st.session_state.pop(f"{key}_outcome", []):
        getattr(st, kind)(md(text), icon=":material/check_circle:" if kind == "success" else ":material/error:")
    folder = st.expander(CORRECTION_LABEL, key=f"{key}_open", on_change="rerun", icon=":material/edit:")
    with folder:
        if folder.open:
            _correction_picker(items, key, note)


def _correction_picker(items: pd.DataFrame, key: str, note: str) -> None:
    shown = items.head(MAX_ROWS_SHOWN)
    categories = shown["category"] if "category" in shown else [None] * len(shown)
    label_of = dict(zip(shown["key"], [f"{k} — {s or ''}"[:90] + (f" ({c})" if c else "") for k, s, c in
                                       zip(shown["key"], shown["summary"], categories)]))
    pick, choose, act = st.columns([3, 2, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Item (choose, or type any key)", list(label_of), index=None, key=f"{key}_key",
                            placeholder="Choose an item", format_func=lambda k: label_of.get(k, k),
                            accept_new_options=True)
    category = choose.selectbox("Correct category to", config_categories(), key=f"{key}_category")
    if act.button("Save correction", key=f"{key}_save", disabled=chosen is None):
        _remember_outcome(f"{key}_outcome", lambda: actions.correct_category(
            current_workspace(), chosen, _category_of(chosen), category, note=note))
        st.rerun()
    if chosen is not None and chosen in set(workspace_data().overrides["key"]) and \
            act.button("Remove correction", key=f"{key}_clear"):
        _remember_outcome(f"{key}_outcome", lambda: actions.remove_correction(current_workspace(), chosen))
        st.rerun()


def _category_of(key: str) -> str | None:
    issues = workspace_data().issues
    found = issues.loc[issues["key"] == key, "category"]
    return None if found.empty else str(found.iloc[0])


def _remember_outcome(state_key: str, action) -> None:
    """Run a write and keep its message (or the user's error) for the next run."""
    try:
        st.session_state[state_key] = [("success", action())]
    except UserError as exc:
        st.session_state[state_key] = [("error", str(exc))]


def stack(*frames: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The `columns` of several tables one under the other, each key once (the first wins)."""
    return pd.concat([f[columns] for f in frames], ignore_index=True).drop_duplicates("key")


def target_editor(data: WorkspaceData, teams: list[str]) -> None:
    """Edit one team's (or the default) target allocation; saving confirms with the stored,
    normalised shares and the date from which they apply (earlier periods keep theirs)."""
    for kind, text in st.session_state.pop("target_outcome", []):
        getattr(st, kind)(md(text), icon=":material/check_circle:" if kind == "success" else ":material/error:")
    owners = ["default"] + sorted(set(data.teams()) | set(teams) | (set(data.targets) - {"default"}))
    owner = st.selectbox("Target of", owners, key="balance_target_owner",
                         format_func=lambda o: "default (every team without its own)" if o == "default" else o)
    has_own = owner in data.targets
    current = data.targets[owner] if has_own else data.targets["default"]
    if not has_own:
        st.caption(f"{md(owner)} has no target of its own yet: it uses the default shown below.")
    columns = st.columns(len(CATEGORIES))
    entered = {category: columns[i].number_input(category, min_value=0.0, max_value=100.0, step=1.0,
                                                value=round(current.get(category, 0.0) * 100, 1),
                                                key=f"target_{owner}_{category}")
               for i, category in enumerate(CATEGORIES)}
    total = sum(entered.values())
    st.caption(f"Total {total:g} %" + ("" if abs(total - 100) < 0.05 else " — saved shares are scaled to add up "
                                                                          "to 100 %."))
    effective = data.reference_date
    save, reset = st.columns([1, 3])
    if save.button("Save targets", key="balance_save_targets", icon=":material/save:", type="primary"):
        def saved():
            stored = actions.save_target(current_workspace().config_dir, data.targets, owner, entered, effective)
            shares = ", ".join(f"{c} {v * 100:.1f} %" for c, v in stored.items())
            return (f"Saved the target of {owner} from {effective:%-d %b %Y} on (earlier periods keep the target "
                    f"they had): {shares}.")
        _remember_outcome("target_outcome", saved)
        st.rerun()
    if owner != "default" and has_own and reset.button(f"Use the default target for {owner}",
                                                       key="balance_drop_target"):
        _remember_outcome("target_outcome", lambda: actions.drop_target(
            current_workspace().config_dir, data.targets, owner, effective))
        for category in CATEGORIES:      # show the default's values again
            st.session_state.pop(f"target_{owner}_{category}", None)
        st.rerun()


def config_categories() -> list[str]:
    return list(CATEGORIES)


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
