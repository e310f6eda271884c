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


# ---------------------------------------------------------------- the builders
import importlib
import inspect
import json
from pathlib import Path

import plotly.graph_objects as go

from charts.balance import share_bars_figure, team_shares_figure, technical_share_figure
from charts.debt import debt_area_figure
from charts.dependencies import chains_figure, hotspots_figure

EVIL = '<img src=x onerror=alert(1)>'
CHARTS = Path(__file__).resolve().parents[2] / "charts"


def _figure_text(figure: go.Figure) -> str:
    return json.dumps(figure.to_plotly_json(), default=str, ensure_ascii=False)


def test_every_figure_builder_escapes_its_inputs():
    undecorated = []
    for path in sorted(CHARTS.glob("*.py")):
        if path.stem in ("__init__", "safe", "theme", "margins"):   # helpers applied to built figures
            continue
        module = importlib.import_module(f"charts.{path.stem}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            builds_figure = "Figure" in str(inspect.signature(function).return_annotation)
            if function.__module__ == module.__name__ and builds_figure and not name.startswith("_") \
                    and not getattr(function, "escapes_text", False):
                undecorated.append(f"charts/{path.name}: {name}")
    assert undecorated == [], "decorate these with charts.safe.escapes_text"


def test_share_bars_team_names_are_text():
    rows = pd.DataFrame({"team": [EVIL, "B&B"], "category": ["debt", "feature"],
                         "period_start": pd.to_datetime(["2026-01-05", "2026-01-05"]),
                         "share": [1.0, 1.0], "items": [2, 1], "points": [3.0, 1.0],
                         "target_share": [0.2, 0.5], "drift_pp": [80.0, 50.0]})
    text = _figure_text(share_bars_figure(rows))
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text and "B&amp;B" in text


def test_technical_share_legend_and_hover_are_text():
    shortfall = pd.DataFrame({"team": ['<a href="javascript:alert(1)">t</a>'],
                              "period_start": pd.to_datetime(["2026-01-05"]), "technical_share": [0.1],
                              "technical_target": [0.3], "flagged": [True]})
    text = _figure_text(technical_share_figure(shortfall))
    assert "<a href" not in text and "&lt;a href" in text


def test_team_shares_team_names_are_text():
    rows = pd.DataFrame({"team": [EVIL, "B&B"], "category": ["debt", "feature"], "share": [1.0, 1.0],
                         "items": [2, 1], "points": [3.0, 1.0], "target_share": [0.2, 0.5], "drift_pp": [80.0, 50.0]})
    text = _figure_text(team_shares_figure(rows))
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text and "B&amp;B" in text


def test_technical_share_highlights_one_team_and_greys_the_others():
    shortfall = pd.DataFrame({"team": ["A", "A", "B", "B", "(no team)", "(no team)"],
                              "period_start": pd.to_datetime(["2026-01-01", "2026-02-01"] * 3),
                              "technical_share": [0.1, 0.2, 0.5, 0.6, 0.3, 0.3],
                              "technical_target": [0.35, 0.35, 0.3, 0.3, 0.3, 0.3], "flagged": [False, True] * 3})
    figure = technical_share_figure(shortfall, "B")
    assert [(t.name, t.showlegend is not False) for t in figure.data] == [
        ("other teams", True), ("other teams", False), ("target of B", True), ("B", True),
        ("▼ below target 3+ periods in a row", True)]
    assert list(figure.data[3].y) == [50.0, 60.0] and list(figure.data[2].y) == [30.0, 30.0]
    assert list(figure.data[3].x) == ["Jan 2026", "Feb 2026"]
    assert technical_share_figure(shortfall, "gone").data[3].name == "A"       # an unknown team: the first one


def test_team_shares_put_no_team_last_on_one_axis():
    rows = pd.DataFrame({"team": ["(no team)", "Zeta", "Alpha", "Alpha"], "category": ["feature", "debt", "debt", "feature"],
                         "share": [1.0, 1.0, 0.25, 0.75], "items": [1, 2, 1, 3], "points": [1.0, 2.0, 1.0, 3.0],
                         "target_share": [0.5, 0.2, 0.2, 0.5], "drift_pp": [50.0, 80.0, 5.0, 25.0]})
    figure = team_shares_figure(rows)
    assert list(figure.layout.xaxis.categoryarray) == ["Alpha", "Zeta", "(no team)"]
    assert [(t.name, list(t.x), list(t.y)) for t in figure.data] == [
        ("feature", ["(no team)", "Alpha"], [100.0, 75.0]), ("debt", ["Zeta", "Alpha"], [100.0, 25.0])]
    assert not any(key.startswith("xaxis2") for key in figure.layout.to_plotly_json())      # one set of axes


def test_debt_area_title_and_bars_are_text():
    by_area = pd.DataFrame({"area": [EVIL], "open_debt_items": [3], "open_debt_points": [5.0],
                            "median_age_days": [40.0]})
    text = _figure_text(debt_area_figure(by_area, f"Open debt per <b>{EVIL}</b>"))
    assert "<img" not in text and "<b>" not in text


def test_hotspots_reasons_and_chain_teams_are_text():
    hotspots = pd.DataFrame({"team": [EVIL], "open_inbound": [2], "waiting_teams": [1], "waiting_days": [4],
                             "blocked_transitively": [3], "why": [f"{EVIL} blocks <br>everyone"]})
    chains = pd.DataFrame({"chain": [1], "keys": [["<b>K-1</b>", "K-2"]], "teams": [[EVIL, "<br>"]]})
    text = _figure_text(hotspots_figure(hotspots)) + _figure_text(chains_figure(chains))
    assert "<img" not in text and "<b>K-1" not in text and "<br>everyone" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; → &lt;br&gt;" in text
