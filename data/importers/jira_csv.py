"""Jira CSV exports ("all fields" and "current fields"), staged with DuckDB SQL.

The file is never parsed row by row in Python. Python reads only the header record (to
learn the column names, repeated ones included, and the delimiter); DuckDB's CSV reader
then reads the data under positional names c0, c1, ... and one SQL statement turns the
columns this importer needs into typed values: repeated columns (Sprint, Labels,
Component/s, Fix Version/s, issue links) are folded into lists, dates are parsed with
`try_strptime` (localised month names normalised first), points with `try_cast`.
Values that do not parse become `stage_rejects` rows naming the data row and the column.

Dates without a zone are wall-clock times in `settings.timezone` (Jira writes the
exporting user's local time) and are stored as TIMESTAMPTZ.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables, relation_for

FORMAT = "jira-csv"

_DELIMITERS = (",", ";", "\t", "|", "^")
_HEADER_READ_BYTES = 4 * 1024 * 1024
_MAX_LINE_SIZES = (2_097_152, 64 * 1024 * 1024)   # DuckDB default first; retried larger

# Header aliases (lower case, single spaces) -> field; the first alias present wins, and
# every column carrying one of the names takes part (Jira repeats some columns).
_FIELDS = {
    "key": ("issue key",),
    "issue_id": ("issue id",),
    "project": ("project key",),
    "issue_type": ("issue type",),
    "summary": ("summary",),
    "status": ("status",),
    "status_category": ("status category",),
    "priority": ("priority",),
    "resolution": ("resolution",),
    "created": ("created",),
    "updated": ("updated",),
    "resolved": ("resolved",),
    "due": ("due date", "due"),
    "assignee": ("assignee",),
    "reporter": ("reporter",),
    "team": ("custom field (team)", "team"),
    "epic_link": ("custom field (epic link)", "epic link"),
    "parent": ("parent", "parent key"),
    "parent_id": ("parent id",),
    "points": ("custom field (story points)", "story points"),
    "points_estimate": ("custom field (story point estimate)", "story point estimate"),
    "labels": ("labels",),
    "components": ("component/s", "components"),
    "fix_versions": ("fix version/s", "fix versions", "fix version"),
    "sprints": ("sprint", "sprints"),
}
_LINK_HEADER = re.compile(r"^(outward|inward) issue link \((.+)\)$")

# Jira's own status category names (and the internal keys), lower case.
_EXPORT_STATUS_CATEGORIES = {
    "to do": "todo", "todo": "todo", "new": "todo", "por hacer": "todo", "pendiente": "todo",
    "in progress": "in_progress", "indeterminate": "in_progress", "en curso": "in_progress",
    "en progreso": "in_progress",
    "done": "done", "complete": "done", "listo": "done", "hecho": "done", "finalizada": "done",
}

# Localised month tokens (lower case, trailing dot removed) -> the English abbreviation
# that strptime's %b reads. English, Spanish, Portuguese, French, German, Italian.
_MONTHS = {
    "january": "jan", "february": "feb", "march": "mar", "april": "apr", "june": "jun",
    "july": "jul", "august": "aug", "september": "sep", "sept": "sep", "october": "oct",
    "november": "nov", "december": "dec",
    "ene": "jan", "enero": "jan", "febrero": "feb", "marzo": "mar", "abr": "apr",
    "abril": "apr", "mayo": "may", "junio": "jun", "julio": "jul", "ago": "aug",
    "agosto": "aug", "septiembre": "sep", "setiembre": "sep", "set": "sep",
    "octubre": "oct", "noviembre": "nov", "dic": "dec", "diciembre": "dec",
    "fev": "feb", "mai": "may", "out": "oct", "dez": "dec",
    "janv": "jan", "févr": "feb", "fevr": "feb", "mars": "mar", "avr": "apr", "juin": "jun",
    "juil": "jul", "août": "aug", "aout": "aug", "déc": "dec",
    "mär": "mar", "mrz": "mar", "okt": "oct",
    "gen": "jan", "mag": "may", "giu": "jun", "lug": "jul", "ott": "oct",
}

# Formats tried on the value as written (cheap path, covers Jira's English exports and ISO).
_NAIVE_FORMATS = (
    "%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y",
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d",
    "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
    "%d/%b/%Y %I:%M %p", "%d/%b/%Y %H:%M", "%d/%b/%Y",
)
_ZONED_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M%z",
)
# Formats tried after normalisation (month token, a. m./p. m.), on the slow path only.
_NORMALISED_FORMATS = (
    "%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d/%b/%y %I:%M:%S %p",
    "%d/%b/%y %H:%M:%S", "%d/%b/%Y %I:%M %p", "%d/%b/%Y %H:%M", "%d/%b/%Y",
    "%d/%b/%Y %I:%M:%S %p", "%d/%b/%Y %H:%M:%S",
)

_DATE_REASON = "not a date (expected like 11/May/24 03:26 PM)"
_DUE_REASON = "not a date (expected like 11/May/24)"
_POINTS_REASON = "not a number (expected like 3 or 3.5)"
_EMPTY_KEY_REASON = "empty issue key: row skipped"

_ROWS = "_jira_csv_rows"
_DUPS = "_jira_csv_dups"


@dataclass
class _Header:
    names: list[str]                     # as written, in file order
    delimiter: str
    positions: dict[str, list[int]] = field(default_factory=dict)   # field -> column indexes
    links: list[tuple[str, str, list[int]]] = field(default_factory=list)  # (direction, label, cols)


def sniff(head: bytes) -> bool:
    """True when the first record of `head` (a CSV) has an 'Issue key' column."""
    try:
        return _parse_header(head) is not None
    except Exception:  # noqa: BLE001 - sniffing never raises
        return False


def stage(cur, path: Path, settings, file_name: str) -> StageResult:
    path = Path(path)
    header = _read_header(path, file_name)
    tz = settings.timezone or "UTC"
    _check_timezone(cur, tz, file_name)
    create_empty_stage_tables(cur)
    restore_order = _force_insertion_order(cur)
    try:
        _read_rows(cur, path, header, settings, tz, file_name)
        rows_read = cur.execute(f"select count(*) from {_ROWS}").fetchone()[0]
        if rows_read == 0:
            raise ImportRefused(f"{file_name}: the CSV has a header but no data rows: export at least one issue")
        _fill_stage_tables(cur, header, settings)
        return StageResult(format=FORMAT, rows_read=int(rows_read))
    finally:
        cur.execute(f"drop table if exists {_ROWS}")
        cur.execute(f"drop table if exists {_DUPS}")
        if restore_order:
            cur.execute("set preserve_insertion_order = false")


# ---------------------------------------------------------------------------------- header

def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


def _parse_header(head: bytes) -> _Header | None:
    """The header record of a Jira CSV, or None when no delimiter yields an 'Issue key' column."""
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(head, final=False)
    if "\x00" in text:
        return None
    for delimiter in _DELIMITERS:
        if delimiter not in text.split("\n", 1)[0] and delimiter != ",":
            continue
        try:
            record = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True))
        except (StopIteration, csv.Error):
            continue
        names = [n.replace("\ufeff", "") for n in record]
        if "issue key" in {_norm(n) for n in names}:
            return _index_header(names, delimiter)
    return None


def _index_header(names: list[str], delimiter: str) -> _Header:
    header = _Header(names=names, delimiter=delimiter)
    normed = [_norm(n) for n in names]
    for fld, aliases in _FIELDS.items():
        cols: list[int] = []
        for alias in aliases:
            cols += [i for i, n in enumerate(normed) if n == alias]
        if cols:
            header.positions[fld] = cols
    groups: dict[tuple[str, str], list[int]] = {}
    for i, n in enumerate(normed):
        match = _LINK_HEADER.match(n)
        if match:
            groups.setdefault((match.group(1), match.group(2)), []).append(i)
    header.links = [(direction, label, cols) for (direction, label), cols in groups.items()]
    return header


def _read_header(path: Path, file_name: str) -> _Header:
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER_READ_BYTES)
    except OSError as exc:
        raise ImportRefused(f"{file_name}: cannot read the file ({exc.strerror or exc})") from None
    if not head.strip():
        raise ImportRefused(f"{file_name}: the file is empty")
    if b"\x00" in head[:65536]:
        raise ImportRefused(f"{file_name}: this is a binary file, not a Jira CSV export")
    header = _parse_header(head)
    if header is None:
        raise ImportRefused(f"{file_name}: no 'Issue key' column: this is not a Jira CSV export")
    return header


# ------------------------------------------------------------------------------ SQL pieces

def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _list_lit(items) -> str:
    return "[" + ", ".join(_lit(i) for i in items) + "]"


def _map_lit(mapping: dict[str, str]) -> str:
    return "MAP {" + ", ".join(f"{_lit(k)}: {_lit(v)}" for k, v in mapping.items()) + "}"


def _cell(i: int) -> str:
    return f"nullif(trim(c{i}), '')"


def _scalar(header: _Header, fld: str) -> str:
    cols = header.positions.get(fld)
    if not cols:
        return "null::varchar"
    if len(cols) == 1:
        return _cell(cols[0])
    return "coalesce(" + ", ".join(_cell(i) for i in cols) + ")"


def _fold(header: _Header, fld: str) -> str:
    cols = header.positions.get(fld)
    if not cols:
        return "[]::varchar[]"
    return "list_filter([" + ", ".join(_cell(i) for i in cols) + "], lambda x: x is not null)"


def _to_tz(ts_sql: str, tz: str) -> str:
    if tz.upper() in ("UTC", "ETC/UTC", "GMT", "Z"):
        return f"make_timestamptz(epoch_us({ts_sql}))"   # cheaper than timezone() for UTC
    return f"timezone({_lit(tz)}, {ts_sql})"


_DATE_PARTS = r"^(\d{1,2})[/ .-]+([^\d/ .-]+)\.?[/ .-]+(\d{2,4})(.*)$"


def _normalised_date(raw: str) -> str:
    """The value with a localised month token and a. m./p. m. rewritten to what %b/%p read.

    Only evaluated for values the plain formats could not read (COALESCE is lazy in DuckDB).
    """
    def part(n: int) -> str:
        return f"regexp_extract(lower({raw}), {_lit(_DATE_PARTS)}, {n})"
    month = f"coalesce({_map_lit(_MONTHS)}[{part(2)}], {part(2)})"
    rest = f"trim(regexp_replace(regexp_replace({part(4)}, '([ap])\\.\\s*m\\.?', '\\1m', 'g'), '\\s+', ' ', 'g'))"
    return f"trim({part(1)} || '/' || {month} || '/' || {part(3)} || ' ' || {rest})"


def _timestamp(raw: str, tz: str) -> str:
    """TIMESTAMPTZ from Jira's text. The common formats are tried first; the slower
    normalisation runs only on non-empty values they could not read (COALESCE and CASE
    evaluate lazily in DuckDB, so NULL cells must not reach it either)."""
    naive = f"try_strptime({raw}, {_list_lit(_NAIVE_FORMATS)})"
    zoned = f"try_strptime(regexp_replace({raw}, '[zZ]$', '+00:00'), {_list_lit(_ZONED_FORMATS)})"
    normalised = f"try_strptime({_normalised_date(raw)}, {_list_lit(_NORMALISED_FORMATS)})"
    return (f"coalesce({_to_tz(naive, tz)}, "
            f"case when {raw} is not null then coalesce({zoned}, {_to_tz(normalised, tz)}) end)")


def _date(raw: str, tz: str) -> str:
    """DATE: the calendar day as written (a time of day, if any, is dropped)."""
    naive = f"try_strptime({raw}, {_list_lit(_NAIVE_FORMATS)})"
    zoned = f"try_strptime(regexp_replace({raw}, '[zZ]$', '+00:00'), {_list_lit(_ZONED_FORMATS)})"
    normalised = f"try_strptime({_normalised_date(raw)}, {_list_lit(_NORMALISED_FORMATS)})"
    return (f"coalesce({naive}::date, case when {raw} is not null then "
            f"coalesce(timezone({_lit(tz)}, {zoned})::date, {normalised}::date) end)")


def _number(raw: str) -> str:
    return f"try_cast(replace({raw}, ',', '.') as double)"


# ------------------------------------------------------------------------------- the reads

def _read_csv_sql(path: Path, header: _Header, max_line_size: int, padded: bool) -> str:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header.names))) + "}"
    options = [
        "header = true", "auto_detect = false", f"columns = {columns}",
        f"delim = {_lit(header.delimiter)}", "quote = '\"'", "escape = '\"'",
        f"max_line_size = {max_line_size}",
    ]
    if padded:
        options += ["null_padding = true", "parallel = false"]
    return f"read_csv({_lit(str(path))}, {', '.join(options)})"


def _read_rows(cur, path: Path, header: _Header, settings, tz: str, file_name: str) -> None:
    """One pass over the file: every value the stage tables need, parsed, in file order.

    Raw text is kept only where a value failed to parse (for the rejects), so the table
    stays narrow; `rowid + 1` of this table is the 1-based data row of the file.
    """
    sc = settings.status_categories or {}
    status_map = f"{_map_lit(sc)}[lower(status)]" if sc else "null::varchar"
    export_map = f"{_map_lit(_EXPORT_STATUS_CATEGORIES)}[lower(status_category_raw)]"
    if settings.team_fallback == "project":
        team_fallback = "project"
    else:
        team_fallback = "coalesce(components[1], project)"
    url = f"{_lit(settings.base_url.rstrip('/') + '/browse/')} || key" if settings.base_url else "null::varchar"
    link_cols = ", ".join(
        f"nullif(concat_ws(' ', {', '.join(f'c{i}' for i in cols)}), '') as link{n}"
        for n, (_d, _l, cols) in enumerate(header.links)
    )
    checked = {  # parsed column -> raw column, kept for the rejects
        "created": "created_raw", "updated": "updated_raw", "resolved": "resolved_raw",
        "due": "due_raw", "points_parsed": "points_raw", "points_estimate_parsed": "points_estimate_raw",
    }
    inner = f"""
        select
            {_scalar(header, 'key')} as key,
            {_scalar(header, 'issue_id')} as issue_id,
            {_scalar(header, 'project')} as project_raw,
            {_scalar(header, 'issue_type')} as issue_type,
            {_scalar(header, 'summary')} as summary,
            {_scalar(header, 'status')} as status,
            {_scalar(header, 'status_category')} as status_category_raw,
            {_scalar(header, 'priority')} as priority,
            {_scalar(header, 'resolution')} as resolution,
            {_scalar(header, 'created')} as created_raw,
            {_scalar(header, 'updated')} as updated_raw,
            {_scalar(header, 'resolved')} as resolved_raw,
            {_scalar(header, 'due')} as due_raw,
            {_scalar(header, 'assignee')} as assignee,
            {_scalar(header, 'reporter')} as reporter,
            {_scalar(header, 'team')} as team_raw,
            {_scalar(header, 'epic_link')} as epic_link,
            {_scalar(header, 'parent')} as parent_col,
            {_scalar(header, 'parent_id')} as parent_id_col,
            {_scalar(header, 'points')} as points_raw,
            {_scalar(header, 'points_estimate')} as points_estimate_raw,
            {_fold(header, 'labels')} as labels,
            {_fold(header, 'components')} as components,
            {_fold(header, 'fix_versions')} as fix_versions,
            {_fold(header, 'sprints')} as sprints
            {', ' + link_cols if link_cols else ''}
        from {{source}}
    """
    parsed = f"""
        select *,
            {_timestamp('created_raw', tz)} as created,
            {_timestamp('updated_raw', tz)} as updated,
            {_timestamp('resolved_raw', tz)} as resolved,
            {_date('due_raw', tz)} as due,
            {_number('points_raw')} as points_parsed,
            {_number('points_estimate_raw')} as points_estimate_parsed,
            coalesce(project_raw, nullif(regexp_extract(key, '^(.+)-[^-]*$', 1), '')) as project,
            case
                when regexp_full_match(parent_col, '[A-Za-z][A-Za-z0-9_]*-[0-9]+|[0-9]+') then parent_col
                else parent_id_col
            end as parent_raw
        from ({inner})
    """
    bad = ",\n".join(f"case when {p} is null then {r} end as bad_{p}" for p, r in checked.items())
    links = "".join(f", link{n}" for n in range(len(header.links)))
    select = f"""
        select
            key, issue_id, project, issue_type, summary, status,
            coalesce({status_map}, {export_map}, 'todo') as status_category,
            priority, resolution, created, updated, resolved, due, assignee, reporter,
            coalesce(team_raw, {team_fallback}) as team,
            epic_link, parent_raw,
            coalesce(points_parsed, points_estimate_parsed) as story_points,
            labels, components, fix_versions, sprints,
            {url} as url,
            {bad}
            {links}
        from ({parsed})
    """
    attempts = [(size, False) for size in _MAX_LINE_SIZES]
    error = None
    while attempts:
        size, padded = attempts.pop(0)
        source = _read_csv_sql(path, header, size, padded)
        try:
            cur.execute(f"create or replace temp table {_ROWS} as {select.replace('{source}', source)}")
            return
        except Exception as exc:  # noqa: BLE001 - any DuckDB read error refuses the file
            if not _is_csv_error(exc):
                raise
            error = str(exc)
            short = _short_row(error)
            if short and not padded:
                attempts = [(size, True)]          # rows missing trailing columns: pad them
            elif "maximum line size" in error.lower() and attempts:
                continue
            else:
                break
    raise ImportRefused(_csv_error_message(file_name, error or "unknown error"))


def _is_csv_error(exc: Exception) -> bool:
    """A problem of the file (DuckDB's reader refused it), not a bug of the SQL above."""
    if type(exc).__name__ in ("BinderException", "ParserException", "CatalogException"):
        return False
    text = str(exc)
    return "CSV Error" in text or type(exc).__name__ in ("InvalidInputException", "IOException")


def _short_row(error: str) -> bool:
    match = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", error)
    return bool(match) and int(match.group(2)) < int(match.group(1))


def _csv_error_message(file_name: str, error: str) -> str:
    where = ""
    line = re.search(r"CSV Error on Line: (\d+)", error)
    if line:
        where = f" near data row {max(int(line.group(1)) - 1, 1)}"
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", error)
    lowered = error.lower()
    if columns:
        reason = f"a row has {columns.group(2)} columns but the header has {columns.group(1)}"
    elif "unterminated quote" in lowered:
        reason = "a quoted value is never closed"
    elif "unicode" in lowered or "utf-8" in lowered:
        reason = "the file is not UTF-8 text; export it again from Jira (UTF-8)"
    elif "maximum line size" in lowered:
        reason = "a row is larger than 64 MB"
    else:
        first = next((ln.strip() for ln in error.splitlines() if ln.strip()), "unknown error")
        reason = re.sub(r"^[A-Za-z ]*Error:\s*", "", first)
    return f"{file_name}: unreadable CSV{where}: {reason}".replace("\n", " ").replace("\r", " ")


# ------------------------------------------------------------------------- stage tables

def _fill_stage_tables(cur, header: _Header, settings) -> None:
    key_header = header.names[header.positions["key"][0]]
    cur.execute(f"""
        create or replace temp table {_DUPS} as
        select key, min(rowid) as first_rowid from {_ROWS}
        where key is not null group by key having count(*) > 1
    """)
    has_dups = cur.execute(f"select count(*) from {_DUPS}").fetchone()[0] > 0
    kept = f"r.key is not null" + (
        f" and not exists (select 1 from {_DUPS} d where d.key = r.key and d.first_rowid <> r.rowid)"
        if has_dups else "")

    has_parent = "parent" in header.positions or "parent_id" in header.positions
    if has_parent:
        # Parent / Parent id: a numeric issue id is replaced by the key of that issue when
        # the file holds it. Sub-tasks take their epic from their parent's row.
        parent_key = f"""case when regexp_full_match(r.parent_raw, '[0-9]+')
                              then coalesce((select min(i.key) from {_ROWS} i where i.issue_id = r.parent_raw), r.parent_raw)
                              else r.parent_raw end"""
        cur.execute(f"""
            create or replace temp table _jira_csv_parents as
            select r.rowid as rid, {parent_key} as parent_key
            from {_ROWS} r where r.parent_raw is not null
        """)
        parent_join = f"""
            left join _jira_csv_parents rp on rp.rid = r.rowid
            left join (select r2.key, r2.epic_link, p2.parent_key
                       from {_ROWS} r2 left join _jira_csv_parents p2 on p2.rid = r2.rowid
                       where r2.key in (select parent_key from _jira_csv_parents)) pr
                on pr.key = rp.parent_key
                and regexp_matches(lower(r.issue_type), 'sub.?(task|tarea)|sous-t')
        """
        epic = """coalesce(r.epic_link,
                           case when regexp_matches(lower(r.issue_type), 'sub.?(task|tarea)|sous-t')
                                then coalesce(pr.epic_link, pr.parent_key)
                                else rp.parent_key end)"""
        parent_sql = "rp.parent_key"
    else:
        parent_join, epic, parent_sql = "", "r.epic_link", "null::varchar"

    try:
        cur.execute(f"""
            insert into stage_issues
            select r.key, 'jira', r.project, r.issue_type, r.summary, r.status, r.status_category,
                   r.priority, r.resolution, r.created, r.updated, r.resolved, r.due, r.assignee,
                   r.reporter, r.team, {epic}, {parent_sql}, r.story_points, r.labels, r.components,
                   r.fix_versions, r.sprints, r.url
            from {_ROWS} r {parent_join}
            where {kept}
        """)
    finally:
        cur.execute("drop table if exists _jira_csv_parents")

    # Rejects: skipped rows, then values that did not parse, in file order.
    parts = [f"select rowid + 1 as row_number, 0 as ord, {_lit(key_header)} as column_name, '' as raw_value, "
             f"{_lit(_EMPTY_KEY_REASON)} as reason from {_ROWS} where key is null"]
    if has_dups:
        parts.append(
            f"select r.rowid + 1, 0, {_lit(key_header)}, r.key, "
            f"'duplicate issue key (first seen on row ' || (d.first_rowid + 1) || '): row skipped' "
            f"from {_ROWS} r join {_DUPS} d on d.key = r.key and d.first_rowid <> r.rowid")
    checks = [("created", "bad_created", _DATE_REASON), ("updated", "bad_updated", _DATE_REASON),
              ("resolved", "bad_resolved", _DATE_REASON), ("due", "bad_due", _DUE_REASON),
              ("points", "bad_points_parsed", _POINTS_REASON),
              ("points_estimate", "bad_points_estimate_parsed", _POINTS_REASON)]
    for n, (fld, column, reason) in enumerate(checks, start=1):
        if fld not in header.positions:
            continue
        parts.append(f"select r.rowid + 1, {n}, {_lit(header.names[header.positions[fld][0]])}, r.{column}, "
                     f"{_lit(reason)} from {_ROWS} r where r.{column} is not null and {kept}")
    cur.execute(f"""
        insert into stage_rejects
        select row_number, column_name, raw_value, reason
        from ({' union all '.join(parts)}) order by row_number, ord
    """)

    # Links: outward on A listing B = (A, B); inward on A listing B = (B, A).
    link_parts = []
    for n, (direction, _label, cols) in enumerate(header.links):
        raw_label = header.names[cols[0]]
        relation = relation_for(_LINK_HEADER.match(_norm(raw_label)).group(2))
        pair = "key, other" if direction == "outward" else "other, key"
        link_parts.append(f"""
            select {pair}, {_lit(relation)} as relation, {_lit(raw_label)} as raw_label, key as source_key,
                   rid, {n} as grp, pos
            from (select key, rid, unnest(others) as other, generate_subscripts(others, 1) as pos
                  from (select r.key, r.rowid as rid,
                               list_filter(string_split_regex(r.link{n}, '[,;\\s]+'), lambda x: x <> '') as others
                        from {_ROWS} r where r.link{n} is not null and {kept}))
        """)
    if link_parts:
        cur.execute(f"""
            insert into stage_links
            select * exclude (rid, grp, pos) from ({' union all '.join(link_parts)})
            order by rid, grp, pos
        """)

    cur.execute("""
        insert into stage_sprints (sprint_id, name, board, team, state, start_date, end_date,
                                   complete_date, goal, inferred)
        select null, name, '', null, null, null, null, null, null, true
        from (select distinct unnest(sprints) as name from stage_issues) order by name
    """)


def _force_insertion_order(cur) -> bool:
    """Row numbers come from file order: make sure DuckDB keeps it; True when we changed it."""
    try:
        value = cur.execute("select current_setting('preserve_insertion_order')").fetchone()[0]
    except Exception:  # noqa: BLE001
        return False
    if str(value).lower() in ("false", "0"):
        cur.execute("set preserve_insertion_order = true")
        return True
    return False


def _check_timezone(cur, tz: str, file_name: str) -> None:
    try:
        cur.execute(f"select timezone({_lit(tz)}, timestamp '2000-01-01')").fetchone()
    except Exception:  # noqa: BLE001
        raise ImportRefused(
            f"{file_name}: unknown timezone {tz!r} in settings.toml [import] timezone; "
            "use a name like UTC or Europe/Madrid") from None
