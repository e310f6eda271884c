"""TPO Dashboard from a shell: import exports, show the workspace's status, print metrics.

    python cli.py import FILE [FILE ...] [--workspace DIR] [--format auto|FORMAT] [--mapping map.toml]
    python cli.py status [--workspace DIR] [--json]
    python cli.py metric NAME [--team T ...] [--since D] [--until D] [--format table|csv|json]
    python cli.py metrics            # list the metrics and their columns
    python cli.py demo [--workspace DIR] [--anchor YYYY-MM-DD]
    python cli.py briefing --out FILE.pptx|FILE.html|FILE.pdf|FILE.md [--team T ...] [--since D] [--until D]
                           [--sections headline,debt,...] [--points 5] [--app-url URL]

Errors a user can cause print one line on stderr and exit with status 2.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.filters import Filters
from analysis.briefing import DEFAULT_POINTS, MAX_POINTS, MIN_POINTS
from app import mappings, tables
from app.briefing import SECTIONS as BRIEFING_SECTIONS, build_briefing
from app.briefing_render import render as render_briefing
from app.context import load_workspace_data
from app.demo import build_demo_workspace
from app.metrics import METRICS, MetricError, run_metric
from config.errors import UserError
from data.importers import IMPORTERS
from data.workspace import Workspace, default_workspace_dir

EXIT_USER_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _quiet_stdout() -> None:
    """The reader closed the pipe (`cli.py metric ... | head -1`): the rest of the output
    has nowhere to go. Point stdout at /dev/null so the final flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):   # stdout without a file descriptor (e.g. under a test)
        pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="TPO Dashboard command line")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_workspace(sub):
        sub.add_argument("--workspace", type=Path, default=None,
                         help="workspace folder (default: $TPO_WORKSPACE or ./workspace)")
        return sub

    importing = with_workspace(commands.add_parser("import", help="import export files"))
    importing.add_argument("files", nargs="+", type=Path)
    importing.add_argument("--format", default="auto", choices=["auto", *IMPORTERS])
    importing.add_argument("--mapping", type=Path, default=None,
                           help="read a CSV through this mapping file (TOML; see the README)")
    importing.set_defaults(handler=cmd_import)

    status = with_workspace(commands.add_parser("status", help="what the workspace holds"))
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(handler=cmd_status)

    metric = with_workspace(commands.add_parser("metric", help="print one metric"))
    metric.add_argument("name", help="metric name (see: python cli.py metrics)")
    metric.add_argument("--team", action="append", default=[], help="repeat for several teams")
    metric.add_argument("--project", action="append", default=[])
    metric.add_argument("--category", action="append", default=[])
    metric.add_argument("--type", dest="issue_type", action="append", default=[])
    metric.add_argument("--since", type=_iso_date, help="YYYY-MM-DD")
    metric.add_argument("--until", type=_iso_date, help="YYYY-MM-DD (default: the newest export's date)")
    metric.add_argument("--format", default="table", choices=["table", "csv", "json"])
    for option_name in sorted({o for m in METRICS.values() for o in m.options}):
        metric.add_argument(f"--{option_name.replace('_', '-')}", dest=f"opt_{option_name}", default=None,
                            help=_option_help(option_name))
    metric.set_defaults(handler=cmd_metric)

    listing = commands.add_parser("metrics", help="list the metrics and their columns")
    listing.set_defaults(handler=cmd_list_metrics)

    demo = with_workspace(commands.add_parser("demo", help="build the demo workspace"))
    demo.add_argument("--anchor", type=_iso_date, default=None, help="the demo's 'today' (default: today)")
    demo.set_defaults(handler=cmd_demo)

    brief = with_workspace(commands.add_parser("briefing", help="write the stakeholder briefing to a file"))
    brief.add_argument("--out", type=Path, required=True, help="FILE.pptx, FILE.html, FILE.pdf or FILE.md")
    brief.add_argument("--team", action="append", default=[], help="repeat for several teams (default: all)")
    brief.add_argument("--since", type=_iso_date, help="YYYY-MM-DD (default: a year before --until)")
    brief.add_argument("--until", type=_iso_date, help="YYYY-MM-DD (default: the newest export's date)")
    brief.add_argument("--sections", default="", help=f"comma-separated, in any order (default: all): "
                       f"{','.join(BRIEFING_SECTIONS)}")
    brief.add_argument("--points", type=int, default=DEFAULT_POINTS,
                       help=f"talking points per section, {MIN_POINTS} to {MAX_POINTS}")
    brief.add_argument("--app-url", default="", help="the dashboard's address, for links back to the pages")
    brief.set_defaults(handler=cmd_briefing)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31")


