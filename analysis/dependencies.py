"""Dependency hotspots: who waits on whom, what blocks the most, what is planned in the wrong order.

Definitions (the Dependencies page says the same in its caption):

- **A blocks B** (a `links` row from A to B with relation `blocks`): B cannot finish
  before A. A pair listed twice (once on each issue of the export) is one link.
- **Open link on day d**: the blocker and the blocked item are both open on d
  (`timeline.open_on`: created on or before d, not resolved by d). An end outside the
  export (a key not in `issues`) counts as open and belongs to the team
  "(outside the export)"; such links are never dropped.
- **waiting_days** of an open link: d minus the later of the two items' created days.
  Links carry no date of their own, and a link cannot be older than its younger end; an
  end outside the export has no created day, so the known end's is used.
- **Filtered view** (`touching`): a link is shown when either end is among the selected
  issues; both ends keep their own team, taken from all issues.
- Items without a team (component, project, epic) are grouped as "(no team)" etc.

Every function takes and returns DataFrames; the matrix and the team hotspot ranking are
vectorised (factorised keys, numpy, groupby) and stay under two seconds at a million
issues and 300,000 links (benchmarks/dependency_speed.py). networkx (analysis/graph.py)
does the per-item work: transitive closure, chains, cycles.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis import epics, graph
from analysis.headlines.base import count, number, plural
from analysis.keys import key_set, member
from analysis.periods import NO_TEAM
from analysis.timeline import open_on

OUTSIDE = "(outside the export)"
GROUPINGS = {"team": "team", "component": "components", "project": "project", "epic": "epic_key"}
NO_GROUP = {"team": NO_TEAM, "component": "(no component)", "project": "(no project)", "epic": "(no epic)"}
TECHNICAL_ENABLERS = ("enabler", "architecture", "devops")
DATE_KINDS = ("sprint_end", "fix_version", "due")

LINK_COLUMNS = ["blocker_key", "blocked_key", "blocker_team", "blocked_team", "waiting_days"]
GROUPED_COLUMNS = ["blocker_key", "blocked_key", "blocker_group", "blocked_group", "waiting_days"]
ITEM_COLUMNS = ["key", "team", "category", "status", "summary", "blocks_directly", "waiting_teams",
                "waiting_days", "longest_wait_days", "blocks_transitively", "why"]
PLAN_COLUMNS = ["key", "sprint_end", "sprint", "fix_version", "fix_version_date", "due"]
RISK_COLUMNS = ["blocked_key", "blocker_key", "blocked_date", "blocker_date", "date_kind", "days_early",
                "blocked_plan", "blocker_plan", "blocked_team", "blocker_team", "blocked_category",
                "blocker_category", "feature_before_technical", "why"]
OUTSIDE_COLUMNS = ["blocker_key", "blocked_key", "known_key", "outside_key", "known_team", "direction", "open"]
ITEM_VIEW_COLUMNS = ["key", "role", "distance", "team", "category", "status", "summary", "x", "y"]


# ---------------------------------------------------------------- the open links
def open_blocks(issues: pd.DataFrame, links: pd.DataFrame, day: date) -> pd.DataFrame:
    """Open `blocks` links on `day`, one row per distinct (blocker, blocked) pair.

    Columns `blocker_key, blocked_key, blocker_team, blocked_team, waiting_days`. Needs
    `key, team, created_day, resolved_day` on `issues` (timeline.prepare). Open, outside
    the export and waiting_days as in the module docstring. Self-links are kept (a cycle
    of one). Rows keep the order of `links`.
    """
    blocks = links.loc[links["relation"] == "blocks", ["from_key", "to_key"]].drop_duplicates()
    if blocks.empty:
        return _empty(LINK_COLUMNS, waiting_days="Int64")
    n, m = len(issues), len(blocks)
    codes, uniques = pd.factorize(pd.concat([issues["key"], blocks["from_key"], blocks["to_key"]],
                                            ignore_index=True))
    position = np.full(len(uniques), -1, dtype=np.int64)
    position[codes[:n]] = np.arange(n)
    blocker, blocked = position[codes[n:n + m]], position[codes[n + m:]]
    # One sentinel row past the end stands for "outside the export": position -1 picks it.
    is_open = np.append(open_on(issues, day).to_numpy(dtype=bool), True)
    team_code, team_names = _team_codes(issues["team"])
    created = np.append(issues["created_day"].to_numpy(dtype="datetime64[us]"), np.datetime64("NaT", "us"))
    keep = is_open[blocker] & is_open[blocked]
    blocker, blocked = blocker[keep], blocked[keep]
    a, b = created[blocker], created[blocked]
    later = np.where(np.isnat(a), b, np.where(np.isnat(b), a, np.maximum(a, b)))
    days = (np.datetime64(pd.Timestamp(day).date(), "us") - later) / np.timedelta64(1, "D")
    return pd.DataFrame({
        "blocker_key": blocks["from_key"].array[keep],
        "blocked_key": blocks["to_key"].array[keep],
        "blocker_team": team_names.take(team_code[blocker]),
        "blocked_team": team_names.take(team_code[blocked]),
        "waiting_days": pd.array(days, dtype="Float64").round().astype("Int64"),
    })


def _team_codes(teams: pd.Series) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
    """Team code per issue plus one last code for "outside the export", and the names (str).

    Missing and empty teams become "(no team)". Factorising first keeps this fast for a
    million issues with a few dozen teams.
    """
    codes, names = pd.factorize(teams, use_na_sentinel=True)
    names = [NO_GROUP["team"] if (name is None or name != name or str(name) == "") else str(name)
             for name in names]
    names += [NO_GROUP["team"], OUTSIDE]
    codes = np.where(codes < 0, len(names) - 2, codes)
    return np.append(codes, len(names) - 1), pd.array(names, dtype="str")


def touching(open_links: pd.DataFrame, keys) -> pd.DataFrame:
    """The links with at least one end among `keys` (the selected issues); None keeps all."""
    if keys is None:
        return open_links
    keys = key_set(keys)
    shown = member(open_links["blocker_key"], keys) | member(open_links["blocked_key"], keys)
    return open_links[shown].reset_index(drop=True)


def grouped_links(open_links: pd.DataFrame, issues: pd.DataFrame, by: str = "team") -> pd.DataFrame:
    """Each open link with the group of its blocker and of its blocked item.

    `by` is team, component, project or epic. An item with several components stands in
    each of them, so its links count once per pair of components. Ends outside the export
    are in the group "(outside the export)", items without one in "(no component)" etc.
    Columns `blocker_key, blocked_key, blocker_group, blocked_group, waiting_days`.
    """
    _check_grouping(by)
    if by == "team":
        out = open_links.rename(columns={"blocker_team": "blocker_group", "blocked_team": "blocked_group"})
        return out[GROUPED_COLUMNS]
    column = GROUPINGS[by]
    mapping = issues[["key", column]]
    if by == "component":
        mapping = mapping.explode(column)
    mapping = mapping.assign(**{column: _filled(mapping[column], NO_GROUP[by])})
    out = open_links
    for side in ("blocker", "blocked"):
        out = out.merge(mapping.rename(columns={"key": f"{side}_key", column: f"{side}_group"}),
                        on=f"{side}_key", how="left")
        outside = out[f"{side}_team"] == OUTSIDE
        out[f"{side}_group"] = out[f"{side}_group"].where(~outside, OUTSIDE).fillna(NO_GROUP[by])
    return out[GROUPED_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- who waits on whom
def dependency_matrix(grouped: pd.DataFrame, by: str = "team") -> pd.DataFrame:
    """Open links per pair of groups: blocking group (rows) and blocked group (columns).

    One row per pair with at least one open link, the diagonal (within the group)
    included: `blocking_<by>, blocked_<by>, open_links`, most links first.
    """
    _check_grouping(by)
    columns = [f"blocking_{by}", f"blocked_{by}", "open_links"]
    if grouped.empty:
        return _empty(columns, open_links="int64")
    counts = (grouped.groupby(["blocker_group", "blocked_group"], sort=False).size()
              .reset_index(name="open_links"))
    counts.columns = columns
    return counts.sort_values(["open_links", columns[0], columns[1]], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True).astype({"open_links": "int64"})


def dependency_hotspots(grouped: pd.DataFrame, by: str = "team", summaries: pd.Series | None = None) -> pd.DataFrame:
    """Groups ranked by what of other groups waits on them, most waited-on first.

    One row per group that appears in an open link:
    - `open_inbound`: open links in which an item of another group waits on this group;
    - `waiting_<by>s`: how many other groups wait on it;
    - `waiting_days`: the sum of those links' waiting days;
    - `blocked_transitively`: distinct items of other groups that wait on this group
      directly or through a chain of open links;
    - `open_outbound`: open links in which this group waits on another group;
    - `within_<by>`: open links inside the group (the matrix diagonal);
    - `why`: the ranking in words, naming each epic "KEY — summary" (epics.label) when
      `summaries` (epic key -> summary, epics.epic_summaries) is given.
    Ranked by open_inbound, then waiting groups, waiting days, items blocked transitively
    (all descending), then name.
    """
    _check_grouping(by)
    name, waiting = by, f"waiting_{by}s"
    columns = [name, "open_inbound", waiting, "waiting_days", "blocked_transitively", "open_outbound",
               f"within_{by}", "why"]
    if grouped.empty:
        return _empty(columns, **{c: "int64" for c in columns[1:-1]})
    cross = _cross_group(grouped, by)
    names = pd.Index(pd.unique(pd.concat([grouped["blocker_group"], grouped["blocked_group"]]))).sort_values()
    inbound = cross.groupby("blocker_group", sort=False)
    out = pd.DataFrame(index=names)
    out["open_inbound"] = inbound.size()
    out[waiting] = inbound["blocked_group"].nunique()
    out["waiting_days"] = inbound["waiting_days"].sum()
    out["blocked_transitively"] = _blocked_transitively(grouped, out.index[out["open_inbound"].fillna(0) > 0])
    out["open_outbound"] = cross.groupby("blocked_group", sort=False).size()
    same = grouped[grouped["blocker_group"] == grouped["blocked_group"]]
    out[f"within_{by}"] = same.groupby("blocker_group", sort=False).size()
    out = out.fillna(0).astype("int64").rename_axis(name).reset_index()
    out = out.sort_values(["open_inbound", waiting, "waiting_days", "blocked_transitively", name],
                          ascending=[False, False, False, False, True], kind="stable").reset_index(drop=True)
    out["why"] = _hotspot_reasons(out, cross, by, summaries)
    return out[columns]


def hotspot_reasons(hotspots: pd.DataFrame, top: int = 3) -> list[str]:
    """The `why` of the top hotspots that anything of another group waits on."""
    if hotspots.empty:
        return []
    return hotspots.loc[hotspots["open_inbound"] > 0, "why"].head(top).tolist()


def item_hotspots(open_links: pd.DataFrame, issues: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Blocker items ranked by what waits on them.

    One row per item that blocks at least one open link: `blocks_directly` (open links
    out of it), `waiting_teams` (other teams among the items it blocks directly),
    `waiting_days` (sum over those links) and `longest_wait_days`, `blocks_transitively`
    (distinct items waiting on it directly or through chains), `why` in words. Ranked by
    blocks_transitively, blocks_directly, waiting_days (descending), then key.
    """
    if open_links.empty:
        return _empty(ITEM_COLUMNS, blocks_directly="int64", waiting_teams="int64", waiting_days="int64",
                      longest_wait_days="int64", blocks_transitively="int64")
    other_team = open_links["blocked_team"].where(open_links["blocked_team"] != open_links["blocker_team"])
    per_item = open_links.assign(other_team=other_team).groupby("blocker_key", sort=False)
    out = pd.DataFrame({
        "blocks_directly": per_item.size(),
        "waiting_teams": per_item["other_team"].nunique(),
        "waiting_days": per_item["waiting_days"].sum(),
        "longest_wait_days": per_item["waiting_days"].max(),
    })
    out["blocks_transitively"] = graph.descendant_counts(open_links)
    out = out.fillna(0).astype("int64").rename_axis("key").reset_index()
    details = _item_details(issues, out["key"], graph.team_of(open_links))
    out = details.merge(out, on="key")
    out = out.sort_values(["blocks_transitively", "blocks_directly", "waiting_days", "key"],
                          ascending=[False, False, False, True], kind="stable").reset_index(drop=True)
    if limit is not None:
        out = out.head(limit)
    out["why"] = [
        f"{r.key} ({_label(r.category)}, {r.team}) blocks {count(r.blocks_directly, 'item')} directly and "
        f"{count(r.blocks_transitively, 'item')} in all"
        + (f", waited on by {count(r.waiting_teams, 'other team')}" if r.waiting_teams else "")
        + f"; {number(r.waiting_days)} waiting days in total, the longest {number(r.longest_wait_days)}."
        for r in out.itertuples()]
    return out[ITEM_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- one item
def item_dependencies(open_links: pd.DataFrame, issues: pd.DataFrame, key: str) -> pd.DataFrame:
    """For one item: what it blocks (directly and transitively) and what blocks it.

    One row per item of the neighbourhood (graph.item_neighbourhood: role, signed
    distance) with its team, category, status and summary, and `x, y` for drawing:
    x is the distance, y spreads the items of one distance.
    """
    if not key:
        return _empty(ITEM_VIEW_COLUMNS, distance="int64", x="int64", y="float64")
    nodes = graph.item_neighbourhood(open_links, key)
    details = _item_details(issues, nodes["key"], graph.team_of(open_links))
    out = nodes.merge(details, on="key", how="left")
    layer = out.groupby("distance")["key"]
    out["x"] = out["distance"]
    out["y"] = (layer.transform("size") - 1) / 2 - layer.cumcount()
    return out[ITEM_VIEW_COLUMNS].astype({"y": "float64"})


# ---------------------------------------------------------------- ordering risks
def planned_dates(issues: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """When each item is planned to finish, by three kinds of date.

    - `sprint_end`: the end date of the latest-ending sprint in the item's `sprints` list
      (sprints matched by name; a name on several boards takes its latest end);
    - `fix_version_date`: the earliest release date among the item's `fix_versions`
      (matched by project and name, else by name alone);
    - `due`: the item's due date.
    With `sprint` and `fix_version` naming the sprint and version. Dates are plain days.
    """
    keys = issues[["key"]].reset_index(drop=True)
    sprint = _exploded(issues, "sprints", "sprint")
    if len(sprint) and sprints["end_date"].notna().any():   # names only (inferred sprints) give no dates
        ends = (sprints.assign(sprint_end=_days(sprints["end_date"])).dropna(subset=["sprint_end"])
                .groupby("name")["sprint_end"].max())
        sprint = sprint.assign(sprint_end=sprint["sprint"].map(ends)).dropna(subset=["sprint_end"])
        sprint = sprint.sort_values(["sprint_end", "sprint"], kind="stable").drop_duplicates("key", keep="last")
    else:
        sprint = pd.DataFrame({"key": pd.Series(dtype="str"), "sprint": pd.Series(dtype="str"),
                               "sprint_end": pd.Series(dtype="datetime64[us]")})
    release = _exploded(issues, "fix_versions", "fix_version", extra=["project"])
    if len(release) and versions["release_date"].notna().any():
        dated = (versions.rename(columns={"name": "fix_version"})
                 .assign(fix_version_date=_days(versions["release_date"])).dropna(subset=["fix_version_date"]))
        dated["project"] = dated["project"].fillna("").astype("str")
        by_project = dated.groupby(["project", "fix_version"], as_index=False)["fix_version_date"].min()
        by_name = dated.groupby("fix_version")["fix_version_date"].min()
        release = release.assign(project=release["project"].fillna("").astype("str"),
                                 fix_version=release["fix_version"].astype("str"))
        release = release.merge(by_project, on=["project", "fix_version"], how="left")
        release["fix_version_date"] = release["fix_version_date"].fillna(release["fix_version"].map(by_name))
        release = release.dropna(subset=["fix_version_date"])
        release = release.sort_values(["fix_version_date", "fix_version"], kind="stable").drop_duplicates("key")
    else:
        release = pd.DataFrame({"key": pd.Series(dtype="str"), "fix_version": pd.Series(dtype="str"),
                                "fix_version_date": pd.Series(dtype="datetime64[us]")})
    out = (keys.merge(sprint[["key", "sprint", "sprint_end"]], on="key", how="left")
           .merge(release[["key", "fix_version", "fix_version_date"]], on="key", how="left"))
    out["due"] = _days(issues["due"]).to_numpy()
    out["sprint_end"] = out["sprint_end"].astype("datetime64[us]")
    out["fix_version_date"] = out["fix_version_date"].astype("datetime64[us]")
    return out[PLAN_COLUMNS]


def ordering_risks(open_links: pd.DataFrame, issues: pd.DataFrame, sprints: pd.DataFrame,
                   versions: pd.DataFrame) -> pd.DataFrame:
    """Open links whose blocked item is planned to finish before its blocker.

    For each open link with both ends in the export, the first kind of date both items
    have is compared, in the order sprint end, fix-version release date, due date
    (planned_dates); the link is a risk when the blocked item's date is strictly earlier
    (same sprint or same day is not a risk: the blocker can still come first). One row per
    risky link, saying which dates were compared (`date_kind`: sprint_end, fix_version,
    due; `blocked_plan`/`blocker_plan`: the sprint or version) and by how many days
    (`days_early`). `feature_before_technical` flags a feature planned before the
    enabler, architecture or devops item it depends on; those come first, then the
    largest gaps.
    """
    known = open_links[(open_links["blocker_team"] != OUTSIDE) & (open_links["blocked_team"] != OUTSIDE)]
    if known.empty:
        return _empty_risks()
    involved = pd.unique(pd.concat([known["blocker_key"], known["blocked_key"]]))
    items = issues[member(issues["key"], involved)]
    plans = planned_dates(items, sprints, versions).merge(items[["key", "category"]], on="key")
    pairs = known[["blocker_key", "blocked_key", "blocker_team", "blocked_team"]]
    for side in ("blocked", "blocker"):
        pairs = pairs.merge(plans.add_prefix(f"{side}_"), on=f"{side}_key")
    kinds = {"sprint_end": ("sprint_end", "sprint"), "fix_version": ("fix_version_date", "fix_version"),
             "due": ("due", None)}
    chosen = []
    decided = pd.Series(False, index=pairs.index)
    for kind, (date_column, plan_column) in kinds.items():
        blocked_date, blocker_date = pairs[f"blocked_{date_column}"], pairs[f"blocker_{date_column}"]
        both = ~decided & blocked_date.notna() & blocker_date.notna()
        decided |= both
        risky = pairs[both & (blocked_date < blocker_date)]
        chosen.append(pd.DataFrame({
            "blocked_key": risky["blocked_key"], "blocker_key": risky["blocker_key"],
            "blocked_date": risky[f"blocked_{date_column}"], "blocker_date": risky[f"blocker_{date_column}"],
            "date_kind": kind,
            "blocked_plan": risky[f"blocked_{plan_column}"] if plan_column else "due date",
            "blocker_plan": risky[f"blocker_{plan_column}"] if plan_column else "due date",
            "blocked_team": risky["blocked_team"], "blocker_team": risky["blocker_team"],
            "blocked_category": risky["blocked_category"], "blocker_category": risky["blocker_category"],
        }))
    chosen = [frame for frame in chosen if len(frame)]
    if not chosen:
        return _empty_risks()
    out = pd.concat(chosen, ignore_index=True)
    out["blocked_date"] = out["blocked_date"].astype("datetime64[us]")
    out["blocker_date"] = out["blocker_date"].astype("datetime64[us]")
    out["days_early"] = ((out["blocker_date"] - out["blocked_date"]).dt.days).astype("int64")
    out["feature_before_technical"] = ((out["blocked_category"] == "feature")
                                       & out["blocker_category"].isin(TECHNICAL_ENABLERS))
    out["why"] = [_risk_reason(r) for r in out.itertuples()]
    out = out.sort_values(["feature_before_technical", "days_early", "blocked_key", "blocker_key"],
                          ascending=[False, False, True, True], kind="stable")
    return out[RISK_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- outside the export
def outside_links(issues: pd.DataFrame, links: pd.DataFrame, day: date) -> pd.DataFrame:
    """`blocks` links with an end outside the export (a key not in `issues`), every one listed.

    `direction` says who waits: "waits on outside" (the known item is blocked by an
    outside key) or "outside waits on it". `open` is True when the known end is open on
    `day` (the outside end always counts as open). Sorted by known key, then outside key.
    """
    blocks = links.loc[links["relation"] == "blocks", ["from_key", "to_key"]].drop_duplicates()
    blocks = blocks.reset_index(drop=True)
    known = key_set(issues["key"])
    from_known, to_known = member(blocks["from_key"], known), member(blocks["to_key"], known)
    rows = blocks[~(from_known & to_known)]
    if rows.empty:
        return _empty(OUTSIDE_COLUMNS, open="bool")
    waits = to_known.loc[rows.index]
    out = pd.DataFrame({
        "blocker_key": rows["from_key"], "blocked_key": rows["to_key"],
        "known_key": rows["to_key"].where(waits, rows["from_key"]),
        "outside_key": rows["from_key"].where(waits, rows["to_key"]),
        "direction": np.where(waits, "waits on outside", "outside waits on it"),
    })
    both_outside = ~(from_known | to_known).loc[rows.index]
    out.loc[both_outside, "direction"] = "both outside"
    open_keys = issues.loc[open_on(issues, day), "key"]
    teams = issues.set_index("key")["team"]
    out["known_team"] = _filled(out["known_key"].map(teams), NO_GROUP["team"]).where(~both_outside, OUTSIDE)
    out["open"] = member(out["known_key"], open_keys) | both_outside
    out = out.sort_values(["known_key", "outside_key"], kind="stable")
    return out[OUTSIDE_COLUMNS].reset_index(drop=True)


def dependency_summary(open_links: pd.DataFrame, outside: pd.DataFrame, cycles: pd.DataFrame,
                       risks: pd.DataFrame, hotspots: pd.DataFrame) -> pd.DataFrame:
    """The page's headline numbers: `metric, value, meaning` (value a string for the top team)."""
    cross = int((open_links["blocker_team"] != open_links["blocked_team"]).sum())
    top = hotspots.iloc[0] if len(hotspots) and hotspots["open_inbound"].iloc[0] > 0 else None
    rows = [
        ("open_links", len(open_links), "open blocks links shown"),
        ("cross_team_links", cross, "open links between two teams"),
        ("within_team_links", len(open_links) - cross, "open links inside one team"),
        ("outside_links", len(outside), "blocks links to or from issues outside the export"),
        ("cycles", len(cycles), "dependency cycles among open links"),
        ("ordering_risks", len(risks), "items planned before one of their open blockers"),
        ("feature_before_technical", int(risks["feature_before_technical"].sum()) if len(risks) else 0,
         "features planned before the enabler, architecture or devops item they wait on"),
        ("top_hotspot", "none" if top is None else top.iloc[0],
         "the team most waited on" if top is None else top["why"]),
    ]
    return pd.DataFrame({"metric": [r[0] for r in rows], "value": [str(r[1]) for r in rows],
                         "meaning": [r[2] for r in rows]})


# ---------------------------------------------------------------- helpers
def _check_grouping(by: str) -> None:
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {by!r}")


def _cross_group(grouped: pd.DataFrame, by: str) -> pd.DataFrame:
    """Rows where the blocked item is not itself in the blocker's group."""
    if by != "component":
        return grouped[grouped["blocker_group"] != grouped["blocked_group"]]
    member = pd.MultiIndex.from_frame(grouped[["blocked_key", "blocked_group"]])
    mine = pd.MultiIndex.from_arrays([grouped["blocked_key"], grouped["blocker_group"]])
    return grouped[~mine.isin(member)]


def _blocked_transitively(grouped: pd.DataFrame, groups: pd.Index) -> pd.Series:
    if len(groups) == 0:
        return pd.Series(dtype="int64")
    node, node_keys = pd.factorize(pd.concat([grouped["blocker_key"], grouped["blocked_key"]], ignore_index=True))
    group, group_names = pd.factorize(pd.concat([grouped["blocker_group"], grouped["blocked_group"]],
                                                ignore_index=True))
    m = len(grouped)
    wanted = pd.Index(group_names).get_indexer(groups)
    counts = graph.reach_counts(node[:m], node[m:], node, group, wanted)
    return pd.Series(counts, index=groups)


def _hotspot_reasons(ranked: pd.DataFrame, cross: pd.DataFrame, by: str,
                     summaries: pd.Series | None = None) -> list[str]:
    def named(group) -> str:
        return group if summaries is None else epics.label(group, summaries.get(group))

    pair_counts = (cross.groupby(["blocker_group", "blocked_group"], sort=False).size()
                   .reset_index(name="n").sort_values(["n", "blocked_group"], ascending=[False, True]))
    top_waiting = {name: list(zip(map(named, frame["blocked_group"]), frame["n"]))[:3]
                   for name, frame in pair_counts.groupby("blocker_group", sort=False)}
    reasons = []
    for rank, row in enumerate(ranked.itertuples(index=False), start=1):
        group, inbound, waiting, days, transitive = row[0], row[1], row[2], row[3], row[4]
        name = named(group)
        if inbound == 0:
            reasons.append(f"{name}: nothing of another {by} waits on it.")
            continue
        # "KEY — summary" may hold commas and digits of its own: the colon marks the count.
        most = ", ".join(f"{g} {n}" if summaries is None else f"{g}: {n}" for g, n in top_waiting.get(group, []))
        reasons.append(
            f"#{rank} {name}: {count(inbound, 'open link')} from {count(waiting, f'other {by}')} {plural(inbound, 'waits', 'wait')} on it "
            f"(most from {most}); {number(days)} waiting days in total; "
            f"{count(transitive, 'item')} of other {by}s blocked directly or through chains.")
    return reasons


def _item_details(issues: pd.DataFrame, keys: pd.Series, teams: dict) -> pd.DataFrame:
    wanted = pd.DataFrame({"key": pd.unique(keys)})
    columns = [c for c in ("key", "category", "status", "summary") if c in issues]
    out = wanted.merge(issues[columns], on="key", how="left")
    for column in ("category", "status", "summary"):
        if column not in out:
            out[column] = pd.Series(pd.NA, index=out.index, dtype="str")
    known = member(out["key"], issues["key"])
    out["team"] = out["key"].map(teams).fillna(NO_GROUP["team"]).where(known, OUTSIDE)
    out["status"] = out["status"].where(known, "unknown")
    out["summary"] = out["summary"].where(known, "outside the export")
    out["category"] = out["category"].where(known, "unknown")
    return out[["key", "team", "category", "status", "summary"]]


def _exploded(issues: pd.DataFrame, column: str, name: str, extra: list[str] | None = None) -> pd.DataFrame:
    frame = issues[["key", *(extra or []), column]].explode(column).rename(columns={column: name})
    return frame.dropna(subset=[name]).reset_index(drop=True)


def _days(values: pd.Series) -> pd.Series:
    series = pd.to_datetime(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return series.dt.normalize().astype("datetime64[us]")


def _filled(values: pd.Series, missing: str) -> pd.Series:
    return values.where(values.notna() & (values.astype("str") != ""), missing).astype("str")


def _risk_reason(row) -> str:
    def side(key, category, team, plan, when):
        where = {"sprint_end": f"sprint '{plan}' ending {when:%Y-%m-%d}",
                 "fix_version": f"release '{plan}' on {when:%Y-%m-%d}",
                 "due": f"due {when:%Y-%m-%d}"}[row.date_kind]
        return f"{key} ({_label(category)}, {team}) {where}"

    return (f"{side(row.blocked_key, row.blocked_category, row.blocked_team, row.blocked_plan, row.blocked_date)}"
            f" is planned {count(row.days_early, 'day')} before its blocker "
            f"{side(row.blocker_key, row.blocker_category, row.blocker_team, row.blocker_plan, row.blocker_date)}.")


def _label(value) -> str:
    return "unknown" if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else str(value)


def _empty(columns: list[str], **dtypes: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in columns})


def _empty_risks() -> pd.DataFrame:
    return _empty(RISK_COLUMNS, blocked_date="datetime64[us]", blocker_date="datetime64[us]",
                  days_early="int64", feature_before_technical="bool")
