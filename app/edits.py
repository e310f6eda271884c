"""The changes a user can make from the pages (targets, category corrections), each
refused in read-only mode. Pages call these, never config or the workspace directly."""
from __future__ import annotations

import config
from app.access import require_edit_rights
from data.workspace import Workspace


def save_targets(workspace: Workspace, targets: dict[str, dict[str, float]]) -> None:
    require_edit_rights(workspace.config_dir, "saving targets")
    config.save_targets(workspace.config_dir, targets)


def set_category_override(workspace: Workspace, key: str, category: str, note: str = "") -> None:
    require_edit_rights(workspace.config_dir, "correcting categories")
    workspace.set_category_override(key, category, note=note)


def clear_category_override(workspace: Workspace, key: str) -> None:
    require_edit_rights(workspace.config_dir, "correcting categories")
    workspace.clear_category_override(key)
