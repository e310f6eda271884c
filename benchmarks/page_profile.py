"""Where a page's script spends its time on the server, without a browser: every page run
once by Streamlit's AppTest (cold: loads the workspace and fills the caches), then `--warm`
more times (warm, median shown), and with `--profile` one more warm run under cProfile,
printing the functions with the most cumulative time.

    python benchmarks/page_profile.py --workspace FOLDER [--warm 3] [--profile] [--profile-cold]
                                      [--pages debt balance]

The browser's share (sending and drawing) is what benchmarks/page_speed.py adds on top.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = {"overview": "views/overview.py", "debt": "views/debt.py", "dependencies": "views/dependencies.py",
         "balance": "views/balance.py", "delivery": "views/delivery.py", "plan": "views/plan.py",
         "briefing": "views/briefing.py", "import": "views/import_files.py", "quality": "views/data_quality.py"}


def run_page(page: str):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    if page != "views/overview.py":
        at.switch_page(page)
        at.run()
    if at.exception:
        raise SystemExit(f"{page}: {at.exception[0].message}")
    return at


@contextmanager
def profiled_scripts(profiler: cProfile.Profile):
    """Profile the script runs (dashboard.py and the page): AppTest runs them in a thread of
    their own, which cProfile enabled here would not see, so it is switched on in there."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    original = ScriptRunner._run_script

    def run(self, rerun_data):
        profiler.enable()
        try:
            original(self, rerun_data)
        finally:
            profiler.disable()

    ScriptRunner._run_script = run
    try:
        yield
    finally:
        ScriptRunner._run_script = original


def print_profile(profiler: cProfile.Profile, top: int) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue(), flush=True)


def timed(page: str) -> float:
    started = time.perf_counter()
    run_page(page)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one more warm run per page")
    parser.add_argument("--profile-cold", action="store_true", help="profile the first (cold) run of each page")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    args = parser.parse_args(argv)
    os.environ["TPO_WORKSPACE"] = str(args.workspace.resolve())
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    for name in args.pages:
        page = PAGES[name]
        if args.profile_cold:
            profiler = cProfile.Profile()
            with profiled_scripts(profiler):
                cold = timed(page)
            print_profile(profiler, args.top)
        else:
            cold = timed(page)
        warm = statistics.median(timed(page) for _ in range(args.warm)) if args.warm else float("nan")
        print(f"{name:<14} cold {cold:6.2f} s   warm {warm:6.2f} s   (includes the main script's run)", flush=True)
        if args.profile:
            profiler = cProfile.Profile()
            with profiled_scripts(profiler):
                run_page(page)
            print_profile(profiler, args.top)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
