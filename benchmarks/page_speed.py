"""Page speed in a real browser: time from navigation to the page's script finishing (and
every element drawn), per page, cold (the page's first visit after the server starts) and
warm (the same page visited again), on the demo workspace and on a generated large workspace.

    python benchmarks/page_speed.py                      # demo + 100,000 issues
    python benchmarks/page_speed.py --sizes demo 20000   # other workspaces
    python benchmarks/page_speed.py --workspace FOLDER   # an existing workspace
    python benchmarks/page_speed.py --entry dashboard.py # without the warm-up at the start

Needs Debian's Chromium (/usr/bin/chromium) and the playwright package. Each workspace gets a
fresh server started as the README does (`streamlit run serve.py`: its warm-up runs every page
once as the server starts; the benchmark prints how long that took and measures after it).
Cold is each page's first visit as a visitor meets it: the main page by its URL in a new
browser (as `streamlit run` opens it), then every other page the sidebar lists by a click in
the sidebar, before any other visit of it. Then each page `--warm` times from the sidebar
(warm, median shown) and by its URL in a new tab (new tab: the browser loads the whole app
again), in one browser profile (its HTTP cache warm after the first page, as for a user).
Targets at 100,000 issues: warm < 1 s and cold < 3 s per page.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import harness  # noqa: E402
from build_workspace import build_demo, build_generated  # noqa: E402

COLD_TARGET, WARM_TARGET = 3.0, 1.0
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(c => c.offsetParent !== null).every(c => c.querySelector('svg.main-svg'))"""
# The page's own clock (ms since navigation start) once the script has finished and every
# element and chart is drawn, so the time does not depend on how often this side polls.
DONE_JS = "() => ((%s)() && (%s)() && (%s)()) ? performance.now() : false" % (
    harness.FINISHED_JS, harness.SETTLED_JS, CHARTS_DRAWN_JS)
# Marks when the script starts running and stops, in the page's clock: the server's share.
MARKS_JS = """
window.__tpoMarks = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const marks = window.__tpoMarks;
  if (state && (!marks.length || marks[marks.length - 1][0] !== state)) marks.push([state, performance.now()]);
}).observe(document, {subtree: true, attributes: true, childList: true});
"""


def time_visit(context, url: str, timeout: float = 300_000, page=None) -> dict:
    """A full page load by URL (in a new tab, or in `page`, which then stays open): seconds from
    navigation start until the script has finished and all is drawn, the seconds the script
    ran (first 'running' to last 'notRunning'), and the page's problems."""
    keep = page is not None
    page = page or context.new_page()
    page.goto(url, wait_until="commit", timeout=timeout)
    elapsed_ms = page.wait_for_function(DONE_JS, timeout=timeout, polling=50).json_value()
    page.wait_for_timeout(300)        # a rerun right after the first one counts too
    if not harness.script_finished(page):
        elapsed_ms = page.wait_for_function(DONE_JS, timeout=timeout, polling=50).json_value()
    marks = page.evaluate("window.__tpoMarks")
    running = [t for state, t in marks if state == "running"]
    stopped = [t for state, t in marks if state == "notRunning" and running and t > running[0]]
    script = (stopped[-1] - running[0]) / 1000 if running and stopped else float("nan")
    problems = harness.page_problems(page, chart_timeout=5_000)
    if not keep:
        page.close()
    return {"total": elapsed_ms / 1000, "script": script, "problems": problems}


LOST_CLICKS: list[str] = []
NAV_DONE_JS = """([t0, done]) => {
  const marks = window.__tpoMarks || [];
  const run = marks.find(([state, t]) => state === 'running' && t >= t0);
  if (!run || !marks.find(([state, t]) => state === 'notRunning' && t > run[1])) return false;
  return done() ? performance.now() - t0 : false;
}"""


def time_navigation(page, href: str, timeout: float = 300_000) -> dict:
    """Seconds from a click on the page's sidebar link (in the same browser session) until the
    rerun has finished and all is drawn."""
    check = "([t0]) => (%s)([t0, () => ((%s)() && (%s)() && (%s)())])" % (
        NAV_DONE_JS, harness.FINISHED_JS, harness.SETTLED_JS, CHARTS_DRAWN_JS)
    started = "([t0]) => (window.__tpoMarks || []).some(([state, t]) => state === 'running' && t >= t0)"
    for attempt in range(3):
        t0 = page.evaluate("performance.now()")
        page.locator(f'[data-testid="stSidebarNavLink"][href="{href}"]').click()
        try:     # a click that lands while the page is still settling can be lost: counted, then repeated
            page.wait_for_function(started, arg=[t0], timeout=15_000, polling=50)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError
            LOST_CLICKS.append(href)
    elapsed_ms = page.wait_for_function(check, arg=[t0], timeout=timeout, polling=50).json_value()
    marks = page.evaluate("window.__tpoMarks")
    running = [t for state, t in marks if state == "running" and t >= t0]
    stopped = [t for state, t in marks if state == "notRunning" and running and t > running[0]]
    script = (stopped[-1] - running[0]) / 1000 if running and stopped else float("nan")
    return {"total": elapsed_ms / 1000, "script": script, "problems": harness.page_problems(page, 5_000)}


