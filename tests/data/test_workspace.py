"""Import semantics: one transaction per file, idempotent re-import, history, refusals."""
from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import duckdb
import pytest

from data.errors import ImportRefused, WorkspaceBusy, WorkspaceSchemaError
from data.workspace import SCHEMA_VERSION, Workspace

TABLES = ("imports", "issues", "issue_snapshots", "links", "sprints", "versions", "status_changes", "rejects")


def fingerprint(ws: Workspace) -> dict:
    """Everything a user could see change: every table's rows, and the stored files."""
    with ws.reading() as cursor:
        tables = {t: sorted(map(repr, cursor.execute(f"select * from {t}").fetchall())) for t in TABLES}
    tables["files"] = sorted(p.name for p in ws.files_dir.iterdir())
    return tables


def search_response(issues: list[dict]) -> dict:
    return {"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues}


def jira_issue(key: str, status: str, updated: str, points: float | None = None, blocks: str | None = None) -> dict:
    fields = {
        "summary": f"Work item {key}", "issuetype": {"name": "Story"}, "project": {"key": key.split("-")[0]},
        "status": {"name": status, "statusCategory": {"key": "done" if status == "Done" else "new"}},
        "created": "2026-01-05T09:00:00.000+0000", "updated": updated, "labels": [], "components": [],
        "fixVersions": [], "issuelinks": [],
    }
    if points is not None:
        fields["customfield_10016"] = points
    if blocks:
        fields["issuelinks"] = [{"type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                                 "outwardIssue": {"key": blocks}}]
    return {"id": key.split("-")[1], "key": key, "self": f"https://example.atlassian.net/rest/api/2/issue/{key}",
            "fields": fields}


def write_json(path: Path, payload: dict) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_import_loads_and_records_the_file(workspace, tmp_path):
    export = write_json(tmp_path / "v1.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000", 3, blocks="A-2"),
        jira_issue("A-2", "To Do", "2026-02-01T10:00:00.000+0000")]))
    summary = workspace.import_file(export)
    assert (summary.format, summary.rows_read, summary.rows_loaded, summary.rows_rejected) == ("jira-json", 2, 2, 0)
    counts = workspace.query("read_counts").iloc[0].to_dict()
    assert (counts["issues"], counts["links"], counts["imports"]) == (2, 1, 1)
    stored = workspace.query("read_imports")
    assert stored["file_name"].tolist() == ["v1.json"]
    assert len(list(workspace.files_dir.iterdir())) == 1


def test_same_file_again_changes_nothing(workspace, tmp_path):
    export = write_json(tmp_path / "v1.json", search_response([jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")]))
    workspace.import_file(export)
    before = fingerprint(workspace)
    again = workspace.import_file(export)
    assert again.already_imported and "nothing changed" in again.describe()
    assert fingerprint(workspace) == before


def test_newer_export_updates_issues_and_keeps_history(workspace, tmp_path):
    workspace.import_file(write_json(tmp_path / "v1.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000", 3, blocks="A-2"),
        jira_issue("A-2", "To Do", "2026-02-01T10:00:00.000+0000")])))
    workspace.import_file(write_json(tmp_path / "v2.json", search_response([
        jira_issue("A-1", "Done", "2026-03-01T10:00:00.000+0000", 5)])))
    with workspace.reading() as cursor:
        assert cursor.execute("select status, story_points from issues where key = 'A-1'").fetchall() == [("Done", 5.0)]
        assert cursor.execute("select count(*) from issues").fetchone()[0] == 2
        history = cursor.execute("select import_id, status from issue_snapshots where key = 'A-1' order by import_id").fetchall()
        assert history == [(1, "To Do"), (2, "Done")]
        # the newer row of A-1 no longer lists the link: its links are replaced
        assert cursor.execute("select count(*) from links").fetchone()[0] == 0
        as_of = cursor.execute("select as_of from imports order by import_id").fetchall()
        assert [a[0].date().isoformat() for a in as_of] == ["2026-02-01", "2026-03-01"]


def test_older_export_after_a_newer_one_adds_history_without_rolling_back(workspace, tmp_path):
    workspace.import_file(write_json(tmp_path / "v2.json", search_response([
        jira_issue("A-1", "Done", "2026-03-01T10:00:00.000+0000")])))
    workspace.import_file(write_json(tmp_path / "v1.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")])))
    with workspace.reading() as cursor:
        assert cursor.execute("select status from issues").fetchall() == [("Done",)]
        assert cursor.execute("select count(*) from issue_snapshots").fetchone()[0] == 2


BAD_INPUTS = [
    ("empty.csv", b"", "empty.csv: the file is empty"),
    ("blank.json", b"   \n\n", "blank.json: the file is empty"),
    ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "picture.png: this is a binary file"),
    # A CSV of several columns is refused with its columns and a mapping hint: tests/data/test_mapped_csv.py
    ("people.csv", b"Name\nAda\n", "people.csv: not a recognised export"),
    ("truncated.json", b'{"startAt": 0, "issues": [{"key": "A-1", "fields": {"summary": "x"', "truncated.json: the JSON is incomplete or invalid"),
]


