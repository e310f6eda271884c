"""Your own data first: the demo banner, the way to your own workspace and back, the empty start."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_dashboard() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    return at


def banner(at) -> list[str]:
    return [w.value for w in at.warning if "Demo data" in w.value]


def test_every_page_of_the_demo_says_it_is_demo_data(app_page):
    for page in ("views/overview.py", "views/debt.py", "views/import_files.py"):
        at = app_page(page)
        assert not at.exception
        assert banner(at), page


def test_a_new_workspace_folder_starts_empty_on_the_import_page(tmp_path, monkeypatch):
    monkeypatch.setenv("TPO_WORKSPACE", str(tmp_path / "mine"))
    at = run_dashboard()
    assert not at.exception
    assert at.title[0].value == "Import"
    assert any("This workspace is empty" in m.value for m in at.markdown)
    assert any("Export Excel CSV (all fields)" in m.value for m in at.markdown)
    assert not banner(at)
    assert (tmp_path / "mine" / "workspace.duckdb").exists()
    assert not (tmp_path / "mine" / "DEMO.txt").exists()      # no demo was generated into it


def test_start_my_own_workspace_from_the_demo_and_back(tmp_path, monkeypatch, demo_workspace_dir):
    monkeypatch.delenv("TPO_WORKSPACE", raising=False)
    monkeypatch.setenv("TPO_DEMO_WORKSPACE", str(demo_workspace_dir))
    monkeypatch.chdir(tmp_path)                      # ./workspace does not exist yet
    at = run_dashboard()
    assert not at.exception
    assert at.title[0].value == "Overview" and banner(at)

    at.button(key="start_own_workspace").click().run()
    assert not at.exception
    assert at.title[0].value == "Import" and not banner(at)
    assert (tmp_path / "workspace" / "workspace.duckdb").exists()

    at.button(key="show_demo_workspace").click().run()
    assert not at.exception
    assert banner(at)
    assert at.button(key="start_own_workspace").label == "Open my workspace"


def test_importing_into_the_demo_needs_a_confirmation(app_page):
    at = app_page("views/import_files.py")
    assert any("You are looking at the **demo**" in w.value for w in at.warning)
    assert at.checkbox(key="import_into_demo").value is False
