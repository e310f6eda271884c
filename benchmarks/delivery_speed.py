"""Delivery metrics side by side with jira-agile-metrics (the peer) on the peer's own data.

Generates the peer's data set with ../shared/bench/gen_flow_data.py (run from there, never
copied), converts it with flow_to_jira_json.py into a Jira REST search response with
changelog, imports it into a fresh workspace (timed: import_s), loads the workspace, then
times in one process what the peer computed: cycle time (changelog -> commitment and done
days, per item, percentiles), cumulative flow, weekly throughput, ageing WIP, a Monte Carlo
forecast of the open items (10,000 trials) and debt (trend and ages): metrics_s. The
commitment point is `Committed`, done is `Done`, "now" is 2025-01-01, as for the peer.

    python benchmarks/delivery_speed.py [--sizes 100000 1000000] [--json FILE] [--repeat 3]
        [--parse-memory-mb 16000] [--parse-seconds 1800]

The import runs under the workspace's [limits] (settings.toml): at 1,000,000 issues the JSON
file needs more than the default 4,096 MB and may need more than 600 s, so raise them for
the benchmark's own workspace with --parse-memory-mb / --parse-seconds, as a user would.

Prints per size the seconds per step (best of --repeat runs; the import runs once), the peak memory of the process (MB; the import
runs in the same process) and of the import's parsing worker, the cycle-time percentiles and the ratio to the peer.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import debt, flow, forecast  # noqa: E402
from app.context import load_workspace_data  # noqa: E402
from data.workspace import Workspace  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
PEER_SECONDS = {10_000: 6.2, 100_000: 60.0, 1_000_000: 612.0}
PEER_PERCENTILES = {100_000: {"50": 7, "85": 14, "95": 18}}
NOW = date(2025, 1, 1)
SINCE = date(2023, 1, 1)
COMMITMENT = "Committed"


def generate(n: int, folder: Path) -> Path:
    jsonl, out = folder / f"flow_{n}.jsonl", folder / f"flow_{n}.json"
    subprocess.run([sys.executable, "gen_flow_data.py", str(n), str(jsonl)], cwd=BENCH, check=True)
    subprocess.run([sys.executable, "flow_to_jira_json.py", str(jsonl), str(out)], cwd=BENCH, check=True)
    jsonl.unlink()
    return out


def raise_limits(workspace: Workspace, limits: dict[str, float | None]) -> None:
    """Set [limits] values in the benchmark workspace's settings.toml (None: keep the default)."""
    path = workspace.config_dir / "settings.toml"
    text = path.read_text(encoding="utf-8")
    for name, value in limits.items():
        if value is not None:
            text, found = re.subn(rf"(?m)^{name} = [0-9.]+", f"{name} = {value:g}", text)
            assert found == 1, f"{name} not found in {path}"
    path.write_text(text, encoding="utf-8")


def run(n: int, repeat: int, limits: dict[str, float | None] | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="delivery_bench_") as tmp:
        folder = Path(tmp)
        export = generate(n, folder)
        workspace = Workspace(folder / "ws")
        workspace.create()
        raise_limits(workspace, limits or {})
        started = time.perf_counter()
        workspace.import_file(export, "jira-json")
        import_s = time.perf_counter() - started
        export.unlink()
        started = time.perf_counter()
        data = load_workspace_data(workspace)
        load_s = time.perf_counter() - started
        # Best of `repeat` runs per step: the machine is shared, the best run is the code's speed.
        runs = [timed_metrics(data, quiet=i > 0) for i in range(repeat)]
        steps = {name: min(r[name] for r in runs) for name in runs[0] if name != "percentiles"}
        steps["percentiles"] = runs[0]["percentiles"]
    figures = {"issues": n, "import_s": round(import_s, 2), "load_s": round(load_s, 2),
               "metrics_s": round(sum(s for name, s in steps.items() if name != "percentiles"), 3),
               "steps_s": {k: round(v, 3) for k, v in steps.items() if k != "percentiles"},
               "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
               # the largest child process: the import's parsing worker (the generators stream, ~10 MB)
               "import_child_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
               "percentiles": steps["percentiles"]}
    return figures


def timed_metrics(data, quiet: bool = False) -> dict:
    steps: dict = {}
    clock = time.perf_counter
    issues, changes = data.issues, data.status_changes

    t = clock()
    statuses = [*changes["to_status"].unique(), *changes["from_status"].unique(), *issues["status"].unique()]
    categories = flow.status_categories_of(statuses, issues, data.settings.status_categories)
    moves = flow.ordered_moves(issues, changes)
    items = flow.with_flow(issues, flow.item_flow(issues, changes, categories, COMMITMENT, moves))
    cycles = flow.cycle_times(items, SINCE, NOW)
    percentiles = flow.cycle_percentiles(cycles)
    steps["cycle_time"] = clock() - t

    t = clock()
    flow.cumulative_flow(items, changes, categories, SINCE, NOW, "status", moves)
    steps["cfd"] = clock() - t

    t = clock()
    weekly = flow.throughput(items, SINCE, NOW, "week", data.settings.default_points)
    steps["throughput"] = clock() - t

    t = clock()
    flow.ageing_wip(items, percentiles, NOW)
    steps["ageing_wip"] = clock() - t

    t = clock()
    first, last = forecast.window_bounds(NOW, forecast.DEFAULT_WINDOW_DAYS)
    samples = flow.daily_throughput(items, first, last, data.settings.default_points)["items"].to_numpy(float)
    open_items = int((items["done_at"].isna()).sum())
    when = forecast.forecast_when(samples, open_items, NOW)
    steps["forecast"] = clock() - t

    t = clock()
    debt.debt_trend(issues, SINCE, NOW, "month", data.settings.default_points)
    debt.open_debt_ages(issues, NOW)
    steps["debt"] = clock() - t

    steps["percentiles"] = {str(int(r.percentile)): round(float(r.cycle_days), 1) for r in percentiles.itertuples()}
    if not quiet:
        print(f"  weekly throughput periods: {weekly['period_start'].nunique()}, open items {open_items:,}, "
              f"forecast {', '.join(str(d.date()) for d in when['finish_date'])}")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="time the metrics this many times, keep the best")
    parser.add_argument("--parse-memory-mb", type=float, default=None,
                        help="the import's memory limit ([limits] parse_memory_mb; default 4096)")
    parser.add_argument("--parse-seconds", type=float, default=None,
                        help="the import's time limit ([limits] parse_seconds; default 600)")
    args = parser.parse_args()
    results = {}
    for n in args.sizes:
        print(f"{n:,} issues")
        figures = run(n, args.repeat, {"parse_memory_mb": args.parse_memory_mb,
                                        "parse_seconds": args.parse_seconds})
        results[str(n)] = figures
        peer = PEER_SECONDS.get(n)
        ratio = f"{peer / figures['metrics_s']:.0f}× faster than the peer's {peer:g} s" if peer else "no peer figure"
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  import {figures['import_s']} s, load {figures['load_s']} s, metrics {figures['metrics_s']} s "
              f"({ratio}), peak {figures['peak_mb']} MB (import worker {figures['import_child_peak_mb']} MB)")
        print(f"  steps: {figures['steps_s']}")
        print(f"  cycle-time percentiles 50/85/95: {figures['percentiles']} "
              f"(peer: {PEER_PERCENTILES.get(n, 'n/a')})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
