"""Importers, one module per source format, and format detection from content."""
from __future__ import annotations

from pathlib import Path

from data.errors import ImportRefused
from data.importers import (azure_devops_csv, github_json, gitlab_json, jira_csv, jira_json, linear_csv,
                            sprints_csv)

# Sniffed in this order: the Jira formats first, then the other trackers.
IMPORTERS = {module.FORMAT: module for module in (jira_csv, jira_json, azure_devops_csv, github_json,
                                                  gitlab_json, linear_csv, sprints_csv)}
SNIFF_BYTES = 64 * 1024


def detect_format(path: Path, requested: str = "auto"):
    """Return the importer module for `path`, judged by its content, not its name."""
    if requested != "auto":
        if requested not in IMPORTERS:
            raise ImportRefused(f"unknown format {requested!r}; use auto or one of {', '.join(IMPORTERS)}")
        return IMPORTERS[requested]
    with Path(path).open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise ImportRefused(f"{Path(path).name}: the file is empty")
    if b"\x00" in head:
        raise ImportRefused(f"{Path(path).name}: this is a binary file, not a Jira CSV or JSON export")
    for module in IMPORTERS.values():
        if module.sniff(head):
            return module
    raise ImportRefused(
        f"{Path(path).name}: not a recognised export (expected a Jira CSV with an 'Issue key' "
        "column, or Jira REST JSON with 'issues' or sprint 'values')"
    )
