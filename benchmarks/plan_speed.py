"""How fast the Plan metrics `technical-priorities` and `program-board` are at a large workspace.

Builds the synthetic issues and links of benchmarks/dependency_speed.py (issues in the
WorkspaceData shape, `blocks` links leaning towards Platform, some to keys outside the
export) and adds what the Plan needs: story points, components, epics, and plans — a fifth
of the items in a tracker sprint (26 two-week sprints per team), a tenth in a fix version
(8 quarterly releases), a tenth with a due date. Then times what the two CLI metrics do:

- technical-priorities: open_blocks -> plan.technical_priorities
- program-board: open_blocks -> plan.waited_on (the technical items business work waits on)
  -> plan.program_board

Prints seconds per metric, wall clock and CPU time of this process (best of --repeat runs;
on a shared machine the CPU time is the steadier figure).

    python benchmarks/plan_speed.py [--issues 100000] [--links 30000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import plan  # noqa: E402
from analysis.dependencies import open_blocks  # noqa: E402
from config import PlanWeights  # noqa: E402
from dependency_speed import DAY, TEAMS, synthetic_workspace  # noqa: E402

SPRINTS_PER_TEAM = 26
RELEASES = 8


def plan_workspace(n_issues: int, n_links: int, seed: int = 11):
    """Issues, links, sprints and versions frames shaped like WorkspaceData's."""
    issues, links = synthetic_workspace(n_issues, n_links)
    rng = np.random.default_rng(seed)
    n = len(issues)
    team_number = issues["project"].map({p: i for i, p in enumerate(pd.unique(issues["project"]))}).to_numpy()
    first_end = pd.Timestamp(DAY) - pd.Timedelta(days=14 * 6)
    ends = [first_end + pd.Timedelta(days=14 * s) for s in range(SPRINTS_PER_TEAM)]
    sprints = pd.DataFrame([(f"T{t:02d} Sprint {s}", f"b{t}", pd.Timestamp(e - pd.Timedelta(days=14), tz="UTC"),
                             pd.Timestamp(e, tz="UTC")) for t in range(TEAMS) for s, e in enumerate(ends)],
                           columns=["name", "board", "start_date", "end_date"])
    releases = pd.DataFrame({"name": [f"R{r}" for r in range(RELEASES)], "project": None,
                             "release_date": [pd.Timestamp(DAY) + pd.Timedelta(days=91 * (r - 2)) for r in range(RELEASES)],
                             "released": False})
    draw = rng.random(n)
    sprint_number = rng.integers(0, SPRINTS_PER_TEAM, n)
    sprint_names = np.array([f"T{t:02d} Sprint {s}" for t, s in zip(team_number, sprint_number)], dtype=object)
    empty = np.empty(0, dtype=object)
    in_sprint = draw < 0.2
    in_release = (draw >= 0.2) & (draw < 0.3)
    with_due = (draw >= 0.3) & (draw < 0.4)
    components = np.array([f"c{i:03d}" for i in range(200)], dtype=object)
    issues = issues.assign(
        story_points=np.where(rng.random(n) < 0.2, np.nan, rng.choice([1.0, 2.0, 3.0, 5.0, 8.0], n)),
        components=[[c] for c in components[rng.integers(0, len(components), n)]],
        epic_key=None,
        sprints=[[s] if flag else empty for s, flag in zip(sprint_names, in_sprint)],
        fix_versions=[[f"R{r}"] if flag else empty for r, flag in zip(rng.integers(0, RELEASES, n), in_release)],
        due=pd.Series(pd.Timestamp(DAY) + pd.to_timedelta(rng.integers(-60, 180, n), unit="D")).where(with_due),
    )
    return issues, links, sprints, releases


def timed(n_issues: int, n_links: int, repeat: int) -> dict[str, float]:
    issues, links, sprints, versions = plan_workspace(n_issues, n_links)
    best: dict[str, float] = {}
    for _ in range(repeat):
        steps = {}
        start, cpu = time.perf_counter(), time.process_time()
        open_links = open_blocks(issues, links, DAY)
        priorities = plan.technical_priorities(issues, open_links, sprints, versions, DAY, PlanWeights())
        steps["technical-priorities"] = time.perf_counter() - start
        steps["technical-priorities cpu"] = time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        open_links = open_blocks(issues, links, DAY)
        board = plan.program_board(issues, open_links, sprints, versions, DAY, plan.waited_on(issues, open_links, DAY))
        steps["program-board"] = time.perf_counter() - start
        steps["program-board cpu"] = time.process_time() - cpu
        best = {k: min(v, best.get(k, v)) for k, v in steps.items()}
    print(f"{n_issues:,} issues, {n_links:,} blocks links -> {len(open_links):,} open links; "
          f"{len(priorities):,} technical items ranked ({int((priorities['business_items_unblocked'] > 0).sum()):,} "
          f"with business work waiting); board {len(board):,} cards, {int(board['conflict'].sum()):,} conflicts")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = timed(args.issues, args.links, args.repeat)
    for step, seconds in best.items():
        print(f"{step:<26} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
