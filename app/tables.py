"""How a metric's table leaves the app: CSV, JSON or text, with plain ISO dates."""
from __future__ import annotations

import json
import re

import pandas as pd


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
