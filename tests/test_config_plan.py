"""settings.toml [plan]: the Plan page's rank weights and velocity window, read and checked."""
import pytest

from config import ConfigError, PlanWeights, load_settings


def test_shipped_defaults_match_the_dataclass():
    assert load_settings().plan == PlanWeights(10.0, 3.0, 0.2, 0.5, 3)


def test_workspace_plan_table_overrides_and_missing_keys_keep_defaults(tmp_path):
    (tmp_path / "settings.toml").write_text("[plan]\nbusiness_items = 4\nvelocity_sprints = 5\n", encoding="utf-8")
    assert load_settings(tmp_path).plan == PlanWeights(4.0, 3.0, 0.2, 0.5, 5)
    (tmp_path / "settings.toml").write_text("[tracker]\nbase_url = ''\n", encoding="utf-8")
    assert load_settings(tmp_path).plan == PlanWeights()


@pytest.mark.parametrize("line, message", [
    ("defect_interest = -1", "[plan] defect_interest must be a number of at least 0, not -1"),
    ("age_per_year = 'old'", "[plan] age_per_year must be a number of at least 0, not 'old'"),
    ("velocity_sprints = 0", "[plan] velocity_sprints must be a whole number of at least 1, not 0"),
])
def test_bad_plan_values_get_a_one_line_message(tmp_path, line, message):
    (tmp_path / "settings.toml").write_text(f"[plan]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(tmp_path)
