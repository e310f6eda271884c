"""Write a large Jira "all fields" CSV export for benchmarks.

    python benchmarks/generate_jira_csv.py N OUT.csv [--links-per-issue 0.3] [--seed 1]

N issues over two years before --anchor (default 2026-11-21), ~65 columns with Jira's
repeated columns (Labels, Sprint, Fix Version/s, Component/s, issue links, Comment...),
written in chunks with the same writer as the demo workspace
(`data.demo.jira_writers.JiraCsvWriter`), columns built with numpy.

* 8 projects, 20 teams in ``Custom field (Team)`` (a few rows without team), epics with
  ``Custom field (Epic Link)`` / ``Parent id``, all six work categories expressed by issue
  type and labels, statuses To Do / In Progress / In Review / Done.
* ``round(N * links-per-issue)`` distinct ``blocks`` links (N=1,000,000 -> ~300,000),
  from the older to the newer issue (acyclic), each written on both rows as Jira does:
  ``Outward issue link (Blocks)`` on the blocker, ``Inward issue link (Blocks)`` on the
  blocked issue.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.demo import jira_writers as jw  # noqa: E402

PROJECTS = ("CORE", "WEB", "APP", "DATA", "PAY", "SRCH", "OPS", "IDM")
PROJECT_NAMES = ("Core Services", "Web Shop", "Mobile App", "Data", "Payments", "Search",
                 "Operations", "Identity")
COMPONENTS = ("api", "frontend", "backend", "database", "search-index", "billing", "auth",
              "reporting", "ios", "android", "pipeline-jobs", "notifications")
TEAMS = ("Aurora", "Borealis", "Comet", "Dynamo", "Eclipse", "Falcon", "Glacier", "Harbor",
         "Ion", "Jade", "Kestrel", "Lumen", "Meteor", "Nimbus", "Orbit", "Pulsar", "Quasar",
         "Radar", "Summit", "Tundra")
FIRST = ("Amira", "Jonas", "Priya", "Mateo", "Lena", "Tobias", "Yuki", "Kwame", "Sofia", "Ravi",
         "Ingrid", "Diego", "Hana", "Felix", "Chloe", "Omar", "Elif", "Bruno", "Mei", "Sven")
LAST = ("Haddad", "Lindqvist", "Raman", "Ortega", "Vogel", "Brandt", "Tanaka", "Mensah",
        "Conti", "Iyer")
# (issue type, labels, weight): the six categories as teams express them
KINDS = (
    ("Story", (), 38), ("Story", ("customer-facing",), 6), ("Story", ("ux", "growth"), 2),
    ("Bug", (), 13), ("Bug", ("regression",), 3), ("Bug", ("customer-reported", "prod"), 1),
    ("Task", ("tech-debt",), 6), ("Story", ("refactor",), 3), ("Task", ("legacy", "backend", "quick-win"), 1),
    ("Story", ("enabler",), 5), ("Task", ("performance",), 2), ("Story", ("security", "enabler"), 2),
    ("Spike", (), 3), ("Story", ("architecture",), 1), ("Story", ("adr",), 1),
    ("Task", ("devops",), 3), ("Task", ("ci",), 2), ("Task", ("terraform", "monitoring"), 1),
    ("Epic", (), 1),
)
SUMMARIES = (
    "Support Apple Pay at checkout", "Show delivery estimate on the order summary",
    "Filter search results by brand", "Refactor the price rule engine",
    "Cut p95 latency of the product API below 200 ms", "Add dashboards and alerts for the cart service",
    "Spike: evaluate options for the event bus", "Checkout returns 500 when the session expires",
    "Migrate the search indexer off the deprecated client", "Add rate limiting to the public API",
    "Move build runners to Terraform", "Let shoppers save a card for later",
    "Crash in the iOS product screen after rotation", "ADR: ownership boundaries of the catalog",
    "Export refunds daily for finance", "Remove dead code in the legacy checkout servlet",
    "Onboard the mobile team to single sign-on", "Speed up the CI pipeline of the payment service",
)
DESCRIPTIONS = ("", "", "", "Customers keep asking for this in support tickets.",
                "h3. Context\nFound during the last incident review.\n\nh3. Acceptance criteria\n"
                "* Covered by automated tests\n* Behind a feature flag",
                "Needed before the next campaign.\n\nSee the discussion in the last refinement.")
POINTS = np.array(["", "1", "2", "3", "5", "8", "13"], dtype=object)
POINT_WEIGHTS = np.array([8, 16, 26, 22, 16, 10, 2], dtype=float)
PRIORITIES = np.array(["Highest", "High", "Medium", "Low", "Lowest"], dtype=object)
STATUSES = np.array(["To Do", "In Progress", "In Review", "Done"], dtype=object)
STATUS_CATEGORIES = np.array(["To Do", "In Progress", "In Progress", "Done"], dtype=object)
MINUTES_PER_DAY = 1440
SPAN_DAYS = 730
SPRINT_DAYS = 14


def _links(n: int, per_issue: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (blocker, blocked) row pairs, blocker older than blocked."""
    want = int(round(n * per_issue))
    if n < 2 or want == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    got = np.empty(0, np.int64)
    while len(got) < want:
        a = rng.integers(0, n, size=want)
        # mostly near neighbours in time (same quarter), some far
        gap = np.where(rng.random(want) < 0.8, rng.integers(1, max(2, n // 8), want),
                       rng.integers(1, n, want))
        b = a + gap
        keep = b < n
        codes = a[keep].astype(np.int64) * n + b[keep]
        got = np.unique(np.concatenate([got, codes]))
    got = got[rng.permutation(len(got))[:want]]
    got.sort()
    return got // n, got % n


def _slots(owner: np.ndarray, other: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Group link ends per row: a list of (rows, other rows), the k-th link of each row in slot k."""
    order = np.argsort(owner, kind="stable")
    owner, other = owner[order], other[order]
    if len(owner) == 0:
        return []
    first = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    counts = np.diff(np.r_[first, len(owner)])
    rank = np.arange(len(owner)) - np.repeat(first, counts)
    return [(owner[rank == k], other[rank == k]) for k in range(int(rank.max()) + 1)]


def generate(n: int, out: Path, links_per_issue: float = 0.3, seed: int = 1,
             anchor: date = date(2026, 11, 21), chunk_size: int = 100_000) -> dict:
    """Write the CSV; return {"rows", "columns", "blocks_links", "seconds"}."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    first_day = anchor - timedelta(days=SPAN_DAYS + 1)
    day_table = jw.jira_day_table(first_day, SPAN_DAYS + 400)
    now_min = (SPAN_DAYS + 1) * MINUTES_PER_DAY

    # global columns: keys (links point anywhere), projects, epics
    project = rng.integers(0, len(PROJECTS), n)
    number = np.zeros(n, np.int64)
    for p in range(len(PROJECTS)):
        rows = np.flatnonzero(project == p)
        number[rows] = np.arange(1, len(rows) + 1)
    keys = np.array([f"{PROJECTS[p]}-{k}" for p, k in zip(project.tolist(), number.tolist())], dtype=object)
    kind_weights = np.array([k[2] for k in KINDS], float)
    kind = rng.choice(len(KINDS), size=n, p=kind_weights / kind_weights.sum())
    epic_rows = np.flatnonzero(kind == len(KINDS) - 1)

    blockers, blocked = _links(n, links_per_issue, rng)
    out_slots = _slots(blockers, blocked, n)
    in_slots = _slots(blocked, blockers, n)
    repeats = {"Outward issue link (Blocks)": max(3, len(out_slots)),
               "Inward issue link (Blocks)": max(2, len(in_slots))}
    out_cols = [np.full(n, "", dtype=object) for _ in out_slots]
    in_cols = [np.full(n, "", dtype=object) for _ in in_slots]
    for col, (rows, others) in zip(out_cols, out_slots):
        col[rows] = keys[others]
    for col, (rows, others) in zip(in_cols, in_slots):
        col[rows] = keys[others]

    people = np.array([f"{f} {l}" for l in LAST for f in FIRST], dtype=object)
    usernames = np.array([p.lower().replace(" ", ".") for p in people], dtype=object)
    kind_types = np.array([k[0] for k in KINDS], dtype=object)
    label_cols = [np.array([k[1][j] if len(k[1]) > j else "" for k in KINDS], dtype=object) for j in range(3)]
    summaries = np.array(SUMMARIES, dtype=object)
    descriptions = np.array(DESCRIPTIONS, dtype=object)
    teams = np.array(TEAMS + ("",), dtype=object)
    team_abbr = np.array([t[:3].upper() for t in TEAMS], dtype=object)
    components = np.array(COMPONENTS, dtype=object)
    project_keys = np.array(PROJECTS, dtype=object)
    project_names = np.array(PROJECT_NAMES, dtype=object)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = jw.JiraCsvWriter(handle, repeats)
        for lo in range(0, n, chunk_size):
            hi = min(n, lo + chunk_size)
            m = hi - lo
            idx = np.arange(lo, hi)
            k = kind[lo:hi]
            is_epic = k == len(KINDS) - 1
            # created: spread over two years in row order (ids grow with time)
            created = (idx * (SPAN_DAYS * MINUTES_PER_DAY) // max(n, 1)) + rng.integers(0, 600, m)
            created = np.minimum(created, now_min - 60)
            age_days = (now_min - created) / MINUTES_PER_DAY
            done_p = np.clip(age_days / 120, 0.05, 0.9)
            r = rng.random(m)
            status = np.where(r < done_p, 3, np.where(r < done_p + (1 - done_p) * 0.15, 1,
                              np.where(r < done_p + (1 - done_p) * 0.2, 2, 0)))
            lead = (rng.exponential(12.0, m) * MINUTES_PER_DAY).astype(np.int64) + 120
            resolved = np.where(status == 3, np.minimum(created + lead, now_min - 30), -1)
            started = np.where(status > 0, created + (np.maximum(
                np.where(status == 3, resolved, now_min) - created, 2) * rng.uniform(0.1, 0.6, m)).astype(np.int64), -1)
            updated = np.maximum(np.maximum(created, resolved), started)
            updated = np.where(rng.random(m) < 0.3, updated + (rng.random(m) * (now_min - updated)).astype(np.int64), updated)
            cat_changed = np.where(status == 3, resolved, np.where(status > 0, started, created))
            resolution = np.where(status == 3, np.where(rng.random(m) < 0.9, "Done", "Won't Do"), "").astype(object)
            team = rng.integers(0, len(TEAMS), m)
            team = np.where(rng.random(m) < 0.002, len(TEAMS), team)
            # sprints: the sprint of resolution (done) or the current one (in progress), some carried
            sprint_at = np.where(status == 3, resolved, np.where(status > 0, now_min - 1, -1))
            sprint_no = np.where(sprint_at >= 0, sprint_at // (SPRINT_DAYS * MINUTES_PER_DAY) + 1, -1)
            in_sprint = (sprint_no > 0) & (rng.random(m) < 0.85) & ~is_epic
            carried = in_sprint & (rng.random(m) < 0.12) & (sprint_no > 1)
            abbr = team_abbr[np.minimum(team, len(TEAMS) - 1)]
            sprint1 = np.full(m, "", dtype=object)
            sprint2 = np.full(m, "", dtype=object)
            numbers = sprint_no.astype(str).astype(object)
            prev_numbers = (sprint_no - 1).astype(str).astype(object)
            sprint1[in_sprint & ~carried] = abbr[in_sprint & ~carried] + " Sprint " + numbers[in_sprint & ~carried]
            sprint1[carried] = abbr[carried] + " Sprint " + prev_numbers[carried]
            sprint2[carried] = abbr[carried] + " Sprint " + numbers[carried]
            # fix versions: the quarter of resolution
            fixed = (status == 3) & (rng.random(m) < 0.6)
            res_day = np.where(fixed, resolved // MINUTES_PER_DAY, 0)
            quarter_names = _quarter_names(first_day, SPAN_DAYS + 400)
            fix = np.full(m, "", dtype=object)
            fix[fixed] = quarter_names[res_day[fixed]]
            comp1 = components[rng.integers(0, len(COMPONENTS), m)]
            comp2 = np.where(rng.random(m) < 0.1, components[rng.integers(0, len(COMPONENTS), m)], "").astype(object)
            comp2[comp2 == comp1] = ""
            points = POINTS[rng.choice(len(POINTS), m, p=POINT_WEIGHTS / POINT_WEIGHTS.sum())]
            points[is_epic] = ""
            assignee_i = rng.integers(0, len(people), m)
            reporter_i = rng.integers(0, len(people), m)
            assignee = np.where(status > 0, people[assignee_i], "").astype(object)
            reporter = people[reporter_i]
            epic_link = np.full(m, "", dtype=object)
            parent_id = np.full(m, "", dtype=object)
            if len(epic_rows):
                linked = (~is_epic) & (rng.random(m) < 0.5)
                pick = epic_rows[rng.integers(0, len(epic_rows), m)]
                linked &= pick < idx           # the epic exists before its children
                epic_link[linked] = keys[pick[linked]]
                parent_id[linked] = (pick[linked] + 10000).astype(str).astype(object)
            summary = summaries[rng.integers(0, len(SUMMARIES), m)]
            due_days = np.where(rng.random(m) < 0.1, created // MINUTES_PER_DAY + rng.integers(7, 90, m), -1)
            comment = np.full(m, "", dtype=object)
            has_comment = rng.random(m) < 0.2
            comment[has_comment] = (jw.jira_datetimes(first_day, updated[has_comment], day_table)
                                    + ";" + usernames[reporter_i[has_comment]] + ";Discussed in refinement.")
            columns = {
                "Summary": summary, "Issue key": keys[lo:hi],
                "Issue id": (idx + 10000).astype(str).astype(object), "Parent id": parent_id,
                "Issue Type": kind_types[k], "Status": STATUSES[status],
                "Project key": project_keys[project[lo:hi]],
                "Project name": project_names[project[lo:hi]],
                "Project type": np.full(m, "software", dtype=object),
                "Priority": PRIORITIES[rng.choice(5, m, p=[0.03, 0.2, 0.6, 0.14, 0.03])],
                "Resolution": resolution, "Assignee": assignee, "Reporter": reporter, "Creator": reporter,
                "Created": jw.jira_datetimes(first_day, created, day_table),
                "Updated": jw.jira_datetimes(first_day, updated, day_table),
                "Resolved": jw.jira_datetimes(first_day, resolved, day_table),
                "Fix Version/s": [fix], "Component/s": [comp1, comp2],
                "Due date": jw.jira_dates(first_day, due_days, day_table),
                "Votes": np.full(m, "0", dtype=object),
                "Labels": [col[k] for col in label_cols],
                "Description": descriptions[rng.integers(0, len(DESCRIPTIONS), m)],
                "Watchers": [usernames[reporter_i]],
                "Outward issue link (Blocks)": [c[lo:hi] for c in out_cols],
                "Inward issue link (Blocks)": [c[lo:hi] for c in in_cols],
                "Custom field (Epic Link)": epic_link,
                "Custom field (Epic Name)": np.where(is_epic, summary, "").astype(object),
                "Custom field (Rank)": np.array([f"0|i{i:06x}:" for i in idx.tolist()], dtype=object),
                "Sprint": [sprint1, sprint2],
                "Custom field (Story Points)": points,
                "Custom field (Team)": teams[team],
                "Comment": [comment],
                "Status Category": STATUS_CATEGORIES[status],
                "Status Category Changed": jw.jira_datetimes(first_day, cat_changed, day_table),
            }
            writer.write_chunk(m, columns)
    return {"rows": n, "columns": len(writer.header), "blocks_links": int(len(blockers)),
            "seconds": round(time.perf_counter() - t0, 1)}


_QUARTERS: dict[tuple[date, int], np.ndarray] = {}


def _quarter_names(first: date, days: int) -> np.ndarray:
    """Lookup table: day offset -> release name of its quarter ("2025.Q3")."""
    cached = _QUARTERS.get((first, days))
    if cached is None:
        cached = np.array([f"{d.year}.Q{(d.month - 1) // 3 + 1}"
                           for d in (first + timedelta(days=i) for i in range(days))], dtype=object)
        _QUARTERS[(first, days)] = cached
    return cached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of issues")
    parser.add_argument("out", type=Path, help="CSV file to write")
    parser.add_argument("--links-per-issue", type=float, default=0.3,
                        help="blocks links per issue (default 0.3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--anchor", type=date.fromisoformat, default=date(2026, 11, 21),
                        help="'today' of the data, YYYY-MM-DD (default 2026-11-21)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    stats = generate(args.n, args.out, args.links_per_issue, args.seed, args.anchor)
    print(f"{stats['rows']} issues, {stats['columns']} columns, {stats['blocks_links']} blocks links "
          f"-> {args.out} in {stats['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
