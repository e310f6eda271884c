"""The Streamlit settings the offline guarantee rests on, pinned (no browser needed);
tests/browser/test_browser_offline.py checks their effect in the browser."""
from __future__ import annotations

import tomllib

import harness


def remote_values(value, where: str = "") -> list[str]:
    """Every setting whose value names an internet address (a font URL, a fontFaces url...)."""
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in remote_values(item, f"{where}.{key}".strip("."))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in remote_values(item, f"{where}[{index}]")]
    return [f"{where} = {value!r}"] if isinstance(value, str) and "://" in value else []


def test_streamlit_config_keeps_the_app_offline():
    config = tomllib.loads((harness.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableStaticServing"] is False
    assert config["server"]["address"] in {"127.0.0.1", "localhost"}
    assert config["client"]["showErrorLinks"] is False
    assert remote_values(config) == [], "a setting loads something from the internet"


def test_a_remote_font_would_be_caught():
    planted = tomllib.loads('[theme]\nfont = "Nunito:https://fonts.googleapis.com/css2?family=Nunito"\n'
                            '[[theme.fontFaces]]\nfamily = "x"\nurl = "https://cdn.example/x.woff"\n')
    assert remote_values(planted) == [
        "theme.font = 'Nunito:https://fonts.googleapis.com/css2?family=Nunito'",
        "theme.fontFaces[0].url = 'https://cdn.example/x.woff'"]


def test_streamlit_config_watches_no_files():
    # The default watcher follows every folder of the checkout (.venv and workspaces included)
    # and prints a warning into the user's terminal when the demo workspace is created.
    config = tomllib.loads((harness.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