@pytest.mark.parametrize("name, content, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_with_one_line_and_workspace_unchanged(workspace, tmp_path, name, content, message):
    workspace.import_file(write_json(tmp_path / "good.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")])))
    before = fingerprint(workspace)
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        workspace.import_file(bad)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)
    assert fingerprint(workspace) == before


def test_failure_in_the_middle_of_the_merge_rolls_everything_back(workspace, tmp_path, monkeypatch):
    workspace.import_file(write_json(tmp_path / "good.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")])))
    before = fingerprint(workspace)
    import data.workspace as module
    real_sql = module.sql

    def broken_sql(name):
        if name == "insert_import":   # runs last, after every merge statement has written
            return "insert into imports (import_id) values ('not a number')"
        return real_sql(name)

    monkeypatch.setattr(module, "sql", broken_sql)
    with pytest.raises(duckdb.Error):
        workspace.import_file(write_json(tmp_path / "v2.json", search_response([
            jira_issue("A-1", "Done", "2026-03-01T10:00:00.000+0000"), jira_issue("A-9", "To Do", "2026-03-01T10:00:00.000+0000")])))
    assert fingerprint(workspace) == before


def test_older_workspace_is_migrated_on_first_use(tmp_path):
    root = tmp_path / "old"
    root.mkdir()
    con = duckdb.connect(str(root / "workspace.duckdb"))
    schema_v1 = (Path(__file__).resolve().parents[1] / "fixtures" / "workspace_schema_v1.sql").read_text()
    for statement in schema_v1.split(";\n"):
        if statement.strip():
            con.execute(statement)
    con.close()
    ws = Workspace(root)
    with ws.reading() as cursor:
        assert cursor.execute("select value from meta where name = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert cursor.execute("select count(*) from issues").fetchone()[0] == 1
        assert cursor.execute("select count(*) from category_overrides").fetchone()[0] == 0
        assert cursor.execute("select count(*) from sprint_changes").fetchone()[0] == 0     # schema 3


def test_newer_workspace_is_refused_with_advice(workspace):
    with workspace._attached(read_only=False) as cursor:
        cursor.execute("update meta set value = '99' where name = 'schema_version'")
    with pytest.raises(WorkspaceSchemaError, match="newer TPO Dashboard"):
        with workspace.reading():
            pass


def _hold_write_lock(path: str, seconds: float, ready) -> None:
    con = duckdb.connect(path)
    ready.set()
    time.sleep(seconds)
    con.close()


def test_busy_workspace_waits_then_says_so(workspace, tmp_path):
    ready = multiprocessing.get_context("spawn").Event()
    holder = multiprocessing.get_context("spawn").Process(
        target=_hold_write_lock, args=(str(workspace.db_path), 15.0, ready))
    holder.start()
    try:
        assert ready.wait(30)
        workspace.wait_seconds = 0.5
        with pytest.raises(WorkspaceBusy, match="busy"):
            workspace.import_file(write_json(tmp_path / "v1.json", search_response([
                jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")])))
        workspace.wait_seconds = 30   # the import waits its turn and then goes through
        summary = workspace.import_file(tmp_path / "v1.json")
        assert summary.rows_loaded == 1
    finally:
        holder.join(30)


def _read_for_a_while(root: str, seconds: float, ready, done) -> None:
    reader = Workspace(root)
    with reader.reading() as cursor:
        done.put(cursor.execute("select count(*) from issues").fetchone()[0])
        ready.set()
        time.sleep(seconds)
        done.put(cursor.execute("select count(*) from issues").fetchone()[0])


def test_a_reader_never_makes_an_import_wait(workspace, tmp_path):
    workspace.import_file(write_json(tmp_path / "v1.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")])))
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Queue()
    reader = context.Process(target=_read_for_a_while, args=(str(workspace.root), 15.0, ready, done))
    reader.start()
    try:
        assert ready.wait(60)
        workspace.wait_seconds = 0     # one attempt: a reader holding the file would make this fail
        summary = workspace.import_file(write_json(tmp_path / "v2.json", search_response([
            jira_issue("A-1", "To Do", "2026-02-02T10:00:00.000+0000"),
            jira_issue("A-2", "To Do", "2026-02-02T10:00:00.000+0000")])))
        assert summary.rows_loaded == 2
        assert reader.is_alive(), "the import finished while the reader still read"
        with workspace.reading() as cursor:         # the next read sees the new data
            assert cursor.execute("select count(*) from issues").fetchone()[0] == 2
    finally:
        reader.join(60)
    assert (done.get(timeout=5), done.get(timeout=5)) == (1, 1), "the reader kept its consistent view"


def test_a_reader_after_a_killed_writer_publishes_a_current_snapshot(workspace, tmp_path):
    workspace.import_file(write_json(tmp_path / "v1.json", search_response([
        jira_issue("A-1", "To Do", "2026-02-01T10:00:00.000+0000")])))
    version = workspace.data_version()
    # A writer that changed the database but died before publishing its snapshot.
    connection = duckdb.connect(str(workspace.db_path))
    connection.execute("delete from issues")
    connection.close()
    assert workspace.data_version() != version
    with workspace.reading() as cursor:
        assert cursor.execute("select count(*) from issues").fetchone()[0] == 0
    assert len(list((workspace.root / "read").iterdir())) == 2, "the last two snapshots are kept"
