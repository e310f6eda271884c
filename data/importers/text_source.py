"""Reading an export's bytes safely BEFORE any parser sees them.

`readable_text(path, file_name, limits, scratch_dir)` names what is wrong with a path (a
folder, missing, unreadable, too large), tells UTF-16 from binary, finds a NUL anywhere in
the file ("binary data at byte N"), and makes a CSV readable by DuckDB exactly as Python's
`csv` module reads it: Excel's `sep=;` first line dropped, records ended now by CRLF and now
by LF given one line end (a CR inside a quoted cell stays cell text), rows, columns and cells
counted against `[limits]`.

Fast path: one streaming pass over the bytes (NUL, quotes, CR and line statistics per 4 MB
block, never the whole file in memory). Records are counted by their line ends outside
quotes, so a garbage tail behind a valid header is refused before any parser reads it. A
clean UTF-8 file is handed on as it is. Only a file that needs it (UTF-16, `sep=`, mixed
record ends, a line longer than the cell cap) is rewritten by Python's `csv` module, record
by record, into a temporary UTF-8 file in `scratch_dir`, removed when the block ends.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from config.limits import MB, Limits
from data.errors import ImportRefused

BLOCK_BYTES = 4 * MB
HEAD_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t", "|", "^")
_DUCKDB_DEFAULT_LINE = 2 * MB
# Longest physical line per prepared file, for the CSV reader's buffer (see duckdb_read_options).
_LONGEST_LINE: dict[str, int] = {}


@dataclass(frozen=True)
class TextSource:
    path: Path                 # what the parser reads: the original or the cleaned copy
    encoding: str              # of the ORIGINAL file: "utf-8" or "utf-16-le"/"utf-16-be"
    rewritten: bool            # True when `path` is a cleaned temporary copy
    longest_line: int          # bytes of the longest physical line of `path`


# ------------------------------------------------------------------------------ the path

def check_path(path: Path, file_name: str, limits: Limits) -> int:
    """The file's size; a one-line ImportRefused for a folder, a missing, unreadable,
    special or too large file."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ImportRefused(f"{file_name}: no such file") from None
    except OSError as exc:
        raise ImportRefused(f"{file_name}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if path.is_dir():
        raise ImportRefused(f"{file_name}: is a folder, not a file; name the export file inside it")
    if not path.is_file():
        raise ImportRefused(f"{file_name}: is not a regular file (a device or pipe); save the export as a file")
    if not os.access(path, os.R_OK):
        raise ImportRefused(f"{file_name}: cannot be read (permission denied)")
    if stat.st_size > limits.max_file_bytes:
        raise ImportRefused(
            f"{file_name}: the file is {_mb(stat.st_size)} MB, more than the {_mb(limits.max_file_bytes)} MB "
            "allowed (settings.toml [limits] max_file_mb)")
    return stat.st_size


def read_head(path: Path, file_name: str, size: int = HEAD_BYTES) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise ImportRefused(f"{file_name}: cannot be read ({exc.strerror or type(exc).__name__})") from None


def utf16_encoding(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for UTF-16 text (by BOM, or by the NUL of every second
    byte that mostly-ASCII UTF-16 has), else None."""
    if head.startswith(codecs.BOM_UTF16_LE) and not head.startswith(codecs.BOM_UTF32_LE):
        return "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    sample = head[:2048]
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
            return "utf-16-be"
    return None


def text_head(path: Path, file_name: str, size: int = HEAD_BYTES) -> bytes:
    """The first bytes as UTF-8 (UTF-16 transcoded, Excel's `sep=` line kept): what format
    detection sniffs."""
    head = read_head(path, file_name, size)
    encoding = utf16_encoding(head)
    if encoding is None:
        return head
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    return text.lstrip("\ufeff").encode("utf-8")


def strip_sep_line(head: bytes) -> tuple[bytes, str | None]:
    """Excel's `sep=;` first line removed, and the delimiter it names."""
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    first, newline, rest = body.partition(b"\n")
    line = first.rstrip(b"\r").strip()
    if line.lower().startswith(b"sep=") and len(line) == 5 and newline:
        return rest, line[4:5].decode("latin-1")
    return head, None


# ------------------------------------------------------------------------------ preparing

@contextmanager
def readable_text(path: Path, file_name: str, limits: Limits, scratch_dir: Path | None = None,
                  is_csv: bool | None = None) -> Iterator[TextSource]:
    """The file in a form a parser can read (see the module docstring); refuses with a
    one-line ImportRefused what cannot be read. `is_csv` None: judged from the content
    (JSON and XML are only transcoded and checked for NUL)."""
    path = Path(path)
    check_path(path, file_name, limits)
    head = read_head(path, file_name)
    if not head.strip():
        raise ImportRefused(f"{file_name}: the file is empty")
    encoding = utf16_encoding(head)
    if is_csv is None:
        start = (text_head(path, file_name) if encoding else head).lstrip(b"\xef\xbb\xbf \t\r\n")
        is_csv = not start.startswith((b"{", b"[", b"<"))
    if encoding is None:
        scan = _scan(path, file_name)
        if is_csv and scan.records - 1 > limits.max_rows:
            raise too_many_rows(file_name, limits)
        needs_rewrite = is_csv and (
            strip_sep_line(head)[1] is not None or scan.bare_cr or scan.mixed_line_ends
            or scan.longest_line > limits.max_cell_bytes)
        if not needs_rewrite:
            if is_csv and scan.longest_line > limits.max_row_bytes:
                raise ImportRefused(
                    f"{file_name}: line {scan.longest_line_number:,} is {scan.longest_line / MB:,.1f} MB, more than "
                    f"the {limits.max_row_mb:g} MB a row may have (settings.toml [limits] max_row_mb)")
            if is_csv:
                _check_columns(_header_record(head), file_name, limits)
            try:
                yield _registered(TextSource(path, "utf-8", False, scan.longest_line))
            finally:
                _LONGEST_LINE.pop(str(path), None)
            return
    scratch = Path(scratch_dir or tempfile.gettempdir())
    scratch.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"{os.getpid()}-import-", suffix=".csv" if is_csv else ".txt", dir=scratch)
    os.close(handle)
    clean = Path(name)
    try:
        source_encoding = encoding or "utf-8"
        if is_csv:
            longest = _rewrite_csv(path, clean, source_encoding, file_name, limits)
        else:
            longest = _transcode(path, clean, source_encoding, file_name)
        yield _registered(TextSource(clean, source_encoding, True, longest))
    finally:
        _LONGEST_LINE.pop(str(clean), None)
        clean.unlink(missing_ok=True)


def duckdb_read_options(path) -> list[str]:
    """Extra `read_csv` options for a prepared file with lines longer than DuckDB's default
    buffer copes with in parallel ("The Parallel CSV Reader currently does not support a
    full read"): a buffer of twice the longest line."""
    longest = _LONGEST_LINE.get(str(path), 0)
    if longest <= _DUCKDB_DEFAULT_LINE // 2:
        return []
    return [f"buffer_size = {2 * longest + 8 * MB}"]


def _registered(source: TextSource) -> TextSource:
    _LONGEST_LINE[str(source.path)] = source.longest_line
    return source


# ------------------------------------------------------------------------------ the scan

@dataclass
class _Scan:
    lines: int = 0
    records: int = 0          # header included; line ends outside quotes (+1 for an unended last line)
    longest_line: int = 0
    longest_line_number: int = 0
    bare_cr: bool = False
    mixed_line_ends: bool = False


def _scan(path: Path, file_name: str) -> _Scan:
    """One streaming pass over the bytes: a NUL anywhere refuses the file; line count,
    longest line and the record line ends decide whether the CSV must be rewritten.

    A line end inside a quoted cell is part of the cell: Jira writes CRLF between records
    and LF inside descriptions, which DuckDB reads well. What it cannot read is records
    ended now by CRLF, now by LF; a line end is a record end when the quotes before it
    are balanced (RFC 4180 escapes a quote by doubling it, which keeps the parity)."""
    scan = _Scan()
    offset = 0
    line_start = 0            # file offset where the current line began
    in_quotes = 0             # quote parity carried from block to block
    previous_last = 0
    record_crlf = record_lf = 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(BLOCK_BYTES):
                nul = block.find(b"\x00")
                if nul >= 0:
                    raise ImportRefused(
                        f"{file_name}: this is a binary file, not a text export (binary data at byte {offset + nul:,})")
                data = np.frombuffer(block, dtype=np.uint8)
                local_ends = np.flatnonzero(data == 10)
                parity = None
                if len(local_ends) or b"\r" in block:
                    parity = np.bitwise_xor.accumulate((data == 34).astype(np.uint8)) ^ in_quotes
                if b"\r" in block:
                    # A CR that ends a record on its own (old Mac files); one inside quotes is cell text.
                    crs = np.flatnonzero(data[:-1] == 13)
                    bare = crs[(data[crs + 1] != 10) & (parity[crs] == 0)]
                    scan.bare_cr = scan.bare_cr or len(bare) > 0
                if len(local_ends):
                    records = local_ends[parity[local_ends] == 0]
                    scan.records += len(records)
                    if len(records):
                        before = np.where(records > 0, data[np.maximum(records - 1, 0)], previous_last)
                        crlf = int((before == 13).sum())
                        record_crlf += crlf
                        record_lf += len(records) - crlf
                    ends = local_ends + offset
                    starts = np.concatenate(([line_start], ends[:-1] + 1))
                    lengths = ends - starts
                    i = int(lengths.argmax())
                    if lengths[i] > scan.longest_line:
                        scan.longest_line = int(lengths[i])
                        scan.longest_line_number = scan.lines + i + 1
                    scan.lines += len(ends)
                    line_start = int(ends[-1]) + 1
                in_quotes = int(parity[-1]) if parity is not None else in_quotes ^ (block.count(b'"') & 1)
                previous_last = block[-1]
                offset += len(block)
    except OSError as exc:
        raise ImportRefused(f"{file_name}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if offset > line_start:           # a last line without a line end
        if offset - line_start > scan.longest_line:
            scan.longest_line = offset - line_start
            scan.longest_line_number = scan.lines + 1
        scan.lines += 1
        scan.records += 1
    scan.mixed_line_ends = record_crlf > 0 and record_lf > 0
    return scan


# ------------------------------------------------------------------------------ rewriting

def _header_record(head: bytes) -> list[str]:
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(strip_sep_line(head)[0], final=False)
    best: list[str] = []
    for delimiter in _DELIMITERS:
        try:
            record = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(record) > len(best):
            best = record
    return best


def _delimiter(first_line: str, named: str | None) -> str:
    if named:
        return named
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def too_many_rows(file_name: str, limits: Limits) -> ImportRefused:
    """The refusal of a file with more rows (items of a JSON export) than `[limits] max_rows`."""
    return ImportRefused(f"{file_name}: more than {limits.max_rows:,} data rows (settings.toml [limits] max_rows); "
                         "export fewer issues per file")


def _check_columns(record: list[str], file_name: str, limits: Limits) -> None:
    if len(record) > limits.max_columns:
        raise ImportRefused(
            f"{file_name}: the header has {len(record):,} columns, more than the {limits.max_columns:,} allowed "
            "(settings.toml [limits] max_columns)")


def _rewrite_csv(source: Path, target: Path, encoding: str, file_name: str, limits: Limits) -> int:
    """Python's csv module reads `source` record by record and writes it as UTF-8 with CRLF
    line ends to `target`, checking the caps as it goes; returns the longest line written."""
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell_bytes)
    longest = 0
    row_number = 0
    try:
        with source.open("r", encoding=f"{encoding}-sig" if encoding == "utf-8" else encoding,
                         errors="strict", newline="") as reader_file, \
                target.open("w", encoding="utf-8", newline="") as out:
            first = reader_file.readline()
            sep_line = first.lstrip("\ufeff").strip()
            if sep_line.lower().startswith("sep=") and len(sep_line) == 5:
                named, first = sep_line[4], reader_file.readline()
            else:
                named = None
            delimiter = _delimiter(first, named)
            records = csv.reader(_chain(first, reader_file), delimiter=delimiter, quotechar='"', doublequote=True)
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=delimiter, quotechar='"', doublequote=True,
                                lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            for record in records:
                if row_number == 0:
                    _check_columns(record, file_name, limits)
                    record = [name.lstrip("\ufeff") for name in record]
                elif row_number > limits.max_rows:
                    raise too_many_rows(file_name, limits)
                if any("\x00" in cell for cell in record):
                    raise ImportRefused(f"{file_name}: this is a binary file, not a text export (binary data in data row {row_number:,})")
                writer.writerow(record)
                line = buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
                size = len(line.encode("utf-8"))
                if size > limits.max_row_bytes:
                    raise ImportRefused(
                        f"{file_name}: data row {row_number:,} is {size / MB:,.1f} MB, more than the "
                        f"{limits.max_row_mb:g} MB a row may have (settings.toml [limits] max_row_mb)")
                longest = max(longest, size)
                out.write(line)
                row_number += 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportRefused(
                f"{file_name}: a cell in data row {row_number:,} is larger than {limits.max_cell_mb:g} MB "
                "(settings.toml [limits] max_cell_mb)") from None
        raise ImportRefused(f"{file_name}: unreadable CSV near data row {row_number:,}: {exc}") from None
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{file_name}: the file is not UTF-8 (or UTF-16) text near data row {row_number:,}; "
            "export it again from the tracker as UTF-8") from None
    except OSError as exc:
        raise ImportRefused(f"{file_name}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    finally:
        csv.field_size_limit(previous_limit)
    if row_number == 0:
        raise ImportRefused(f"{file_name}: the file is empty")
    return longest


def _transcode(source: Path, target: Path, encoding: str, file_name: str) -> int:
    """UTF-16 (or UTF-8) text to UTF-8 without a BOM, streamed; a NUL character is binary."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    try:
        with source.open("rb") as reader_file, target.open("wb") as out:
            first = True
            while block := reader_file.read(BLOCK_BYTES):
                text = decoder.decode(block)
                if first:
                    text, first = text.lstrip("\ufeff"), False
                nul = text.find("\x00")
                if nul >= 0:
                    raise ImportRefused(f"{file_name}: this is a binary file, not a text export (binary data at byte {offset + nul:,})")
                out.write(text.encode("utf-8"))
                offset += len(block)
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError:
        raise ImportRefused(f"{file_name}: the file is not valid {encoding.upper()} text near byte {offset:,}") from None
    return 0


def _mb(size: int) -> str:
    if size >= 10 * MB:
        return f"{size / MB:,.0f}"
    return f"{size / MB:,.2f}".rstrip("0").rstrip(".")


def _chain(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest
