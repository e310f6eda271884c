import pandas as pd

from analysis.epics import epic_summaries, label, summaries_of, with_summaries

ISSUES = pd.DataFrame({
    "key": ["E-1", "E-2", "E-3", "D-1", "D-2", "D-3", "D-4", "X-1"],
    "summary": ["Search <b>rewrite</b>", "  ", "Pricing", "a", "b", "c", "d", "not an epic"],
    "epic_key": [None, None, None, "E-1", "E-2", "E-9", "E-3", None],
})


def test_epic_summaries_of_the_epics_in_the_export():
    # E-2 has a blank summary, E-9 is not in the export, X-1 is nobody's epic
    assert epic_summaries(ISSUES).to_dict() == {"E-1": "Search <b>rewrite</b>", "E-3": "Pricing"}


def test_summaries_of_keys_and_labels():
    summaries = epic_summaries(ISSUES)
    keys = pd.Series(["E-1", "E-9", None, "(no epic)"], dtype=object)
    assert summaries_of(keys, summaries).tolist() == ["Search <b>rewrite</b>", "", "", ""]
    assert [label(k, s) for k, s in [("E-1", "Search"), ("E-9", ""), ("E-2", None), (None, "x")]] == \
        ["E-1 — Search", "E-9", "E-2", " — x"]


def test_epics_empty():
    assert epic_summaries(ISSUES.iloc[:0]).empty
    assert epic_summaries(ISSUES.drop(columns="epic_key")).empty
    assert summaries_of(pd.Series([], dtype=object), epic_summaries(ISSUES)).tolist() == []


def test_with_summaries_puts_the_names_beside_the_keys():
    table = pd.DataFrame({"blocking_epic": ["E-1", "(no epic)", "E-9"], "open_links": [3, 2, 1]})
    out = with_summaries(table, "blocking_epic", epic_summaries(ISSUES), "blocking_epic_summary")
    assert out.to_dict("records") == [
        {"blocking_epic": "E-1", "blocking_epic_summary": "Search <b>rewrite</b>", "open_links": 3},
        {"blocking_epic": "(no epic)", "blocking_epic_summary": "", "open_links": 2},
        {"blocking_epic": "E-9", "blocking_epic_summary": "", "open_links": 1}]
    assert with_summaries(table, "epic_key", epic_summaries(ISSUES)) is table      # no such key column
    empty = with_summaries(table.iloc[:0], "blocking_epic", epic_summaries(ISSUES))
    assert empty.columns.tolist() == ["blocking_epic", "epic_summary", "open_links"] and empty.empty
