"""Shared fixtures: paths to the real exports, small workspaces, the demo workspace."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REALDATA = ROOT.parent / "shared" / "realdata"
DEMO_ANCHOR = date(2026, 11, 20)


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"{REALDATA} not found: the real-export tests need ../shared/realdata beside the repository")
    return REALDATA


@pytest.fixture
def workspace(tmp_path):
    from data.workspace import Workspace
    ws = Workspace(tmp_path / "ws", wait_seconds=2)
    ws.create()
    return ws


@pytest.fixture(scope="session")
def demo_workspace_dir(tmp_path_factory) -> Path:
    """A demo workspace built once per test session with a fixed anchor date."""
    from app.demo import build_demo_workspace
    from data.workspace import Workspace
    root = tmp_path_factory.mktemp("demo") / "ws"
    build_demo_workspace(Workspace(root), DEMO_ANCHOR)
    return root


@pytest.fixture(scope="session")
def demo_data(demo_workspace_dir):
    from app.context import load_workspace_data
    from data.workspace import Workspace
    return load_workspace_data(Workspace(demo_workspace_dir))


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium against `streamlit run`")
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")


def open_tables(at):
    """Open every folded table of the page, as a reader clicking each one (tables are built
    only while open: app.ui.show_table), and run the page again; `at` comes back."""
    from app.ui import TABLE_KEY_PREFIX
    folded = [key for key in at.session_state if str(key).startswith(TABLE_KEY_PREFIX) and not at.session_state[key]]
    for key in folded:
        at.session_state[key] = True
    return at.run() if folded else at


@pytest.fixture
def app_page(demo_workspace_dir, monkeypatch):
    """Run one page of the dashboard with AppTest on the demo workspace.

    Usage: at = app_page("views/debt.py", team=["Catalog"]) — query parameters become the
    URL's query string (the shared filters), the page's script is run with every folded table opened
    (tables=False leaves them folded, as a first visit shows them) and returned.
    """
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TPO_WORKSPACE", str(demo_workspace_dir))

    def open_page(page: str, timeout: float = 60, tables: bool = True, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "views/overview.py":
            at.switch_page(page)
            at.run()
        return open_tables(at) if tables else at

    return open_page
