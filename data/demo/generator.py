"""The demo workspace: two years of five teams' Jira data, telling stories a TPO recognises.

`generate_demo(out_dir, anchor, seed)` writes, in import order:

1. ``demo-sprints.json``   all boards' sprints (Jira agile REST shape), two-week sprints for
   two years back from `anchor`, the current one active, three future ones per board;
2. ``demo-versions.json``  quarterly releases "2025.Q3" of every project (REST shape, plus a
   "project" key), the current and the next quarter unreleased;
3. ``demo-export-<anchor-90d>.csv``  the Jira all-fields CSV export as it was 90 days ago;
4. ``demo-export-<anchor>.csv``      the current export;
5. ``demo-changelog.json`` a search response with ``expand=changelog`` and only the status
   field: the status and Sprint field history of every current issue.

"Today" is `anchor` (midnight, UTC); everything happened before it. The same anchor and
seed give byte-identical files. Everything is invented (teams, people, summaries).

The story. Figures for seed 20261121 and anchor 2026-11-21; `demo_facts(anchor, seed)`
recomputes all of them from the generated data for any anchor (they move by a few units
with the anchor's position in the sprint; the shapes below hold for every anchor):

* 5,054 issues (4,367 in the export of 90 days ago; 1,841 open now): CHK Checkout 1,024,
  CAT Catalog 1,149, MOB Mobile 963, DAT Data 894, PLAT Platform 1,024, including 40 epics
  (8 per team, with Epic Name; stories carry Epic Link and Parent id). One Jira project and
  one board per team; the team is in ``Custom field (Team)``.
* Categories, as the default rules of config/defaults/categories.toml classify them:
  feature 2,158 (Story, Epic), defect 804 (Bug), debt 697 (Task/Story labelled
  tech-debt/refactor/legacy), enabler 689 (Story/Task labelled enabler/performance/
  security), architecture 271 (Spike, or Story labelled architecture/adr), devops 435
  (Task labelled devops/ci/terraform/monitoring). Every issue's intended category equals
  what the default rules give.
* Technical debt builds up in Catalog (search-index, legacy-pricing): open debt items
  81 -> 110 -> 142 -> 172 -> 218 at 360/270/182/90/0 days ago, share of Catalog's open
  backlog 29 % -> 42 %. Checkout pays its debt down in a push over the last 13 sprints:
  open debt 74 -> 85 -> 91 (182 days ago, the peak) -> 58 -> 32, share 35 % -> 9 %.
* Debt interest: of Catalog's bugs of the last year, 56 are in search-index and 44 in
  legacy-pricing, 28 in product-api and 15 in media.
* Balance (delivered points, default target 35 % technical): Mobile is below target in
  each of the last 10 sprints (0-18 %; by quarter 26-30 % a year ago, 2-4 % now); Platform
  delivers ~75-90 % enabler/devops/architecture; Checkout's share jumps to 55-60 % during
  the push; Data stays around the target (24-43 % per quarter).
* Velocity (points of items completed in their sprint) 20-40 per sprint and growing:
  first 6 vs last 6 sprints CHK 22 -> 32, CAT 21 -> 26, MOB 25 -> 29, DAT 23 -> 28,
  PLAT 24 -> 28. In progress now: 8-11 per team (5 per team are "parked": In Progress but
  out of any sprint for weeks, the ageing WIP); 18-28 open items per team planned into the
  three future sprints; open items in the two unreleased fix versions.
* Dependencies: 447 ``blocks`` links (442 between exported issues), 70.8 % cross-team,
  247 of them from Platform enablers/devops/spikes to other teams' items; Platform is the
  top hotspot (127 open outbound cross-team blockers, next is Catalog with 12). Six open
  chains of 3-5 items (PLAT spike -> PLAT enabler (-> PLAT devops) -> feature(s)); no
  longer chain exists. Exactly ONE cycle, three open items PLAT-775 -> CHK-977 ->
  CAT-1048 -> PLAT-775 (a planning error). Exactly five ordering risks, each an open
  feature planned earlier than the open Platform item blocking it: two by sprint (feature
  in the next sprint, blocker in the third future sprint), two by fix version (current vs
  next quarter's release), one by due date (10 vs 45 days ahead). Five links to keys
  outside the export: LEGACY-101, LEGACY-117, LEGACY-142, OPS-88 (block items) and SEC-12
  (blocked by a Platform item). Plus 150 ``relates`` links.
* Data quality, deliberate and documented (no unparseable values, the import has no
  rejects): 8 Done issues (Data and Mobile) with empty Resolved and Resolution although the
  changelog has their Done transition; 10 issues without team; the 5 unknown-key links.
  7.8 % of issues have no story points.
* Realistic texture: Won't Do / Duplicate / Cannot Reproduce closures from backlog
  grooming (~14 %), carried-over items listing several sprints, In Review back-steps and a
  few reopened bugs in the changelog, re-estimated items (points differ between the two
  exports, with a "Story Points" changelog entry), comments, watchers, Data's time
  tracking, due dates, start dates.
* Sprint history (the changelog's Sprint field): most items are planned into a sprint the
  Friday afternoon before it starts (carried-over items too), urgent bugs are added a few
  minutes after they are raised mid-sprint, unstarted items sent back to the backlog are
  taken out of their sprint in its second half, and the future sprints were planned in the
  last three days. So velocity knows committed, added and removed for every started sprint.
* The CSV lists each link on both rows (Outward on the blocker, Inward on the blocked
  item), as Jira does; dates are written like ``11/May/24 3:26 PM`` (UTC wall clock).
"""
from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from data.demo import jira_writers as jw
from data.demo.content import (
    BUG_LABELS, CATEGORIES, COMMENTS, DEFECT_FILL, DESCRIPTION_FILL, DESCRIPTIONS, ENVIRONMENTS,
    EPICS, FEATURE_LABELS, FEATURES, FILL, NEUTRAL_TECH_LABELS, SPRINT_GOALS, TEAMS, TECH_TEMPLATES,
    TECHNICAL, TeamSpec,
)

DEFAULT_SEED = 20261121
BASE_URL = "https://demo-shop.atlassian.net"
HISTORY_SPRINTS = 52          # closed sprints (two years)
FUTURE_SPRINTS = 3
SPRINT_DAYS = 14
SNAPSHOT_DAYS = 90            # the older export is this many days before the anchor
PUSH_START = -13              # Checkout's debt-reduction push: the last 13 sprints
UNKNOWN_KEYS = ("LEGACY-101", "LEGACY-117", "LEGACY-142", "SEC-12", "OPS-88")

STATUS_IDS = {"To Do": "1", "In Progress": "3", "In Review": "10100", "Done": "10001"}
STATUS_CATEGORY = {"To Do": "To Do", "In Progress": "In Progress", "In Review": "In Progress",
                   "Done": "Done"}
RESOLUTION_IDS = {"Done": "10000", "Won't Do": "10001", "Duplicate": "10002",
                  "Cannot Reproduce": "10003"}
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
PRIORITY_WEIGHT = {"Highest": 3.0, "High": 2.0, "Medium": 1.0, "Low": 0.6, "Lowest": 0.4}


# ----------------------------------------------------------------------------- model

