"""Which workspace the app shows: the user's own, or the demo.

Your own data first: the demo is built only for the default workspace location (no
TPO_WORKSPACE set) while no workspace of your own exists yet, and it lives in a folder of
its own, so an import never mixes a real export with generated data. A workspace the demo
built carries a marker file; every page shows a "Demo data" banner while it is loaded.
"""
from __future__ import annotations

import os
from pathlib import Path

from data.workspace import Workspace, default_workspace_dir

DEMO_MARKER = "DEMO.txt"
DEMO_DIR_ENV = "TPO_DEMO_WORKSPACE"
OWN, DEMO = "own", "demo"


def own_root() -> Path:
    """Where your own workspace lives: TPO_WORKSPACE, else ./workspace."""
    return default_workspace_dir()


def demo_root() -> Path:
    """Where the demo workspace lives: TPO_DEMO_WORKSPACE, else ./workspace-demo."""
    return Path(os.environ.get(DEMO_DIR_ENV, "workspace-demo"))


def is_demo(root: Path) -> bool:
    return (Path(root) / DEMO_MARKER).exists()


def mark_as_demo(root: Path) -> None:
    (Path(root) / DEMO_MARKER).write_text(
        "This workspace holds the generated demo data of TPO Dashboard, not a real export.\n", encoding="utf-8")


def starting_choice() -> str:
    """Own workspace when it exists or was named explicitly (TPO_WORKSPACE); the demo otherwise."""
    if own_root().joinpath("workspace.duckdb").exists() or "TPO_WORKSPACE" in os.environ:
        return OWN
    return DEMO


def can_start_own() -> bool:
    """A workspace of your own can be started beside the demo (not when TPO_WORKSPACE names the demo)."""
    return not is_demo(own_root())


def root_for(choice: str) -> Path:
    return demo_root() if choice == DEMO else own_root()


def open_or_create(workspace: Workspace, choice: str) -> None:
    """Make sure the chosen workspace exists: the demo is built, your own starts empty."""
    if workspace.exists():
        return
    if choice == DEMO:
        from app.demo import build_demo_workspace     # generating the demo is only needed once
        build_demo_workspace(workspace)
    else:
        workspace.create()
