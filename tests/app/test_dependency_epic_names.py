"""The Dependencies page grouped by epic names the epics "KEY — summary": the hotspots metric
carries `epic_summary`, the page's matrix gets the names beside its keys, the tables people
read and the charts show the label (escaped in plotly), and the CSV keeps the keys."""
import json

import pandas as pd

from analysis.dependencies import OUTSIDE
from analysis.filters import Filters
from app.metrics import run_metric
from app.metrics_dependencies import matrix_with_epic_names
from app.tables import named_epics, readable, to_csv
from charts.dependencies import dependency_matrix_figure, hotspots_figure

MATRIX = pd.DataFrame({"blocking_epic": ["E-1", "E-1", "(no epic)", OUTSIDE],
                       "blocked_epic": ["E-2", "E-1", "E-1", "E-2"], "open_links": [3, 2, 1, 1]})
HOTSPOTS = pd.DataFrame({
    "epic": ["E-1", OUTSIDE, "(no epic)", "E-2"], "epic_summary": ["Search <b>x</b>", "", "", "%{y} pricing"],
    "open_inbound": [4, 1, 1, 0], "waiting_epics": [2, 1, 1, 0], "waiting_days": [40, 9, 3, 0],
    "blocked_transitively": [5, 1, 1, 0], "open_outbound": [0, 0, 0, 4], "within_epic": [2, 0, 0, 0],
    "why": ["#1 E-1 — Search <b>x</b>: ...", "#2 ...", "#3 ...", "E-2 — %{y} pricing: nothing ..."]})


def test_the_matrix_gets_the_names_beside_its_keys_and_shows_them_folded():
    named = matrix_with_epic_names(MATRIX, HOTSPOTS)
    assert named.to_dict("records") == [
        {"blocking_epic": "E-1", "blocking_epic_summary": "Search <b>x</b>", "blocked_epic": "E-2",
         "blocked_epic_summary": "%{y} pricing", "open_links": 3},
        {"blocking_epic": "E-1", "blocking_epic_summary": "Search <b>x</b>", "blocked_epic": "E-1",
         "blocked_epic_summary": "Search <b>x</b>", "open_links": 2},
        {"blocking_epic": "(no epic)", "blocking_epic_summary": "", "blocked_epic": "E-1",
         "blocked_epic_summary": "Search <b>x</b>", "open_links": 1},
        {"blocking_epic": OUTSIDE, "blocking_epic_summary": "", "blocked_epic": "E-2",
         "blocked_epic_summary": "%{y} pricing", "open_links": 1}]
    assert readable(named).to_dict("records") == [
        {"Blocking epic": "E-1 — Search <b>x</b>", "Blocked epic": "E-2 — %{y} pricing", "Open links": 3},
        {"Blocking epic": "E-1 — Search <b>x</b>", "Blocked epic": "E-1 — Search <b>x</b>", "Open links": 2},
        {"Blocking epic": "(no epic)", "Blocked epic": "E-1 — Search <b>x</b>", "Open links": 1},
        {"Blocking epic": OUTSIDE, "Blocked epic": "E-2 — %{y} pricing", "Open links": 1}]
    assert to_csv(named).splitlines()[1] == "E-1,Search <b>x</b>,E-2,%{y} pricing,3"     # keys stay keys


def test_other_groupings_and_empty_tables_come_back_unchanged():
    teams = pd.DataFrame({"blocking_team": ["A"], "blocked_team": ["B"], "open_links": [1]})
    team_hotspots = pd.DataFrame({"team": ["A"], "open_inbound": [1]})
    assert matrix_with_epic_names(teams, team_hotspots) is teams
    assert named_epics(teams) is teams and named_epics(team_hotspots) is team_hotspots
    empty = matrix_with_epic_names(MATRIX.iloc[:0], HOTSPOTS.iloc[:0])
    assert empty.empty and named_epics(empty).columns.tolist() == ["blocking_epic", "blocked_epic", "open_links"]


def test_hotspots_by_epic_read_and_draw_by_name():
    assert readable(HOTSPOTS)["Epic"].tolist() == ["E-1 — Search <b>x</b>", OUTSIDE, "(no epic)",
                                                   "E-2 — %{y} pricing"]
    figure = hotspots_figure(named_epics(HOTSPOTS))
    bars = figure.data[0]
    assert list(bars.y) == ["(no epic)", OUTSIDE, "E-1 — Search &lt;b&gt;x&lt;/b&gt;"]     # most first at the top
    assert bars.text[-1] == "2 epics waiting · 40 days · 5 items downstream"


def test_matrix_axes_show_the_epics_by_name_escaped():
    figure = dependency_matrix_figure(named_epics(matrix_with_epic_names(MATRIX, HOTSPOTS)))
    heatmap, inside = figure.data
    e1, e2 = "E-1 — Search &lt;b&gt;x&lt;/b&gt;", "E-2 — &#37;{y} pricing"
    assert list(heatmap.x) == list(heatmap.y) == [e1, e2, "(no epic)", OUTSIDE]
    assert heatmap.z[0][1] == 3 and heatmap.z[2][0] == 1
    assert list(inside.y) == [e1]
    text = json.dumps(figure.to_plotly_json(), default=str, ensure_ascii=False)
    assert "<b>x" not in text and "%{y} pricing" not in text


def test_dependency_metrics_by_epic_on_the_demo(demo_data):
    summary_of = demo_data.issues.set_index("key")["summary"]
    hotspots = run_metric("dependency-hotspots", demo_data, Filters(), {"group_by": "epic"})
    assert hotspots.columns.tolist() == ["epic", "epic_summary", "open_inbound", "waiting_epics", "waiting_days",
                                         "blocked_transitively", "open_outbound", "within_epic", "why"]
    named = hotspots[hotspots["epic_summary"] != ""]
    assert len(named) > 0 and named["epic_summary"].tolist() == [summary_of[k] for k in named["epic"]]
    assert set(hotspots.loc[hotspots["epic"].isin(["(no epic)", OUTSIDE]), "epic_summary"]) <= {""}
    first = named.iloc[0]
    assert f"{first['epic']} — {first['epic_summary']}: " in first["why"]
    # the CLI matrix keeps its three columns of keys; team hotspots keep their columns
    matrix = run_metric("dependency-matrix", demo_data, Filters(), {"group_by": "epic"})
    assert matrix.columns.tolist() == ["blocking_epic", "blocked_epic", "open_links"]
    assert set(matrix["blocking_epic"]) <= set(hotspots["epic"])
    shown = matrix_with_epic_names(matrix, hotspots)
    assert shown[["blocking_epic", "blocked_epic", "open_links"]].equals(matrix)
    with_name = shown[shown["blocked_epic"].isin(summary_of.index)]
    assert len(with_name) and with_name["blocked_epic_summary"].tolist() == \
        [summary_of[k] for k in with_name["blocked_epic"]]
    teams = run_metric("dependency-hotspots", demo_data, Filters(), {"group_by": "team"})
    assert "epic_summary" not in teams and teams.columns[0] == "team"
