"""The demo workspace generator and the benchmark CSV generator.

The story checks read the generated files the way an importer would (csv module, JSON),
not the generator's model, so they prove that the files tell the story."""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import tomllib
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import networkx as nx
import pytest

from data.demo import jira_writers as jw
from data.demo.generator import SNAPSHOT_DAYS, UNKNOWN_KEYS, build_demo, demo_facts, generate_demo, write_demo

ROOT = Path(__file__).resolve().parents[2]
ANCHOR = date(2026, 11, 21)
NOW = datetime.combine(ANCHOR, datetime.min.time())
DATETIME_COLUMNS = ("Created", "Updated", "Last Viewed", "Resolved", "Status Category Changed")
DATE_COLUMNS = ("Due date", "Custom field (Start date)")


# ---------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def demo():
    return build_demo(ANCHOR)


@pytest.fixture(scope="module")
def files(demo, tmp_path_factory):
    return write_demo(demo, tmp_path_factory.mktemp("demo"))


def read_export(path: Path) -> tuple[list[str], list[dict[str, list[str]]]]:
    """Header and rows; each row maps a column name to its non-empty cells (repeats kept)."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = []
        for record in reader:
            row: dict[str, list[str]] = {}
            for name, value in zip(header, record, strict=True):
                if value:
                    row.setdefault(name, []).append(value)
            rows.append(row)
    return header, rows


@pytest.fixture(scope="module")
def current(files):
    return read_export(files[3])


@pytest.fixture(scope="module")
def older(files):
    return read_export(files[2])


def one(row: dict, name: str) -> str:
    return row.get(name, [""])[0]


def when(text: str) -> datetime | None:
    return datetime.strptime(text, jw.JIRA_DATETIME_FORMAT) if text else None


_RULES = tomllib.loads((ROOT / "config" / "defaults" / "categories.toml").read_text(encoding="utf-8"))


def category(row: dict) -> str:
    """First matching rule of the default categories.toml (what the app will do)."""
    values = {"issue_type": row.get("Issue Type", []), "labels": row.get("Labels", []),
              "components": row.get("Component/s", []), "project": row.get("Project key", [])}
    summary = one(row, "Summary").lower()
    for rule in _RULES["rule"]:
        match = [m.lower() for m in rule["match"]]
        if rule["field"] == "summary":
            if any(re.search(rf"\b{re.escape(m)}\b", summary) for m in match):
                return rule["category"]
            continue
        for value in values.get(rule["field"], []):
            value = value.lower()
            if any(value == m or (m.endswith("*") and value.startswith(m[:-1])) for m in match):
                return rule["category"]
    return _RULES["default"]


def open_on(row: dict, day: datetime) -> bool:
    resolved = when(one(row, "Resolved"))
    return when(one(row, "Created")) <= day and (resolved is None or resolved > day)


def blocks_pairs(rows) -> set[tuple[str, str]]:
    pairs = set()
    for row in rows:
        key = one(row, "Issue key")
        pairs.update((key, other) for other in row.get("Outward issue link (Blocks)", []))
        pairs.update((other, key) for other in row.get("Inward issue link (Blocks)", []))
    return pairs


# ---------------------------------------------------------------------------- files

def test_files_are_returned_in_import_order(files):
    assert [p.name for p in files] == [
        "demo-sprints.json", "demo-versions.json",
        f"demo-export-{(ANCHOR - timedelta(days=SNAPSHOT_DAYS)).isoformat()}.csv",
        f"demo-export-{ANCHOR.isoformat()}.csv", "demo-changelog.json"]
    assert all(p.stat().st_size > 0 for p in files)


def test_same_anchor_and_seed_give_byte_identical_files(files, tmp_path):
    again = generate_demo(tmp_path, ANCHOR)
    assert [p.name for p in again] == [p.name for p in files]
    for first, second in zip(files, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_current_export_has_about_5000_issues_of_five_projects(current):
    _, rows = current
    assert 4700 <= len(rows) <= 5300
    projects = Counter(one(r, "Project key") for r in rows)
    assert set(projects) == {"CHK", "CAT", "MOB", "DAT", "PLAT"}
    assert all(800 <= n <= 1300 for n in projects.values())
    assert len({one(r, "Issue key") for r in rows}) == len(rows)
    assert sum(1 for r in rows if one(r, "Issue Type") == "Epic") == 40


def test_header_is_jira_all_fields_with_repeated_columns(current):
    header, _ = current
    assert header[:4] == ["Summary", "Issue key", "Issue id", "Parent id"]
    assert 55 <= len(header) <= 70
    counts = Counter(header)
    for name in ("Labels", "Sprint", "Fix Version/s", "Component/s", "Watchers", "Comment",
                 "Outward issue link (Blocks)", "Inward issue link (Blocks)"):
        assert counts[name] >= 2, name
    assert counts["Custom field (Team)"] == 1
    # repeated columns stand together, as Jira writes them
    for name, n in counts.items():
        first = header.index(name)
        assert header[first:first + n] == [name] * n


def test_every_date_cell_parses_with_the_jira_format(current, older):
    for _, rows in (current, older):
        for row in rows:
            for name in DATETIME_COLUMNS:
                for value in row.get(name, []):
                    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d\d (1[0-2]|[1-9]):[0-5]\d [AP]M", value), value
                    assert when(value) < NOW
            for name in DATE_COLUMNS:
                for value in row.get(name, []):
                    jw.parse_jira_date(value)
            for comment in row.get("Comment", []):
                when(comment.split(";", 1)[0])
            assert when(one(row, "Created")) <= when(one(row, "Updated"))


def test_older_export_is_the_backlog_90_days_before(current, older):
    _, now_rows = current
    _, old_rows = older
    snapshot = NOW - timedelta(days=SNAPSHOT_DAYS)
    assert 0.75 * len(now_rows) < len(old_rows) < len(now_rows)
    now_by_key = {one(r, "Issue key"): r for r in now_rows}
    changed = 0
    for row in old_rows:
        assert when(one(row, "Created")) < snapshot
        assert when(one(row, "Updated")) < snapshot
        later = now_by_key[one(row, "Issue key")]
        changed += one(row, "Status") != one(later, "Status")
    assert changed > 300          # work happened in between


def test_sprints_json_has_five_boards_of_two_week_sprints(files):
    values = json.loads(files[0].read_text(encoding="utf-8"))["values"]
    boards = {}
    for sprint in values:
        boards.setdefault(sprint["originBoardId"], []).append(sprint)
    assert len(boards) == 5
    for sprints in boards.values():
        states = Counter(s["state"] for s in sprints)
        assert states == {"closed": 52, "active": 1, "future": 3}
        active = next(s for s in sprints if s["state"] == "active")
        start = datetime.fromisoformat(active["startDate"].replace("Z", "+00:00")).replace(tzinfo=None)
        end = datetime.fromisoformat(active["endDate"].replace("Z", "+00:00")).replace(tzinfo=None)
        assert start < NOW <= end + timedelta(days=1) and end - start == timedelta(days=14)
        assert all("completeDate" in s for s in sprints if s["state"] == "closed")
        assert all(re.fullmatch(r"[A-Z]+ Sprint \d+", s["name"]) for s in sprints)


def test_versions_are_quarterly_with_two_unreleased(files):
    versions = json.loads(files[1].read_text(encoding="utf-8"))
    per_project = Counter(v["project"] for v in versions if not v["released"])
    assert per_project == {"CHK": 2, "CAT": 2, "MOB": 2, "DAT": 2, "PLAT": 2}
    assert all(re.fullmatch(r"20\d\d\.Q[1-4]", v["name"]) for v in versions)
    assert all((date.fromisoformat(v["releaseDate"]) < ANCHOR) == v["released"] for v in versions)


def test_changelog_agrees_with_the_current_export(files, current):
    _, rows = current
    response = json.loads(files[4].read_text(encoding="utf-8"))
    issues = {i["key"]: i for i in response["issues"]}
    assert response["total"] == len(rows) == len(issues)
    for row in rows:
        issue = issues[one(row, "Issue key")]
        assert set(issue["fields"]) == {"status"}            # status history only
        assert issue["fields"]["status"]["name"] == one(row, "Status")
        moments = []
        for history in issue["changelog"]["histories"]:
            for item in history["items"]:
                if item["field"] == "status":
                    moments.append((datetime.fromisoformat(history["created"]).replace(tzinfo=None),
                                    item["toString"]))
        assert moments == sorted(moments)
        if moments:
            assert moments[0][0] > when(one(row, "Created"))
            assert moments[-1][1] == one(row, "Status")
        if one(row, "Resolved"):
            assert moments[-1] == (when(one(row, "Resolved")), "Done")


# ---------------------------------------------------------------------------- the story

def test_all_six_categories_as_the_default_rules_classify_them(current):
    _, rows = current
    counts = Counter(category(r) for r in rows)
    assert set(counts) == {"feature", "defect", "debt", "enabler", "architecture", "devops"}
    assert all(counts[c] >= 150 for c in counts)
    plat = Counter(category(r) for r in rows if one(r, "Project key") == "PLAT")
    technical = plat["enabler"] + plat["devops"] + plat["architecture"]
    assert technical / sum(plat.values()) > 0.6


def test_catalog_debt_grows_and_checkout_pays_it_down(current):
    _, rows = current
    debt = [r for r in rows if category(r) == "debt" and one(r, "Issue Type") != "Epic"]

    def open_debt(project: str, days_ago: int) -> int:
        day = NOW - timedelta(days=days_ago)
        return sum(1 for r in debt if one(r, "Project key") == project and open_on(r, day))

    cat = [open_debt("CAT", d) for d in (360, 270, 182, 90, 0)]
    assert cat == sorted(cat) and cat[-1] > 1.8 * cat[0]
    chk = [open_debt("CHK", d) for d in (360, 182, 90, 0)]
    assert chk[1] >= chk[0]                        # it grew until the push started
    assert chk[1] > chk[2] > chk[3] and chk[3] < 0.7 * chk[1]


def test_defects_arrive_where_catalog_debt_sits(current):
    _, rows = current
    year_ago = NOW - timedelta(days=365)
    bugs = Counter(one(r, "Component/s") for r in rows if one(r, "Project key") == "CAT"
                   and one(r, "Issue Type") == "Bug" and when(one(r, "Created")) >= year_ago)
    debt_components = bugs["search-index"] + bugs["legacy-pricing"]
    assert debt_components > 0.6 * sum(bugs.values())


def test_dependencies_center_on_platform_with_one_cycle(current):
    _, rows = current
    pairs = blocks_pairs(rows)
    project = {one(r, "Issue key"): one(r, "Project key") for r in rows}
    known = [(a, b) for a, b in pairs if a in project and b in project]
    unknown = {k for pair in pairs for k in pair if k not in project}
    assert unknown == set(UNKNOWN_KEYS)
    assert 300 <= len(known) <= 500
    cross = [(a, b) for a, b in known if project[a] != project[b]]
    assert 0.6 <= len(cross) / len(known) <= 0.8
    assert Counter(project[a] for a, _ in cross).most_common(1)[0][0] == "PLAT"
    graph = nx.DiGraph(known)
    cycles = list(nx.simple_cycles(graph))
    assert len(cycles) == 1 and 2 <= len(cycles[0]) <= 3


def test_data_quality_cases(current):
    _, rows = current
    done_without_resolved = [r for r in rows if one(r, "Status") == "Done" and not one(r, "Resolved")]
    assert len(done_without_resolved) == 8
    assert len([r for r in rows if not one(r, "Custom field (Team)")]) == 10
    points = [one(r, "Custom field (Story Points)") for r in rows]
    assert 0.05 < points.count("") / len(points) < 0.11
    assert all(p in ("", "1", "2", "3", "5", "8", "13") for p in points)


def test_demo_facts_describe_the_generated_data(demo, current):
    _, rows = current
    facts = demo_facts(ANCHOR, demo=demo)
    assert facts["issues_total"] == len(rows)
    assert facts["blocks_links"] == len(blocks_pairs(rows))
    assert facts["top_hotspot_team"] == "PLAT"
    assert len(facts["cycle"]) == 3 and len(facts["ordering_risks"]) == 5
    assert all(share < 0.35 for share in facts["delivered_technical_share_last_10_sprints"]["MOB"])
    for velocity in facts["velocity"].values():
        assert 18 <= velocity["first_6_sprints"] < velocity["last_6_sprints"] <= 42
    assert all(5 <= n <= 15 for n in facts["in_progress_now"].values())


# ---------------------------------------------------------------------------- benchmark CSV

def _benchmark_module():
    spec = importlib.util.spec_from_file_location("generate_jira_csv", ROOT / "benchmarks" / "generate_jira_csv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_csv_of_1000_issues(tmp_path):
    out = tmp_path / "bench.csv"
    stats = _benchmark_module().generate(1000, out, links_per_issue=0.3, seed=3)
    header, rows = read_export(out)
    assert len(rows) == 1000 and stats["rows"] == 1000
    assert 55 <= len(header) <= 75 and Counter(header)["Sprint"] >= 2
    assert len(blocks_pairs(rows)) == 300 == stats["blocks_links"]
    assert len({one(r, "Custom field (Team)") for r in rows} - {""}) == 20
    for row in rows[::50]:
        for name in DATETIME_COLUMNS:
            for value in row.get(name, []):
                assert when(value) < NOW
