"""Membership of issue keys in large key sets.

`Series.isin` on pandas 3's arrow-backed strings with a large value set walks Python
lists (0.7 s for 150,000 keys here, and `np.isin` on objects can take minutes); a Python
set lookup is about thirty times faster. Every check of keys against keys goes through here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def key_set(keys) -> set:
    """The keys as a Python set (None and NaN left out)."""
    if isinstance(keys, (set, frozenset)):
        return set(keys)
    return {k for k in pd.Series(keys, dtype=object).tolist() if isinstance(k, str)}


def member(values: pd.Series, keys) -> pd.Series:
    """Boolean Series (same index as `values`): is each value one of `keys`?"""
    wanted = keys if isinstance(keys, (set, frozenset)) else key_set(keys)
    flags = np.fromiter((v in wanted for v in values.tolist()), dtype=bool, count=len(values))
    return pd.Series(flags, index=values.index)
