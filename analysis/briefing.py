"""The stakeholder briefing: what a deck, a printable brief and a message all say.

A `Briefing` is plain data (no markup, no escaping): the renderers in app/briefing_render/
turn the same model into PPTX, HTML, PDF and Markdown, each escaping export text its own way.

- **Talking points** are the page headlines (analysis.headlines, `Headline`) ranked by
  weight (how much changed or is at stake), three to seven of them, each with its number,
  its comparison and a link back to the page with the briefing's filters. When nothing
  reaches `NOTABLE_WEIGHT`, the first point says "no notable change" as such.
- **Decisions** state ordering conflicts (of the dependencies page and of the plan's
  program board, each blocker -> item pair once) and teams below their technical target as
  a choice for the stakeholders: "Either PLAT-1 moves before Sprint 14, or WEB-2 slips by
  about 4 weeks."
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import pandas as pd

from analysis.headlines.base import (
    NO_NOTABLE_CHANGE, Headline, count, date_text, percent, ranked,
)
from analysis.plan import NO_TEAM

MIN_POINTS = 3
MAX_POINTS = 7
DEFAULT_POINTS = 5
NOTABLE_WEIGHT = 0.1          # below this a headline is "no notable change"
DAYS_PER_WEEK = 7
DECISION_WEIGHT = 0.8         # a choice for the stakeholders outranks most findings


@dataclass(frozen=True)
class ChartSpec:
    """Enough to draw one chart natively in PowerPoint and as a plotly figure: one
    category axis and one or more named series of numbers (None = no value)."""
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    kind: str = "bar"                 # "bar" (clustered columns) or "line"
    unit: str = ""                    # axis title, e.g. "items", "% of delivered points"

    @property
    def empty(self) -> bool:
        return not self.categories or not self.series


@dataclass(frozen=True)
class TalkingPoint:
    """A headline as the briefing says it: sentence, number, comparison, link back."""
    text: str
    number: str = ""
    comparison: str = ""
    link: str = ""                    # relative url: page path + the briefing's filters
    kind: str = "finding"             # "finding", "decision" or "no-change"
    weight: float = 0.0


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    points: tuple[TalkingPoint, ...] = ()
    table: pd.DataFrame = field(default_factory=pd.DataFrame)   # human column names, few rows
    chart: ChartSpec | None = None
    definitions: str = ""             # what the numbers mean: the PPTX speaker notes


@dataclass(frozen=True)
class Briefing:
    title: str
    teams: tuple[str, ...]
    since: date
    until: date
    data_date: date
    sections: tuple[Section, ...] = ()

    @property
    def teams_text(self) -> str:
        return ", ".join(self.teams) if self.teams else "All teams"

    @property
    def period_text(self) -> str:
        return f"{date_text(self.since)} to {date_text(self.until)}"

    @property
    def decisions_needed(self) -> int | None:
        """How many choices the decisions section states (None when it is not chosen)."""
        chosen = [s for s in self.sections if s.key == "decisions"]
        return sum(p.kind == "decision" for p in chosen[0].points) if chosen else None

    @property
    def answer(self) -> str:
        """The one sentence a page or a message opens with."""
        text = f"The briefing for {self.teams_text}, {self.period_text}: {count(len(self.sections), 'section')}"
        if self.decisions_needed is not None:
            text += f", {count(self.decisions_needed, 'decision')} needed"
        return text + "."


def link(page: str, query: dict) -> str:
    """The relative url of `page` ("" = overview) with the filters' query string."""
    text = urlencode(query, doseq=True)
    return f"{page}?{text}" if text else page


def talking_points(headlines: list[Headline], query: dict | None = None, limit: int = DEFAULT_POINTS,
                   period: str = "") -> tuple[TalkingPoint, ...]:
    """The `limit` (3 to 7) headlines with the most at stake, as talking points.

    Notable headlines (weight >= NOTABLE_WEIGHT) come first, most at stake first; quieter
    ones fill up to three points. When none is notable the first point says so ("No notable
    change ..."), and an empty selection gives that point alone.
    """
    limit = max(MIN_POINTS, min(MAX_POINTS, int(limit)))
    query = query or {}
    ordered = ranked(list(headlines))
    notable = [h for h in ordered if h.weight >= NOTABLE_WEIGHT and h.kind != "no-change"]
    quiet = [h for h in ordered if h not in notable]
    chosen = notable[:limit]
    if len(chosen) < MIN_POINTS:
        chosen += quiet[:MIN_POINTS - len(chosen)]
    points = [_point(h, query) for h in chosen]
    if not notable:
        said = f"{NO_NOTABLE_CHANGE.capitalize()} {period}".strip() + "."
        points = [TalkingPoint(said, kind="no-change")] + points[:limit - 1]
    return tuple(points)


def _point(headline: Headline, query: dict) -> TalkingPoint:
    number = "" if headline.value is None or _missing(headline.value) else _number_text(headline.value)
    return TalkingPoint(text=headline.text, number=number, comparison=headline.comparison,
                        link=link(headline.page, query), kind=headline.kind, weight=headline.weight)


