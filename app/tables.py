"""How a metric's table leaves the app: CSV, JSON or text, with plain ISO dates."""
from __future__ import annotations

import json

import pandas as pd


def plain_values(table: pd.DataFrame) -> pd.DataFrame:
    """Timestamps to ISO dates (YYYY-MM-DD), so CLI output and CSV downloads agree."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object).where(out[column].notna(), None)
    return out


def to_csv(table: pd.DataFrame) -> str:
    """CSV with list cells joined by ';'."""
    flat = plain_values(table)
    for column in flat.columns:
        if flat[column].dtype == object:
            flat[column] = flat[column].map(_join_list)
    return flat.to_csv(index=False)


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
