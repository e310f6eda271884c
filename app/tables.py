"""How a metric's table leaves the app: CSV, JSON or text, with plain ISO dates."""
from __future__ import annotations

import json
import re

import pandas as pd

from analysis import epics


def plain_values(table: pd.DataFrame) -> pd.DataFrame:
    """Timestamps to ISO dates (YYYY-MM-DD), so CLI output and CSV downloads agree."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object).where(out[column].notna(), None)
    return out


# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...) sends
# data away, =cmd|... runs a program): CSV injection. Tab and CR hide a leading "=".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def to_csv(table: pd.DataFrame) -> str:
    """CSV with list cells joined by ';' and formula cells neutralised (the one way every
    CSV download and `cli.py metric --format csv` is written)."""
    flat = plain_values(table)
    for column in flat.columns:
        if flat[column].dtype == object or pd.api.types.is_string_dtype(flat[column].dtype) \
                or isinstance(flat[column].dtype, pd.CategoricalDtype):
            flat[column] = flat[column].astype(object).map(_join_list).map(safe_cell)
    flat.columns = [safe_cell(str(name)) for name in flat.columns]
    # CRLF rows (RFC 4180): Python's csv module quotes a cell only when it holds a character
    # of the row terminator, so with "\n" alone a bare CR inside a cell went out unquoted and
    # a spreadsheet split the row there (a hidden way to start a cell with "=").
    return flat.to_csv(index=False, lineterminator="\r\n")


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it shows as
    text; numbers (also a number written as text, like "-5") and everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_json(table: pd.DataFrame) -> str:
    return json.dumps(json.loads(plain_values(table).to_json(orient="records", date_format="iso")),
                      indent=2, ensure_ascii=False)


def to_text(table: pd.DataFrame) -> str:
    if table.empty:
        return "(no rows)"
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
        return plain_values(table).to_string(index=False)


def _join_list(value):
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return ";".join(str(v) for v in value.tolist())
    return value


# ---------------------------------------------------------------- tables people read
INTERNAL_COLUMNS = {"x", "y"}
COLUMN_NAMES = {
    "key": "Key", "url": "Link", "team": "Team", "category": "Category", "summary": "Summary",
    "story_points": "Story points", "points": "Points", "items": "Items", "epic_key": "Epic",
    "period_start": "Period", "period_end": "Period end", "drift_pp": "Drift (pp)", "gap_pp": "Gap (pp)",
    "p85_age_days": "85th percentile age (days)", "median_age_days": "Median age (days)",
    "age_days": "Age (days)", "created_day": "Created", "resolved_day": "Resolved", "p_value": "p value",
    "rho": "Spearman rho", "open_inbound": "Open links waiting on it", "open_outbound": "Open links it waits on",
}
UNITS = {"items": "{:,.0f}", "links": "{:,.0f}", "points": "{:,.1f}", "days": "{:,.0f} days",
         "score": "{:.0f} / 100"}


def is_share(column: str) -> bool:
    """Columns holding a fraction 0..1 (shown as percentages, kept as fractions in CSV)."""
    return "share" in column or column == "technical_target"


def human_name(column: str) -> str:
    if column in COLUMN_NAMES:
        return COLUMN_NAMES[column]
    text = column.replace("_", " ")
    text = text[:1].upper() + text[1:]
    return f"{text} (%)" if is_share(column) else text


# Each epic-name column and the key columns it folds into (the first one the table has).
EPIC_NAME_COLUMNS = {"epic_summary": ("epic_key", "area", "epic"),
                     "blocking_epic_summary": ("blocking_epic",), "blocked_epic_summary": ("blocked_epic",)}


def named_epics(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with epics shown by name: an `epic_summary` column folds into the epic key
    before it (`epic_key`, `area` or `epic`; `blocking_epic_summary` into `blocking_epic`
    ...), which becomes "KEY — summary" (analysis.epics.label)."""
    names = [c for c in EPIC_NAME_COLUMNS if c in table]
    if not names:
        return table
    out = table.drop(columns=names)
    for name in names:
        key_column = next((c for c in EPIC_NAME_COLUMNS[name] if c in table), None)
        if key_column is not None and len(table):
            out[key_column] = pd.array([epics.label(k, s) if isinstance(k, str) else k
                                        for k, s in zip(table[key_column].astype(object), table[name])],
                                       dtype=object)
    return out


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The table as people read it: human column names, shares as percentages, dates as
    dates, lists as 'a, b', epics by name, no internal columns and no 'None' (CSV keeps the
    raw table)."""
    if {"metric", "value", "unit"} <= set(table.columns):
        return headline_rows(table)
    table = named_epics(table)
    out = table[[c for c in table.columns if c not in INTERNAL_COLUMNS and not str(c).startswith("_")]].copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            # A table draws a missing date as "None": a column with gaps is shown as ISO text,
            # which sorts as the dates do, with the gaps blank.
            out[column] = (values.dt.date.astype(object) if values.notna().all()
                           else values.dt.strftime("%Y-%m-%d").fillna(""))
        elif pd.api.types.is_bool_dtype(values):
            out[column] = values.map({True: "yes", False: "no"})
        elif pd.api.types.is_numeric_dtype(values) and is_share(column):
            out[column] = (values.astype(float) * 100).round(1)
        elif values.dtype == object:
            out[column] = values.map(_cell).astype(object)          # lists and None
        elif pd.api.types.is_string_dtype(values):
            out[column] = values.fillna("")
    return out.rename(columns={c: human_name(c) for c in out.columns})


def headline_rows(table: pd.DataFrame) -> pd.DataFrame:
    """A (metric, value[, value_at_start, change], unit) table with each value in its unit."""
    def formatted(value, unit):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if not isinstance(value, (int, float)):
            return str(value)
        if unit == "share":
            return f"{value * 100:.1f} %"
        return UNITS.get(unit, "{:,}").format(value)

    rows = []
    for row in table.to_dict("records"):
        unit = row.get("unit")
        out = {"Number": human_name(str(row["metric"])).replace(" (%)", "")}
        out["Value"] = formatted(row["value"], unit)
        if "value_at_start" in row:
            out["At the start"] = formatted(row["value_at_start"], unit)
        if "change" in row:
            change = row["change"]
            out["Change"] = "" if change is None or pd.isna(change) else (
                f"{change * 100:+.1f} pp" if unit == "share" else f"{change:+,.0f}" if unit != "points"
                else f"{change:+,.1f}")
        for extra in ("meaning",):
            if extra in row:
                out["Meaning"] = row[extra]
        rows.append(out)
    return pd.DataFrame(rows)


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, (str, bytes))):
        return ", ".join(str(v) for v in list(value))
    return value


def raw_table(shown: pd.DataFrame) -> pd.DataFrame:
    """A table as `readable` showed it, back with its snake_case names and shares as
    fractions (what the CSV holds): for checking what a page shows against the metric."""
    by_human = {v: k for k, v in COLUMN_NAMES.items()}
    names = {c: by_human.get(c, c.removesuffix(" (%)").lower().replace(" ", "_")) for c in shown.columns}
    out = shown.rename(columns=names)
    for human, raw in names.items():
        if human.endswith(" (%)"):
            out[raw] = out[raw] / 100
    return out
