"""Crash safety of an import: the file copy is renamed only on commit, leftovers of a killed
import go on the next open, the workspace file is backed up before each import (last 3),
and an import killed at random moments leaves exactly the before or the after state."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from data.workspace import BACKUPS_KEPT, PARTIAL_PREFIX, Workspace
from tests.data.test_workspace import TABLES, fingerprint

ROOT = Path(__file__).resolve().parents[2]
CSV_HEADER = "Issue key,Summary,Status,Created,Updated\n"
KILL_RUNS = int(os.environ.get("TPO_KILL_RUNS", "20"))
KILL_ISSUES = int(os.environ.get("TPO_KILL_ISSUES", "10000"))   # 50000+ for a longer run


def small_csv(path: Path, key: str, updated: str = "2026-01-02") -> Path:
    path.write_text(CSV_HEADER + f"{key},Item {key},Done,2026-01-01,{updated}\n")
    return path


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_a_killed_import_go_on_the_next_open(workspace, tmp_path):
    workspace.import_file(small_csv(tmp_path / "a.csv", "A-1"))
    stored = [p.name for p in workspace.files_dir.iterdir()]
    pid = dead_pid()
    uncommitted = workspace.files_dir / f"{PARTIAL_PREFIX}{pid}-1234abcd-0123456789ab-b.csv"
    uncommitted.write_text("half a copy")
    unrecorded = workspace.files_dir / f"{PARTIAL_PREFIX}{pid}-commit-00002-0123456789ab-b.csv"
    unrecorded.write_text("killed before the commit")
    live = workspace.files_dir / f"{PARTIAL_PREFIX}{os.getpid()}-1234abcd-0123456789ab-c.csv"
    live.write_text("an import under way in this process")
    (workspace.scratch_dir / f"{pid}-import-x.csv").write_text("cleaned copy")
    (workspace.scratch_dir / f"{pid}-duckdb-spill").mkdir()
    workspace.backup_dir.mkdir(exist_ok=True)
    cut_backup = workspace.backup_dir / f".workspace-20261130T120000000000Z.duckdb.{pid}.tmp"
    cut_backup.write_text("a backup copy killed half way")
    own_backup = workspace.backup_dir / f".workspace-20261130T120001000000Z.duckdb.{os.getpid()}.tmp"
    own_backup.write_text("a backup being written by this process")
    backups = [p.name for p in workspace.backups()]
    workspace.query("read_imports")            # a read is enough: no import needs to come first
    assert sorted(p.name for p in workspace.files_dir.iterdir()) == sorted(stored + [live.name])
    assert list(workspace.scratch_dir.iterdir()) == []
    assert not cut_backup.exists() and own_backup.exists() and [p.name for p in workspace.backups()] == backups


def test_a_copy_committed_but_not_yet_renamed_gets_its_final_name(workspace, tmp_path):
    workspace.import_file(small_csv(tmp_path / "a.csv", "A-1"))
    final = next(workspace.files_dir.iterdir())
    pending = workspace.files_dir / f"{PARTIAL_PREFIX}{dead_pid()}-commit-{final.name}"
    final.replace(pending)             # as if killed between the commit and the rename
    workspace.query("read_imports")
    assert [p.name for p in workspace.files_dir.iterdir()] == [final.name]


def test_the_file_copy_appears_only_when_the_import_commits(workspace, tmp_path, monkeypatch):
    import data.workspace as module
    seen: list[list[str]] = []
    original = module.Workspace._merge

    def spying_merge(self, cursor, partial, *args):
        seen.append(sorted(p.name for p in self.files_dir.iterdir()))
        return original(self, cursor, partial, *args)

    monkeypatch.setattr(module.Workspace, "_merge", spying_merge)
    workspace.import_file(small_csv(tmp_path / "a.csv", "A-1"))
    assert len(seen) == 1 and len(seen[0]) == 1 and seen[0][0].startswith(PARTIAL_PREFIX)
    assert [p.name[:6] for p in workspace.files_dir.iterdir()] == ["00001-"]


def test_the_last_three_workspace_files_are_kept_and_one_restores_the_state_before(workspace, tmp_path):
    states = []
    for n in range(1, 6):
        states.append(fingerprint(workspace))
        time.sleep(0.01)
        workspace.import_file(small_csv(tmp_path / f"{n}.csv", f"A-{n}", f"2026-01-{n + 1:02d}"))
    backups = workspace.backups()
    assert len(backups) == BACKUPS_KEPT
    # Restore as the README says: stop the app, copy the backup over workspace.duckdb.
    shutil.copyfile(backups[-1], workspace.db_path)
    restored = fingerprint(workspace)
    assert {t: restored[t] for t in TABLES} == {t: states[-1][t] for t in TABLES}


def test_the_workspace_connection_reaches_no_file_outside_the_workspace(workspace, tmp_path):
    outside = small_csv(tmp_path / "outside.csv", "A-1")
    with workspace.reading() as cursor:
        with pytest.raises(duckdb.Error, match="disabled by configuration"):
            cursor.execute(f"select * from read_csv('{outside}')")
        with pytest.raises(duckdb.Error):
            cursor.execute("install httpfs")


# ------------------------------------------------------------------ SIGKILL at random moments

IMPORT_SCRIPT = "import sys; from data.workspace import Workspace; Workspace(sys.argv[1]).import_file(sys.argv[2])"


def state(ws: Workspace) -> dict:
    """What a user could see, without the import's own timestamp."""
    print_ = fingerprint(ws)
    with ws.reading() as cursor:
        print_["imports"] = cursor.execute("select * exclude (imported_at) from imports order by import_id").fetchall()
    return print_


