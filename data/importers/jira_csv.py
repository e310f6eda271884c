"""Jira CSV exports ("all fields" and "current fields"), staged with DuckDB SQL.

The file is never parsed row by row in Python. Python reads only the header record (the
column names, repeated ones included, and the delimiter). DuckDB's CSV reader then reads
the data under positional names c0, c1, ... and ONE `create table as select` turns the
columns this importer needs into typed values, in file order: repeated columns (Sprint,
Labels, Component/s, Fix Version/s, issue links) are folded into lists, dates are parsed
with `try_strptime` (localised month names and a. m./p. m. normalised on a slow path that
only failing values take), points with `try_cast`. Columns nobody maps (Description,
Comment, Attachment...) are parsed by the reader but never materialised.

That working table's first columns are exactly `stage_issues`; its `w_*` columns keep the
issue id, the raw text of values that failed to parse and the link cells. Rejects, links
and sprints are selected from it (`rowid + 1` is the data row), skipped rows are deleted,
parents resolved with two small UPDATEs, then the `w_*` columns are dropped and the table
is renamed to `stage_issues`: no second copy of a million rows.

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
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.jira_headers import CUSTOM_FIELD_PREFIXES, LINK_HEADER_WORDS, field_names

FORMAT = "jira-csv"

_DELIMITERS = (",", ";", "\t", "|", "^")
_HEADER_READ_BYTES = 1024 * 1024
_MAX_LINE_SIZE_RETRY = 64 * 1024 * 1024   # DuckDB's default (2 MB) first; larger rows retried

# Header names (lower case, single spaces) -> field, in every language (jira_headers.py);
# the first name present wins, and every column carrying one of them takes part (Jira
# repeats some columns).
_FIELDS = field_names()
_LINK_HEADER = re.compile(r"^(?P<words>.+?) \((?P<label>.+)\)$")
_LINK_DIRECTIONS = {words: direction for direction, names in LINK_HEADER_WORDS.items() for words in names}
_CUSTOM_FIELD = re.compile(r"^(?:%s) \((?P<name>.+)\)$" % "|".join(re.escape(p) for p in CUSTOM_FIELD_PREFIXES))

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

# Working tables, qualified so that a workspace table of the same name is never touched.
_ROWS = "temp.main._jira_csv_rows"
_DUPS = "temp.main._jira_csv_dups"
_IDS = "temp.main._jira_csv_parent_ids"
_KEY_OR_ID = "[A-Za-z][A-Za-z0-9_]*-[0-9]+|[0-9]+"


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
    """Stage a Jira CSV export into the temp stage tables (see data/importers/base.py)."""
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
        _fill_stage_tables(cur, header)
        return StageResult(format=FORMAT, rows_read=int(rows_read))
    finally:
        _clean_up(cur, restore_order)


# ---------------------------------------------------------------------------------- header

def _norm(name: str) -> str:
    """Lower case, single spaces; a localised custom field reads as "custom field (name)"."""
    text = " ".join(name.replace("\ufeff", "").strip().lower().split())
    custom = _CUSTOM_FIELD.match(text)
    return f"custom field ({custom.group('name')})" if custom else text


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
        if {_norm(n) for n in names} & set(_FIELDS["key"]):
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
        if match and match.group("words") in _LINK_DIRECTIONS:
            groups.setdefault((_LINK_DIRECTIONS[match.group("words")], match.group("label")), []).append(i)
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
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(f"{file_name}: the file is UTF-16 text; export the CSV from Jira again (UTF-8)")
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
    # DuckDB already reads an empty cell as NULL; nullif catches a quoted "" with
    # allow_quoted_nulls off. No trim(): it would double the cost of the read, and Jira
    # does not pad its values (dates are trimmed on their slow path).
    return f"nullif(c{i}, '')"


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


_DATE_PARTS = r"^\s*(\d{1,2})[/ .-]+([^\d/ .-]+)\.?[/ .-]+(\d{2,4})(.*)$"


def _normalised_date(raw: str) -> str:
    """The value with a localised month token and a. m./p. m. rewritten to what %b/%p read.

    Only evaluated for values the plain formats could not read (COALESCE is lazy in DuckDB).
    """
    def part(n: int) -> str:
        return f"regexp_extract(lower({raw}), {_lit(_DATE_PARTS)}, {n})"
    month = f"coalesce({_map_lit(_MONTHS)}[{part(2)}], {part(2)})"
    spaces = f"regexp_replace({part(4)}, '[\\s\\x{{00A0}}\\x{{202F}}]+', ' ', 'g')"   # NBSP, narrow NBSP
    rest = f"trim(regexp_replace({spaces}, '([ap])\\. ?m\\.?', '\\1m', 'g'))"
    return f"trim({part(1)} || '/' || {month} || '/' || {part(3)} || ' ' || {rest})"


def _timestamp(raw: str, tz: str) -> str:
    """TIMESTAMPTZ from Jira's text. The common formats are tried on the value as written;
    the slower paths (zone offsets, padding, localised months) run only on non-empty values
    they could not read (COALESCE and CASE evaluate lazily in DuckDB)."""
    naive = f"try_strptime({raw}, {_list_lit(_NAIVE_FORMATS)})"
    trimmed = f"try_strptime(trim({raw}), {_list_lit(_NAIVE_FORMATS)})"
    zoned = f"try_strptime(regexp_replace(trim({raw}), '[zZ]$', '+00:00'), {_list_lit(_ZONED_FORMATS)})"
    normalised = f"try_strptime({_normalised_date(raw)}, {_list_lit(_NORMALISED_FORMATS)})"
    return (f"coalesce({_to_tz(naive, tz)}, case when {raw} is not null then "
            f"coalesce({zoned}, {_to_tz(f'coalesce({trimmed}, {normalised})', tz)}) end)")


def _date(raw: str, tz: str) -> str:
    """DATE: the calendar day as written (a time of day, if any, is dropped)."""
    naive = f"try_strptime({raw}, {_list_lit(_NAIVE_FORMATS)})"
    trimmed = f"try_strptime(trim({raw}), {_list_lit(_NAIVE_FORMATS)})"
    zoned = f"try_strptime(regexp_replace(trim({raw}), '[zZ]$', '+00:00'), {_list_lit(_ZONED_FORMATS)})"
    normalised = f"try_strptime({_normalised_date(raw)}, {_list_lit(_NORMALISED_FORMATS)})"
    return (f"coalesce({naive}::date, case when {raw} is not null then "
            f"coalesce(timezone({_lit(tz)}, {zoned})::date, {trimmed}::date, {normalised}::date) end)")


def _number(raw: str) -> str:
    return f"try_cast(replace(trim({raw}), ',', '.') as double)"


# ------------------------------------------------------------------------------- the reads

def _read_csv_sql(path: Path, header: _Header, max_line_size: int | None, padded: bool) -> str:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header.names))) + "}"
    options = [
        "header = true", "auto_detect = false", f"columns = {columns}",
        f"delim = {_lit(header.delimiter)}", "quote = '\"'", "escape = '\"'",
    ]
    if max_line_size:
        options.append(f"max_line_size = {max_line_size}")
    if padded:  # DuckDB pads short rows only with its single-threaded reader
        options += ["null_padding = true", "parallel = false"]
    return f"read_csv({_lit(str(path))}, {', '.join(options)})"


def _read_rows(cur, path: Path, header: _Header, settings, tz: str, file_name: str) -> None:
    """One pass over the file into the working table `_ROWS`, in file order.

    Its first columns are exactly `ISSUE_COLUMNS` (typed as in the schema); the `w_*`
    working columns after them (issue id, raw text of values that failed to parse, link
    cells) feed the rejects and links and are dropped before the table becomes
    `stage_issues`. `rowid + 1` is the 1-based data row of the file.
    """
    link_cols = "".join(
        f", nullif(concat_ws(' ', {', '.join(f'c{i}' for i in cols)}), '') as link{n}"
        for n, (_d, _l, cols) in enumerate(header.links)
    )
    inner = f"""
        select
            nullif(trim({_scalar(header, 'key')}), '') as key,
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
            {_scalar(header, 'parent_key')} as parent_key_col,
            {_scalar(header, 'parent')} as parent_col,
            {_scalar(header, 'parent_id')} as parent_id_col,
            {_scalar(header, 'points')} as points_raw,
            {_scalar(header, 'points_estimate')} as points_estimate_raw,
            {_fold(header, 'labels')} as labels,
            {_fold(header, 'components')} as components,
            {_fold(header, 'fix_versions')} as fix_versions,
            {_fold(header, 'sprints')} as sprints,
            {_scalar(header, 'change_date')} as change_raw,
            {_scalar(header, 'changed_to')} as changed_to,
            {_scalar(header, 'changed_from')} as changed_from
            {link_cols}
        from {{source}}
    """
    parsed = f"""
        select *,
            {_timestamp('created_raw', tz)} as created,
            {_timestamp('updated_raw', tz)} as updated,
            {_timestamp('resolved_raw', tz)} as resolved,
            {_date('due_raw', tz)} as due,
            {_number('points_raw')} as points,
            {_number('points_estimate_raw')} as points_estimate,
            {_timestamp('change_raw', tz)} as changed_at,
            coalesce(project_raw, nullif(regexp_extract(key, '^(.+)-[^-]*$', 1), '')) as project,
            -- Parent key (a key) before Parent (a key or the numeric id) before Parent id.
            case when regexp_full_match(parent_key_col, '{_KEY_OR_ID}') then parent_key_col
                 when regexp_full_match(parent_col, '{_KEY_OR_ID}') then parent_col
                 else parent_id_col end as parent_raw
        from ({inner})
    """
    links = "".join(f", link{n} as w_link{n}" for n in range(len(header.links)))
    select = f"""
        select
            key, {_lit(FORMAT)} as source, project, issue_type, summary,
            coalesce(status, changed_to) as status,
            status_category_raw as status_category,
            priority, resolution, created, updated, resolved, due, assignee, reporter,
            team_raw as team,
            epic_link as epic_key,
            parent_raw as parent_key,
            coalesce(points, points_estimate) as story_points,
            labels, components, fix_versions, sprints,
            null::varchar as url,
            issue_id as w_issue_id,
            changed_at as w_changed_at, changed_from as w_changed_from, changed_to as w_changed_to,
            case when changed_at is null then change_raw end as w_bad_changed_at,
            case when created is null then created_raw end as w_bad_created,
            case when updated is null then updated_raw end as w_bad_updated,
            case when resolved is null then resolved_raw end as w_bad_resolved,
            case when due is null then due_raw end as w_bad_due,
            case when points is null then points_raw end as w_bad_points,
            case when points_estimate is null then points_estimate_raw end as w_bad_points_estimate
            {links}
        from ({parsed})
    """
    attempts: list[tuple[int | None, bool]] = [(None, False), (_MAX_LINE_SIZE_RETRY, False)]
    error = "unknown error"
    while attempts:
        size, padded = attempts.pop(0)
        source = _read_csv_sql(path, header, size, padded)
        try:
            cur.execute(f"create or replace temp table {_ROWS} as {select.replace('{source}', source)}")
            return
        except Exception as exc:  # noqa: BLE001 - a file DuckDB cannot read is refused
            if type(exc).__name__ == "TransactionException" and error != "unknown error":
                break                              # a retry inside the caller's aborted transaction
            if not _is_csv_error(exc):
                raise
            error = str(exc)
            if _short_row(error) and not padded:
                attempts = [(size, True)]          # rows missing trailing columns: pad them
            elif "maximum line size" not in error.lower():
                break
    raise ImportRefused(_csv_error_message(file_name, error))


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
        limit = re.search(r"maximum line size of (\d+) bytes", lowered)
        size = f"{int(limit.group(1)) / 1e6:g} MB" if limit else "the largest row DuckDB reads"
        reason = f"a row is larger than {size}"
    else:
        first = next((ln.strip() for ln in error.splitlines() if ln.strip()), "unknown error")
        reason = re.sub(r"^[A-Za-z ]*Error:\s*", "", first)
    return f"{file_name}: unreadable CSV{where}: {reason}".replace("\n", " ").replace("\r", " ")


# ------------------------------------------------------------------------- stage tables

# Sub-task in English, Spanish/Portuguese (Subtarea/Subtarefa), French, German, Italian.
_SUBTASK = "regexp_matches(lower(coalesce(issue_type, '')), 'sub.?(task|tarea|tarefa)|sous-t|unteraufgabe|sotto.?task')"


def _fill_stage_tables(cur, header: _Header) -> None:
    """Rejects, links and sprints from the working table, which then becomes stage_issues.

    Turning `_ROWS` into `stage_issues` in place (delete the skipped rows, drop the working
    columns, rename) costs next to nothing, where copying a million rows would not.
    """
    key_header = header.names[header.positions["key"][0]]
    is_log = "change_date" in header.positions and "changed_to" in header.positions
    has_dups = cur.execute(f"select count(key) > count(distinct key) from {_ROWS}").fetchone()[0]
    if has_dups:
        # The last row of a key wins (a transition log: its latest change).
        order = "w_changed_at desc nulls last, rowid desc" if is_log else "rowid desc"
        cur.execute(f"""
            create or replace temp table {_DUPS} as
            select key, rowid as kept_rowid from {_ROWS}
            where key in (select key from {_ROWS} where key is not null group by key having count(*) > 1)
            qualify row_number() over (partition by key order by {order}) = 1
        """)
    kept = "r.key is not null" + (
        f" and not exists (select 1 from {_DUPS} d where d.key = r.key and d.kept_rowid <> r.rowid)"
        if has_dups else "")

    # Rejects: skipped rows, then values that did not parse, in file order.
    parts = [f"select rowid + 1 as row_number, 0 as ord, {_lit(key_header)} as column_name, '' as raw_value, "
             f"{_lit(_EMPTY_KEY_REASON)} as reason from {_ROWS} where key is null"]
    if has_dups and not is_log:
        parts.append(
            f"select r.rowid + 1, 0, {_lit(key_header)}, r.key, "
            f"'duplicate issue key (its last row, ' || (d.kept_rowid + 1) || ', is kept): row skipped' "
            f"from {_ROWS} r join {_DUPS} d on d.key = r.key and d.kept_rowid <> r.rowid")
    checks = [("created", "w_bad_created", _DATE_REASON), ("updated", "w_bad_updated", _DATE_REASON),
              ("resolved", "w_bad_resolved", _DATE_REASON), ("due", "w_bad_due", _DUE_REASON),
              ("points", "w_bad_points", _POINTS_REASON),
              ("points_estimate", "w_bad_points_estimate", _POINTS_REASON)]
    for n, (fld, column, reason) in enumerate(checks, start=1):
        if fld in header.positions:
            parts.append(f"select r.rowid + 1, {n}, {_lit(header.names[header.positions[fld][0]])}, r.{column}, "
                         f"{_lit(reason)} from {_ROWS} r where r.{column} is not null and {kept}")
    if is_log:
        parts.append(f"select r.rowid + 1, 9, {_lit(header.names[header.positions['change_date'][0]])}, "
                     f"r.w_bad_changed_at, {_lit(_DATE_REASON + ': status change skipped')} "
                     f"from {_ROWS} r where r.w_bad_changed_at is not null and r.key is not null")
    cur.execute(f"""
        insert into stage_rejects
        select row_number, column_name, raw_value, reason
        from ({' union all '.join(parts)}) order by row_number, ord
    """)

    if is_log:
        # Each transition row says: to this status, at this time. The key's earliest row
        # also says where it started (its "from"), staged just before it.
        cur.execute(f"""
            insert into stage_status_log
            select key, w_changed_at, status, revision, row_number from (
                select key, w_changed_at, w_changed_from as status, 2 * rowid as revision, rowid + 1 as row_number
                from {_ROWS} where key is not null and w_changed_at is not null and w_changed_from is not null
                qualify row_number() over (partition by key order by w_changed_at, rowid) = 1
                union all
                select key, w_changed_at, w_changed_to, 2 * rowid + 1, rowid + 1
                from {_ROWS} where key is not null and w_changed_at is not null)
            order by row_number, revision
        """)

    # Links as the file states them: the row's key, the type named in the header, the
    # header's direction, each key listed in the cell.
    link_parts = []
    for n, (direction, label, cols) in enumerate(header.links):
        link_parts.append(f"""
            select key as source_key, {_lit(_link_type(header.names[cols[0]]))} as link_type,
                   {_lit(direction)} as direction, other as other_key,
                   {_lit(header.names[cols[0]])} as raw_label, rid, {n} as grp, pos
            from (select key, rid, unnest(others) as other, generate_subscripts(others, 1) as pos
                  from (select r.key, r.rowid as rid,
                               list_filter(string_split_regex(r.w_link{n}, '[,;\\s]+'), lambda x: x <> '') as others
                        from {_ROWS} r where r.w_link{n} is not null and {kept}))
        """)
    if link_parts:
        cur.execute(f"""
            insert into stage_links
            select * exclude (rid, grp, pos) from ({' union all '.join(link_parts)})
            order by rid, grp, pos
        """)

    # Skipped rows go; what is left is the issues.
    if has_dups:
        cur.execute(f"delete from {_ROWS} r where r.key is null or r.rowid in "
                    f"(select x.rowid from {_ROWS} x join {_DUPS} d on d.key = x.key and d.kept_rowid <> x.rowid)")
    else:
        cur.execute(f"delete from {_ROWS} where key is null")

    if {"parent", "parent_key", "parent_id"} & set(header.positions):
        _resolve_parents(cur)

    cur.execute(f"""
        insert into stage_sprints (sprint_id, name, board, team, state, start_date, end_date,
                                   complete_date, goal, inferred)
        select null, name, '', null, null, null, null, null, null, true
        from (select distinct unnest(sprints) as name from {_ROWS}) order by name
    """)

    columns = [row[0] for row in cur.execute(f"select * from {_ROWS} limit 0").description]
    working = [c for c in columns if c.startswith("w_")]
    for column in working:
        cur.execute(f"alter table {_ROWS} drop column {column}")
    cur.execute("drop table temp.main.stage_issues")
    cur.execute(f"alter table {_ROWS} rename to stage_issues")


def _link_type(header_name: str) -> str:
    """The link type a link column names: "Outward issue link (Blocks)" -> "Blocks"."""
    match = _LINK_HEADER.match(" ".join(header_name.split()))
    return match.group("label") if match else header_name


def _resolve_parents(cur) -> None:
    """Parent / Parent id hold the parent's key or its numeric issue id: an id becomes the
    key of that issue when the file holds it. Then epic_key: the Epic Link, else the
    parent; a sub-task takes its parent's epic instead (its parent is a story)."""
    cur.execute(f"""
        create or replace temp table {_IDS} as
        select w_issue_id as issue_id, min(key) as key from {_ROWS}
        where w_issue_id in (select parent_key from {_ROWS} where parent_key is not null)
        group by w_issue_id
    """)
    cur.execute(f"update {_ROWS} r set parent_key = i.key from {_IDS} i where r.parent_key = i.issue_id")
    cur.execute(f"update {_ROWS} set epic_key = parent_key "
                f"where epic_key is null and parent_key is not null and not {_SUBTASK}")
    cur.execute(f"""
        update {_ROWS} r set epic_key = p.epic_key
        from (select key, min(epic_key) as epic_key from {_ROWS}
              where epic_key is not null and key in (
                  select parent_key from {_ROWS} where epic_key is null and parent_key is not null)
              group by key) p
        where r.epic_key is null and r.parent_key = p.key and {_SUBTASK.replace('issue_type', 'r.issue_type')}
    """)


def _clean_up(cur, restore_order: bool) -> None:
    """Drop the working tables. Never masks the error being raised: inside a caller's
    transaction that a failed read aborted, these statements fail too, harmlessly."""
    try:
        for table in (_ROWS, _DUPS, _IDS):
            cur.execute(f"drop table if exists {table}")
        if restore_order:
            cur.execute("set preserve_insertion_order = false")
    except Exception:  # noqa: BLE001
        pass


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
