"""The Delivery metrics through the CLI on the demo workspace: names, options and columns
exactly as issue 12 gives them, reproducible forecasts, one-line errors."""
from __future__ import annotations

import io

import pandas as pd
import pytest

import cli

COLUMNS = {
    "velocity": "sprint,team,start_date,end_date,state,committed_items,committed_points,completed_items,"
                "completed_points,added_items,removed_items,carried_over_items,committed_known",
    "throughput": "period_start,team,items,points",
    "cycle-time": "key,team,category,issue_type,committed_at,done_at,cycle_days,lead_days",
    "cycle-time-percentiles": "percentile,cycle_days,lead_days,items",
    "cfd": "day,stage,items",
    "ageing-wip": "key,team,status,started,age_days,percentile_band",
    "forecast-when": "percentile,finish_date",
    "forecast-how-many": "percentile,items",
    "forecast-when-by-team": "team,amount,percentile,finish_date",
    "release-forecast": "version,release_date,scope_items,done_items,remaining_items,forecast_50,forecast_85,"
                        "on_track,open_blockers",
}


def run(capsys, *argv) -> str:
    capsys.readouterr()
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_are_the_issues_names(capsys, demo_workspace_dir, name):
    out = run(capsys, "metric", name, "--workspace", str(demo_workspace_dir), "--format", "csv", "--trials", "200")
    assert out.splitlines()[0] == COLUMNS[name]
    assert len(out.splitlines()) > 1


def test_options_of_the_issue(capsys, demo_workspace_dir):
    ws = ["--workspace", str(demo_workspace_dir), "--format", "csv"]
    for period in ("week", "sprint", "month"):
        out = run(capsys, "metric", "throughput", "--period", period, *ws)
        assert len(out.splitlines()) > 2
    stages = pd.read_csv(io.StringIO(run(capsys, "metric", "cfd", "--by", "category", *ws)))
    assert stages["stage"].unique().tolist() == ["todo", "in_progress", "done"]
    first = run(capsys, "metric", "forecast-when", "--items", "50", "--window-days", "28", "--trials", "500",
                "--seed", "3", *ws)
    again = run(capsys, "metric", "forecast-when", "--items", "50", "--window-days", "28", "--trials", "500",
                "--seed", "3", *ws)
    assert first == again
    many = pd.read_csv(io.StringIO(run(capsys, "metric", "forecast-how-many", "--by", "2027-01-31",
                                       "--trials", "500", *ws)))
    assert many["percentile"].tolist() == [50, 85, 95]
    assert many["items"].is_monotonic_decreasing and many["items"].iloc[-1] > 0
    committed = pd.read_csv(io.StringIO(run(capsys, "metric", "cycle-time-percentiles", "--commitment", "In Review",
                                            *ws)))
    default = pd.read_csv(io.StringIO(run(capsys, "metric", "cycle-time-percentiles", *ws)))
    assert (committed["cycle_days"] <= default["cycle_days"]).all()


def test_forecast_per_team_adds_up_to_the_open_items(capsys, demo_workspace_dir):
    ws = ["--workspace", str(demo_workspace_dir), "--format", "csv", "--trials", "200"]
    per_team = pd.read_csv(io.StringIO(run(capsys, "metric", "forecast-when-by-team", *ws)))
    headlines = pd.read_csv(io.StringIO(run(capsys, "metric", "delivery-summary", *ws))).set_index("metric")
    assert per_team.drop_duplicates("team")["amount"].sum() == headlines.loc["open_work", "value"] == 1841


@pytest.mark.parametrize("argv, message", [
    (["cfd", "--by", "points"], "cfd: --by must be one of status, category, not 'points'"),
    (["forecast-how-many", "--by", "soon"], "forecast-how-many: --by must be a date like 2027-03-31, not 'soon'"),
    (["cycle-time", "--commitment", "Nowhere"], "--commitment: no status 'Nowhere' in the data"),
    (["forecast-when", "--trials", "0"], "--trials must be at least 1, not 0"),
])
def test_user_errors_are_one_line(capsys, demo_workspace_dir, argv, message):
    capsys.readouterr()
    assert cli.main(["metric", *argv, "--workspace", str(demo_workspace_dir)]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
