"""The warm-up of `streamlit run serve.py`: every page the sidebar lists is run once as the
server starts, in a session of the server's own (app/warm_up.py)."""
from __future__ import annotations

import ast
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from app import warm_up

ROOT = Path(__file__).resolve().parents[2]


def registered_pages() -> int:
    """The st.Page(...) calls of dashboard.py's unconditional page list."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    first = next(node for node in ast.walk(tree) if isinstance(node, ast.Assign)
                 and getattr(node.targets[0], "id", None) == "pages")
    return sum(isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "Page"
               for call in first.value.elts)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_server_runs_every_page_once_as_it_starts(demo_workspace_dir, tmp_path):
    workspace = shutil.copytree(demo_workspace_dir, tmp_path / "ws")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("STREAMLIT_", "TPO_"))}
    env.update(TPO_WORKSPACE=str(workspace), PYTHONUNBUFFERED="1")
    log_path = tmp_path / "server.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
             "--server.port", str(free_port()), "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 300
            text = ""
            while time.monotonic() < deadline and server.poll() is None:
                text = log_path.read_text(encoding="utf-8")
                if warm_up.WARMED in text or warm_up.WARM_UP_FAILED in text:
                    break
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=20)
    text = log_path.read_text(encoding="utf-8")
    warmed = re.search(re.escape(warm_up.WARMED) + r", (\d+) pages in [\d.]+ s(.*)", text)
    assert warmed, f"no warm-up line in the server's log:\n{text[-3000:]}"
    assert int(warmed.group(1)) == registered_pages() == 9
    assert warmed.group(2).strip() == "", f"a page failed while warming: {warmed.group(0)}"
    assert "Traceback" not in text, text[-3000:]


def test_the_warm_up_notes_the_listed_pages_and_the_end_of_each_run():
    runs = warm_up._PageRuns()
    navigation = ForwardMsg()
    for path, default in (("", True), ("debt", False), ("import", False)):
        page = navigation.navigation.app_pages.add()
        page.url_pathname, page.is_default = path, default
    runs.write_forward_msg(navigation)
    assert runs.page_paths == ["debt", "import"]

    early = ForwardMsg()
    early.script_finished = ForwardMsg.FINISHED_EARLY_FOR_RERUN
    runs.write_forward_msg(early)
    assert not runs.finished.is_set(), "a run cut short for a rerun is not the end of the page"
    done = ForwardMsg()
    done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    runs.write_forward_msg(done)
    assert runs.finished.is_set() and not runs.failed

    crash = ForwardMsg()
    crash.delta.new_element.exception.message = "boom"
    runs.write_forward_msg(crash)
    assert runs.failed


@pytest.mark.parametrize("value, expected", [(None, True), ("1", True), ("0", False), ("off", False),
                                             ("false", False), ("no", False), (" 0 ", False)])
def test_tpo_warm_up_switches_it_off(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(warm_up.WARM_UP_ENV, raising=False)
    else:
        monkeypatch.setenv(warm_up.WARM_UP_ENV, value)
    assert warm_up.enabled() is expected


def test_the_app_opens_in_the_browser_unless_the_server_is_headless(monkeypatch):
    opened = []
    monkeypatch.setattr(warm_up.cli_util, "open_browser", opened.append)
    monkeypatch.setattr(warm_up, "app_url", lambda: "http://127.0.0.1:8501")
    for headless, expected in ((True, []), (False, ["http://127.0.0.1:8501"])):
        monkeypatch.setattr(warm_up.config, "get_option",
                            lambda name, headless=headless: headless if name == "server.headless" else None)
        opened.clear()
        warm_up._open_browser()
        assert opened == expected


def test_the_browser_goes_to_the_configured_address(monkeypatch):
    values = {"server.address": "127.0.0.1", "browser.serverPort": 8765, "server.baseUrlPath": "tpo"}
    monkeypatch.setattr(warm_up.config, "is_manually_set", lambda name: name == "server.address")
    monkeypatch.setattr(warm_up.config, "get_option", lambda name: values.get(name))
    assert warm_up.app_url() == "http://127.0.0.1:8765/tpo"
