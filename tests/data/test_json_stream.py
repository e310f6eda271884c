"""The streaming JSON reader (data/importers/json_stream.py) and the Jira importer on top of it:
values cut at every block boundary, strings holding brackets, errors with their position in
the whole file, and the shapes a Jira REST export comes in."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from config import Settings
from data.errors import ImportRefused
from data.importers import jira_json
from data.importers.json_stream import JsonStream

TRICKY = [
    {"key": "S-1", "fields": {"summary": "closes ] and opens { and [ in one", "labels": ["a]", "{b"]}},
    {"key": "S-2", "fields": {"summary": 'a quote \\" and a backslash \\\\ and "quotes"', "n": 12345678901234}},
    {"key": "S-3", "fields": {"summary": "caf\u00e9 \u6f22\u5b57 \U0001f600 \u2028", "points": -1.5e-3, "x": None}},
    {"key": "S-4", "fields": {"nested": [[], {}, [{"a": [1, 2, {"b": "}]"}]}]], "t": True, "f": False}},
]


def _write(tmp_path: Path, text: str, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _issues(path: Path, block_bytes: int) -> tuple[list, dict]:
    """The streamed `issues` items and the other top-level members."""
    items, members = [], {}
    with JsonStream(path, path.name, block_bytes=block_bytes) as stream:
        assert stream.top() == "object"
        for key, value in stream.members(("issues",)):
            if key == "issues":
                items = list(value)
            else:
                members[key] = value
    return items, members


@pytest.mark.parametrize("block_bytes", [1, 2, 3, 7, 64, 1 << 20])
def test_items_cut_at_every_block_boundary_read_as_json_loads_reads_them(tmp_path, block_bytes):
    payload = {"startAt": 0, "issues": TRICKY, "total": 4, "names": {"customfield_1": "Story Points"}}
    path = _write(tmp_path, json.dumps(payload, ensure_ascii=False, indent=1))
    items, members = _issues(path, block_bytes)
    assert items == TRICKY
    assert members == {"startAt": 0, "total": 4, "names": {"customfield_1": "Story Points"}}


@pytest.mark.parametrize("block_bytes", [1, 5, 1 << 20])
def test_a_number_cut_by_a_block_boundary_is_read_whole(tmp_path, block_bytes):
    path = _write(tmp_path, "[1234567, 89.5e2, -0, 42]")
    with JsonStream(path, "n.json", block_bytes=block_bytes) as stream:
        assert stream.top() == "array"
        assert list(stream.root_items()) == [1234567, 8950.0, 0, 42]


@pytest.mark.parametrize("block_bytes", [3, 1 << 20])
def test_bad_json_mid_file_names_the_line_and_column_json_loads_names(tmp_path, block_bytes):
    good = json.dumps({"key": "B-1", "fields": {"summary": "fine"}})
    text = '{"issues": [\n' + ",\n".join([good] * 5) + ',\n  {"key": "B-6", "fields": {"summary": "x" "y"}},\n' + good + "]}"
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    path = _write(tmp_path, text, "bad.json")
    with pytest.raises(ImportRefused) as caught:
        _issues(path, block_bytes)
    assert str(caught.value) == (f"bad.json: the JSON is incomplete or invalid (line {expected.value.lineno}, "
                                 f"column {expected.value.colno}): {expected.value.msg}")
    assert (expected.value.lineno, expected.value.colno) == (7, 44)


@pytest.mark.parametrize("text, where", [
    ('{"issues": [{"key": "A-1"}', "line 1, column 27): Expecting ',' delimiter"),     # cut after an item
    ('{"issues": [{"key": "A-1"', "line 1, column 26): Expecting ',' delimiter"),      # cut inside one
    ('{"issues": [{"key": "A-1"}] "total": 1}', "line 1, column 29): Expecting ',' delimiter"),
    ('{"issues": []} {"more": 1}', "line 1, column 16): Extra data"),
    ('[{"key": "A-1"}, ]', "line 1, column 18): Expecting value"),
])
def test_structural_errors_are_one_line_with_the_position(tmp_path, text, where):
    path = _write(tmp_path, text, "cut.json")
    with pytest.raises(ImportRefused) as caught:
        with JsonStream(path, "cut.json", block_bytes=4) as stream:
            if stream.top() == "array":
                list(stream.root_items())
            else:
                for _key, value in stream.members(("issues",)):
                    if not isinstance(value, (dict, list, str, int)):
                        list(value)
    assert str(caught.value) == f"cut.json: the JSON is incomplete or invalid ({where}"


def test_an_item_larger_than_the_cap_is_refused_without_reading_on(tmp_path):
    path = _write(tmp_path, '{"issues": [{"key": "A-1", "fields": {"summary": "' + "x" * 5000 + '"}}]}', "big.json")
    with pytest.raises(ImportRefused) as caught:
        _issues_capped(path)
    assert str(caught.value) == "big.json: one item of the JSON (from line 1) is larger than 0 MB; not a tracker export"


def _issues_capped(path: Path) -> None:
    with JsonStream(path, path.name, block_bytes=256, max_item_chars=1000) as stream:
        stream.top()
        for _key, value in stream.members(("issues",)):
            list(value)


def test_a_utf8_error_names_the_byte_in_the_whole_file(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"issues": [{"key": "A-1", "fields": {"summary": "caf\xe9"}}]}')
    with pytest.raises(ImportRefused) as caught:
        _issues(path, 8)
    assert str(caught.value) == "latin.json: not UTF-8 text (byte 53); a Jira REST export is UTF-8 JSON"


# --- the Jira importer on the stream ------------------------------------------------------

@pytest.fixture
def cur():
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    yield con.cursor()
    con.close()


def _issue(key: str, summary: str = "s", changes=(), links=(), **fields) -> dict:
    histories = [{"created": at, "items": [{"field": "status", "fromString": a, "toString": b}]} for at, a, b in changes]
    return {"key": key, "fields": {"summary": summary, "issuetype": {"name": "Story"}, "created": "2024-01-02T10:00:00.000+0100",
                                   "issuelinks": list(links), **fields},
            "changelog": {"histories": histories}}


def _link(other: str) -> dict:
    return {"type": {"name": "Blocks", "outward": "blocks", "inward": "is blocked by"}, "outwardIssue": {"key": other}}


def _stage(cur, tmp_path: Path, payload, name: str = "export.json"):
    path = _write(tmp_path, json.dumps(payload), name)
    return jira_json.stage(cur, path, Settings(), name)


def test_empty_issues_list_is_nothing_to_load(cur, tmp_path):
    assert _stage(cur, tmp_path, {"startAt": 0, "issues": []}).rows_read == 0
    assert cur.execute("select count(*) from stage_issues").fetchone() == (0,)


def test_single_issue_and_bare_array_shapes(cur, tmp_path):
    assert _stage(cur, tmp_path, _issue("ONE-1", "single")).rows_read == 1
    assert cur.execute("select key, summary from stage_issues").fetchall() == [("ONE-1", "single")]
    assert _stage(cur, tmp_path, [_issue("ARR-1"), _issue("ARR-2")], "bare.json").rows_read == 2
    assert cur.execute("select key from stage_issues order by key").fetchall() == [("ARR-1",), ("ARR-2",)]


def test_jira_timestamps_pass_through_as_the_same_instant(cur, tmp_path):
    issue = _issue("T-1", changes=[("2024-03-31T23:30:00.123+0530", "To Do", "Done")],
                   updated="2024-02-29T00:00:00Z", resolutiondate="2024-02-30T10:00:00.000+0000")
    _stage(cur, tmp_path, {"issues": [issue]})
    assert cur.execute("select created::varchar, updated::varchar, resolved from stage_issues").fetchall() == [
        ("2024-01-02 09:00:00+00", "2024-02-29 00:00:00+00", None)]
    assert cur.execute("select changed_at::varchar from stage_status_changes").fetchall() == [("2024-03-31 18:00:00.123+00",)]
    assert cur.execute("select column_name, raw_value from stage_rejects").fetchall() == [
        ("fields.resolutiondate", "2024-02-30T10:00:00.000+0000")]


def test_names_after_the_issues_still_name_the_story_points_field(cur, tmp_path):
    payload = {"issues": [_issue("N-1", customfield_10200=8)], "names": {"customfield_10200": "Story Points"}}
    assert _stage(cur, tmp_path, payload).rows_read == 1
    assert cur.execute("select key, story_points from stage_issues").fetchall() == [("N-1", 8.0)]


def test_a_key_listed_again_in_a_later_batch_keeps_its_last_listing(cur, tmp_path, monkeypatch):
    monkeypatch.setattr(jira_json, "BATCH_ITEMS", 2)
    first = _issue("D-1", "old", changes=[("2024-01-05T10:00:00.000+0000", "To Do", "Done")], links=[_link("D-9")])
    last = _issue("D-1", "new", changes=[("2024-01-06T10:00:00.000+0000", "To Do", "In Progress")])
    payload = {"issues": [first, _issue("D-2", links=[_link("D-1")]), _issue("D-3"), last, _issue("D-4")]}
    assert _stage(cur, tmp_path, payload).rows_read == 5
    assert cur.execute("select key, summary from stage_issues order by key").fetchall() == [
        ("D-1", "new"), ("D-2", "s"), ("D-3", "s"), ("D-4", "s")]
    assert cur.execute("select source_key, other_key from stage_links").fetchall() == [("D-2", "D-1")]
    assert cur.execute("select key, to_status from stage_status_changes").fetchall() == [("D-1", "In Progress")]
    assert cur.execute("select row_number, reason from stage_rejects").fetchall() == [
        (1, "duplicate issue key (its last occurrence, item 4, is kept): skipped")]
