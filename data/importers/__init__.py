"""Importers, one module per source format, and format detection from content."""
from __future__ import annotations

from pathlib import Path

from data.errors import ImportRefused
from data.importers import jira_csv, jira_json

IMPORTERS = {module.FORMAT: module for module in (jira_csv, jira_json)}
SNIFF_BYTES = 64 * 1024


def detect_format(path: Path, requested: str = "auto", file_name: str | None = None):
    """Return the importer module for `path`, judged by its content, not its name."""
    name = file_name or Path(path).name
    if requested != "auto":
        if requested not in IMPORTERS:
            raise ImportRefused(f"unknown format {requested!r}; use auto or one of {', '.join(IMPORTERS)}")
        return IMPORTERS[requested]
    with Path(path).open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise ImportRefused(f"{name}: the file is empty")
    if b"\x00" in head:
        raise ImportRefused(f"{name}: this is a binary file, not a Jira CSV or JSON export")
    for module in IMPORTERS.values():
        if module.sniff(head):
            return module
    raise ImportRefused(
        f"{name}: not a recognised export (expected a Jira CSV with an 'Issue key' "
        "column, or Jira REST JSON with 'issues' or sprint 'values')"
    )
