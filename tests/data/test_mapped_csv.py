"""A CSV read through a mapping: the three shapes, the mapping's checks, the refusal's hint."""
from __future__ import annotations

from datetime import date, datetime, timezone

import duckdb
import pytest

from config import Settings
from data.errors import ImportRefused
from data.importers import detect_format, mapped_csv
from data.importers.mapped_csv import MappingError, load_mapping, mapping_toml, parse_mapping

ISSUES_MAPPING = """
shape = "issues"
[columns]
key = "id"
summary = "title"
issue_type = "workitem_type"
status = "last_state"
created = "created_date"
sprint = "iteration_path"
story_points = "estimate"
labels = "tags"
[options]
date_format = "%d.%m.%Y %H:%M"
list_separator = "|"
[status_categories]
Closed = "done"
"In Work" = "in_progress"
"""

ISSUES_CSV = """id;title;workitem_type;last_state;created_date;iteration_path;estimate;tags
WI-1;Login page;User Story;Closed;03.06.2024 10:15;Sprint 7;3;ui|auth
WI-2;Crash on save;Bug;In Work;04.06.2024 09:00;;2,5;
;no key;Bug;New;04.06.2024 09:00;;;
WI-3;Audit;Task;Proposed;yesterday;Sprint 7|Sprint 8;lots;
WI-1;Login page again;User Story;New;05.06.2024 09:00;;;
"""

HISTORY_MAPPING = """
shape = "status_history"
[columns]
key = "Work Item"
status = "State"
changed_at = "Changed Date"
revision = "Rev"
summary = "Title"
assignee = "Assigned To"
"""

# WI-7's revision 3 changes only the assignee: no status change there (shared step), but the
# latest row still gives the item its assignee. Rows are not in date order in the file.
HISTORY_CSV = """Work Item,Rev,Changed Date,State,Title,Assigned To
WI-7,2,2024-06-04T09:00:00+02:00,Active,Upload,Ana
WI-7,1,2024-06-03T10:00:00+02:00,New,Upload,
WI-7,3,2024-06-05T12:00:00+02:00,Active,Upload files,Bo
WI-8,1,2024-06-03T11:00:00+02:00,New,Export,
WI-8,2,not a date,Closed,Export,
"""

DATES_MAPPING = """
shape = "status_dates"
[columns]
key = "Key"
summary = "Summary"
[status_columns]
Backlog = "Backlog"
"In Progress" = "In_Progress"
"In QA" = "In_QA"
Done = "Done"
[options]
date_format = "%Y-%m-%d"
[status_categories]
Backlog = "todo"
"In QA" = "in_progress"
"""

DATES_CSV = """Key,Summary,Backlog,In_Progress,In_QA,Done
D-1,Search,2024-06-01,2024-06-03,2024-06-06,2024-06-07
D-2,Filters,2024-06-02,,,
D-3,Sorting,2024-06-02,2024-06-04,2024-06-31,
"""

UTC = timezone.utc


def stage(tmp_path, mapping_text: str, csv_text: str, name: str = "items.csv"):
    (tmp_path / "map.toml").write_text(mapping_text, encoding="utf-8")
    path = tmp_path / name
    path.write_text(csv_text, encoding="utf-8")
    cur = duckdb.connect()
    cur.execute("set TimeZone = 'UTC'")
    importer = mapped_csv.importer_for(load_mapping(tmp_path / "map.toml"))
    result = importer.stage(cur, path, Settings(timezone="Europe/Madrid"), name)
    return cur, result


def rows(cur, sql: str) -> list[dict]:
    result = cur.execute(sql)
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row)) for row in result.fetchall()]


