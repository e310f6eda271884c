"""The Dependencies page's answer: which team is the bottleneck, and what needs re-planning."""
from __future__ import annotations

import pandas as pd

from analysis.headlines.base import Headline, count, plural

PAGE = "dependencies"


def dependency_headlines(summary: pd.DataFrame, hotspots: pd.DataFrame) -> list[Headline]:
    """`summary` is the dependency-summary table (metric, value), `hotspots` the team hotspots
    (team, open_inbound, waiting_teams; most waited-on first)."""
    values = dict(zip(summary["metric"], summary["value"])) if len(summary) else {}
    open_links = int(values.get("open_links", 0) or 0)
    if open_links == 0:
        return [Headline("No open blocks link in this selection: no item waits on another.", PAGE,
                         kind="no-change", value=0)]
    headlines = [_bottleneck(hotspots, open_links)]
    cycles, risks = int(values.get("cycles", 0) or 0), int(values.get("ordering_risks", 0) or 0)
    if cycles or risks:
        parts = [count(cycles, "dependency cycle")] if cycles else []
        parts += [f"{count(risks, 'item')} planned to finish before {plural(risks, 'its blocker', 'their blockers')}"] \
            if risks else []
        headlines.append(Headline(f"To re-plan: {' and '.join(parts)}.", PAGE, min(1.0, (cycles + risks) / 10),
                                  cycles + risks, kind="decision"))
    else:
        headlines.append(Headline("No dependency cycle and no item planned before its blocker.", PAGE,
                                  kind="no-change", value=0))
    return headlines


def _bottleneck(hotspots: pd.DataFrame, open_links: int) -> Headline:
    top = hotspots.iloc[0] if len(hotspots) else None
    if top is None or int(top["open_inbound"]) == 0:
        return Headline(f"No team waits on another: all {count(open_links, 'open blocks link')} stay within one "
                        "team.", PAGE, kind="no-change", value=0)
    inbound, teams = int(top["open_inbound"]), int(top["waiting_teams"])
    return Headline(f"{top['team']} is the bottleneck: {count(inbound, 'open link')} from "
                    f"{count(teams, 'other team')} {plural(inbound, 'waits', 'wait')} on it.", PAGE, min(1.0, inbound / open_links), inbound,
                    f"{inbound:,} of {open_links:,} open links")