def test_an_import_killed_at_random_moments_leaves_before_or_after(tmp_path):
    from benchmarks.generate_jira_csv import generate
    export = tmp_path / "big.csv"
    generate(KILL_ISSUES, export)
    before_root = tmp_path / "before"
    before_ws = Workspace(before_root, wait_seconds=2)
    before_ws.create()
    before_ws.import_file(small_csv(tmp_path / "first.csv", "ZZ-1"))
    before = state(before_ws)

    after_root = tmp_path / "after"
    shutil.copytree(before_root, after_root)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", IMPORT_SCRIPT, str(after_root), str(export)], cwd=ROOT, check=True)
    full_seconds = time.monotonic() - started
    after = state(Workspace(after_root, wait_seconds=2))
    assert after != before

    rng = random.Random(10)
    outcomes = []
    for run in range(KILL_RUNS):
        root = tmp_path / f"run{run}"
        shutil.copytree(before_root, root)
        process = subprocess.Popen([sys.executable, "-c", IMPORT_SCRIPT, str(root), str(export)], cwd=ROOT,
                                   stderr=subprocess.DEVNULL)
        # Half the kills anywhere, half in the last stretch (merge, commit, rename).
        delay = rng.uniform(0.2, full_seconds) if run % 2 else rng.uniform(0.6 * full_seconds, 1.05 * full_seconds)
        time.sleep(delay)
        process.kill()
        process.wait()
        ws = Workspace(root, wait_seconds=2)
        seen = state(ws)
        outcome = "before" if seen == before else "after" if seen == after else "torn"
        duckdb.connect(str(ws.db_path)).close()               # no stale lock
        leftovers = [p.name for p in ws.files_dir.iterdir() if p.name.startswith(PARTIAL_PREFIX)]
        leftovers += [p.name for p in ws.scratch_dir.iterdir()] if ws.scratch_dir.exists() else []
        leftovers += [p.name for p in ws.backups() if False] + [
            p.name for p in ws.backup_dir.glob(".*")] if ws.backup_dir.exists() else []
        outcomes.append((round(delay, 2), outcome, leftovers))
        shutil.rmtree(root)
    clean = [o for o in outcomes if o[1] != "torn" and not o[2]]
    print(f"\n{len(clean)} of {len(outcomes)} kills clean "
          f"({sum(o[1] == 'before' for o in outcomes)} before, {sum(o[1] == 'after' for o in outcomes)} after; "
          f"a full import of {KILL_ISSUES:,} issues took {full_seconds:.1f} s)")
    assert len(clean) == len(outcomes), [o for o in outcomes if o not in clean]     # (delay, outcome, leftovers)
