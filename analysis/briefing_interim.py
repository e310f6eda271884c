"""INTERIM talking points, until the page headline modules land (wt-pages:
analysis/headlines/debt.py, dependencies.py, balance.py). Each function here is a simple
sentence computed from a page's existing summary table; app/briefing.py uses the page's own
headline module instead as soon as it exists (see `HEADLINE_SOURCES` there), and this
module can then be deleted.

Weights follow the Headline contract (0 nothing .. 1 a lot): relative change for counts,
five times the percentage-point change for shares, capped at 1.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.headlines.base import Headline, count, date_text, number, percent, points_change


def debt_points(summary: pd.DataFrame, since: date) -> list[Headline]:
    """From the debt-summary table (metric, value, value_at_start, change, unit)."""
    if summary.empty:
        return []
    rows = summary.set_index("metric")
    points = []
    if "open_debt_items" in rows.index:
        now, then = rows.loc["open_debt_items", "value"], rows.loc["open_debt_items", "value_at_start"]
        if pd.notna(now) and pd.notna(then):
            change = now - then
            relative = abs(change) / then if then else (1.0 if change else 0.0)
            verb = "grew" if change > 0 else "fell" if change < 0 else "stayed"
            text = (f"Open debt {verb} from {count(then, 'item')} to {number(now)} since {date_text(since)}."
                    if change else f"Open debt stayed at {count(now, 'item')} since {date_text(since)}.")
            points.append(Headline(text=text, page="debt", weight=min(1.0, relative), value=float(now),
                                   comparison=f"from {number(then)} to {number(now)}",
                                   kind="finding" if change else "no-change"))
    if "debt_share" in rows.index:
        now, then = rows.loc["debt_share", "value"], rows.loc["debt_share", "value_at_start"]
        if pd.notna(now) and pd.notna(then):
            points.append(Headline(
                text=f"Debt is {percent(now)} of all open items ({points_change(then, now)} since {date_text(since)}).",
                page="debt", weight=min(1.0, abs(now - then) * 5), value=round(float(now) * 100, 1),
                comparison=f"from {percent(then)} to {percent(now)}"))
    if "median_age_days" in rows.index:
        now, then = rows.loc["median_age_days", "value"], rows.loc["median_age_days", "value_at_start"]
        if pd.notna(now) and pd.notna(then) and then:
            points.append(Headline(
                text=f"Half of the open debt is older than {count(now, 'day')}.", page="debt",
                weight=min(1.0, abs(now - then) / then) / 2, value=float(now),
                comparison=f"from {number(then)} to {number(now)} days"))
    return points


def dependency_points(summary: pd.DataFrame, hotspots: pd.DataFrame) -> list[Headline]:
    """From the dependency-summary table (metric, value, meaning) and the team hotspots."""
    points = []
    values = dict(zip(summary["metric"], summary["value"])) if not summary.empty else {}
    cross = hotspots[hotspots["open_inbound"] > 0] if not hotspots.empty else hotspots
    if not cross.empty:
        top = cross.iloc[0]
        total = int(cross["open_inbound"].sum())
        share = top["open_inbound"] / total if total else 0.0
        points.append(Headline(
            text=(f"{top['team']} is the bottleneck: {count(top['open_inbound'], 'open link')} from "
                  f"{count(top['waiting_teams'], 'other team')} wait on it."),
            page="dependencies", weight=min(1.0, share), value=float(top["open_inbound"]),
            comparison=f"{percent(share)} of the {count(total, 'link')} other teams wait on"))
    cycles = int(float(values.get("cycles", 0) or 0))
    if cycles:
        points.append(Headline(text=f"{count(cycles, 'dependency cycle')} can only be broken by a decision.",
                               page="dependencies", weight=0.5, value=float(cycles)))
    return points


def balance_points(shortfall: pd.DataFrame, flagged: pd.DataFrame, period: str = "month") -> list[Headline]:
    """From the technical-shortfall table and its flagged teams (analysis.balance)."""
    if shortfall.empty:
        return []
    points = []
    ongoing = flagged[flagged["ongoing"]] if not flagged.empty else flagged
    for row in ongoing.itertuples(index=False):
        points.append(Headline(
            text=f"{row.team} has been below its technical target for {count(row.periods_below, period)} in a row.",
            page="balance", weight=min(1.0, row.periods_below / 6), value=float(row.periods_below),
            comparison=f"since {date_text(row.first_period)}"))
    if not points:
        points.append(Headline(text="Every team is at or near its technical target.", page="balance",
                               kind="no-change"))
    return points
