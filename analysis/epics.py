"""Epics by name: an epic is shown as "KEY — summary" when the export holds the epic
itself (an issue whose key other items name as their epic), else by its key alone.

The summary is looked up in every issue of the workspace, not only the filtered ones: a
team filter keeps an item whose epic belongs to another team, and its epic still has a name.
"""
from __future__ import annotations

import pandas as pd

from analysis.keys import key_set, member

LABEL_SEPARATOR = " — "


def epic_summaries(issues: pd.DataFrame) -> pd.Series:
    """Summary per epic key (index: key) of the issues some item names as its epic.

    Epics without a summary are left out; a key listed twice keeps its first summary.
    """
    if issues.empty or "epic_key" not in issues or "summary" not in issues:
        return pd.Series(dtype="str", name="epic_summary")
    epics = issues[member(issues["key"], key_set(issues["epic_key"]))]
    named = epics[epics["summary"].notna() & (epics["summary"].astype("str").str.strip() != "")]
    summaries = named.drop_duplicates("key").set_index("key")["summary"].astype("str")
    return summaries.rename("epic_summary").rename_axis("key")


def summaries_of(keys: pd.Series, summaries: pd.Series) -> pd.Series:
    """The epic summary of each key in `keys` ("" when the epic is not in the export)."""
    if keys.empty:
        return pd.Series([], index=keys.index, dtype="str")
    found = keys.map(summaries).astype(object)
    return found.where(found.notna(), "").astype("str")


def label(key: object, summary: object) -> str:
    """"KEY — summary", or the key alone when there is no summary (the one way an item is
    named next to its key: epics, pickers)."""
    key_text = "" if key is None or (not isinstance(key, str) and pd.isna(key)) else str(key)
    summary_text = "" if summary is None or (not isinstance(summary, str) and pd.isna(summary)) else str(summary)
    return f"{key_text}{LABEL_SEPARATOR}{summary_text}" if summary_text.strip() else key_text


def with_summaries(table: pd.DataFrame, key_column: str, summaries: pd.Series,
                   name: str = "epic_summary") -> pd.DataFrame:
    """`table` with a `name` column right after `key_column`: the summary of each epic key
    (summaries_of; "" for a key with no epic in `summaries`, such as "(no epic)")."""
    if key_column not in table:
        return table
    out = table.copy()
    out.insert(out.columns.get_loc(key_column) + 1, name,
               summaries_of(table[key_column].astype(object), summaries).astype("str"))
    return out
