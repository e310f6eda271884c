"""Text from an export is data, never markup: escaping for plotly.

Plotly renders a subset of HTML from every string it draws (titles, tick labels, legend
entries, annotations, hover text): `<a href>`, `<b>`, `<br>`, `<span style>` and HTML
entities. Turning `&`, `<` and `>` into entities makes a value show as written. A value
placed inside a hovertemplate or texttemplate could also hold a template field (`%{x}`,
`%{customdata[0]}`) that plotly would fill in: its `%` becomes the entity `&#37;`, which
plotly's text rendering turns back into `%` after the template is filled in.

Every figure builder in charts/ is decorated with `@escapes_text`: its DataFrame, Series,
string and list arguments arrive escaped (text cells, text index and column labels), so
whatever the builder draws from them is safe, and the builder's own markup (`<br>` in a
hovertemplate it writes) still works. tests/charts/test_chart_safe.py checks that every
builder carries it.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

_ENTITIES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_TEMPLATE_FIELD, _TEMPLATE_FIELD_SHOWN = "%{", "&#37;{"


def plotly(text: object) -> str:
    """One value made safe for any plotly string (title, label, annotation, hover, inside
    a hovertemplate or texttemplate)."""
    if text is None:
        return ""
    return _escape_text(str(text))


def _escape_text(text: str) -> str:
    """The one escape of charts/: markup to entities, then template fields out of reach
    (after the `&` escape, so the `&` of `&#37;` stays an entity)."""
    return text.translate(_ENTITIES).replace(_TEMPLATE_FIELD, _TEMPLATE_FIELD_SHOWN)


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


def escapes_text(builder):
    """Decorator for a figure builder: every argument it gets is escaped for plotly first."""
    @functools.wraps(builder)
    def escaped_builder(*args, **kwargs):
        return builder(*(_escape_argument(a) for a in args),
                       **{name: _escape_argument(value) for name, value in kwargs.items()})
    escaped_builder.escapes_text = True
    return escaped_builder


def _escape_argument(value):
    if isinstance(value, pd.DataFrame):
        return plotly_frame(value)
    if isinstance(value, pd.Series):
        return plotly_frame(value.to_frame()).iloc[:, 0].rename(value.name)
    return _escape_cell(value)


def _escape_cell(value):
    if isinstance(value, str):
        return _escape_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_escape_cell(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "OU":
        return np.array([_escape_cell(v) for v in value], dtype=object)
    return value


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series.dtype) or series.dtype == object


def _is_text_index(index: pd.Index) -> bool:
    if isinstance(index, pd.MultiIndex):
        return False
    return pd.api.types.is_string_dtype(index.dtype) or index.dtype == object
