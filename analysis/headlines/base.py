"""The shape of a headline and the wording helpers every sentence uses."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

NO_NOTABLE_CHANGE = "no notable change"


@dataclass(frozen=True)
class Headline:
    """One plain-language sentence with the number it carries.

    `page` is the url path of the page it comes from ("debt", "dependencies", "balance",
    "delivery", "plan", "" for the overview), so the briefing can link back with the same
    filters. `weight` says how much changed or is at stake, 0 (nothing) to 1 (a lot): the
    briefing ranks talking points by it. `value` and `comparison` ("from 14 % to 22 % over
    three sprints") let a deck or a table show the number beside the sentence.
    """
    text: str
    page: str = ""
    weight: float = 0.0
    value: float | None = None
    comparison: str = ""
    kind: str = "finding"                 # "finding", "decision" or "no-change"
    keys: tuple[str, ...] = field(default_factory=tuple)   # issue keys it names, if any


def number(value: float, decimals: int = 0) -> str:
    """1234.5 -> '1,235' (thousands separators; no '-0')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = f"{value:,.{decimals}f}"
    return "0" if text.strip("-0.,") == "" and decimals == 0 else text


def count(n: float, word: str, plural_word: str | None = None) -> str:
    """count(1, 'item') -> '1 item'; count(3, 'item') -> '3 items'; thousands separated."""
    return f"{number(n)} {plural(n, word, plural_word)}"


def plural(n: float, word: str, plural_word: str | None = None) -> str:
    if n == 1:
        return word
    if plural_word:
        return plural_word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def percent(share: float, decimals: int = 0) -> str:
    """A share 0..1 as '31 %' (the house style puts a thin space before %)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "n/a"
    return f"{share * 100:,.{decimals}f} %"


def points_change(before: float, after: float) -> str:
    """Percentage-point change of two shares 0..1: '+3.2 pp', '-0.9 pp'."""
    return f"{(after - before) * 100:+.1f} pp"


def date_text(day, with_year: bool = True) -> str:
    """14 Mar 2027 (or 14 Mar)."""
    if day is None or (not isinstance(day, date) and pd.isna(day)):
        return "an unknown date"
    day = pd.Timestamp(day)
    return f"{day.day} {day:%b %Y}" if with_year else f"{day.day} {day:%b}"


def month_text(day) -> str:
    """Dec 2025."""
    return f"{pd.Timestamp(day):%b %Y}"


def ranked(headlines: list[Headline], limit: int | None = None) -> list[Headline]:
    """Most at stake first; stable for equal weights."""
    ordered = sorted(headlines, key=lambda h: -h.weight)
    return ordered[:limit] if limit else ordered
