"""Data-quality checks: what the numbers on other pages silently depend on."""
from __future__ import annotations

import pandas as pd

from analysis.keys import key_set, member
from analysis.timeline import done_without_resolved

ISSUE_COLUMNS = ["key", "team", "project", "issue_type", "status", "summary"]


def default_classified(issues: pd.DataFrame) -> pd.DataFrame:
    """Items no category rule matched (they got the default category)."""
    return issues.loc[issues["category_source"] == "default", ISSUE_COLUMNS + ["category"]].reset_index(drop=True)


def done_items_without_resolved(issues: pd.DataFrame) -> pd.DataFrame:
    """Done items with no resolved date (their last status change or update stands in)."""
    return issues.loc[done_without_resolved(issues), ISSUE_COLUMNS + ["updated"]].reset_index(drop=True)


def issues_without_team(issues: pd.DataFrame) -> pd.DataFrame:
    return issues.loc[issues["team"].isna() | (issues["team"] == ""), ISSUE_COLUMNS].reset_index(drop=True)


def links_to_unknown_issues(links: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    """Links with an end that is not in the workspace (an issue outside the export)."""
    known = key_set(issues["key"])
    unknown_from = ~member(links["from_key"], known)
    unknown_to = ~member(links["to_key"], known)
    out = links.loc[unknown_from | unknown_to, ["from_key", "to_key", "relation", "raw_label"]].copy()
    out["unknown_key"] = out["to_key"].where(~member(out["to_key"], known), out["from_key"])
    return out.reset_index(drop=True)


# Importers end the reason of a reject that dropped a whole row (or item, or change) with
# "skipped"; every other reject is one value not read, the rest of its row imported.
SKIPPED_MARKER = "skipped"


def skipped_rows(rejects: pd.DataFrame) -> pd.Series:
    """True for rejects that skipped their whole row, False for single unreadable values."""
    if rejects.empty:
        return pd.Series(False, index=rejects.index, dtype=bool)
    return rejects["reason"].astype("string").str.contains(SKIPPED_MARKER, regex=False).fillna(False).astype(bool)


def quality_summary(issues: pd.DataFrame, links: pd.DataFrame, rejects: pd.DataFrame,
                    overrides: pd.DataFrame) -> pd.DataFrame:
    """One row per check with the number of items it found."""
    rows = [
        ("rejected_values", int((~skipped_rows(rejects)).sum()),
         "values that could not be read; the rest of their row was imported"),
        ("skipped_rows", int(skipped_rows(rejects).sum()), "rows skipped whole (no key, a duplicate key, ...)"),
        ("default_classified", int((issues["category_source"] == "default").sum()), "items no category rule matched"),
        ("done_without_resolved", int(done_without_resolved(issues).sum()), "done items with no resolved date"),
        ("links_to_unknown_issues", len(links_to_unknown_issues(links, issues)), "links to issues outside the export"),
        ("issues_without_team", len(issues_without_team(issues)), "issues with no team"),
        ("category_overrides", len(overrides), "categories corrected by hand"),
    ]
    return pd.DataFrame(rows, columns=["check", "count", "meaning"])


CORRECTION_COLUMNS = ["key", "summary", "team", "category_by_rules", "corrected_to", "note", "set_at"]


def category_corrections(overrides: pd.DataFrame, issues: pd.DataFrame, by_rules: pd.Series) -> pd.DataFrame:
    """Each correction made by hand with the item's summary, the category the rules give it
    (`by_rules`, from categories.rule_categories) and the one it was corrected to."""
    if overrides.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in CORRECTION_COLUMNS})
    known = issues.drop_duplicates("key").set_index("key")
    keys = overrides["key"]
    out = pd.DataFrame({
        "key": keys.to_numpy(),
        "summary": keys.map(known["summary"]).to_numpy() if "summary" in known else None,
        "team": keys.map(known["team"]).to_numpy() if "team" in known else None,
        "category_by_rules": keys.map(by_rules).to_numpy(),
        "corrected_to": overrides["category"].to_numpy(),
        "note": overrides["note"].to_numpy() if "note" in overrides else None,
        "set_at": overrides["set_at"].to_numpy() if "set_at" in overrides else None,
    })
    return out[CORRECTION_COLUMNS].reset_index(drop=True)
