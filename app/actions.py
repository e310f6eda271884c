"""What the pages change in a workspace (imports, settings, targets, category corrections),
each returning what a user should be told: the pages only draw the answer. Every function
here is refused in read-only mode (app.access.requires_edit_rights)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import config
from app.access import requires_edit_rights
from app.uploads import import_uploaded_files
from data.workspace import Workspace


@requires_edit_rights("importing files")
def import_files(workspace: Workspace, uploads, issues_before: int,
                 mapping=None) -> tuple[list[tuple[str, str]], list[str]]:
    """Import uploaded files (through `mapping` when given). Returns one (kind, message) per
    file and warning — kind is success/info/warning/error — with a last line giving the
    workspace's new issue count, and the names of the CSVs no importer recognised (to map)."""
    messages, unmapped = [], []
    for outcome in import_uploaded_files(workspace, uploads, mapping):
        if outcome.error:
            messages.append(("error", outcome.error))
            if outcome.columns:
                unmapped.append(outcome.file_name)
        elif outcome.summary.already_imported:
            messages.append(("info", outcome.summary.describe()))
        else:
            report, *warnings = outcome.summary.describe().splitlines()
            messages.append(("success", report))
            messages.extend(("warning", warning.removeprefix("warning: ")) for warning in warnings)
    if workspace.exists():
        issues_after = int(workspace.query("read_counts").iloc[0]["issues"])
        added = issues_after - issues_before
        messages.append(("info", f"The workspace now holds {issues_after:,} issues "
                                 f"({'+' if added >= 0 else ''}{added:,} new)."))
    return messages, unmapped


@requires_edit_rights("saving settings")
def save_base_url(config_dir: Path, base_url: str) -> str:
    return config.save_base_url(config_dir, base_url)


@requires_edit_rights("saving targets")
def save_target(config_dir: Path, targets: dict[str, dict[str, float]], owner: str,
                percents: dict[str, float], effective: date) -> dict[str, float]:
    """Store `owner`'s target from percentages per category, applying from `effective` on
    (periods that ended before keep the target they had: the change goes into the target
    history). Returns the stored shares (scaled to add up to 1); refuses shares adding to 0."""
    total = sum(percents.values())
    if total <= 0:
        raise config.ConfigError("the shares add up to 0 %: give at least one category a share")
    new = {c: v / 100 for c, v in percents.items()}
    config.save_targets(config_dir, {**targets, owner: new})
    stored = config.load_targets(config_dir)[owner]
    config.record_target_change(config_dir, owner, targets.get(owner), stored, effective)
    return stored


@requires_edit_rights("saving targets")
def drop_target(config_dir: Path, targets: dict[str, dict[str, float]], owner: str, effective: date) -> str:
    """`owner` uses the default target from `effective` on; returns the confirmation."""
    config.save_targets(config_dir, {k: v for k, v in targets.items() if k != owner})
    config.record_target_change(config_dir, owner, targets.get(owner), None, effective)
    return f"{owner} uses the default target from {effective:%-d %b %Y} on; earlier periods keep its own."


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
