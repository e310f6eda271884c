"""Import speed and memory at scale, against DuckDB's own read_csv of the same file.

    python benchmarks/import_speed.py 100000 1000000 [--keep]

For each N: generates a Jira all-fields CSV of N issues (benchmarks/generate_jira_csv.py),
then, each in a fresh process so peak memory is its own:
  * baseline: DuckDB `create table as select * from read_csv(file)` into a new database file
  * import:   `Workspace(new folder).import_file(file)` (detect, hash, stage, merge, copy),
              parsing in its child process with memory and time limits (the default)
  * in-proc:  the same with `isolate_parsing=False` (what the child process costs)
and prints seconds, peak resident memory (the import's own and its child's) and the ratios
import / baseline and import / in-process.
Target at 1,000,000 issues: ratio <= 2.0 and peak memory < 3 GB.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BASELINE = """
import duckdb, sys, time, resource, json
start = time.perf_counter()
con = duckdb.connect(sys.argv[2])
con.execute("create table raw as select * from read_csv('" + sys.argv[1].replace("'", "''") + "')")
rows = con.execute("select count(*) from raw").fetchone()[0]
con.close()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import sys, time, resource, json
sys.path.insert(0, sys.argv[3])
from data.workspace import Workspace
start = time.perf_counter()
summary = Workspace(sys.argv[2], isolate_parsing=sys.argv[4] == "1").import_file(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "rows": summary.rows_loaded,
                  "rejected": summary.rows_rejected,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure(script: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tpo-bench-"))
    print(f"{'issues':>10} {'file MB':>8} {'read_csv s':>10} {'import s':>9} {'ratio':>6} "
          f"{'in-proc s':>9} {'child +%':>8} {'read_csv MB':>11} {'import MB':>9} {'child MB':>8} {'in-proc MB':>10}")
    try:
        for n in args.sizes:
            csv_path = folder / f"jira_{n}.csv"
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_jira_csv.py"), str(n), str(csv_path)],
                           check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            baseline = measure(BASELINE, str(csv_path), str(folder / f"baseline_{n}.duckdb"))
            imported = measure(IMPORT, str(csv_path), str(folder / f"ws_{n}"), str(ROOT), "1")
            in_process = measure(IMPORT, str(csv_path), str(folder / f"wsp_{n}"), str(ROOT), "0")
            assert imported["rows"] == n == in_process["rows"], (imported, in_process)
            print(f"{n:>10,} {csv_path.stat().st_size / 1e6:>8.0f} {baseline['seconds']:>10.1f} "
                  f"{imported['seconds']:>9.1f} {imported['seconds'] / baseline['seconds']:>6.2f} "
                  f"{in_process['seconds']:>9.1f} {100 * (imported['seconds'] / in_process['seconds'] - 1):>+8.0f} "
                  f"{baseline['peak_mb']:>11.0f} {imported['peak_mb']:>9.0f} {imported['child_mb']:>8.0f} "
                  f"{in_process['peak_mb']:>10.0f}", flush=True)
            for leftover in folder.glob(f"*_{n}*"):
                if not args.keep and leftover != csv_path:
                    shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
            if not args.keep:
                csv_path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
