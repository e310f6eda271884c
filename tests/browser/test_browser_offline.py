"""The offline guarantee: the browser asks no host but the app's own for anything (fonts,
CDNs, telemetry, plotly.js, favicons, map tiles), on every page, with every expander open
and after a filter change. Remote requests are aborted before they leave the machine, but
recorded, and any one fails the test."""
from __future__ import annotations

import pytest

import harness

pytestmark = pytest.mark.browser


def test_the_browser_calls_no_remote_host(app_server, context):
    ctx, log = context
    visits = harness.visit_every_page(ctx, app_server.url, expand=True)
    assert len(visits) >= 6
    # A filter change (the first team) reruns the page with new queries and charts.
    page = harness.open_page(ctx, app_server.url + "/")
    select = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first

    def choose_first_team():
        select.locator("input").click()
        page.get_by_role("option").first.click()
        page.keyboard.press("Escape")

    harness.wait_for_rerun(page, choose_first_team)
    assert "team=" in page.url
    print("\nRequests the browser made (the app's own by path):\n  " + "\n  ".join(log.summary()))
    assert any(url.endswith("/_stcore/stream") for url in log.urls), "the WebSocket must be recorded too"
    remote = sorted(set(log.remote()))
    assert remote == [], ("the browser called hosts other than the app's own: " + ", ".join(remote)
                          + "\n(a `:material/...:` page_icon makes Streamlit load the favicon from "
                          "fonts.gstatic.com: use an emoji or an image file instead)")

