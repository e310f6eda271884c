"""Overview, Import and Data quality pages on the demo workspace (anchor 2026-11-20)."""


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_the_headline_numbers(app_page):
    at = app_page("views/overview.py")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at) == {"Open items": "1,841", "Open debt share": "21.7 %",
                           "Open cross-team blockers": "147", "Balance vs target": "81 / 100"}   # Platform works to its own target
    assert at.metric[0].delta == "+105"


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
    assert list(history["file_name"]) == ["demo-sprints.json", "demo-versions.json", "demo-export-2026-08-22.csv",
                                          "demo-export-2026-11-20.csv", "demo-changelog.json"]


def test_data_quality_page_counts_the_deliberate_problems(app_page):
    at = app_page("views/data_quality.py")
    assert not at.exception
    summary = at.dataframe[0].value.set_index("check")["count"].to_dict()
    assert summary["done_without_resolved"] == 8
    assert summary["links_to_unknown_issues"] == 5
    assert summary["rejected_values"] == 0
    assert summary["skipped_rows"] == 0
    # The demo's export uses the Team field, so its 10 items without one stay teamless.
    assert summary["issues_without_team"] == 10
    subheaders = [s.value for s in at.subheader]
    assert "Done items without a resolved date (8)" in subheaders
