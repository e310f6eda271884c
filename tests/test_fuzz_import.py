"""Fuzzing the importers with Jira-like CSV and JSON carrying random quirks, for a bounded
time: repeated columns, quoted newlines and bare CRs, mixed line ends, `sep=`, UTF-8 with or
without BOM and UTF-16, missing cells, odd values. A CSV is read as Python's csv module
reads it (the issues staged are its distinct non-empty keys); JSON is either staged or
refused in one line, never a traceback. Each failure found became a case in
tests/hostile/generate.py."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config import DEFAULTS_DIR
from config.limits import Limits
from data.errors import ImportRefused
from data.stage_worker import stage_file

FUZZ = settings(max_examples=int(os.environ.get("TPO_FUZZ_EXAMPLES", "25")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
COLUMNS = ["Summary", "Status", "Created", "Updated", "Sprint", "Sprint", "Labels", "Labels",
           "Custom field (Story Points)", "Description", "Component/s"]
CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab ,;"\n\r\té☕-=+@')), max_size=12)
CELL = st.one_of(CELL_TEXT, st.sampled_from(["", "2026-01-05 10:00", "11/May/24 03:26 PM", "9999-12-31",
                                              "NaN", "-5", "1e309", "3", "Done", "In Progress"]))


@st.composite
def jira_csv(draw):
    columns = ["Issue key"] + draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8))
    draw(st.randoms()).shuffle(columns)
    rows = draw(st.lists(st.tuples(st.one_of(st.just(""), st.integers(1, 6).map(lambda n: f"FZ-{n}")),
                                   st.lists(CELL, min_size=len(columns) - 1, max_size=len(columns) - 1)),
                         min_size=1, max_size=9))
    delimiter = draw(st.sampled_from([",", ";"]))
    line_end = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    records = [columns]
    for key, cells in rows:
        cells = list(cells)
        cells.insert(columns.index("Issue key"), key)
        records.append(cells)
    parts = []
    for n, record in enumerate(records):
        ending = "\r\n" if line_end == "\r\n" or (line_end == "mixed" and n % 2) else "\n"
        parts.append(delimiter.join(_quoted(cell, delimiter) for cell in record) + ending)
    text = ("sep=;\r\n" if delimiter == ";" and draw(st.booleans()) else "") + "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(encoding)


def _quoted(cell: str, delimiter: str) -> str:
    if any(c in cell for c in (delimiter, '"', "\r", "\n")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def python_reads(content: bytes) -> tuple[set[str], int]:
    """The distinct non-empty issue keys and the data rows Python's csv module reads."""
    text = content.decode("utf-16") if content[:2] in (b"\xff\xfe", b"\xfe\xff") else content.decode("utf-8-sig")
    delimiter = ","
    if text.startswith("sep="):
        delimiter, text = text[4], text.split("\n", 1)[1]
    elif ";" in text.split("\n", 1)[0]:
        delimiter = ";"
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    column = records[0].index("Issue key")
    return {r[column].strip() for r in records[1:] if len(r) > column and r[column].strip()}, len(records) - 1


def stage(tmp_path, name: str, content: bytes):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / name
    path.write_bytes(content)
    staged_db = folder / "staged.duckdb"
    result = stage_file(path, "auto", name, DEFAULTS_DIR, folder / "scratch", staged_db, Limits())
    with duckdb.connect(str(staged_db), read_only=True) as connection:
        keys = {row[0] for row in connection.execute("select key from stage_issues").fetchall()}
    return result, keys


@FUZZ
@given(export=jira_csv())
def test_a_quirky_jira_csv_stages_the_keys_pythons_csv_reads(tmp_path, export):
    keys, rows = python_reads(export)
    try:
        _, staged = stage(tmp_path, "fuzz.csv", export)
    except ImportRefused as refused:
        assert "\n" not in str(refused) and "\r" not in str(refused)
        assert not keys, f"refused a file with keys {keys}: {refused}"
        return
    assert staged == keys
    assert rows < 10


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False), st.text(max_size=8),
              st.sampled_from(["2026-01-05T09:00:00.000+0000", "0001-01-01T00:00:00.000+0500",
                               "9999-12-31T23:59:59.000-0800", "yesterday"])),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8)
FIELD_NAMES = ["summary", "status", "created", "updated", "resolutiondate", "labels", "components",
               "fixVersions", "customfield_10016", "issuelinks", "issuetype", "project", "parent", "duedate"]


@st.composite
def jira_json(draw):
    issues = []
    for n in range(draw(st.integers(1, 4))):
        fields = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), JSON_VALUE, max_size=6))
        issue = {"id": str(n + 1), "key": draw(st.sampled_from([f"J-{n + 1}", "", None, 5])), "fields": fields}
        issues.append(issue)
    return json.dumps({"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues}).encode()


@FUZZ
@given(content=jira_json())
def test_a_quirky_jira_json_is_staged_or_refused_in_one_line(tmp_path, content):
    try:
        stage(tmp_path, "fuzz.json", content)
    except ImportRefused as refused:
        assert "\n" not in str(refused) and "\r" not in str(refused)
