"""The browser harness shared by the browser tests, scripts/screenshots.py and
benchmarks/page_speed.py: start the app as the README does (`streamlit run serve.py`, which
warms the caches as the server starts) on a free port against a workspace folder, drive Debian's Chromium through Playwright, and the checks a page must
pass (script finished, no exception block, every plotly chart drawn with data, no request
to a host other than the app's own)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TPO_CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = ("install Debian's Chromium with `sudo apt-get update && sudo apt-get install -y chromium "
                "chromium-driver` (or point TPO_CHROMIUM at a Chromium binary); never `playwright install`")
# Debian Chromium as root in a sandbox with no network: no sandbox, no GPU, and no
# background traffic of Chromium's own (updates, sync, safe browsing, QUIC probes).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-quic", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-extensions", "--metrics-recording-only", "--no-default-browser-check",
]
# app/warm_up.py prints one of these once every page has run (or the warm-up failed).
WARMED, WARM_UP_FAILED = "TPO Dashboard: caches warmed", "TPO Dashboard: warming the caches failed"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: `pip install -r requirements.txt` (uses Debian's Chromium)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- the app server
class StreamlitServer:
    """`streamlit run serve.py` (or `entry`) in a child process, on 127.0.0.1 and a free port.
    With serve.py, start() returns once the warm-up has run every page (its log line), unless
    TPO_WARM_UP=0 is in `env`; `warm_up_seconds` is then what the warm-up reported."""

    def __init__(self, workspace: Path, env: dict[str, str] | None = None, log_dir: Path | None = None,
                 extra_args: tuple[str, ...] = (), entry: str = "serve.py"):
        self.workspace = Path(workspace)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(env or {})
        self.extra_args = tuple(extra_args)
        self.entry = entry
        self.log_path = Path(log_dir or tempfile.mkdtemp(prefix="tpo-streamlit-")) / f"streamlit-{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.warm_up_seconds: float | None = None

    @property
    def warms_up(self) -> bool:
        return self.entry == "serve.py" and self.env.get("TPO_WARM_UP", "1") != "0"

    def start(self, timeout: float = 60, warm_up_timeout: float = 600) -> "StreamlitServer":
        # STREAMLIT_* variables would override .streamlit/config.toml, whose offline settings
        # are under test here: the server sees only the project's config file.
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("STREAMLIT_") and key not in ("TPO_TEST_FAULT", "TPO_WARM_UP")}
        env.update({"TPO_WORKSPACE": str(self.workspace), "PYTHONUNBUFFERED": "1", **self.env})
        command = [sys.executable, "-m", "streamlit", "run", self.entry,
                   "--server.headless", "true", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.fileWatcherType", "none", *self.extra_args]
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self._wait(timeout, "answer /_stcore/health", self._healthy)
        if self.warms_up:
            self._wait(warm_up_timeout, f"log {WARMED!r}", self._warmed)
        return self

    def _wait(self, timeout: float, what: str, ready) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log()}")
            if ready():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not {what} within {timeout} s:\n{self.log()}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def _warmed(self) -> bool:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        if WARM_UP_FAILED in text:
            raise RuntimeError(f"the warm-up failed:\n{self.log()}")
        found = re.search(WARMED + r", (\d+) pages in ([\d.]+) s", text)
        if found:
            self.warm_up_seconds = float(found.group(2))
        return bool(found)

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self) -> "StreamlitServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def copy_workspace(source: Path, target: Path) -> Path:
    """A private copy of a workspace folder (tests that import into it must not share it)."""
    shutil.copytree(source, target)
    return target


# ---------------------------------------------------------------- the browser
def launch_chromium(playwright, headless: bool = True):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=headless, args=CHROMIUM_ARGS,
                                      chromium_sandbox=False)


@dataclass
class RequestLog:
    """Every request the browser made from a context (HTTP and WebSocket), and which were remote."""
    app_url: str
    urls: list[str] = field(default_factory=list)

    def add(self, url: str) -> None:
        self.urls.append(url)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        app = urlsplit(self.app_url)
        return parts.hostname in LOCAL_HOSTS and (parts.port or 80) == (app.port or 80)

    def remote(self) -> list[str]:
        """The requests that went (or tried to go) to another host than the app's own."""
        return [url for url in self.urls if not self.is_local(url)]

    def summary(self) -> list[str]:
        """Distinct request targets: the path for the app's own, the full origin otherwise."""
        seen = []
        for url in self.urls:
            parts = urlsplit(url)
            shown = f"{parts.scheme}://{parts.netloc}{parts.path}" if not self.is_local(url) else parts.path
            if shown not in seen:
                seen.append(shown)
        return seen


