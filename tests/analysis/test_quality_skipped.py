import pandas as pd

from analysis.quality import skipped_rows


def test_skipped_rows_tell_whole_rows_from_single_values():
    rejects = pd.DataFrame({"row_number": [1, 2, 3], "column_name": ["Issue key", "Created", "key"],
                            "raw_value": ["", "bad", "D-1"],
                            "reason": ["empty issue key: row skipped", "not a date",
                                       "duplicate issue key (its last occurrence, item 2, is kept): skipped"]})
    assert skipped_rows(rejects).tolist() == [True, False, True]


def test_skipped_rows_of_no_rejects():
    empty = pd.DataFrame({"row_number": [], "column_name": [], "raw_value": [], "reason": []})
    assert skipped_rows(empty).tolist() == []
