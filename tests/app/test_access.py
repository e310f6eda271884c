"""Sign-in allow-list and read-only mode (app/access.py), enforced in the app functions."""
from __future__ import annotations

import io
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import config
import inspect

from app import actions
from app.access import ReadOnlyMode, email_allowed, read_only
from app.uploads import import_uploaded_files
from config import ConfigError, load_access
from data.workspace import Workspace
from tests.conftest import ROOT

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "tpo", "client_secret": "s",
                 "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration"}}


# ---------------------------------------------------------------- the allow-list rule
@pytest.mark.parametrize("email, verified, allowed", [
    ("ana@example.com", True, True),
    ("Ana@EXAMPLE.com", None, True),
    ("ana@example.org", True, True),
    ("ana@evil-example.com", True, False),
    ("ana@example.com.evil.invalid", True, False),
    ("ana@sub.example.com", True, False),
    ("ana@example.com", False, False),
    ("a@b@example.com", True, False),
    (None, True, False),
    ("", True, False),
])
def test_email_allowed_matches_whole_domains(email, verified, allowed):
    assert email_allowed(email, ("example.com", "example.org"), verified) is allowed


def test_no_allow_list_lets_everyone_in():
    assert email_allowed(None, ()) is True


def test_access_settings_from_settings_toml(tmp_path):
    assert load_access(tmp_path) == config.AccessSettings(False, ())      # the shipped defaults
    (tmp_path / "settings.toml").write_text('[access]\nread_only = true\nallowed_email_domains = ["@Example.com"]\n')
    assert load_access(tmp_path) == config.AccessSettings(True, ("example.com",))
    (tmp_path / "settings.toml").write_text('[access]\nallowed_email_domains = "example.com"\n')
    with pytest.raises(ConfigError, match="list of domains"):
        load_access(tmp_path)
    (tmp_path / "settings.toml").write_text('[access]\nread_only = "no"\n')
    with pytest.raises(ConfigError, match="true or false"):
        load_access(tmp_path)


# ---------------------------------------------------------------- read-only, enforced in app/
@pytest.fixture
def private_workspace(demo_workspace_dir, tmp_path, monkeypatch):
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace_dir, root)
    monkeypatch.setenv("TPO_WORKSPACE", str(root))
    return Workspace(root)


class _Upload:
    name = "export.csv"

    def getvalue(self) -> bytes:
        return b"Summary,Issue key,Issue Type,Status,Created,Updated\nx,NEW-1,Bug,Open,2026-01-01 10:00,2026-01-01 10:00\n"


def test_read_only_refuses_every_change(private_workspace, monkeypatch):
    monkeypatch.setenv("TPO_READ_ONLY", "1")
    ws = private_workspace
    targets_before = (ws.config_dir / "targets.toml").read_text(encoding="utf-8")
    imports_before = len(ws.read_tables("imports")["imports"])
    with pytest.raises(ReadOnlyMode, match="importing files"):
        import_uploaded_files(ws, [_Upload()])
    with pytest.raises(ReadOnlyMode, match="importing files"):
        actions.import_files(ws, [_Upload()], issues_before=0)
    with pytest.raises(ReadOnlyMode, match="saving targets"):
        actions.save_target(ws.config_dir, config.load_targets(ws.config_dir), "Ops", dict.fromkeys(config.CATEGORIES, 1.0))
    with pytest.raises(ReadOnlyMode, match="saving targets"):
        actions.drop_target(ws.config_dir, config.load_targets(ws.config_dir), "Platform")
    with pytest.raises(ReadOnlyMode, match="correcting categories"):
        actions.correct_category(ws, "ANY-1", "feature", "debt", note="test")
    with pytest.raises(ReadOnlyMode):
        actions.remove_correction(ws, "ANY-1")
    assert (ws.config_dir / "targets.toml").read_text(encoding="utf-8") == targets_before
    assert len(ws.read_tables("imports")["imports"]) == imports_before
    assert ws.read_tables("overrides")["overrides"].empty


