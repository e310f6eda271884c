"""Write a PNG of every page of the dashboard on the demo workspace to docs/screenshots/.

    python scripts/screenshots.py [--out docs/screenshots] [--workspace FOLDER] [--width 1400] [--only PATH ...]

Builds the demo workspace (fixed anchor date 2026-11-20, so the pictures are reproducible)
unless --workspace names one, starts the app as the README does (`streamlit run serve.py`), discovers the pages from
the sidebar navigation and saves each as <url path>.png (the main page as overview.png), the
whole page, after its script has finished and its charts are drawn. Fails when a page has a
problem (exception, empty chart) or the browser called a remote host.
Needs Debian's Chromium (/usr/bin/chromium) and the playwright package.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import harness  # noqa: E402
from build_workspace import build_demo  # noqa: E402


def file_name(href: str, label: str) -> str:
    path = urlsplit(href).path.strip("/")
    return f"{path or label.lower().replace(' ', '-')}.png"


def take(workspace: Path, out: Path, width: int, max_height: int = 12_000, only: set[str] | None = None) -> list[Path]:
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    written, failures = [], {}
    with harness.StreamlitServer(workspace) as server, sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        context, log = harness.new_context(browser, server.url)
        context.set_default_timeout(60_000)
        home = harness.open_page(context, server.url + "/")
        links = harness.nav_links(home)
        home.close()
        for label, href in links:
            if only and file_name(href, label)[:-4] not in only:
                continue
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(href, wait_until="domcontentloaded")
            harness.wait_until_finished(page)
            problems = harness.page_problems(page)
            if problems:
                failures[label] = problems
            # The page scrolls inside Streamlit's main area, not the document: make the window
            # as tall as the content so that the picture shows the whole page.
            height = page.evaluate("""() => { const main = document.querySelector('[data-testid="stMain"]');
                return main ? main.scrollHeight : document.body.scrollHeight; }""")
            page.set_viewport_size({"width": width, "height": max(900, min(int(height), max_height))})
            page.wait_for_timeout(500)
            harness.wait_until_finished(page)
            page.mouse.move(0, 0)   # no hover effects in the picture
            target = out / file_name(href, label)
            page.screenshot(path=str(target), animations="disabled")
            written.append(target)
            print(f"{label:<18} -> {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
            page.close()
        browser.close()
    if log.remote():
        failures["(offline)"] = sorted(set(log.remote()))
    if failures:
        raise SystemExit(f"pages with problems (pictures written anyway): {failures}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--workspace", type=Path, help="an existing workspace instead of a new demo one")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--only", action="append", default=[], help="only this page's url path (repeatable)")
    args = parser.parse_args(argv)
    reason = harness.chromium_missing_reason()
    if reason:
        parser.error(reason)
    if args.workspace:
        take(args.workspace, args.out, args.width, only=set(args.only))
        return 0
    with tempfile.TemporaryDirectory(prefix="tpo-screenshots-") as folder:
        take(build_demo(Path(folder) / "ws"), args.out, args.width, only=set(args.only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
