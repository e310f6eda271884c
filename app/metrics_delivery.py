"""Metrics of the Delivery page: velocity, throughput, cycle time, cumulative flow, ageing
work in progress and Monte Carlo forecasts, registered with the CLI and pages.

"Now" is the end of the selected period (filters.until). Definitions: analysis/flow.py,
analysis/velocity.py, analysis/forecast.py, analysis/release_forecast.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis import flow, forecast, release_forecast, velocity
from analysis.dependencies import open_blocks
from analysis.filters import Filters
from analysis.headlines import delivery as delivery_headlines
from analysis.timeline import open_on
from app.context import WorkspaceData
from app.memo import per_workspace
from app.metrics import MetricError, Option, metric, whole_number

COMMITMENT = Option("settings", None, "status where cycle time starts (default: settings.toml [workflow] "
                    "commitment_status, else the first move into an in-progress status)")
PERIOD = Option("week", flow.PERIODS, "week (Monday-Sunday), the team's own tracker sprints, or calendar month")
CFD_BY = Option("status", flow.CFD_BY, "one stage per status or per status category")
WINDOW = Option(str(forecast.DEFAULT_WINDOW_DAYS), None, "days of throughput history resampled (ending --until)")
TRIALS = Option(str(forecast.DEFAULT_TRIALS), None, "Monte Carlo trials")
SEED = Option(str(forecast.DEFAULT_SEED), None, "random seed (same seed, same numbers)")
UNIT = Option("items", ("items", "points"), "forecast items or story points")
ITEMS = Option("open", None, "amount of work to forecast (default: the open items, or their points, of the filter)")
BY_DATE = Option("", None, "the date YYYY-MM-DD to forecast to (default: 12 weeks after --until)")
FORECAST_OPTIONS = dict(window_days=WINDOW, trials=TRIALS, seed=SEED, unit=UNIT, commitment=COMMITMENT)


@dataclass(frozen=True)
class FlowData:
    issues: pd.DataFrame               # the selection with committed_at and done_at
    categories: dict[str, str]
    commitment: str
    moves: tuple | None                # flow.ordered_moves of the selection, shared by the computations


def commitment_of(data: WorkspaceData, options: dict) -> str:
    chosen = options.get("commitment")
    return data.settings.commitment_status if chosen in (None, "", "settings") else str(chosen)


def flow_data(data: WorkspaceData, filters: Filters, options: dict) -> FlowData:
    return _flow_data(data, filters, commitment_of(data, options))


@per_workspace(max_entries=8)   # each as large as the selection
def _flow_data(data: WorkspaceData, filters: Filters, commitment: str) -> FlowData:
    # Every delivery metric starts from it: computed once per data, filters and commitment.
    selected = data.selected(filters)
    changes = data.status_changes
    statuses = pd.concat([changes["to_status"], changes["from_status"], data.issues["status"]])
    categories = flow.status_categories_of(statuses, data.issues, data.settings.status_categories)
    if commitment and not any(s.strip().lower() == commitment.strip().lower() for s in categories):
        raise MetricError(f"--commitment: no status {commitment!r} in the data; known: "
                          f"{', '.join(sorted(categories))}")
    moves = flow.ordered_moves(selected, changes)
    items = flow.with_flow(selected, flow.item_flow(selected, changes, categories, commitment or None, moves))
    return FlowData(items, categories, commitment, moves)


def samples(found: FlowData, filters: Filters, options: dict, default_points: float) -> tuple[np.ndarray, date]:
    window = whole_number(options["window_days"], "window-days", unit="days")
    first, last = forecast.window_bounds(filters.until, window)
    daily = flow.daily_throughput(found.issues, first, last, default_points)
    return daily[options["unit"]].to_numpy(dtype=float), first


def open_work(found: FlowData, filters: Filters, unit: str, default_points: float) -> float:
    open_items = found.issues[open_on(found.issues, filters.until)]
    if unit == "points":
        return float(open_items["story_points"].astype(float).fillna(default_points).sum())
    return float(len(open_items))


def _cycles(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return flow.cycle_times(flow_data(data, filters, options).issues, filters.since, filters.until)


@metric("velocity", "per sprint of the tracker, committed (in it at its start) against completed "
        "(sprint, team, start_date, end_date, state, committed_items, committed_points, completed_items, "
        "completed_points, added_items, removed_items, carried_over_items, committed_known)", commitment=COMMITMENT)
def _velocity(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    return velocity.velocity(found.issues, team_sprints(data, filters), snapshot_sprints(data),
                             data.settings.default_points, data.sprint_changes)


@per_workspace()
def velocity_table(data: WorkspaceData) -> pd.DataFrame:
    """Velocity for every sprint of the workspace, whatever the filters (the Plan page's
    capacity check compares each team's plan with its recent sprints)."""
    everything = Filters(since=date(1970, 1, 1), until=data.reference_date)
    return _velocity(data, everything, {"commitment": COMMITMENT.default})


@per_workspace()
def team_sprints(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    """The tracker's sprints that started within the period, each with its team (see
    flow.sprint_teams), only those of the filter's teams."""
    sprints = data.sprints.dropna(subset=["start_date"])
    sprints = sprints.assign(team=flow.sprint_teams(sprints, data.issues))
    first = flow.sprint_start_day(sprints)
    keep = (first >= pd.Timestamp(filters.since)) & (first <= pd.Timestamp(filters.until))
    if filters.teams:
        keep &= sprints["team"].isin(filters.teams)
    return sprints[keep]


def snapshot_sprints(data: WorkspaceData) -> pd.DataFrame:
    if data.workspace is None:
        return pd.DataFrame(columns=["import_id", "as_of", "key", "sprints"])
    return data.workspace.read_tables("snapshot_sprints")["snapshot_sprints"]


@metric("throughput", "items and points done per period and team (period_start, team, items, points)",
        period=PERIOD, commitment=COMMITMENT)
def _throughput(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    return flow.throughput(found.issues, filters.since, filters.until, options["period"],
                           data.settings.default_points, team_sprints(data, filters))


@metric("cycle-time", "one row per item done in the period (key, team, category, issue_type, committed_at, done_at, "
        "cycle_days, lead_days)", commitment=COMMITMENT)
def _cycle_time(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _cycles(data, filters, options)


@metric("cycle-time-percentiles", "cycle and lead time of the items done in the period at 50, 85 and 95 % "
        "(percentile, cycle_days, lead_days, items)", commitment=COMMITMENT)
def _cycle_time_percentiles(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return flow.cycle_percentiles(_cycles(data, filters, options))


@metric("cycle-time-by-category", "cycle time per work category, slowest first "
        "(category, items, median_cycle_days, p85_cycle_days)", commitment=COMMITMENT)
def _cycle_time_by_category(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return flow.cycle_by_category(_cycles(data, filters, options))


@metric("cfd", "items in each stage at the end of every day of the period (day, stage, items)", by=CFD_BY)
def _cfd(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, {})
    return flow.cumulative_flow(found.issues, data.status_changes, found.categories, filters.since, filters.until,
                                options["by"], found.moves)


@metric("ageing-wip", "items past the commitment point and not done, oldest first, against the cycle-time "
        "percentiles (key, team, status, started, age_days, percentile_band)", commitment=COMMITMENT)
def _ageing_wip(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    percentiles = flow.cycle_percentiles(flow.cycle_times(found.issues, filters.since, filters.until))
    return flow.ageing_wip(found.issues, percentiles, filters.until)


@metric("forecast-when", "Monte Carlo finish date of --items items (or points) at 50, 85 and 95 % "
        "(percentile, finish_date)", items=ITEMS, **FORECAST_OPTIONS)
def _forecast_when(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    draws, _ = samples(found, filters, options, data.settings.default_points)
    amount = (open_work(found, filters, options["unit"], data.settings.default_points)
              if options["items"] in ("", "open") else whole_number(options["items"], "items", "forecast-when"))
    return forecast.forecast_when(draws, amount, filters.until, _trials(options), _seed(options))


@metric("forecast-when-by-team", "forecast-when for each team on its own: its open items (or points) at its own "
        "throughput (team, amount, percentile, finish_date)", **FORECAST_OPTIONS)
def _forecast_when_by_team(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    window = whole_number(options["window_days"], "window-days", unit="days")
    first, last = forecast.window_bounds(filters.until, window)
    teams = found.issues["team"].fillna(flow.NO_TEAM)
    tables = []
    for team in sorted(teams.unique()):
        mine = FlowData(found.issues[(teams == team).to_numpy()], found.categories, found.commitment, None)
        draws = flow.daily_throughput(mine.issues, first, last, data.settings.default_points)[options["unit"]]
        amount = open_work(mine, filters, options["unit"], data.settings.default_points)
        when = forecast.forecast_when(draws.to_numpy(dtype=float), amount, filters.until, _trials(options),
                                      _seed(options))
        tables.append(when.assign(team=team, amount=amount))
    columns = ["team", "amount", "percentile", "finish_date"]
    if not tables:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(columns, ("str", "float64", "int64",
                                                                             "datetime64[us]"))})
    return pd.concat(tables, ignore_index=True)[columns]


@metric("forecast-how-many", "Monte Carlo amount of items (or points) done by --by YYYY-MM-DD at 50, 85 and 95 % "
        "(percentile, items)", by=BY_DATE, **FORECAST_OPTIONS)
def _forecast_how_many(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    draws, _ = samples(found, filters, options, data.settings.default_points)
    return forecast.forecast_how_many(draws, filters.until, forecast_date(options["by"], filters.until),
                                      _trials(options), _seed(options))


@metric("forecast-burnup", "work done per day of the window (cumulative), then the amount at least 50/85/95 % of "
        "the trials reached per future day up to --by, and the open work to do (day, done, at_least_50, at_least_85, "
        "at_least_95, to_do)",
        by=BY_DATE, **FORECAST_OPTIONS)
def _forecast_burnup(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    window = whole_number(options["window_days"], "window-days", unit="days")
    first, last = forecast.window_bounds(filters.until, window)
    daily = flow.daily_throughput(found.issues, first, last, data.settings.default_points)
    horizon = (pd.Timestamp(forecast_date(options["by"], filters.until)) - pd.Timestamp(filters.until)).days
    fan = forecast.burnup_fan(daily[options["unit"]].to_numpy(dtype=float), filters.until, horizon,
                              _trials(options), _seed(options))
    to_do = open_work(found, filters, options["unit"], data.settings.default_points)
    return forecast.burnup_table(daily, options["unit"], fan, to_do)


@metric("release-forecast", "per unreleased fix version, remaining items forecast at 50 and 85 %, at risk first "
        "(version, release_date, scope_items, done_items, remaining_items, forecast_50, forecast_85, on_track, "
        "open_blockers)", **{k: v for k, v in FORECAST_OPTIONS.items() if k != "unit"})
def _release_forecast(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    draws, _ = samples(found, filters, {**options, "unit": "items"}, data.settings.default_points)
    links = open_blocks(data.issues, data.links, filters.until)
    return release_forecast.release_forecast(found.issues, data.versions, links, draws, filters.until,
                                             _trials(options), _seed(options))


@metric("delivery-summary", "the Delivery page's key numbers (metric, value, date, unit): cycle time at 50 and 85 %, "
        "items done per week over the window, open work and its finish date at 50 and 85 %", **FORECAST_OPTIONS)
def _delivery_summary(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    draws, first = samples(found, filters, options, data.settings.default_points)
    percentiles = flow.cycle_percentiles(flow.cycle_times(found.issues, filters.since, filters.until))
    cycle = percentiles.set_index("percentile")["cycle_days"]
    amount = open_work(found, filters, options["unit"], data.settings.default_points)
    when = forecast.forecast_when(draws, amount, filters.until, _trials(options), _seed(options))
    finish = when.set_index("percentile")["finish_date"]
    nan = float("nan")
    rows = [("median_cycle_days", cycle.loc[50], "", "days"), ("p85_cycle_days", cycle.loc[85], "", "days"),
            ("finished_items", float(percentiles["items"].iloc[0]), "", "items"),
            (f"{options['unit']}_per_week", float(draws.mean() * 7) if len(draws) else nan, "", options["unit"]),
            ("window_start", nan, first.isoformat(), "date"), ("open_work", amount, "", options["unit"]),
            ("finish_50", nan, _iso(finish.loc[50]), "date"), ("finish_85", nan, _iso(finish.loc[85]), "date")]
    return pd.DataFrame(rows, columns=["metric", "value", "date", "unit"]).astype({"value": "float64", "date": "str"})


def _iso(day) -> str:
    return "" if pd.isna(day) else pd.Timestamp(day).date().isoformat()


@metric("delivery-headlines", "the Delivery page's answer in sentences, most at stake first (text, weight, value)",
        **FORECAST_OPTIONS)
def _delivery_headlines(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = flow_data(data, filters, options)
    draws, _ = samples(found, filters, {**options, "unit": "items"}, data.settings.default_points)
    trials, seed = _trials(options), _seed(options)
    cycles = flow.cycle_times(found.issues, filters.since, filters.until)
    links = open_blocks(data.issues, data.links, filters.until)
    releases = release_forecast.release_forecast(found.issues, data.versions, links, draws, filters.until, trials, seed)
    window = whole_number(options["window_days"], "window-days", unit="days")
    open_items = open_work(found, filters, "items", data.settings.default_points)
    when = forecast.forecast_when(draws, open_items, filters.until, trials, seed)
    found_headlines = (
        delivery_headlines.release_headlines(releases, links, found.issues, window)
        + delivery_headlines.forecast_headlines(when, open_items, window)
        + delivery_headlines.cycle_time_headlines(flow.cycle_percentiles(cycles), flow.cycle_by_category(cycles))
    )
    return delivery_headlines.headlines_table(found_headlines)


def forecast_date(text: str, until: date) -> date:
    if text in (None, ""):
        return until + pd.Timedelta(days=forecast.DEFAULT_WINDOW_DAYS).to_pytimedelta()
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise MetricError(f"forecast-how-many: --by must be a date like 2027-03-31, not {text!r}") from None


def _trials(options: dict) -> int:
    return whole_number(options["trials"], "trials")


def _seed(options: dict) -> int:
    try:
        return int(str(options["seed"]).strip())
    except ValueError:
        raise MetricError(f"--seed must be a whole number, not {options['seed']!r}") from None
