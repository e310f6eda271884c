"""Build a workspace for the page-speed benchmark and the screenshots.

    python benchmarks/build_workspace.py demo  OUT_FOLDER [--anchor 2026-11-20]
    python benchmarks/build_workspace.py 100000 OUT_FOLDER [--anchor 2026-11-21]

`demo` builds the demo workspace (app/demo.py) at a fixed anchor date; a number N writes a
Jira all-fields CSV of N issues with benchmarks/generate_jira_csv.py and imports it through
the real importer. OUT_FOLDER must not exist yet.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEMO_ANCHOR = date(2026, 11, 20)


def build_demo(out: Path, anchor: date = DEMO_ANCHOR) -> Path:
    from app.demo import build_demo_workspace
    from data.workspace import Workspace
    build_demo_workspace(Workspace(out), anchor)
    return out


def build_generated(n: int, out: Path, anchor: date | None = None, seed: int = 1) -> Path:
    from generate_jira_csv import generate   # benchmarks/generate_jira_csv.py
    from data.workspace import Workspace
    with tempfile.TemporaryDirectory(prefix="tpo-bench-csv-") as folder:
        csv = Path(folder) / f"jira-{n}.csv"
        options = {"seed": seed} | ({"anchor": anchor} if anchor else {})
        generate(n, csv, **options)
        workspace = Workspace(out)
        workspace.create()
        workspace.import_file(csv)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", help="'demo' or a number of issues")
    parser.add_argument("out", type=Path)
    parser.add_argument("--anchor", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists already")
    start = time.perf_counter()
    if args.size == "demo":
        build_demo(args.out, args.anchor or DEMO_ANCHOR)
    else:
        build_generated(int(args.size.replace("_", "").replace(",", "")), args.out, args.anchor)
    print(f"built {args.out} ({args.size}) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
