"""TOML written by the app: any team name round-trips; invalid content never replaces a file."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings, strategies as st

import config
from config import ConfigError, load_targets, save_targets, write_config_file

SHARES = {"feature": 0.5, "defect": 0.2, "debt": 0.1, "enabler": 0.1, "architecture": 0.05, "devops": 0.05}
AWKWARD_TEAMS = ["Ops\nNight", 'Say "hi"', "tab\there", "nul\x00", "del\x7f", "back\\slash", "[team.x]",
                 "bell\x07\x1b[31m", "cr\r\nlf", "=HYPERLINK(\"http://evil.invalid\")", "Ünïcode ✓"]


def test_awkward_team_names_round_trip(tmp_path):
    targets = {"default": SHARES, **{team: SHARES for team in AWKWARD_TEAMS}}
    save_targets(tmp_path, targets)
    loaded = load_targets(tmp_path)
    assert sorted(loaded) == sorted(targets)
    assert loaded["Ops\nNight"] == pytest.approx(SHARES)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda t: t != "default"))
def test_any_team_name_round_trips(tmp_path_factory, team):
    folder = tmp_path_factory.mktemp("targets")
    save_targets(folder, {"default": SHARES, team: SHARES})
    assert set(load_targets(folder)) == {"default", team}


def test_invalid_toml_never_replaces_the_file(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text("[default]\nfeature = 1.0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        write_config_file(path, '[team.Ops\nNight]\nfeature = 1.0\n')
    assert path.read_text(encoding="utf-8") == "[default]\nfeature = 1.0\n"
    assert [p.name for p in tmp_path.iterdir()] == ["targets.toml"]   # no temporary file left


def test_write_config_file_replaces_a_valid_file(tmp_path):
    path = tmp_path / "targets.toml"
    write_config_file(path, "[default]\nfeature = 1.0\n")
    assert config.load_targets(tmp_path)["default"]["feature"] == 1.0


PAGES = ["views/overview.py", "views/debt.py", "views/dependencies.py", "views/balance.py",
         "views/import_files.py", "views/data_quality.py"]


@pytest.fixture
def awkward_workspace(demo_workspace_dir, tmp_path, monkeypatch):
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace_dir, root)
    monkeypatch.setenv("TPO_WORKSPACE", str(root))
    save_targets(root / "config", {**load_targets(root / "config"), "Ops\nNight": SHARES, 'A "quoted"\tteam': SHARES})
    return root


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_with_a_saved_target_for_a_team_with_a_newline(awkward_workspace, page):
    from tests.conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    if page != "views/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    # (The demo data's dependency cycle is a legitimate error box on its page.)
    assert [e.value for e in at.error if "cycle" not in e.value] == []
