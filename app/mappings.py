"""CSV mappings kept in the workspace, keyed by the file's header.

A mapping used for a file is saved as `<workspace>/mappings/<header key>.toml` once the
file has been imported, so the next file with the same columns (next week's export of the
same tool) is read the same way without asking again. The files are the TOML a user would
write for `cli.py import FILE --mapping map.toml` and may be edited by hand.
"""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from data.importers import mapped_csv
from data.importers.mapped_csv import (  # noqa: F401 - the app's names for them
    FIELDS, HISTORY_FIELDS, SHAPES, Mapping, UnrecognisedCsv, load_mapping)
from data.workspace import ImportSummary, Workspace

MAPPINGS_FOLDER = "mappings"
NO_COLUMN = ""   # the Import page's choice "this field is not in the file"


def header_key(columns: list[str]) -> str:
    """A stable name for a header: the same columns in the same order give the same key."""
    return hashlib.sha256("\x1f".join(columns).encode("utf-8")).hexdigest()[:16]


def mapping_file(workspace: Workspace, columns: list[str]) -> Path:
    return workspace.root / MAPPINGS_FOLDER / f"{header_key(columns)}.toml"


def saved_mapping(workspace: Workspace, path: Path | str) -> Mapping | None:
    """The mapping saved for the header of the file at `path`, if any."""
    path = Path(path)
    if not path.is_file() or not (workspace.root / MAPPINGS_FOLDER).is_dir():
        return None
    columns, _ = mapped_csv.read_header(path)
    stored = mapping_file(workspace, columns)
    return mapped_csv.load_mapping(stored) if stored.is_file() else None


def save_mapping(workspace: Workspace, path: Path | str, mapping: Mapping) -> Path:
    """Keep `mapping` for files with the header of `path`; returns where it was written."""
    columns, _ = mapped_csv.read_header(path, mapping.delimiter)
    target = mapping_file(workspace, columns)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".toml.tmp")
    temporary.write_text(mapped_csv.mapping_toml(mapping), encoding="utf-8")
    temporary.replace(target)
    return target


def import_file(workspace: Workspace, path: Path | str, fmt: str = "auto", mapping: Mapping | None = None,
                display_name: str | None = None) -> ImportSummary:
    """Import one file: with `mapping`, read through it (and keep it for this header once the
    import succeeded); without, through the mapping saved for its header, else by detection."""
    given = mapping
    if mapping is None and fmt == "auto":
        mapping = saved_mapping(workspace, path)
    summary = workspace.import_file(path, fmt, display_name=display_name, mapping=mapping)
    if given is not None:
        save_mapping(workspace, path, given)
    return summary


def build_mapping(shape: str, field_columns: dict[str, str], status_columns: dict[str, str] | None = None,
                  date_format: str = "", list_separator: str = ";",
                  status_categories: dict[str, str] | None = None) -> Mapping:
    """A checked mapping from the Import page's choices (fields left at NO_COLUMN are not mapped)."""
    raw = {
        "shape": shape,
        "columns": {f: c for f, c in field_columns.items() if c != NO_COLUMN},
        "status_columns": {s: c for s, c in (status_columns or {}).items() if c != NO_COLUMN},
        "options": {"date_format": date_format, "list_separator": list_separator},
        "status_categories": {s: c for s, c in (status_categories or {}).items() if c},
    }
    return mapped_csv.parse_mapping(raw, "the mapping")


def column_values(data: bytes, column: str, limit: int = 40) -> list[str]:
    """The distinct values of one column of an uploaded CSV (e.g. its statuses), first seen first."""
    text = data.decode("utf-8-sig", errors="replace")
    _, delimiter = mapped_csv.header_of(data[:256 * 1024])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    values: list[str] = []
    for row in reader:
        value = (row.get(column) or "").strip()
        if value and value not in values:
            values.append(value)
            if len(values) >= limit:
                break
    return values


# ------------------------------------------------------------------ the Import page's form

SHAPE_LABELS = {
    "issues": "One row per item",
    "status_history": "One row per change (revision or transition log)",
    "status_dates": "One row per item, one date column per status entered",
}
# Fields offered first on the page; the rest sit under "More fields".
MAIN_FIELDS = ("key", "summary", "issue_type", "status", "created", "resolved", "story_points", "sprint")
CATEGORY_CHOICES = ("", "todo", "in_progress", "done")   # "" = leave it to settings.toml


def columns_of(data: bytes) -> list[str]:
    """The column names of an uploaded CSV."""
    return mapped_csv.header_of(data[:256 * 1024])[0]


def default_column(field_name: str, columns: list[str]) -> str:
    """The page's first choice for a field: the guessed column, else none."""
    return mapped_csv.guess_columns(columns).get(field_name, NO_COLUMN)


def statuses_to_classify(shape: str, data: bytes, status_column: str, status_date_columns: list[str]) -> list[str]:
    """The statuses the page asks a category for: the status column's values, or (status_dates)
    the statuses named by the date columns."""
    if shape == "status_dates":
        return list(status_date_columns)
    return column_values(data, status_column) if status_column else []
