"""The Overview page's answer: how the backlog, its debt and its blockers moved in the period."""
from __future__ import annotations

import pandas as pd

from analysis.headlines.base import NO_NOTABLE_CHANGE, Headline, count, date_text, number, percent, points_change
from analysis.headlines.change import count_change_is_notable, share_change_is_notable, weight_of

PAGE = ""


def overview_headlines(numbers: pd.DataFrame, since, until) -> list[Headline]:
    """From the overview table (metric, value, value_at_start): open items and their debt
    share at the end of the period against its start, then blockers and balance."""
    values = {row.metric: (_value(row.value), _value(row.value_at_start)) for row in numbers.itertuples()} \
        if len(numbers) else {}
    items_now, items_start = values.get("open_items", (None, None))
    if not items_now and not items_start:
        return [Headline(f"No item was open on {date_text(since)} or on {date_text(until)} in this selection.",
                         PAGE, kind="no-change", value=0)]
    headlines = [_open_items(items_now or 0, items_start or 0, since, until)]
    share_now, share_start = values.get("open_debt_share", (None, None))
    if share_now is not None:
        if share_change_is_notable(share_start, share_now):
            text = f"Debt is {percent(share_now)} of all open items ({points_change(share_start, share_now)})."
            headlines.append(Headline(text, PAGE, min(1.0, abs(share_now - share_start) * 10), share_now,
                                      f"from {percent(share_start)} to {percent(share_now)}"))
        else:
            headlines.append(Headline(f"Debt is {percent(share_now)} of all open items ({NO_NOTABLE_CHANGE}).",
                                      PAGE, 0.0, share_now, kind="no-change"))
    blockers_now, blockers_start = values.get("open_cross_team_blockers", (None, None))
    if blockers_now:
        moved = "" if not count_change_is_notable(blockers_start, blockers_now) else \
            f", {'up' if blockers_now > blockers_start else 'down'} from {number(blockers_start)}"
        headlines.append(Headline(f"{count(blockers_now, 'open blocks link')} cross team lines{moved}.", PAGE,
                                  weight_of(blockers_start, blockers_now) / 2, blockers_now))
    return headlines


def _open_items(now: float, start: float, since, until) -> Headline:
    if count_change_is_notable(start, now):
        direction = "more" if now > start else "fewer"
        text = (f"{count(now, 'item')} {'is' if now == 1 else 'are'} open on {date_text(until)}, "
                f"{number(abs(now - start))} {direction} than at the start of {date_text(since)}.")
        return Headline(text, PAGE, weight_of(start, now), now, f"from {number(start)} to {number(now)}")
    return Headline(f"{count(now, 'item')} {'is' if now == 1 else 'are'} open on {date_text(until)}, about as many as "
                    f"at the start of {date_text(since)} ({NO_NOTABLE_CHANGE}).", PAGE, 0.0, now, kind="no-change")


def _value(value):
    return None if value is None or pd.isna(value) else float(value)
