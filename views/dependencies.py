"""Dependencies: who waits on whom, what blocks the most, what is planned in the wrong order."""
import streamlit as st

from analysis.dependencies import GROUPINGS, OUTSIDE, hotspot_reasons
from analysis.headlines.base import count
from analysis.headlines.dependencies import dependency_headlines
from analysis.periods import describe_now
from app import ui
from app.metrics_dependencies import matrix_with_epic_names
from app.safe_text import md
from app.tables import named_epics
from charts.dependencies import (chains_figure, dependency_matrix_figure, hotspots_figure, item_graph_figure,
                                 ordering_risks_figure)

filters = ui.current_filters()
st.title("Dependencies")

with ui.user_errors():
    summary_table = ui.metric_table("dependency-summary", filters)
    ui.headline(dependency_headlines(summary_table, ui.metric_table("dependency-hotspots", filters, group_by="team")))
summary = summary_table.set_index("metric")["value"]
columns = st.columns(5)
columns[0].metric("Open blocks links", f"{int(summary['open_links']):,}")
columns[1].metric("Cross-team links", f"{int(summary['cross_team_links']):,}")
columns[2].metric("Most waited-on team", md(summary["top_hotspot"]))
columns[3].metric("Dependency cycles", f"{int(summary['cycles']):,}")
columns[4].metric("Ordering risks", f"{int(summary['ordering_risks']):,}")
ui.definitions(
    f"- As of {filters.until:%-d %b %Y}. {describe_now()}\n"
    "- “A blocks B” means B cannot finish before A. A link is open while both items are open (created on or "
    f"before that day and not resolved); an item outside the export counts as open and belongs to “{OUTSIDE}”.\n"
    "- Waiting days of a link = days since the later of its two items was created (links carry no date of their "
    "own).\n"
    "- With filters, a link is shown when either end is selected; both ends keep their own team.\n"
    "- Hotspots are ranked by open links in which an item of another group waits on this one, then by how many "
    "other groups wait, their waiting days, and the items of other groups blocked directly or through chains.\n"
    "- Ordering risks: items planned to finish strictly before one of their open blockers. The first kind of date "
    "both have is compared, in this order: the end of the latest sprint, the earliest fix-version release, the due "
    "date."
)

# ---------------------------------------------------------------- 1. matrix
st.subheader("Who waits on whom")
by = ui.url_choice(st.segmented_control, "Group by", list(GROUPINGS), default="team", key="dependencies_by")
st.caption(f"Open links by {by} of the blocker (rows) and of the blocked item (columns); links inside one "
           f"{by} sit on the diagonal. An item with several components counts once for each of them.")
with ui.user_errors():
    hotspots = ui.metric_table("dependency-hotspots", filters, group_by=by)
    # Grouped by epic, the matrix gets the epics' names from the hotspots (same groups).
    matrix = ui.derived(matrix_with_epic_names, ui.metric_table("dependency-matrix", filters, group_by=by), hotspots)
ui.chart(dependency_matrix_figure, ui.derived(named_epics, matrix))
ui.show_table(matrix, ui.file_name("dependency_matrix", filters, by))

# ---------------------------------------------------------------- 2. hotspots
st.subheader("Hotspots")
for reason in hotspot_reasons(hotspots):
    st.markdown(f"- {md(reason)}")
ui.chart(hotspots_figure, ui.derived(named_epics, hotspots))
ui.show_table(hotspots, ui.file_name("dependency_hotspots", filters, by))

items = ui.metric_table("dependency-items", filters, limit=50)
st.markdown("**Items most waited on** — by items waiting on them directly or through chains, then direct links.")
ui.show_table(items, ui.file_name("dependency_items", filters), label="Items most waited on", expanded=True)

# ---------------------------------------------------------------- 3. one item
st.subheader("One item")
summaries = dict(zip(items["key"], items["summary"]))
chosen = st.selectbox("Item (choose, or type any key)", items["key"].tolist(), key="dependencies_item",
                      format_func=lambda key: f"{key} — {summaries.get(key) or ''}"[:90], accept_new_options=True)
if chosen:
    with ui.user_errors():
        nodes = ui.metric_table("dependency-item", filters, key=chosen)
    links = ui.metric_table("dependency-links", filters)
    st.caption("Left: what it waits on; right: what waits on it, directly (one link away) and transitively. "
               "Only open links.")
    ui.chart(item_graph_figure, nodes, links)
    ui.show_table(nodes, ui.file_name("dependency_item", filters, chosen), expanded=True)
else:
    st.info("No open blocks links in this selection.")

# ---------------------------------------------------------------- 4. chains and cycles
st.subheader("Chains and cycles")
st.caption("The longest chains of open blockers (A blocks B blocks C …) set the critical path of a release. "
           "Links inside a cycle are set aside for the chains: a cycle has no first item.")
chains = ui.metric_table("blocker-chains", filters, limit=10)
ui.chart(chains_figure, chains)
ui.show_table(chains, ui.file_name("blocker_chains", filters))
cycles = ui.metric_table("dependency-cycles", filters)
if len(cycles):
    st.error(f"{count(len(cycles), 'dependency cycle')}: every item in a cycle waits on another one of them, so "
             "none can finish first. A planning error to resolve.", icon=":material/sync_problem:")
else:
    st.success("No dependency cycle among open links.", icon=":material/check_circle:")
ui.show_table(cycles, ui.file_name("dependency_cycles", filters), label="Cycles", expanded=bool(len(cycles)))

# ---------------------------------------------------------------- 5. ordering risks
st.subheader("Ordering risks")
st.caption("Items planned to finish strictly before one of their open blockers; features waiting on an enabler, "
           "architecture or devops item are marked apart and listed first.")
risks = ui.metric_table("ordering-risks", filters)
ui.chart(ordering_risks_figure, risks)
ui.show_table(risks, ui.file_name("ordering_risks", filters), expanded=bool(len(risks)))

# ---------------------------------------------------------------- 6. outside the export
st.subheader("Links to issues outside the export")
outside = ui.metric_table("outside-links", filters)
st.caption(f"{count(len(outside), 'blocks link')} {'has' if len(outside) == 1 else 'have'} an end that is not in "
           f"the workspace. They count above as dependencies on “{OUTSIDE}”.")
ui.show_table(outside, ui.file_name("outside_links", filters), label="Links to issues outside the export",
              expanded=bool(len(outside)))
