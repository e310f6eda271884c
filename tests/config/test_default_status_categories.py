"""The default [status_categories] know the common workflow status names (case-insensitive)."""
import pytest

import config
from analysis.flow import status_categories_of

EXPECTED = {
    "Inbox": "todo", "Ready for Dev": "todo", "Ready for Development": "todo", "Backlog": "todo", "To Do": "todo",
    "In Development": "in_progress", "In Progress": "in_progress", "Code Review": "in_progress",
    "Ready for QA": "in_progress", "In QA": "in_progress", "Blocked": "in_progress",
    "Done": "done", "Won't Do": "done", "Won't Fix": "done",
}


@pytest.mark.parametrize("status, category", EXPECTED.items())
def test_common_status_names_have_a_default_category(tmp_path, status, category):
    mapping = config.load_settings(tmp_path).status_categories
    assert mapping[status.lower()] == category


def test_the_flow_analysis_uses_them_for_statuses_the_export_does_not_categorise(tmp_path):
    import pandas as pd
    mapping = config.load_settings(tmp_path).status_categories
    no_issues = pd.DataFrame({"status": pd.Series([], dtype="str"), "status_category": pd.Series([], dtype="str")})
    assert status_categories_of(["In Development", "Inbox", "Ready for QA", "Something else"], no_issues, mapping) \
        == {"In Development": "in_progress", "Inbox": "todo", "Ready for QA": "in_progress", "Something else": "todo"}
