"""Every hostile input (tests/hostile/generate.py) is refused in one line with the
workspace exactly as it was, or accepted with its implausible values as rejects."""
from __future__ import annotations

import re
import shutil

import pytest

from data.errors import ImportRefused
from data.importers.mapped_csv import UnrecognisedCsv
from data.workspace import Workspace
from tests.data.test_workspace import fingerprint
from tests.hostile.generate import CASES, GOOD_ROW, HEADER, HostileCase


@pytest.fixture(scope="module")
def base_workspace(tmp_path_factory):
    """A workspace holding one good import, copied for each case."""
    root = tmp_path_factory.mktemp("hostile-base") / "ws"
    ws = Workspace(root, wait_seconds=2)
    ws.create()
    good = root.parent / "good.csv"
    good.write_text(HEADER + GOOD_ROW.format(n=900, d=1))
    ws.import_file(good)
    return root


def set_limits(ws: Workspace, limits: dict) -> None:
    path = ws.config_dir / "settings.toml"
    text = path.read_text(encoding="utf-8")
    for name, value in limits.items():
        text, count = re.subn(rf"(?m)^{name} = [^\n#]*", f"{name} = {value} ", text)
        assert count == 1, name
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: HostileCase, base_workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(base_workspace, root)
    ws = Workspace(root, wait_seconds=2)
    set_limits(ws, case.limits)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path = case.build(inputs)
    before = fingerprint(ws)
    if case.refused is not None:
        with pytest.raises(ImportRefused) as refused:
            ws.import_file(path, display_name=case.name)
        message = str(refused.value)
        assert message.startswith(case.refused), message
        # One line; a CSV nobody recognises adds, below it, the mapping that would read it.
        first, _, hint = message.partition("\n")
        assert "\r" not in message
        assert not hint or isinstance(refused.value, UnrecognisedCsv), message
        assert "Error:" not in message and "duckdb" not in message.lower()
        assert fingerprint(ws) == before
        assert not list(ws.files_dir.glob(".partial-*"))
        return
    summary = ws.import_file(path, display_name=case.name)
    expected = case.accepted
    with ws.reading() as cursor:
        keys = cursor.execute("select count(*) from issues where import_id = ?", [summary.import_id]).fetchone()[0]
        assert keys == expected["issues"]
        if "summary" in expected:
            key, text = expected["summary"]
            assert cursor.execute("select summary from issues where key = ?", [key]).fetchone()[0] == text
        if "as_of" in expected:
            as_of = cursor.execute("select as_of from imports where import_id = ?", [summary.import_id]).fetchone()[0]
            assert str(as_of)[:10] == expected["as_of"]
        if "points" in expected:
            rows = cursor.execute("select key, story_points from issues where import_id = ? and story_points is not null",
                                  [summary.import_id]).fetchall()
            assert dict(rows) == expected["points"]
        rejects = set(cursor.execute("select column_name, reason from rejects where import_id = ?",
                                     [summary.import_id]).fetchall())
        assert rejects == expected.get("rejects", set())
