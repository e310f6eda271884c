"""Jira CSV importer: staged values, rejects, links, refusals, on hand-made and real exports."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from config import Settings
from data.errors import ImportRefused
from data.importers import jira_csv
from data.importers.base import STAGE_DDL, STAGE_TABLES
from data.normalise import normalise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QUIRKS = FIXTURES / "jira_quirks.csv"
REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"

STATUS_MAP = {
    "to do": "todo", "backlog": "todo", "selected for development": "todo",
    "in progress": "in_progress", "done": "done", "closed": "done",
}
SETTINGS = Settings(base_url="https://jira.example.com/", timezone="UTC", team_fallback="component",
                    status_categories=STATUS_MAP)

ISSUE_SQL = """
    select key, source, project, issue_type, summary, status, status_category, priority, resolution,
           created::varchar, updated::varchar, resolved::varchar, due::varchar, assignee, reporter,
           team, epic_key, parent_key, story_points, labels, components, fix_versions, sprints, url
    from stage_issues order by key
"""


@pytest.fixture
def cur():
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")   # TIMESTAMPTZ::varchar prints in UTC
    yield con
    con.close()


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata not found: real-export tests need the shared data folder beside the repo")
    return REALDATA


def stage(cur, path: Path, settings: Settings, name: str):
    """Stage, then run the shared normalisation step: the rows the merge would store."""
    result = jira_csv.stage(cur, path, settings, name)
    normalise(cur, settings)
    return result


def issues(cur) -> dict[str, tuple]:
    return {row[0]: row for row in cur.execute(ISSUE_SQL).fetchall()}


def refusal(cur, path: Path, settings: Settings = SETTINGS) -> str:
    with pytest.raises(ImportRefused) as info:
        stage(cur, path, settings, path.name)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message
    return message


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


# ------------------------------------------------------------------------- hand-made quirks

def test_quirks_fixture_is_what_the_tests_expect():
    raw = QUIRKS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                    # UTF-8 BOM
    assert "Σ Time Spent".encode() in raw
    assert b'"Line one\r\nLine ""two"", with a comma\nLine three"' in raw   # multi-line quoted cell


def test_quirks_every_staged_issue_value(cur):
    result = stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    assert result.format == "jira-csv"
    assert result.rows_read == 7
    url = "https://jira.example.com/browse/"
    assert issues(cur) == {
        "OPS-7": ("OPS-7", "jira-csv", "OPS", "Task", "Set up CI runners", "Selected for Development", "todo",
                  "Medium", None, "2024-05-11 00:00:00+00", "2024-05-11 15:26:30+00", "2024-05-11 15:26:00+00",
                  "2024-06-30", None, "Bob Smith", None, None, None, None, [], [], [], [], url + "OPS-7"),
        "QRK-1": ("QRK-1", "jira-csv", "QRK", "Epic", "Checkout epic", "In Progress", "in_progress", "High", None,
                  "2024-05-11 15:26:00+00", "2024-05-11 15:26:00+00", None, "2024-05-11", "Ana López",
                  "Bob Smith", "Payments", None, None, 3.0, ["tech-debt", "backend"], ["API", "Web"],
                  ["v1.0", "v1.1"], ["QRK Sprint 1", "QRK Sprint 2"], url + "QRK-1"),
        "QRK-2": ("QRK-2", "jira-csv", "QRK", "Story", "Pay by card", "UAT", "in_progress", "Medium", None,
                  "2024-05-11 13:26:00+00", "2026-09-04 18:30:00+00", None, None, None, "Bob Smith",
                  None, "QRK-1", None, 3.5, [], ["Web"], ["v1.0"], ["QRK Sprint 2"], url + "QRK-2"),
        "QRK-3": ("QRK-3", "jira-csv", "QRK", "Sub-task", "Card form validation", "Hecho", "done", "Low", "Done",
                  "2025-11-10 00:00:00+00", "2026-09-04 18:30:00+00", "2025-11-10 18:45:00+00", "2026-09-04",
                  "Ana López", "Ana López", None, "QRK-1", "QRK-2", 1.0, [], [], [], [], url + "QRK-3"),
        "QRK-4": ("QRK-4", "jira-csv", "QRK", "Task", "Migrate payment tables", "Backlog", "todo", "Medium", None,
                  "2025-11-10 15:05:00+00", None, None, None, None, "Bob Smith", "Platform", "QRK-1", "QRK-1",
                  5.0, ["legacy"], ["DB"], [], ["QRK Sprint 1"], url + "QRK-4"),
        "QRK-6": ("QRK-6", "jira-csv", "QRK", "Bug", "Crash on refund", "Closed", "done", "Highest", "Fixed",
                  "2025-01-01 09:00:00+00", "2025-01-02 10:15:00+00", "2025-01-02 10:15:00+00", None,
                  "Bob Smith", "Ana López", "Platform", "99999", "99999", None, [], [], [], [], url + "QRK-6"),
    }


def test_quirks_rejects_name_row_column_value_and_reason(cur):
    stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    assert cur.execute("select * from stage_rejects").fetchall() == [
        (4, "Updated", "sometime soon", "not a date (expected like 11/May/24 03:26 PM)"),
        (4, "Custom field (Story Points)", "lots", "not a number (expected like 3 or 3.5)"),
        (5, "Issue key", "", "empty issue key: row skipped"),
        (6, "Due Date", "31/Feb/25", "not a date (expected like 11/May/24)"),
    ]


def test_quirks_links_follow_the_blocks_direction(cur):
    stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    assert cur.execute("select * from stage_links_resolved order by source_key, raw_label desc, to_key").fetchall() == [
        ("QRK-1", "QRK-2", "blocks", "Outward issue link (Blocks)", "QRK-1"),
        ("QRK-1", "QRK-3", "blocks", "Outward issue link (Blocks)", "QRK-1"),
        ("QRK-4", "QRK-1", "blocks", "Inward issue link (Blocks)", "QRK-1"),   # inward: QRK-4 blocks QRK-1
        ("QRK-5", "QRK-2", "relates", "Inward issue link (Relates)", "QRK-2"),
        ("QRK-6", "QRK-1", "blocks", "Outward issue link (Blocks)", "QRK-6"),  # "QRK-1, QRK-2" in one cell
        ("QRK-6", "QRK-2", "blocks", "Outward issue link (Blocks)", "QRK-6"),
    ]


def test_quirks_sprints_are_known_names_only(cur):
    stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    # "QRK Sprint 9" is only on the row without a key, which is skipped.
    assert cur.execute("select * from stage_sprints").fetchall() == [
        (None, "QRK Sprint 1", "", None, None, None, None, None, None, True),
        (None, "QRK Sprint 2", "", None, None, None, None, None, None, True),
    ]
    assert cur.execute("select count(*) from stage_versions").fetchone() == (0,)
    assert cur.execute("select count(*) from stage_status_changes").fetchone() == (0,)


def test_stage_tables_have_exactly_the_contract_columns(cur):
    jira_csv.stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    reference = duckdb.connect()
    for table, columns in STAGE_TABLES.items():
        reference.execute(f"create temp table {table} ({STAGE_DDL[table]})")
        got = cur.execute(f"describe {table}").fetchall()
        want = reference.execute(f"describe {table}").fetchall()
        assert [(c[0], c[1]) for c in got] == [(c[0], c[1]) for c in want]
        assert [c[0] for c in got] == list(columns)
    assert {t for (t,) in cur.execute("select table_name from duckdb_tables()").fetchall()} == set(STAGE_TABLES)


def test_team_fallback_is_decided_per_file(cur, tmp_path):
    """An export that uses a team field leaves items without one teamless (counted on Data
    quality); an export with no team value at all takes the first component, else the project."""
    used = write(tmp_path / "used_team.csv",
                 "Issue key,Project key,Component/s,Custom field (Team),Created\n"
                 "A-1,A,Web,Checkout,11/May/24 03:26 PM\nA-2,A,Web,,11/May/24 03:26 PM\n")
    stage(cur, used, SETTINGS, "used_team.csv")
    assert cur.execute("select key, team from stage_issues order by key").fetchall() == [("A-1", "Checkout"), ("A-2", None)]
    unused = write(tmp_path / "unused_team.csv",
                   "Issue key,Project key,Component/s,Custom field (Team),Created\n"
                   "A-1,A,Web,,11/May/24 03:26 PM\nA-2,A,,,11/May/24 03:26 PM\n")
    stage(cur, unused, SETTINGS, "unused_team.csv")
    assert cur.execute("select key, team from stage_issues order by key").fetchall() == [("A-1", "Web"), ("A-2", "A")]


def test_wall_clock_dates_are_read_in_the_settings_timezone(cur):
    madrid = Settings(timezone="Europe/Madrid", team_fallback="project", status_categories=STATUS_MAP)
    stage(cur, QUIRKS, madrid, "jira_quirks.csv")
    got = {k: (created, due, team, url) for k, created, due, team, url in cur.execute(
        "select key, created::varchar, due::varchar, team, url from stage_issues").fetchall()}
    assert got["QRK-1"] == ("2024-05-11 13:26:00+00", "2024-05-11", "Payments", None)   # CEST = UTC+2
    assert got["QRK-2"] == ("2024-05-11 13:26:00+00", None, None, None)      # carries its own +0200
    assert got["QRK-6"] == ("2025-01-01 08:00:00+00", None, "Platform", None)  # CET = UTC+1
    assert got["OPS-7"] == ("2024-05-10 22:00:00+00", "2024-06-30", None, None)


DATE_CASES = [
    ("11/May/24 03:26 PM", "2024-05-11 15:26:00+00"),
    ("4/Sep/26 6:30 PM", "2026-09-04 18:30:00+00"),
    ("11/May/24", "2024-05-11 00:00:00+00"),
    ("11/May/24 15:26", "2024-05-11 15:26:00+00"),
    ("11/May/2024 03:26 PM", "2024-05-11 15:26:00+00"),
    ("11/May/24 3:26:59 PM", "2024-05-11 15:26:59+00"),
    ("2024-05-11 15:26", "2024-05-11 15:26:00+00"),
    ("2024-05-11 15:26:00.123", "2024-05-11 15:26:00.123+00"),
    ("2024-05-11", "2024-05-11 00:00:00+00"),
    ("2024-05-11T15:26:00.000+0200", "2024-05-11 13:26:00+00"),
    ("2024-05-11T15:26:00+05:30", "2024-05-11 09:56:00+00"),
    ("2024-05-11T15:26:00Z", "2024-05-11 15:26:00+00"),
    ("10/nov/25", "2025-11-10 00:00:00+00"),
    ("10/nov./25", "2025-11-10 00:00:00+00"),
    ("10/NOV/25 18:45", "2025-11-10 18:45:00+00"),
    ("1/ene/25 9:00 a. m.", "2025-01-01 09:00:00+00"),
    ("5/dic./24 11:59 p. m.", "2024-12-05 23:59:00+00"),
    ("5/DIC/24 11:59 p.m.", "2024-12-05 23:59:00+00"),
    ("12/ago/24 12:00 AM", "2024-08-12 00:00:00+00"),
    ("3/sept./24 10:00", "2024-09-03 10:00:00+00"),
    ("3/abr/2024 10:00", "2024-04-03 10:00:00+00"),
    ("11 mayo 2024 15:26", "2024-05-11 15:26:00+00"),
    ("4/Sep/26 6:30\u202fPM", "2026-09-04 18:30:00+00"),          # narrow no-break space (newer Java)
    ("10/nov/25 3:05 p.\u00a0m.", "2025-11-10 15:05:00+00"),      # Java's Spanish "p. m." with NBSP
    ("  11/May/24 03:26 PM ", "2024-05-11 15:26:00+00"),
    ("32/May/24", None),
    ("31/Feb/25 10:00", None),
    ("yesterday", None),
]


def test_every_date_format(cur, tmp_path):
    lines = ["Issue key,Created"] + [f'D-{n},"{raw}"' for n, (raw, _) in enumerate(DATE_CASES, start=1)]
    path = write(tmp_path / "dates.csv", "\n".join(lines) + "\n")
    stage(cur, path, SETTINGS, path.name)
    got = dict(cur.execute("select key, created::varchar from stage_issues").fetchall())
    assert [(raw, got[f"D-{n}"]) for n, (raw, _) in enumerate(DATE_CASES, start=1)] == DATE_CASES
    assert cur.execute("select row_number, raw_value from stage_rejects").fetchall() == [
        (n, raw) for n, (raw, want) in enumerate(DATE_CASES, start=1) if want is None]


def test_points_accept_decimal_points_and_commas(cur, tmp_path):
    path = write(tmp_path / "points.csv", 'Issue key,Story Points\nP-1,3\nP-2,3.0\nP-3,"3,5"\nP-4,0.5\nP-5, 8 \nP-6,XL\n')
    stage(cur, path, SETTINGS, path.name)
    assert cur.execute("select key, story_points from stage_issues order by key").fetchall() == [
        ("P-1", 3.0), ("P-2", 3.0), ("P-3", 3.5), ("P-4", 0.5), ("P-5", 8.0), ("P-6", None)]
    assert cur.execute("select * from stage_rejects").fetchall() == [
        (6, "Story Points", "XL", "not a number (expected like 3 or 3.5)")]


def test_status_category_falls_back_to_todo_without_any_mapping(cur, tmp_path):
    path = write(tmp_path / "plain.csv", "Issue key,Status\nA-1,Whatever\nA-2,\n")
    stage(cur, path, Settings(), path.name)
    assert cur.execute("select key, project, status_category, team, labels from stage_issues order by key").fetchall() == [
        ("A-1", "A", "todo", "A", []), ("A-2", "A", "todo", "A", [])]


# --------------------------------------------------------------------- other export shapes

def test_current_fields_export(cur, tmp_path):
    text = (
        "issue type,ISSUE KEY,Issue id,Parent,Summary,Status,Created,Updated,Fix versions,Fix versions,"
        "Components,Sprint,Custom field (Story point estimate),Due date,Status Category\n"
        "Epic,CUR-1,20001,,Billing,To Do,01/Mar/24 9:00 AM,02/Mar/24 10:00 AM,2.0,,,,,,To Do\n"
        "Story,CUR-2,20002,CUR-1,Invoices,Done,01/Mar/24 9:30 AM,03/Mar/24 11:00 PM,2.0,2.1,Backend,"
        "CUR Sprint 4,8,15/Mar/24,Done\n"
        "Sub-task,CUR-3,20003,20002,Invoice PDF,In Progress,01/Mar/24 9:45 AM,01/Mar/24 9:45 AM,,,,,,,"
        "In Progress\n"
    )
    path = write(tmp_path / "current.csv", text)
    assert stage(cur, path, SETTINGS, path.name).rows_read == 3
    assert cur.execute("""
        select key, issue_type, status_category, created::varchar, updated::varchar, due::varchar,
               team, epic_key, parent_key, story_points, fix_versions, components, sprints
        from stage_issues order by key""").fetchall() == [
        ("CUR-1", "Epic", "todo", "2024-03-01 09:00:00+00", "2024-03-02 10:00:00+00", None,
         "CUR", None, None, None, ["2.0"], [], []),
        ("CUR-2", "Story", "done", "2024-03-01 09:30:00+00", "2024-03-03 23:00:00+00", "2024-03-15",
         "Backend", "CUR-1", "CUR-1", 8.0, ["2.0", "2.1"], ["Backend"], ["CUR Sprint 4"]),
        ("CUR-3", "Sub-task", "in_progress", "2024-03-01 09:45:00+00", "2024-03-01 09:45:00+00", None,
         "CUR", "CUR-1", "CUR-2", None, [], [], []),
    ]
    assert cur.execute("select count(*) from stage_rejects").fetchone() == (0,)
    assert cur.execute("select name from stage_sprints").fetchall() == [("CUR Sprint 4",)]


def test_semicolon_delimited_export_with_quoted_headers(cur, tmp_path):
    path = write(tmp_path / "semi.csv", '"Issue key";"Summary";"Labels";"Labels"\n"S-1";"a; b";"x";"y"\n')
    stage(cur, path, SETTINGS, path.name)
    assert cur.execute("select key, summary, labels from stage_issues").fetchall() == [("S-1", "a; b", ["x", "y"])]


def test_rows_missing_trailing_columns_are_padded(cur, tmp_path):
    path = write(tmp_path / "short.csv", "Issue key,Summary,Created\nA-1,x\nA-2,y,11/May/24\n")
    assert stage(cur, path, SETTINGS, path.name).rows_read == 2
    assert cur.execute("select key, summary, created::varchar from stage_issues order by key").fetchall() == [
        ("A-1", "x", None), ("A-2", "y", "2024-05-11 00:00:00+00")]


def test_a_cell_larger_than_duckdbs_default_line_size(cur, tmp_path):
    big = "word " * 600_000     # 3 MB, beyond DuckDB's 2 MB default max_line_size
    path = write(tmp_path / "big.csv", f'Issue key,Description,Summary\nA-1,"{big}",after the big cell\n')
    assert stage(cur, path, SETTINGS, path.name).rows_read == 1
    assert cur.execute("select key, summary from stage_issues").fetchall() == [("A-1", "after the big cell")]


def test_duplicate_keys_keep_the_last_row(cur, tmp_path):
    path = write(tmp_path / "dup.csv", "Issue key,Summary,Created\nD-1,first,bad\nD-2,other,\nD-1,second,worse\n")
    stage(cur, path, SETTINGS, path.name)
    assert cur.execute("select key, summary from stage_issues order by key").fetchall() == [
        ("D-1", "second"), ("D-2", "other")]
    assert cur.execute("select * from stage_rejects").fetchall() == [
        (1, "Issue key", "D-1", "duplicate issue key (its last row, 3, is kept): row skipped"),
        (3, "Created", "worse", "not a date (expected like 11/May/24 03:26 PM)"),
    ]


def test_row_numbers_survive_a_connection_without_insertion_order(cur, tmp_path):
    lines = ["Issue key,Created"] + [f"N-{i},{'oops' if i % 1000 == 7 else '11/May/24'}" for i in range(1, 5001)]
    path = write(tmp_path / "many.csv", "\n".join(lines) + "\n")
    cur.execute("set preserve_insertion_order = false")
    stage(cur, path, SETTINGS, path.name)
    assert cur.execute("select row_number, raw_value from stage_rejects").fetchall() == [
        (i, "oops") for i in (7, 1007, 2007, 3007, 4007)]
    assert cur.execute("select current_setting('preserve_insertion_order')").fetchone() == (False,)


def test_staging_twice_on_one_cursor_replaces_the_tables(cur):
    stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    stage(cur, QUIRKS, SETTINGS, "jira_quirks.csv")
    assert cur.execute("select count(*) from stage_issues").fetchone() == (6,)
    assert cur.execute("select count(*) from stage_links").fetchone() == (6,)


# ------------------------------------------------------------------------------- refusals

def test_refuses_an_empty_file(cur, tmp_path):
    assert refusal(cur, write(tmp_path / "empty.csv", "")) == "empty.csv: the file is empty"


def test_refuses_a_header_without_rows(cur, tmp_path):
    path = write(tmp_path / "header.csv", "\ufeffSummary,Issue key,Created\r\n")
    assert refusal(cur, path) == "header.csv: the CSV has a header but no data rows: export at least one issue"


def test_refuses_a_csv_without_an_issue_key_column(cur, tmp_path):
    path = write(tmp_path / "other.csv", "Name,Key,Created\nx,A-1,11/May/24\n")
    assert refusal(cur, path) == "other.csv: no 'Issue key' column: this is not a Jira CSV export"


def test_refuses_binary_junk(cur, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 40)
    assert refusal(cur, junk) == "junk.csv: this is a binary file, not a Jira CSV export"
    noise = tmp_path / "noise.csv"
    noise.write_bytes(bytes(range(128, 256)) * 40)
    assert refusal(cur, noise) == "noise.csv: no 'Issue key' column: this is not a Jira CSV export"


def test_refuses_utf16_text(cur, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Issue key,Summary\r\nA-1,x\r\n".encode("utf-16"))
    assert refusal(cur, path) == "excel.csv: the file is UTF-16 text; export the CSV from Jira again (UTF-8)"


def test_refuses_unreadable_csv_in_one_line(cur, tmp_path):
    path = write(tmp_path / "broken.csv", 'Issue key,Summary\nA-1,"never closed\nA-2,x\n')
    assert refusal(cur, path) == "broken.csv: unreadable CSV near data row 1: a quoted value is never closed"
    path = write(tmp_path / "wide.csv", "Issue key,Summary\nA-1,x\nA-2,y,extra\n")
    assert refusal(cur, path) == "wide.csv: unreadable CSV near data row 2: a row has 3 columns but the header has 2"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Issue key,Summary\nA-1,Añadir\n".encode("latin-1"))
    assert refusal(cur, latin) == (
        "latin.csv: unreadable CSV near data row 1: the file is not UTF-8 text; export it again from Jira (UTF-8)")


def test_refusal_inside_a_callers_transaction_is_still_one_line(cur, tmp_path):
    path = write(tmp_path / "wide.csv", "Issue key,Summary\nA-1,x\nA-2,y,extra\n")
    cur.execute("begin")
    assert refusal(cur, path) == "wide.csv: unreadable CSV near data row 2: a row has 3 columns but the header has 2"
    cur.execute("rollback")


def test_refuses_an_unknown_timezone(cur):
    message = refusal(cur, QUIRKS, Settings(timezone="Mars/Olympus"))
    assert message == ("jira_quirks.csv: unknown timezone 'Mars/Olympus' in settings.toml [import] timezone; "
                       "use a name like UTC or Europe/Madrid")


# ---------------------------------------------------------------------------------- sniff

@pytest.mark.parametrize("head, expected", [
    (b"Summary,Issue key,Issue id\nx,A-1,1\n", True),
    (b"\xef\xbb\xbfSummary,Issue key\n", True),
    (b'"Summary","ISSUE KEY"\r\n', True),
    (b"Issue Type;Issue key;Summary\n", True),
    (b"Summary,Key,Created\nIssue key,A-1,x\n", False),     # 'Issue key' only in a data row
    (b'{"issues": [{"key": "A-1", "Issue key": 1}]}', False),
    (b"", False),
    (b"\x00\x01\x02Issue key", False),
])
def test_sniff(head, expected):
    assert jira_csv.sniff(head) is expected


# ------------------------------------------------------------------------------ real data

def test_real_clearcorrect_export(cur, realdata):
    path = realdata / "jira-csv-clearcorrect" / "Jira.csv"
    assert jira_csv.sniff(path.read_bytes()[:65536])
    result = stage(cur, path, SETTINGS, "Jira.csv")
    assert result.rows_read == 127
    assert cur.execute("select count(*), count(distinct key), count(created), count(updated), count(resolved) "
                       "from stage_issues").fetchone() == (127, 127, 127, 127, 22)
    assert cur.execute("select count(*) from stage_rejects").fetchone() == (0,)
    assert cur.execute("select * from stage_links").fetchall() == [
        ("CCCSG-197", "Blocks", "outward", "CCCSG-13", "Outward issue link (Blocks)")]
    assert cur.execute("select * from stage_links_resolved").fetchall() == [
        ("CCCSG-197", "CCCSG-13", "blocks", "Outward issue link (Blocks)", "CCCSG-197")]
    assert cur.execute("select name from stage_sprints").fetchall() == [
        ("CCCSG Sprint 1",), ("CCCSG Sprint 2",), ("CCCSG Sprint 3",)]
    assert cur.execute("select count(*) from stage_issues where len(sprints) = 2").fetchone() == (12,)
    assert cur.execute("select count(*) from stage_issues where len(sprints) = 0").fetchone() == (8,)
    assert cur.execute("""select key, issue_type, status, status_category, created::varchar, team, sprints
                          from stage_issues where key in ('CCCSG-214', 'CCCSG-199', 'CCCSG-204') order by key""").fetchall() == [
        ("CCCSG-199", "Bug", "Done", "done", "2021-01-12 13:14:00+00", "CCCSG", ["CCCSG Sprint 1"]),
        ("CCCSG-204", "Bug", "In Progress", "in_progress", "2021-01-14 11:48:00+00", "CCCSG",
         ["CCCSG Sprint 1", "CCCSG Sprint 2"]),
        ("CCCSG-214", "Bug", "To Do", "todo", "2021-01-23 10:38:00+00", "CCCSG", ["CCCSG Sprint 2"]),
    ]
    # "UAT" is in no status map: Jira's own Status Category column says In Progress.
    assert cur.execute("select distinct status_category from stage_issues where status = 'UAT'").fetchall() == [
        ("in_progress",)]


def test_real_testautogen_export(cur, realdata):
    path = realdata / "jira-csv-testautogen" / "Jira.csv"
    assert jira_csv.sniff(path.read_bytes()[:65536])
    assert stage(cur, path, SETTINGS, "Jira.csv").rows_read == 22
    assert cur.execute("select count(*), count(created), count(updated), count(resolved), count(due) "
                       "from stage_issues").fetchone() == (22, 22, 22, 10, 2)
    assert cur.execute("select count(*) from stage_rejects").fetchone() == (0,)
    assert cur.execute("select count(*) from stage_links").fetchone() == (0,)
    assert cur.execute("select name from stage_sprints").fetchall() == [("TES Sprint 1",)]
    assert cur.execute("select key, due::varchar from stage_issues where due is not null order by key").fetchall() == [
        ("TES-13", "2025-09-18"), ("TES-7", "2025-09-17")]
    assert cur.execute("""select key, status_category, created::varchar, resolved::varchar, team, story_points
                          from stage_issues where key = 'TES-19'""").fetchall() == [
        ("TES-19", "done", "2025-09-03 09:21:00+00", "2025-09-12 09:05:00+00", "TES", None)]
