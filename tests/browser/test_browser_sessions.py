"""Many sessions at once: 10 browser sessions cycle through every page while the command
line imports a file into the same workspace. No page shows an exception or an error box
(an import that holds the workspace is shown as a notice, the pages keep their data), the
import is never refused as busy, and every session shows the new data on its next page."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date

import pytest

import harness

pytestmark = pytest.mark.browser

SESSIONS = 10
PATHS = ["/", "/debt", "/dependencies", "/balance", "/import", "/data-quality"]
ERRORS_JS = """() => [...document.querySelectorAll('[data-testid="stAlertContentError"]')]
    .map(e => e.innerText.trim()).filter(t => !t.includes('dependency cycle'))"""


def issue_count(page) -> int:
    caption = page.get_by_test_id("stSidebar").get_by_text(re.compile(r"\d issues$")).inner_text()
    return int(re.search(r"([\d,]+) issues$", caption).group(1).replace(",", ""))


def go(page, server, path: str) -> None:
    """Switch page inside the session (the sidebar link), as a reader does."""
    page.locator(f'[data-testid="stSidebarNavLink"][href="{server.url}{path}"]').first.click()


def settle(page, title: str) -> list[str]:
    """Wait until the new page (its title) has run to its end; what went wrong on it."""
    page.wait_for_function("(title) => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === title",
                           arg=title, timeout=120_000, polling=100)
    harness.wait_until_finished(page, timeout=120_000)
    return harness.exception_messages(page) + [f"error box: {e}" for e in page.evaluate(ERRORS_JS)]


def test_ten_sessions_cycle_through_pages_while_an_import_runs(start_server, new_context, tmp_path):
    sys.path.insert(0, str(harness.ROOT / "benchmarks"))
    from generate_jira_csv import generate
    from data.workspace import Workspace

    server = start_server(name="sessions")
    export = tmp_path / "nightly.csv"
    generate(3000, export, anchor=date(2026, 11, 21))

    context, log = new_context(server)
    pages = [harness.open_page(context, server.url + PATHS[i % len(PATHS)]) for i in range(SESSIONS)]
    before = issue_count(pages[0])
    titles = {href.removeprefix(server.url): label for label, href in harness.nav_links(pages[0])}
    problems: list[str] = []
    importer = None
    started = time.monotonic()
    import_started = import_seconds = None
    rounds_after_import = 0
    for round_number in range(1, 40):
        targets = [PATHS[(i + round_number) % len(PATHS)] for i in range(SESSIONS)]
        for page, path in zip(pages, targets):
            go(page, server, path)
        if round_number == 1:   # the import starts while every session is loading a page
            import_started = time.monotonic()
            importer = subprocess.Popen([sys.executable, "cli.py", "import", str(export), "--workspace",
                                         str(server.workspace)], cwd=harness.ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        for index, (page, path) in enumerate(zip(pages, targets)):
            problems += [f"session {index} {path}: {p}" for p in settle(page, titles[path])]
        if importer.poll() is not None:
            import_seconds = import_seconds or time.monotonic() - import_started
            rounds_after_import += 1
            if rounds_after_import == 2:     # one full round began after the import finished
                break
    out, err = importer.communicate(timeout=120)
    print(f"\n{round_number} rounds of {SESSIONS} page switches in {time.monotonic() - started:.1f} s; "
          f"the import finished within {import_seconds or 0:.1f} s")
    assert importer.returncode == 0, err
    assert "busy" not in err and "3000 rows read" in out
    assert problems == []
    after = len(Workspace(server.workspace).read_tables("issues")["issues"])
    assert after > before
    # Every session shows the new data on its next run.
    assert [issue_count(page) for page in pages] == [after] * SESSIONS
    assert log.remote() == []
