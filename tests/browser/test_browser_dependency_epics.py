"""The Dependencies page grouped by epic, in a real browser: epics whose summaries are markup,
a javascript: link and a plotly template field are named "KEY — summary" on the heat map's
axes, the inside-one-epic bars and the hotspots, as text: nothing planted runs or exists."""
from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

import harness
from hostile_export import HEADER, IMG, JS_LINK_HTML

pytestmark = pytest.mark.browser

EPICS = {"EPA-1": f"Payments {IMG} %{{y}}", "EPA-2": f"Search {JS_LINK_HTML}"}
# blocker, its epic, blocked, its epic: two links between the epics, one inside EPA-1
LINKS = [("EPA-3", "EPA-1", "EPA-4", "EPA-2"), ("EPA-5", "EPA-2", "EPA-6", "EPA-1"),
         ("EPA-7", "EPA-1", "EPA-8", "EPA-1")]
PLANTED_JS = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  images: [...document.querySelectorAll('img, image')].filter(i => i.getAttribute('src') === 'x').length,
  links: [...document.querySelectorAll('a')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href') || '')).length,
  labels: [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg text')].map(t => t.textContent),
})"""


def write_export(path, today: date):
    def row(key, summary, issue_type, epic="", blocks=""):
        values = dict.fromkeys(HEADER, "")
        values.update({"Summary": summary, "Issue key": key, "Issue id": key.split("-")[1], "Issue Type": issue_type,
                       "Status": "To Do", "Status Category": "To Do", "Project key": "EPA",
                       "Created": f"{today - timedelta(days=30):%Y-%m-%d} 10:00", "Updated": f"{today:%Y-%m-%d} 10:00",
                       "Custom field (Epic Link)": epic, "Custom field (Team)": "Payments",
                       "Outward issue link (Blocks)": blocks})
        return [values[name] for name in HEADER]

    rows = [row(key, summary, "Epic") for key, summary in EPICS.items()]
    for blocker, blocker_epic, blocked, blocked_epic in LINKS:
        rows += [row(blocker, f"Work {blocker}", "Story", blocker_epic, blocked),
                 row(blocked, f"Work {blocked}", "Story", blocked_epic)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@pytest.fixture(scope="module")
def epics_server(chromium_ready, tmp_path_factory):
    from data.workspace import Workspace

    folder = tmp_path_factory.mktemp("epics")
    workspace = Workspace(folder / "ws")
    workspace.create()
    workspace.import_file(write_export(folder / "epics-export.csv", date.today()))
    with harness.StreamlitServer(workspace.root, log_dir=folder) as server:
        yield server


def test_dependencies_grouped_by_epic_name_the_epics_as_text(epics_server, new_context):
    ctx, log = new_context(epics_server)
    page = harness.open_page(ctx, epics_server.url + "/dependencies?dependencies_by=epic")
    harness.open_expanders(page)
    harness.wait_until_finished(page)
    assert harness.page_problems(page) == []
    found = page.evaluate(PLANTED_JS)
    assert (found["pwned"], found["images"], found["links"]) == (None, 0, 0)
    names = {f"{key} — {summary}" for key, summary in EPICS.items()}
    # both epics on the heat map's axes and the hotspots, EPA-1 on the inside-one-epic bars
    assert names <= set(found["labels"]), found["labels"]
    assert sum(label == f"EPA-1 — {EPICS['EPA-1']}" for label in found["labels"]) >= 4
    assert sorted(set(log.remote())) == []
    page.close()
