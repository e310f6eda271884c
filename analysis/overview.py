"""Headline numbers of the Overview page, each with its change over the last 30 days."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from analysis.allocation import delivered_balance_score
from analysis.dependencies import open_blocks, touching
from analysis.timeline import open_on

BALANCE_WINDOW_DAYS = 90
CHANGE_DAYS = 30


@dataclass(frozen=True)
class Headline:
    name: str
    value: float | None
    previous: float | None      # the same number CHANGE_DAYS earlier
    unit: str                   # "items", "share" (0..1), "links", "score"

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def headline_numbers(selected: pd.DataFrame, all_issues: pd.DataFrame, links: pd.DataFrame,
                     day: date, targets: dict, default_points: float) -> list[Headline]:
    """Open items, open debt share, open cross-team blockers and balance versus target.

    `selected` are the filtered issues, `all_issues` every issue (a blocker may sit in a
    team outside the filter); both prepared with timeline.prepare. Cross-team blockers
    are open `blocks` links that touch the selection between two different teams, as on
    the Dependencies page (an end outside the export counts as another team).
    """
    earlier = day - timedelta(days=CHANGE_DAYS)
    keys = set(selected["key"])

    def open_items(d):
        return int(open_on(selected, d).sum())

    def debt_share(d):
        now_open = selected[open_on(selected, d)]
        return None if now_open.empty else float((now_open["category"] == "debt").mean())

    def blockers(d):
        pairs = touching(open_blocks(all_issues, links, d), keys)
        return int((pairs["blocker_team"] != pairs["blocked_team"]).sum())

    def balance(d):
        start = pd.Timestamp(d - timedelta(days=BALANCE_WINDOW_DAYS))
        done = selected[(selected["resolved_day"] > start) & (selected["resolved_day"] <= pd.Timestamp(d))]
        return delivered_balance_score(done, targets, default_points)

    return [
        Headline("open_items", open_items(day), open_items(earlier), "items"),
        Headline("open_debt_share", debt_share(day), debt_share(earlier), "share"),
        Headline("open_cross_team_blockers", blockers(day), blockers(earlier), "links"),
        Headline("balance_score", balance(day), balance(earlier), "score"),
    ]


def headlines_table(headlines: list[Headline]) -> pd.DataFrame:
    # object columns keep counts as integers next to shares and scores in CSV/JSON
    return pd.DataFrame([{"metric": h.name, "value": h.value, "value_30_days_ago": h.previous,
                          "change": h.change, "unit": h.unit} for h in headlines], dtype=object)


def category_counts(selected: pd.DataFrame, day: date) -> pd.DataFrame:
    """Items per category: all, open on `day`, and how many were classified by default."""
    open_now = open_on(selected, day)
    frame = selected.assign(open=open_now, by_default=selected["category_source"] == "default")
    out = frame.groupby("category").agg(items=("key", "size"), open_items=("open", "sum"),
                                         default_classified=("by_default", "sum")).reset_index()
    return out.astype({"items": "int64", "open_items": "int64", "default_classified": "int64"})
