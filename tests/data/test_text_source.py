"""Reading an export's bytes before any parser: paths, encodings, line ends, caps."""
from __future__ import annotations

import csv
import io
import os

import pytest

from config.limits import Limits, LimitsError, limits_from
from data.errors import ImportRefused
from data.importers.text_source import duckdb_read_options, readable_text, text_head, utf16_encoding

HEADER = "Issue key,Summary,Status\n"


def read_back(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def python_reads(raw: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def refusal(tmp_path, path, limits=Limits(), name="export.csv") -> str:
    with pytest.raises(ImportRefused) as refused:
        with readable_text(path, name, limits, tmp_path / "scratch"):
            pass
    message = str(refused.value)
    assert "\n" not in message
    return message


def test_a_clean_utf8_csv_is_handed_on_as_it_is(tmp_path):
    path = tmp_path / "clean.csv"
    path.write_bytes((HEADER + "A-1,One,Done\n").encode())
    with readable_text(path, "clean.csv", Limits(), tmp_path / "scratch") as source:
        assert source.path == path and not source.rewritten
        assert source.longest_line == len(HEADER) - 1
    assert list((tmp_path / "scratch").glob("*")) == [] if (tmp_path / "scratch").exists() else True


def test_a_folder_a_missing_and_an_unreadable_path_are_named_correctly(tmp_path, monkeypatch):
    assert refusal(tmp_path, tmp_path, name="exports") == "exports: is a folder, not a file; name the export file inside it"
    assert refusal(tmp_path, tmp_path / "nope.csv", name="nope.csv") == "nope.csv: no such file"
    locked = tmp_path / "locked.csv"
    locked.write_text(HEADER)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)   # root ignores chmod 000
    assert refusal(tmp_path, locked, name="locked.csv") == "locked.csv: cannot be read (permission denied)"


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False)])
def test_utf16_is_transcoded_not_called_binary(tmp_path, encoding, bom):
    text = HEADER + "A-1,Café ☕,Done\n"
    raw = text.encode(encoding)
    if bom:
        raw = ("\ufeff" + text).encode(encoding)
    path = tmp_path / "wide.csv"
    path.write_bytes(raw)
    assert utf16_encoding(raw[:100]) == encoding
    assert text_head(path, "wide.csv").startswith(b"Issue key,")
    with readable_text(path, "wide.csv", Limits(), tmp_path / "scratch") as source:
        assert source.rewritten and source.encoding == encoding
        assert read_back(source.path) == [["Issue key", "Summary", "Status"], ["A-1", "Café ☕", "Done"]]
        cleaned = source.path
    assert not cleaned.exists()


def test_a_nul_after_64_kb_is_binary_data_at_its_byte(tmp_path):
    body = (HEADER + "A-1,One,Done\n" * 10_000).encode()
    path = tmp_path / "late.csv"
    path.write_bytes(body + b"\x00tail\n")
    assert len(body) > 64 * 1024
    assert refusal(tmp_path, path, name="late.csv") == (
        f"late.csv: this is a binary file, not a text export (binary data at byte {len(body):,})")


def test_excel_sep_line_is_dropped_and_names_the_delimiter(tmp_path):
    raw = b"sep=;\r\nIssue key;Summary;Status\r\nA-1;One, two;Done\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(raw)
    with readable_text(path, "excel.csv", Limits(), tmp_path / "scratch") as source:
        assert source.rewritten
        with open(source.path, encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle, delimiter=";")) == [["Issue key", "Summary", "Status"],
                                                               ["A-1", "One, two", "Done"]]


def test_mixed_line_ends_and_a_bare_cr_in_quotes_read_as_pythons_csv_reads_them(tmp_path):
    raw = b'Issue key,Summary,Status\r\nA-1,"first\rsecond",Done\nA-2,"x\r\ny",To Do\r\nA-3,z,Done\n'
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    with readable_text(path, "mixed.csv", Limits(), tmp_path / "scratch") as source:
        assert source.rewritten
        assert read_back(source.path) == python_reads(raw)
        # One line end throughout (CRLF, so that the writer quotes a cell holding a bare CR).
        assert source.path.read_bytes().count(b"\r\n") == 4 + 1


def test_caps_on_rows_columns_and_cells_name_their_setting(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(HEADER + "".join(f"A-{i},s,Done\n" for i in range(6)))
    assert refusal(tmp_path, rows, Limits(max_rows=5), "rows.csv") == (
        "rows.csv: more than 5 data rows (settings.toml [limits] max_rows); export fewer issues per file")
    with readable_text(rows, "rows.csv", Limits(max_rows=6), tmp_path / "scratch") as source:
        assert not source.rewritten

    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(["Issue key"] + [f"c{i}" for i in range(11)]) + "\nA-1\n")
    assert refusal(tmp_path, wide, Limits(max_columns=10), "wide.csv") == (
        "wide.csv: the header has 12 columns, more than the 10 allowed (settings.toml [limits] max_columns)")

    cell = tmp_path / "cell.csv"
    cell.write_text(HEADER + "A-1,ok,Done\n" + "A-2," + "x" * 2_000_000 + ",Done\n")
    assert refusal(tmp_path, cell, Limits(), "cell.csv") == (
        "cell.csv: a cell in data row 2 is larger than 1 MB (settings.toml [limits] max_cell_mb)")
    with readable_text(cell, "cell.csv", Limits(max_cell_mb=4), tmp_path / "scratch") as source:
        assert not source.rewritten and source.longest_line > 2_000_000
        assert duckdb_read_options(source.path) == [f"buffer_size = {2 * source.longest_line + 8 * 1024 * 1024}"]
    assert duckdb_read_options(cell) == []


def test_a_file_larger_than_allowed_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(HEADER.encode() + b"A-1,x,Done\n" * 200_000)
    assert refusal(tmp_path, path, Limits(max_file_mb=1), "big.csv").startswith(
        "big.csv: the file is 2.1 MB, more than the 1 MB allowed (settings.toml [limits] max_file_mb)")


def test_limits_are_read_from_settings_and_checked():
    assert limits_from({}) == Limits()
    assert limits_from({"limits": {"max_rows": 10, "max_cell_mb": 0.5}}).max_cell_bytes == 512 * 1024
    with pytest.raises(LimitsError, match="unknown setting 'max_row'"):
        limits_from({"limits": {"max_row": 10}})
    with pytest.raises(LimitsError, match="max_rows must be a non-negative number"):
        limits_from({"limits": {"max_rows": "many"}})
    with pytest.raises(LimitsError, match="earliest_year must be before latest_year"):
        limits_from({"limits": {"earliest_year": 2100, "latest_year": 1970}})


def test_rows_are_counted_as_records_not_lines_and_jira_line_ends_stay_on_the_fast_path(tmp_path):
    # Jira: CRLF between records, LF inside a quoted description.
    multi = tmp_path / "multi.csv"
    multi.write_bytes(b"Issue key,Description\r\n" + b"".join(
        f'A-{n},"line one\nline two\nline three"\r\n'.encode() for n in range(5)))
    with readable_text(multi, "multi.csv", Limits(max_rows=5), tmp_path / "scratch") as source:
        assert not source.rewritten
    assert refusal(tmp_path, multi, Limits(max_rows=4), "multi.csv") == (
        "multi.csv: more than 4 data rows (settings.toml [limits] max_rows); export fewer issues per file")
