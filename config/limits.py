"""Limits on the work one imported file may cause: `[limits]` in settings.toml.

The defaults fit the largest real exports (a million issues, two thousand columns, no cell
near a megabyte) with room to spare, and stop a hostile or broken file long before it
costs gigabytes. Every message that refuses a file names the setting that would allow it.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from config.errors import UserError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 2000.0        # bytes checked before parsing
    max_rows: int = 1_000_000          # data rows (records) in one file
    max_columns: int = 2_000
    max_cell_mb: float = 1.0           # one cell
    max_row_mb: float = 64.0           # one physical line (DuckDB's largest readable line)
    max_reject_share: float = 0.5      # more unreadable rows than this: not an export
    earliest_year: int = 1970          # dates outside [earliest_year, latest_year] are rejects
    latest_year: int = 2100
    parse_memory_mb: float = 4096.0    # the child process that reads a file
    parse_seconds: float = 600.0
    duckdb_memory_limit: str = ""      # e.g. "2GB"; empty = DuckDB's default (80 % of RAM)
    duckdb_temp_directory: str = ""    # where DuckDB spills; empty = next to the database

    @property
    def max_cell_bytes(self) -> int:
        return int(self.max_cell_mb * MB)

    @property
    def max_row_bytes(self) -> int:
        return int(self.max_row_mb * MB)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)


class LimitsError(UserError):
    """A `[limits]` value that cannot be used."""


def limits_from(raw: dict) -> Limits:
    """`[limits]` of a parsed settings.toml; unknown names and wrong types are refused."""
    table = raw.get("limits", {}) or {}
    known = {f.name: f for f in fields(Limits)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise LimitsError(f"settings.toml [limits]: unknown setting {unknown[0]!r}; use one of {', '.join(known)}")
    values = {}
    for name, value in table.items():
        default = getattr(Limits, name)
        if isinstance(default, str):
            values[name] = str(value)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value == value or value < 0:
            raise LimitsError(f"settings.toml [limits] {name} must be a non-negative number, not {value!r}")
        values[name] = type(default)(value)
    limits = Limits(**values)
    if limits.earliest_year >= limits.latest_year:
        raise LimitsError("settings.toml [limits]: earliest_year must be before latest_year")
    return limits


def load_limits(config_dir: Path | None = None) -> Limits:
    from config import DEFAULTS_DIR, _read_toml
    return limits_from(_read_toml((config_dir or DEFAULTS_DIR) / "settings.toml"))
