"""The command line on real exports: import, status, metric, and its one-line errors."""
from __future__ import annotations

import json

import pytest

import cli


@pytest.fixture
def jira_files(realdata):
    return [realdata / "jira-csv-clearcorrect" / "Jira.csv", realdata / "jira-csv-testautogen" / "Jira.csv",
            realdata / "jira-rest-devlake" / "sprints.json", realdata / "jira-rest-devlake" / "issues_board8.json",
            realdata / "jira-rest-devlake" / "issues_with_links.json"]


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_status_json_counts(tmp_path, capsys, jira_files):
    ws = tmp_path / "ws"
    code, out, err = run(capsys, "import", *jira_files, "--workspace", ws)
    assert code == 0, err
    assert out.splitlines()[0] == "Jira.csv: jira-csv, 127 rows read, 127 loaded, 0 rejected values"
    code, out, err = run(capsys, "status", "--workspace", ws, "--json")
    assert code == 0, err
    status = json.loads(out)
    counted = ("issues", "links", "sprints", "status_changes", "sprint_changes", "imports", "rejects")
    assert {k: status[k] for k in counted} == {
        "issues": 204, "links": 12, "sprints": 35, "status_changes": 165, "sprint_changes": 21, "imports": 5,
        "rejects": 0}
    assert sum(status["by_category"].values()) == 204
    assert all(isinstance(v, int) for v in status["by_category"].values())
    # importing the same files again changes nothing
    code, out, _ = run(capsys, "import", *jira_files, "--workspace", ws)
    assert code == 0 and out.count("already imported") == 5


def test_workspace_from_environment_and_metric_formats(tmp_path, capsys, jira_files, monkeypatch):
    monkeypatch.setenv("TPO_WORKSPACE", str(tmp_path / "envws"))
    assert run(capsys, "import", jira_files[1])[0] == 0
    code, out, _ = run(capsys, "metric", "categories", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "category,items,open_items,resolved_items,default_classified"
    code, out, _ = run(capsys, "metric", "overview", "--format", "json")
    rows = {row["metric"]: row for row in json.loads(out)}
    # 22 issues, 10 of them Done with a resolved date: 12 open on the export date
    assert rows["open_items"]["value"] == 12 and rows["open_items"]["unit"] == "items"
    code, out, _ = run(capsys, "metric", "issues", "--format", "table", "--category", "architecture")
    assert code == 0 and "TES-" in out


@pytest.mark.parametrize("args, message", [
    (["metric", "no-such-metric"], "error: unknown metric 'no-such-metric'"),
    (["status"], "error: no workspace at"),
])
def test_user_errors_are_one_line_on_stderr(tmp_path, capsys, args, message):
    code, out, err = run(capsys, *args, "--workspace", tmp_path / "none")
    assert code == 2
    assert err.startswith(message) and err.count("\n") == 1


def test_import_of_a_bad_file_fails_and_says_which(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n")
    code, out, err = run(capsys, "import", bad, "--workspace", tmp_path / "ws")
    assert code == 2
    assert err == "error: notes.txt: not a recognised export (expected a Jira CSV, JSON or XML export, an Azure DevOps, GitHub, GitLab or Linear export, or a sprint calendar)\n"


def test_output_to_a_closed_pipe_ends_quietly(tmp_path):
    """`cli.py metric issues --format csv | head -1`: no BrokenPipeError traceback."""
    import subprocess
    import sys
    from pathlib import Path
    ws = tmp_path / "ws"
    export = tmp_path / "e.csv"
    export.write_text("Issue key,Summary\n" + "".join(f"A-{i},item {i} " + "x" * 200 + "\n" for i in range(1, 3001)))
    root = Path(cli.__file__).resolve().parent
    assert cli.main(["import", str(export), "--workspace", str(ws)]) == 0
    reader = subprocess.Popen(["head", "-1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = subprocess.run([sys.executable, str(root / "cli.py"), "metric", "issues", "--format", "csv",
                             "--workspace", str(ws)], stdout=reader.stdin, stderr=subprocess.PIPE, cwd=root)
    reader.stdin.close()
    first = reader.stdout.read().decode()
    reader.wait()
    assert first.startswith("key,")
    assert b"Traceback" not in writer.stderr and b"BrokenPipe" not in writer.stderr, writer.stderr.decode()
    assert writer.returncode == 0
