"""When a change is worth a sentence, and how a change is said: shared by every page's headlines.

Every page compares the end of the selected period with its start ("since"), and says so in
the same words (CHANGE_BASIS): a count that moved by less than NOTABLE_RELATIVE of where it
started (and by less than NOTABLE_COUNT), or a share that moved less than NOTABLE_PP
percentage points, is "no notable change".
"""
from __future__ import annotations

import math

from analysis.headlines.base import date_text

NOTABLE_RELATIVE = 0.05       # 5 % of the starting count
NOTABLE_COUNT = 5             # ... and at least this many items
NOTABLE_PP = 2.0              # percentage points, for shares
CHANGE_BASIS = "Changes compare the end of the period ({until}) with its start ({since})."


def change_basis(since, until) -> str:
    """The one sentence every page uses to say what its changes compare."""
    return CHANGE_BASIS.format(since=date_text(since), until=date_text(until))


def count_change_is_notable(before: float, after: float) -> bool:
    if _missing(before) or _missing(after):
        return False
    moved = abs(after - before)
    return moved >= NOTABLE_COUNT and moved >= NOTABLE_RELATIVE * abs(before)


def share_change_is_notable(before: float, after: float) -> bool:
    if _missing(before) or _missing(after):
        return False
    return round(abs(after - before) * 100, 6) >= NOTABLE_PP


def relative_change(before: float, after: float) -> str:
    """'+80 %' (or '' when the start is 0: a change from nothing has no percentage)."""
    if _missing(before) or before == 0 or _missing(after):
        return ""
    return f"{(after - before) / before * 100:+,.0f} %"


def rose_or_fell(before: float, after: float) -> str:
    return "rose" if after > before else "fell"


def weight_of(before: float, after: float) -> float:
    """0..1: how much a count moved relative to its start (a start of 0 that moved weighs 1)."""
    if _missing(before) or _missing(after):
        return 0.0
    if before == 0:
        return 1.0 if after else 0.0
    return round(min(1.0, abs(after - before) / abs(before)), 4)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