def test_issues_shape_reads_each_mapped_column(tmp_path):
    cur, result = stage(tmp_path, ISSUES_MAPPING, ISSUES_CSV)
    assert (result.format, result.rows_read) == ("mapped-csv", 5)
    assert rows(cur, """select key, source, project, issue_type, summary, status, status_category,
                               created, story_points, labels, sprints, resolved, url
                        from stage_issues order by key""") == [
        {"key": "WI-1", "source": "mapped-csv", "project": "WI", "issue_type": "User Story", "summary": "Login page",
         "status": "Closed", "status_category": "done", "created": datetime(2024, 6, 3, 8, 15, tzinfo=UTC),
         "story_points": 3.0, "labels": ["ui", "auth"], "sprints": ["Sprint 7"], "resolved": None, "url": None},
        {"key": "WI-2", "source": "mapped-csv", "project": "WI", "issue_type": "Bug", "summary": "Crash on save",
         "status": "In Work", "status_category": "in_progress", "created": datetime(2024, 6, 4, 7, 0, tzinfo=UTC),
         "story_points": 2.5, "labels": [], "sprints": [], "resolved": None, "url": None},
        {"key": "WI-3", "source": "mapped-csv", "project": "WI", "issue_type": "Task", "summary": "Audit",
         "status": "Proposed", "status_category": None, "created": None,
         "story_points": None, "labels": [], "sprints": ["Sprint 7", "Sprint 8"], "resolved": None, "url": None},
    ]
    assert rows(cur, "select * from stage_rejects") == [
        {"row_number": 3, "column_name": "id", "raw_value": "", "reason": "empty issue key: row skipped"},
        {"row_number": 4, "column_name": "created_date", "raw_value": "yesterday",
         "reason": "not a date (expected %d.%m.%Y %H:%M)"},
        {"row_number": 4, "column_name": "estimate", "raw_value": "lots", "reason": "not a number (expected like 3 or 3.5)"},
        {"row_number": 5, "column_name": "id", "raw_value": "WI-1",
         "reason": "duplicate issue key (first seen on row 1): row skipped"},
    ]
    assert rows(cur, "select name, inferred from stage_sprints") == [
        {"name": "Sprint 7", "inferred": True}, {"name": "Sprint 8", "inferred": True}]
    assert rows(cur, "select count(*) as n from stage_status_log") == [{"n": 0}]


def test_status_history_logs_every_dated_row_and_keeps_the_latest_as_the_item(tmp_path):
    cur, _ = stage(tmp_path, HISTORY_MAPPING, HISTORY_CSV)
    assert rows(cur, "select * from stage_status_log order by key, changed_at") == [
        {"key": "WI-7", "changed_at": datetime(2024, 6, 3, 8, 0, tzinfo=UTC), "status": "New", "revision": 1, "row_number": 2},
        {"key": "WI-7", "changed_at": datetime(2024, 6, 4, 7, 0, tzinfo=UTC), "status": "Active", "revision": 2, "row_number": 1},
        {"key": "WI-7", "changed_at": datetime(2024, 6, 5, 10, 0, tzinfo=UTC), "status": "Active", "revision": 3, "row_number": 3},
        {"key": "WI-8", "changed_at": datetime(2024, 6, 3, 9, 0, tzinfo=UTC), "status": "New", "revision": 1, "row_number": 4},
    ]
    assert rows(cur, "select key, status, summary, assignee, created from stage_issues order by key") == [
        {"key": "WI-7", "status": "Active", "summary": "Upload files", "assignee": "Bo",
         "created": datetime(2024, 6, 3, 8, 0, tzinfo=UTC)},
        {"key": "WI-8", "status": "New", "summary": "Export", "assignee": None,
         "created": datetime(2024, 6, 3, 9, 0, tzinfo=UTC)},
    ]
    assert rows(cur, "select row_number, column_name, raw_value from stage_rejects") == [
        {"row_number": 5, "column_name": "Changed Date", "raw_value": "not a date"}]


def test_status_history_adds_a_change_only_where_the_status_differs(tmp_path):
    """The shared normalisation step turns stage_status_log into status changes."""
    from data.workspace import Workspace
    (tmp_path / "map.toml").write_text(HISTORY_MAPPING, encoding="utf-8")
    (tmp_path / "items.csv").write_text(HISTORY_CSV, encoding="utf-8")
    workspace = Workspace(tmp_path / "ws", wait_seconds=2)
    workspace.import_file(tmp_path / "items.csv", mapping=load_mapping(tmp_path / "map.toml"))
    changes = workspace.query("read_status_changes")
    # Whether an item's first row counts as a change (from nothing) is the shared step's call.
    later = changes[changes["from_status"].notna()]
    assert later[["key", "from_status", "to_status"]].to_dict("records") == [
        {"key": "WI-7", "from_status": "New", "to_status": "Active"}]
    assert str(later["changed_at"].iloc[0].tz_convert("UTC")) == "2024-06-04 07:00:00+00:00"


