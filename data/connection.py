"""Every DuckDB connection of the data layer, opened one way: no access to files outside
the directories it is given, no extensions fetched, memory and spill space bounded.

`enable_external_access = false` also stops ATTACH and read_csv outside
`allowed_directories`, so the directories must be set first (DuckDB refuses to change them
afterwards, and refuses to switch external access back on).
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from config.limits import Limits


def connect(allowed_dirs: list[Path], limits: Limits, temp_dir: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(config={"threads": os.cpu_count() or 2, "autoinstall_known_extensions": False,
                                        "autoload_known_extensions": False})
    connection.execute("set TimeZone = 'UTC'")
    temp = Path(limits.duckdb_temp_directory) if limits.duckdb_temp_directory else Path(temp_dir)
    connection.execute("set temp_directory = ?", [str(temp)])
    if limits.duckdb_memory_limit:
        connection.execute("set memory_limit = ?", [limits.duckdb_memory_limit])
    directories = sorted({_as_dir(d) for d in (*allowed_dirs, temp)})
    connection.execute("set allowed_directories = ?", [directories])
    connection.execute("set enable_external_access = false")
    return connection


def _as_dir(path: Path) -> str:
    return str(Path(path).resolve()).rstrip("/") + "/"
