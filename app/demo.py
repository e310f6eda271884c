"""Build the demo workspace from the deterministic demo export, through the real importers."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from data.workspace import ImportSummary, Workspace


def build_demo_workspace(workspace: Workspace, anchor: date | None = None) -> list[ImportSummary]:
    """Generate the demo export files and import them in order into `workspace`."""
    from data.demo.generator import generate_demo   # only needed on first start

    workspace.create()
    with tempfile.TemporaryDirectory(prefix="tpo-demo-") as folder:
        files = generate_demo(Path(folder), anchor or date.today())
        return [workspace.import_file(path) for path in files]


def ensure_demo_workspace(workspace: Workspace, anchor: date | None = None) -> list[ImportSummary]:
    """Build the demo workspace only when no workspace exists yet."""
    if workspace.exists():
        return []
    return build_demo_workspace(workspace, anchor)
