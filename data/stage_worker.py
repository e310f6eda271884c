"""Reading one export file in a child process with a memory and time limit.

A hostile file (a billion rows behind a valid header, a cell the size of the RAM) must not
take the app down: the child sets its own address-space and CPU limits (`[limits]
parse_memory_mb`, `parse_seconds`), reads the file through `text_source`, stages it with the
importer, turns implausible values into rejects (`data/sql/validate_stage.sql`), refuses a
file whose rows are mostly unreadable, and writes the stage tables into a temporary DuckDB
file. The parent (data/workspace.py) attaches that file and merges it in its one
transaction. The child dies with its parent (PR_SET_PDEATHSIG), so a killed import leaves
no worker behind. Protocol: one JSON object on stdin, one on stdout.

    python -m data.stage_worker < request.json
"""
from __future__ import annotations

import dataclasses
import json
import os
import resource
import signal
import subprocess
import sys
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import config
from config.limits import MB, Limits, limits_from
from data.connection import connect
from data.errors import ImportRefused
from data.importers import detect_format, mapped_csv
from data.importers.base import StageResult
from data.importers.text_source import readable_text, too_many_rows
from data.normalise import normalise
from data.sql import sql, statements

STAGED_ALIAS = "staged"
# Below this many rows a file is judged row by row, not refused as a whole (a one-row file
# with one bad date is an export with a bad date, not garbage).
MIN_ROWS_TO_JUDGE = 10
ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------ parent side

def stage_in_child(path: Path, fmt: str, file_name: str, config_dir: Path, scratch_dir: Path,
                   staged_db: Path, limits: Limits, mapping=None) -> StageResult:
    """Run the child on `path`; the stage tables end up in `staged_db`. Raises
    ImportRefused with the child's one-line message, or for a child over its limits."""
    request = {"path": str(path), "format": fmt, "file_name": file_name, "config_dir": str(config_dir),
               "scratch_dir": str(scratch_dir), "staged_db": str(staged_db),
               "mapping": mapped_csv.mapping_toml(mapping) if mapping is not None else None}
    try:
        done = subprocess.run([sys.executable, "-m", "data.stage_worker"], input=json.dumps(request),
                              capture_output=True, text=True, cwd=ROOT, timeout=limits.parse_seconds + 5)
    except subprocess.TimeoutExpired:
        raise ImportRefused(
            f"{file_name}: reading the file took longer than {limits.parse_seconds:g} s "
            "(settings.toml [limits] parse_seconds); nothing was imported") from None
    answer = _answer(done.stdout)
    if "unrecognised" in answer:     # keeps its columns, for the Import page's mapping form
        raise mapped_csv.UnrecognisedCsv(answer["unrecognised"], answer["columns"])
    if "refused" in answer:
        raise ImportRefused(answer["refused"])
    if "result" in answer:
        fields = answer["result"]
        return StageResult(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL) or "cpu time" in done.stderr.lower():
        raise ImportRefused(
            f"{file_name}: reading the file took longer than {limits.parse_seconds:g} s "
            "(settings.toml [limits] parse_seconds); nothing was imported")
    if "memory" in done.stderr.lower() or "MemoryError" in done.stderr:
        raise ImportRefused(
            f"{file_name}: reading the file needs more than {limits.parse_memory_mb:,.0f} MB of memory "
            "(settings.toml [limits] parse_memory_mb); nothing was imported")
    raise ImportRefused(f"{file_name}: the file could not be read (the reader stopped unexpectedly); "
                        "nothing was imported")


