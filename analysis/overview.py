"""Headline numbers of the Overview page, each at the end of the period beside its start.

The Overview honours the whole period like every other page: its numbers are "as of" the
end of the period (`until`), compared with the end of the day before its first day
(analysis.periods.start_state_day, the Debt page's baseline too), and the category counts
and the balance cover the work of the period.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.allocation import delivered_balance_score
from analysis.dependencies import open_blocks, touching
from analysis.keys import key_set
from analysis.periods import start_state_day
from analysis.timeline import open_on
from config import CATEGORIES

HEADLINE_COLUMNS = ["metric", "value", "value_at_start", "change", "unit"]
CATEGORY_COLUMNS = ["category", "items", "open_items", "resolved_items", "default_classified"]


@dataclass(frozen=True)
class Headline:
    name: str
    value: float | None
    previous: float | None      # the same number at the start of the period (None: not compared)
    unit: str                   # "items", "share" (0..1), "links", "score"

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 4)


def headline_numbers(selected: pd.DataFrame, all_categories: pd.DataFrame, all_issues: pd.DataFrame,
                     links: pd.DataFrame, since: date, until: date, targets: dict,
                     default_points: float) -> list[Headline]:
    """Open items, open debt share, open cross-team blockers and balance versus target.

    `selected` are the filtered issues; `all_categories` the same filter without the
    category one (the debt share, as on the Debt page, is of all open items); `all_issues`
    every issue (a blocker may sit in a team outside the filter); all prepared with
    timeline.prepare. Cross-team blockers are open `blocks` links that touch the selection
    between two different teams, as on the Dependencies page. The balance score is of the
    work delivered in since..until and has no start value.
    """
    start = start_state_day(since)
    keys = key_set(selected["key"])

    def open_items(d):
        return int(open_on(selected, d).sum())

    def debt_share(d):
        now_open = all_categories.loc[open_on(all_categories, d), "category"]
        return None if now_open.empty else round(float((now_open == "debt").mean()), 4)

    def blockers(d):
        pairs = touching(open_blocks(all_issues, links, d), keys)
        return int((pairs["blocker_team"] != pairs["blocked_team"]).sum())

    done = selected[(selected["resolved_day"] >= pd.Timestamp(since)) & (selected["resolved_day"] <= pd.Timestamp(until))]
    return [
        Headline("open_items", open_items(until), open_items(start), "items"),
        Headline("open_debt_share", debt_share(until), debt_share(start), "share"),
        Headline("open_cross_team_blockers", blockers(until), blockers(start), "links"),
        Headline("balance_score", delivered_balance_score(done, targets, default_points), None, "score"),
    ]


def headlines_table(headlines: list[Headline]) -> pd.DataFrame:
    # object columns keep counts as integers next to shares and scores in CSV/JSON
    return pd.DataFrame([{"metric": h.name, "value": h.value, "value_at_start": h.previous,
                          "change": h.change, "unit": h.unit} for h in headlines], columns=HEADLINE_COLUMNS,
                        dtype=object)


def category_counts(selected: pd.DataFrame, since: date, until: date) -> pd.DataFrame:
    """Per category, in the categories' fixed order: items worked on in the period (open at
    some time in since..until), open at its end, resolved in it, and classified by default."""
    lo, hi = pd.Timestamp(since), pd.Timestamp(until)
    in_period = (selected["created_day"] <= hi) & (selected["resolved_day"].isna() | (selected["resolved_day"] >= lo))
    frame = selected[in_period]
    frame = frame.assign(open=open_on(frame, until),
                         resolved=(frame["resolved_day"] >= lo) & (frame["resolved_day"] <= hi),
                         by_default=frame["category_source"] == "default")
    out = frame.groupby("category").agg(items=("key", "size"), open_items=("open", "sum"),
                                         resolved_items=("resolved", "sum"),
                                         default_classified=("by_default", "sum"))
    order = [c for c in CATEGORIES if c in out.index] + sorted(set(out.index) - set(CATEGORIES))
    out = out.reindex(order).rename_axis("category").reset_index()
    return out.astype({"category": "str", "items": "int64", "open_items": "int64", "resolved_items": "int64",
                       "default_classified": "int64"})[CATEGORY_COLUMNS]
