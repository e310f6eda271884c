"""The shared filters every page and CLI metric reads, and how they select issues.

Team, project, category and issue type select issues; the period (since/until) is the
window each analysis reports on. Filters round-trip through a URL query string so a view
can be shared as a link.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

QUERY_KEYS = {"teams": "team", "projects": "project", "categories": "category", "issue_types": "type"}
DEFAULT_PERIOD_DAYS = 365


@dataclass(frozen=True)
class Filters:
    teams: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    issue_types: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def to_query(self) -> dict[str, list[str] | str]:
        """Query-string parameters (lists for repeated keys); empty filters are left out."""
        query: dict[str, list[str] | str] = {}
        for attr, key in QUERY_KEYS.items():
            values = getattr(self, attr)
            if values:
                query[key] = list(values)
        if self.since:
            query["since"] = self.since.isoformat()
        if self.until:
            query["until"] = self.until.isoformat()
        return query

    @classmethod
    def from_query(cls, query: dict[str, list[str]]) -> "Filters":
        """Read filters back from query parameters; values that are not dates are ignored."""
        values = {attr: tuple(v for v in query.get(key, []) if v) for attr, key in QUERY_KEYS.items()}
        return cls(**values, since=_date_or_none(query.get("since")), until=_date_or_none(query.get("until")))

    def with_period(self, reference: date) -> "Filters":
        """Fill an open period: until defaults to `reference`, since to a year before until."""
        until = self.until or reference
        since = self.since or (until - timedelta(days=DEFAULT_PERIOD_DAYS))
        return replace(self, since=min(since, until), until=until)


def _date_or_none(values) -> date | None:
    if not values:
        return None
    text = values[-1] if isinstance(values, (list, tuple)) else values
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def select_issues(issues: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The issues that match team, project, category and issue type (all when empty)."""
    mask = None
    for attr, column in (("teams", "team"), ("projects", "project"),
                         ("categories", "category"), ("issue_types", "issue_type")):
        wanted = getattr(filters, attr)
        if wanted and column in issues:
            matches = issues[column].isin(wanted)
            mask = matches if mask is None else mask & matches
    # Without a filter, a shallow copy (copy-on-write: changing it never changes `issues`)
    # instead of selecting every row, which copies each column (0.1 s at 100,000 issues).
    return issues.copy(deep=False) if mask is None else issues[mask]
