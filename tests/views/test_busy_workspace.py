"""A workspace held by an import (another process writing) never shows an error box: pages
read the last read snapshot and say an import runs; in a workspace without a snapshot (made
by an older version) a read that must wait says "busy"."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

HOLD_LOCK = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])   # read-write: DuckDB's exclusive file lock
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def private_workspace(demo_workspace_dir, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace_dir, root)
    monkeypatch.setenv("TPO_WORKSPACE", str(root))
    return root


@pytest.fixture
def hold_workspace():
    """hold_workspace(root): another process holds the workspace file for writing, like an import."""
    holders = []

    def hold(root: Path):
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(root / "workspace.duckdb")],
                                  stdout=subprocess.PIPE, text=True)
        holders.append(holder)
        assert holder.stdout.readline().strip() == "locked"
        return holder

    yield hold
    for holder in holders:
        holder.kill()
        holder.wait(timeout=10)


def _problems(at: AppTest) -> list[str]:
    return [f"exception: {e.value}" for e in at.exception] + [f"error: {e.value}" for e in at.error
                                                              if "cycle" not in e.value]


def test_a_read_inside_a_page_while_an_import_holds_the_file_reads_the_snapshot(private_workspace, hold_workspace):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()                                  # the data is loaded; the debt history is read lazily
    assert _problems(at) == []
    hold_workspace(private_workspace)
    at.switch_page("views/debt.py")
    at.run()
    assert _problems(at) == []
    assert not any("busy" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.title[0].value == "Technical debt" and at.metric, "the page shows its numbers"


def test_without_a_snapshot_pages_keep_the_data_they_had_and_say_an_import_runs(private_workspace, hold_workspace):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert _problems(at) == []
    shutil.rmtree(private_workspace / "read")         # as a workspace of an older version
    hold_workspace(private_workspace)
    at.switch_page("views/debt.py")
    at.run()
    assert _problems(at) == []
    assert [i.value for i in at.sidebar.info if "import is running" in i.value]
    assert at.title[0].value == "Technical debt"


def test_pages_keep_their_data_while_an_import_writes(private_workspace, hold_workspace, monkeypatch):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    holder = hold_workspace(private_workspace)
    # The writer changes the file: pages see a new version they cannot read yet.
    os.utime(private_workspace / "workspace.duckdb")
    at.switch_page("views/dependencies.py")
    at.run()
    assert _problems(at) == []
    assert [i.value for i in at.sidebar.info if "import is running" in i.value]
    assert at.title[0].value == "Dependencies"
    holder.kill()
    holder.wait(timeout=10)
    os.utime(private_workspace / "workspace.duckdb")
    monkeypatch.setattr("app.ui.BUSY_RETRY_SECONDS", 0.0)   # the next run reads again at once
    at.run()
    assert _problems(at) == []
    assert not [i.value for i in at.sidebar.info if "import is running" in i.value]


def test_a_first_visit_during_an_import_reads_the_snapshot(private_workspace, hold_workspace):
    hold_workspace(private_workspace)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert _problems(at) == []
    assert not any("busy" in w.value for w in at.warning)
    assert at.metric, "the Overview shows its numbers"


def test_a_first_visit_during_an_import_without_a_snapshot_says_busy(private_workspace, hold_workspace):
    shutil.rmtree(private_workspace / "read")
    hold_workspace(private_workspace)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert _problems(at) == []
    assert any("busy" in w.value for w in at.warning)
