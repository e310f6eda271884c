"""Warm the server's caches as it starts, so that nobody waits for them on a first visit.

`streamlit run serve.py` starts the app with this lifespan: once the server is up, every page
the sidebar lists is run once, with the default filters and choices, in a session of the
server's own that no browser sees (the same code path as a visitor's first run, so the
workspace is opened, loaded and classified, and each page's numbers and charts are computed
and cached exactly as a visitor would need them). Before this, the first visit after a start
ran 2.3 s of script at 100,000 issues (importing the app, loading and classifying the
workspace) and each other page's first visit 1-2 s more (benchmarks/page_speed.py).

A visitor who arrives during the warm-up is served at once: a page whose numbers are being
computed waits for that one computation (Streamlit's caches compute a value once), never
for the rest of the warm-up. Set TPO_WARM_UP=0 to skip it.

Like `streamlit run dashboard.py`, the lifespan also opens the app in the browser unless the
server is headless (Streamlit does that for a plain script, not for an st.App).
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from contextlib import asynccontextmanager

from streamlit import cli_util, config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.web.server import server_util

WARM_UP_ENV = "TPO_WARM_UP"
PAGE_TIMEOUT_SECONDS = 600.0
BROWSER_DELAY_SECONDS = 1.0
LOG = logging.getLogger("tpo.warm_up")
WARMED = "TPO Dashboard: caches warmed"
WARM_UP_FAILED = "TPO Dashboard: warming the caches failed"


class _PageRuns:
    """The client of the warm-up session: keeps no message, notes the pages the app lists
    and when a run has finished."""

    def __init__(self) -> None:
        self.finished = asyncio.Event()
        self.page_paths: list[str] = []
        self.failed = False

    def write_forward_msg(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation" and not self.page_paths:
            self.page_paths = [page.url_pathname for page in msg.navigation.app_pages if not page.is_default]
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            self.failed = True
        elif kind == "script_finished" and msg.script_finished != msg.FINISHED_EARLY_FOR_RERUN:
            self.finished.set()

    @property
    def client_context(self):
        return None


async def _run_page(runtime: Runtime, session_id: str, runs: _PageRuns, page_path: str) -> None:
    runs.finished.clear()
    runtime.handle_backmsg(session_id, BackMsg(rerun_script=ClientState(page_name=page_path, query_string="")))
    await asyncio.wait_for(runs.finished.wait(), PAGE_TIMEOUT_SECONDS)


async def warm_pages() -> tuple[int, float, bool]:
    """Run the main page, then every other page the sidebar lists, once each, in one session
    of the server's own. Returns (pages run, seconds, whether any page showed an error)."""
    started = time.perf_counter()
    runtime = Runtime.instance()
    runs = _PageRuns()
    session_id = runtime.connect_session(client=runs, user_info={})
    try:
        await _run_page(runtime, session_id, runs, "")
        for page_path in list(runs.page_paths):
            await _run_page(runtime, session_id, runs, page_path)
    finally:
        runtime.close_session(session_id)
    return 1 + len(runs.page_paths), time.perf_counter() - started, runs.failed


async def _warm_and_log() -> None:
    try:
        pages, seconds, failed = await warm_pages()
    except Exception as error:  # noqa: BLE001 - a failed warm-up only costs the first visitors time
        LOG.exception("Warming the caches failed")
        print(f"{WARM_UP_FAILED}: {error!r}; pages compute their numbers on their first visit.", flush=True)
        return
    problem = " (a page showed an error: see the page)" if failed else ""
    # print, not only the log: the operator sees it in the terminal, and the browser tests and
    # benchmarks/page_speed.py wait for this line.
    print(f"{WARMED}, {pages} pages in {seconds:.1f} s{problem}", flush=True)


def enabled() -> bool:
    """False when TPO_WARM_UP is 0 / false / no / off."""
    return os.environ.get(WARM_UP_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


def app_url() -> str:
    """The address `streamlit run` would open in the browser for these settings."""
    if config.is_manually_set("browser.serverAddress"):
        host = config.get_option("browser.serverAddress")
    elif config.is_manually_set("server.address"):
        host = server_util.get_display_address(config.get_option("server.address"))
    else:
        host = "localhost"
    return server_util.get_url(host)


def _open_browser() -> None:
    if not config.get_option("server.headless"):
        cli_util.open_browser(app_url())


@asynccontextmanager
async def lifespan(_app):
    """st.App's lifespan: open the browser and start warming once the server is up; stop the
    warm-up on shutdown."""
    # A moment later: the server starts listening once the lifespan has started.
    asyncio.get_running_loop().call_later(BROWSER_DELAY_SECONDS, _open_browser)
    task = asyncio.create_task(_warm_and_log(), name="tpo-warm-up") if enabled() else None
    try:
        yield None
    finally:
        if task is not None and not task.done():
            task.cancel()
