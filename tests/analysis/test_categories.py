import numpy as np
import pandas as pd
import pytest

from analysis.categories import Rules, RulesError, classify, parse_rules, with_categories
from config import load_category_rules


def issues(rows):
    base = {"key": None, "issue_type": None, "labels": [], "components": [], "summary": "",
            "project": "P", "epic_key": None, "category_override": None}
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.fixture(scope="module")
def default_rules() -> Rules:
    return parse_rules(load_category_rules())


def test_classify_explicit_signals_outrank_summary_words(default_rules):
    frame = issues([
        {"key": "A-1", "issue_type": "Story", "labels": ["architecture"], "summary": "Research the checkout feature"},
        {"key": "A-2", "issue_type": "Bug", "summary": "Refactor is needed"},
        {"key": "A-3", "issue_type": "Task", "labels": ["Tech-Debt"]},
        {"key": "A-4", "issue_type": "Spike"},
        {"key": "A-5", "issue_type": "Task", "summary": "Refactor the cart"},
        {"key": "A-6", "issue_type": "Story", "summary": "Refactor the cart"},
        {"key": "A-7", "issue_type": "Task", "summary": "Prepare the Q3 demo"},
        {"key": "A-8", "issue_type": "Task", "labels": ["terraform"], "category_override": "enabler"},
    ])
    assert classify(frame, default_rules).to_dict("records") == [
        {"key": "A-1", "category": "architecture", "category_reason": "labels = architecture", "category_source": "rule"},
        {"key": "A-2", "category": "defect", "category_reason": "issue_type = Bug", "category_source": "rule"},
        {"key": "A-3", "category": "debt", "category_reason": "labels = Tech-Debt", "category_source": "rule"},
        {"key": "A-4", "category": "architecture", "category_reason": "issue_type = Spike", "category_source": "rule"},
        {"key": "A-5", "category": "debt", "category_reason": "summary = Refactor", "category_source": "rule"},
        {"key": "A-6", "category": "feature", "category_reason": "issue_type = Story", "category_source": "rule"},
        {"key": "A-7", "category": "feature", "category_reason": "default", "category_source": "default"},
        {"key": "A-8", "category": "enabler", "category_reason": "corrected by hand", "category_source": "override"},
    ]


def test_classify_prefix_match_components_and_custom_reason():
    rules = parse_rules({"default": "defect", "rule": [
        {"category": "devops", "field": "components", "match": ["infra*"], "reason": "infra component"},
        {"category": "debt", "field": "epic", "match": ["EP-9"]},
    ]})
    frame = issues([
        {"key": "B-1", "components": ["Payments", "Infrastructure-EU"]},
        {"key": "B-2", "epic_key": "ep-9"},
        {"key": "B-3"},
    ])
    assert classify(frame, rules)[["key", "category", "category_reason"]].to_dict("records") == [
        {"key": "B-1", "category": "devops", "category_reason": "infra component"},
        {"key": "B-2", "category": "debt", "category_reason": "epic = ep-9"},
        {"key": "B-3", "category": "defect", "category_reason": "default"},
    ]


def test_classify_empty_returns_empty_frame_with_columns(default_rules):
    out = classify(issues([]).iloc[:0], default_rules)
    assert list(out.columns) == ["key", "category", "category_reason", "category_source"]
    assert out.empty


def test_with_categories_keeps_rows_and_adds_columns(default_rules):
    frame = issues([{"key": "C-1", "issue_type": "Bug"}, {"key": "C-2", "issue_type": "Story"}])
    out = with_categories(frame, default_rules)
    assert list(out["category"]) == ["defect", "feature"]
    assert len(out.columns) == len(frame.columns) + 3


