"""House rules that keep the layers apart: checked on the source, so a violation fails CI."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "analysis": {"streamlit", "data", "app", "charts", "duckdb"},
    "charts": {"streamlit", "data", "app", "analysis", "duckdb"},
    "data": {"streamlit", "analysis", "charts", "app"},
    "views": {"duckdb", "pandas", "data", "config"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def violations(package: str, folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        bad = imported_roots(path) & FORBIDDEN[package]
        found += [f"{path.relative_to(folder.parent)} imports {name}" for name in sorted(bad)]
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(package):
    assert (ROOT / package).is_dir()
    assert violations(package, ROOT / package) == []


def test_the_check_catches_a_planted_violation(tmp_path):
    planted = tmp_path / "analysis"
    planted.mkdir()
    (planted / "bad.py").write_text("import streamlit as st\nfrom data.workspace import Workspace\n")
    assert violations("analysis", planted) == ["analysis/bad.py imports data", "analysis/bad.py imports streamlit"]


def test_pages_hold_no_sql_text():
    keywords = ("select ", "insert into", "create table", "delete from")
    for path in (ROOT / "views").glob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        assert not any(k in text for k in keywords), f"{path.name} holds SQL text"


def test_there_is_no_pages_folder_for_streamlit_to_auto_discover():
    """A pages/ folder beside dashboard.py makes Streamlit route deep links to bare files."""
    assert not (ROOT / "pages").exists()


def test_only_pages_and_the_entry_script_use_the_streamlit_helpers():
    """app/ui.py draws widgets: analysis, charts, metrics and the CLI must stay free of it."""
    users = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in ("views", "tests", ".venv", "venv") or relative == Path("dashboard.py"):
            continue
        if relative == Path("app/ui.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "app" and any(a.name == "ui" for a in node.names):
                users.append(str(relative))
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and "app.ui" in (
                    [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]):
                users.append(str(relative))
    assert users == []


def test_pages_hold_no_row_lookups_nan_checks_or_file_writes():
    forbidden = (".loc[", "!= number", "isna(", "notna(", "write_text(", "save_targets(", "set_category_override(",
                 "open(")
    for path in (ROOT / "views").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = [word for word in forbidden if word in text]
        assert found == [], f"{path.name} holds {found}: move it into app/ (ui helpers or actions)"