@dataclass(eq=False)
class Issue:
    n: int
    team: TeamSpec
    category: str
    issue_type: str
    created: datetime
    summary: str = ""
    description: str = ""
    labels: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    priority: str = "Medium"
    points: int | None = None
    eff: float = 2.0                      # work in points (unpointed items count 2)
    remaining: float = 2.0
    epic: "Issue | None" = None
    epic_name: str = ""
    epic_window: tuple[int, int] = (0, 0)
    children: list["Issue"] = field(default_factory=list)
    events: list[tuple[datetime, str, str]] = field(default_factory=list)
    started: datetime | None = None
    resolved: datetime | None = None
    resolution: str = ""
    sprints: list[int] = field(default_factory=list)
    sprint_moves: list[tuple[datetime, tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    fix_versions: list[str] = field(default_factory=list)
    due: date | None = None
    start_date: date | None = None
    assignee: str = ""
    pre_assigned: bool = False
    reporter: str = ""
    watchers: list[str] = field(default_factory=list)
    comments: list[tuple[datetime, str, str]] = field(default_factory=list)
    touches: list[datetime] = field(default_factory=list)
    environment: str = ""
    old_points: int | None = None
    repoint_at: datetime | None = None
    estimate: int | None = None
    spent: int | None = None
    votes: int = 0
    last_viewed: datetime | None = None
    team_field: str = ""
    hide_resolved: bool = False
    urgent: bool = False
    key: str = ""
    id: int = 0
    rank: str = ""
    out_blocks: list[str] = field(default_factory=list)
    in_blocks: list[str] = field(default_factory=list)
    out_relates: list[str] = field(default_factory=list)
    in_relates: list[str] = field(default_factory=list)

    def status_at(self, t: datetime) -> str:
        status = "To Do"
        for when, _, to in self.events:
            if when < t:
                status = to
        return status

    @property
    def status(self) -> str:
        return self.events[-1][2] if self.events else "To Do"

    def sprints_at(self, t: datetime) -> list[int]:
        """The Sprint field just before `t`, from the sprint moves."""
        if not self.sprint_moves:
            return list(self.sprints)
        before = [after for when, _, after in self.sprint_moves if when < t]
        return list(before[-1] if before else self.sprint_moves[0][1])

    def join_sprint(self, s: int, when: datetime) -> None:
        if s not in self.sprints:
            before = tuple(self.sprints)
            self.sprints.append(s)
            self.sprint_moves.append((when.replace(second=0, microsecond=0), before, tuple(self.sprints)))

    def leave_sprint(self, s: int, when: datetime) -> None:
        if s in self.sprints:
            before = tuple(self.sprints)
            self.sprints.remove(s)
            self.sprint_moves.append((when.replace(second=0, microsecond=0), before, tuple(self.sprints)))

    def after_last_move(self, when: datetime) -> datetime:
        """`when`, or a minute after the item's creation and its last sprint move if later."""
        last = self.sprint_moves[-1][0] if self.sprint_moves else self.created
        return max(when, last + timedelta(minutes=1), self.created + timedelta(minutes=1))

    @property
    def is_open(self) -> bool:
        return self.resolved is None

    def open_on(self, t: datetime) -> bool:
        return self.created < t and (self.resolved is None or self.resolved >= t)


@dataclass
class Demo:
    anchor: date
    seed: int
    now: datetime
    snapshot: datetime
    sprint_starts: dict[int, datetime]
    issues: list[Issue]
    versions: list[tuple[str, date]]
    blocks: list[tuple[str, str]]          # (blocker key, blocked key), unique pairs
    relates: list[tuple[str, str]]
    cycle: list[str]
    chains: list[list[str]]
    ordering_risks: list[tuple[str, str, str]]   # (blocked feature, blocker, kind)
    goals: dict[tuple[str, int], str]

    def sprint_name(self, team: TeamSpec, s: int) -> str:
        return f"{team.key} Sprint {team.sprint_number + s}"


# ------------------------------------------------------------------------ simulation

class _Simulation:
    def __init__(self, anchor: date, seed: int):
        self.rng = random.Random(seed)
        # The moments of sprint planning draw from their own stream, so the story above
        # (every figure of `self.rng`'s stream) stays as it was before Sprint history existed.
        self.plan_rng = random.Random(seed + 1)
        self.anchor = anchor
        self.now = datetime.combine(anchor, time(0, 0))
        ref = anchor - timedelta(days=1)
        monday = ref - timedelta(days=ref.weekday())
        if (monday.toordinal() // 7) % 2:
            monday -= timedelta(days=7)
        self.cur_start = datetime.combine(monday, time(8, 0))
        work_days = sum(1 for i in range((self.now - self.cur_start).days + 1)
                        if (self.cur_start + timedelta(days=i)).weekday() < 5
                        and self.cur_start + timedelta(days=i) < self.now)
        self.elapsed = min(1.0, work_days / 10)     # share of the active sprint gone by
        self.issues: list[Issue] = []
        self.pool: dict[str, list[Issue]] = {t.key: [] for t in TEAMS}
        self.carried: dict[str, list[Issue]] = {t.key: [] for t in TEAMS}
        self.epics: dict[str, list[Issue]] = {t.key: [] for t in TEAMS}
        self.parked: Counter[str] = Counter()

    # ---- time helpers
    def sprint_start(self, s: int) -> datetime:
        return self.cur_start + timedelta(days=SPRINT_DAYS * s)

    def at(self, s: int, frac: float) -> datetime:
        """A working moment of sprint s: frac 0..1 spread over its 10 weekdays, 08:00-18:00."""
        frac = min(max(frac, 0.0), 0.99999)
        day = int(frac * 10)
        hours = (frac * 10 - day) * 10
        moment = self.sprint_start(s) + timedelta(days=day if day < 5 else day + 2, hours=hours)
        return moment.replace(second=0, microsecond=0)

    def planning_moment(self, it: Issue, s: int) -> datetime:
        """Sprint planning: the Friday afternoon before sprint s starts (Monday 08:00)."""
        start = self.sprint_start(s)
        friday = start - timedelta(days=3) + timedelta(hours=6 + 3 * self.plan_rng.random())
        return min(it.after_last_move(friday), start - timedelta(minutes=1))

    def progress(self, s: int) -> float:
        return (s + HISTORY_SPRINTS) / HISTORY_SPRINTS

    def pick(self, weights: dict[str, float]) -> str:
        total = sum(weights.values())
        x = self.rng.random() * total
        for name, w in weights.items():
            x -= w
            if x < 0:
                return name
        return next(reversed(weights))

    # ---- mixes: what gets created, what gets worked on
    def creation_mix(self, team: TeamSpec, s: int) -> dict[str, float]:
        p = self.progress(s)
        if team.key == "CHK":
            push = s >= PUSH_START
            return {"feature": 50, "defect": 17, "debt": 6 if push else 17, "enabler": 9,
                    "architecture": 4, "devops": 5}
        if team.key == "CAT":
            open_debt = sum(1 for i in self.pool["CAT"] if i.category == "debt")
            return {"feature": 48 - 10 * p, "defect": 15 * (1 + open_debt / 250),
                    "debt": 10 + 20 * p, "enabler": 7, "architecture": 3, "devops": 4}
        if team.key == "MOB":
            return {"feature": 56 + 8 * p, "defect": 22, "debt": 9 - 4 * p, "enabler": 6 - 3 * p,
                    "architecture": 3 - 1 * p, "devops": 4 - 2 * p}
        if team.key == "DAT":
            return {"feature": 44, "defect": 14, "debt": 14, "enabler": 12, "architecture": 7,
                    "devops": 9}
        return {"feature": 8, "defect": 10, "debt": 11, "enabler": 36, "architecture": 12,
                "devops": 23}

    def delivery_mix(self, team: TeamSpec, s: int) -> dict[str, float]:
        p = self.progress(s)
        if team.key == "CHK":
            if s >= PUSH_START:
                return {"feature": 32, "defect": 11, "debt": 48, "enabler": 4, "architecture": 2,
                        "devops": 3}
            return {"feature": 60, "defect": 15, "debt": 8, "enabler": 9, "architecture": 3,
                    "devops": 5}
        if team.key == "CAT":
            return {"feature": 63, "defect": 18, "debt": 5, "enabler": 7, "architecture": 3,
                    "devops": 4}
        if team.key == "MOB":
            w = min(1.0, max(0.0, (p - 0.35) / 0.45))      # drifts away from tech work
            return {"feature": 52 + 12 * w, "defect": 18 + 4 * w, "debt": 14 - 7 * w,
                    "enabler": 8 - 5 * w, "architecture": 3 - 2 * w, "devops": 5 - 2 * w}
        if team.key == "DAT":
            return {"feature": 45, "defect": 12, "debt": 16, "enabler": 13, "architecture": 6,
                    "devops": 8}
        return {"feature": 8, "defect": 10, "debt": 12, "enabler": 37, "architecture": 11,
                "devops": 22}

    def capacity(self, team: TeamSpec, s: int) -> float:
        v0, v1 = team.velocity
        base = v0 + (v1 - v0) * self.progress(s)
        return max(12.0, base * (1 + 0.12 * self.rng.gauss(0, 1)) + 3.0)

    # ---- issue creation
    def new_issue(self, team: TeamSpec, category: str, created: datetime, s: int) -> Issue:
        rng = self.rng
        components = team.components[category]
        if category == "defect":   # interest: bugs arrive where the debt is
            open_debt = self.open_debt_by_component
            components = {c: w + 0.09 * open_debt.get(c, 0) for c, w in components.items()}
        comp = self.pick(dict(components))
        issue_type, labels = self.type_and_labels(team, category, comp)
        it = Issue(n=len(self.issues), team=team, category=category, issue_type=issue_type,
                   created=created, labels=labels, components=[comp])
        if rng.random() < 0.06:
            others = [c for c in team.components["feature"] if c != comp] or [comp]
            second = rng.choice(others)
            if second != comp:
                it.components.append(second)
        it.summary = self.summary(team, category, comp, issue_type)
        it.priority = self.priority(category)
        it.points = self.points(category)
        it.eff = float(it.points) if it.points is not None else 2.0
        it.remaining = it.eff
        it.reporter = team.lead if rng.random() < 0.55 else rng.choice(team.members)
        it.team_field = team.name
        if rng.random() < 0.45:
            it.description = self.description(team)
        if category == "defect":
            if rng.random() < 0.4:
                it.environment = rng.choice(ENVIRONMENTS)
            it.votes = rng.choice((0, 0, 0, 0, 1, 1, 2, 3))
        if team.key == "DAT" and it.points is not None:
            it.estimate = int(it.points * 4 * 3600)
        it.pre_assigned = rng.random() < 0.25
        if it.pre_assigned:
            it.assignee = rng.choice(team.members)
        self.link_epic(it, s)
        self.issues.append(it)
        return it

    def type_and_labels(self, team: TeamSpec, category: str, comp: str) -> tuple[str, list[str]]:
        rng = self.rng
        extra: list[str] = []
        if category == "feature":
            if rng.random() < 0.3:
                extra.append(rng.choice(FEATURE_LABELS))
            return "Story", extra
        if category == "defect":
            if rng.random() < 0.3:
                extra.append(rng.choice(BUG_LABELS))
            return "Bug", extra
        if rng.random() < 0.15:
            extra.append(rng.choice(NEUTRAL_TECH_LABELS))
        if category == "debt":
            if comp.startswith("legacy"):
                label = self.pick({"legacy": 5, "tech-debt": 3, "refactor": 2})
            else:
                label = self.pick({"tech-debt": 6, "refactor": 3, "legacy": 1})
            return ("Task" if rng.random() < 0.6 else "Story"), [label] + extra
        if category == "enabler":
            label = self.pick({"enabler": 4, "performance": 3, "security": 3})
            labels = [label]
            if label != "enabler" and rng.random() < 0.2:
                labels.append("enabler")
            return ("Story" if rng.random() < 0.6 else "Task"), labels + extra
        if category == "architecture":
            if rng.random() < 0.75:
                return "Spike", (["architecture"] if rng.random() < 0.3 else []) + extra
            return "Story", [self.pick({"architecture": 3, "adr": 2})] + extra
        # devops
        label = {"ci-pipeline": "ci", "observability": "monitoring", "cloud-infra": "terraform",
                 "app-release": "ci"}.get(comp) or self.pick({"devops": 5, "monitoring": 2,
                                                             "terraform": 1, "ci": 2})
        return "Task", [label] + extra

    def fill(self, template: str, team: TeamSpec, comp: str) -> str:
        rng = self.rng
        values = {k: rng.choice(v) for k, v in FILL.items() if "{" + k + "}" in template}
        values.update({k: rng.choice(v) for k, v in DEFECT_FILL.items() if "{" + k + "}" in template})
        obj = rng.choice(team.objects[comp])
        values["o"] = obj
        values["O"] = obj[0].upper() + obj[1:]
        return template.format(**values)

    def summary(self, team: TeamSpec, category: str, comp: str, issue_type: str) -> str:
        if category == "feature":
            return self.fill(self.rng.choice(FEATURES[team.key]), team, comp)
        templates = TECH_TEMPLATES[category]
        if category == "architecture":
            want_spike = issue_type == "Spike"
            templates = tuple(t for t in templates if t.startswith("Spike") == want_spike) or templates
        return self.fill(self.rng.choice(templates), team, comp)

    def description(self, team: TeamSpec) -> str:
        template = self.rng.choice(DESCRIPTIONS)
        values = {k: self.rng.choice(v) for k, v in DESCRIPTION_FILL.items()}
        return template.format(lead=team.lead, **values)

    def priority(self, category: str) -> str:
        if category == "defect":
            return self.pick({"Highest": 10, "High": 30, "Medium": 40, "Low": 17, "Lowest": 3})
        if category == "feature":
            return self.pick({"Highest": 2, "High": 20, "Medium": 60, "Low": 15, "Lowest": 3})
        return self.pick({"High": 15, "Medium": 65, "Low": 18, "Lowest": 2})

    def points(self, category: str) -> int | None:
        none = {"defect": 0.16}.get(category, 0.06)
        if self.rng.random() < none:
            return None
        if category == "defect":
            return int(self.pick({"1": 35, "2": 35, "3": 20, "5": 10}))
        if category == "architecture":
            return int(self.pick({"1": 15, "2": 35, "3": 35, "5": 15}))
        return int(self.pick({"1": 18, "2": 30, "3": 25, "5": 16, "8": 9, "13": 2}))

    def link_epic(self, it: Issue, s: int) -> None:
        candidates = [e for e in self.epics[it.team.key]
                      if e.epic_window[0] <= s < e.epic_window[1] and e.created < it.created]
        if not candidates:
            return
        same = [e for e in candidates if e.category == it.category]
        if it.category == "feature" and same and self.rng.random() < 0.75:
            it.epic = self.rng.choice(same)
        elif it.category in TECHNICAL and same and self.rng.random() < 0.5:
            it.epic = self.rng.choice(same)
        elif it.category == "defect" and self.rng.random() < 0.15:
            feature_epics = [e for e in candidates if e.category == "feature"]
            if feature_epics:
                it.epic = self.rng.choice(feature_epics)
        if it.epic is not None:
            it.epic.children.append(it)

    def create_epics(self) -> None:
        for team in TEAMS:
            for name, category, first, length, label in EPICS[team.key]:
                created = self.at(first - 1, 0.8 + 0.15 * self.rng.random())
                it = Issue(n=len(self.issues), team=team, category=category, issue_type="Epic",
                           created=created, summary=name, epic_name=name,
                           labels=[label] if label else [], points=None, eff=0, remaining=0)
                it.epic_window = (first, first + length)
                it.priority = "High" if self.rng.random() < 0.4 else "Medium"
                it.reporter = team.lead
                it.assignee = team.lead
                it.pre_assigned = True
                it.team_field = team.name
                it.description = f"h3. Goal\n{name} for {team.name}.\n\nh3. Scope\nSee child issues."
                self.issues.append(it)
                self.epics[team.key].append(it)

    # ---- sprint work
    def created_in(self, team: TeamSpec, s: int, count: int, lo: float = 0.0,
                   hi: float = 1.0) -> list[tuple[float, Issue]]:
        out = []
        mix = self.creation_mix(team, s)
        self.open_debt_by_component = Counter(c for i in self.pool[team.key] if i.category == "debt"
                                              for c in i.components)
        for _ in range(count):
            frac = lo + (hi - lo) * self.rng.random()
            category = self.pick(mix)
            out.append((frac, self.new_issue(team, category, self.at(s, frac), s)))
        out.sort(key=lambda pair: pair[0])
        return out

    def creation_count(self, team: TeamSpec, s: int, share: float) -> int:
        rate = team.rate * (0.85 + 0.3 * self.progress(s)) * share
        return max(0, int(round(rate + self.rng.gauss(0, math.sqrt(max(rate, 1.0))))))

    def score(self, it: Issue, when: datetime) -> float:
        age = (when - it.created).days
        return PRIORITY_WEIGHT[it.priority] * (1 + age / 120) * (0.4 + self.rng.random())

    def select(self, team: TeamSpec, s: int, budget: float, when: datetime) -> list[Issue]:
        pool = [it for it in self.pool[team.key] if it.created < when]
        by_cat: dict[str, list[Issue]] = {c: [] for c in CATEGORIES}
        for it in pool:
            by_cat[it.category].append(it)
        mix = self.delivery_mix(team, s)
        total = sum(mix.values())
        strict = team.key == "MOB" and s >= -20      # Mobile squeezes technical work hard
        picks: list[Issue] = []
        spent = 0.0
        for cat in CATEGORIES:
            share = budget * mix[cat] / total
            ranked = sorted(by_cat[cat], key=lambda it: -self.score(it, when))
            for it in ranked:
                if share <= 0:
                    break
                if it.remaining > share:
                    if strict and cat in TECHNICAL:
                        continue
                    if self.rng.random() > share / it.remaining:
                        break      # a small budget buys a whole item only now and then
                picks.append(it)
                share -= it.remaining
                spent += it.remaining
        if spent < budget:
            chosen = set(id(it) for it in picks)
            rest = [it for it in pool if id(it) not in chosen]
            order = {"feature": 0, "defect": 1}
            rest.sort(key=lambda it: (order.get(it.category, 2) if team.key != "PLAT" else 0,
                                      -self.score(it, when)))
            for it in rest:
                if spent >= budget:
                    break
                picks.append(it)
                spent += it.remaining
        for it in picks:
            self.pool[team.key].remove(it)
        return picks

    def start(self, it: Issue, when: datetime) -> None:
        if not it.assignee:
            it.assignee = self.rng.choice(it.team.members)
        self.add_event(it, when, "In Progress")
        it.started = it.events[-1][0]

    def add_event(self, it: Issue, when: datetime, to: str) -> None:
        last = it.events[-1][0] if it.events else it.created
        when = max(when, last + timedelta(minutes=7)).replace(second=0, microsecond=0)
        it.events.append((when, it.status, to))

    def finish(self, it: Issue, done_at: datetime, resolution: str = "Done") -> None:
        rng = self.rng
        if resolution == "Done":
            last = it.events[-1][0]
            gap = (done_at - last).total_seconds() / 3600
            review = done_at - timedelta(hours=min(max(gap * 0.35, 0.3), 4 + 26 * rng.random()))
            self.add_event(it, review, "In Review")
            if rng.random() < 0.12:          # back-step: review sent it back
                span = done_at - it.events[-1][0]
                self.add_event(it, it.events[-1][0] + span * 0.3, "In Progress")
                self.add_event(it, it.events[-1][0] + span * 0.35, "In Review")
            if it.category == "defect" and rng.random() < 0.04:   # reopened once
                span = done_at - it.events[-1][0]
                self.add_event(it, it.events[-1][0] + span * 0.3, "Done")
                self.add_event(it, it.events[-1][0] + span * 0.2, "In Progress")
                self.add_event(it, it.events[-1][0] + span * 0.2, "In Review")
        self.add_event(it, done_at, "Done")
        it.resolved = it.events[-1][0]
        it.resolution = resolution

    def run_sprint(self, team: TeamSpec, s: int, new: list[tuple[float, Issue]]) -> None:
        rng = self.rng
        limit = 1.0 if s < 0 else self.elapsed
        start = self.sprint_start(s)
        cap = self.capacity(team, s)
        # urgent bugs raised during the sprint go straight in
        urgent = [(f, it) for f, it in new if it.category == "defect"
                  and it.priority in ("Highest", "High") and f < 0.8 and rng.random() < 0.5]
        urgent_carry = []
        for f, it in urgent:
            it.urgent = True
            it.join_sprint(s, it.after_last_move(it.created + timedelta(minutes=5 + 40 * self.plan_rng.random())))
            fs = f + 0.005 + 0.02 * rng.random()
            fe = fs + 0.03 + 0.04 * it.eff * rng.random()
            cap -= it.eff
            if fs < limit:
                self.start(it, max(self.at(s, fs), it.created + timedelta(minutes=20)))
                if fe < limit:
                    self.finish(it, self.at(s, fe))
                    continue
            if s < 0:
                urgent_carry.append(it)
        cap = max(cap, 8.0)
        carried = self.carried[team.key]
        carried = [it for it in carried if it.resolved is None]
        self.carried[team.key] = []
        commit = [it for it in carried if it.started is not None] + [it for it in carried if it.started is None]
        budget = cap * 1.2 - sum(it.remaining for it in commit)
        if budget > 0:
            commit += self.select(team, s, budget, start)
        cum = 0.0
        for it in commit:
            it.join_sprint(s, self.planning_moment(it, s))
            work = it.remaining
            fe = (cum + work) / cap * 0.97
            cum += work
            if it.started is None:
                duration = min(0.75, 0.12 + 0.05 * it.eff)
                fs = max(0.0, fe - duration - 0.05 * rng.random())
                if fs < limit:
                    self.start(it, max(self.at(s, fs), start))
            if fe < limit and it.started is not None:
                self.finish(it, self.at(s, fe))
                continue
            if s == 0:
                if it.started is not None and fe - limit < 0.08 and rng.random() < 0.6:
                    self.add_event(it, min(self.now - timedelta(hours=3),
                                           max(it.events[-1][0], self.now - timedelta(hours=30))),
                                   "In Review")
                continue
            if it.started is not None:
                it.remaining = max(0.5, (fe - 1.0) * cap / 0.97)
                if s >= -16 and self.parked[team.key] < 5 and rng.random() < 0.2:
                    self.parked[team.key] += 1
                    continue        # parked: stays In Progress, out of the sprint (ageing WIP)
                self.carried[team.key].append(it)
            elif rng.random() < 0.75:
                self.carried[team.key].append(it)
            else:
                # back to the backlog: taken out of the sprint in its second half
                it.leave_sprint(s, it.after_last_move(self.at(s, 0.5 + 0.45 * self.plan_rng.random())))
                self.pool[team.key].append(it)
        self.carried[team.key].extend(urgent_carry)
        for _, it in new:
            if not it.urgent:
                self.pool[team.key].append(it)

    def groom(self, team: TeamSpec, s: int) -> None:
        """Backlog refinement every third sprint: old items closed as Won't Do etc."""
        when = self.at(s, 0.2 + 0.1 * self.rng.random())
        rates = {"feature": 0.12, "defect": 0.16, "debt": 0.03, "enabler": 0.07,
                 "architecture": 0.09, "devops": 0.07}
        if team.key == "CAT":
            rates["debt"] = 0.004
        for it in list(self.pool[team.key]):
            if (when - it.created).days < 90 or self.rng.random() >= rates[it.category]:
                continue
            self.pool[team.key].remove(it)
            if it.category == "defect":
                resolution = self.pick({"Won't Do": 3, "Cannot Reproduce": 4, "Duplicate": 3})
            else:
                resolution = self.pick({"Won't Do": 8, "Duplicate": 2})
            self.finish(it, when + timedelta(minutes=self.rng.randint(0, 90)), resolution)

    def plan_future(self) -> None:
        for team in TEAMS:
            for s, share in ((1, 0.9), (2, 0.5), (3, 0.25)):
                cap = self.capacity(team, s)
                picks = self.select(team, s, cap * share, self.now)
                for it in picks:
                    planned = self.now - timedelta(hours=2 + 70 * self.plan_rng.random())
                    it.join_sprint(s, min(it.after_last_move(planned), self.now - timedelta(minutes=1)))
                    self.pool[team.key].append(it)     # still in the backlog, just planned

    def run(self) -> None:
        self.create_epics()
        for team in TEAMS:      # the backlog that existed when the teams started using Jira
            for _, it in self.created_in(team, -HISTORY_SPRINTS - 1, 25, 0.85, 1.0):
                self.pool[team.key].append(it)
        for s in range(-HISTORY_SPRINTS, 1):
            for team in TEAMS:
                share = 1.0 if s < 0 else self.elapsed
                new = self.created_in(team, s, self.creation_count(team, s, share), 0.0, share)
                self.run_sprint(team, s, new)
                if s < 0 and s % 3 == 0:
                    self.groom(team, s)
        self.plan_future()


# ------------------------------------------------------------------- after the simulation

def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _quarter_end(year: int, q: int) -> date:
    if q == 4:
        return date(year, 12, 31)
    return date(year, 3 * q + 1, 1) - timedelta(days=1)


def _next_quarter(year: int, q: int) -> tuple[int, int]:
    return (year + 1, 1) if q == 4 else (year, q + 1)


def _version_name(year: int, q: int) -> str:
    return f"{year}.Q{q}"


class _Finisher:
    """Everything decided once the work is done: epics, keys, versions, links, quality cases."""

    def __init__(self, sim: _Simulation):
        self.sim = sim
        self.rng = sim.rng
        self.now = sim.now
        self.issues = sim.issues

    def finish_epics(self) -> None:
        for team in TEAMS:
            for epic in self.sim.epics[team.key]:
                kids = epic.children
                started = [k.started for k in kids if k.started is not None]
                if started:
                    self.sim.add_event(epic, max(min(started), epic.created + timedelta(hours=1)),
                                       "In Progress")
                    epic.started = epic.events[-1][0]
                    epic.start_date = epic.started.date()
                window_over = epic.epic_window[1] <= 0
                resolved = [k.resolved for k in kids if k.resolved is not None]
                if kids and window_over and len(resolved) >= 0.8 * len(kids):
                    done = max(resolved) + timedelta(days=self.rng.randint(1, 4), hours=2)
                    if done < self.now - timedelta(hours=1) and epic.started is not None:
                        self.sim.add_event(epic, done, "Done")
                        epic.resolved = epic.events[-1][0]
                        epic.resolution = "Done"

    def assign_keys(self) -> None:
        self.issues.sort(key=lambda it: (it.created, it.n))
        counters: Counter[str] = Counter()
        for number, it in enumerate(self.issues):
            it.id = 10001 + number
            counters[it.team.key] += 1
            it.key = f"{it.team.key}-{counters[it.team.key]}"
        for team in TEAMS:
            mine = [it for it in self.issues if it.team is team]
            order = list(range(len(mine)))
            self.rng.shuffle(order)
            for pos, it in zip(order, mine):
                it.rank = f"0|i{_base36(pos * 7 + 11):0>5}:"

    def versions(self) -> list[tuple[str, date]]:
        first = _quarter((self.sim.sprint_start(-HISTORY_SPRINTS - 1)).date())
        last = _next_quarter(*_quarter(self.sim.anchor))
        out = []
        year, q = first
        while (year, q) <= last:
            out.append((_version_name(year, q), _quarter_end(year, q)))
            year, q = _next_quarter(year, q)
        return out

    def fix_versions(self) -> None:
        rng = self.rng
        for it in self.issues:
            if it.issue_type == "Epic":
                continue
            if it.resolved is not None:
                if it.resolution != "Done":
                    continue
                p = 0.85 if it.category in ("feature", "defect") else 0.6
                if rng.random() < p:
                    y, q = _quarter(it.resolved.date())
                    it.fix_versions = [_version_name(y, q)]
                    if it.category == "defect" and rng.random() < 0.03:
                        it.fix_versions.append(_version_name(*_next_quarter(y, q)))
            elif it.sprints and it.sprints[-1] >= 0:
                if rng.random() < 0.8:
                    end = self.sim.sprint_start(it.sprints[-1] + 1).date() - timedelta(days=1)
                    it.fix_versions = [_version_name(*_quarter(end))]
            elif it.category == "feature" and rng.random() < 0.1:
                it.fix_versions = [_version_name(*_next_quarter(*_quarter(self.sim.anchor)))]

    def dates_and_people(self) -> None:
        rng = self.rng
        release = {name: d for name, d in self.versions()}
        for it in self.issues:
            if it.issue_type == "Epic":
                continue
            if it.category == "feature" and it.fix_versions and rng.random() < 0.2:
                it.due = release[it.fix_versions[0]] - timedelta(days=rng.randint(3, 20))
            elif it.priority == "Highest" and it.category == "defect":
                it.due = it.created.date() + timedelta(days=7)
            elif rng.random() < 0.04:
                it.due = it.created.date() + timedelta(days=rng.randint(30, 90))
            if it.due is not None and it.started is not None and rng.random() < 0.5:
                it.start_date = it.started.date()
            end = it.resolved or self.now
            watchers = [u for u in (it.reporter, it.assignee) if u]
            it.watchers = list(dict.fromkeys(watchers))[:2]
            r = rng.random()
            n_comments = 2 if r < 0.08 else 1 if r < 0.3 else 0
            for _ in range(n_comments):
                when = _between(rng, it.created, end)
                it.comments.append((when, rng.choice(it.team.members + (it.team.lead,)),
                                    rng.choice(COMMENTS)))
            it.comments.sort()
            if rng.random() < 0.5:
                it.touches.append(_between(rng, it.created, end))
            if it.resolved is not None and rng.random() < 0.05:
                it.touches.append(_between(rng, it.resolved, self.now))
            # re-estimates: open 90 days ago, estimated differently back then
            snap = self.now - timedelta(days=SNAPSHOT_DAYS)
            if (it.points is not None and it.created < snap and it.open_on(snap)
                    and rng.random() < 0.08):
                later = it.started or self.now
                if later > snap:
                    it.old_points = {1: 2, 2: 1, 3: 5, 5: 3, 8: 5, 13: 8}[it.points]
                    it.repoint_at = _between(rng, snap, min(later, self.now))
            if it.estimate is not None and it.started is not None:
                it.spent = int(it.estimate * (0.6 + 0.9 * rng.random()) // 900 * 900)
            if rng.random() < 0.2:
                it.last_viewed = _between(rng, self.updated(it, self.now), self.now)

    def updated(self, it: Issue, t: datetime) -> datetime:
        return _updated(it, t)

    def quality_cases(self) -> None:
        rng = self.rng
        candidates = [it for it in self.issues if it.issue_type != "Epic" and it.resolution == "Done"
                      and it.team.key in ("DAT", "MOB") and it.epic is None
                      and it.resolved < self.now - timedelta(days=120)]
        for it in rng.sample(candidates, 8):
            it.hide_resolved = True
        pool = [it for it in self.issues if it.issue_type != "Epic" and not it.hide_resolved]
        for it in rng.sample(pool, 10):
            it.team_field = ""


def _updated(it: Issue, t: datetime) -> datetime:
    """Jira's Updated: the last change of any kind before t."""
    moments = [it.created] + [e[0] for e in it.events] + [c[0] for c in it.comments] + it.touches
    if it.repoint_at:
        moments.append(it.repoint_at)
    return max(m for m in moments if m < t)


def _between(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    if hi <= lo:
        return lo
    moment = lo + (hi - lo) * rng.random()
    return moment.replace(second=0, microsecond=0)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


# ------------------------------------------------------------------------------ links

class _Linker:
    """Blocks and relates links with the planned shape (see the module docstring).

    Every ordinary link goes from an earlier to a later item in one global order (resolved
    items by resolution time, then open items by creation), so the graph is acyclic except
    for the one deliberate cycle. A resolved item is only blocked by items resolved before
    it started. Ordinary open links never create an ordering risk: when the blocked item is
    planned (sprint, unreleased release, due date) the blocker is planned no later."""

    MAX_OUT, MAX_IN = 4, 3

    def __init__(self, fin: _Finisher):
        self.fin = fin
        self.sim = fin.sim
        self.rng = fin.rng
        self.issues = [it for it in fin.issues if it.issue_type != "Epic"]
        self.by_key = {it.key: it for it in fin.issues}
        self.release = {name: d for name, d in fin.versions()}
        self.pairs: dict[tuple[str, str], None] = {}
        self.reserved: set[str] = set()
        self.cycle: list[str] = []
        self.chains: list[list[str]] = []
        self.risks: list[tuple[str, str, str]] = []
        self.relates: list[tuple[str, str]] = []
        self.order = {}
        for it in self.issues:
            if it.resolved is not None:
                self.order[it.key] = (0, it.resolved, it.n)
            else:
                self.order[it.key] = (1, it.created, it.n)

    # planning dimensions of an open item
    def sprint_end(self, it: Issue) -> date | None:
        if it.resolved is None and it.sprints and it.sprints[-1] >= 0:
            return self.sim.sprint_start(it.sprints[-1] + 1).date()
        return None

    def release_date(self, it: Issue) -> date | None:
        dates = [self.release[v] for v in it.fix_versions if self.release[v] >= self.sim.anchor]
        return min(dates) if it.resolved is None and dates else None

    def due(self, it: Issue) -> date | None:
        return it.due if it.resolved is None else None

    def planned(self, it: Issue) -> bool:
        return any(f(it) is not None for f in (self.sprint_end, self.release_date, self.due))

    def valid(self, a: Issue, b: Issue) -> bool:
        if a is b:
            return False
        if (a.key, b.key) in self.pairs or (b.key, a.key) in self.pairs:
            return False
        if a.key in self.reserved or b.key in self.reserved:
            return False
        if len(a.out_blocks) >= self.MAX_OUT or len(b.in_blocks) >= self.MAX_IN:
            return False
        if not self.order[a.key] < self.order[b.key]:
            return False
        if b.resolved is not None:
            return a.resolved is not None and a.resolved <= (b.started or b.resolved)
        if a.resolved is None:
            for f in (self.sprint_end, self.release_date, self.due):
                fb = f(b)
                if fb is not None:
                    fa = f(a)
                    if fa is None or fa > fb:
                        return False
        return True

    def add(self, a: Issue, b: Issue) -> None:
        self.pairs[(a.key, b.key)] = None
        a.out_blocks.append(b.key)
        b.in_blocks.append(a.key)

    def candidates(self, team: str | None = None, cats=None, state: str | None = None,
                   not_team: str | None = None) -> list[Issue]:
        out = []
        for it in self.issues:
            if team and it.team.key != team or not_team and it.team.key == not_team:
                continue
            if cats and it.category not in cats:
                continue
            if state == "open" and it.resolved is not None:
                continue
            if state == "done" and (it.resolved is None or it.resolution != "Done"):
                continue
            if it.resolution and it.resolution != "Done":
                continue
            out.append(it)
        return out

    def link_class(self, count: int, sources: list[Issue], targets: list[Issue],
                   source_weights: list[float] | None = None) -> int:
        made = 0
        tries = 0
        while made < count and tries < count * 60 and sources and targets:
            tries += 1
            b = self.rng.choice(targets)
            if source_weights:
                a = self.rng.choices(sources, weights=source_weights)[0]
            else:
                a = self.rng.choice(sources)
            if self.valid(a, b):
                self.add(a, b)
                made += 1
        return made

    def unplanned_open(self, team: str, cats) -> list[Issue]:
        return [it for it in self.candidates(team, cats, "open")
                if not self.planned(it) and it.status == "To Do" and it.key not in self.reserved]

    def make_cycle(self) -> None:
        x = self.rng.choice(self.unplanned_open("PLAT", ("enabler",)))
        y = self.rng.choice(self.unplanned_open("CHK", ("feature",)))
        z = self.rng.choice(self.unplanned_open("CAT", ("feature",)))
        for a, b in ((x, y), (y, z), (z, x)):
            self.add(a, b)
        self.cycle = [x.key, y.key, z.key]
        self.reserved.update(self.cycle)

    def make_risks(self) -> None:
        """Five features planned before the Platform item that blocks them."""
        rng = self.rng
        cur_q = _quarter(self.sim.anchor)
        q0, q1 = _version_name(*cur_q), _version_name(*_next_quarter(*cur_q))
        kinds = ("sprint", "sprint", "release", "release", "due")
        teams = ("CHK", "MOB", "CAT", "DAT", "MOB")
        for kind, team in zip(kinds, teams):
            a = rng.choice(self.unplanned_open("PLAT", ("enabler", "architecture")))
            b = rng.choice(self.unplanned_open(team, ("feature",)))
            if kind == "sprint":
                planned = self.sim.now - timedelta(hours=20)
                b.join_sprint(1, min(b.after_last_move(planned), self.sim.now - timedelta(minutes=1)))
                a.join_sprint(3, min(a.after_last_move(planned), self.sim.now - timedelta(minutes=1)))
            elif kind == "release":
                b.fix_versions = [q0]
                a.fix_versions = [q1]
            else:
                b.due = self.sim.anchor + timedelta(days=10)
                a.due = self.sim.anchor + timedelta(days=45)
            self.add(a, b)
            self.reserved.update((a.key, b.key))
            self.risks.append((b.key, a.key, kind))

    def make_chains(self) -> None:
        """Open chains of 3-5 items: PLAT spike -> PLAT enabler (-> PLAT devops) -> features."""
        rng = self.rng
        shapes = (("CHK",), ("CAT", "CHK"), ("MOB",), ("DAT", "MOB"), ("CHK", "MOB"), ("CAT",))
        pools = {}
        for i, tail in enumerate(shapes):
            heads = [("PLAT", ("architecture",)), ("PLAT", ("enabler",))]
            if i % 2:
                heads.append(("PLAT", ("devops",)))
            spec = (heads + [(t, ("feature",)) for t in tail])[:5]
            for _ in range(50):
                nodes: list[Issue] = []
                for j, (team, cats) in enumerate(spec):
                    if (team, cats) not in pools:
                        pools[(team, cats)] = sorted(self.unplanned_open(team, cats),
                                                     key=lambda n: self.order[n.key])
                    cands = [n for n in pools[(team, cats)] if n.key not in self.reserved
                             and (not nodes or self.order[n.key] > self.order[nodes[-1].key])]
                    if not cands:
                        break
                    # leave room for the rest of the chain: stay in the earlier part
                    room = len(spec) - j
                    nodes.append(rng.choice(cands[: max(1, len(cands) // room)]))
                if len(nodes) == len(spec) and all(self.valid(nodes[j], nodes[j + 1])
                                                   for j in range(len(nodes) - 1)):
                    break
            else:
                continue
            for j in range(len(nodes) - 1):
                self.add(nodes[j], nodes[j + 1])
            self.chains.append([n.key for n in nodes])
            self.reserved.update(n.key for n in nodes)

    def make_ordinary(self) -> None:
        plat_tech = ("enabler", "devops", "architecture")
        others = ("CHK", "CAT", "MOB", "DAT")
        other_features_open = [it for t in others for it in self.candidates(t, ("feature",), "open")]
        other_features_done = [it for t in others for it in self.candidates(t, ("feature",), "done")]
        plat_open = self.candidates("PLAT", plat_tech, "open")
        plat_done = self.candidates("PLAT", plat_tech, "done")
        # a few key Platform enablers block many things (hotspots)
        hot = [1.0 / (1 + i) ** 0.8 for i in range(len(plat_open))]
        self.link_class(115, plat_open, other_features_open, hot)
        self.link_class(90, plat_done, other_features_done)
        self.link_class(30, plat_done, other_features_open)
        # other cross-team dependencies
        pairs = (("CAT", "CHK", 25), ("DAT", "MOB", 10), ("CHK", "MOB", 12), ("CAT", "MOB", 8),
                 ("DAT", "CAT", 6))
        for src, dst, n in pairs:
            srcs = self.candidates(src, None)
            dsts = self.candidates(dst, ("feature",))
            self.link_class(n, srcs, dsts)
        # within teams: technical work ahead of features, features in sequence
        for t in ("CHK", "CAT", "MOB", "DAT", "PLAT"):
            tech = self.candidates(t, TECHNICAL)
            feats = self.candidates(t, ("feature",))
            self.link_class(14, tech, feats)
            self.link_class(10, feats, feats)

    def make_unknown(self) -> list[tuple[str, str]]:
        """Links to keys outside the export (LEGACY-101 blocks CAT-x, PLAT-y blocks SEC-12...)."""
        rng = self.rng
        out = []
        spec = (("LEGACY-101", "CAT", "in"), ("LEGACY-117", "CHK", "in"),
                ("LEGACY-142", "CAT", "in"), ("SEC-12", "PLAT", "out"), ("OPS-88", "DAT", "in"))
        for unknown, team, direction in spec:
            cats = ("debt",) if unknown.startswith("LEGACY") else None
            items = [it for it in self.candidates(team, cats, "open")
                     if it.key not in self.reserved and len(it.in_blocks) < self.MAX_IN
                     and len(it.out_blocks) < self.MAX_OUT]
            it = rng.choice(items)
            if direction == "in":
                it.in_blocks.append(unknown)
                out.append((unknown, it.key))
            else:
                it.out_blocks.append(unknown)
                out.append((it.key, unknown))
            self.reserved.add(it.key)
        return out

    def make_relates(self, count: int = 150) -> None:
        made = 0
        while made < count:
            a, b = self.rng.sample(self.issues, 2)
            if a.team is not b.team and self.rng.random() < 0.7:
                continue
            if a.out_relates or b.in_relates or a.created > b.created:
                continue
            a.out_relates.append(b.key)
            b.in_relates.append(a.key)
            self.relates.append((a.key, b.key))
            made += 1

    def run(self) -> list[tuple[str, str]]:
        self.make_cycle()
        self.make_risks()
        self.make_chains()
        self.make_ordinary()
        unknown = self.make_unknown()
        self.make_relates()
        return list(self.pairs) + unknown


# ------------------------------------------------------------------------- building

def build_demo(anchor: date, seed: int = DEFAULT_SEED) -> Demo:
    """Run the story and return the model (no files)."""
    sim = _Simulation(anchor, seed)
    sim.run()
    fin = _Finisher(sim)
    fin.finish_epics()
    fin.assign_keys()
    fin.fix_versions()
    fin.dates_and_people()
    fin.quality_cases()
    linker = _Linker(fin)
    blocks = linker.run()
    goals = {}
    for team in TEAMS:
        epics = sim.epics[team.key]
        for s in range(-HISTORY_SPRINTS, FUTURE_SPRINTS + 1):
            active = [e for e in epics if e.epic_window[0] <= s < e.epic_window[1]]
            template = sim.rng.choice(SPRINT_GOALS)
            goals[(team.key, s)] = template.format(epic=sim.rng.choice(active).summary) if active and template else ""
    sprint_starts = {s: sim.sprint_start(s) for s in range(-HISTORY_SPRINTS, FUTURE_SPRINTS + 2)}
    return Demo(anchor=anchor, seed=seed, now=sim.now,
                snapshot=sim.now - timedelta(days=SNAPSHOT_DAYS), sprint_starts=sprint_starts,
                issues=sorted(fin.issues, key=lambda it: it.id), versions=fin.versions(),
                blocks=blocks, relates=linker.relates, cycle=linker.cycle, chains=linker.chains,
                ordering_risks=linker.risks, goals=goals)


# --------------------------------------------------------------------------- writing

def _export_rows(demo: Demo, t: datetime) -> list[dict]:
    """The all-fields CSV rows of the issues as they were just before `t` (newest first)."""
    current = t >= demo.now
    visible = {it.key for it in demo.issues if it.created < t}
    known = {it.key for it in demo.issues}
    release = dict(demo.versions)
    rows = []
    for it in sorted((it for it in demo.issues if it.created < t), key=lambda it: -it.id):
        status = it.status_at(t)
        done_events = [e[0] for e in it.events if e[0] < t and e[2] == "Done"]
        resolved = done_events[-1] if status == "Done" and done_events else None
        resolution = it.resolution if status == "Done" else ""
        if it.hide_resolved:
            resolved, resolution = None, ""
        category_changes = [e[0] for e in it.events if e[0] < t
                            and STATUS_CATEGORY[e[1]] != STATUS_CATEGORY[e[2]]]
        started = it.started is not None and it.started < t
        sprints = it.sprints if current else [s for s in it.sprints_at(t) if demo.sprint_starts[s] < t]
        versions = it.fix_versions
        if not current and status != "Done":
            versions = [v for v in versions if release[v] >= t.date()]
        points = it.points
        if it.repoint_at is not None and t <= it.repoint_at:
            points = it.old_points
        team = it.team
        row = {
            "Summary": it.summary, "Issue key": it.key, "Issue id": str(it.id),
            "Parent id": str(it.epic.id) if it.epic is not None else "",
            "Issue Type": it.issue_type, "Status": status, "Project key": team.key,
            "Project name": team.project_name, "Project type": "software",
            "Project lead": team.lead, "Project description": team.description,
            "Priority": it.priority, "Resolution": resolution,
            "Assignee": it.assignee if (started or it.pre_assigned) else "",
            "Reporter": it.reporter, "Creator": it.reporter,
            "Created": jw.jira_datetime(it.created),
            "Updated": jw.jira_datetime(_updated(it, t)),
            "Last Viewed": jw.jira_datetime(it.last_viewed) if current else "",
            "Resolved": jw.jira_datetime(resolved),
            "Fix Version/s": versions, "Component/s": it.components,
            "Due date": jw.jira_date(it.due), "Votes": str(it.votes), "Labels": it.labels,
            "Description": it.description, "Environment": it.environment,
            "Watchers": [w.lower().replace(" ", ".") for w in it.watchers],
            "Custom field (Epic Link)": it.epic.key if it.epic is not None else "",
            "Custom field (Epic Name)": it.epic_name,
            "Custom field (Epic Status)": status if it.issue_type == "Epic" else "",
            "Custom field (Rank)": it.rank,
            "Sprint": [demo.sprint_name(team, s) for s in sprints],
            "Custom field (Start date)": jw.jira_date(it.start_date if started else None),
            "Custom field (Story Points)": "" if points is None else str(points),
            "Custom field (Team)": it.team_field,
            "Comment": [f"{jw.jira_datetime(when)};{who.lower().replace(' ', '.')};{text}"
                        for when, who, text in it.comments if when < t],
            "Status Category": STATUS_CATEGORY[status],
            "Status Category Changed": jw.jira_datetime(category_changes[-1] if category_changes
                                                        else it.created),
        }
        if it.estimate is not None:
            spent = it.spent if started and it.spent is not None else 0
            remaining = 0 if status == "Done" else max(0, it.estimate - spent)
            row.update({"Original Estimate": str(it.estimate), "Remaining Estimate": str(remaining),
                        "Σ Original Estimate": str(it.estimate), "Σ Remaining Estimate": str(remaining)})
            if spent:
                row.update({"Time Spent": str(spent), "Σ Time Spent": str(spent),
                            "Work Ratio": f"{round(100 * spent / it.estimate)}%"})
        row["Outward issue link (Blocks)"] = [k for k in it.out_blocks if k in visible or k not in known]
        row["Inward issue link (Blocks)"] = [k for k in it.in_blocks if k in visible or k not in known]
        row["Outward issue link (Relates)"] = [k for k in it.out_relates if k in visible]
        row["Inward issue link (Relates)"] = [k for k in it.in_relates if k in visible]
        rows.append(row)
    return rows


def _sprints_json(demo: Demo) -> dict:
    values = []
    for s in range(-HISTORY_SPRINTS, FUTURE_SPRINTS + 1):
        for index, team in enumerate(TEAMS):
            start = demo.sprint_starts[s]
            end = demo.sprint_starts[s + 1]
            state = "closed" if s < 0 else "active" if s == 0 else "future"
            complete = end + timedelta(minutes=20 + (s * 37 + index * 13) % 90) if s < 0 else None
            sprint_id = _sprint_id(index, s)
            values.append(jw.sprint_json(sprint_id, demo.sprint_name(team, s), state, start, end,
                                         complete, team.board_id, demo.goals[(team.key, s)], BASE_URL))
    values.sort(key=lambda v: (v["originBoardId"], v["id"]))
    return jw.sprint_list_json(values)


def _sprint_id(team_index: int, s: int) -> int:
    return 100 + (s + HISTORY_SPRINTS) * len(TEAMS) + team_index


def _sprint_field(demo: Demo, it: Issue, sprints: tuple[int, ...]) -> tuple[str | None, str | None]:
    """The Sprint field's value in a changelog item: comma-separated ids and names."""
    if not sprints:
        return None, None
    index = TEAMS.index(it.team)
    return (", ".join(str(_sprint_id(index, s)) for s in sprints),
            ", ".join(demo.sprint_name(it.team, s) for s in sprints))


def _versions_json(demo: Demo) -> list[dict]:
    out = []
    number = 0
    for team in TEAMS:
        for name, release in demo.versions:
            number += 1
            out.append(jw.version_json(20000 + number, name, f"Quarterly release train {name}",
                                       release < demo.anchor, release, team.project_id, team.key,
                                       BASE_URL))
    return out


def _changelog_json(demo: Demo) -> dict:
    issues = []
    history_id = 500000
    for it in demo.issues:
        histories = []
        moments = [(when, "status", frm, to) for when, frm, to in it.events]
        if it.repoint_at is not None:
            moments.append((it.repoint_at, "points", str(it.old_points), str(it.points)))
        moments.extend((when, "sprint", before, after) for when, before, after in it.sprint_moves)
        moments.sort(key=lambda m: m[0])
        for when, kind, frm, to in moments:
            history_id += 1
            who = it.assignee or it.reporter
            if kind == "points":
                items = [{"field": "Story Points", "fieldtype": "custom",
                          "fieldId": "customfield_10016", "from": None, "fromString": frm,
                          "to": None, "toString": to}]
            elif kind == "sprint":
                (from_ids, from_names), (to_ids, to_names) = _sprint_field(demo, it, frm), _sprint_field(demo, it, to)
                items = [{"field": "Sprint", "fieldtype": "custom", "fieldId": "customfield_10020",
                          "from": from_ids, "fromString": from_names, "to": to_ids, "toString": to_names}]
            else:
                items = []
                if to == "Done" and not it.hide_resolved:
                    items.append({"field": "resolution", "fieldtype": "jira", "fieldId": "resolution",
                                  "from": None, "fromString": None,
                                  "to": RESOLUTION_IDS[it.resolution], "toString": it.resolution})
                elif frm == "Done" and not it.hide_resolved:
                    items.append({"field": "resolution", "fieldtype": "jira", "fieldId": "resolution",
                                  "from": RESOLUTION_IDS[it.resolution], "fromString": it.resolution,
                                  "to": None, "toString": None})
                items.append(jw.status_item(STATUS_IDS[frm], frm, STATUS_IDS[to], to))
            histories.append(jw.status_history_json(history_id, when, who, items))
        issues.append(jw.changelog_issue_json(str(it.id), it.key, it.status, STATUS_IDS[it.status],
                                              histories, BASE_URL))
    return jw.search_response_json(issues)


def generate_demo(out_dir: Path, anchor: date, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo files into `out_dir` and return them in import order.

    `anchor` is "today" of the demo; the same anchor and seed give byte-identical files."""
    return write_demo(build_demo(anchor, seed), out_dir)


def write_demo(demo: Demo, out_dir: Path) -> list[Path]:
    """Write a built demo's files into `out_dir`; return them in import order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    anchor = demo.anchor
    sprints = out_dir / "demo-sprints.json"
    versions = out_dir / "demo-versions.json"
    old = out_dir / f"demo-export-{(anchor - timedelta(days=SNAPSHOT_DAYS)).isoformat()}.csv"
    new = out_dir / f"demo-export-{anchor.isoformat()}.csv"
    changelog = out_dir / "demo-changelog.json"
    jw.dump_json(_sprints_json(demo), sprints, indent=2)
    jw.dump_json(_versions_json(demo), versions, indent=2)
    jw.write_jira_csv(old, _export_rows(demo, demo.snapshot))
    jw.write_jira_csv(new, _export_rows(demo, demo.now))
    jw.dump_json(_changelog_json(demo), changelog)
    return [sprints, versions, old, new, changelog]


# ------------------------------------------------------------------------------ facts

def demo_facts(anchor: date, seed: int = DEFAULT_SEED, demo: Demo | None = None) -> dict:
    """The figures the demo is built to show, computed from the generated model."""
    demo = demo or build_demo(anchor, seed)
    issues = demo.issues
    by_key = {it.key: it for it in issues}
    now = demo.now
    team_of = {it.key: it.team.key for it in issues}

    def open_count(team: str, cat: str, t: datetime) -> int:
        return sum(1 for it in issues if it.team.key == team and it.category == cat
                   and it.issue_type != "Epic" and it.open_on(t))

    def open_share(team: str, cat: str, t: datetime) -> float:
        total = sum(1 for it in issues if it.team.key == team and it.issue_type != "Epic"
                    and it.open_on(t))
        return round(open_count(team, cat, t) / total, 3) if total else 0.0

    checkpoints = {f"{d}d_ago" if d else "now": now - timedelta(days=d) for d in (360, 270, 182, 90, 0)}
    delivered = {}
    velocity = {}
    for team in TEAMS:
        per_sprint = []
        tech_share = []
        for s in range(-HISTORY_SPRINTS, 0):
            lo, hi = demo.sprint_starts[s], demo.sprint_starts[s + 1]
            done = [it for it in issues if it.team is team and it.resolution == "Done"
                    and it.issue_type != "Epic" and it.resolved is not None and lo <= it.resolved < hi]
            per_sprint.append(sum(it.points or 0 for it in done if s in it.sprints))
            pts = sum(it.points or 0 for it in done)
            tech = sum(it.points or 0 for it in done if it.category in TECHNICAL)
            tech_share.append(round(tech / pts, 3) if pts else 0.0)
        velocity[team.key] = {"first_6_sprints": round(sum(per_sprint[:6]) / 6, 1),
                              "last_6_sprints": round(sum(per_sprint[-6:]) / 6, 1),
                              "min": min(per_sprint), "max": max(per_sprint)}
        delivered[team.key] = tech_share[-10:]
    quarters = {}
    for team in TEAMS:
        shares = {}
        for it in issues:
            if it.team is team and it.resolution == "Done" and it.issue_type != "Epic":
                y, q = _quarter(it.resolved.date())
                done = shares.setdefault(f"{y}.Q{q}", [0, 0])
                done[0] += it.points or 0
                done[1] += (it.points or 0) if it.category in TECHNICAL else 0
        quarters[team.key] = {name: round(t / p, 3) if p else 0.0
                              for name, (p, t) in sorted(shares.items())}
    year_ago = now - timedelta(days=365)
    cat_bugs = Counter(it.components[0] for it in issues if it.team.key == "CAT"
                       and it.category == "defect" and it.created >= year_ago)
    blocks_internal = [(a, b) for a, b in demo.blocks if a in by_key and b in by_key]
    cross = [(a, b) for a, b in blocks_internal if team_of[a] != team_of[b]]
    open_out = Counter(team_of[a] for a, b in cross if by_key[a].is_open and by_key[b].is_open)
    return {
        "anchor": demo.anchor.isoformat(),
        "seed": demo.seed,
        "issues_total": len(issues),
        "issues_per_project": dict(Counter(it.team.key for it in issues)),
        "epics": sum(1 for it in issues if it.issue_type == "Epic"),
        "issues_per_category": dict(Counter(it.category for it in issues)),
        "open_issues": sum(1 for it in issues if it.is_open),
        "snapshot_issues": sum(1 for it in issues if it.created < demo.snapshot),
        "blocks_links": len(demo.blocks),
        "blocks_links_within_export": len(blocks_internal),
        "cross_team_share": round(len(cross) / len(blocks_internal), 3),
        "blocks_from_platform": sum(1 for a, _ in cross if team_of[a] == "PLAT"),
        "open_cross_team_blockers_by_team": dict(open_out.most_common()),
        "top_hotspot_team": open_out.most_common(1)[0][0],
        "cycle": demo.cycle,
        "chains": demo.chains,
        "ordering_risks": demo.ordering_risks,
        "unknown_link_keys": list(UNKNOWN_KEYS),
        "relates_links": len(demo.relates),
        "open_debt": {key: {label: open_count(key, "debt", t) for label, t in checkpoints.items()}
                      for key in ("CAT", "CHK")},
        "open_debt_share": {key: {label: open_share(key, "debt", t) for label, t in checkpoints.items()}
                            for key in ("CAT", "CHK")},
        "delivered_technical_share_last_10_sprints": delivered,
        "delivered_technical_share_by_quarter": quarters,
        "catalog_bugs_last_year_by_component": dict(cat_bugs.most_common()),
        "velocity": velocity,
        "in_progress_now": {t.key: sum(1 for it in issues if it.team is t and it.issue_type != "Epic"
                                       and it.status in ("In Progress", "In Review")) for t in TEAMS},
        "parked_in_progress": {t.key: sum(1 for it in issues if it.team is t and it.issue_type != "Epic"
                                          and it.status in ("In Progress", "In Review")
                                          and (not it.sprints or it.sprints[-1] < 0)) for t in TEAMS},
        "resolutions": dict(Counter(it.resolution or "(open)" for it in issues)),
        "planned_future_sprints": {t.key: sum(1 for it in issues if it.team is t and it.is_open
                                              and it.sprints and it.sprints[-1] > 0) for t in TEAMS},
        "done_without_resolved": sorted(it.key for it in issues if it.hide_resolved),
        "without_team": sorted(it.key for it in issues if it.team_field == ""),
        "points_missing_share": round(sum(1 for it in issues if it.points is None) / len(issues), 3),
    }
