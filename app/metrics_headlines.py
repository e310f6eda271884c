"""The pages' answers as a metric: `headlines --page overview|debt|dependencies|balance`.

Each page's sentences come from its module in analysis/headlines/, fed with the same
metric tables the page draws, so a sentence and the chart under it cannot disagree.
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from analysis import balance
from analysis.filters import Filters
from analysis.headlines import Headline
from analysis.headlines.balance import balance_headlines
from analysis.headlines.debt import debt_headlines
from analysis.headlines.dependencies import dependency_headlines
from analysis.headlines.overview import overview_headlines
from app.context import WorkspaceData
from app.metrics import METRICS, Option, metric

PAGES = ("overview", "debt", "dependencies", "balance")
COLUMNS = ["page", "text", "weight", "value", "comparison", "kind", "keys"]


def headlines_table(headlines: list[Headline]) -> pd.DataFrame:
    rows = [{**asdict(h), "keys": list(h.keys)} for h in headlines]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def headlines_from_table(table: pd.DataFrame) -> list[Headline]:
    return [Headline(text=row.text, page=row.page, weight=float(row.weight),
                     value=None if row.value is None or pd.isna(row.value) else row.value,
                     comparison=row.comparison, kind=row.kind, keys=tuple(row.keys or ()))
            for row in table.itertuples()]


def page_headlines(data: WorkspaceData, filters: Filters, page: str, period: str = "month",
                   by: str = "points") -> list[Headline]:
    """The headline sentences of one page for these filters (and the Balance page's choices)."""
    def table(name, **options):
        return METRICS[name].compute(data, filters, {**{k: o.default for k, o in METRICS[name].options.items()},
                                                      **options})
    if page == "overview":
        return overview_headlines(table("overview"), filters.since, filters.until)
    if page == "debt":
        return debt_headlines(table("debt-summary"), table("debt-by-area", area="team"), filters.since, filters.until)
    if page == "dependencies":
        return dependency_headlines(table("dependency-summary"), table("dependency-hotspots", group_by="team"))
    return balance_headlines(table("balance-technical-period", period=period, by=by),
                             table("balance-technical", period=period, by=by), by, period,
                             filters.since, filters.until)


@metric("headlines", "the answer at the top of a page, one sentence a row "
        "(page, text, weight, value, comparison, kind, keys)",
        page=Option("overview", PAGES, "which page's sentences"),
        period=Option("month", balance.PERIODS, "the Roadmap balance page's period"),
        by=Option("points", balance.WEIGHTS, "the Roadmap balance page's weighing"))
def _headlines(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return headlines_table(page_headlines(data, filters, options["page"], options["period"], options["by"]))
