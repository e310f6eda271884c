"""The ONE normalisation step between an importer's `stage()` and the merge.

Importers stage what the file says (see data/importers/base.py). This step applies every
business rule, in `data/sql/normalise_stage.sql`, with the rule tables loaded as temp
tables: the export's status category words and the known link types (data/vocabulary.py)
plus the user's status mapping, overrides and link types from settings.toml.
"""
from __future__ import annotations

from data.sql import statements
from data.vocabulary import EXPORT_STATUS_CATEGORIES, LINK_TYPES

_RULE_TABLES = ("norm_export_categories", "norm_status_names", "norm_status_overrides", "norm_link_words",
                "norm_file_states_team")


def normalise(cur, settings) -> None:
    """Turn the staged rows on `cur` into what the merge stores (in place)."""
    _register_rules(cur, settings)
    try:
        base_url = (settings.base_url or "").rstrip("/")
        params = {"browse_prefix": f"{base_url}/browse/" if base_url else None,
                  "team_fallback": settings.team_fallback}
        for statement in statements("normalise_stage"):
            used = {k: v for k, v in params.items() if f"${k}" in statement}
            cur.execute(statement, used or None)
    finally:
        for name in _RULE_TABLES:
            cur.execute(f"drop table if exists temp.main.{name}")


def link_words(settings) -> list[dict]:
    """Every word a file may use for a link type (its name, either verb), lower case,
    with the relation, the side that verb reads from, and which end blocks. User-defined
    types come first, so a user can redefine a known name."""
    types = [(name, t["outward"], t["inward"], t["relation"], t["blocker"])
             for name, t in (settings.link_types or {}).items()] + list(LINK_TYPES)
    rows: dict[str, dict] = {}
    for name, outward, inward, relation, blocker in types:
        for word, side in ((name, None), (outward, "outward"), (inward, "inward")):
            word = (word or "").strip().lower()
            if word and word not in rows:
                rows[word] = {"word": word, "relation": relation, "side": side,
                              "subject_first": blocker == "subject" or relation != "blocks"}
    return list(rows.values())


def _register_rules(cur, settings) -> None:
    """The rule tables as temp tables, filled through bound list parameters."""
    pairs = {
        "norm_export_categories": ("word", _unique(EXPORT_STATUS_CATEGORIES)),
        "norm_status_names": ("status", _unique(settings.status_categories or {})),
        "norm_status_overrides": ("status", _unique(settings.status_category_overrides or {})),
    }
    for name, (key, mapping) in pairs.items():
        cur.execute(f"create or replace temp table {name} as "
                    f"select unnest($names::varchar[]) as {key}, unnest($categories::varchar[]) as category",
                    {"names": list(mapping), "categories": list(mapping.values())})
    words = link_words(settings)
    cur.execute("create or replace temp table norm_link_words as "
                "select unnest($words::varchar[]) as word, unnest($relations::varchar[]) as relation, "
                "unnest($sides::varchar[]) as side, unnest($firsts::boolean[]) as subject_first",
                {"words": [w["word"] for w in words], "relations": [w["relation"] for w in words],
                 "sides": [w["side"] for w in words], "firsts": [w["subject_first"] for w in words]})


def _unique(mapping: dict[str, str]) -> dict[str, str]:
    """One entry per lower-case name (the first spelling of a name wins)."""
    unique: dict[str, str] = {}
    for name, category in mapping.items():
        unique.setdefault(str(name).strip().lower(), str(category))
    return unique
