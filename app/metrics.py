"""Named metrics: one function per metric, the same numbers for the CLI and the pages.

A metric takes the loaded workspace, the shared filters and its own options, and returns
a DataFrame whose snake_case columns are the CSV/JSON columns. Domain modules register
their metrics with `@metric(...)`; this module imports them at the bottom.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

import pandas as pd

from analysis import overview, quality
from analysis.filters import Filters
from app.context import WorkspaceData
from config.errors import UserError


@dataclass(frozen=True)
class Option:
    """A metric's own option: its allowed values (None = free text/number) and default."""
    default: str
    choices: tuple[str, ...] | None = None
    help: str = ""


@dataclass(frozen=True)
class Metric:
    name: str
    help: str
    compute: Callable[[WorkspaceData, Filters, dict], pd.DataFrame]
    options: dict[str, Option] = field(default_factory=dict)


METRICS: dict[str, Metric] = {}


class MetricError(UserError):
    """Unknown metric or an option value it does not accept."""


def metric(name: str, help: str, **options: Option):
    def register(function):
        METRICS[name] = Metric(name, help, function, options)
        return function
    return register


def whole_number(text, option: str, metric_name: str | None = None, unit: str | None = None) -> int:
    """A metric option that must be a whole number of at least 1, or a one-line MetricError."""
    prefix = f"{metric_name}: " if metric_name else ""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise MetricError(f"{prefix}--{option} must be a whole number{' of ' + unit if unit else ''}, "
                          f"not {text!r}") from None
    if value < 1:
        raise MetricError(f"{prefix}--{option} must be at least 1, not {value}")
    return value


def run_metric(name: str, data: WorkspaceData, filters: Filters, options: dict | None = None) -> pd.DataFrame:
    if name not in METRICS:
        raise MetricError(f"unknown metric {name!r}; known: {', '.join(sorted(METRICS))}")
    spec = METRICS[name]
    chosen = {}
    for option_name, option in spec.options.items():
        value = (options or {}).get(option_name)
        value = option.default if value is None else str(value)
        if option.choices and value not in option.choices:
            raise MetricError(f"{name}: --{option_name.replace('_', '-')} must be one of "
                              f"{', '.join(option.choices)}, not {value!r}")
        chosen[option_name] = value
    return spec.compute(data, filters.with_period(data.reference_date), chosen)


# ---------------------------------------------------------------- foundation metrics
@metric("overview", "headline numbers at the end of the period beside its start "
        "(metric, value, value_at_start, change, unit)")
def _overview(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    headlines = overview.headline_numbers(data.selected(filters), data.selected(replace(filters, categories=())),
                                          data.issues, data.links, filters.since, filters.until,
                                          data.targets, data.settings.default_points)
    return overview.headlines_table(headlines)


@metric("categories", "items per work category in the period "
        "(category, items, open_items, resolved_items, default_classified)")
def _categories(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return overview.category_counts(data.selected(filters), filters.since, filters.until)


@metric("issues", "the selected issues with their category and the reason "
        "(key, team, project, issue_type, status, status_category, category, category_reason, created, resolved, story_points, summary)")
def _issues(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    columns = ["key", "team", "project", "issue_type", "status", "status_category", "category",
               "category_reason", "created", "resolved", "story_points", "summary"]
    return data.selected(filters)[columns].reset_index(drop=True)


@metric("data-quality", "data-quality checks with the number of items each found (check, count, meaning)")
def _data_quality(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return quality.quality_summary(data.issues, data.links, data.rejects, data.overrides)


# Domain metrics register themselves on import (kept last: they import this module).
from app import metrics_balance, metrics_debt, metrics_dependencies  # noqa: E402,F401
from app import metrics_plan  # noqa: E402,F401
from app import metrics_delivery  # noqa: E402,F401
from app import metrics_headlines  # noqa: E402,F401