def new_context(browser, app_url: str, block_remote: bool = True, **options):
    """A fresh browser context that records every request; remote ones are aborted before they
    leave the machine (so a planted fault never sends traffic out), but still recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, **options)
    log = RequestLog(app_url)
    context.on("request", lambda request: log.add(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: log.add(ws.url)))
    if block_remote:
        def route(route):
            if log.is_local(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")
        context.route("**/*", route)
    return context, log


def open_page(context, url: str, timeout: float = 60_000):
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    wait_until_finished(page, timeout)
    return page


# ---------------------------------------------------------------- waiting
FINISHED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"] [data-testid^="stStatusWidgetRunning"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  return !!main && main.querySelectorAll('[data-testid="stElementContainer"]').length > 0;
}"""
# Elements whose code is still loading (lazy chunks show a skeleton), spinners, and elements
# of an earlier run that the current one has not replaced yet.
LOADING_SELECTOR = ('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"], '
                    '[data-testid="stSpinner"], [data-stale="true"]')
SETTLED_JS = "() => document.querySelectorAll('%s').length === 0" % LOADING_SELECTOR.replace("'", "\\'")


def wait_until_finished(page, timeout: float = 60_000, settle_timeout: float = 20_000) -> None:
    """Wait until the page's script has run to its end (or stopped), nothing is running, and
    (up to settle_timeout) every element has drawn; what has not is reported by page_problems."""
    page.wait_for_function(FINISHED_JS, timeout=timeout, polling=100)
    # Streamlit can start a rerun right after the first one (query string, widgets seeded):
    # the state must stay finished for a short while.
    page.wait_for_timeout(300)
    page.wait_for_function(FINISHED_JS, timeout=timeout, polling=100)
    try:
        page.wait_for_function(SETTLED_JS, timeout=settle_timeout, polling=100)
    except Exception:   # noqa: BLE001 - a playwright TimeoutError; page_problems names what is left
        pass


def loading_elements(page) -> int:
    return page.locator(LOADING_SELECTOR).count()


def wait_for_rerun(page, action, timeout: float = 60_000) -> None:
    """Do `action` (a click, a selection) and wait for the rerun it starts to finish."""
    action()
    try:
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === 'running'",
            timeout=3_000, polling=50)
    except Exception:   # a fast rerun may have come and gone between two polls
        pass
    wait_until_finished(page, timeout)


# ---------------------------------------------------------------- what a page must pass
def script_finished(page) -> bool:
    return bool(page.evaluate(FINISHED_JS))


def exception_messages(page) -> list[str]:
    """The text of every Streamlit exception block on the page (a script that raised)."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="stException"]')]
        .map(e => e.innerText.trim().split('\\n').slice(0, 3).join(' | '))""")


CHART_MARKS_JS = """(chart) => {
  const svg = chart.querySelector('svg.main-svg');
  if (!svg) return {drawn: false, marks: 0};
  const box = svg.getBoundingClientRect();
  let marks = 0;
  const candidates = chart.querySelectorAll(
    'g.trace path, g.trace image, g.trace rect, g.trace text, .pielayer path.surface, ' +
    '.treemaplayer path.surface, .sunburstlayer path.surface, .iciclelayer path.surface, ' +
    '.sankey .sankey-node rect, .sankey .sankey-link, .heatmaplayer image, .indicatorlayer text, ' +
    '.funnelarealayer path.surface, .table .cell-rect');
  for (const m of candidates) {
    if (m.tagName.toLowerCase() === 'path') {
      const d = (m.getAttribute('d') || '').trim();
      // An empty path, a lone point ("M0,0Z") or a zero-size bar ("M0,0V0H0Z") is no data.
      if (!d || /^M[-\\d.e]+,[-\\d.e]+Z?$/.test(d) || /^M([-\\d.e]+),([-\\d.e]+)V\\2H\\1V?\\2?Z$/.test(d)) continue;
    }
    if (m.tagName.toLowerCase() === 'text' && !m.textContent.trim()) continue;
    marks++;
  }
  // WebGL traces (scattergl) draw on a canvas instead of the SVG.
  const gl = chart.querySelectorAll('canvas.gl-canvas-context, canvas.gl-canvas').length;
  return {drawn: true, marks: marks + gl, width: box.width, height: box.height};
}"""