def test_every_page_action_is_refused_in_read_only_mode():
    public = [name for name, function in inspect.getmembers(actions, inspect.isfunction)
              if function.__module__ == actions.__name__ and not name.startswith("_")]
    assert public, "app/actions.py has no actions?"
    assert [name for name in public if not getattr(getattr(actions, name), "requires_edit_rights", None)] == [], \
        "decorate these with app.access.requires_edit_rights"


def test_read_only_from_settings_and_environment(private_workspace, monkeypatch):
    monkeypatch.delenv("TPO_READ_ONLY", raising=False)
    assert read_only(private_workspace.config_dir) is False
    monkeypatch.setenv("TPO_READ_ONLY", "0")
    assert read_only(private_workspace.config_dir) is False
    settings = private_workspace.config_dir / "settings.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("read_only = false", "read_only = true"),
                        encoding="utf-8")
    assert read_only(private_workspace.config_dir) is True


def _run(page: str | None = None, **setup) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for name, value in setup.items():
        setattr(at, name, value)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def test_import_page_says_read_only_and_offers_no_upload(private_workspace, monkeypatch):
    monkeypatch.setenv("TPO_READ_ONLY", "true")
    at = _run("views/import_files.py")
    assert not at.exception
    assert any("read-only" in info.value for info in at.info)
    assert at.get("file_uploader") == []


def test_import_page_offers_upload_when_not_read_only(private_workspace, monkeypatch):
    monkeypatch.delenv("TPO_READ_ONLY", raising=False)
    at = _run("views/import_files.py")
    assert len(at.get("file_uploader")) == 1
    assert not any("read-only" in info.value for info in at.info)


def test_saving_targets_on_the_balance_page_is_refused_when_read_only(private_workspace, monkeypatch):
    monkeypatch.setenv("TPO_READ_ONLY", "1")
    before = (private_workspace.config_dir / "targets.toml").read_text(encoding="utf-8")
    at = _run("views/balance.py")
    at.button(key="balance_save_targets").click().run()
    assert not at.exception
    # (the message is escaped Markdown: "read\\-only")
    assert any("saving targets is switched off" in error.value for error in at.error), [e.value for e in at.error]
    assert (private_workspace.config_dir / "targets.toml").read_text(encoding="utf-8") == before


# ---------------------------------------------------------------- sign-in and the allow-list
def _allow(workspace: Workspace, *domains: str) -> None:
    settings = workspace.config_dir / "settings.toml"
    listed = ", ".join(f'"{d}"' for d in domains)
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "allowed_email_domains = []", f"allowed_email_domains = [{listed}]"), encoding="utf-8")


def test_without_sign_in_configured_everyone_sees_the_app(private_workspace):
    at = _run()
    assert not at.exception and at.title[0].value == "Overview"


def test_signed_out_visitor_sees_only_the_sign_in_button(private_workspace):
    _allow(private_workspace, "example.com")
    at = _run(secrets=AUTH, user={"is_logged_in": False})
    assert [b.label for b in at.button] == ["Sign in"]
    assert [t.value for t in at.title] == ["TPO Dashboard"]
    assert not at.dataframe and not at.sidebar.multiselect


def test_signed_in_user_of_an_allowed_domain_gets_in(private_workspace):
    _allow(private_workspace, "example.com")
    at = _run(secrets=AUTH, user={"is_logged_in": True, "email": "ana@example.com", "email_verified": True})
    assert not at.exception and not at.error
    assert at.title[0].value == "Overview"


def test_signed_in_user_of_another_domain_is_turned_away(private_workspace):
    _allow(private_workspace, "example.com")
    at = _run(secrets=AUTH, user={"is_logged_in": True, "email": "eve@evil-example.com"})
    assert any("not allowed" in error.value for error in at.error)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.dataframe and not at.sidebar.multiselect


def test_allow_list_without_sign_in_lets_nobody_in(private_workspace):
    _allow(private_workspace, "example.com")
    at = _run()
    assert any("sign-in is not configured" in error.value for error in at.error)
    assert not at.dataframe and not at.title
