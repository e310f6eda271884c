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
    "views": {"duckdb", "pandas", "data"},
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
