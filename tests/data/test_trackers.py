"""Azure DevOps, GitHub, GitLab, Linear and sprint-calendar exports: detected from content,
mapped onto the same tables through the one normalisation step, on hand-made files that
carry each format's quirks and on the real dumps in ../shared/realdata."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.importers import detect_format

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def imported(workspace, *names: str, fmt: str = "auto") -> dict:
    summaries = [workspace.import_file(FIXTURES / name, fmt) for name in names]
    tables = workspace.read_tables("issues", "links", "sprints", "versions", "status_changes")
    tables["summaries"] = summaries
    tables["issues"] = tables["issues"].set_index("key")
    return tables


def links_of(tables) -> set[tuple[str, str, str]]:
    return set(tables["links"][["from_key", "to_key", "relation"]].itertuples(index=False, name=None))


@pytest.mark.parametrize("name, fmt", [
    ("ado_query.csv", "azure-devops-csv"), ("ado_tree.csv", "azure-devops-csv"),
    ("ado_links.csv", "azure-devops-csv"), ("ado_revisions.csv", "azure-devops-csv"),
    ("github_rest.json", "github-json"), ("github_gh.json", "github-json"),
    ("gitlab.json", "gitlab-json"), ("linear.csv", "linear-csv"), ("sprints.csv", "sprints-csv"),
])
def test_format_is_detected_from_content(name, fmt):
    assert detect_format(FIXTURES / name).FORMAT == fmt


def test_azure_devops_query_maps_every_column(workspace):
    t = imported(workspace, "ado_query.csv")
    issues = t["issues"]
    token = issues.loc["101"]
    assert (token["issue_type"], token["summary"], token["status"], token["status_category"]) == \
        ("Enabler", "Token service, v2", "Closed", "done")
    assert (token["team"], token["project"], token["assignee"]) == ("Platform", "Fabrikam", "Jane Doe")
    assert list(token["labels"]) == ["Technical Debt", "security"]
    assert list(token["sprints"]) == ["Sprint 14"]
    assert token["story_points"] == 5
    assert str(token["created"].date()) == "2024-01-15"        # day-first dates (15/01/2024)
    assert str(token["resolved"].date()) == "2024-02-02"
    assert issues.loc["102", "story_points"] == 3               # Effort when there are no Story Points
    assert issues.loc["102", "status_category"] == "in_progress"   # Active
    assert list(issues.loc["103", "sprints"]) == []             # the project root is no sprint
    assert ("101", "102", "blocks") in links_of(t)              # Successor and Predecessor agree
    changes = t["status_changes"]
    assert set(changes.loc[changes["key"] == "101", "to_status"]) == {"Active", "Resolved", "Closed"}


def test_azure_devops_tree_query_gives_parents(workspace):
    issues = imported(workspace, "ado_tree.csv")["issues"]
    assert issues.loc["2", "parent_key"] == "1"
    assert issues.loc["3", "parent_key"] == "2"
    assert issues.loc["4", "parent_key"] == "1"
    assert issues.loc["3", "summary"] == "Wallet API"
    assert str(issues.loc["4", "updated"].tz_convert("UTC")) == "2024-01-06 13:00:00+00:00"   # 1:00:00 PM, month first


def test_azure_devops_direct_links_query(workspace):
    t = imported(workspace, "ado_links.csv")
    assert ("8", "7", "blocks") in links_of(t)                  # 8 is 7's predecessor
    assert t["issues"].loc["9", "parent_key"] == "7"


def test_azure_devops_revision_history_loads_status_changes(workspace):
    t = imported(workspace, "ado_revisions.csv")
    issues, changes = t["issues"], t["status_changes"]
    assert len(issues) == 2
    assert issues.loc["5", "summary"] == "Export (renamed)" and issues.loc["5", "status"] == "Closed"
    five = changes[changes["key"] == "5"].sort_values("changed_at")
    assert list(five["to_status"]) == ["Active", "Closed"]      # rev 2 changed only the title


def test_github_rest_skips_pull_requests_and_keeps_milestones(workspace):
    t = imported(workspace, "github_rest.json")
    issues = t["issues"]
    assert sorted(issues.index) == ["acme/shop#12", "acme/shop#13", "acme/shop#14"]
    assert t["summaries"][0].warnings == ("1 pull request skipped (only issues are work items)",)
    assert t["summaries"][0].rows_loaded == 3
    cart = issues.loc["acme/shop#12"]
    assert cart["summary"] == "Refactor cart <script>alert(1)</script>"   # stored as text, escaped where shown
    assert list(cart["labels"]) == ["tech debt", "area/cart"] and list(cart["fix_versions"]) == ["v2.0"]
    assert cart["status_category"] == "done" and cart["url"] == "https://github.com/acme/shop/issues/12"
    assert issues.loc["acme/shop#13", "parent_key"] == "acme/shop#10"
    assert issues.loc["acme/shop#14", "resolution"] == "Not planned"
    assert ("acme/shop#12", "acme/shop#13", "blocks") in links_of(t)
    versions = t["versions"]
    assert versions.loc[versions["name"] == "v2.0", "release_date"].astype(str).tolist() == ["2024-05-01"]


def test_github_cli_json(workspace):
    issues = imported(workspace, "github_gh.json")["issues"]
    assert sorted(issues.index) == ["acme/infra#3", "acme/infra#4"]
    assert issues.loc["acme/infra#3", "status_category"] == "done"
    assert issues.loc["acme/infra#4", "status_category"] == "todo"
    assert list(issues.loc["acme/infra#3", "fix_versions"]) == ["Q2"]
    assert list(issues.loc["acme/infra#4", "sprints"]) == ["Iteration 7"]     # a project's Iteration field
    sprint = workspace.read_tables("sprints")["sprints"].set_index("name").loc["Iteration 7"]
    assert (str(sprint["start_date"].date()), str(sprint["end_date"].date())) == ("2024-04-01", "2024-04-15")


def test_gitlab_scoped_labels_weight_iteration_epic_and_links(workspace):
    t = imported(workspace, "gitlab.json")
    queue = t["issues"].loc["acme/backend#41"]
    assert (queue["issue_type"], queue["team"], queue["status"], queue["story_points"]) == \
        ("Maintenance", "platform", "in dev", 5)
    assert str(queue["created"].tz_convert("UTC")) == "2024-01-01 10:00:00+00:00"    # epoch milliseconds
    assert queue["epic_key"] == "acme&8" and list(queue["sprints"]) == ["Sprint 3"]
    sprint = t["sprints"].set_index("name").loc["Sprint 3"]
    assert str(sprint["start_date"].date()) == "2024-01-01" and str(sprint["end_date"].date()) == "2024-01-14"
    assert ("acme/backend#41", "acme/backend#42", "blocks") in links_of(t)
    assert t["issues"].loc["acme/backend#42", "status_category"] == "done"


def test_linear_cycles_become_sprints_and_dates_status_changes(workspace):
    t = imported(workspace, "linear.csv")
    issues = t["issues"]
    limiter = issues.loc["ENG-1"]
    assert (limiter["team"], limiter["story_points"], list(limiter["labels"])) == ("Engineering", 3, ["tech debt", "backend"])
    assert list(limiter["sprints"]) == ["Cycle 4"] and list(limiter["fix_versions"]) == ["M1"]
    assert issues.loc["ENG-3", "resolution"] == "Canceled" and issues.loc["ENG-3", "parent_key"] == "ENG-2"
    assert ("ENG-1", "ENG-2", "blocks") in links_of(t)          # ENG-2 is blocked by ENG-1
    cycle = t["sprints"].set_index("name").loc["Cycle 4"]
    assert str(cycle["start_date"].date()) == "2024-03-04"
    changes = t["status_changes"]
    assert list(changes.loc[changes["key"] == "ENG-1"].sort_values("changed_at")["to_status"]) == ["In Progress", "Done"]


def test_sprint_calendar_gives_dates_to_named_sprints(workspace):
    t = imported(workspace, "ado_query.csv", "sprints.csv")
    sprints = t["sprints"].set_index("name")
    assert str(sprints.loc["Sprint 14", "start_date"].date()) == "2024-01-15"
    assert not bool(sprints.loc["Sprint 14", "inferred"])
    assert t["summaries"][1].rows_loaded == 2


@pytest.mark.parametrize("name, fmt", [
    ("ado_query.csv", "azure-devops-csv"), ("github_rest.json", "github-json"),
    ("gitlab.json", "gitlab-json"), ("linear.csv", "linear-csv"), ("sprints.csv", "sprints-csv"),
])
def test_reimporting_changes_nothing(workspace, name, fmt):
    first = workspace.import_file(FIXTURES / name)
    again = workspace.import_file(FIXTURES / name)
    assert first.format == fmt and again.already_imported


def test_refusals_are_one_line(workspace, tmp_path):
    from data.errors import ImportRefused
    empty = tmp_path / "empty_github.json"
    empty.write_text("[]")
    with pytest.raises(ImportRefused) as info:
        workspace.import_file(empty, "github-json")
    assert "nothing to import" in str(info.value) and "\n" not in str(info.value)


# --- real dumps ---------------------------------------------------------------------------

def test_github_real_dump(workspace, realdata):
    summary = workspace.import_file(realdata / "github-rest-devlake" / "issues.json")
    issues = workspace.read_tables("issues")["issues"]
    raw = json.loads((realdata / "github-rest-devlake" / "issues.json").read_text())
    assert summary.format == "github-json"
    assert len(issues) == sum("pull_request" not in item for item in raw) == 26


@pytest.mark.parametrize("path, counts", [
    ("github-rest-devlake/issues.json", {"issues": 26, "links": 0, "sprints": 0, "versions": 1, "status_changes": 0}),
    ("gitlab-rest-devlake/issues.json", {"issues": 16, "links": 0, "sprints": 0, "versions": 6, "status_changes": 0}),
    ("gitlab-neodataset/12584701.json", {"issues": 171, "links": 0, "sprints": 4, "versions": 12, "status_changes": 0}),
    ("gitlab-neodataset/2009901.json", {"issues": 171, "links": 0, "sprints": 0, "versions": 42, "status_changes": 0}),
    ("gitlab-neodataset/23285197.json", {"issues": 284, "links": 0, "sprints": 5, "versions": 32, "status_changes": 0}),
    ("gitlab-neodataset/7603319.json", {"issues": 237, "links": 0, "sprints": 5, "versions": 43, "status_changes": 0}),
])
def test_real_github_and_gitlab_dumps_pinned(workspace, realdata, path, counts):
    """Issues (pull requests left out), milestones as releases, iterations as sprints; these
    dumps carry no linked issues and no status history."""
    summary = workspace.import_file(realdata / path)
    assert summary.format == ("github-json" if path.startswith("github") else "gitlab-json")
    tables = workspace.read_tables(*counts)
    assert {name: len(table) for name, table in tables.items()} == counts
    assert tables["issues"]["created"].notna().all()        # ISO and epoch milliseconds both read
