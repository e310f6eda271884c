"""Metrics of the Dependencies page, registered with the CLI and pages.

Every metric works on the open `blocks` links on the filters' `until` day
(analysis.dependencies.open_blocks) that touch the selected issues: a link is shown when
either end is selected, and both ends keep their own team.

Grouped by epic, epics are named "KEY — summary" (analysis.epics) from every issue of the
workspace, not only the filtered ones; the key columns keep the bare keys.
"""
from __future__ import annotations

import pandas as pd

from analysis import dependencies, epics, graph
from analysis.filters import Filters
from app.context import WorkspaceData
from app.metrics import MetricError, Option, metric, whole_number

GROUP_BY = Option("team", tuple(dependencies.GROUPINGS), "group links by team, component, project or epic")


def shown_links(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    """The open blocks links on `filters.until` with an end among the selected issues."""
    links = dependencies.open_blocks(data.issues, data.links, filters.until)
    return dependencies.touching(links, _selected_keys(data, filters))


def _selected_keys(data: WorkspaceData, filters: Filters):
    narrowed = filters.teams or filters.projects or filters.categories or filters.issue_types
    return data.selected(filters)["key"] if narrowed else None


def _grouped(data: WorkspaceData, filters: Filters, by: str) -> pd.DataFrame:
    return dependencies.grouped_links(shown_links(data, filters), data.issues, by)


@metric("dependency-links", "open blocks links touching the selection "
        "(blocker_key, blocked_key, blocker_team, blocked_team, waiting_days)")
def _links(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return shown_links(data, filters)


@metric("dependency-matrix", "open blocks links per pair of teams, the diagonal included "
        "(blocking_team, blocked_team, open_links; with --group-by component|project|epic: blocking_<group>, blocked_<group>)",
        group_by=GROUP_BY)
def _matrix(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return dependencies.dependency_matrix(_grouped(data, filters, options["group_by"]), options["group_by"])


@metric("dependency-hotspots", "teams ranked by what of other teams waits on them, most waited-on first "
        "(team, open_inbound, waiting_teams, waiting_days, blocked_transitively, open_outbound, within_team, why; "
        "with --group-by epic: epic, epic_summary (the epic's name, empty when not in the export), ...)",
        group_by=GROUP_BY)
def _hotspots(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    by = options["group_by"]
    summaries = epics.epic_summaries(data.issues) if by == "epic" else None
    hotspots = dependencies.dependency_hotspots(_grouped(data, filters, by), by, summaries)
    return hotspots if summaries is None else epics.with_summaries(hotspots, "epic", summaries)


def matrix_with_epic_names(matrix: pd.DataFrame, hotspots: pd.DataFrame) -> pd.DataFrame:
    """The dependency-matrix grouped by epic with `blocking_epic_summary` and
    `blocked_epic_summary` beside the keys, for the page (app.tables.named_epics shows them
    as "KEY — summary"; the CLI metric keeps its three columns). The names come from the
    dependency-hotspots of the same selection and grouping, which has a row and an
    `epic_summary` for every group of an open link; other groupings come back unchanged."""
    if "blocking_epic" not in matrix or "epic_summary" not in hotspots:
        return matrix
    summaries = hotspots.set_index("epic")["epic_summary"]
    named = epics.with_summaries(matrix, "blocking_epic", summaries, "blocking_epic_summary")
    return epics.with_summaries(named, "blocked_epic", summaries, "blocked_epic_summary")


@metric("dependency-items", "blocker items ranked by what waits on them (key, team, category, status, summary, "
        "blocks_directly, waiting_teams, waiting_days, longest_wait_days, blocks_transitively, why)",
        limit=Option("50", None, "how many items"))
def _items(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return dependencies.item_hotspots(shown_links(data, filters), data.issues, whole_number(options["limit"], "limit"))


@metric("dependency-item", "what one item blocks and what blocks it, directly and transitively "
        "(key, role, distance, team, category, status, summary, x, y)",
        key=Option("", None, "the item's key"))
def _item(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    key = options["key"].strip()
    if not key:
        raise MetricError("dependency-item needs --key ISSUE-KEY")
    return dependencies.item_dependencies(shown_links(data, filters), data.issues, key)


@metric("blocker-chains", "the longest chains of open blockers, longest first "
        "(chain, links, keys, path, teams, first_key, last_key)",
        limit=Option("10", None, "how many chains"))
def _chains(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return graph.blocker_chains(shown_links(data, filters), whole_number(options["limit"], "limit"))


@metric("dependency-cycles", "dependency cycles among open links, one row per cycle "
        "(cycle, items, keys, path, teams, group_size)")
def _cycles(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return graph.dependency_cycles(shown_links(data, filters))


@metric("ordering-risks", "items planned to finish before one of their open blockers "
        "(blocked_key, blocker_key, blocked_date, blocker_date, date_kind, days_early, blocked_plan, blocker_plan, "
        "blocked_team, blocker_team, blocked_category, blocker_category, feature_before_technical, why)")
def _risks(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return dependencies.ordering_risks(shown_links(data, filters), data.issues, data.sprints, data.versions)


@metric("outside-links", "blocks links to or from issues outside the export "
        "(blocker_key, blocked_key, known_key, outside_key, known_team, direction, open)")
def _outside(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    out = dependencies.outside_links(data.issues, data.links, filters.until)
    keys = _selected_keys(data, filters)
    return out if keys is None else out[out["known_key"].isin(keys)].reset_index(drop=True)


@metric("dependency-summary", "the Dependencies page's headline numbers (metric, value, meaning)")
def _summary(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    links = shown_links(data, filters)
    return dependencies.dependency_summary(
        links, _outside(data, filters, {}), graph.dependency_cycles(links),
        dependencies.ordering_risks(links, data.issues, data.sprints, data.versions),
        dependencies.dependency_hotspots(dependencies.grouped_links(links, data.issues, "team")))
