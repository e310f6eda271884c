"""Text from an export is data, never markup: escaping for plotly.

Plotly renders a subset of HTML from every string it draws (titles, tick labels, legend
entries, annotations, hover text): `<a href>`, `<b>`, `<br>`, `<span style>` and HTML
entities. Turning `&`, `<` and `>` into entities makes a value show as written. Builders
call `plotly_frame` on the DataFrame they are given (every text column, once) and `plotly`
on any single value they place in a title or an annotation.
"""
from __future__ import annotations

import pandas as pd

_ENTITIES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}


def plotly(text: object) -> str:
    """One value made safe for any plotly string (title, label, annotation, hover)."""
    if text is None:
        return ""
    return str(text).translate(_ENTITIES)


def plotly_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and text index/column labels) are escaped for
    plotly; numbers, dates and missing values are left as they are."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].cat.rename_categories(_escape_cell)
        elif _is_text(out[column]):
            out[column] = out[column].map(_escape_cell)
    if _is_text_index(out.index):
        out.index = out.index.map(_escape_cell)
    if _is_text_index(out.columns):
        out.columns = out.columns.map(_escape_cell)
    return out


def plotly_values(values) -> list:
    """A list of labels (e.g. categories, team names) escaped for plotly."""
    return [_escape_cell(value) for value in values]


def _escape_cell(value):
    if isinstance(value, str):
        return value.translate(_ENTITIES)
    if isinstance(value, (list, tuple)):
        return type(value)(_escape_cell(v) for v in value)
    return value


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series.dtype) or series.dtype == object


def _is_text_index(index: pd.Index) -> bool:
    if isinstance(index, pd.MultiIndex):
        return False
    return pd.api.types.is_string_dtype(index.dtype) or index.dtype == object
