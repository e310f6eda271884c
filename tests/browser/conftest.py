"""Fixtures for the browser tests: a prebuilt demo workspace, `streamlit run dashboard.py`
on a free port, and Debian's Chromium driven by Playwright, with every request recorded.

Outside CI, when Chromium (or the playwright package) is missing, the browser tests skip
and say how to install it; with CI=true they fail instead, so CI can never pass by skipping.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    reason = harness.chromium_missing_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_workspace(chromium_ready, request) -> Path:
    """The template workspace every server gets a private copy of: the demo workspace built
    once per session by tests/conftest.py, or TPO_BROWSER_WORKSPACE (a prebuilt folder)."""
    prebuilt = os.environ.get("TPO_BROWSER_WORKSPACE")
    if prebuilt:
        return Path(prebuilt)
    return request.getfixturevalue("demo_workspace_dir")


@pytest.fixture(scope="session")
def browser(chromium_ready):
    from playwright.sync_api import sync_playwright
    playwright = sync_playwright().start()
    chromium = harness.launch_chromium(playwright)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def start_server(tmp_path_factory, browser_workspace, browser):
    """Start a server on a private copy of the demo workspace: start_server(env={...}, args=(...)).

    The server is started as the README does (`streamlit run serve.py`), which runs every page
    once as it starts; with open_main_page=False it starts without that warm-up, so that
    test_browser_pages.py can test a deep link as the very first visit on its own."""
    servers = []

    def start(env: dict[str, str] | None = None, args: tuple[str, ...] = (), name: str = "ws",
              open_main_page: bool = True):
        folder = tmp_path_factory.mktemp(f"browser-{name}")
        workspace = harness.copy_workspace(browser_workspace, folder / "ws")
        if not open_main_page:      # the very first run of the server must be the visit under test
            env = {**(env or {}), "TPO_WARM_UP": "0"}
        server = harness.StreamlitServer(workspace, env=env, log_dir=folder, extra_args=args)
        servers.append(server)
        server.start()
        if open_main_page and not server.warms_up:
            context, _ = harness.new_context(browser, server.url)
            harness.open_page(context, server.url + "/")
            context.close()
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def app_server(start_server):
    """One app server per test module, on its own copy of the demo workspace."""
    server = start_server(name="app")
    yield server
    server.stop()


@pytest.fixture
def new_context(browser):
    """new_context(server) -> (context, request_log): a fresh browser profile that records
    every request and aborts (but records) any to another host than the app's own."""
    contexts = []

    def make(server, block_remote: bool = True):
        context, log = harness.new_context(browser, server.url, block_remote=block_remote)
        contexts.append(context)
        return context, log

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(app_server, new_context):
    return new_context(app_server)


@pytest.fixture(scope="session")
def workspace_data_of():
    """Load a workspace's data in the test process, to compute what the page must show."""
    def load(folder: Path):
        from app.context import load_workspace_data
        from data.workspace import Workspace
        return load_workspace_data(Workspace(folder))
    return load
