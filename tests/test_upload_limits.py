"""The upload cap of the Import page and the file-size limit checked before parsing agree."""
from __future__ import annotations

import tomllib
from pathlib import Path

from config.limits import Limits, load_limits

ROOT = Path(__file__).resolve().parents[1]


def test_uploads_are_capped_below_the_size_checked_before_parsing():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["maxUploadSize"] == 200
    assert server["maxUploadSize"] <= load_limits().max_file_mb


def test_the_shipped_limits_are_the_documented_defaults():
    assert load_limits() == Limits()
    assert (Limits().max_rows, Limits().max_columns, Limits().max_cell_mb, Limits().max_row_mb) == (1_000_000, 2_000, 1.0, 64.0)