def _number_text(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _missing(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def releases_at_risk_first(releases: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` releases a briefing shows (analysis.release_forecast rows): those at risk
    (not on track at 85 %) first, each group in its given order (by release date)."""
    if releases.empty:
        return releases
    return releases.sort_values("on_track", kind="stable").head(limit).reset_index(drop=True)


# ---------------------------------------------------------------- decisions
NO_DECISION = "No decision needed: no ordering conflict, and every team is at or above its technical target."


def decision_points(decisions: list[Headline], query: dict | None = None,
                    limit: int = MAX_POINTS) -> tuple[TalkingPoint, ...]:
    """The decisions as talking points, most at stake first, or one point saying none is needed."""
    if not decisions:
        return (TalkingPoint(NO_DECISION, kind="no-change"),)
    return tuple(_point(h, query or {}) for h in ranked(list(decisions), limit))


def ordering_decisions(risks: pd.DataFrame, page: str = "dependencies") -> list[Headline]:
    """One choice per ordering conflict (analysis.dependencies.ordering_risks rows): the
    blocker moves before the blocked item's plan, or the blocked item slips by the gap."""
    decisions = []
    for row in risks.itertuples(index=False):
        weeks = max(1, round(row.days_early / DAYS_PER_WEEK))
        text = (f"Either {row.blocker_key} ({row.blocker_team}) moves before {_plan(row.blocked_plan, row.blocked_date)}, "
                f"or {row.blocked_key} ({row.blocked_team}) slips by about {count(weeks, 'week')}.")
        decisions.append(Headline(text=text, page=page, weight=DECISION_WEIGHT, value=float(row.days_early),
                                  comparison=f"planned {count(row.days_early, 'day')} before its blocker",
                                  kind="decision", keys=(row.blocked_key, row.blocker_key)))
    return decisions


def board_decisions(board: pd.DataFrame, blockers: pd.DataFrame, page: str = "plan") -> list[Headline]:
    """One choice per blocker -> item pair in the wrong order on the program board.

    `board` has analysis.plan.program_board rows (an item in `conflict` sits in an earlier
    slot than one of its open blockers); `blockers` one row per planned blocker: `key, team,
    slot, slot_end` (analysis.plan.item_slots with the team). Every blocker of a conflicting
    item whose slot ends after the item's slot is a pair; the item slips by the gap. The
    board compares slots across kinds (an item's sprint against its blocker's release), so
    it finds pairs the dependencies page's ordering risks, which compare like with like, do
    not: `unique_decisions` keeps each pair once when both name it.
    """
    if board.empty or blockers.empty or not board["conflict"].any():
        return []
    items = board[board["conflict"]].explode("blocked_by").dropna(subset=["blocked_by"])
    known = blockers.drop_duplicates("key").set_index("key")
    items = items[items["blocked_by"].isin(known.index)]
    decisions = []
    for row in items.itertuples(index=False):
        blocker = known.loc[row.blocked_by]
        gap = (pd.Timestamp(blocker["slot_end"]) - pd.Timestamp(row.slot_end)).days
        if pd.isna(gap) or gap <= 0:
            continue
        weeks = max(1, round(gap / DAYS_PER_WEEK))
        text = (f"Either {row.blocked_by} ({_team(blocker['team'])}) moves before {_plan(row.slot, row.slot_end)}, "
                f"or {row.key} ({_team(row.team)}) slips by about {count(weeks, 'week')}.")
        comparison = f"in {row.slot}, {count(gap, 'day')} before its blocker's {blocker['slot']}"
        decisions.append(Headline(text=text, page=page, weight=DECISION_WEIGHT, value=float(gap), comparison=comparison,
                                  kind="decision", keys=(str(row.key), str(row.blocked_by))))
    return decisions


def unique_decisions(decisions: list[Headline]) -> list[Headline]:
    """The same conflict stated once: of the decisions naming the same issue keys (blocked,
    blocker), the first is kept; decisions without keys (teams below target) all stay."""
    seen, out = set(), []
    for decision in decisions:
        if decision.keys and decision.keys in seen:
            continue
        seen.add(decision.keys)
        out.append(decision)
    return out


def technical_target_decisions(flagged: pd.DataFrame, shortfall: pd.DataFrame, period: str = "month",
                               page: str = "balance") -> list[Headline]:
    """One choice per team whose technical share is still below target (analysis.balance
    flagged_teams rows with `ongoing`, the latest share and target from technical_shortfall)."""
    decisions = []
    ongoing = flagged[flagged["ongoing"]] if not flagged.empty else flagged
    for row in ongoing.itertuples(index=False):
        latest = shortfall[shortfall["team"] == row.team].sort_values("period_start").iloc[-1]
        share, target = latest["technical_share"], latest["technical_target"]
        text = (f"Either {row.team} gives at least {percent(target)} of its work to technical items from the "
                f"next {period}, or it stays below its technical target for a {_ordinal(row.periods_below + 1)} "
                f"{period} in a row (now {percent(share)}).")
        decisions.append(Headline(text=text, page=page, weight=DECISION_WEIGHT, value=float(row.periods_below),
                                  comparison=f"{percent(share)} against {percent(target)}, "
                                             f"{count(row.periods_below, period)} below target",
                                  kind="decision"))
    return decisions


def _plan(plan, day) -> str:
    day_text = date_text(day)
    if not plan or plan == "due date":
        return f"its due date {day_text}"
    return f"{plan} ({day_text})"


def _team(team) -> str:
    return NO_TEAM if team is None or pd.isna(team) or not str(team) else str(team)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

