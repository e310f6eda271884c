"""Epics by name: the debt metrics carry the epic's summary beside its key, and every table
people read shows "KEY — summary" (the CSV keeps key and summary apart)."""
import pandas as pd

from analysis.filters import Filters
from app.metrics import run_metric
from app.tables import named_epics, readable, to_csv


def test_readable_tables_show_epics_by_name_and_the_csv_keeps_the_columns():
    by_area = pd.DataFrame({"area_type": ["team", "epic", "epic"], "area": ["A", "E-1", "E-9"],
                            "epic_summary": ["", "Search <b>rewrite</b>", ""], "open_debt_items": [3, 2, 1]})
    assert readable(by_area).to_dict("records") == [
        {"Area type": "team", "Area": "A", "Open debt items": 3},
        {"Area type": "epic", "Area": "E-1 — Search <b>rewrite</b>", "Open debt items": 2},
        {"Area type": "epic", "Area": "E-9", "Open debt items": 1}]
    assert to_csv(by_area).splitlines()[0] == "area_type,area,epic_summary,open_debt_items"
    ages = pd.DataFrame({"key": ["D-1", "D-2"], "epic_key": ["E-1", None], "epic_summary": ["Search", ""]})
    assert readable(ages).to_dict("records") == [{"Key": "D-1", "Epic": "E-1 — Search"}, {"Key": "D-2", "Epic": ""}]
    assert named_epics(ages.iloc[:0]).columns.tolist() == ["key", "epic_key"]


def test_debt_metrics_name_the_epics_of_the_demo(demo_data):
    issues = demo_data.issues
    summary_of = issues.set_index("key")["summary"]
    by_epic = run_metric("debt-by-area", demo_data, Filters(), {"area": "epic"})
    named = by_epic[by_epic["epic_summary"] != ""]
    assert len(named) > 0
    assert named["epic_summary"].tolist() == [summary_of[k] for k in named["area"]]
    assert set(by_epic.loc[by_epic["area"] == "(no epic)", "epic_summary"]) <= {""}
    teams = run_metric("debt-by-area", demo_data, Filters(), {"area": "team"})
    assert set(teams["epic_summary"]) == {""}
    ages = run_metric("debt-age", demo_data, Filters(), {})
    assert ages.columns.tolist()[ages.columns.get_loc("epic_key") + 1] == "epic_summary"
    with_epic = ages[ages["epic_key"].notna() & ages["epic_key"].isin(summary_of.index)]
    assert len(with_epic) and with_epic["epic_summary"].tolist() == [summary_of[k] for k in with_epic["epic_key"]]