def _answer(stdout: str) -> dict:
    for line in reversed(stdout.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return {}


# ------------------------------------------------------------------------------ child side

def stage_file(path: Path, fmt: str, file_name: str, config_dir: Path, scratch_dir: Path,
               staged_db: Path, limits: Limits, mapping=None) -> StageResult:
    """Read, stage, validate, normalise; write the stage tables into `staged_db` (the
    child's work, callable in-process too)."""
    settings = config.load_settings(config_dir)
    with readable_text(path, file_name, limits, scratch_dir) as source:
        importer = detect_format(source.path, fmt, mapping, file_name)
        allowed = [Path(path).parent, Path(scratch_dir), Path(source.path).parent, Path(staged_db).parent]
        if not limits.duckdb_memory_limit:   # DuckDB spills to disk before the child hits its limit
            limits = dataclasses.replace(limits, duckdb_memory_limit=f"{int(limits.parse_memory_mb // 2)}MB")
        connection = connect(allowed, limits, Path(scratch_dir) / f"{os.getpid()}-duckdb-spill")
        try:
            cursor = connection.cursor()
            try:
                staged = importer.stage(cursor, source.path, settings, file_name)
            except ImportRefused:
                raise
            except Exception as exc:  # noqa: BLE001 - DuckDB's own words never reach the user
                raise ImportRefused(
                    f"{file_name}: could not be read as {importer.FORMAT} ({_kind(exc)}); nothing was imported") from None
            validate_stage(cursor, staged, file_name, limits)
            normalise(cursor, settings)
            _write_stage_tables(cursor, staged_db)
        finally:
            connection.close()
    return staged


def validate_stage(cursor, staged: StageResult, file_name: str, limits: Limits) -> None:
    """Implausible values become rejects (data/sql/validate_stage.sql); a file whose rows are
    mostly unreadable, or of which nothing could be stored, is refused."""
    if staged.rows_read > limits.max_rows:    # CSV stops at the cap as it reads; JSON is counted as streamed
        raise too_many_rows(file_name, limits)
    earliest = datetime(limits.earliest_year, 1, 1, tzinfo=timezone.utc)
    latest = datetime(limits.latest_year + 1, 1, 1, tzinfo=timezone.utc)
    params = {"earliest": earliest, "latest": latest, "range_text": f"{limits.earliest_year}–{limits.latest_year}"}
    for statement in statements("validate_stage"):
        cursor.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
    unreadable, stored, first_row, first_column = cursor.execute(sql("count_unreadable_rows")).fetchone()
    rows = staged.rows_read
    unreadable = min(unreadable, rows)
    where = ""
    if first_row is not None:
        where = f" (first at row {first_row:,}" + (f", column {first_column}" if first_column else "") + ")"
    if rows and stored == 0:
        raise ImportRefused(f"{file_name}: none of the {rows:,} rows could be read{where}: not an export; nothing was imported")
    if rows >= MIN_ROWS_TO_JUDGE and unreadable > limits.max_reject_share * rows:
        raise ImportRefused(
            f"{file_name}: {unreadable:,} of {rows:,} rows could not be read{where}: not an export "
            "(settings.toml [limits] max_reject_share); nothing was imported")


def _write_stage_tables(cursor, staged_db: Path) -> None:
    """Every temp stage_* table into the staged file, as it is (names from the catalog, so
    tables a newer contract adds travel too)."""
    names = [row[0] for row in cursor.execute(
        "select table_name from duckdb_tables() where temporary and table_name like 'stage\\_%' escape '\\' "
        "order by table_name").fetchall()]
    # ATTACH takes no bound parameters; the path is ours, quoted as a literal.
    cursor.execute(f"attach '{str(staged_db).replace(chr(39), chr(39) * 2)}' as {STAGED_ALIAS}")
    try:
        for name in names:
            cursor.execute(f"create table {STAGED_ALIAS}.main.{name} as select * from temp.main.{name}")
    finally:
        cursor.execute(f"detach {STAGED_ALIAS}")


def _kind(exc: Exception) -> str:
    text = str(exc).lower()
    if "out of memory" in text or isinstance(exc, MemoryError):
        return "it needs more memory than allowed (settings.toml [limits] parse_memory_mb)"
    if "line size" in text or "full read" in text or "buffer" in text:
        return "a row is larger than the reader allows (settings.toml [limits] max_row_mb)"
    return "the reader stopped at a value it cannot read"


def _limit_self(limits: Limits) -> None:
    memory = int(limits.parse_memory_mb * MB)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = max(1, int(limits.parse_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    try:  # die with the parent: a killed import leaves no worker behind (Linux)
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main() -> int:
    request = json.loads(sys.stdin.read())
    config_dir = Path(request["config_dir"])
    try:
        limits = limits_from(config._read_toml(config_dir / "settings.toml"))
        _limit_self(limits)
        mapping = None
        if request.get("mapping"):
            mapping = mapped_csv.parse_mapping(tomllib.loads(request["mapping"]))
        staged = stage_file(Path(request["path"]), request["format"], request["file_name"], config_dir,
                            Path(request["scratch_dir"]), Path(request["staged_db"]), limits, mapping)
    except mapped_csv.UnrecognisedCsv as exc:
        print(json.dumps({"unrecognised": str(exc), "columns": exc.columns}))
        return 0
    except config.UserError as exc:
        print(json.dumps({"refused": " ".join(str(exc).split())}))
        return 0
    except MemoryError:
        print(json.dumps({"refused": f"{request['file_name']}: reading the file needs more than "
                                     f"{limits.parse_memory_mb:,.0f} MB of memory (settings.toml [limits] "
                                     "parse_memory_mb); nothing was imported"}))
        return 0
    print(json.dumps({"result": dataclasses.asdict(staged)}))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
