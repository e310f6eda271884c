"""How fast the dependency matrix and the team hotspot ranking are at a large workspace.

Builds, directly in pandas (no import, no DuckDB), an issues frame of 1,000,000 items in
the WorkspaceData shape (key, project, team, status_category, created/resolved and the
created_day/resolved_day that timeline.prepare adds, category) and a links frame of
300,000 `blocks` links (plus 50,000 `relates` links that must be skipped, a few hundred
to keys outside the export), then times what the CLI metrics `dependency-matrix` and
`dependency-hotspots` do: open_blocks -> grouped_links -> dependency_matrix /
dependency_hotspots. Prints seconds per step and in all (best of --repeat runs).

    python benchmarks/dependency_speed.py [--issues 1000000] [--links 300000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.dependencies import dependency_hotspots, dependency_matrix, grouped_links, open_blocks  # noqa: E402
from analysis.timeline import prepare  # noqa: E402

DAY = date(2026, 11, 20)
TEAMS = 40


def synthetic_workspace(n_issues: int, n_links: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Issues and links frames shaped like WorkspaceData.issues / .links."""
    rng = np.random.default_rng(seed)
    team_index = rng.integers(0, TEAMS, n_issues)
    teams = np.array(["Platform"] + [f"Team {i:02d}" for i in range(1, TEAMS)], dtype=object)
    projects = np.array(["PLAT"] + [f"P{i:02d}" for i in range(1, TEAMS)], dtype=object)
    keys = pd.Series(projects[team_index], dtype="str") + "-" + pd.Series(np.arange(1, n_issues + 1)).astype("str")
    created = pd.Timestamp("2023-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 1400, n_issues), unit="D")
    done = rng.random(n_issues) < 0.3
    resolved = created + pd.to_timedelta(rng.integers(1, 200, n_issues), unit="D")
    resolved = pd.Series(resolved).where(done & (resolved < pd.Timestamp(DAY, tz="UTC")))
    issues = pd.DataFrame({
        "key": keys, "source": "jira-csv", "project": pd.Series(projects[team_index], dtype="str"),
        "issue_type": "Story", "summary": "Synthetic item",
        "status_category": np.where(resolved.notna(), "done", "todo"),
        "team": pd.Series(teams[team_index], dtype="str"),
        "created": created, "updated": created, "resolved": resolved,
        "category": rng.choice(["feature", "defect", "debt", "enabler", "architecture", "devops"], n_issues),
    })
    issues = prepare(issues)
    # Blockers lean towards Platform (a quarter of them), the blocked items are anywhere.
    platform = np.flatnonzero(team_index == 0)
    blockers = np.where(rng.random(n_links) < 0.25, rng.choice(platform, n_links), rng.integers(0, n_issues, n_links))
    blocked = rng.integers(0, n_issues, n_links)
    from_key = keys.to_numpy()[blockers].astype(object)
    to_key = keys.to_numpy()[blocked].astype(object)
    outside = rng.random(n_links) < 0.001
    to_key[outside] = [f"EXT-{i}" for i in range(int(outside.sum()))]
    relates = rng.integers(0, n_issues, (50_000, 2))
    links = pd.DataFrame({
        "from_key": pd.array(np.concatenate([from_key, keys.to_numpy()[relates[:, 0]]]), dtype="str"),
        "to_key": pd.array(np.concatenate([to_key, keys.to_numpy()[relates[:, 1]]]), dtype="str"),
        "relation": ["blocks"] * n_links + ["relates"] * len(relates),
    })
    links["raw_label"] = links["relation"]
    return issues, links


def timed(n_issues: int, n_links: int, repeat: int) -> dict[str, float]:
    issues, links = synthetic_workspace(n_issues, n_links)
    best: dict[str, float] = {}
    for _ in range(repeat):
        steps = {}
        start = time.perf_counter()
        open_links = open_blocks(issues, links, DAY)
        steps["open_blocks"] = time.perf_counter() - start
        mark = time.perf_counter()
        grouped = grouped_links(open_links, issues, "team")
        matrix = dependency_matrix(grouped, "team")
        steps["matrix"] = time.perf_counter() - mark
        mark = time.perf_counter()
        hotspots = dependency_hotspots(grouped, "team")
        steps["hotspots"] = time.perf_counter() - mark
        steps["total"] = time.perf_counter() - start
        best = {k: min(v, best.get(k, v)) for k, v in steps.items()}
    print(f"{n_issues:,} issues, {n_links:,} blocks links -> {len(open_links):,} open links, "
          f"{len(matrix):,} team pairs; top hotspot {hotspots['team'].iloc[0]} "
          f"({hotspots['open_inbound'].iloc[0]:,} open inbound)")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1_000_000)
    parser.add_argument("--links", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = timed(args.issues, args.links, args.repeat)
    for step, seconds in best.items():
        print(f"{step:<12} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
