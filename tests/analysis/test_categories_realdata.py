"""The default rules on real exports nobody on this project wrote: the counts per category.

Jira files go through the real importers; GitHub and GitLab dumps (no importer yet) are
mapped in the test to the columns the rules read (labels and title), which is enough to
show what the default labels rules make of them.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.categories import classify, parse_rules
from app.context import load_workspace_data
from config import load_category_rules
from data.workspace import Workspace


def counts(categories: pd.Series) -> dict:
    return {k: int(v) for k, v in sorted(categories.value_counts().items())}


def jira_counts(tmp_path, *files) -> dict:
    ws = Workspace(tmp_path / "ws")
    for path in files:
        ws.import_file(path)
    return counts(load_workspace_data(ws).issues["category"])


def label_frame(items: list[dict]) -> pd.DataFrame:
    return pd.DataFrame({
        "key": [str(i.get("iid") or i.get("number")) for i in items],
        "issue_type": [None] * len(items),
        "labels": [[l["name"] if isinstance(l, dict) else l for l in i.get("labels", [])] for i in items],
        "components": [[] for _ in items],
        "summary": [i.get("title") or "" for i in items],
        "project": [None] * len(items), "epic_key": [None] * len(items),
    })


def test_jira_csv_clearcorrect(realdata, tmp_path):
    assert jira_counts(tmp_path, realdata / "jira-csv-clearcorrect" / "Jira.csv") == {"defect": 22, "feature": 105}


def test_jira_csv_testautogen(realdata, tmp_path):
    # Tasks about a test-automation spike ("research", "investigate") are architecture work
    assert jira_counts(tmp_path, realdata / "jira-csv-testautogen" / "Jira.csv") == {
        "architecture": 3, "defect": 1, "feature": 18}


def test_jira_rest_devlake_localised_issue_types(realdata, tmp_path):
    folder = realdata / "jira-rest-devlake"
    # 缺陷 (defect) and 故事 (story) are Jira's Chinese issue type names
    assert jira_counts(tmp_path, folder / "issues_board8.json", folder / "issues_with_links.json") == {
        "defect": 23, "feature": 32}


@pytest.mark.parametrize("name, expected", [
    # 26 issues (16 of the 42 items are pull requests): "bug" and "enhancement" labels
    ("github-rest-devlake/issues.json", {"defect": 2, "feature": 24}),
    # "Refactor" labels are debt
    ("gitlab-rest-devlake/issues.json", {"debt": 4, "feature": 12}),
    # upchieve/subway: type::tech initiative -> architecture, type::maintenance -> debt
    ("gitlab-neodataset/23285197.json", {"architecture": 22, "debt": 13, "defect": 51, "devops": 1, "enabler": 4, "feature": 193}),
    # stackgres: "Bug" labels dominate, "Security Feature" -> enabler
    ("gitlab-neodataset/12584701.json", {"architecture": 1, "debt": 4, "defect": 104, "enabler": 17, "feature": 45}),
    # meltano: kind::Bug / kind::Feature / kind::Tech Debt
    ("gitlab-neodataset/7603319.json", {"architecture": 1, "debt": 23, "defect": 94, "devops": 4, "feature": 115}),
    # gitaly: type::feature / type::maintenance / type::bug (devops::create is a GitLab stage, not devops work)
    ("gitlab-neodataset/2009901.json", {"debt": 15, "defect": 44, "devops": 10, "enabler": 3, "feature": 99}),
])
def test_github_and_gitlab_labels(realdata, name, expected):
    items = json.loads((realdata / name).read_text(encoding="utf-8"))
    items = [i for i in items if "pull_request" not in i]
    result = counts(classify(label_frame(items), parse_rules(load_category_rules()))["category"])
    assert result == expected
