"""Build the demo workspace from the deterministic demo export, through the real importers."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import config
from app.workspaces import mark_as_demo
from data.workspace import ImportSummary, Workspace

# The platform team's agreed allocation is mostly technical, as platform teams' are; every
# other demo team works to the default target.
DEMO_TEAM_TARGETS = {
    "Platform": {"feature": 0.15, "defect": 0.10, "debt": 0.15, "enabler": 0.30, "architecture": 0.10, "devops": 0.20},
}


def build_demo_workspace(workspace: Workspace, anchor: date | None = None) -> list[ImportSummary]:
    """Generate the demo export files and import them in order into `workspace`."""
    from data.demo.generator import generate_demo   # only needed on first start

    workspace.create()
    mark_as_demo(workspace.root)
    config.save_targets(workspace.config_dir, {**config.load_targets(workspace.config_dir), **DEMO_TEAM_TARGETS})
    with tempfile.TemporaryDirectory(prefix="tpo-demo-") as folder:
        files = generate_demo(Path(folder), anchor or date.today())
        return [workspace.import_file(path) for path in files]
