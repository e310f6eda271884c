"""Jira REST JSON importer: real DevLake payloads and small hand-made ones."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from config import Settings, load_settings
from data.errors import ImportRefused
from data.importers import jira_json
from data.importers.base import STAGE_TABLES
from data.normalise import normalise

REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
JIRA_REST = REALDATA / "jira-rest-devlake"


def _real(name: str) -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata not found: real-export tests need the shared data folder beside the repo")
    return JIRA_REST / name


@pytest.fixture
def cur():
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")  # timestamps read back as text in UTC
    yield con.cursor()
    con.close()


@pytest.fixture(scope="module")
def settings():
    return load_settings()


def _stage(cur, path: Path, settings=None):
    """Stage, then run the shared normalisation step: the rows the merge would store."""
    settings = settings or load_settings()
    result = jira_json.stage(cur, path, settings, path.name)
    normalise(cur, settings)
    return result


def _write(tmp_path: Path, payload, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def _count(cur, table: str) -> int:
    return cur.execute(f"select count(*) from {table}").fetchone()[0]


def _rows(cur, sql: str) -> list[tuple]:
    return cur.execute(sql).fetchall()


def _issue(key: str, **fields) -> dict:
    """A minimal search-response issue; `fields` override the defaults."""
    base = {
        "project": {"key": key.split("-")[0]},
        "issuetype": {"name": "Story"},
        "summary": f"summary of {key}",
        "status": {"name": "To Do", "statusCategory": {"key": "new"}},
        "created": "2024-01-02T10:00:00.000+0100",
        "updated": "2024-01-03T10:00:00.000+0100",
    }
    base.update(fields)
    return {"id": "1", "key": key, "self": f"https://acme.atlassian.net/rest/api/2/issue/{key}", "fields": base}


def _blocks(direction: str, other: str, name="Blocks", outward="blocks", inward="is blocked by") -> dict:
    return {"type": {"name": name, "outward": outward, "inward": inward},
            f"{direction}Issue": {"key": other, "fields": {"summary": "x"}}}


# --- real data: issues_board8.json ---------------------------------------------------------

def test_board8_counts(cur, settings):
    result = _stage(cur, _real("issues_board8.json"), settings)
    assert result.format == "jira-json"
    assert result.rows_read == 33
    assert _count(cur, "stage_issues") == 33
    assert _count(cur, "stage_links") == 0
    assert _count(cur, "stage_status_changes") == 165
    assert _rows(cur, "select count(distinct key) from stage_status_changes") == [(30,)]
    assert _count(cur, "stage_sprints") == 3
    assert _count(cur, "stage_versions") == 3
    assert _count(cur, "stage_rejects") == 0
    assert _rows(cur, "select status_category, count(*) from stage_issues group by all order by 1") == [
        ("done", 25), ("todo", 8)]   # the export's own category wins: 5 '已完成' items say key 'new'
    # list columns are never NULL, empty lists stay empty lists
    assert _rows(cur, "select count(*) from stage_issues where labels is null or components is null "
                      "or fix_versions is null or sprints is null") == [(0,)]
    assert _rows(cur, "select sprints from stage_issues where key = 'EE-20'") == [([],)]


def test_board8_sample_issue(cur, settings):
    _stage(cur, _real("issues_board8.json"), settings)
    row = _rows(cur, """
        select key, source, project, issue_type, status, status_category, priority, resolution,
               cast(created as varchar), cast(updated as varchar), cast(resolved as varchar),
               cast(due as varchar), assignee, reporter, team, epic_key, parent_key, story_points,
               labels, components, fix_versions, sprints, url
        from stage_issues where key = 'EE-1'""")
    assert row == [(
        "EE-1", "jira-json", "EE", "故事", "已完成",
        "todo",  # the export says statusCategory 'new': the export's own category wins over the name map
        "Medium", "完成",
        "2020-06-12 00:13:13.36+00", "2021-03-28 08:06:08.713+00", "2020-06-19 06:31:18.495+00",
        "2025-03-09", "Dingding Zhang", "Rankin Zheng", "EE", None, None, None,
        ["frontEnd", "Saas"], [], ["v2.7.0"], ["EE Sprint 7"], "https://merico.atlassian.net/browse/EE-1",
    )]


def test_board8_parent_and_epic(cur, settings):
    _stage(cur, _real("issues_board8.json"), settings)
    rows = _rows(cur, """select key, parent_key, epic_key, sprints from stage_issues
                         where key in ('EE-25', 'EE-34', 'K5-2', 'K5-3', 'K5-4') order by key""")
    assert rows == [
        ("EE-25", "EE-1", None, ["EE Sprint 7"]),     # sub-task of a story: parent, no epic
        ("EE-34", "EE-3", None, ["EE Sprint 7"]),
        ("K5-2", "K5-1", "K5-1", ["K5 Sprint 1"]),    # parent is an Epic (hierarchyLevel 1)
        ("K5-3", "K5-4", "K5-4", ["K5 Sprint 1"]),
        ("K5-4", None, None, []),
    ]
    assert _rows(cur, "select count(*) from stage_issues where parent_key is not null") == [(15,)]


def test_board8_sprints_versions_and_changes(cur, settings):
    _stage(cur, _real("issues_board8.json"), settings)
    assert _rows(cur, """
        select sprint_id, name, board, team, state, cast(start_date as varchar), cast(end_date as varchar),
               cast(complete_date as varchar), goal, inferred
        from stage_sprints order by sprint_id::int""") == [
        ("7", "EE Sprint 7", "8", None, "closed", "2020-06-12 00:38:51.882+00", "2020-06-26 00:38:00+00",
         "2020-06-22 05:59:58.98+00", None, False),
        ("17", "EE Sprint 9", "8", None, "closed", "2020-07-13 01:22:22.745+00", "2020-07-27 01:22:00+00",
         "2020-07-27 01:23:43.083+00", None, False),
        ("175", "K5 Sprint 1", "92", None, "active", "2022-07-15 22:35:25.617+00", "2022-07-29 22:35:00+00",
         None, None, False),
    ]
    assert _rows(cur, "select name, project, cast(release_date as varchar), released, description "
                      "from stage_versions order by name") == [
        ("v2.5.4", "EE", "2020-06-11", True, None),
        ("v2.6.0", "EE", "2020-06-30", True, None),
        ("v2.7.0", "EE", "2020-07-10", True, None),
    ]
    assert _rows(cur, """select cast(changed_at as varchar), from_status, to_status from stage_status_changes
                         where key = 'EE-1' order by changed_at""") == [
        ("2020-06-12 01:45:24.493+00", "Inbox", "Ready for Dev"),
        ("2020-06-12 03:38:39.785+00", "Ready for Dev", "In Development"),
        ("2020-06-12 06:22:49.352+00", "In Progress", "Open"),
        ("2020-06-19 06:31:18.526+00", "Open", "Closed"),
        ("2021-03-28 08:06:08.715+00", "Closed", "已完成"),
    ]


# --- real data: issues_with_links.json -----------------------------------------------------

def test_links_counts_by_relation(cur, settings):
    result = _stage(cur, _real("issues_with_links.json"), settings)
    assert result.rows_read == 22
    assert _count(cur, "stage_issues") == 22
    assert _count(cur, "stage_status_changes") == 0
    assert _count(cur, "stage_rejects") == 0
    assert _rows(cur, "select relation, count(*) from stage_links_resolved group by all order by 1") == [
        ("blocks", 6), ("clones", 4), ("duplicates", 4), ("relates", 2)]
    # a link listed on both of its issues is two rows (one per source_key), same direction
    assert _rows(cur, "select count(*) from (select distinct from_key, to_key, relation from stage_links_resolved)") == [(11,)]


def test_links_blocks_direction(cur, settings):
    _stage(cur, _real("issues_with_links.json"), settings)
    rows = _rows(cur, """select from_key, to_key, relation, raw_label, source_key from stage_links_resolved
                         where relation = 'blocks' order by source_key, raw_label""")
    assert rows == [
        # DZFNK0168-1 lists inwardIssue DZFNK0168-5 "is blocked by": 5 blocks 1
        ("DZFNK0168-5", "DZFNK0168-1", "blocks", "is blocked by", "DZFNK0168-1"),
        # DZFNK0168-2 lists outwardIssue DZFNK0168-22 "blocks": 2 blocks 22
        ("DZFNK0168-2", "DZFNK0168-22", "blocks", "blocks", "DZFNK0168-2"),
        ("DZFNK0168-20", "IP8CUD168-35304", "blocks", "blocks", "DZFNK0168-20"),          # cross-project
        ("IP8CUD168-35406", "DZFNK0168-20", "blocks", "is blocked by", "DZFNK0168-20"),   # cross-project
        ("DZFNK0168-2", "DZFNK0168-22", "blocks", "is blocked by", "DZFNK0168-22"),
        ("DZFNK0168-5", "DZFNK0168-1", "blocks", "blocks", "DZFNK0168-5"),
    ]


def test_links_other_relations(cur, settings):
    _stage(cur, _real("issues_with_links.json"), settings)
    rows = _rows(cur, """select from_key, to_key, relation, raw_label, source_key from stage_links_resolved
                         where relation <> 'blocks' order by relation, source_key, raw_label""")
    assert rows == [
        ("DZFNK0168-4", "DZFNK0168-11", "clones", "is cloned by", "DZFNK0168-11"),
        ("M2VRIQ168-12985", "DZFNK0168-16", "clones", "is cloned by", "DZFNK0168-16"),
        ("DZFNK0168-17", "M2VRIQ168-12954", "clones", "clones", "DZFNK0168-17"),
        ("DZFNK0168-4", "DZFNK0168-11", "clones", "clones", "DZFNK0168-4"),
        ("DZFNK0168-11", "DZFNK0168-5", "duplicates", "duplicates", "DZFNK0168-11"),
        ("IP8CUD168-35305", "DZFNK0168-11", "duplicates", "is duplicated by", "DZFNK0168-11"),
        ("DZFNK0168-14", "IP8CUD168-35288", "duplicates", "duplicates", "DZFNK0168-14"),
        ("DZFNK0168-11", "DZFNK0168-5", "duplicates", "is duplicated by", "DZFNK0168-5"),
        ("DZFNK0168-19", "DZFNK0168-21", "relates", "relates to", "DZFNK0168-19"),
        ("DZFNK0168-19", "DZFNK0168-21", "relates", "relates to", "DZFNK0168-21"),
    ]


def test_links_issue_url_from_self(cur, settings):
    _stage(cur, _real("issues_with_links.json"), settings)
    assert _rows(cur, "select url, team, project, assignee from stage_issues where key = 'DZFNK0168-1'") == [
        ("http://3.81.151.94:8080/browse/DZFNK0168-1", "DZFNK0168", "DZFNK0168", "admin")]


# --- real data: sprints.json ---------------------------------------------------------------

def test_board_sprints(cur, settings):
    result = _stage(cur, _real("sprints.json"), settings)
    assert result.rows_read == 30
    assert _count(cur, "stage_sprints") == 30
    for table in ("stage_issues", "stage_links", "stage_versions", "stage_status_changes", "stage_rejects"):
        assert _count(cur, table) == 0, table
    assert _rows(cur, "select board, count(*) from stage_sprints group by all order by 1") == [("13", 1), ("8", 29)]
    assert _rows(cur, "select distinct state, inferred from stage_sprints") == [("closed", False)]
    assert _rows(cur, """
        select sprint_id, name, board, state, cast(start_date as varchar), cast(end_date as varchar),
               cast(complete_date as varchar), goal
        from stage_sprints where sprint_id in ('7', '15') order by sprint_id""") == [
        ("15", "Emma Sprint 1", "13", "closed", "2020-06-22 01:32:04.664+00", "2020-07-06 01:32:52+00",
         "2020-06-29 02:50:44.043+00", None),
        ("7", "EE Sprint 7", "8", "closed", "2020-06-12 00:38:51.882+00", "2020-06-26 00:38:00+00",
         "2020-06-22 05:59:58.98+00", None),
    ]


@pytest.mark.parametrize("name", ["issues_board8.json", "issues_with_links.json", "sprints.json"])
def test_sniff_real_exports(name):
    head = _real(name).read_bytes()[:64 * 1024]
    assert jira_json.sniff(head)


def test_sniff_rejects_real_jira_csv():
    head = (REALDATA / "jira-csv-clearcorrect" / "Jira.csv").read_bytes()[:64 * 1024] if REALDATA.is_dir() else None
    if head is None:
        pytest.skip("../shared/realdata not found: real-export tests need the shared data folder beside the repo")
    assert not jira_json.sniff(head)


def test_sniff_rejects_github_and_gitlab_issue_dumps():
    for rel in ("github-rest-devlake/issues.json", "gitlab-rest-devlake/issues.json"):
        path = _real("../" + rel)
        assert not jira_json.sniff(path.read_bytes()[:64 * 1024]), rel


# --- hand-made payloads --------------------------------------------------------------------

def test_stage_tables_have_the_contract_columns(cur, tmp_path):
    _stage(cur, _write(tmp_path, {"values": [{"id": 1, "name": "S1", "state": "future", "originBoardId": 3}]}))
    for table, columns in STAGE_TABLES.items():
        assert tuple(r[0] for r in _rows(cur, f"describe {table}")) == columns
    assert _rows(cur, "select sprint_id, name, board, state, start_date is null, inferred from stage_sprints") == [
        ("1", "S1", "3", "future", True, False)]


def test_blocks_direction_inward_and_outward(cur, tmp_path):
    payload = {"issues": [
        _issue("A-1", issuelinks=[_blocks("outward", "A-2"), _blocks("inward", "B-9")],
               subtasks=[{"key": "A-5", "fields": {"summary": "sub"}}]),
        _issue("A-3", issuelinks=[
            # a dependency type: "A-3 depends on A-4" means A-4 blocks A-3
            _blocks("outward", "A-4", name="Dependency", outward="depends on", inward="is depended on by"),
            {"type": {"name": "Relates", "outward": "relates to", "inward": "relates to"},
             "inwardIssue": {"key": "A-1"}},
            {"type": {"name": "Cloners", "outward": "clones", "inward": "is cloned by"},
             "outwardIssue": {"key": "A-2"}},
        ]),
    ]}
    _stage(cur, _write(tmp_path, payload))
    assert _rows(cur, "select from_key, to_key, relation, raw_label, source_key from stage_links_resolved order by all") == [
        ("A-1", "A-2", "blocks", "blocks", "A-1"),          # outwardIssue on A: A blocks X
        ("A-1", "A-3", "relates", "relates to", "A-3"),     # inwardIssue: from X to A
        ("A-3", "A-2", "clones", "clones", "A-3"),
        ("A-4", "A-3", "blocks", "depends on", "A-3"),
        ("B-9", "A-1", "blocks", "is blocked by", "A-1"),   # inwardIssue on A: X blocks A
    ]  # the sub-task A-5 is no link row


def test_legacy_sprint_strings(cur, tmp_path):
    legacy = [
        "com.atlassian.greenhopper.service.sprint.Sprint@1a2b3c[id=1,rapidViewId=8,state=CLOSED,"
        "name=EE Sprint 7, the big one,goal=,startDate=2020-06-12T08:38:51.882+08:00,"
        "endDate=2020-06-26T08:38:00.000+08:00,completeDate=2020-06-22T13:59:58.980+08:00,sequence=1]",
        "com.atlassian.greenhopper.service.sprint.Sprint@4d5e6f[id=2,rapidViewId=8,state=ACTIVE,"
        "name=EE Sprint 8,goal=Ship it,startDate=2020-06-22T14:00:33.769+08:00,"
        "endDate=2020-07-06T14:00:00.000+08:00,completeDate=<null>,sequence=2]",
    ]
    payload = {"issues": [_issue("EE-1", customfield_10101=legacy), _issue("EE-2", customfield_10101=legacy[1:])]}
    _stage(cur, _write(tmp_path, payload))
    assert _rows(cur, "select key, sprints from stage_issues order by key") == [
        ("EE-1", ["EE Sprint 7, the big one", "EE Sprint 8"]), ("EE-2", ["EE Sprint 8"])]
    assert _rows(cur, """
        select sprint_id, name, board, state, cast(start_date as varchar), cast(end_date as varchar),
               cast(complete_date as varchar), goal, inferred
        from stage_sprints order by sprint_id""") == [
        ("1", "EE Sprint 7, the big one", "8", "closed", "2020-06-12 00:38:51.882+00", "2020-06-26 00:38:00+00",
         "2020-06-22 05:59:58.98+00", None, False),
        ("2", "EE Sprint 8", "8", "active", "2020-06-22 06:00:33.769+00", "2020-07-06 06:00:00+00",
         None, "Ship it", False),
    ]
    assert _count(cur, "stage_rejects") == 0


def test_bad_values_become_rejects_and_the_rest_loads(cur, tmp_path):
    payload = {
        "names": {"customfield_10200": "Story Points"},
        "issues": [
            _issue("X-1", created="yesterday", duedate="31/12/2024", customfield_10200="three",
                   customfield_10020=[{"id": 5, "name": "S5", "state": "active", "boardId": 2,
                                       "startDate": "soon"}]),
            {"id": "10002", "fields": {"summary": "no key"}},
            _issue("X-3", customfield_10200=5, duedate="2024-12-31",
                   fixVersions=[{"name": "1.0", "releaseDate": "someday", "released": False}]),
        ],
    }
    result = _stage(cur, _write(tmp_path, payload))
    assert result.rows_read == 3
    assert _rows(cur, "select key, created is null, cast(due as varchar), story_points, sprints "
                      "from stage_issues order by key") == [
        ("X-1", True, None, None, ["S5"]),
        ("X-3", False, "2024-12-31", 5.0, []),
    ]
    assert _rows(cur, "select row_number, column_name, raw_value, reason from stage_rejects order by all") == [
        (1, "fields.created", "yesterday",
         "not a date-time (expected ISO 8601 like 2020-06-12T08:38:51.882+0800)"),
        (1, "fields.customfield_10020[0].startDate", "soon",
         "not a date-time (expected ISO 8601 like 2020-06-12T08:38:51.882+0800)"),
        (1, "fields.customfield_10200", "three", "story points are not a number"),
        (1, "fields.duedate", "31/12/2024", "not a date (expected YYYY-MM-DD)"),
        (2, "key", "10002", "issue without a key: skipped"),
        (3, "fields.fixVersions[0].releaseDate", "someday", "not a date (expected YYYY-MM-DD)"),
    ]
    assert _rows(cur, "select name, project, release_date, released from stage_versions") == [("1.0", "X", None, False)]
    assert _rows(cur, "select sprint_id, start_date is null from stage_sprints") == [("5", True)]


def test_story_points_sources(cur, tmp_path):
    payload = {"issues": [
        _issue("P-1", customfield_10016=3),                           # Jira Cloud "Story point estimate"
        _issue("P-2", customfield_10026=5.5, customfield_10016=None),
        _issue("P-3", customfield_10002="not points"),                # guessed id, not numeric: ignored
        _issue("P-4", story_points=8),
        _issue("P-5", customfield_10024=13),                          # unknown id without names: unused
    ]}
    _stage(cur, _write(tmp_path, payload))
    assert _rows(cur, "select key, story_points from stage_issues order by key") == [
        ("P-1", 3.0), ("P-2", 5.5), ("P-3", None), ("P-4", 8.0), ("P-5", None)]
    assert _count(cur, "stage_rejects") == 0


def test_story_points_from_names_wins(cur, tmp_path):
    payload = {"names": {"customfield_10024": "Story Points", "customfield_10016": "Rank-ish"},
               "issues": [_issue("P-1", customfield_10024=13, customfield_10016=2), _issue("P-2", customfield_10024="5")]}
    _stage(cur, _write(tmp_path, payload))
    assert _rows(cur, "select key, story_points from stage_issues order by key") == [("P-1", 13.0), ("P-2", 5.0)]


def test_status_category_team_url_and_people(cur, tmp_path):
    # The export's own category wins over the name mapping; a status listed as an override
    # wins over the export. The browse URL derived from `self` wins over base_url. The file
    # uses a Team field, so the items without one stay teamless (no component fallback).
    settings = Settings(base_url="https://jira.example.com/", team_fallback="component",
                        status_categories={"code review": "done", "shipped": "todo", "to do": "todo"},
                        status_category_overrides={"code review": "in_progress"})
    payload = {"names": {"customfield_10300": "Team"}, "issues": [
        _issue("T-1", status={"name": "Code Review", "statusCategory": {"key": "new"}},
               customfield_10300={"id": "abc", "name": "Platform"},
               components=[{"name": "api"}, {"name": "ui"}], labels=["tech-debt"],
               assignee={"displayName": "Ann"}, reporter={"displayName": "Bob"},
               priority={"name": "High"}, resolution=None),
        _issue("T-2", status={"name": "Verifying", "statusCategory": {"key": "indeterminate"}},
               components=[{"name": "api"}]),
        _issue("T-3", status={"name": "Shipped", "statusCategory": {"key": "done"}},
               resolutiondate="2024-02-01T09:30:00.000-0500"),
        _issue("T-4", status={"name": "Weird"}),
    ]}
    _stage(cur, _write(tmp_path, payload), settings)
    assert _rows(cur, """select key, status, status_category, team, components, labels, assignee, reporter,
                                priority, cast(resolved as varchar), url
                         from stage_issues order by key""") == [
        ("T-1", "Code Review", "in_progress", "Platform", ["api", "ui"], ["tech-debt"], "Ann", "Bob", "High", None,
         "https://acme.atlassian.net/browse/T-1"),
        ("T-2", "Verifying", "in_progress", None, ["api"], [], None, None, None, None,
         "https://acme.atlassian.net/browse/T-2"),
        ("T-3", "Shipped", "done", None, [], [], None, None, None, "2024-02-01 14:30:00+00",
         "https://acme.atlassian.net/browse/T-3"),
        ("T-4", "Weird", "todo", None, [], [], None, None, None, None, "https://acme.atlassian.net/browse/T-4"),
    ]


def test_url_from_base_url_where_the_export_carries_none(cur, tmp_path):
    issue = _issue("U-1")
    del issue["self"]
    _stage(cur, _write(tmp_path, {"issues": [issue]}), Settings(base_url="https://jira.example.com"))
    assert _rows(cur, "select url from stage_issues") == [("https://jira.example.com/browse/U-1",)]


def test_team_fallback_project_and_context_path_url(cur, tmp_path):
    issue = _issue("Q-1", components=[{"name": "api"}])
    issue["self"] = "https://example.org/jira/rest/api/2/issue/10001"
    _stage(cur, _write(tmp_path, {"issues": [issue]}), Settings(team_fallback="project"))
    assert _rows(cur, "select team, url from stage_issues") == [("Q", "https://example.org/jira/browse/Q-1")]


def test_epic_link_field_and_hierarchy(cur, tmp_path):
    payload = {"issues": [
        _issue("E-2", customfield_10014="E-1"),                                   # Epic Link (company-managed)
        _issue("E-3", parent={"key": "E-1", "fields": {"issuetype": {"name": "Épica", "hierarchyLevel": 1}}}),
        _issue("E-4", parent={"key": "E-2", "fields": {"issuetype": {"name": "Story", "hierarchyLevel": 0}}},
               issuetype={"name": "Sub-task"}),
        _issue("E-5", customfield_10014="not a key"),
    ]}
    _stage(cur, _write(tmp_path, payload))
    assert _rows(cur, "select key, epic_key, parent_key from stage_issues order by key") == [
        ("E-2", "E-1", None), ("E-3", "E-1", "E-1"), ("E-4", None, "E-2"), ("E-5", None, None)]


def test_changelog_status_items_only(cur, tmp_path):
    issue = _issue("C-1")
    issue["changelog"] = {"histories": [
        {"created": "2024-01-05T12:00:00.000+0000",
         "items": [{"field": "assignee", "fromString": None, "toString": "Ann"},
                   {"field": "status", "fieldId": "status", "fromString": "To Do", "toString": "In Progress"}]},
        {"created": "2024-01-06T12:00:00.000+0200",
         "items": [{"field": "Status", "fromString": "In Progress", "toString": "Done"}]},
        {"created": "garbage", "items": [{"field": "status", "fromString": "Done", "toString": "To Do"}]},
    ]}
    _stage(cur, _write(tmp_path, {"issues": [issue]}))
    assert _rows(cur, "select key, cast(changed_at as varchar), from_status, to_status "
                      "from stage_status_changes order by changed_at") == [
        ("C-1", "2024-01-05 12:00:00+00", "To Do", "In Progress"),
        ("C-1", "2024-01-06 10:00:00+00", "In Progress", "Done"),
    ]
    assert _rows(cur, "select row_number, column_name, raw_value from stage_rejects") == [
        (1, "changelog.histories[2].created", "garbage")]


def test_duplicate_issue_keeps_last_occurrence(cur, tmp_path):
    first = _issue("D-1", summary="old", issuelinks=[_blocks("outward", "D-2")])
    last = _issue("D-1", summary="new")
    result = _stage(cur, _write(tmp_path, {"issues": [first, last]}))
    assert result.rows_read == 2
    assert _rows(cur, "select key, summary from stage_issues") == [("D-1", "new")]
    assert _count(cur, "stage_links") == 0
    assert _rows(cur, "select * from stage_rejects") == [
        (1, "key", "D-1", "duplicate issue key (its last occurrence, item 2, is kept): skipped")]


def test_versions_list(cur, tmp_path):
    payload = [
        {"id": "10000", "name": "1.0", "released": True, "releaseDate": "2024-05-01", "projectId": 10003,
         "description": "first"},
        {"id": "10001", "name": "2.0", "released": False, "projectId": 10003, "archived": False},
        {"id": "10002", "name": "3.0", "released": False, "releaseDate": "May 2025", "projectId": 10003},
        {"id": "10003", "description": "no name"},
    ]
    result = _stage(cur, _write(tmp_path, payload))
    assert result.rows_read == 4
    assert _count(cur, "stage_issues") == 0
    assert _rows(cur, "select name, project, cast(release_date as varchar), released, description "
                      "from stage_versions order by name") == [
        ("1.0", "10003", "2024-05-01", True, "first"),
        ("2.0", "10003", None, False, None),
        ("3.0", "10003", None, False, None),
    ]
    assert _rows(cur, "select row_number, column_name, raw_value, reason from stage_rejects order by all") == [
        (3, "releaseDate", "May 2025", "not a date (expected YYYY-MM-DD)"),
        (4, "name", None, "version without a name: skipped"),
    ]


def test_versions_paginated_values_with_project_key(cur, tmp_path):
    payload = {"self": "https://x/rest/api/2/project/EE/version", "maxResults": 50, "startAt": 0, "total": 1,
               "isLast": True, "values": [{"id": "1", "name": "v1", "released": True, "releaseDate": "2024-01-31",
                                           "startDate": "2024-01-01", "project": "EE", "projectId": 10003}]}
    path = _write(tmp_path, payload)
    assert jira_json.sniff(path.read_bytes())
    assert _stage(cur, path).rows_read == 1
    assert _rows(cur, "select name, project, cast(release_date as varchar), released from stage_versions") == [
        ("v1", "EE", "2024-01-31", True)]
    assert _count(cur, "stage_sprints") == 0


def test_bare_issue_array_and_single_issue(cur, tmp_path):
    assert _stage(cur, _write(tmp_path, [_issue("Z-1"), _issue("Z-2")])).rows_read == 2
    assert _rows(cur, "select key from stage_issues order by key") == [("Z-1",), ("Z-2",)]
    assert _stage(cur, _write(tmp_path, _issue("Z-3"), "one.json")).rows_read == 1
    assert _rows(cur, "select key from stage_issues") == [("Z-3",)]   # stage tables start empty


# --- refusals ------------------------------------------------------------------------------

def _refusal(cur, path: Path) -> str:
    with pytest.raises(ImportRefused) as caught:
        _stage(cur, path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_refuses_truncated_json(cur, tmp_path):
    text = json.dumps({"issues": [_issue("A-1"), _issue("A-2")]}, indent=1)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    message = _refusal(cur, path)
    assert message.startswith("cut.json: the JSON is incomplete or invalid (line ")
    assert "column" in message


def test_refuses_json_of_another_shape(cur, tmp_path):
    assert _refusal(cur, _write(tmp_path, {"foo": 1}, "foo.json")) == (
        "foo.json: JSON without 'issues' or sprint 'values': not a Jira REST export")
    assert _refusal(cur, _write(tmp_path, [{"number": 1, "title": "gh"}], "gh.json")) == (
        "gh.json: JSON without 'issues' or sprint 'values': not a Jira REST export")
    bitbucket = {"pagelen": 10, "values": [{"type": "issue", "id": 1, "title": "x", "state": "closed"}]}
    assert _refusal(cur, _write(tmp_path, bitbucket, "bb.json")) == (
        "bb.json: JSON without 'issues' or sprint 'values': not a Jira REST export")


def test_empty_lists_are_nothing_to_load(cur, tmp_path):
    for payload in ({"startAt": 0, "total": 0, "issues": []}, {"isLast": True, "values": []}, []):
        result = _stage(cur, _write(tmp_path, payload))
        assert (result.rows_read, result.warnings) == (0, ())
        assert sum(_count(cur, table) for table in STAGE_TABLES) == 0


def test_empty_versions_response_imports_nothing_and_creates_no_workspace(tmp_path):
    from data.workspace import Workspace
    ws = Workspace(tmp_path / "ws")
    summary = ws.import_file(_write(tmp_path, {"maxResults": 50, "startAt": 0, "total": 0, "isLast": True,
                                               "values": []}, "versions.json"))
    assert (summary.import_id, summary.rows_read, summary.rows_loaded) == (None, 0, 0)
    assert summary.describe() == "versions.json: jira-json, nothing to load (the file lists no items); nothing changed"
    assert not (tmp_path / "ws").exists()


def test_a_partial_search_page_warns(cur, tmp_path):
    payload = {"startAt": 0, "maxResults": 2, "total": 5, "issues": [_issue("P-1"), _issue("P-2")]}
    result = _stage(cur, _write(tmp_path, payload))
    assert result.warnings == ("2 of 5 issues: this response is one page; export every page",)
    complete = {"startAt": 0, "maxResults": 50, "total": 2, "issues": [_issue("P-1"), _issue("P-2")]}
    assert _stage(cur, _write(tmp_path, complete, "all.json")).warnings == ()


def test_refuses_non_utf8(cur, tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"issues": [{"key": "A-1", "fields": {"summary": "caf\u00e9"}}]}'.encode("latin-1"))
    assert _refusal(cur, path).startswith("latin.json: not UTF-8 text")


def test_utf8_bom_is_accepted(cur, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"issues": [_issue("B-1")]}).encode())
    assert jira_json.sniff(path.read_bytes())
    assert _stage(cur, path).rows_read == 1


# --- sniff ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '  {"startAt":0,"maxResults":50,"total":2,"issues":[{"expand":"x","id":"1","key":"AB-1","fields":{"summ',
    '{"expand":"names,schema","startAt":0,"total":0,"issues":[]}',
    '{"maxResults":50,"startAt":0,"isLast":false,"values":[{"id":3,"self":"https://x.atlassian.net/rest/agile/1.0/sprint/3","state":"future","name":"S","orig',
    '{"maxResults":50,"startAt":0,"isLast":true,"values":[]}',
    '[{"self":"u","id":"1","name":"1.0","archived":false,"released":true,"releaseDate":"2024-05-01","projectId":1}]',
    '[{"id":"1","key":"AB-1","fields":{"summary":"x"}}]',
])
def test_sniff_accepts(text):
    assert jira_json.sniff(text.encode())


@pytest.mark.parametrize("text", [
    "Issue key,Summary,Status\nAB-1,x,Done\n",
    '{"foo": 1}',
    '{"count":1,"value":[{"id":1,"rev":2,"fields":{"System.Title":"x"}}]}',   # Azure DevOps work items
    '[{"id":1,"number":12,"title":"x","state":"open","labels":[]}]',          # GitHub issues
    '{"data":{"issues":{"nodes":[{"identifier":"ENG-1"}]}}}',                 # Linear GraphQL
    '{"pagelen":10,"values":[{"type":"issue","id":1,"title":"x","state":"closed","kind":"bug"}]}',  # Bitbucket
    "",
])
def test_sniff_refuses(text):
    assert not jira_json.sniff(text.encode())


def test_narrow_field_response_adds_history_without_touching_issue_fields(tmp_path):
    """`/search?fields=status&expand=changelog`: issues carry no type/created/summary."""
    from data.workspace import Workspace
    ws = Workspace(tmp_path / "ws")
    full = {"issues": [{"key": "N-1", "fields": {
        "summary": "Checkout button", "issuetype": {"name": "Story"}, "project": {"key": "N"},
        "status": {"name": "In Progress"}, "created": "2026-01-05T09:00:00.000+0000",
        "updated": "2026-01-06T09:00:00.000+0000"}}]}
    narrow = {"issues": [{"key": "N-1", "fields": {"status": {"name": "In Progress"}}, "changelog": {"histories": [
        {"created": "2026-01-06T09:00:00.000+0000", "items": [
            {"field": "status", "fromString": "To Do", "toString": "In Progress"}]}]}}]}
    (tmp_path / "full.json").write_text(json.dumps(full))
    (tmp_path / "narrow.json").write_text(json.dumps(narrow))
    ws.import_file(tmp_path / "full.json")
    summary = ws.import_file(tmp_path / "narrow.json")
    assert (summary.rows_read, summary.rows_loaded) == (1, 1)      # one status change stored
    with ws.reading() as cursor:
        assert cursor.execute("select summary, issue_type from issues").fetchall() == [("Checkout button", "Story")]
        assert cursor.execute("select key, from_status, to_status from status_changes").fetchall() == [
            ("N-1", "To Do", "In Progress")]


# --- Sprint field history ----------------------------------------------------------------------

def test_board8_sprint_history(cur, settings):
    _stage(cur, _real("issues_board8.json"), settings)
    assert _count(cur, "stage_sprint_changes") == 21
    # Sprint 7 was called "Sprints Sprint 1" when EE-17 was planned into it: the id names it
    # by the sprint object's name; id 9 has no sprint object in the file: its text names it.
    assert _rows(cur, """select cast(changed_at as varchar), from_sprints, to_sprints from stage_sprint_changes
                         where key = 'EE-17' order by changed_at""") == [
        ("2020-06-12 00:29:19.614+00", [], ["EE Sprint 7"]),
        ("2020-06-17 07:26:56.197+00", ["EE Sprint 7"], ["EE Sprint 8"]),
        ("2020-06-17 07:27:15.198+00", ["EE Sprint 8"], []),
        ("2020-06-17 07:29:43.593+00", [], ["EE Sprint 8"]),
        ("2020-07-10 06:37:06.529+00", ["EE Sprint 8"], ["EE Sprint 9"]),
    ]


def _sprint(sprint_id: int, name: str) -> dict:
    return {"id": sprint_id, "name": name, "state": "active", "boardId": 3, "startDate": "2024-01-08T08:00:00.000Z"}


def test_sprint_history_names_ids_through_the_sprint_objects(cur, tmp_path):
    issue = _issue("S-1", customfield_10020=[_sprint(11, "Q1, week 2"), _sprint(12, "Q1, week 4")])
    issue["changelog"] = {"histories": [
        # a name with a comma: the ids decide, not the text
        {"created": "2024-01-05T10:00:00.000+0000", "items": [
            {"field": "Sprint", "fieldId": "customfield_10020", "from": "", "fromString": "",
             "to": "11", "toString": "Q1, week 2"}]},
        # matched by fieldId alone (a field renamed in this Jira); unknown id 13, text not split evenly: its id
        {"created": "2024-01-20T10:00:00.000+0000", "items": [
            {"field": "Iteration", "fieldId": "customfield_10020", "from": "11", "fromString": "Q1, week 2",
             "to": "11, 13", "toString": "Q1, week 2, Old, name"}]},
        # unknown ids whose text splits into as many names: by position
        {"created": "2024-01-21T10:00:00.000+0000", "items": [
            {"field": "sprint", "from": "11, 13", "fromString": "Q1, week 2, Old, name",
             "to": "14,15", "toString": "A,B"},
            {"field": "status", "fromString": "To Do", "toString": "In Progress"}]},
    ]}
    _stage(cur, _write(tmp_path, {"issues": [issue]}))
    assert _rows(cur, "select key, from_sprints, to_sprints from stage_sprint_changes order by changed_at") == [
        ("S-1", [], ["Q1, week 2"]),
        ("S-1", ["Q1, week 2"], ["Q1, week 2", "13"]),
        ("S-1", ["Q1, week 2", "13"], ["A", "B"]),
    ]
    assert _count(cur, "stage_status_changes") == 1


def test_sprint_history_of_a_narrow_changelog_pull_is_stored_and_a_renamed_sprint_replaced(tmp_path):
    from data.workspace import Workspace
    ws = Workspace(tmp_path / "ws")

    def pull(name: str, file: str) -> Path:
        return _write(tmp_path, {"issues": [{"key": "N-1", "fields": {"status": {"name": "To Do"}}, "changelog": {
            "histories": [{"created": "2026-01-06T09:00:00.000+0000", "items": [
                {"field": "Sprint", "from": "", "fromString": "", "to": "5", "toString": name}]}]}}]}, file)

    assert ws.import_file(pull("Sprint 1", "first.json")).rows_loaded == 1     # one Sprint change stored
    ws.import_file(pull("Checkout 1", "renamed.json"))
    with ws.reading() as cursor:
        assert cursor.execute("select key, cast(changed_at as varchar), from_sprints, to_sprints "
                              "from sprint_changes").fetchall() == [
            ("N-1", "2026-01-06 09:00:00+00", [], ["Checkout 1"])]
