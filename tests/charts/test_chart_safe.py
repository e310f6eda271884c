"""charts.safe: text from an export is shown by plotly as written, never as HTML."""
from __future__ import annotations

import pandas as pd

from charts.safe import plotly, plotly_frame, plotly_values


def test_plotly_escapes_tags_and_entities():
    assert plotly('<a href="javascript:alert(1)">x</a> & <br>') == \
        '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; &amp; &lt;br&gt;'
    assert plotly(None) == ""
    assert plotly_values(["<b>", 3]) == ["&lt;b&gt;", 3]


def test_plotly_frame_escapes_text_columns_only():
    frame = pd.DataFrame({"team": ["<b>A</b>", "B&C"], "count": [1, -2],
                          "labels": [["<i>x</i>"], []],
                          "kind": pd.Categorical(["<br>", "ok"])},
                         index=pd.Index(["<x>", "y"], name="key"))
    out = plotly_frame(frame)
    assert out.reset_index().to_dict("records") == [
        {"key": "&lt;x&gt;", "team": "&lt;b&gt;A&lt;/b&gt;", "count": 1, "labels": ["&lt;i&gt;x&lt;/i&gt;"], "kind": "&lt;br&gt;"},
        {"key": "y", "team": "B&amp;C", "count": -2, "labels": [], "kind": "ok"},
    ]
    assert frame.loc["<x>", "team"] == "<b>A</b>"   # the input is not changed


def test_plotly_frame_wide_table_column_labels():
    wide = pd.DataFrame({"<img src=x>": [1]})
    assert list(plotly_frame(wide).columns) == ["&lt;img src=x&gt;"]


def test_plotly_frame_empty():
    empty = pd.DataFrame({"team": pd.Series([], dtype="str"), "count": pd.Series([], dtype="int64")})
    out = plotly_frame(empty)
    assert out.empty and list(out.columns) == ["team", "count"]
