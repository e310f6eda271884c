"""Writes the pages trigger: what they store and what they tell the user."""
from datetime import date

import pytest

import config
from app import actions
from config.errors import UserError


def test_saving_the_base_url_keeps_the_rest_of_the_settings(tmp_path):
    stored = actions.save_base_url(tmp_path, " https://acme.atlassian.net/ ")
    assert stored == "https://acme.atlassian.net"
    settings = config.load_settings(tmp_path)
    assert settings.base_url == "https://acme.atlassian.net"
    assert settings.status_categories["in review"] == "in_progress"
    assert "# Links to issues" in (tmp_path / "settings.toml").read_text()


def test_a_base_url_that_is_not_an_address_is_refused(tmp_path):
    with pytest.raises(UserError, match="must start with https://"):
        actions.save_base_url(tmp_path, "acme.atlassian.net")


def test_saving_a_target_returns_the_normalised_shares(tmp_path):
    targets = config.load_targets(tmp_path)
    stored = actions.save_target(tmp_path, targets, "Mobile",
                                 {"feature": 50, "defect": 25, "debt": 25, "enabler": 0, "architecture": 0, "devops": 0},
                                 date(2026, 11, 20))
    assert stored == {"feature": 0.5, "defect": 0.25, "debt": 0.25, "enabler": 0.0, "architecture": 0.0, "devops": 0.0}
    with pytest.raises(UserError, match="add up to 0"):
        actions.save_target(tmp_path, targets, "Mobile", dict.fromkeys(config.CATEGORIES, 0.0), date(2026, 11, 20))


def test_a_category_correction_confirms_and_refuses_a_no_op(workspace):
    with pytest.raises(UserError, match="already in the category debt"):
        actions.correct_category(workspace, "A-1", "debt", "debt", note="test")
    assert actions.correct_category(workspace, "A-1", "feature", "debt", note="test") == \
        "A-1 is now debt (was feature); listed on the Data quality page."
    assert workspace.read_tables("overrides")["overrides"]["category"].tolist() == ["debt"]


def test_a_saved_target_applies_from_its_date_and_the_history_keeps_the_old_one(tmp_path):
    from datetime import date
    targets = config.load_targets(tmp_path)
    actions.save_target(tmp_path, targets, "Mobile", {"feature": 40, "defect": 10, "debt": 20, "enabler": 15,
                                                      "architecture": 5, "devops": 10}, date(2026, 11, 20))
    history = config.load_target_history(tmp_path)
    assert [(h["owner"], h["effective"], h["shares"] and h["shares"]["debt"]) for h in history] == [
        ("Mobile", date(1, 1, 1), None), ("Mobile", date(2026, 11, 20), 0.2)]     # before: the default
    message = actions.drop_target(tmp_path, config.load_targets(tmp_path), "Mobile", date(2026, 12, 1))
    assert message == "Mobile uses the default target from 1 Dec 2026 on; earlier periods keep its own."
    assert [h["shares"] is None for h in config.load_target_history(tmp_path)] == [True, False, True]
