"""The debt metrics through the CLI on the real Jira CSV exports in ../shared/realdata.

Expected numbers were counted by hand from the files: the clearcorrect export (project
CCCSG, 127 issues) was created 2020-12-07 .. 2021-01-23; 104 of its items are open at the
end of 2020-12-31 and 105 at the end of January and February 2021 (the testautogen export,
project TES, starts in 2025). Neither export has an item the default rules call debt, so
the second half marks three items as debt by hand, as a user does on the page.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest

import cli

JIRA_FILES = ("jira-csv-clearcorrect/Jira.csv", "jira-csv-testautogen/Jira.csv")
TREND_HEADER = ["period_start", "open_debt_items", "open_debt_points", "open_items", "debt_share",
                "debt_created", "debt_resolved"]
RANGE = ["--since", "2020-12-01", "--until", "2021-02-28"]


@pytest.fixture(scope="module")
def jira_workspace(realdata, tmp_path_factory):
    from data.workspace import Workspace
    root = tmp_path_factory.mktemp("debt-cli") / "ws"
    workspace = Workspace(root, wait_seconds=5)
    workspace.create()
    for name in JIRA_FILES:
        workspace.import_file(realdata / name)
    return workspace


def run_csv(capsys, *argv) -> tuple[str, pd.DataFrame]:
    capsys.readouterr()
    assert cli.main(list(argv)) == 0
    out = capsys.readouterr().out
    return out, pd.read_csv(io.StringIO(out), dtype={"period_start": str, "period_end": str})


def test_debt_trend_csv_on_real_jira_exports(jira_workspace, capsys):
    out, table = run_csv(capsys, "metric", "debt-trend", "--format", "csv", "--workspace", str(jira_workspace.root),
                         *RANGE)
    assert out.splitlines()[0].split(",")[:7] == TREND_HEADER
    assert table[["period_start", "open_debt_items", "open_items", "debt_share", "debt_created",
                  "debt_resolved", "period_end"]].to_dict("records") == [
        {"period_start": "2020-12-01", "open_debt_items": 0, "open_items": 104, "debt_share": 0.0,
         "debt_created": 0, "debt_resolved": 0, "period_end": "2020-12-31"},
        {"period_start": "2021-01-01", "open_debt_items": 0, "open_items": 105, "debt_share": 0.0,
         "debt_created": 0, "debt_resolved": 0, "period_end": "2021-01-31"},
        {"period_start": "2021-02-01", "open_debt_items": 0, "open_items": 105, "debt_share": 0.0,
         "debt_created": 0, "debt_resolved": 0, "period_end": "2021-02-28"},
    ]


def test_debt_trend_default_period_ends_at_the_newest_export(jira_workspace, capsys):
    out, table = run_csv(capsys, "metric", "debt-trend", "--format", "csv", "--workspace", str(jira_workspace.root))
    assert out.splitlines()[0].split(",")[:7] == TREND_HEADER
    assert len(table) == 13                                     # a year of months, the first one cut
    assert table["period_end"].iloc[-1] == "2025-09-22"         # the testautogen export's as-of date
    assert (table["open_debt_items"] == 0).all() and (table["open_items"] >= 105).all()


def test_debt_metrics_with_items_marked_as_debt(realdata, tmp_path, capsys):
    from data.workspace import Workspace
    workspace = Workspace(tmp_path / "ws", wait_seconds=5)
    workspace.create()
    workspace.import_file(realdata / JIRA_FILES[0])
    # CCCSG-1: 2020-12-07 .. 2021-01-11; CCCSG-205: created and resolved on 2021-01-22; CCCSG-4: open
    for key in ("CCCSG-1", "CCCSG-205", "CCCSG-4"):
        workspace.set_category_override(key, "debt", "test")
    root = str(workspace.root)

    _, trend = run_csv(capsys, "metric", "debt-trend", "--format", "csv", "--workspace", root, *RANGE)
    assert trend[TREND_HEADER[1:] + ["net_flow"]].to_dict("records") == [
        {"open_debt_items": 2, "open_debt_points": 2.0, "open_items": 104, "debt_share": 0.0192,
         "debt_created": 2, "debt_resolved": 0, "net_flow": 2},
        {"open_debt_items": 1, "open_debt_points": 1.0, "open_items": 105, "debt_share": 0.0095,
         "debt_created": 1, "debt_resolved": 2, "net_flow": -1},
        {"open_debt_items": 1, "open_debt_points": 1.0, "open_items": 105, "debt_share": 0.0095,
         "debt_created": 0, "debt_resolved": 0, "net_flow": 0},
    ]

    _, weekly = run_csv(capsys, "metric", "debt-trend", "--format", "csv", "--workspace", root, "--period", "week",
                        *RANGE)
    assert weekly["period_start"].iloc[0] == "2020-11-30"       # the Monday on or before --since
    assert weekly["open_debt_items"].iloc[-1] == 1 and weekly["debt_created"].sum() == 3

    out, ages = run_csv(capsys, "metric", "debt-age", "--format", "csv", "--workspace", root, *RANGE)
    assert out.splitlines()[0].split(",")[:3] == ["key", "team", "age_days"]
    assert ages[["key", "team", "age_days"]].to_dict("records") == [
        {"key": "CCCSG-4", "team": "CCCSG", "age_days": 83}]    # 2020-12-07 .. 2021-02-28

    _, areas = run_csv(capsys, "metric", "debt-by-area", "--format", "csv", "--workspace", root, *RANGE)
    assert areas[["area_type", "area", "open_debt_items"]].to_dict("records") == [
        {"area_type": "team", "area": "CCCSG", "open_debt_items": 1},
        {"area_type": "component", "area": "(no component)", "open_debt_items": 1},
        {"area_type": "epic", "area": "(no epic)", "open_debt_items": 1},
    ]


def test_debt_projection_option_errors_are_one_line(jira_workspace, capsys):
    capsys.readouterr()
    code = cli.main(["metric", "debt-projection", "--periods", "zero", "--workspace", str(jira_workspace.root)])
    assert code == cli.EXIT_USER_ERROR
    assert capsys.readouterr().err.strip() == ("error: debt-projection: --periods must be a whole number of "
                                               "periods, not 'zero'")
    assert cli.main(["metric", "debt-trend", "--period", "fortnight", "--workspace", str(jira_workspace.root)]) == 2