def _option_help(option_name: str) -> str:
    users = [f"{m.name}: {'|'.join(o.choices) if o.choices else 'value'} (default {o.default})"
             for m in METRICS.values() for n, o in m.options.items() if n == option_name]
    return "; ".join(users)


def _workspace(args) -> Workspace:
    return Workspace(args.workspace or default_workspace_dir())


def cmd_import(args) -> int:
    workspace = _workspace(args)
    mapping = mappings.load_mapping(args.mapping) if args.mapping else None
    failures = 0
    for path in args.files:
        try:
            summary = mappings.import_file(workspace, path, args.format, mapping)
            print(summary.describe())
        except UserError as exc:
            failures += 1
            print(f"error: {exc}", file=sys.stderr)
    return EXIT_USER_ERROR if failures else 0


def cmd_status(args) -> int:
    workspace = _workspace(args)
    workspace.ensure_current_schema()
    counts = workspace.query("read_counts").iloc[0].to_dict()
    data = load_workspace_data(workspace)
    by_category = data.issues["category"].value_counts().sort_index()
    result = {name: int(value) for name, value in counts.items()}
    result["by_category"] = {str(k): int(v) for k, v in by_category.items()}
    result["as_of"] = data.reference_date.isoformat()
    result["workspace"] = str(workspace.root)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"workspace {workspace.root} (data as of {result['as_of']})")
    for name in ("issues", "links", "sprints", "versions", "status_changes", "sprint_changes", "imports", "rejects"):
        print(f"  {name:<15} {result[name]:>8}")
    print("  by category:")
    for name, count in result["by_category"].items():
        print(f"    {name:<13} {count:>8}")
    return 0


def cmd_metric(args) -> int:
    if args.name not in METRICS:
        raise MetricError(f"unknown metric {args.name!r}; known: {', '.join(sorted(METRICS))}")
    workspace = _workspace(args)
    data = load_workspace_data(workspace)
    filters = Filters(teams=tuple(args.team), projects=tuple(args.project), categories=tuple(args.category),
                      issue_types=tuple(args.issue_type), since=args.since, until=args.until)
    options = {k[4:]: v for k, v in vars(args).items() if k.startswith("opt_") and v is not None}
    table = run_metric(args.name, data, filters, options)
    print(format_table(table, args.format))
    return 0


def cmd_list_metrics(args) -> int:
    for name in sorted(METRICS):
        spec = METRICS[name]
        options = " ".join(f"[--{o.replace('_', '-')} {'|'.join(v.choices) if v.choices else v.default}]"
                           for o, v in spec.options.items())
        print(f"{name} {options}\n    {spec.help}")
    return 0


def cmd_demo(args) -> int:
    workspace = _workspace(args)
    if workspace.exists():
        print(f"error: {workspace.root} already holds a workspace; choose another --workspace", file=sys.stderr)
        return EXIT_USER_ERROR
    for summary in build_demo_workspace(workspace, args.anchor):
        print(summary.describe())
    return 0


def cmd_briefing(args) -> int:
    workspace = _workspace(args)
    data = load_workspace_data(workspace)
    filters = Filters(teams=tuple(args.team), since=args.since, until=args.until)
    briefing = build_briefing(data, filters, args.sections.split(","), args.points)
    content = render_briefing(briefing, args.out.suffix, args.app_url)
    args.out.write_bytes(content)
    print(f"{args.out}: {len(briefing.sections)} sections, {len(content):,} bytes")
    return 0


def format_table(table: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return tables.to_csv(table).rstrip("\r\n")
    if fmt == "json":
        return tables.to_json(table)
    return tables.to_text(table)


if __name__ == "__main__":
    sys.exit(main())
