"""app/memo.py: results remembered by the identity of live objects, never by a reused id."""
import gc

import pandas as pd
import pytest

from app.memo import IdentityMemo


def counting(memo: IdentityMemo):
    calls = []

    def get(objects, values=None):
        return memo.get(objects, values, lambda: calls.append(objects) or len(calls))
    return get, calls


def test_the_same_objects_give_the_remembered_result():
    get, calls = counting(IdentityMemo(max_entries=4))
    table = pd.DataFrame({"a": [1, 2]})
    assert get((table,), "x") == 1
    assert get((table,), "x") == 1
    assert len(calls) == 1


def test_an_equal_but_different_object_is_computed_again():
    get, calls = counting(IdentityMemo(max_entries=4))
    assert get((pd.DataFrame({"a": [1]}),)) == 1
    other = pd.DataFrame({"a": [1]})
    assert get((other,)) == 2
    assert get((other,)) == 2


def test_other_values_are_other_entries():
    get, calls = counting(IdentityMemo(max_entries=4))
    table = pd.DataFrame({"a": [1]})
    assert [get((table,), "month"), get((table,), "quarter"), get((table,), "month")] == [1, 2, 1]


class Table:
    """A plain object: freed at once when its last reference goes (no cycles)."""


def test_a_freed_object_whose_id_is_reused_never_matches():
    memo = IdentityMemo(max_entries=4)
    table = Table()
    stale_id = id(table)
    memo.get((table,), None, lambda: "old")
    del table
    gc.collect()
    # CPython hands the freed address to the next object of the same size.
    kept = []
    for _ in range(1000):
        kept.append(Table())
        if id(kept[-1]) == stale_id:
            break
    else:
        pytest.skip("the freed address was not reused in this run")
    assert memo.get((kept[-1],), None, lambda: "new") == "new"


def test_no_objects_and_the_oldest_entry_leaves_first():
    get, calls = counting(IdentityMemo(max_entries=2))
    assert get((), "a") == 1
    assert get((), "b") == 2
    assert get((), "a") == 1                  # "a" is now the newest
    assert get((), "c") == 3                  # "b" leaves
    assert get((), "a") == 1
    assert get((), "b") == 4
