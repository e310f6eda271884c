"""Many sessions at once: N browser sessions (default 20) switch pages together, round after
round, on the demo workspace; then the same while `cli.py import` loads a file into the
workspace. Prints the median (and 90th percentile) time from a click on a sidebar link to
the page drawn, per phase, how long the import took (and, for comparison, the same-sized
import with the app idle), and every exception or error box seen.

    python benchmarks/sessions_speed.py [--sessions 20] [--rounds 3] [--import-rows 3000]

Needs Debian's Chromium and the playwright package. Numbers depend on the machine's load:
run it on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import harness  # noqa: E402
from build_workspace import build_demo  # noqa: E402
from generate_jira_csv import generate  # noqa: E402
from page_speed import CHARTS_DRAWN_JS  # noqa: E402

PATHS = ["/", "/debt", "/dependencies", "/balance", "/delivery", "/plan", "/briefing", "/import", "/data-quality"]   # where sessions start
ERRORS_JS = """() => [...document.querySelectorAll('[data-testid="stAlertContentError"]')]
    .map(e => e.innerText.trim()).filter(t => !t.includes('dependency cycle'))"""
# Started in each page right before its click: the page's own clock notes when the new page
# (its title) is drawn, finished and settled, so all sessions are timed at once.
WATCH_JS = """(title) => {
  const t0 = performance.now();
  window.__tpoDone = null;
  const done = () => ((%s)() && (%s)() && (%s)());
  const timer = setInterval(() => {
    const h1 = document.querySelector('[data-testid="stMain"] h1');
    // The sidebar's label may be short for the page's title (Briefing: 'Stakeholder briefing').
    if (h1 && h1.innerText.trim().toLowerCase().includes(title.toLowerCase()) && done()) {
      window.__tpoDone = (performance.now() - t0) / 1000;
      clearInterval(timer);
    }
  }, 50);
}""" % (harness.FINISHED_JS, harness.SETTLED_JS, CHARTS_DRAWN_JS)


def one_round(pages, titles: dict[str, str], round_number: int) -> tuple[list[float], list[str]]:
    """Every session clicks its next page at once; seconds until each is drawn, and problems."""
    for index, page in enumerate(pages):
        href = list(titles)[(index + round_number) % len(titles)]
        page.evaluate(WATCH_JS, titles[href])
        page.locator(f'[data-testid="stSidebarNavLink"][href="{href}"]').first.click()
    seconds, problems = [], []
    for index, page in enumerate(pages):
        seconds.append(page.wait_for_function("() => window.__tpoDone", timeout=600_000, polling=200).json_value())
        page.wait_for_timeout(100)
        problems += [f"session {index}: {p}" for p in harness.exception_messages(page) + page.evaluate(ERRORS_JS)]
    return seconds, problems


def summary(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (f"  {label:<34} median {statistics.median(ordered):6.2f} s   p90 {p90:6.2f} s   "
            f"max {ordered[-1]:6.2f} s   ({len(ordered)} page switches)")


def timed_import(workspace: Path, export: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "cli.py", "import", str(export), "--workspace", str(workspace)],
                          cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - t0, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=3000)
    args = parser.parse_args(argv)
    if reason := harness.chromium_missing_reason():
        parser.error(reason)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="tpo-sessions-"))
    workspace = build_demo(folder / "ws")
    first, second = folder / "first.csv", folder / "second.csv"
    generate(args.import_rows, first, seed=1, anchor=date(2026, 11, 21))
    generate(args.import_rows, second, seed=2, anchor=date(2026, 11, 22))
    with harness.StreamlitServer(workspace, log_dir=folder) as server, sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        idle_seconds, done = timed_import(workspace, first)
        print(f"{args.sessions} sessions, {args.rounds} rounds per phase, {len(PATHS)} pages; demo workspace "
              f"+ {args.import_rows:,} generated issues\n  import of {args.import_rows:,} rows, app idle: "
              f"{idle_seconds:.1f} s (exit {done.returncode})", flush=True)
        context, log = harness.new_context(browser, server.url)
        pages = []
        for index in range(args.sessions):
            pages.append(harness.open_page(context, server.url + PATHS[index % len(PATHS)], timeout=600_000))
        titles = dict((href, label) for label, href in harness.nav_links(pages[0]))
        quiet, busy, problems = [], [], []
        for round_number in range(1, args.rounds + 1):
            seconds, found = one_round(pages, titles, round_number)
            quiet += seconds
            problems += found
        print(summary("no import running", quiet), flush=True)
        t0 = time.perf_counter()
        importer = subprocess.Popen([sys.executable, "cli.py", "import", str(second), "--workspace", str(workspace)],
                                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        finished = {}
        waiter = threading.Thread(target=lambda: finished.update(
            output=importer.communicate(), seconds=time.perf_counter() - t0))
        waiter.start()
        for round_number in range(args.rounds + 1, 2 * args.rounds + 1):
            seconds, found = one_round(pages, titles, round_number)
            busy += seconds
            problems += found
        waiter.join()
        err = finished["output"][1]
        print(summary("while the CLI imports (and after)", busy))
        print(f"  import of {args.import_rows:,} rows while {args.sessions} sessions read: "
              f"{finished['seconds']:.1f} s (exit {importer.returncode}){' ' + err.strip() if err.strip() else ''}")
        print(f"  problems: {len(problems)}" + "".join(f"\n    {p}" for p in problems[:20]))
        print(f"  remote requests: {len(log.remote())}")
        context.close()
        browser.close()
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
