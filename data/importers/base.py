"""The contract every importer fulfils.

An importer module exposes:

    FORMAT: str                      # e.g. "jira-csv"
    def sniff(head: bytes) -> bool   # True when the first bytes look like this format
    def stage(cur, path, settings, file_name) -> StageResult

`stage` reads the file and creates TEMP tables on the given DuckDB cursor named after
`STAGE_TABLES`, each with exactly the columns listed there (types as in
`data/sql/schema.sql`; list columns are VARCHAR[]). `stage_issues` holds at most one row
per key (a repeated key: the LAST row wins, each earlier one is a reject). It writes
nothing else.

Importers stage what the file SAYS; every business rule (status category, team fallback,
URL, link relation and direction, status changes from a status log, resolved date from
the last move into done) is applied afterwards by ONE shared step, `data/normalise.py`
running `data/sql/normalise_stage.sql`:

* `stage_issues.status_category`: the export's own category as written ("In Progress",
  "En curso", "indeterminate"...) or NULL; `team`, `url`: as the file states them or NULL;
  `source`: the format name; `parent_key`: the parent's KEY.
* `stage_links(source_key, link_type, direction, other_key, raw_label)`: `direction` is
  'outward' or 'inward' relative to `source_key` ('outward' reads "source_key <outward
  verb of link_type> other_key"); `link_type` is the tracker's type name ("Blocks",
  "Dependency", ...) or, when the file names only a verb, the verb ("is blocked by").
* `stage_status_log`: one row per revision / transition row / "date entered status" cell;
  the shared step turns it into `stage_status_changes`.
* `stage_sprint_changes(key, changed_at, from_sprints, to_sprints)`: one row per change of
  the Sprint field in an issue's history, with the sprint NAMES the field held before and
  after it (the whole list, as Jira records it; empty lists when the field was empty).

When the file
is not an export of its format at all (empty, binary, no issue key column, truncated
JSON) it raises `ImportRefused` with a one-line message; values it cannot parse go to
`stage_rejects` and never stop the rest of the file.
"""
from __future__ import annotations

from dataclasses import dataclass

ISSUE_COLUMNS = (
    "key", "source", "project", "issue_type", "summary", "status", "status_category",
    "priority", "resolution", "created", "updated", "resolved", "due", "assignee",
    "reporter", "team", "epic_key", "parent_key", "story_points", "labels", "components",
    "fix_versions", "sprints", "url",
)

ISSUE_COLUMN_TYPES = {
    "created": "TIMESTAMPTZ", "updated": "TIMESTAMPTZ", "resolved": "TIMESTAMPTZ",
    "due": "DATE", "story_points": "DOUBLE", "labels": "VARCHAR[]",
    "components": "VARCHAR[]", "fix_versions": "VARCHAR[]", "sprints": "VARCHAR[]",
}

STAGE_TABLES = {
    "stage_issues": ISSUE_COLUMNS,
    "stage_links": ("source_key", "link_type", "direction", "other_key", "raw_label"),
    "stage_sprints": ("sprint_id", "name", "board", "team", "state", "start_date",
                      "end_date", "complete_date", "goal", "inferred"),
    "stage_versions": ("name", "project", "release_date", "released", "description"),
    "stage_status_changes": ("key", "changed_at", "from_status", "to_status"),
    "stage_status_log": ("key", "changed_at", "status", "revision", "row_number"),
    "stage_sprint_changes": ("key", "changed_at", "from_sprints", "to_sprints"),
    "stage_rejects": ("row_number", "column_name", "raw_value", "reason"),
}

STAGE_DDL = {
    "stage_issues": ", ".join(f"{c} {ISSUE_COLUMN_TYPES.get(c, 'VARCHAR')}" for c in ISSUE_COLUMNS),
    "stage_links": "source_key VARCHAR, link_type VARCHAR, direction VARCHAR, other_key VARCHAR, raw_label VARCHAR",
    "stage_sprints": "sprint_id VARCHAR, name VARCHAR, board VARCHAR, team VARCHAR, state VARCHAR, "
                     "start_date TIMESTAMPTZ, end_date TIMESTAMPTZ, complete_date TIMESTAMPTZ, "
                     "goal VARCHAR, inferred BOOLEAN",
    "stage_versions": "name VARCHAR, project VARCHAR, release_date DATE, released BOOLEAN, description VARCHAR",
    "stage_status_changes": "key VARCHAR, changed_at TIMESTAMPTZ, from_status VARCHAR, to_status VARCHAR",
    "stage_status_log": "key VARCHAR, changed_at TIMESTAMPTZ, status VARCHAR, revision INTEGER, row_number INTEGER",
    "stage_sprint_changes": "key VARCHAR, changed_at TIMESTAMPTZ, from_sprints VARCHAR[], to_sprints VARCHAR[]",
    "stage_rejects": "row_number INTEGER, column_name VARCHAR, raw_value VARCHAR, reason VARCHAR",
}

# Normalised link relations (stored in `links`). "A blocks B" means B cannot finish before A.
RELATIONS = ("blocks", "relates", "duplicates", "clones", "parent")


@dataclass(frozen=True)
class StageResult:
    format: str
    rows_read: int                    # data rows / items in the file
    warnings: tuple[str, ...] = ()    # shown in the import report (e.g. "one page of many")


def create_empty_stage_tables(cur) -> None:
    """Create every stage table empty, so an importer only fills the ones it has."""
    for table, ddl in STAGE_DDL.items():
        cur.execute(f"create or replace temp table {table} ({ddl})")