def _chart_title(chart) -> str:
    return chart.evaluate("""c => {
      const t = c.querySelector('.gtitle'); if (t && t.textContent.trim()) return t.textContent.trim();
      let el = c.closest('[data-testid="stElementContainer"]');
      for (let p = el && el.previousElementSibling; p; p = p.previousElementSibling) {
        const h = p.querySelector('h1, h2, h3, h4'); if (h) return h.textContent.trim();
      }
      return '';
    }""")


def open_expanders(page, holding: str = "") -> None:
    """Open every visible collapsed expander in the page's main area (only those holding
    `holding`, a CSS selector, when given), and wait for the reruns this causes: a folded
    table is built only once opened (app.ui.show_table)."""
    selector = '[data-testid="stMain"] details:not([open])' + (f":has({holding})" if holding else "") + " > summary"
    _open_all(page, selector)


# The wrapper of a table's expander carries its key, "table_" + the CSV's file name (app.ui.show_table).
TABLE_FOLDER = '[class*="st-key-table_"]'


def open_tables(page) -> None:
    """Open every folded table of the page (each is built only once opened) and wait until
    they are drawn."""
    _open_all(page, f'[data-testid="stMain"] {TABLE_FOLDER} details:not([open]) > summary')


def _open_all(page, selector: str) -> None:
    closed = page.locator(selector).filter(visible=True)
    clicked = False
    for _ in range(200):   # each click opens one; the locator is re-evaluated
        if not closed.count():
            break
        closed.first.click()
        clicked = True
    if clicked:
        wait_until_finished(page)


def _open_chart_containers(page) -> None:
    """Open collapsed expanders that hold a chart, so that the chart is drawn and seen."""
    open_expanders(page, '[data-testid="stPlotlyChart"]')


