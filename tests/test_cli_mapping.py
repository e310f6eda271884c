"""`cli.py import` with a mapping, and its refusals for a CSV nobody recognises."""
from __future__ import annotations

import cli


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unrecognised_csv_is_refused_with_its_columns_and_no_workspace_is_made(tmp_path, capsys):
    export = tmp_path / "linear.csv"
    export.write_text("ID,Title,Status,Created\nL-1,x,Todo,2024-06-01\n", encoding="utf-8")
    code, out, err = run(capsys, "import", export, "--workspace", tmp_path / "ws")
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[0] == "error: linear.csv: not a recognised export; the CSV's columns are: ID, Title, Status, Created"
    assert "`python cli.py import linear.csv --mapping map.toml`" in lines[1]
    assert lines[-1] == 'See the README, "Any other CSV: a mapping".'
    assert not (tmp_path / "ws").exists()


def test_a_mapping_that_cannot_work_is_one_line_and_no_workspace_is_made(tmp_path, capsys):
    export = tmp_path / "linear.csv"
    export.write_text("ID,Title\nL-1,x\n", encoding="utf-8")
    (tmp_path / "map.toml").write_text('shape = "issues"\n[columns]\nsummary = "Title"\n', encoding="utf-8")
    code, out, err = run(capsys, "import", export, "--mapping", tmp_path / "map.toml", "--workspace", tmp_path / "ws")
    assert (code, out, err) == (2, "", "error: map.toml: shape 'issues' needs [columns] key\n")
    (tmp_path / "map.toml").write_text('shape = "issues"\n[columns\n', encoding="utf-8")
    code, out, err = run(capsys, "import", export, "--mapping", tmp_path / "map.toml", "--workspace", tmp_path / "ws")
    assert code == 2 and err.startswith("error: map.toml: not a valid TOML mapping (") and err.count("\n") == 1
    code, out, err = run(capsys, "import", export, "--format", "mapped-csv", "--workspace", tmp_path / "ws")
    assert (code, err) == (2, "error: linear.csv: --format mapped-csv needs a mapping: add --mapping map.toml\n")
    assert not (tmp_path / "ws").exists()
