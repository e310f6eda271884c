"""The Roadmap balance page's answer: are we spending the agreed share on technical work."""
from __future__ import annotations

import pandas as pd

from analysis.balance import ALL_TEAMS, NO_TEAM, RUN_LENGTH
from analysis.headlines.base import NO_NOTABLE_CHANGE, Headline, count, date_text, percent
from analysis.headlines.change import NOTABLE_PP

PAGE = "balance"


def balance_headlines(over_period: pd.DataFrame, technical: pd.DataFrame, by: str, period: str,
                      since, until) -> list[Headline]:
    """The technical share of delivered work against its target over the period, then the
    team below its target longest (or furthest).

    `over_period` is technical_share_over_period (team, technical_share, technical_target,
    gap_pp, with the ALL_TEAMS row); `technical` is technical_shortfall per period and team.
    """
    span = f"from {date_text(since)} to {date_text(until)}"
    total = over_period[over_period["team"] == ALL_TEAMS]
    if total.empty:
        return [Headline(f"Nothing was delivered {span}: there is no balance to show.", PAGE, kind="no-change")]
    row = total.iloc[0]
    share, target, gap = float(row["technical_share"]), float(row["technical_target"]), float(row["gap_pp"])
    work = "points" if by == "points" else "items"
    said = f"Technical work was {percent(share)} of delivered {work} {span}"
    if abs(gap) < NOTABLE_PP:
        first = Headline(f"{said}, on its {percent(target)} target ({NO_NOTABLE_CHANGE}).", PAGE, 0.0, share,
                         f"{percent(share)} against {percent(target)}", kind="no-change")
    else:
        first = Headline(f"{said} against a {percent(target)} target.", PAGE, min(1.0, abs(gap) / 20), share,
                         f"{percent(share)} against {percent(target)}")
    return [first] + _team_below(over_period, technical, period)


def _team_below(over_period: pd.DataFrame, technical: pd.DataFrame, period: str) -> list[Headline]:
    teams = over_period[~over_period["team"].isin([ALL_TEAMS, NO_TEAM])]
    latest = technical[technical["period_start"] == technical["period_start"].max()] if len(technical) else technical
    latest = latest[latest["team"] != NO_TEAM].sort_values(["periods_below_in_a_row", "team"],
                                                           ascending=[False, True], kind="stable")
    if len(latest) and int(latest.iloc[0]["periods_below_in_a_row"]) >= RUN_LENGTH:
        team, run = latest.iloc[0]["team"], int(latest.iloc[0]["periods_below_in_a_row"])
        return [Headline(f"{team} has been below its technical target for {count(run, period)} in a row.", PAGE,
                         min(1.0, run / 12), run, keys=())]
    below = teams[teams["gap_pp"] <= -NOTABLE_PP].sort_values(["gap_pp", "team"], kind="stable")
    if below.empty:
        return [Headline("Every team met its technical target over the period.", PAGE, kind="no-change")] \
            if len(teams) else []
    worst = below.iloc[0]
    return [Headline(f"{worst['team']} is furthest below: {percent(worst['technical_share'])} against "
                     f"{percent(worst['technical_target'])}.", PAGE, min(1.0, abs(worst['gap_pp']) / 20),
                     float(worst["technical_share"]))]
