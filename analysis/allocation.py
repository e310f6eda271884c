"""Shares of work per category and how far they are from the agreed target allocation.

Balance score = 100 x (1 - total variation distance) between the actual shares and the
target shares, where the total variation distance is half the sum of the absolute
differences over the six categories: 100 means exactly on target, 0 means no overlap.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.periods import team_or_none
from config import CATEGORIES


def target_for(team: str | None, targets: dict[str, dict[str, float]]) -> dict[str, float]:
    """The team's target shares (normalised to sum 1), or the default target."""
    raw = targets.get(team) if team is not None and team in targets else targets.get("default", {})
    total = sum(raw.get(c, 0.0) for c in CATEGORIES)
    if total <= 0:
        return {c: 1.0 / len(CATEGORIES) for c in CATEGORIES}
    return {c: raw.get(c, 0.0) / total for c in CATEGORIES}


def work_weight(issues: pd.DataFrame, by: str, default_points: float) -> pd.Series:
    """Weight of each item: its story points (the default where it has none) or 1."""
    if by == "items":
        return pd.Series(1.0, index=issues.index)
    if by != "points":
        raise ValueError(f"by must be 'points' or 'items', not {by!r}")
    return issues["story_points"].astype(float).fillna(default_points)


def balance_score(shares: dict[str, float], target: dict[str, float]) -> float:
    distance = 0.5 * sum(abs(shares.get(c, 0.0) - target.get(c, 0.0)) for c in CATEGORIES)
    return round(100.0 * (1.0 - distance), 1)


def delivered_balance_score(resolved_items: pd.DataFrame, targets: dict, default_points: float,
                            by: str = "points") -> float | None:
    """One score for a set of delivered items: each team's score weighted by its work.

    None when nothing was delivered (there is no balance to judge).
    """
    if resolved_items.empty:
        return None
    frame = resolved_items.assign(weight=work_weight(resolved_items, by, default_points),
                                  team=team_or_none(resolved_items["team"]))
    per_team = frame.groupby(["team", "category"], observed=True)["weight"].sum().unstack(fill_value=0.0)
    totals = per_team.sum(axis=1)
    scores = []
    for team, row in per_team.iterrows():
        if totals[team] <= 0:
            continue
        shares = {c: row.get(c, 0.0) / totals[team] for c in CATEGORIES}
        scores.append((balance_score(shares, target_for(team, targets)), totals[team]))
    if not scores:
        return None
    values, weights = np.array(scores).T
    return round(float(np.average(values, weights=weights)), 1)


def targets_on(targets: dict, history: list[dict] | None, day) -> dict:
    """The targets that applied on `day`: each owner's latest change (config target
    history) on or before it; owners never changed keep today's `targets`."""
    if not history:
        return targets
    out = dict(targets)
    for owner in dict.fromkeys(change["owner"] for change in history):
        applied = [c for c in history if c["owner"] == owner and c["effective"] <= day]
        if not applied:
            continue
        shares = applied[-1]["shares"]
        if shares is not None:
            out[owner] = shares
        elif owner != "default":
            out.pop(owner, None)          # from then on the owner used the default
    return out
