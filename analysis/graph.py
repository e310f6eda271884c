"""Graph work on open `blocks` links: transitive reach, neighbourhoods, chains and cycles.

Input is the open-links table of `analysis.dependencies.open_blocks` (`blocker_key`,
`blocked_key`, `blocker_team`, `blocked_team`, ...): an edge blocker -> blocked means the
blocked item cannot finish before the blocker. networkx does the per-item work (it is
fine for the thousands of links a workspace holds); `reach_counts` is the vectorised
numpy version used by the team hotspot ranking, which must stay fast at 300,000 links.
"""
from __future__ import annotations

from itertools import islice

import networkx as nx
import numpy as np
import pandas as pd

MAX_CYCLES_PER_GROUP = 20      # cycles listed per strongly connected group of items
MAX_CYCLE_LENGTH = 12          # longer cycles are not enumerated (the group is still listed)
MAX_CYCLES = 200               # cycles listed in all

CHAIN_COLUMNS = ["chain", "links", "keys", "path", "teams", "first_key", "last_key"]
CYCLE_COLUMNS = ["cycle", "items", "keys", "path", "teams", "group_size"]
NEIGHBOURHOOD_COLUMNS = ["key", "role", "distance"]


def blocks_graph(open_links: pd.DataFrame) -> nx.DiGraph:
    """Directed graph blocker -> blocked of the links (self-links kept as self-loops)."""
    graph = nx.DiGraph()
    # Plain lists: iterating pandas' arrow-backed strings one by one is many times slower.
    graph.add_edges_from(zip(open_links["blocker_key"].tolist(), open_links["blocked_key"].tolist()))
    return graph


def team_of(open_links: pd.DataFrame) -> dict[str, str]:
    """Each key's team as the links table gives it (blocker and blocked side)."""
    teams = dict(zip(open_links["blocked_key"], open_links["blocked_team"]))
    teams.update(zip(open_links["blocker_key"], open_links["blocker_team"]))
    return teams


def descendant_counts(open_links: pd.DataFrame) -> pd.Series:
    """For every blocker key: how many distinct items wait on it directly or through a chain.

    An item in a cycle with the blocker is counted once; the blocker itself never is.
    """
    blockers = pd.unique(open_links["blocker_key"])
    pairs = descendant_pairs(open_links, blockers)
    counts = pairs.groupby("source", sort=False).size().reindex(blockers, fill_value=0)
    return pd.Series(counts.to_numpy(), index=blockers, dtype="int64", name="blocks_transitively")


def descendant_pairs(open_links: pd.DataFrame, sources) -> pd.DataFrame:
    """Every item waiting on each of `sources` directly or through a chain of open links.

    One row per distinct (`source`, `key`) pair: an item in a cycle with the source is
    listed once, the source itself never. Sources without open links have no rows.
    """
    graph = blocks_graph(open_links)
    blockers = set(open_links["blocker_key"].tolist())       # only they reach anything
    found_sources: list[str] = []
    found_keys: list[str] = []
    for source in dict.fromkeys(pd.Series(sources, dtype=object).tolist()):
        if source in blockers:
            reached = nx.descendants(graph, source)
            found_sources += [source] * len(reached)
            found_keys += reached
    return pd.DataFrame({"source": pd.Series(found_sources, dtype="str"),
                         "key": pd.Series(found_keys, dtype="str")})


def item_neighbourhood(open_links: pd.DataFrame, key: str) -> pd.DataFrame:
    """Everything `key` blocks (directly or transitively) and everything that blocks it.

    One row per item: `role` is "chosen", "waits on it" (downstream: it cannot finish
    before `key`), "it waits on" (upstream: a blocker of `key`) or "cycle" (both: the item
    sits in a dependency cycle with `key`); `distance` is the number of links on the
    shortest path, negative upstream. Sorted by distance, then key.
    """
    graph = blocks_graph(open_links)
    if key not in graph:
        return pd.DataFrame({"key": [key], "role": ["chosen"], "distance": [0]})
    down = nx.single_source_shortest_path_length(graph, key)
    up = nx.single_source_shortest_path_length(graph.reverse(copy=False), key)
    rows = []
    for item in set(down) | set(up):
        if item == key:
            rows.append((item, "chosen", 0))
        elif item in down and item in up:
            rows.append((item, "cycle", down[item]))
        elif item in down:
            rows.append((item, "waits on it", down[item]))
        else:
            rows.append((item, "it waits on", -up[item]))
    out = pd.DataFrame(rows, columns=NEIGHBOURHOOD_COLUMNS).astype({"distance": "int64"})
    return out.sort_values(["distance", "key"], kind="stable").reset_index(drop=True)


