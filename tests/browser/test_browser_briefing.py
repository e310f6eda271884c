"""The briefing in a real browser: the HTML brief opened from a file in headless Chromium
(every section, every chart drawn, no request to anything but the file itself, no script
from export text ever runs, prints to A4 PDF), the PDF export, and the Briefing page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import harness

pytestmark = pytest.mark.browser

LOCAL = ("file:", "data:", "about:", "blob:")


@pytest.fixture(scope="module")
def demo_brief(demo_data):
    from analysis.filters import Filters
    from app.briefing import build_briefing
    return build_briefing(demo_data, Filters())


def open_html(browser, path: Path):
    """The file in a fresh context; every request recorded, anything non-local aborted."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requests, dialogs = [], []
    context.on("request", lambda request: requests.append(request.url))

    def route(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            route.abort("blockedbyclient")
    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests, dialogs


def drawn_charts(page) -> int:
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every(c => c.querySelector('.main-svg'))",
                           timeout=30_000)
    return page.locator(".chart .trace").count()


def test_html_brief_has_every_section_draws_its_charts_offline_and_prints(browser, demo_brief, tmp_path):
    from app.briefing_render import render
    path = tmp_path / "brief.html"
    path.write_bytes(render(demo_brief, "html", "http://127.0.0.1:8501"))
    context, page, requests, dialogs = open_html(browser, path)
    try:
        sections = page.locator("section").evaluate_all("nodes => nodes.map(n => n.dataset.section)")
        assert sections == [s.key for s in demo_brief.sections]
        charts = [s for s in demo_brief.sections if s.chart and not s.chart.empty]
        assert page.locator(".chart").count() == len(charts)
        assert drawn_charts(page) >= len(charts)
        assert [url for url in requests if not url.startswith(LOCAL)] == []
        assert dialogs == []
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        # one section per A4 page at least (print stylesheet: a page break before each)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= len(demo_brief.sections)
    finally:
        context.close()


def test_export_text_with_markup_runs_nothing_and_shows_as_written(browser, tmp_path):
    import sys
    sys.path.insert(0, str(harness.ROOT / "tests"))
    from test_briefing_exports import HOSTILE, hostile_briefing
    from app.briefing_render import render
    path = tmp_path / "hostile.html"
    path.write_bytes(render(hostile_briefing(), "html"))
    context, page, requests, dialogs = open_html(browser, path)
    try:
        drawn_charts(page)
        text = page.locator("body").inner_text()
        for value in HOSTILE:
            assert f"Team {value} is the bottleneck." in text
        assert page.locator("section img, a[href^='javascript'], [onerror]").count() == 0
        # the only scripts in a section are the brief's own chart calls
        scripts = page.locator("section script").all_text_contents()
        assert len(scripts) == 1 and scripts[0].startswith("(function(){var f=")
        ticks = page.locator(".chart .xtick text").all_text_contents()
        assert ticks[:2] == list(HOSTILE[:2])
        assert dialogs == [] and [url for url in requests if not url.startswith(LOCAL)] == []
    finally:
        context.close()


def test_pdf_export_prints_the_brief_with_chromium(demo_brief):
    from app.briefing_render import render
    pdf = render(demo_brief, "pdf")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= len(demo_brief.sections)


def test_briefing_page_renders_offline_and_downloads_markdown(app_server, context, workspace_data_of):
    from analysis.filters import Filters
    from app.briefing import build_briefing
    from app.briefing_render import render
    ctx, log = context
    brief = build_briefing(workspace_data_of(app_server.workspace), Filters())
    visits = harness.visit_every_page(ctx, app_server.url, only={"Briefing"})
    visit = next(v for v in visits if v.label == "Briefing")
    assert visit.problems == [], f"{visit.problems}\n{app_server.log()}"
    assert visit.charts == sum(1 for s in brief.sections if s.chart is not None and not s.chart.empty) == 5
    page = harness.open_page(ctx, app_server.url + "/briefing")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download Markdown").click()
    download = download_info.value
    assert download.suggested_filename == "briefing.md"
    expected = render(brief, "md", app_server.url).decode()
    assert Path(download.path()).read_text(encoding="utf-8") == expected
    assert log.remote() == []
