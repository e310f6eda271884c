"""How long a briefing takes: assembling the sections and writing each format.

    python benchmarks/briefing_speed.py WORKSPACE_FOLDER

(build one with benchmarks/build_workspace.py demo|100000 OUT_FOLDER). Prints seconds and
file sizes; the PDF line needs Chromium.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(folder: str) -> None:
    from analysis.filters import Filters
    from app.briefing import build_briefing
    from app.briefing_render import FORMATS, chromium_path, render
    from app.context import load_workspace_data
    from data.workspace import Workspace
    data = load_workspace_data(Workspace(Path(folder)))
    print(f"{len(data.issues):,} issues, {len(data.links):,} links")
    started = time.perf_counter()
    brief = build_briefing(data, Filters())
    print(f"build_briefing (all sections): {time.perf_counter() - started:.2f} s")
    for suffix in FORMATS:
        if suffix == "pdf" and chromium_path() is None:
            print("pdf: Chromium not installed")
            continue
        started = time.perf_counter()
        content = render(brief, suffix)
        print(f"{suffix}: {time.perf_counter() - started:.2f} s, {len(content):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