@pytest.mark.parametrize("document, message", [
    ({"default": "stuff"}, "default 'stuff' is not a category"),
    ({"rule": [{"category": "debt", "field": "colour", "match": ["x"]}]}, "rule 1: field 'colour'"),
    ({"rule": [{"category": "bugs", "field": "labels", "match": ["x"]}]}, "rule 1: category 'bugs'"),
    ({"rule": [{"category": "debt", "field": "labels", "match": []}]}, "rule 1: match must be"),
])
def test_parse_rules_names_the_bad_rule(document, message):
    with pytest.raises(RulesError, match=message):
        parse_rules(document)


def test_default_defect_types_and_localised_types(default_rules):
    """Issue 9: these types are defects by default; Jira's Spanish default types classify
    as their English counterparts."""
    defects = ["Recurring bug", "Defect", "Incident", "Problem", "Production Support"]
    frame = issues([{"key": f"D-{i}", "issue_type": t} for i, t in enumerate(defects)])
    assert set(classify(frame, default_rules)["category"]) == {"defect"}
    pairs = [("Story", "Historia"), ("Bug", "Error"), ("Task", "Tarea"), ("Sub-task", "Subtarea"), ("Epic", "Epopeya")]
    english = classify(issues([{"key": f"E-{i}", "issue_type": e} for i, (e, _) in enumerate(pairs)]), default_rules)
    spanish = classify(issues([{"key": f"E-{i}", "issue_type": s} for i, (_, s) in enumerate(pairs)]), default_rules)
    assert list(spanish["category"]) == list(english["category"]) == ["feature", "defect", "feature", "feature", "feature"]


def test_corrections_list_the_rules_category_beside_the_corrected_one():
    import pandas as pd

    from analysis.categories import parse_rules, rule_categories
    from analysis.quality import category_corrections
    rules = parse_rules({"default": "feature", "rule": [{"category": "debt", "field": "labels", "match": ["legacy"]}]})
    issues = pd.DataFrame({"key": ["A-1", "A-2"], "summary": ["Old code", "New page"], "team": ["T", None],
                           "labels": [["legacy"], []], "category_override": ["feature", "debt"]})
    overrides = pd.DataFrame({"key": ["A-1", "A-2"], "category": ["feature", "debt"], "note": ["n", "m"],
                              "set_at": [None, None]})
    out = category_corrections(overrides, issues, rule_categories(issues, rules))
    assert out[["key", "summary", "category_by_rules", "corrected_to"]].to_dict("records") == [
        {"key": "A-1", "summary": "Old code", "category_by_rules": "debt", "corrected_to": "feature"},
        {"key": "A-2", "summary": "New page", "category_by_rules": "feature", "corrected_to": "debt"},
    ]
    empty = category_corrections(overrides.iloc[:0], issues, rule_categories(issues, rules))
    assert empty.to_dict("records") == [] and list(empty.columns) == list(out.columns)


def test_list_cells_as_read_from_the_workspace_match_like_python_lists(default_rules):
    """The workspace hands list columns over as numpy arrays (joined in one go by the
    classifier); plain lists, None cells and values with blanks classify the same."""
    rows = [{"key": "A-1", "issue_type": "Task", "labels": [" Tech-Debt ", None], "components": []},
            {"key": "A-2", "issue_type": "Task", "labels": [], "components": ["Frontend"]},
            {"key": "A-3", "issue_type": "Task", "labels": ["refactoring"], "components": []}]
    as_lists = issues(rows)
    as_arrays = as_lists.assign(**{field: [np.array(v, dtype=object) for v in as_lists[field]]
                                   for field in ("labels", "components")})
    with_none = as_lists.assign(labels=[None, [], ["refactoring"]])
    expected = classify(as_lists, default_rules).to_dict("records")
    assert classify(as_arrays, default_rules).to_dict("records") == expected
    assert [r["category"] for r in expected] == ["debt", "feature", "debt"]
    assert expected[0]["category_reason"] == "labels = Tech-Debt"
    assert classify(with_none, default_rules).to_dict("records")[1:] == expected[1:]