def blocker_chains(open_links: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """The longest chains of open blockers: A blocks B blocks C ... (at least two links).

    Cycles have no longest path, so the links inside a cycle (a strongly connected group,
    self-links included) are set aside first — `dependency_cycles` lists them — and the
    longest path ending at every item nothing else waits on is taken on the remaining
    acyclic graph. Ties go to the alphabetically first blocker. The `limit` longest chains,
    longest first: `links` on the chain, its `keys` in order, `teams` in order of first
    appearance, `path` as text.
    """
    graph = blocks_graph(open_links)
    in_cycle = {}
    for number, group in enumerate(nx.strongly_connected_components(graph)):
        for node in group:
            in_cycle[node] = number if len(group) > 1 else None
    dag = nx.DiGraph()
    dag.add_nodes_from(graph)
    dag.add_edges_from((u, v) for u, v in graph.edges
                       if u != v and (in_cycle[u] is None or in_cycle[u] != in_cycle[v]))
    length: dict[str, int] = {}
    previous: dict[str, str | None] = {}
    for node in nx.topological_sort(dag):
        best, via = 0, None
        for pred in dag.predecessors(node):
            candidate = length[pred] + 1
            if candidate > best or (candidate == best and via is not None and pred < via):
                best, via = candidate, pred
        length[node], previous[node] = best, via
    ends = [node for node in dag if dag.out_degree(node) == 0 and length[node] >= 2]
    ends.sort(key=lambda node: (-length[node], node))
    teams = team_of(open_links)
    rows = []
    for number, end in enumerate(ends[:limit], start=1):
        keys = [end]
        while previous[keys[-1]] is not None:
            keys.append(previous[keys[-1]])
        keys.reverse()
        chain_teams = list(dict.fromkeys(teams.get(k) for k in keys))
        rows.append((number, len(keys) - 1, keys, " → ".join(keys), chain_teams, keys[0], keys[-1]))
    return pd.DataFrame(rows, columns=CHAIN_COLUMNS).astype({"chain": "int64", "links": "int64"})


def dependency_cycles(open_links: pd.DataFrame, per_group: int = MAX_CYCLES_PER_GROUP,
                      max_length: int = MAX_CYCLE_LENGTH, max_cycles: int = MAX_CYCLES) -> pd.DataFrame:
    """Every dependency cycle among open links: a planning error (nothing in it can finish first).

    Self-links (an item that blocks itself) are cycles of one item. For each strongly
    connected group of items, its simple cycles of at most `max_length` items are listed,
    at most `per_group` per group and `max_cycles` in all, so a tangled graph cannot blow
    up; `group_size` says how many items the group holds (more than `items` means the
    group holds further cycles). Each cycle starts at its alphabetically first key; `path`
    returns to it. Shortest cycles first.
    """
    graph = blocks_graph(open_links)
    teams = team_of(open_links)
    found: list[tuple[list[str], int]] = [([node], 1) for node in nx.nodes_with_selfloops(graph)]
    groups = sorted((sorted(g) for g in nx.strongly_connected_components(graph) if len(g) > 1), key=lambda g: g[0])
    for group in groups:
        sub = nx.DiGraph(graph.subgraph(group))
        sub.remove_edges_from(list(nx.selfloop_edges(sub)))
        cycles = islice(nx.simple_cycles(sub, length_bound=max_length), per_group)
        found += [(_rotated(cycle), len(group)) for cycle in cycles]
    found.sort(key=lambda item: (len(item[0]), item[0]))
    rows = []
    for number, (keys, size) in enumerate(found[:max_cycles], start=1):
        cycle_teams = list(dict.fromkeys(teams.get(k) for k in keys))
        rows.append((number, len(keys), keys, " → ".join(keys + [keys[0]]), cycle_teams, size))
    return pd.DataFrame(rows, columns=CYCLE_COLUMNS).astype({"cycle": "int64", "items": "int64",
                                                             "group_size": "int64"})


def _rotated(cycle: list[str]) -> list[str]:
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def reach_counts(sources: np.ndarray, targets: np.ndarray, member_nodes: np.ndarray,
                 member_groups: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """How many nodes outside each of `groups` are reachable from the group's nodes.

    Nodes and groups are small non-negative integers. Edges run `sources[i] -> targets[i]`;
    node `member_nodes[j]` belongs to group `member_groups[j]` (a node may belong to
    several). Vectorised: each node carries a bit set of the groups that reach it, 64
    groups per machine word, propagated along all edges at once (numpy `reduceat`) until
    nothing changes — as many rounds as the longest shortest path, cycles included.
    Returns one count per entry of `groups`.
    """
    groups = np.asarray(groups, dtype=np.int64)
    counts = np.zeros(len(groups), dtype=np.int64)
    if len(groups) == 0 or len(sources) == 0:
        return counts
    n_nodes = int(max(sources.max(), targets.max(), member_nodes.max() if len(member_nodes) else 0)) + 1
    order = np.argsort(targets, kind="stable")
    src, dst = sources[order], targets[order]
    starts = np.flatnonzero(np.r_[True, dst[1:] != dst[:-1]])
    heads = dst[starts]
    words_per_pass = 4
    for first in range(0, len(groups), 64 * words_per_pass):
        batch = groups[first:first + 64 * words_per_pass]
        slot = np.full(int(max(batch.max(), member_groups.max())) + 1, -1, dtype=np.int64)
        slot[batch] = np.arange(len(batch))
        member_slot = slot[member_groups]
        mine = member_slot >= 0
        words = (len(batch) + 63) // 64
        bits = np.zeros((n_nodes, words), dtype=np.uint64)
        nodes, slots = member_nodes[mine], member_slot[mine]
        for word in range(words):
            in_word = (slots // 64) == word
            np.bitwise_or.at(bits[:, word], nodes[in_word],
                             np.left_shift(np.uint64(1), (slots[in_word] % 64).astype(np.uint64)))
        own = [_bit_count(bits, i) for i in range(len(batch))]   # each group's own nodes (a pair may repeat)
        while True:
            arriving = np.bitwise_or.reduceat(bits[src], starts, axis=0)
            updated = bits[heads] | arriving
            if np.array_equal(updated, bits[heads]):
                break
            bits[heads] = updated
        for i in range(len(batch)):
            counts[first + i] = _bit_count(bits, i) - own[i]
    return counts


def _bit_count(bits: np.ndarray, i: int) -> int:
    word, bit = divmod(i, 64)
    return int(np.count_nonzero((bits[:, word] >> np.uint64(bit)) & np.uint64(1)))
