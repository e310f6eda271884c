"""Monte Carlo forecasts from historical daily throughput.

Each trial replays the future one day at a time, each day's throughput drawn at random
(with replacement) from the days of the window (default the last 12 weeks, zero days
included), with numpy's Generator seeded for reproducible numbers.

* When: the day the trial's running total first reaches the amount of work; the date at
  p % is the earliest date by which at least p % of the trials finished.
* How many: the total of a trial up to and including the date; the figure at p % is the
  largest amount at least p % of the trials delivered.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis.flow import PERCENTILES

DEFAULT_WINDOW_DAYS = 84
DEFAULT_TRIALS = 10_000
DEFAULT_SEED = 12345
MAX_HORIZON_DAYS = 3_650           # ten years: a trial still unfinished by then has no date
BLOCK_DAYS = 120
WHEN_COLUMNS = ["percentile", "finish_date"]
HOW_MANY_COLUMNS = ["percentile", "items"]


@dataclass(frozen=True)
class Fan:
    """Per future day, the amount done by then at each percentile (for the burn-up fan)."""
    days: pd.DatetimeIndex
    levels: dict[int, np.ndarray]


def forecast_when(samples: np.ndarray, amount: float, start: date, trials: int = DEFAULT_TRIALS,
                  seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Finish date at the 50th, 85th and 95th percentile for `amount` of work, the first
    forecast day being the day after `start`. NaT when throughput is all zero or the work
    takes longer than MAX_HORIZON_DAYS."""
    days_needed = _days_needed(np.asarray(samples, dtype=float), float(amount), trials, seed)
    rows = []
    for p in PERCENTILES:
        finite = days_needed[np.isfinite(days_needed)]
        if amount <= 0:
            finish = pd.Timestamp(start)
        elif len(finite) < len(days_needed) * p / 100:
            finish = pd.NaT
        else:
            n = _inverted_cdf(days_needed, p)
            finish = pd.Timestamp(start) + pd.Timedelta(days=int(n))
        rows.append({"percentile": p, "finish_date": finish})
    return pd.DataFrame(rows, columns=WHEN_COLUMNS).astype({"finish_date": "datetime64[us]"})


def forecast_how_many(samples: np.ndarray, start: date, by: date, trials: int = DEFAULT_TRIALS,
                      seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Work done from the day after `start` through `by` at the 50th, 85th and 95th percentile."""
    horizon = (pd.Timestamp(by) - pd.Timestamp(start)).days
    samples = np.asarray(samples, dtype=float)
    if horizon <= 0 or not len(samples):
        totals = np.zeros(max(trials, 1))
    else:
        rng = np.random.default_rng(seed)
        totals = np.zeros(trials)
        for done in range(0, horizon, BLOCK_DAYS):
            block = min(BLOCK_DAYS, horizon - done)
            totals += samples[rng.integers(0, len(samples), size=(trials, block))].sum(axis=1)
    rows = [{"percentile": p, "items": float(_at_least(np.sort(totals), p))} for p in PERCENTILES]
    return pd.DataFrame(rows, columns=HOW_MANY_COLUMNS)


def burnup_fan(samples: np.ndarray, start: date, horizon_days: int, trials: int = DEFAULT_TRIALS,
               seed: int = DEFAULT_SEED) -> Fan:
    """Cumulative work done per future day at each percentile (p % of trials did at least it)."""
    samples = np.asarray(samples, dtype=float)
    days = pd.date_range(pd.Timestamp(start) + pd.Timedelta(days=1), periods=max(horizon_days, 0), freq="D")
    if not len(samples) or horizon_days <= 0:
        return Fan(days, {p: np.zeros(len(days)) for p in PERCENTILES})
    rng = np.random.default_rng(seed)
    draws = samples[rng.integers(0, len(samples), size=(trials, horizon_days))].cumsum(axis=1)
    draws.sort(axis=0)
    return Fan(days, {p: _at_least(draws, p) for p in PERCENTILES})


def burnup_table(daily: pd.DataFrame, unit: str, fan: Fan, to_do: float) -> pd.DataFrame:
    """The window's cumulative work done (`done`), then per future day the cumulative amount
    at least p % of trials reached (`at_least_50/85/95`, counted on from the window's total);
    `to_do` (the open work, same on every row) is the burn-up's target above that total."""
    done = daily[unit].astype(float).cumsum()
    past = pd.DataFrame({"day": daily["day"].to_numpy(dtype="datetime64[us]"), "done": done.to_numpy()})
    base = float(done.iloc[-1]) if len(done) else 0.0
    future = pd.DataFrame({"day": fan.days.to_numpy(dtype="datetime64[us]"), "done": np.nan,
                           **{f"at_least_{p}": base + fan.levels[p] for p in PERCENTILES}})
    for p in PERCENTILES:   # the fan starts from the last day of the window
        past[f"at_least_{p}"] = np.nan
        if len(past):
            past.loc[past.index[-1], f"at_least_{p}"] = base
    table = pd.concat([past, future], ignore_index=True)
    table["to_do"] = float(to_do)
    return table


def window_bounds(until: date, window_days: int) -> tuple[date, date]:
    """The throughput window: the `window_days` days ending on `until`."""
    return until - timedelta(days=window_days - 1), until


def _days_needed(samples: np.ndarray, amount: float, trials: int, seed: int) -> np.ndarray:
    """Per trial, the number of days until the running total reaches `amount` (inf: never)."""
    needed = np.full(trials, np.inf)
    if amount <= 0:
        return np.zeros(trials)
    if not len(samples) or samples.max() <= 0:
        return needed
    rng = np.random.default_rng(seed)
    totals = np.zeros(trials)
    open_trials = np.arange(trials)
    for offset in range(0, MAX_HORIZON_DAYS, BLOCK_DAYS):
        draws = samples[rng.integers(0, len(samples), size=(len(open_trials), BLOCK_DAYS))]
        running = totals[open_trials, None] + draws.cumsum(axis=1)
        reached = running >= amount
        hit = reached.any(axis=1)
        needed[open_trials[hit]] = offset + reached[hit].argmax(axis=1) + 1
        totals[open_trials] = running[:, -1]
        open_trials = open_trials[~hit]
        if not len(open_trials):
            break
    return needed


def _at_least(ordered: np.ndarray, p: float):
    """The largest amount that at least p % of the trials reached (`ordered` sorted on axis 0)."""
    index = min(int(np.floor(len(ordered) * (100 - p) / 100 + 1e-9)), len(ordered) - 1)
    return ordered[index]


def _inverted_cdf(values: np.ndarray, p: float) -> float:
    """The smallest value v with at least p % of `values` <= v (p = 0: the smallest)."""
    ordered = np.sort(values)
    index = max(int(np.ceil(len(ordered) * p / 100)) - 1, 0)
    return ordered[index]
