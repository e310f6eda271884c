"""Headline sentences: every page's answer in one or two plain sentences, computed from the
numbers. The stakeholder briefing ranks the same sentences into talking points.

One module per page family (`debt`, `dependencies`, `balance`, `overview`, `delivery`,
`plan`), each a set of pure functions DataFrame in -> list[Headline] out, all written with
the wording helpers in `base`, so numbers, dates and plurals read the same everywhere.
"""
from analysis.headlines.base import (  # noqa: F401
    Headline, NO_NOTABLE_CHANGE, count, date_text, month_text, number, percent, plural,
    points_change, ranked,
)
