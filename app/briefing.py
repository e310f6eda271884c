"""The briefing's sections, assembled from whatever analyses exist, through the registered
metrics (the same numbers the pages and the CLI show).

Each entry of `SECTIONS` builds one section's parts from the workspace and the filters.
To add a section: write one `_name(data, filters) -> Parts` builder below and add a
`SectionSource` line to `SECTIONS`; the headline and decisions sections pick up its
headlines and decisions (a decision naming the same issue keys as an earlier section's is
said once: see unique_decisions).

The delivery forecast speaks with the Delivery page's own sentences (analysis.headlines.
delivery) on the page's default window, trials and seed; the schedule-first list with the
Plan page's (analysis.headlines.plan), and adds the program board's conflicts that the
dependencies page's ordering risks miss. Neither goes through page_headlines below, which
covers the debt, dependencies and balance pages only.

Sentences: the debt, dependencies and balance sections speak with their page's own headline
sentences, through `app.metrics_headlines.page_headlines(data, filters, page, period, by)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from analysis import balance, flow, forecast, plan, release_forecast
from analysis.briefing import (
    DEFAULT_POINTS, MAX_POINTS, MIN_POINTS, Briefing, ChartSpec, Section, board_decisions, decision_points,
    ordering_decisions, releases_at_risk_first, talking_points, technical_target_decisions, unique_decisions,
)
from analysis.filters import Filters
from analysis.dependencies import open_blocks
from analysis.headlines import delivery as delivery_headlines
from analysis.headlines.base import Headline, count, date_text, ranked, month_text, number, percent
from analysis.headlines.plan import plan_headlines
from analysis.keys import member
from app import metrics_delivery, metrics_plan
from app.context import WorkspaceData
from app.metrics_headlines import page_headlines
from app.metrics import METRICS, run_metric
from config import TECHNICAL_CATEGORIES
from config.errors import UserError

TITLE = "Stakeholder briefing"
PERIOD = "month"              # the grid of the debt trend and the technical share in a briefing
TOP_ROWS = 6                  # rows of a section's table and bars of its chart
NOT_WITHIN = f"not within {forecast.MAX_HORIZON_DAYS // 365} years"   # the forecast's horizon


class BriefingError(UserError):
    """An unknown section name or an impossible number of talking points."""


@dataclass(frozen=True)
class Parts:
    headlines: list[Headline] = field(default_factory=list)
    decisions: list[Headline] = field(default_factory=list)
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    chart: ChartSpec | None = None
    definitions: str = ""


@dataclass(frozen=True)
class SectionSource:
    key: str
    title: str
    build: Callable[[WorkspaceData, Filters], Parts] | None   # None: made from the other sections


# ---------------------------------------------------------------- the sections
def _debt(data: WorkspaceData, filters: Filters) -> Parts:
    summary = run_metric("debt-summary", data, filters)
    trend = run_metric("debt-trend", data, filters, {"period": PERIOD})
    headlines = page_headlines(data, filters, "debt", PERIOD, "points")
    labels = {"open_debt_items": "Open debt items", "debt_share": "Debt share of open items",
              "median_age_days": "Median age of open debt (days)", "debt_created": "Debt items created",
              "debt_resolved": "Debt items resolved"}
    shown = summary[summary["metric"].isin(labels)]
    table = pd.DataFrame({
        "Measure": shown["metric"].map(labels),
        "Now": [_value(v, u) for v, u in zip(shown["value"], shown["unit"])],
        f"On {date_text(filters.since)}": [_value(v, u) for v, u in zip(shown["value_at_start"], shown["unit"])],
    })
    chart = ChartSpec("Open debt items at the end of each month",
                      tuple(month_text(p) for p in trend["period_start"]),
                      (("Open debt items", tuple(float(v) for v in trend["open_debt_items"])),),
                      kind="line", unit="items")
    definitions = ("Debt = open items in the category 'debt'. An item is open on a day when it was created on or "
                   "before that day and not yet resolved. Open counts are taken on each month's last day. Debt "
                   "share = open debt items / all open items. Age = days since created.")
    return Parts(headlines, [], table.reset_index(drop=True), chart, definitions)


def _dependencies(data: WorkspaceData, filters: Filters) -> Parts:
    hotspots = run_metric("dependency-hotspots", data, filters, {"group_by": "team"})
    risks = run_metric("ordering-risks", data, filters)
    headlines = page_headlines(data, filters, "dependencies", PERIOD, "points")
    waited_on = hotspots[hotspots["open_inbound"] > 0].head(TOP_ROWS)
    table = pd.DataFrame({
        "Team": waited_on["team"],
        "Open links from other teams": waited_on["open_inbound"].map(number),
        "Teams waiting": waited_on["waiting_teams"].map(number),
        "Waiting days": waited_on["waiting_days"].map(number),
    })
    chart = ChartSpec("Open links of other teams waiting on each team", tuple(waited_on["team"].astype(str)),
                      (("Open links waiting", tuple(float(v) for v in waited_on["open_inbound"])),),
                      kind="bar", unit="open links")
    definitions = ("A blocks B: B cannot finish before A. A link is open when both items are open on the last day "
                   "of the period. The bottleneck is the team most other teams' open links wait on. An ordering "
                   "conflict is an item planned (sprint end, release date or due date) to finish before one of "
                   "its open blockers.")
    return Parts(headlines, ordering_decisions(risks), table.reset_index(drop=True), chart, definitions)


def _balance(data: WorkspaceData, filters: Filters) -> Parts:
    shortfall = run_metric("balance-technical", data, filters, {"period": PERIOD, "by": "points"})
    flagged = balance.flagged_teams(shortfall)
    headlines = page_headlines(data, filters, "balance", PERIOD, "points")
    latest = (shortfall.dropna(subset=["technical_share"]).sort_values("period_start")
              .groupby("team", sort=True).tail(1))
    latest = latest[latest["team"] != balance.NO_TEAM].sort_values("team").head(TOP_ROWS)
    table = pd.DataFrame({
        "Team": latest["team"],
        "Month": latest["period_start"].map(month_text),
        "Technical share": latest["technical_share"].map(percent),
        "Target": latest["technical_target"].map(percent),
        "Months below in a row": latest["periods_below_in_a_row"].map(number),
    })
    chart = ChartSpec("Technical share of delivered points, latest month, against target",
                      tuple(latest["team"].astype(str)),
                      (("Technical share %", tuple(round(float(v) * 100, 1) for v in latest["technical_share"])),
                       ("Target %", tuple(round(float(v) * 100, 1) for v in latest["technical_target"]))),
                      kind="bar", unit="% of delivered points")
    definitions = (f"Technical work = the categories {', '.join(TECHNICAL_CATEGORIES)}. Technical share = their "
                   "share of the story points resolved in a month (an item without points counts as the default). "
                   "The target comes from targets.toml. A team is flagged when it stays below its target "
                   f"{balance.RUN_LENGTH} months in a row.")
    return Parts(headlines, technical_target_decisions(flagged, shortfall, PERIOD),
                 table.reset_index(drop=True), chart, definitions)


def _delivery(data: WorkspaceData, filters: Filters) -> Parts:
    # The Delivery page's defaults (metric options), so the brief and the page say the same.
    options = {name: option.default for name, option in METRICS["release-forecast"].options.items()}
    window, trials, seed = (int(options["window_days"]), int(options["trials"]), int(options["seed"]))
    found = metrics_delivery.flow_data(data, filters, options)
    draws, first = metrics_delivery.samples(found, filters, {**options, "unit": "items"}, data.settings.default_points)
    links = open_blocks(data.issues, data.links, filters.until)
    releases = release_forecast.release_forecast(found.issues, data.versions, links, draws, filters.until,
                                                 trials, seed)
    open_items = metrics_delivery.open_work(found, filters, "items", data.settings.default_points)
    when = forecast.forecast_when(draws, open_items, filters.until, trials, seed)
    cycles = flow.cycle_times(found.issues, filters.since, filters.until)
    headlines = (delivery_headlines.release_headlines(releases, links, found.issues, window)
                 + delivery_headlines.forecast_headlines(when, open_items, window)
                 + delivery_headlines.cycle_time_headlines(flow.cycle_percentiles(cycles),
                                                           flow.cycle_by_category(cycles)))
    shown = releases_at_risk_first(releases, TOP_ROWS)
    table = pd.DataFrame({
        "Version": shown["version"],
        "Release date": [_day(d, "no date") for d in shown["release_date"]],
        "Remaining items": [f"{number(r)} of {number(s)}" for r, s in zip(shown["remaining_items"],
                                                                        shown["scope_items"])],
        "Done by (50 %)": [_day(d, NOT_WITHIN) for d in shown["forecast_50"]],
        "Done by (85 %)": [_day(d, NOT_WITHIN) for d in shown["forecast_85"]],
        "On track": ["yes" if on_track else "at risk" for on_track in shown["on_track"]],
        "Open blockers": shown["open_blockers"].map(number),
    })
    by_date = [None if pd.isna(day) else float(forecast.forecast_how_many(draws, filters.until, day, trials, seed)
                                               .set_index("percentile").loc[85, "items"])
               for day in shown["release_date"]]
    chart = ChartSpec("Remaining items of each release against what the forecast finishes by its date (85 %)",
                      tuple(shown["version"].astype(str)),
                      (("Remaining items", tuple(float(v) for v in shown["remaining_items"])),
                       ("Done by its release date at 85 %", tuple(by_date))),
                      kind="bar", unit="items")
    low, middle, high = flow.PERCENTILES
    definitions = (f"Forecast: {trials:,} Monte Carlo trials (seed {seed}, same seed, same numbers). Each trial "
                   f"replays the days after {date_text(filters.until)}, each day's throughput (items done that day) "
                   f"drawn at random from the window: the last {count(window, 'day')} ({date_text(first)} to "
                   f"{date_text(filters.until)}), zero days included, all selected teams together. A date at "
                   f"{low} %, {middle} % or {high} % is the earliest by which that share of the trials finished; "
                   f"work not done in {count(forecast.MAX_HORIZON_DAYS // 365, 'year')} has no date. A release "
                   f"is on track when its {middle} % date is on or before its release date. Remaining items: the "
                   "selected items listing the version that are not done. Done by its release date at "
                   f"{middle} %: the items at least {middle} % of the trials finish by then. Open blockers: open "
                   "blocks links onto the remaining items.")
    return Parts(headlines, [], table.reset_index(drop=True), chart, definitions)


def _plan(data: WorkspaceData, filters: Filters) -> Parts:
    priorities = metrics_plan.priorities_with_details(data, filters)
    board = metrics_plan.board(data, filters, priorities)
    capacity = metrics_plan.capacity(data, filters, board, priorities)
    top = priorities.head(TOP_ROWS)
    table = pd.DataFrame({
        "Rank": top["rank"].map(number),
        "Key": top["key"],
        "Summary": top["summary"],
        "Team": top["team"],
        "Category": top["category"],
        "Business items unblocked": top["business_items_unblocked"].map(number),
        "Late by (days)": [_value(v, "days") for v in top["late_by_days"]],
        "Why": top["why"],
    })
    waited_on = priorities[priorities["business_items_unblocked"] > 0].head(TOP_ROWS)
    chart = ChartSpec("Open features and defects waiting on each technical item, top ranked",
                      tuple(waited_on["key"].astype(str)),
                      (("Business items unblocked", tuple(float(v) for v in waited_on["business_items_unblocked"])),),
                      kind="bar", unit="business items")
    business = " and ".join(c + "s" for c in plan.BUSINESS_CATEGORIES)
    definitions = (f"Technical items are the open {', '.join(TECHNICAL_CATEGORIES)} items; business items the open "
                   f"{business}. A business item waits on a technical item through open blocks links, directly or "
                   "through a chain, each counted once. An item's planned date is the first it has of its sprint "
                   "end, its fix version's release date, its due date. Late by = days the technical item is planned "
                   "after the first business item waiting on it needs it (n/a when either date is unknown). "
                   f"{plan.rank_rule(data.settings.plan)} A board conflict is an item whose slot (sprint, else "
                   "release, else month of its due date) ends before the slot of one of its open blockers.")
    return Parts(plan_headlines(priorities, board, capacity), board_decisions(board, _blocker_slots(data, board)),
                 table.reset_index(drop=True), chart, definitions)


def _blocker_slots(data: WorkspaceData, board: pd.DataFrame) -> pd.DataFrame:
    """Slot and team of the open blockers of the board's conflicting items."""
    keys = board.loc[board["conflict"], "blocked_by"].explode().dropna()
    blockers = data.issues[member(data.issues["key"], set(keys))]
    slots = plan.item_slots(blockers, data.sprints, data.versions)
    return slots.merge(blockers[["key", "team"]], on="key", how="left")