def measure(workspace: Path, warm_visits: int, browser, only: list[str] | None = None,
            entry: str = "serve.py") -> tuple[list[dict], list[str]]:
    """cold: each page's first visit after the server started, the way a visitor meets it: the
    main page by its URL in a new browser (as `streamlit run` opens it), every other page by a
    click in the sidebar, in the sidebar's order, before any other visit of it (with serve.py,
    once its warm-up has run). warm: the page visited again from the sidebar (median of
    `warm_visits`). new tab: the page's URL opened in a new tab, which loads the whole app in
    the browser again (median of `warm_visits`)."""
    rows = []
    with harness.StreamlitServer(workspace, entry=entry) as server:
        if server.warm_up_seconds is not None:
            print(f"  warm-up at the server's start: every page run once in {server.warm_up_seconds:.1f} s "
                  f"(before the first visit)", flush=True)
        context, log = harness.new_context(browser, server.url, block_remote=False)
        context.add_init_script(MARKS_JS)
        session = context.new_page()
        main_page = time_visit(context, server.url + "/", page=session)      # the very first visit
        links = harness.nav_links(session)                    # every page the sidebar lists
        chosen = [(index, label, href) for index, (label, href) in enumerate(links)
                  if not (only and index and not any(word.lower() in label.lower() for word in only))]
        colds = {href: main_page if index == 0 else time_navigation(session, href) for index, _, href in chosen}
        for index, label, href in chosen:
            cold = colds[href]
            warm, new_tab = [], []
            for _ in range(warm_visits):
                other = links[(index + 1) % len(links)][1]
                time_navigation(session, other)               # leave the page, then come back
                warm.append(time_navigation(session, href))
                new_tab.append(time_visit(context, href))
            row = {"page": label, "cold": cold["total"], "cold_script": cold["script"],
                   "warm": statistics.median(v["total"] for v in warm),
                   "warm_script": statistics.median(v["script"] for v in warm),
                   "new_tab": statistics.median(v["total"] for v in new_tab),
                   "new_tab_script": statistics.median(v["script"] for v in new_tab),
                   "problems": cold["problems"] or warm[-1]["problems"]}
            rows.append(row)
            print(f"  {label:<18} cold {row['cold']:6.2f} s (script {row['cold_script']:5.2f})   "
                  f"warm {row['warm']:6.2f} s (script {row['warm_script']:5.2f})   "
                  f"new tab {row['new_tab']:6.2f} s (script {row['new_tab_script']:5.2f})"
                  + (f"   PROBLEMS: {row['problems']}" if row["problems"] else ""), flush=True)
        context.close()
        return rows, log.remote()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["demo", "100000"],
                        help="'demo' and/or numbers of issues (default: demo 100000)")
    parser.add_argument("--workspace", type=Path, action="append", default=[],
                        help="measure an existing workspace folder instead (repeatable)")
    parser.add_argument("--warm", type=int, default=3, help="warm visits per page (median shown)")
    parser.add_argument("--pages", nargs="+", help="only the pages whose label contains one of these words "
                        "(the main page is always visited first, as its cold visit starts the server's caches)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--entry", default="serve.py", choices=["serve.py", "dashboard.py"],
                        help="how the server is started: serve.py (as the README does: caches warmed as it "
                             "starts) or dashboard.py (no warm-up: the first visits compute everything)")
    args = parser.parse_args(argv)
    reason = harness.chromium_missing_reason()
    if reason:
        parser.error(reason)

    from playwright.sync_api import sync_playwright
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="tpo-page-speed-") as folder, sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        targets = [(str(path), path) for path in args.workspace]
        for size in ([] if args.workspace else args.sizes):
            out = Path(folder) / f"ws-{size}"
            started = time.perf_counter()
            build_demo(out) if size == "demo" else build_generated(int(size), out)
            print(f"built the {size} workspace in {time.perf_counter() - started:.1f} s", flush=True)
            targets.append((size, out))
        for name, path in targets:
            print(f"{name}:", flush=True)
            rows, remote = measure(path, args.warm, browser, args.pages, args.entry)
            results[name] = rows
            if remote:
                print(f"  remote requests: {sorted(set(remote))}")
        browser.close()

    names = list(results)
    pages = list(dict.fromkeys(row["page"] for rows in results.values() for row in rows))
    kinds = (("cold", COLD_TARGET), ("warm", WARM_TARGET), ("new_tab", None))
    print("\n| page | " + " | ".join(f"{n} {kind.replace('_', ' ')}" for n in names for kind, _ in kinds) + " |")
    print("|" + "---|" * (1 + len(kinds) * len(names)))
    for page in pages:
        cells = []
        for name in names:
            row = next((r for r in results[name] if r["page"] == page), None)
            if row is None:
                cells += ["–"] * len(kinds)
                continue
            graded = name != "demo" and not name.startswith("/")
            for kind, target in kinds:
                miss = " ✗" if graded and target and row[kind] >= target else ""
                cells.append(f"{row[kind]:.2f} s ({row[kind + '_script']:.2f}){miss}")
        print(f"| {page} | " + " | ".join(cells) + " |")
    print(f"\nSeconds from navigation to the script finished and every chart drawn; in brackets the "
          f"seconds the script ran on the server. cold = the page's first visit after the server started "
          f"with {args.entry} (the main page by URL in a new browser, the others from the sidebar), warm = "
          f"visited again from the sidebar, new tab = the page's URL in a new tab (the browser loads the "
          f"app again). ✗ misses the target on a generated workspace (cold < {COLD_TARGET:g} s, warm < "
          f"{WARM_TARGET:g} s). Load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores.")
    if LOST_CLICKS:
        print(f"Sidebar clicks that started no run within 15 s and were repeated: {len(LOST_CLICKS)} "
              f"({', '.join(sorted(set(LOST_CLICKS)))})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