def test_status_dates_give_one_log_row_per_filled_status_column(tmp_path):
    cur, result = stage(tmp_path, DATES_MAPPING, DATES_CSV)
    assert result.rows_read == 3
    madrid_midnight = {d: datetime(2024, 6, d - 1, 22, 0, tzinfo=UTC) for d in range(2, 8)}
    madrid_midnight[1] = datetime(2024, 5, 31, 22, 0, tzinfo=UTC)
    assert rows(cur, "select key, changed_at, status, revision, row_number from stage_status_log") == [
        {"key": "D-1", "changed_at": madrid_midnight[1], "status": "Backlog", "revision": None, "row_number": 1},
        {"key": "D-1", "changed_at": madrid_midnight[3], "status": "In Progress", "revision": None, "row_number": 1},
        {"key": "D-1", "changed_at": madrid_midnight[6], "status": "In QA", "revision": None, "row_number": 1},
        {"key": "D-1", "changed_at": madrid_midnight[7], "status": "Done", "revision": None, "row_number": 1},
        {"key": "D-2", "changed_at": madrid_midnight[2], "status": "Backlog", "revision": None, "row_number": 2},
        {"key": "D-3", "changed_at": madrid_midnight[2], "status": "Backlog", "revision": None, "row_number": 3},
        {"key": "D-3", "changed_at": madrid_midnight[4], "status": "In Progress", "revision": None, "row_number": 3},
    ]
    assert rows(cur, "select key, status, status_category, created from stage_issues order by key") == [
        {"key": "D-1", "status": "Done", "status_category": None, "created": madrid_midnight[1]},
        {"key": "D-2", "status": "Backlog", "status_category": "todo", "created": madrid_midnight[2]},
        {"key": "D-3", "status": "In Progress", "status_category": None, "created": madrid_midnight[2]},
    ]
    assert rows(cur, "select row_number, column_name, raw_value, reason from stage_rejects") == [
        {"row_number": 3, "column_name": "In_QA", "raw_value": "2024-06-31", "reason": "not a date (expected %Y-%m-%d)"}]


def test_without_a_date_format_iso_and_jira_dates_are_read(tmp_path):
    mapping = 'shape = "issues"\n[columns]\nkey = "k"\ncreated = "c"\ndue = "d"\n'
    cur, result = stage(tmp_path, mapping, "k,c,d\nA-1,2024-06-03 10:15,14/Jun/24\n,,\nA-2,03/Jun/24 10:15 AM,2024-06-14\n"
                                           "A-3,3 June,\n")
    assert rows(cur, "select key, created, due from stage_issues") == [
        {"key": "A-1", "created": datetime(2024, 6, 3, 8, 15, tzinfo=UTC), "due": date(2024, 6, 14)},
        {"key": "A-2", "created": datetime(2024, 6, 3, 8, 15, tzinfo=UTC), "due": date(2024, 6, 14)},
        {"key": "A-3", "created": None, "due": None},
    ]
    # A blank row is not read, but the row numbers of rejects still count it.
    assert result.rows_read == 3
    assert rows(cur, "select row_number, raw_value from stage_rejects") == [{"row_number": 4, "raw_value": "3 June"}]


@pytest.mark.parametrize("document, message", [
    ({"shape": "rows", "columns": {"key": "id"}}, "m.toml: shape = 'rows' is not one of issues, status_history, status_dates"),
    ({"columns": {"title": "t", "key": "id"}}, "m.toml: [columns] title is not a field; use key, summary,"),
    ({"shape": "status_history", "columns": {"key": "id"}}, "m.toml: shape 'status_history' needs [columns] status and changed_at"),
    ({"shape": "status_dates", "columns": {"key": "id"}}, "m.toml: shape 'status_dates' needs [status_columns]"),
    ({"columns": {"key": "id"}, "status_categories": {"Closed": "finished"}},
     "m.toml: [status_categories] 'finished' is not one of todo, in_progress, done"),
])
def test_a_mapping_that_cannot_work_is_refused_with_the_key_to_fix(document, message):
    with pytest.raises(MappingError) as refused:
        parse_mapping(document, "m.toml")
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)


