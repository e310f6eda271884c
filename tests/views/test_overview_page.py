"""Overview, Import and Data quality pages on the demo workspace (anchor 2026-11-20)."""
from datetime import date, timedelta

from analysis.timeline import open_on


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_the_headline_numbers(app_page):
    at = app_page("views/overview.py")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at) == {"Open items": "1,841", "Open debt share": "21.7 %",
                           "Open cross-team blockers": "147", "Balance vs target": "85 / 100"}   # Platform works to its own target
    assert at.metric[0].delta == "+749"       # against the end of the day before the period's first day


def test_overview_opens_with_its_answer_in_sentences(app_page):
    at = app_page("views/overview.py")
    answer = at.markdown[0].value.replace("\\", "")      # shown as text: Markdown specials escaped
    assert answer.startswith("##### 1,841 items are open on 19 Nov 2026, 749 more than at the start of 19 Nov 2025")
    assert "Debt is 22 % of all open items (no notable change)" in answer
    assert any("Changes compare the end of the period (19 Nov 2026) with its start (19 Nov 2025)." == c.value
               for c in at.caption)


def test_overview_honours_the_from_date(app_page, demo_data):
    until = demo_data.reference_date
    since = until - timedelta(days=30)
    at = app_page("views/overview.py", since=since.isoformat())
    assert not at.exception
    issues = demo_data.issues
    now, start = int(open_on(issues, until).sum()), int(open_on(issues, since - timedelta(days=1)).sum())
    assert metrics(at)["Open items"] == f"{now:,}"
    assert at.metric[0].delta == f"{now - start:+,}"
    assert metrics(at)["Balance vs target"] != "85 / 100"         # the work of the last 30 days only
    categories = [d.value for d in at.dataframe if "Resolved items" in d.value.columns][0]
    assert list(categories["Category"]) == ["feature", "defect", "debt", "enabler", "architecture", "devops"]
    resolved = issues["resolved_day"].between(since.isoformat(), until.isoformat()).sum()
    assert categories["Resolved items"].sum() == resolved


def test_overview_follows_the_team_filter_from_the_url(app_page):
    at = app_page("views/overview.py", team="Catalog")
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["Catalog"]
    shown = metrics(at)
    assert shown["Open items"] != "1,841"
    assert float(shown["Open debt share"].rstrip(" %")) > 30   # Catalog carries the most debt


def test_import_page_lists_the_demo_imports(app_page):
    at = app_page("views/import_files.py")
    assert not at.exception
    assert at.title[0].value == "Import"
    history = at.dataframe[0].value
    assert list(history["File name"]) == ["demo-sprints.json", "demo-versions.json", "demo-export-2026-08-22.csv",
                                          "demo-export-2026-11-20.csv", "demo-changelog.json"]


def test_data_quality_page_counts_the_deliberate_problems(app_page):
    at = app_page("views/data_quality.py")
    assert not at.exception
    summary = at.dataframe[0].value.set_index("Check")["Count"].to_dict()
    assert summary["done_without_resolved"] == 8
    assert summary["links_to_unknown_issues"] == 5
    assert summary["rejected_values"] == 0
    assert summary["skipped_rows"] == 0
    # The demo's export uses the Team field, so its 10 items without one stay teamless.
    assert summary["issues_without_team"] == 10
    subheaders = [s.value for s in at.subheader]
    assert "Done items without a resolved date (8)" in subheaders
