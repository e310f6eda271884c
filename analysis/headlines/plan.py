"""Headline sentences of the Plan page (and the briefing): what to schedule first, what sits
in the wrong order on the board, which team plans more than it delivers."""
from __future__ import annotations

import pandas as pd

from analysis.headlines.base import Headline, NO_NOTABLE_CHANGE, count, date_text, number
from analysis.plan import and_list, business_items_text

PAGE = "plan"


def schedule_first(priorities: pd.DataFrame) -> list[Headline]:
    """"Schedule PLAT-1 first: 3 features in Payments and Web wait on it, and it is planned
    60 days after WEB-2 needs it." From analysis.plan.technical_priorities (with its detail
    columns); the top item only when business work waits on it."""
    if priorities.empty:
        return [Headline("There is no open technical item in this selection.", PAGE, kind="no-change")]
    top = priorities.iloc[0]
    waiting = int(top["business_items_unblocked"])
    if waiting == 0:
        return [Headline("No open feature or defect waits on a technical item: the technical backlog can be "
                         "ordered by defects in its area and age alone.", PAGE, kind="no-change",
                         comparison=NO_NOTABLE_CHANGE)]
    items = business_items_text(int(top["features_unblocked"]), int(top["defects_unblocked"]))
    verb = "waits" if waiting == 1 else "wait"
    text = f"Schedule {top['key']} first: {items} in {and_list(top['waiting_item_teams'])} {verb} on it"
    late = top["late_by_days"]
    if not pd.isna(late) and late > 0:
        text += f", and it is planned {count(late, 'day')} after {top['needed_by']} needs it."
    elif not pd.isna(late):
        text += f", and it is planned in time for {top['needed_by']}."
    elif pd.isna(top["planned_for"]) and not pd.isna(top["earliest_needed"]):
        text += f", and it is not planned while {top['needed_by']} needs it by {date_text(top['earliest_needed'])}."
    elif pd.isna(top["planned_for"]):
        text += ", and it is not planned yet."
    else:
        text += "."
    weight = min(1.0, 0.4 + 0.1 * waiting + (0.3 if not pd.isna(late) and late > 0 else 0.0))
    return [Headline(text, PAGE, weight=weight, value=float(waiting), kind="decision", keys=(str(top["key"]),))]


def board_conflicts(board: pd.DataFrame) -> list[Headline]:
    """How many items sit in an earlier slot than one of their open blockers (program_board)."""
    if board.empty:
        return [Headline("Nothing is planned in this selection.", PAGE, kind="no-change")]
    conflicts = board[board["conflict"]]
    if conflicts.empty:
        return [Headline("No planned item sits in an earlier slot than one of its open blockers.", PAGE,
                         kind="no-change", comparison=NO_NOTABLE_CHANGE)]
    first = conflicts.sort_values(["slot_end", "key"], kind="stable").iloc[0]
    text = (f"{count(len(conflicts), 'item')} {'sits' if len(conflicts) == 1 else 'sit'} in an earlier slot than "
            f"one of {'its' if len(conflicts) == 1 else 'their'} open blockers, "
            f"first {first['key']} in {first['slot']} before {first['blocker_slot']}.")
    return [Headline(text, PAGE, weight=min(1.0, 0.3 + 0.1 * len(conflicts)), value=float(len(conflicts)),
                     keys=tuple(conflicts["key"].astype(str).head(5)))]


def over_capacity(capacity: pd.DataFrame) -> list[Headline]:
    """Slots planned beyond the team's recent velocity (analysis.plan.capacity_check)."""
    if capacity.empty or capacity["velocity"].isna().all():
        return [Headline("No team has both planned work and a recent velocity to check it against.", PAGE,
                         kind="no-change")]
    over = capacity[capacity["over_capacity"]]
    if over.empty:
        return [Headline("Every team's planned slots fit its recent velocity.", PAGE, kind="no-change",
                         comparison=NO_NOTABLE_CHANGE)]
    worst = over.sort_values(["over_by_points", "team"], ascending=[False, True], kind="stable").iloc[0]
    teams = sorted(over["team"].unique())
    text = (f"{count(len(over), 'slot')} of {and_list(teams)} {'is' if len(over) == 1 else 'are'} planned beyond "
            f"recent velocity; the most, {worst['team']} in {worst['slot']}: {number(worst['planned_points'])} points "
            f"planned against {number(worst['capacity_points'])}.")
    return [Headline(text, PAGE, weight=min(1.0, 0.3 + 0.05 * len(over)), value=float(len(over)))]


def plan_headlines(priorities: pd.DataFrame, board: pd.DataFrame, capacity: pd.DataFrame) -> list[Headline]:
    """The page's answer: what to schedule first, then conflicts, then capacity."""
    return schedule_first(priorities) + board_conflicts(board) + over_capacity(capacity)
