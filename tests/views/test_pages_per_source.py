"""Every page renders on a workspace made from each tracker's export alone."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "trackers"
SOURCES = {
    "azure-devops": ["ado_query.csv", "ado_tree.csv", "ado_links.csv", "ado_revisions.csv", "sprints.csv"],
    "github": ["github_rest.json", "github_gh.json"],
    "gitlab": ["gitlab.json"],
    "linear": ["linear.csv"],
}


def page_files() -> list[str]:
    text = (ROOT / "dashboard.py").read_text()
    return [p for p in re.findall(r'st\.Page\("(views/[a-z][a-z_]*\.py)"', text)]


@pytest.fixture(scope="module", params=sorted(SOURCES))
def source_workspace(request, tmp_path_factory):
    from data.workspace import Workspace
    root = tmp_path_factory.mktemp(request.param) / "ws"
    workspace = Workspace(root)
    workspace.create()
    for name in SOURCES[request.param]:
        workspace.import_file(FIXTURES / name)
    return root


def test_every_page_renders_on_each_source(source_workspace, monkeypatch):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("TPO_WORKSPACE", str(source_workspace))
    pages = page_files()
    assert len(pages) >= 6
    for page in pages:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["since"] = "2023-06-01"
        at.run()
        if page != "views/overview.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, f"{page}: {[e.value for e in at.exception]}"
        assert not at.error, f"{page}: {[e.value for e in at.error]}"
