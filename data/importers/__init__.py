"""Importers, one module per source format, and format detection from content."""
from __future__ import annotations

from pathlib import Path

from data.errors import ImportRefused
from data.importers import (azure_devops_csv, github_json, gitlab_json, jira_csv, jira_json, jira_xml,
                            linear_csv, mapped_csv, sprints_csv)

# Sniffed in this order: the Jira formats first, then the other trackers; a mapped CSV is
# never sniffed (it needs --mapping).
IMPORTERS = {module.FORMAT: module for module in (jira_csv, jira_json, jira_xml, azure_devops_csv, github_json,
                                                  gitlab_json, linear_csv, sprints_csv, mapped_csv)}
SNIFF_BYTES = 64 * 1024


def detect_format(path: Path, requested: str = "auto", mapping: mapped_csv.Mapping | None = None):
    """Return the importer module for `path`, judged by its content, not its name; with a
    mapping, the mapped-CSV importer of that mapping."""
    if mapping is not None:
        if requested not in ("auto", mapped_csv.FORMAT):
            raise ImportRefused(f"{Path(path).name}: a mapping reads the file as {mapped_csv.FORMAT}; "
                                f"leave out --format {requested}")
        return mapped_csv.importer_for(mapping)
    if requested != "auto":
        if requested == mapped_csv.FORMAT:
            raise ImportRefused(f"{Path(path).name}: --format {requested} needs a mapping: add --mapping map.toml")
        if requested not in IMPORTERS:
            raise ImportRefused(f"unknown format {requested!r}; use auto or one of {', '.join(IMPORTERS)}")
        return IMPORTERS[requested]
    with Path(path).open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise ImportRefused(f"{Path(path).name}: the file is empty")
    if b"\x00" in head:
        raise ImportRefused(f"{Path(path).name}: this is a binary file, not a tracker export")
    for module in IMPORTERS.values():
        if module.sniff(head):
            return module
    unrecognised = mapped_csv.unrecognised_csv(Path(path).name, head)
    if unrecognised is not None:
        raise unrecognised
    raise ImportRefused(
        f"{Path(path).name}: not a recognised export (expected a Jira CSV, JSON or XML export, an "
        "Azure DevOps, GitHub, GitLab or Linear export, or a sprint calendar)"
    )