SECTIONS: dict[str, SectionSource] = {source.key: source for source in (
    SectionSource("headline", "The headline", None),
    SectionSource("debt", "Technical debt", _debt),
    SectionSource("dependencies", "Dependencies and bottleneck", _dependencies),
    SectionSource("balance", "Roadmap balance against target", _balance),
    SectionSource("delivery", "Delivery forecast for the next releases", _delivery),
    SectionSource("plan", "Schedule-first list", _plan),
    SectionSource("decisions", "Decisions needed", None),
)}


# ---------------------------------------------------------------- assembly
def check_sections(keys) -> tuple[str, ...]:
    """The chosen section keys in the registry's order; all when none are chosen."""
    keys = tuple(k.strip() for k in keys or () if k and k.strip())
    unknown = [k for k in keys if k not in SECTIONS]
    if unknown:
        raise BriefingError(f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    return tuple(k for k in SECTIONS if k in keys) if keys else tuple(SECTIONS)


def build_briefing(data: WorkspaceData, filters: Filters, sections=(), points: int = DEFAULT_POINTS) -> Briefing:
    """The briefing for the filters (teams and period) with the chosen sections."""
    chosen = check_sections(sections)
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise BriefingError(f"talking points per section must be {MIN_POINTS} to {MAX_POINTS}, not {points}")
    filters = filters.with_period(data.reference_date)
    query = filters.to_query()
    period = f"from {date_text(filters.since)} to {date_text(filters.until)}"
    # Every section with data feeds the headline and the decisions, even when not shown.
    parts = {key: source.build(data, filters) for key, source in SECTIONS.items() if source.build}
    # Dependencies come before the plan in SECTIONS: a conflict both find is said in its words, once.
    decided = unique_decisions([h for p in parts.values() for h in p.decisions])
    built = []
    for key in chosen:
        source = SECTIONS[key]
        if key == "headline":
            # Findings lead; the decisions section lists the choices, the headline names the biggest one.
            every = [h for p in parts.values() for h in p.headlines] + ranked(decided, 1)
            built.append(Section(key, source.title, talking_points(every, query, points, period),
                                 definitions=_all_definitions(parts)))
        elif key == "decisions":
            built.append(Section(key, source.title, decision_points(decided, query), _decision_table(decided),
                                 definitions="Ordering conflicts (an item planned before one of its open "
                                             "blockers, on the dependencies page or in an earlier slot of the "
                                             "program board; each pair once) and teams below their technical "
                                             "target, stated as choices for the stakeholders."))
        else:
            part = parts[key]
            built.append(Section(key, source.title, talking_points(part.headlines, query, points, period),
                                 part.table, part.chart, part.definitions))
    return Briefing(TITLE, tuple(filters.teams), filters.since, filters.until, data.reference_date, tuple(built))


def _decision_table(decisions: list[Headline]) -> pd.DataFrame:
    return pd.DataFrame({"Decision": [d.text for d in decisions], "Why": [d.comparison for d in decisions]})


def _all_definitions(parts: dict[str, Parts]) -> str:
    return " ".join(p.definitions for p in parts.values() if p.definitions)


def _day(day, missing: str) -> str:
    return missing if day is None or pd.isna(day) else date_text(day)


def _value(value, unit: str) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    return percent(value, 1) if unit == "share" else number(float(value))


def page_link(base_url: str, point_link: str) -> str:
    """A talking point's link made absolute for an export opened outside the app."""
    return f"{base_url.rstrip('/')}/{point_link}" if base_url else point_link

