"""Delivery headline sentences: will the releases make it, when will the open work be done,
how long does an item take (and which kinds take longer)."""
from __future__ import annotations

import pandas as pd

from analysis.headlines.base import NO_NOTABLE_CHANGE, Headline, count, date_text, number

PAGE = "delivery"
SLOWER_FACTOR = 1.5      # a category is called out when its median cycle time is this much above another's
MIN_ITEMS_PER_CATEGORY = 5


def pace(window_days: int) -> str:
    """"the last 12 weeks'" (or days when not whole weeks)."""
    if window_days % 7 == 0:
        return f"the last {count(window_days // 7, 'week')}'"
    return f"the last {count(window_days, 'day')}'"


def release_headlines(releases: pd.DataFrame, open_links: pd.DataFrame, issues: pd.DataFrame,
                      window_days: int) -> list[Headline]:
    """One sentence per release at risk (late at 85 %), else one saying all are on track."""
    if releases.empty:
        return []
    late = releases[~releases["on_track"]]
    if late.empty:
        names = ", ".join(releases["version"].astype(str))
        return [Headline(f"At {pace(window_days)} pace, every unreleased version ({names}) finishes by its date at "
                         "85 %.", PAGE, 0.2, kind="no-change")]
    teams = issues.set_index("key")["team"] if len(issues) else pd.Series(dtype="str")
    found = []
    for row in late.itertuples():
        sentence = f"At {pace(window_days)} pace, release {row.version} "
        if pd.isna(row.forecast_85):
            sentence += "does not finish within ten years at 85 %"
        else:
            sentence += f"finishes by {date_text(row.forecast_85, with_year=False)} at 85 %"
        if pd.notna(row.release_date) and pd.notna(row.forecast_85):
            weeks = max(round((row.forecast_85 - row.release_date).days / 7), 1)
            sentence += f", {count(weeks, 'week')} after its date"
        elif pd.isna(row.release_date):
            sentence += " (it has no release date)"
        sentence += "."
        waits = _waiting_on(row.version, open_links, issues, teams)
        if waits:
            sentence += " " + waits
        found.append(Headline(sentence, PAGE, 0.9, value=float(row.remaining_items)))
    return found


def _waiting_on(version: str, open_links: pd.DataFrame, issues: pd.DataFrame, teams: pd.Series) -> str:
    if open_links.empty or issues.empty:
        return ""
    in_version = issues.loc[issues["fix_versions"].map(lambda v: v is not None and version in list(v)), "key"]
    waiting = open_links[open_links["blocked_key"].isin(in_version)]
    if waiting.empty:
        return ""
    by_team = waiting.groupby("blocker_team")["blocked_key"].nunique().sort_values(ascending=False)
    team, items = by_team.index[0], int(by_team.iloc[0])
    of = int(waiting["blocked_key"].nunique())
    return f"{number(items)} of its items wait on {team}." if of == items else \
        f"{number(of)} of its items wait on other work, {number(items)} of them on {team}."


def forecast_headlines(when: pd.DataFrame, open_items: float, window_days: int) -> list[Headline]:
    """When the open items finish at 85 %."""
    if open_items <= 0:
        return [Headline("No open items to forecast.", PAGE, 0.0, kind="no-change")]
    row = when.set_index("percentile")["finish_date"]
    if pd.isna(row.get(85)):
        return [Headline(f"Nothing was finished in {pace(window_days)[:-1]}: no forecast for the "
                         f"{count(open_items, 'open item')}.", PAGE, 0.5)]
    return [Headline(f"At {pace(window_days)} pace, the {count(open_items, 'open item')} finish by "
                     f"{date_text(row[85])} at 85 % ({date_text(row[50], with_year=False)} at 50 %).",
                     PAGE, 0.5, value=float(open_items))]


def cycle_time_headlines(percentiles: pd.DataFrame, by_category: pd.DataFrame) -> list[Headline]:
    """85th percentile cycle time and, when one kind takes clearly longer, by how much."""
    p = percentiles.set_index("percentile") if len(percentiles) else pd.DataFrame()
    if p.empty or pd.isna(p.loc[85, "cycle_days"]):
        return [Headline(f"No finished items with a commitment date in the period: {NO_NOTABLE_CHANGE} to report "
                         "on cycle time.", PAGE, 0.0, kind="no-change")]
    found = [Headline(f"85 % of items finish within {count(round(p.loc[85, 'cycle_days']), 'day')} of being started "
                      f"(half within {count(round(p.loc[50, 'cycle_days']), 'day')}).", PAGE, 0.3,
                      value=float(p.loc[85, "cycle_days"]))]
    enough = by_category[(by_category["items"] >= MIN_ITEMS_PER_CATEGORY) & (by_category["median_cycle_days"] > 0)]
    if len(enough) >= 2:
        slow, fast = enough.iloc[0], enough.iloc[-1]
        factor = slow["median_cycle_days"] / fast["median_cycle_days"]
        if factor >= SLOWER_FACTOR:
            found.append(Headline(f"{_plural_category(slow['category']).capitalize()} take {number(factor, 1)}× as "
                                  f"long as {_plural_category(fast['category'])} (median "
                                  f"{count(slow['median_cycle_days'], 'day')} against "
                                  f"{count(fast['median_cycle_days'], 'day')}).", PAGE, 0.4, value=float(factor)))
    return found


def headlines_table(headlines: list[Headline]) -> pd.DataFrame:
    """The sentences most at stake first, as a table (text, weight, value)."""
    ordered = sorted(headlines, key=lambda h: -h.weight)
    return pd.DataFrame({"text": pd.Series([h.text for h in ordered], dtype="str"),
                         "weight": pd.Series([h.weight for h in ordered], dtype="float64"),
                         "value": pd.Series([h.value for h in ordered], dtype="float64")})


def _plural_category(category: str) -> str:
    return {"architecture": "architecture items", "devops": "devops items", "debt": "debt items"}.get(
        category, category + "s")
