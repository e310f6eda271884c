"""app.tables.readable: what a table shows people for dates with gaps (never "None")."""
from __future__ import annotations

from datetime import date

import pandas as pd

from app.tables import readable


def test_a_date_column_with_a_gap_shows_iso_dates_and_a_blank():
    table = pd.DataFrame({"as_of": pd.to_datetime(["2026-11-19", None, "2025-01-02"]),
                          "imported_at": pd.to_datetime(["2026-12-01 10:00", "2026-12-01 11:00", "2026-12-01 12:00"])})
    shown = readable(table)
    assert shown["As of"].tolist() == ["2026-11-19", "", "2025-01-02"]
    assert sorted(shown["As of"]) == ["", "2025-01-02", "2026-11-19"]       # text sorts as the dates do
    assert shown["Imported at"].tolist() == [date(2026, 12, 1)] * 3        # no gap: dates stay dates
