"""Work categories: every issue gets exactly one of the six, and the rule that put it there.

Rules come from the user's `categories.toml` (see config/defaults/categories.toml): tried
top to bottom, the first match wins, items that match none get the default. A correction
made by hand (an override) beats every rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from config import CATEGORIES
from config.errors import UserError

RULE_FIELDS = {
    "issue_type": "issue_type", "labels": "labels", "components": "components",
    "epic": "epic_key", "project": "project", "summary": "summary",
}
LIST_FIELDS = ("labels", "components")


class RulesError(UserError):
    """categories.toml holds a rule we cannot use."""


@dataclass(frozen=True)
class Rule:
    category: str
    field: str
    values: tuple[str, ...]
    reason: str | None = None


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    default: str = "feature"


def parse_rules(document: dict) -> Rules:
    """Check a categories.toml document and turn it into `Rules`."""
    default = document.get("default", "feature")
    if default not in CATEGORIES:
        raise RulesError(f"categories.toml: default {default!r} is not a category; use one of {', '.join(CATEGORIES)}")
    rules = []
    for number, raw in enumerate(document.get("rule", []), start=1):
        category, field, match = raw.get("category"), raw.get("field"), raw.get("match")
        if category not in CATEGORIES:
            raise RulesError(f"categories.toml rule {number}: category {category!r} is not one of {', '.join(CATEGORIES)}")
        if field not in RULE_FIELDS:
            raise RulesError(f"categories.toml rule {number}: field {field!r} is not one of {', '.join(RULE_FIELDS)}")
        if isinstance(match, str):
            match = [match]
        if not match or not all(isinstance(v, str) and v.strip() for v in match):
            raise RulesError(f"categories.toml rule {number}: match must be a non-empty list of words")
        rules.append(Rule(category, field, tuple(v.strip().lower() for v in match), raw.get("reason")))
    return Rules(tuple(rules), default)


def classify(issues: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Return `key`, `category`, `category_reason`, `category_source` for every issue.

    `category_source` is "override" (corrected by hand, column `category_override`),
    "rule" (a rule matched; the reason names it) or "default" (no rule matched).
    """
    n = len(issues)
    category = np.full(n, None, dtype=object)
    reason = np.full(n, None, dtype=object)
    source = np.full(n, None, dtype=object)
    if "category_override" in issues:
        override = issues["category_override"].to_numpy(dtype=object)
        has = pd.notna(override) & np.isin(override, CATEGORIES)
        category[has], reason[has], source[has] = override[has], "corrected by hand", "override"
    exploded = {field: _explode_lower(issues, field) for field in LIST_FIELDS if field in issues}
    for rule in rules.rules:
        open_rows = pd.isna(category)
        if not open_rows.any():
            break
        matched = _match(issues, rule, exploded)
        hit = open_rows & matched.notna().to_numpy()
        if hit.any():
            category[hit] = rule.category
            reason[hit] = rule.reason or (rule.field + " = " + matched[hit].astype(str)).to_numpy()
            source[hit] = "rule"
    rest = pd.isna(category)
    category[rest], reason[rest], source[rest] = rules.default, "default", "default"
    return pd.DataFrame({
        "key": issues["key"].to_numpy() if n else pd.Series([], dtype="str"),
        "category": pd.Series(category, dtype="str"),
        "category_reason": pd.Series(reason, dtype="str"),
        "category_source": pd.Series(source, dtype="str"),
    })


def with_categories(issues: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """`issues` with the three category columns added (same row order)."""
    labelled = classify(issues, rules)
    out = issues.drop(columns=[c for c in ("category", "category_reason", "category_source") if c in issues])
    return out.assign(category=labelled["category"].to_numpy(),
                      category_reason=labelled["category_reason"].to_numpy(),
                      category_source=labelled["category_source"].to_numpy())


def rule_categories(issues: pd.DataFrame, rules: Rules) -> pd.Series:
    """The category the rules give each issue, ignoring corrections made by hand (what a
    correction changed from), indexed by key."""
    plain = issues.drop(columns=[c for c in ("category_override",) if c in issues])
    labelled = classify(plain, rules)
    return pd.Series(labelled["category"].to_numpy(), index=issues["key"].to_numpy(), dtype="str")


def _explode_lower(issues: pd.DataFrame, field: str) -> pd.DataFrame:
    """One row per value of a list column: the issue's position, the value stripped, lower-cased."""
    cells = issues[field].to_numpy(dtype=object)
    if set(map(type, cells)) == {np.ndarray} and all(cell.ndim == 1 for cell in cells):
        # Every cell an array (as read from the workspace): joined in one go, since
        # Series.explode over 100,000 small arrays costs 0.2-0.3 s per field.
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        rows = np.repeat(np.arange(len(cells)), lengths)
        values = np.concatenate(list(cells)).astype(object)
        present = pd.notna(values)
        values = pd.Series(values[present], index=rows[present], dtype=object)
    else:
        values = issues[field].reset_index(drop=True).explode().dropna()
    stripped = values.astype(str).str.strip()
    return pd.DataFrame({"row": values.index.to_numpy(), "value": stripped.to_numpy(),
                         "lower": stripped.str.lower().to_numpy()})


def _match(issues: pd.DataFrame, rule: Rule, exploded: dict) -> pd.Series:
    """Per row, the matched value as written in the data (NaN where the rule does not match)."""
    n = len(issues)
    column = RULE_FIELDS[rule.field]
    if column not in issues:
        return pd.Series([None] * n, dtype=object)
    if rule.field == "summary":
        pattern = r"(?i)\b(" + "|".join(re.escape(v) for v in rule.values) + r")\b"
        text = issues[column].fillna("").astype(str).reset_index(drop=True)
        return text.str.extract(pattern, expand=False)
    if rule.field in LIST_FIELDS:
        frame = exploded[rule.field]
        hits = frame[_value_matches(frame["lower"], rule.values)]
        first = hits.drop_duplicates("row").set_index("row")["value"]
        return first.reindex(range(n))
    values = issues[column].reset_index(drop=True)
    lower = values.fillna("").astype(str).str.strip().str.lower()
    return values.where(_value_matches(lower, rule.values) & values.notna())


def _value_matches(lower: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    exact = [v for v in wanted if not v.endswith("*")]
    prefixes = tuple(v[:-1] for v in wanted if v.endswith("*"))
    hit = lower.isin(exact)
    if prefixes:
        hit |= lower.str.startswith(prefixes)
    return hit
