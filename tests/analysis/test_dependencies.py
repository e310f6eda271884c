"""Dependency hotspots on hand-made link sets: open links, matrix, hotspots, chains, cycles, ordering risks."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.dependencies import (OUTSIDE, dependency_hotspots, dependency_matrix, dependency_summary,
                                   grouped_links, item_dependencies, item_hotspots, open_blocks,
                                   ordering_risks, outside_links, planned_dates, touching)
from analysis.graph import (blocker_chains, dependency_cycles, descendant_counts, item_neighbourhood,
                            reach_counts)
from analysis.timeline import prepare

DAY = date(2026, 3, 10)


def issues():
    rows = [
        # key, team, project, category, created, resolved, status_category, components, epic, sprints, fix versions, due
        ("PLAT-1", "Platform", "PLAT", "enabler", "2026-01-01", None, "in_progress", ["api"], "PLAT-E",
         ["S1", "S3"], [], "2026-03-30"),
        ("PLAT-2", "Platform", "PLAT", "architecture", "2026-01-10", None, "todo", ["api", "db"], "PLAT-E",
         [], ["2.0"], "2026-03-20"),
        ("PLAT-3", "Platform", "PLAT", "devops", "2026-01-05", "2026-02-01", "done", [], None, [], [], None),
        ("CAT-1", "Catalog", "CAT", "feature", "2026-02-01", None, "todo", ["web"], "CAT-E",
         ["S2"], ["1.0", "2.0"], "2026-03-25"),
        ("CAT-2", "Catalog", "CAT", "feature", "2026-02-15", None, "todo", ["web", "api"], "CAT-E",
         ["S2"], [], "2026-03-01"),
        ("CHK-1", "Checkout", "CHK", "feature", "2026-01-20", None, "todo", [], None, [], [], "2026-03-15"),
    ]
    frame = pd.DataFrame(rows, columns=["key", "team", "project", "category", "created", "resolved",
                                        "status_category", "components", "epic_key", "sprints",
                                        "fix_versions", "due"])
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    frame["resolved"] = pd.to_datetime(frame["resolved"], utc=True)
    frame["updated"] = frame["created"]
    frame["due"] = pd.to_datetime(frame["due"])
    frame["status"] = frame["status_category"].map({"todo": "To Do", "in_progress": "In Progress", "done": "Done"})
    frame["summary"] = "Work on " + frame["key"]
    return prepare(frame)


def links(pairs, relation="blocks"):
    return pd.DataFrame({"from_key": [a for a, _ in pairs], "to_key": [b for _, b in pairs],
                         "relation": relation, "raw_label": "blocks"})


LINKS = pd.concat([
    links([("PLAT-1", "CAT-1"), ("PLAT-1", "CAT-1"),        # listed on both issues: one link
           ("PLAT-1", "CHK-1"), ("PLAT-2", "CAT-1"), ("PLAT-1", "PLAT-2"),
           ("PLAT-3", "CAT-2"),                             # blocker done: not open
           ("CAT-1", "CAT-2"), ("CHK-1", "OUT-9"), ("OUT-7", "CAT-2")]),
    links([("PLAT-1", "CHK-1")], relation="relates"),       # not a dependency
], ignore_index=True)

SPRINTS = pd.DataFrame({
    "name": ["S1", "S2", "S2", "S3"], "board": ["b1", "b1", "b2", "b1"],
    "end_date": pd.to_datetime(["2026-03-06", "2026-03-20", "2026-03-18", "2026-04-03"], utc=True),
})
VERSIONS = pd.DataFrame({
    "name": ["1.0", "1.0", "2.0"], "project": ["CAT", "PLAT", "PLAT"],
    "release_date": pd.to_datetime(["2026-04-01", "2026-02-01", "2026-06-01"]),
})

OPEN_ROWS = [
    {"blocker_key": "PLAT-1", "blocked_key": "CAT-1", "blocker_team": "Platform", "blocked_team": "Catalog", "waiting_days": 37},
    {"blocker_key": "PLAT-1", "blocked_key": "CHK-1", "blocker_team": "Platform", "blocked_team": "Checkout", "waiting_days": 49},
    {"blocker_key": "PLAT-2", "blocked_key": "CAT-1", "blocker_team": "Platform", "blocked_team": "Catalog", "waiting_days": 37},
    {"blocker_key": "PLAT-1", "blocked_key": "PLAT-2", "blocker_team": "Platform", "blocked_team": "Platform", "waiting_days": 59},
    {"blocker_key": "CAT-1", "blocked_key": "CAT-2", "blocker_team": "Catalog", "blocked_team": "Catalog", "waiting_days": 23},
    {"blocker_key": "CHK-1", "blocked_key": "OUT-9", "blocker_team": "Checkout", "blocked_team": OUTSIDE, "waiting_days": 49},
    {"blocker_key": "OUT-7", "blocked_key": "CAT-2", "blocker_team": OUTSIDE, "blocked_team": "Catalog", "waiting_days": 23},
]


def open_links():
    return open_blocks(issues(), LINKS, DAY)


def plain(records):
    """Records with numpy scalars and NA turned into plain Python values."""
    out = []
    for row in records:
        clean = {}
        for name, value in row.items():
            if isinstance(value, np.generic):
                value = value.item()
            elif value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
                value = None
            clean[name] = value
        out.append(clean)
    return out


# ---------------------------------------------------------------- open links
def test_open_blocks_one_row_per_open_pair_with_outside_ends_and_waiting_days():
    out = open_links()
    assert list(out.columns) == ["blocker_key", "blocked_key", "blocker_team", "blocked_team", "waiting_days"]
    assert plain(out.to_dict("records")) == OPEN_ROWS
    assert str(out["waiting_days"].dtype) == "Int64"


def test_open_blocks_follows_the_day_and_the_missing_team():
    frame = issues()
    frame.loc[frame["key"] == "CHK-1", "team"] = None
    # on 2026-01-25 PLAT-3 is open and CAT-1/CAT-2 do not exist yet
    out = open_blocks(frame, LINKS, date(2026, 1, 25))
    assert plain(out.to_dict("records")) == [
        {"blocker_key": "PLAT-1", "blocked_key": "CHK-1", "blocker_team": "Platform", "blocked_team": "(no team)", "waiting_days": 5},
        {"blocker_key": "PLAT-1", "blocked_key": "PLAT-2", "blocker_team": "Platform", "blocked_team": "Platform", "waiting_days": 15},
        {"blocker_key": "CHK-1", "blocked_key": "OUT-9", "blocker_team": "(no team)", "blocked_team": OUTSIDE, "waiting_days": 5},
    ]


def test_open_blocks_empty():
    out = open_blocks(issues(), LINKS.iloc[:0], DAY)
    assert out.empty and list(out.columns) == ["blocker_key", "blocked_key", "blocker_team", "blocked_team", "waiting_days"]
    assert open_blocks(issues().iloc[:0], links([("X-1", "X-2")]), DAY)["blocked_team"].tolist() == [OUTSIDE]


def test_touching_keeps_links_with_either_end_selected():
    out = touching(open_links(), ["CHK-1"])
    assert out[["blocker_key", "blocked_key"]].to_dict("records") == [
        {"blocker_key": "PLAT-1", "blocked_key": "CHK-1"}, {"blocker_key": "CHK-1", "blocked_key": "OUT-9"}]
    assert len(touching(open_links(), None)) == 7
    assert touching(open_links(), []).empty


# ---------------------------------------------------------------- matrix
def test_dependency_matrix_by_team_counts_pairs_with_the_diagonal():
    out = dependency_matrix(grouped_links(open_links(), issues(), "team"))
    assert out.to_dict("records") == [
        {"blocking_team": "Platform", "blocked_team": "Catalog", "open_links": 2},
        {"blocking_team": OUTSIDE, "blocked_team": "Catalog", "open_links": 1},
        {"blocking_team": "Catalog", "blocked_team": "Catalog", "open_links": 1},
        {"blocking_team": "Checkout", "blocked_team": OUTSIDE, "open_links": 1},
        {"blocking_team": "Platform", "blocked_team": "Checkout", "open_links": 1},
        {"blocking_team": "Platform", "blocked_team": "Platform", "open_links": 1},
    ]


def test_dependency_matrix_by_component_counts_each_pair_of_components():
    out = dependency_matrix(grouped_links(open_links(), issues(), "component"), "component")
    assert out.to_dict("records") == [
        {"blocking_component": "api", "blocked_component": "web", "open_links": 2},   # PLAT-1, PLAT-2 -> CAT-1
        {"blocking_component": "(no component)", "blocked_component": OUTSIDE, "open_links": 1},
        {"blocking_component": OUTSIDE, "blocked_component": "api", "open_links": 1},    # OUT-7 -> CAT-2 (web, api)
        {"blocking_component": OUTSIDE, "blocked_component": "web", "open_links": 1},
        {"blocking_component": "api", "blocked_component": "(no component)", "open_links": 1},
        {"blocking_component": "api", "blocked_component": "api", "open_links": 1},
        {"blocking_component": "api", "blocked_component": "db", "open_links": 1},
        {"blocking_component": "db", "blocked_component": "web", "open_links": 1},
        {"blocking_component": "web", "blocked_component": "api", "open_links": 1},
        {"blocking_component": "web", "blocked_component": "web", "open_links": 1},
    ]


def test_dependency_matrix_by_project_and_epic():
    by_epic = dependency_matrix(grouped_links(open_links(), issues(), "epic"), "epic")
    assert by_epic.to_dict("records") == [
        {"blocking_epic": "PLAT-E", "blocked_epic": "CAT-E", "open_links": 2},
        {"blocking_epic": "(no epic)", "blocked_epic": OUTSIDE, "open_links": 1},
        {"blocking_epic": OUTSIDE, "blocked_epic": "CAT-E", "open_links": 1},
        {"blocking_epic": "CAT-E", "blocked_epic": "CAT-E", "open_links": 1},
        {"blocking_epic": "PLAT-E", "blocked_epic": "(no epic)", "open_links": 1},
        {"blocking_epic": "PLAT-E", "blocked_epic": "PLAT-E", "open_links": 1},
    ]
    by_project = dependency_matrix(grouped_links(open_links(), issues(), "project"), "project")
    assert by_project["open_links"].sum() == 7
    assert by_project.iloc[0].to_dict() == {"blocking_project": "PLAT", "blocked_project": "CAT", "open_links": 2}


def test_dependency_matrix_empty_and_unknown_grouping():
    empty = grouped_links(open_links().iloc[:0], issues(), "component")
    out = dependency_matrix(empty, "component")
    assert out.empty and list(out.columns) == ["blocking_component", "blocked_component", "open_links"]
    with pytest.raises(ValueError):
        dependency_matrix(empty, "assignee")


# ---------------------------------------------------------------- hotspots
def test_dependency_hotspots_rank_teams_by_what_waits_on_them():
    out = dependency_hotspots(grouped_links(open_links(), issues(), "team"))
    assert out.drop(columns="why").to_dict("records") == [
        {"team": "Platform", "open_inbound": 3, "waiting_teams": 2, "waiting_days": 123,
         "blocked_transitively": 4, "open_outbound": 0, "within_team": 1},
        {"team": "Checkout", "open_inbound": 1, "waiting_teams": 1, "waiting_days": 49,
         "blocked_transitively": 1, "open_outbound": 1, "within_team": 0},
        {"team": OUTSIDE, "open_inbound": 1, "waiting_teams": 1, "waiting_days": 23,
         "blocked_transitively": 1, "open_outbound": 1, "within_team": 0},
        {"team": "Catalog", "open_inbound": 0, "waiting_teams": 0, "waiting_days": 0,
         "blocked_transitively": 0, "open_outbound": 3, "within_team": 1},
    ]
    assert out["why"].iloc[0] == ("#1 Platform: 3 open links from 2 other teams wait on it (most from Catalog 2, "
                                  "Checkout 1); 123 waiting days in total; 4 items of other teams blocked "
                                  "directly or through chains.")
    assert out["why"].iloc[3] == "Catalog: nothing of another team waits on it."


def test_dependency_hotspots_by_component_does_not_count_an_item_waiting_inside_its_own_component():
    out = dependency_hotspots(grouped_links(open_links(), issues(), "component"), "component")
    api = out[out["component"] == "api"].iloc[0]
    # api -> web (PLAT-1 -> CAT-1, PLAT-2 -> CAT-1) and api -> (no component) (PLAT-1 -> CHK-1) count;
    # PLAT-1 -> PLAT-2 is inside api, and api -> db is not counted because PLAT-2 is in api as well
    assert (api["open_inbound"], api["waiting_components"]) == (3, 2)
    assert out["component"].iloc[0] == "api"


def test_dependency_hotspots_by_epic_name_the_epics_in_the_reasons_only():
    grouped = grouped_links(open_links(), issues(), "epic")
    summaries = pd.Series({"PLAT-E": "Platform <b>API</b>", "CAT-E": "Catalog, search 2"})
    named, bare = dependency_hotspots(grouped, "epic", summaries), dependency_hotspots(grouped, "epic")
    assert named["epic"].tolist() == bare["epic"].tolist() == ["PLAT-E", "(no epic)", OUTSIDE, "CAT-E"]
    assert named.drop(columns="why").equals(bare.drop(columns="why"))       # keys stay keys
    assert named["why"].tolist() == [
        "#1 PLAT-E — Platform <b>API</b>: 3 open links from 2 other epics wait on it (most from "
        "CAT-E — Catalog, search 2: 2, (no epic): 1); 123 waiting days in total; 4 items of other epics blocked "
        "directly or through chains.",
        f"#2 (no epic): 1 open link from 1 other epic waits on it (most from {OUTSIDE}: 1); 49 waiting days in "
        "total; 1 item of other epics blocked directly or through chains.",
        f"#3 {OUTSIDE}: 1 open link from 1 other epic waits on it (most from CAT-E — Catalog, search 2: 1); 23 "
        "waiting days in total; 1 item of other epics blocked directly or through chains.",
        "CAT-E — Catalog, search 2: nothing of another epic waits on it."]
    assert bare["why"].iloc[0].startswith("#1 PLAT-E: 3 open links from 2 other epics wait on it (most from "
                                          "CAT-E 2, (no epic) 1);")
    empty = dependency_hotspots(grouped.iloc[:0], "epic", summaries)
    assert empty.empty and empty.columns[0] == "epic"


def test_dependency_hotspots_empty():
    out = dependency_hotspots(grouped_links(open_links().iloc[:0], issues(), "team"))
    assert out.empty
    assert list(out.columns) == ["team", "open_inbound", "waiting_teams", "waiting_days", "blocked_transitively",
                                 "open_outbound", "within_team", "why"]


def test_reach_counts_through_cycles_and_several_groups_per_node():
    # 0 -> 1 -> 2 -> 0 (cycle), 2 -> 3; node 0 in groups 0 and 1, node 3 in group 2
    sources, targets = np.array([0, 1, 2, 2]), np.array([1, 2, 0, 3])
    nodes, groups = np.array([0, 0, 1, 2, 3, 0]), np.array([0, 1, 2, 2, 2, 0])
    assert reach_counts(sources, targets, nodes, groups, np.array([0, 1, 2])).tolist() == [3, 3, 1]
    assert reach_counts(sources[:0], targets[:0], nodes, groups, np.array([0])).tolist() == [0]


def test_reach_counts_more_than_64_groups():
    # a chain 0 -> 1 -> ... -> 299, node i in group i: group i reaches 299 - i nodes
    sources, targets = np.arange(299), np.arange(1, 300)
    out = reach_counts(sources, targets, np.arange(300), np.arange(300), np.arange(300))
    assert out.tolist() == [299 - i for i in range(300)]


# ---------------------------------------------------------------- items
def test_item_hotspots_rank_blockers_by_transitive_reach():
    out = item_hotspots(open_links(), issues())
    assert out.drop(columns=["why", "summary"]).to_dict("records") == [
        {"key": "PLAT-1", "team": "Platform", "category": "enabler", "status": "In Progress", "blocks_directly": 3,
         "waiting_teams": 2, "waiting_days": 145, "longest_wait_days": 59, "blocks_transitively": 5},
        {"key": "PLAT-2", "team": "Platform", "category": "architecture", "status": "To Do", "blocks_directly": 1,
         "waiting_teams": 1, "waiting_days": 37, "longest_wait_days": 37, "blocks_transitively": 2},
        {"key": "CHK-1", "team": "Checkout", "category": "feature", "status": "To Do", "blocks_directly": 1,
         "waiting_teams": 1, "waiting_days": 49, "longest_wait_days": 49, "blocks_transitively": 1},
        {"key": "CAT-1", "team": "Catalog", "category": "feature", "status": "To Do", "blocks_directly": 1,
         "waiting_teams": 0, "waiting_days": 23, "longest_wait_days": 23, "blocks_transitively": 1},
        {"key": "OUT-7", "team": OUTSIDE, "category": "unknown", "status": "unknown", "blocks_directly": 1,
         "waiting_teams": 1, "waiting_days": 23, "longest_wait_days": 23, "blocks_transitively": 1},
    ]
    assert out["why"].iloc[0] == ("PLAT-1 (enabler, Platform) blocks 3 items directly and 5 items in all, "
                                  "waited on by 2 other teams; 145 waiting days in total, the longest 59.")
    assert out["summary"].iloc[4] == "outside the export"
    assert len(item_hotspots(open_links(), issues(), limit=2)) == 2


def test_item_hotspots_empty():
    out = item_hotspots(open_links().iloc[:0], issues())
    assert out.empty and "blocks_transitively" in out


def test_item_dependencies_direct_and_transitive_both_ways():
    out = item_dependencies(open_links(), issues(), "CAT-1")
    assert out[["key", "role", "distance", "team", "x", "y"]].to_dict("records") == [
        {"key": "PLAT-1", "role": "it waits on", "distance": -1, "team": "Platform", "x": -1, "y": 0.5},
        {"key": "PLAT-2", "role": "it waits on", "distance": -1, "team": "Platform", "x": -1, "y": -0.5},
        {"key": "CAT-1", "role": "chosen", "distance": 0, "team": "Catalog", "x": 0, "y": 0.0},
        {"key": "CAT-2", "role": "waits on it", "distance": 1, "team": "Catalog", "x": 1, "y": 0.0},
    ]
    downstream = item_neighbourhood(open_links(), "PLAT-1")
    assert downstream.to_dict("records") == [
        {"key": "PLAT-1", "role": "chosen", "distance": 0},
        {"key": "CAT-1", "role": "waits on it", "distance": 1},
        {"key": "CHK-1", "role": "waits on it", "distance": 1},
        {"key": "PLAT-2", "role": "waits on it", "distance": 1},
        {"key": "CAT-2", "role": "waits on it", "distance": 2},
        {"key": "OUT-9", "role": "waits on it", "distance": 2},
    ]


def test_item_dependencies_in_a_cycle_and_unlinked_and_empty():
    loop = open_blocks(issues(), links([("CAT-1", "CAT-2"), ("CAT-2", "CAT-1")]), DAY)
    assert item_neighbourhood(loop, "CAT-1").to_dict("records") == [
        {"key": "CAT-1", "role": "chosen", "distance": 0}, {"key": "CAT-2", "role": "cycle", "distance": 1}]
    assert item_neighbourhood(loop, "CHK-1").to_dict("records") == [{"key": "CHK-1", "role": "chosen", "distance": 0}]
    assert item_dependencies(loop, issues(), "").empty


def test_descendant_counts():
    assert descendant_counts(open_links()).to_dict() == {"PLAT-1": 5, "PLAT-2": 2, "CAT-1": 1, "CHK-1": 1, "OUT-7": 1}
    assert descendant_counts(open_links().iloc[:0]).empty


# ---------------------------------------------------------------- chains and cycles
def test_blocker_chains_longest_first():
    out = blocker_chains(open_links())
    assert out.to_dict("records") == [
        {"chain": 1, "links": 3, "keys": ["PLAT-1", "PLAT-2", "CAT-1", "CAT-2"],
         "path": "PLAT-1 → PLAT-2 → CAT-1 → CAT-2", "teams": ["Platform", "Catalog"],
         "first_key": "PLAT-1", "last_key": "CAT-2"},
        {"chain": 2, "links": 2, "keys": ["PLAT-1", "CHK-1", "OUT-9"], "path": "PLAT-1 → CHK-1 → OUT-9",
         "teams": ["Platform", "Checkout", OUTSIDE], "first_key": "PLAT-1", "last_key": "OUT-9"},
    ]
    assert len(blocker_chains(open_links(), limit=1)) == 1


def graph_links(pairs):
    frame = links(pairs).rename(columns={"from_key": "blocker_key", "to_key": "blocked_key"})
    frame["blocker_team"] = frame["blocker_key"].str[0]
    frame["blocked_team"] = frame["blocked_key"].str[0]
    return frame


CYCLIC = graph_links([("A-1", "A-1"),                                # a self-link
                      ("B-1", "C-1"), ("C-1", "B-1"),                # a two-item loop
                      ("D-1", "E-1"), ("E-1", "F-1"), ("F-1", "D-1"),
                      ("C-1", "X-1"), ("X-1", "Y-1"), ("G-1", "H-1")])


def test_dependency_cycles_self_link_two_item_loop_and_longer():
    out = dependency_cycles(CYCLIC)
    assert out.to_dict("records") == [
        {"cycle": 1, "items": 1, "keys": ["A-1"], "path": "A-1 → A-1", "teams": ["A"], "group_size": 1},
        {"cycle": 2, "items": 2, "keys": ["B-1", "C-1"], "path": "B-1 → C-1 → B-1", "teams": ["B", "C"],
         "group_size": 2},
        {"cycle": 3, "items": 3, "keys": ["D-1", "E-1", "F-1"], "path": "D-1 → E-1 → F-1 → D-1",
         "teams": ["D", "E", "F"], "group_size": 3},
    ]


def test_dependency_cycles_are_bounded():
    # a complete graph on 8 items holds thousands of simple cycles
    keys = [f"K-{i}" for i in range(8)]
    dense = graph_links([(a, b) for a in keys for b in keys if a != b])
    out = dependency_cycles(dense, per_group=5, max_length=3)
    assert len(out) == 5 and out["items"].max() <= 3 and set(out["group_size"]) == {8}
    assert len(dependency_cycles(dense, per_group=50, max_cycles=7)) == 7


def test_blocker_chains_set_cycles_aside():
    out = blocker_chains(CYCLIC)
    assert out[["links", "path"]].to_dict("records") == [{"links": 2, "path": "C-1 → X-1 → Y-1"}]


def test_chains_and_cycles_empty():
    assert blocker_chains(open_links().iloc[:0]).empty
    assert dependency_cycles(open_links().iloc[:0]).empty
    assert dependency_cycles(open_links()).empty   # no cycle in the acyclic set


# ---------------------------------------------------------------- ordering risks
def test_planned_dates_latest_sprint_earliest_release_due():
    out = planned_dates(issues(), SPRINTS, VERSIONS)
    assert plain(out[out["key"].isin(["PLAT-1", "PLAT-2", "CAT-1"])].to_dict("records")) == [
        {"key": "PLAT-1", "sprint_end": pd.Timestamp("2026-04-03"), "sprint": "S3", "fix_version": None,
         "fix_version_date": None, "due": pd.Timestamp("2026-03-30")},
        {"key": "PLAT-2", "sprint_end": None, "sprint": None, "fix_version": "2.0",
         "fix_version_date": pd.Timestamp("2026-06-01"), "due": pd.Timestamp("2026-03-20")},
        {"key": "CAT-1", "sprint_end": pd.Timestamp("2026-03-20"), "sprint": "S2", "fix_version": "1.0",
         "fix_version_date": pd.Timestamp("2026-04-01"), "due": pd.Timestamp("2026-03-25")},
    ]


def test_ordering_risks_compare_the_first_date_kind_both_items_have():
    out = ordering_risks(open_links(), issues(), SPRINTS, VERSIONS)
    columns = ["blocked_key", "blocker_key", "blocked_date", "blocker_date", "date_kind", "days_early",
               "blocked_plan", "blocker_plan", "feature_before_technical"]
    assert out[columns].to_dict("records") == [
        {"blocked_key": "CAT-1", "blocker_key": "PLAT-2", "blocked_date": pd.Timestamp("2026-04-01"),
         "blocker_date": pd.Timestamp("2026-06-01"), "date_kind": "fix_version", "days_early": 61,
         "blocked_plan": "1.0", "blocker_plan": "2.0", "feature_before_technical": True},
        {"blocked_key": "CHK-1", "blocker_key": "PLAT-1", "blocked_date": pd.Timestamp("2026-03-15"),
         "blocker_date": pd.Timestamp("2026-03-30"), "date_kind": "due", "days_early": 15,
         "blocked_plan": "due date", "blocker_plan": "due date", "feature_before_technical": True},
        {"blocked_key": "CAT-1", "blocker_key": "PLAT-1", "blocked_date": pd.Timestamp("2026-03-20"),
         "blocker_date": pd.Timestamp("2026-04-03"), "date_kind": "sprint_end", "days_early": 14,
         "blocked_plan": "S2", "blocker_plan": "S3", "feature_before_technical": True},
        {"blocked_key": "PLAT-2", "blocker_key": "PLAT-1", "blocked_date": pd.Timestamp("2026-03-20"),
         "blocker_date": pd.Timestamp("2026-03-30"), "date_kind": "due", "days_early": 10,
         "blocked_plan": "due date", "blocker_plan": "due date", "feature_before_technical": False},
    ]
    # CAT-1 -> CAT-2 share sprint S2: not a risk, although CAT-2's due date is earlier
    assert out["why"].iloc[2] == ("CAT-1 (feature, Catalog) sprint 'S2' ending 2026-03-20 is planned 14 days "
                                  "before its blocker PLAT-1 (enabler, Platform) sprint 'S3' ending 2026-04-03.")
    assert out["why"].iloc[1].startswith("CHK-1 (feature, Checkout) due 2026-03-15 is planned 15 days")


def test_ordering_risks_empty():
    out = ordering_risks(open_links().iloc[:0], issues(), SPRINTS, VERSIONS)
    assert out.empty and "date_kind" in out
    # without sprints and versions only due dates are left to compare
    due_only = ordering_risks(open_links(), issues(), SPRINTS.iloc[:0], VERSIONS.iloc[:0])
    assert due_only[["blocked_key", "blocker_key", "date_kind", "days_early"]].to_dict("records") == [
        {"blocked_key": "CHK-1", "blocker_key": "PLAT-1", "date_kind": "due", "days_early": 15},
        {"blocked_key": "CAT-1", "blocker_key": "PLAT-1", "date_kind": "due", "days_early": 5},
        {"blocked_key": "CAT-2", "blocker_key": "CAT-1", "date_kind": "due", "days_early": 24},
        {"blocked_key": "PLAT-2", "blocker_key": "PLAT-1", "date_kind": "due", "days_early": 10},
    ]


# ---------------------------------------------------------------- outside the export
def test_outside_links_are_listed_with_who_waits():
    out = outside_links(issues(), pd.concat([LINKS, links([("OUT-1", "OUT-2"), ("OUT-3", "PLAT-3")])]), DAY)
    assert out.to_dict("records") == [
        {"blocker_key": "OUT-7", "blocked_key": "CAT-2", "known_key": "CAT-2", "outside_key": "OUT-7",
         "known_team": "Catalog", "direction": "waits on outside", "open": True},
        {"blocker_key": "CHK-1", "blocked_key": "OUT-9", "known_key": "CHK-1", "outside_key": "OUT-9",
         "known_team": "Checkout", "direction": "outside waits on it", "open": True},
        {"blocker_key": "OUT-1", "blocked_key": "OUT-2", "known_key": "OUT-1", "outside_key": "OUT-2",
         "known_team": OUTSIDE, "direction": "both outside", "open": True},
        {"blocker_key": "OUT-3", "blocked_key": "PLAT-3", "known_key": "PLAT-3", "outside_key": "OUT-3",
         "known_team": "Platform", "direction": "waits on outside", "open": False},
    ]
    assert outside_links(issues(), LINKS.iloc[:0], DAY).empty


def test_dependency_summary():
    grouped = grouped_links(open_links(), issues())
    out = dependency_summary(open_links(), outside_links(issues(), LINKS, DAY), dependency_cycles(open_links()),
                             ordering_risks(open_links(), issues(), SPRINTS, VERSIONS), dependency_hotspots(grouped))
    values = dict(zip(out["metric"], out["value"]))
    assert values == {"open_links": "7", "cross_team_links": "5", "within_team_links": "2", "outside_links": "2",
                      "cycles": "0", "ordering_risks": "4", "feature_before_technical": "3",
                      "top_hotspot": "Platform"}


def test_planned_dates_with_sprint_names_only_and_undated_versions():
    """A CSV-only workspace knows sprint names but no sprint dates (inferred sprints)."""
    from analysis.dependencies import planned_dates
    issues = pd.DataFrame({"key": ["A-1"], "project": ["A"], "sprints": [["A Sprint 1"]],
                           "fix_versions": [["1.0"]], "due": pd.to_datetime(["2026-03-01"])})
    sprints = pd.DataFrame({"name": ["A Sprint 1"], "end_date": pd.Series([pd.NaT], dtype="datetime64[us, UTC]")})
    versions = pd.DataFrame({"name": ["1.0"], "project": ["A"], "release_date": pd.Series([pd.NaT], dtype="datetime64[us]")})
    out = planned_dates(issues, sprints, versions)
    assert out[["key", "sprint_end", "fix_version_date", "due"]].to_dict("records") == [
        {"key": "A-1", "sprint_end": pd.NaT, "fix_version_date": pd.NaT, "due": pd.Timestamp("2026-03-01")}]
