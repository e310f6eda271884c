"""app/memo.py: results remembered by the identity of live objects, never by a reused id."""
import gc

import pandas as pd
import pytest

from app.memo import IdentityMemo, per_workspace


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


def test_an_entry_of_a_freed_object_never_matches_an_object_at_the_same_address():
    memo = IdentityMemo(max_entries=4)
    old, new = Table(), Table()
    memo.get((old,), None, lambda: "old")
    # What CPython does when it hands the freed address to a new object, done by hand:
    # the remembered entry now sits under the new object's id.
    memo._entries[((id(new),), None)] = memo._entries.pop(((id(old),), None))
    del old
    gc.collect()
    assert memo.get((new,), None, lambda: "new") == "new"


def test_no_objects_and_the_oldest_entry_leaves_first():
    get, calls = counting(IdentityMemo(max_entries=2))
    assert get((), "a") == 1
    assert get((), "b") == 2
    assert get((), "a") == 1                  # "a" is now the newest
    assert get((), "c") == 3                  # "b" leaves
    assert get((), "a") == 1
    assert get((), "b") == 4


def test_per_workspace_computes_once_per_loaded_data_and_arguments():
    calls = []

    @per_workspace(max_entries=4)
    def delivered(data, period):
        calls.append((data.name, period))
        return f"{data.name}/{period}"

    first, second = Table(), Table()
    first.name, second.name = "v1", "v2"
    assert [delivered(first, "month"), delivered(first, "month"), delivered(first, "quarter"),
            delivered(second, "month"), delivered(first, "month")] == ["v1/month", "v1/month", "v1/quarter",
                                                                      "v2/month", "v1/month"]
    assert calls == [("v1", "month"), ("v1", "quarter"), ("v2", "month")]
    del first
    gc.collect()
    delivered(second, "quarter")
    assert len(delivered.memo) == 2          # the freed version's results are dropped