def test_a_column_the_file_lacks_is_named(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        stage(tmp_path, 'shape = "issues"\n[columns]\nkey = "id"\nsummary = "Title"\n', "id,title\nA-1,x\n")
    assert str(refused.value) == ("items.csv: the mapping reads summary from column 'Title', which the file does "
                                  "not have; its columns are: id, title")


def test_a_mapping_written_back_reads_the_same(tmp_path):
    for text in (ISSUES_MAPPING, HISTORY_MAPPING, DATES_MAPPING):
        (tmp_path / "a.toml").write_text(text, encoding="utf-8")
        first = load_mapping(tmp_path / "a.toml")
        (tmp_path / "b.toml").write_text(mapping_toml(first), encoding="utf-8")
        assert load_mapping(tmp_path / "b.toml") == first


def test_an_unrecognised_csv_is_refused_with_its_columns_and_how_to_map_it(tmp_path):
    path = tmp_path / "ado.csv"      # a report with an "Item Type" column: no importer knows it
    path.write_text("ID,Item Type,Title,State,Created Date\n1,Bug,x,New,2024-06-01\n", encoding="utf-8")
    with pytest.raises(mapped_csv.UnrecognisedCsv) as refused:
        detect_format(path)
    first, *hint = str(refused.value).split("\n")
    assert first == "ado.csv: not a recognised export; the CSV's columns are: ID, Item Type, Title, State, Created Date"
    assert hint[0] == ("To import it, describe it in a mapping file (e.g. map.toml) and run "
                       "`python cli.py import ado.csv --mapping map.toml` (or map it on the Import page):")
    assert hint[3:7] == ['  key = "ID"', '  summary = "Title"', '  status = "State"', '  created = "Created Date"']
    assert refused.value.columns == ["ID", "Item Type", "Title", "State", "Created Date"]


def test_mapped_csv_is_never_detected_and_needs_a_mapping_when_forced(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert mapped_csv.sniff(path.read_bytes()) is False
    with pytest.raises(ImportRefused, match="x.csv: --format mapped-csv needs a mapping: add --mapping map.toml"):
        detect_format(path, "mapped-csv")
    with pytest.raises(ImportRefused, match="leave out --format jira-csv"):
        detect_format(path, "jira-csv", parse_mapping({"columns": {"key": "a"}}))


def test_blocks_and_blocked_by_columns_become_links_with_their_direction(tmp_path):
    mapping = ('shape = "issues"\n[columns]\nkey = "k"\nblocks = "Blocks"\nblocked_by = "Blocked by"\n'
               '[options]\nlist_separator = ","\n')
    cur, _ = stage(tmp_path, mapping, 'k,Blocks,Blocked by\nA-1,"A-2, A-3",\nA-2,,A-1\nA-1,A-9,\n')
    assert rows(cur, "select * from stage_links") == [
        {"source_key": "A-1", "link_type": "Blocks", "direction": "outward", "other_key": "A-2", "raw_label": "Blocks"},
        {"source_key": "A-1", "link_type": "Blocks", "direction": "outward", "other_key": "A-3", "raw_label": "Blocks"},
        {"source_key": "A-2", "link_type": "Blocks", "direction": "inward", "other_key": "A-1", "raw_label": "Blocked by"},
    ]


@pytest.mark.parametrize("content", [b'{"foo": 1, "bar": 2}\n', b'<?xml version="1.0"?><a>1,2</a>\n', b"[1, 2, 3]\n"])
def test_json_or_xml_nobody_recognises_is_not_offered_a_csv_mapping(tmp_path, content):
    path = tmp_path / "thing.json"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        detect_format(path)
    assert not isinstance(refused.value, mapped_csv.UnrecognisedCsv)
    assert str(refused.value).startswith("thing.json: not a recognised export (expected a Jira CSV")
