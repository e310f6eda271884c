"""The Technical debt page's answer: is debt growing, and where does it sit."""
from __future__ import annotations

import pandas as pd

from analysis.headlines.base import NO_NOTABLE_CHANGE, Headline, count, date_text, percent
from analysis.headlines.change import (count_change_is_notable, relative_change, rose_or_fell,
                                       weight_of)

PAGE = "debt"
CONCENTRATED_SHARE = 0.4      # one team holding this much of the open debt is worth saying


def debt_headlines(summary: pd.DataFrame, by_team: pd.DataFrame, since, until) -> list[Headline]:
    """Open debt now against the start of the period, then the team holding most of it.

    `summary` is the debt-summary table (metric, value, value_at_start, ...), `by_team` the
    debt-by-area table for teams (area, open_debt_items, share_of_open_debt; most first).
    """
    values = _values(summary)
    now, start = values.get("open_debt_items", (0, 0))
    now, start = _whole(now), _whole(start)
    if now == 0 and start == 0:
        return [Headline(f"No debt item was open on {date_text(since)} or on {date_text(until)}.", PAGE,
                         kind="no-change", value=0)]
    if count_change_is_notable(start, now):
        change = relative_change(start, now)
        text = (f"Open debt {rose_or_fell(start, now)} from {start:,} to {count(now, 'item')} between "
                f"{date_text(since)} and {date_text(until)}" + (f" ({change})." if change else "."))
        headlines = [Headline(text, PAGE, weight_of(start, now), now, f"from {start:,} to {now:,}")]
    else:
        headlines = [Headline(f"Open debt held at {count(now, 'item')} on {date_text(until)}, against {start:,} on "
                              f"{date_text(since)}: {NO_NOTABLE_CHANGE}.", PAGE, 0.0, now,
                              f"from {start:,} to {now:,}", kind="no-change")]
    headlines += _where(by_team)
    return headlines


def _where(by_team: pd.DataFrame) -> list[Headline]:
    if by_team.empty or by_team["open_debt_items"].sum() == 0:
        return []
    top = by_team.sort_values("open_debt_items", ascending=False, kind="stable").iloc[0]
    share = float(top["share_of_open_debt"])
    if share >= CONCENTRATED_SHARE:
        text = f"{percent(share)} of it sits in {top['area']}."
    else:
        text = f"It is spread across teams; the most, {percent(share)}, sits in {top['area']}."
    return [Headline(text, PAGE, share / 2, share, keys=())]


def _values(summary: pd.DataFrame) -> dict[str, tuple[float, float]]:
    if summary.empty:
        return {}
    frame = summary.reset_index() if "metric" not in summary.columns else summary
    return {row.metric: (row.value, row.value_at_start) for row in frame.itertuples()}


def _whole(value) -> int:
    return 0 if value is None or pd.isna(value) else int(round(float(value)))