def chart_problems(page, timeout: float = 20_000) -> list[str]:
    """Every plotly chart on the page (in every tab) must have drawn its SVG with data marks:
    a chart that never draws, or draws only empty axes, is reported by its title."""
    problems: dict[str, str] = {}
    checked: set[int] = set()

    def check_visible() -> None:
        _open_chart_containers(page)
        charts = page.locator('[data-testid="stPlotlyChart"]')
        try:
            page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                .filter(c => c.offsetParent !== null).every(c => c.querySelector('svg.main-svg g.cartesianlayer, svg.main-svg .pielayer, svg.main-svg g.trace, svg.main-svg .infolayer'))""",
                                   timeout=timeout, polling=100)
            page.wait_for_timeout(150)   # plotly finishes a transition
        except Exception:
            pass   # reported below, chart by chart
        for index in range(charts.count()):
            chart = charts.nth(index)
            if not chart.is_visible():
                continue
            checked.add(index)
            state = chart.evaluate(CHART_MARKS_JS)
            name = f"chart {index + 1} ({_chart_title(chart) or 'untitled'})"
            if not state["drawn"]:
                problems[name] = f"{name} never drew its SVG"
            elif state["marks"] == 0:
                problems[name] = f"{name} is empty: axes but no data drawn"
            else:
                problems.pop(name, None)

    check_visible()
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    chosen = [i for i in range(tabs.count()) if tabs.nth(i).get_attribute("aria-selected") == "true"]
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        if tab.is_visible() and tab.get_attribute("aria-selected") != "true":
            tab.click()
            wait_until_finished(page)      # a tab built only when chosen arrives with a rerun
            check_visible()
    for index in chosen:                   # back to the tabs the page opened on
        if tabs.nth(index).get_attribute("aria-selected") != "true":
            tabs.nth(index).click()
            wait_until_finished(page)
    total = page.locator('[data-testid="stPlotlyChart"]').count()
    for index in sorted(set(range(total)) - checked):
        problems[f"chart {index + 1}"] = f"chart {index + 1} was never visible (hidden tab or container)"
    return list(problems.values())


def chart_count(page) -> int:
    return page.locator('[data-testid="stPlotlyChart"]').count()


def metrics(page) -> dict[str, str]:
    """The headline numbers (st.metric): label -> value as shown."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid="stMetric"]')]
        .map(m => [(m.querySelector('[data-testid="stMetricLabel"]')?.innerText || '').trim(),
                   (m.querySelector('[data-testid="stMetricValue"]')?.innerText || '').trim()]))""")


def dialogs(page) -> list[str]:
    """The text of every open dialog (Streamlit's "Page not found", st.dialog)."""
    return [d.inner_text().strip().replace("\n", " ") for d in page.locator('[role="dialog"]').all() if d.is_visible()]


def title(page) -> str:
    heading = page.locator('[data-testid="stMain"] h1').first
    return heading.inner_text().strip() if heading.count() else ""


def nav_links(page) -> list[tuple[str, str]]:
    """(label, href) of every page in the sidebar navigation, as the app registers them."""
    view_more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if view_more.count() and "more" in view_more.first.inner_text().lower():
        view_more.first.click()
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')]
        .map(a => [a.innerText.split('\\n').filter(s => s.trim()).pop().trim(), a.href])""")


def page_problems(page, chart_timeout: float = 20_000) -> list[str]:
    """Everything that makes a page a failure for its reader (empty list: the page is fine)."""
    problems = []
    if not script_finished(page):
        problems.append("the script did not finish: the running indicator is still shown")
    if loading := loading_elements(page):
        problems.append(f"{loading} element(s) still loading (skeleton, spinner or stale)")
    problems += [f"exception: {message}" for message in exception_messages(page)]
    problems += [f"dialog: {text}" for text in dialogs(page) if "not found" in text.lower()]
    problems += chart_problems(page, chart_timeout)
    empty = [label for label, value in metrics(page).items() if not value]
    problems += [f"headline number '{label}' shows no value" for label in empty]
    if not title(page):
        problems.append("the page has no title (nothing rendered?)")
    return problems


@dataclass
class PageVisit:
    label: str
    url: str
    title: str
    problems: list[str] | None     # None: not visited
    charts: int
    metrics: dict[str, str]


def visit_every_page(context, app_url: str, expand: bool = False, only: set[str] | None = None) -> list[PageVisit]:
    """Open the app, discover its pages from the sidebar navigation, visit each in turn and
    check it (page_problems). With expand=True every expander is opened too, so that the
    tables and download buttons inside are drawn (and their requests recorded). `only`: visit
    just the pages with these labels (the others are listed with problems=None)."""
    home = open_page(context, app_url + "/")
    links = nav_links(home)
    home.close()
    visits = []
    for label, href in links:
        if only is not None and label not in only:
            visits.append(PageVisit(label, href, "", None, 0, {}))
            continue
        page = open_page(context, href)
        problems = page_problems(page)
        if expand:
            open_expanders(page)
            tabs = page.locator('[data-testid="stMain"] [role="tab"]').filter(visible=True)
            for index in range(tabs.count()):
                tabs.nth(index).click()
                open_expanders(page)
            page.wait_for_timeout(300)
            wait_until_finished(page)
            problems += [p for p in page_problems(page) if p not in problems]
        visits.append(PageVisit(label, href, title(page), problems, chart_count(page), metrics(page)))
        page.close()
    return visits


def download_table_csv(page, key_class: str, timeout: float = 90_000) -> tuple[str, bytes]:
    """The file name and bytes of the CSV behind the download button `key_class` (".st-key-download_…"),
    inside a folded table: the expander is opened until the button stays visible (a rerun in
    flight can fold it again), and the click is repeated once if the first one is swallowed
    by a rerun (the CSV is made on click)."""
    button = page.locator(key_class).get_by_role("button")
    folder = page.locator(key_class.replace(".st-key-download_", ".st-key-table_") + " details")
    for _ in range(4):
        if button.is_visible():
            break
        if folder.get_attribute("open") is None:
            folder.locator("> summary").click()
        wait_until_finished(page)
        page.wait_for_timeout(500)
    wait_until_finished(page)
    return download(page, button, timeout)


def download(page, button, timeout: float = 90_000) -> tuple[str, bytes]:
    """The file name and bytes that a click on `button` (a locator) downloads; the click is
    repeated once if the first one is swallowed by a rerun (the file is made on click)."""
    for attempt in range(2):
        try:
            with page.expect_download(timeout=timeout if attempt else timeout / 3) as download_info:
                button.click()
            made = download_info.value
            return made.suggested_filename, Path(made.path()).read_bytes()
        except Exception:
            if attempt:
                raise
            wait_until_finished(page)
    raise AssertionError("unreachable")
