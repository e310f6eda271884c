"""What the pages change in a workspace (imports, settings, targets, category corrections),
each returning what a user should be told: the pages only draw the answer. Every function
here is refused in read-only mode (app.access.requires_edit_rights)."""
from __future__ import annotations

from pathlib import Path

import config
from app.access import requires_edit_rights
from app.uploads import import_uploaded_files
from data.workspace import Workspace


@requires_edit_rights("importing files")
def import_files(workspace: Workspace, uploads, issues_before: int) -> list[tuple[str, str]]:
    """Import uploaded files; one (kind, message) per file — kind is success/info/error —
    and a last line with the workspace's new issue count."""
    messages = []
    for outcome in import_uploaded_files(workspace, uploads):
        if outcome.error:
            messages.append(("error", outcome.error))
        elif outcome.summary.already_imported:
            messages.append(("info", outcome.summary.describe()))
        else:
            messages.append(("success", outcome.summary.describe()))
    issues_after = int(workspace.query("read_counts").iloc[0]["issues"])
    added = issues_after - issues_before
    messages.append(("info", f"The workspace now holds {issues_after:,} issues "
                             f"({'+' if added >= 0 else ''}{added:,} new)."))
    return messages


@requires_edit_rights("saving targets")
def save_target(config_dir: Path, targets: dict[str, dict[str, float]], owner: str,
                percents: dict[str, float]) -> dict[str, float]:
    """Store `owner`'s target from percentages per category; returns the stored shares
    (scaled to add up to 1). Refuses shares that add up to nothing."""
    total = sum(percents.values())
    if total <= 0:
        raise config.ConfigError("the shares add up to 0 %: give at least one category a share")
    config.save_targets(config_dir, {**targets, owner: {c: v / 100 for c, v in percents.items()}})
    return config.load_targets(config_dir)[owner]


@requires_edit_rights("saving targets")
def drop_target(config_dir: Path, targets: dict[str, dict[str, float]], owner: str) -> None:
    config.save_targets(config_dir, {k: v for k, v in targets.items() if k != owner})


@requires_edit_rights("correcting categories")
def correct_category(workspace: Workspace, key: str, current: str | None, category: str, note: str) -> str:
    """Store a category correction; refuses one that changes nothing. Returns the confirmation."""
    if current == category:
        raise config.ConfigError(f"{key} is already in the category {category}: nothing to correct")
    workspace.set_category_override(key, category, note=note)
    return f"{key} is now {category} (was {current or 'unknown'}); listed on the Data quality page."


@requires_edit_rights("correcting categories")
def remove_correction(workspace: Workspace, key: str) -> str:
    workspace.clear_category_override(key)
    return f"{key}: the correction is removed; its category follows the rules again."
