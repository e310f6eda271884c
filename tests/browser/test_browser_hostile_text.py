"""Text from an export is data, never markup, in a real browser: a workspace imported from a
Jira CSV whose summaries, teams, components, epics, sprints, versions and labels hold
<script>, <img onerror>, javascript: links, Markdown images of a remote host and
spreadsheet formulas. On every page (every expander and tab open): no script runs, no
request leaves the machine, no planted element or link exists, the text shows as text;
the CSV downloads neutralise the formulas."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

import harness
from hostile_export import FORMULA, IMG, MD_IMAGE, write_hostile_export

pytestmark = pytest.mark.browser

PLANTED_JS = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  images: [...document.querySelectorAll('img, image')]
      .map(i => i.getAttribute('src') || i.getAttribute('href') || i.getAttribute('xlink:href') || '')
      .filter(s => s === 'x' || s.includes('evil.invalid')),
  links: [...document.querySelectorAll('a')]
      .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
      .filter(h => /^\\s*javascript:/i.test(h) || h.includes('evil.invalid')),
  scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
  bold: [...document.querySelectorAll('[data-testid="stPlotlyChart"] b, [data-testid="stPlotlyChart"] tspan[style*="bold"]')]
      .map(b => b.textContent).filter(t => t.includes('bold?')),
  text: document.body.innerText + ' ' + [...document.querySelectorAll('svg text')].map(t => t.textContent).join(' '),
})"""


@pytest.fixture(scope="module")
def hostile_server(chromium_ready, tmp_path_factory):
    from data.workspace import Workspace

    folder = tmp_path_factory.mktemp("hostile")
    export = write_hostile_export(folder / "hostile-export.csv", date.today())
    workspace = Workspace(folder / "ws")
    workspace.create()
    workspace.import_file(export)
    with harness.StreamlitServer(workspace.root, log_dir=folder) as server:
        yield server


def _csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_planted_markup_stays_text_on_every_page(hostile_server, new_context):
    ctx, log = new_context(hostile_server)
    dialogs = []
    ctx.on("page", lambda page: page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())))
    home = harness.open_page(ctx, hostile_server.url + "/")
    links = harness.nav_links(home)
    home.close()
    assert len(links) >= 6
    shown_text, problems = "", []
    for label, href in links:
        page = harness.open_page(ctx, href)
        harness.open_expanders(page)
        tabs = page.locator('[data-testid="stMain"] [role="tab"]').filter(visible=True)
        for index in range(tabs.count()):
            tabs.nth(index).click()
            harness.open_expanders(page)
        harness.wait_until_finished(page)
        # Open the team filter too: its options are team names.
        page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.locator("input").click()
        page.wait_for_timeout(200)
        found = page.evaluate(PLANTED_JS)
        page.keyboard.press("Escape")
        shown_text += found.pop("text")
        problems += [f"{label}: {kind} {value}" for kind, value in found.items() if value]
        problems += [f"{label}: exception {message}" for message in harness.exception_messages(page)]
        page.close()
    assert problems == [], "\n".join(problems)
    assert dialogs == []
    assert sorted(set(log.remote())) == [], "a planted image or link made the browser call out"
    # The text shows as written (as data): in chart labels, headline numbers, captions and the
    # filter's options (tables draw on a canvas, summaries show in hovers: not in the page text).
    for planted in (IMG, MD_IMAGE, FORMULA, 'Ops [click me](javascript:window.__pwned="md-link")'):
        assert planted in shown_text, f"{planted!r} is not shown as text anywhere"


def test_csv_downloads_neutralise_formulas(hostile_server, new_context):
    ctx, _ = new_context(hostile_server)
    cells = []
    for path in ("/balance", "/dependencies", "/data-quality"):
        page = harness.open_page(ctx, hostile_server.url + path)
        harness.open_tables(page)
        buttons = page.get_by_test_id("stDownloadButton").filter(visible=True)
        assert buttons.count() > 0
        for index in range(buttons.count()):
            _, content = harness.download(page, buttons.nth(index).get_by_role("button"))
            cells += _csv_cells(content)
        page.close()
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(c)]
    assert dangerous == []
    assert "'" + FORMULA in cells            # the formula is there, as text
    assert any(c.startswith("'") and "=HYPERLINK" in c for c in cells)
