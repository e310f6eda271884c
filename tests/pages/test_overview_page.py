def test_overview_shows_headline_numbers(app_page, demo_data):
    at = app_page("pages/overview.py")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Open items", "Open debt share", "Open cross-team blockers", "Balance vs target"]
    open_items = int(at.metric[0].value.replace(",", ""))
    assert open_items > 500
    assert at.title[0].value == "Overview"
