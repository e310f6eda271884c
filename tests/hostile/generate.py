"""Hostile and careless inputs for the importer, generated (never committed as files).

Each `HostileCase` writes its input under a folder it is given and says what must happen:
either `refused` (the start of the one-line message; the workspace must stay exactly as it
was) or `accepted` (a check on the imported workspace: rejects with their reasons, "now"
from plausible dates...). `limits` are `[limits]` settings the case imports under.

    python tests/hostile/generate.py OUTDIR      # write every input, to try them by hand
"""
from __future__ import annotations

import gzip
import json
import os
import random
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HEADER = "Issue key,Summary,Status,Created,Updated,Custom field (Story Points)\n"
GOOD_ROW = "H-{n},Item {n},Done,2026-01-0{d} 10:00,2026-02-0{d} 10:00,3\n"


def good_rows(count: int) -> str:
    return "".join(GOOD_ROW.format(n=n, d=n % 9 + 1) for n in range(1, count + 1))


@dataclass(frozen=True)
class HostileCase:
    name: str                                  # the file name the user gave
    build: Callable[[Path], Path]              # writes the input under a folder, returns its path
    refused: str | None = None                 # start of the one-line message, or None: accepted
    accepted: dict = field(default_factory=dict)   # expectations on an accepted file (see the test)
    limits: dict = field(default_factory=dict)


def _bytes(name: str, content: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content() if callable(content) else content)
        return path
    return build


def _text(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    return _bytes(name, lambda: text.encode(encoding))


def _garbage_lines(count: int, seed: int, alphabet: str) -> str:
    rng = random.Random(seed)
    return "".join("".join(rng.choice(alphabet) for _ in range(rng.randint(20, 80))) + "\n" for _ in range(count))


def _directory(folder: Path) -> Path:
    path = folder / "exports"
    path.mkdir()
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


def _late_nul(folder: Path) -> Path:
    path = folder / "late-nul.csv"
    path.write_bytes((HEADER + good_rows(1200)).encode() + b"H-9999,\x00,Done\n")
    return path


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><rss><channel>&lol9;</channel></rss>'.encode()


def _search(issues: list[dict]) -> bytes:
    return json.dumps({"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues}).encode()


def _json_issue(key: str, **fields) -> dict:
    base = {"summary": f"Item {key}", "issuetype": {"name": "Story"}, "status": {"name": "Done"},
            "created": "2026-01-05T09:00:00.000+0000", "updated": "2026-02-01T09:00:00.000+0000"}
    base.update(fields)
    return {"id": key.split("-")[1], "key": key, "fields": base}


PRINTABLE = string.ascii_letters + string.digits + " .:/()!?-_"
WITH_DELIMITERS = PRINTABLE + ',;"\t'

CASES: list[HostileCase] = [
    # --- not a file at all
    HostileCase("exports", _directory, refused="exports: is a folder, not a file"),
    HostileCase("missing.csv", lambda folder: folder / "missing.csv", refused="missing.csv: no such file"),
    HostileCase("pipe.csv", _fifo, refused="pipe.csv: is not a regular file"),
    # --- empty, binary, not text
    HostileCase("empty.csv", _bytes("empty.csv", b""), refused="empty.csv: the file is empty"),
    HostileCase("blank.csv", _bytes("blank.csv", b" \r\n\n\t\n"), refused="blank.csv: the file is empty"),
    HostileCase("bom-only.csv", _bytes("bom-only.csv", b"\xef\xbb\xbf"), refused="bom-only.csv: not a recognised export"),
    HostileCase("picture.png", _bytes("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
                refused="picture.png: this is a binary file, not a text export (binary data at byte 8)"),
    HostileCase("export.csv.gz", _bytes("export.csv.gz", lambda: gzip.compress((HEADER + good_rows(50)).encode())),
                refused="export.csv.gz: this is a binary file"),
    HostileCase("late-nul.csv", _late_nul,
                refused="late-nul.csv: this is a binary file, not a text export (binary data at byte "),
    HostileCase("latin1.csv", _text("latin1.csv", HEADER + "H-1,Café,Done,2026-01-01,2026-01-02,1\n", "latin-1"),
                refused="latin1.csv: unreadable CSV"),
    # --- text, but not an export
    HostileCase("people.csv", _text("people.csv", "Name,Email\nAda,ada@example.com\n"), refused="people.csv: not a recognised export"),
    HostileCase("header-only.csv", _text("header-only.csv", HEADER), refused="header-only.csv: the CSV has a header but no data rows"),
    HostileCase("numbers.json", _bytes("numbers.json", b"[1, 2, 3]"), refused="numbers.json: not a recognised export"),
    HostileCase("deep.json", _bytes("deep.json", _nested(100_000)), refused="deep.json: not a recognised export"),
    HostileCase("truncated.json", _bytes("truncated.json", b'{"startAt": 0, "issues": [{"key": "A-1", "fields": {"summary": "x"'),
                refused="truncated.json: the JSON is incomplete or invalid"),
    HostileCase("laughs.xml", _bytes("laughs.xml", _billion_laughs()), refused="laughs.xml: not a recognised export"),
    # --- garbage behind a valid Jira header
    HostileCase("garbage.csv", _text("garbage.csv", HEADER + _garbage_lines(3000, 1, PRINTABLE)),
                refused="garbage.csv: 3,000 of 3,000 rows could not be read"),
    HostileCase("garbage-delimiters.csv", _text("garbage-delimiters.csv", HEADER + _garbage_lines(3000, 2, WITH_DELIMITERS)),
                refused="garbage-delimiters.csv: unreadable CSV near data row "),
    HostileCase("bad-dates.csv", _text("bad-dates.csv", HEADER + "".join(
        f"H-{n},Item,Done,yesterday,soon,3\n" for n in range(1, 21))),
                refused="bad-dates.csv: 20 of 20 rows could not be read (first at row 1, column Created): not an export"),
    HostileCase("empty-keys.csv", _text("empty-keys.csv", HEADER + ",a,Done,2026-01-01,2026-01-02,1\n" * 3),
                refused="empty-keys.csv: none of the 3 rows could be read (first at row 1, column Issue key)"),
    HostileCase("unterminated.csv", _text("unterminated.csv", HEADER + 'H-1,"never closed,Done,2026-01-01,2026-01-02,1\n'),
                refused="unterminated.csv: unreadable CSV"),
    HostileCase("extra-columns.csv", _text("extra-columns.csv", HEADER + "H-1,a,Done,2026-01-01,2026-01-02,1,x,y\n"),
                refused="extra-columns.csv: unreadable CSV"),
    # --- over the limits
    HostileCase("rows.csv", _text("rows.csv", HEADER + good_rows(60)), limits={"max_rows": 50},
                refused="rows.csv: more than 50 data rows (settings.toml [limits] max_rows)"),
    HostileCase("rows.json", _bytes("rows.json", lambda: _search([_json_issue(f"J-{n}") for n in range(1, 61)])),
                limits={"max_rows": 50}, refused="rows.json: more than 50 data rows (settings.toml [limits] max_rows)"),
    HostileCase("bad-dates.json", _bytes("bad-dates.json", lambda: _search(
        [_json_issue(f"J-{n}", created="yesterday", updated="soon") for n in range(1, 21)])),
                refused="bad-dates.json: 20 of 20 rows could not be read (first at row 1, column fields.created): not an export"),
    HostileCase("columns.csv", _text("columns.csv", HEADER.rstrip("\n") + "".join(f",Extra {i}" for i in range(60)) + "\n"
                                     + "H-1,a,Done,2026-01-01,2026-01-02,1" + "," * 60 + "\n"),
                limits={"max_columns": 50},
                refused="columns.csv: the header has 66 columns, more than the 50 allowed (settings.toml [limits] max_columns)"),
    HostileCase("cell.csv", _text("cell.csv", HEADER + "H-1," + "x" * 1_500_000 + ",Done,2026-01-01,2026-01-02,1\n"),
                refused="cell.csv: a cell in data row 1 is larger than 1 MB (settings.toml [limits] max_cell_mb)"),
    HostileCase("row.csv", _text("row.csv", HEADER + "H-1," + "x" * 600_000 + ",Done," + "y" * 600_000 + ",2026-01-02,1\n"),
                limits={"max_row_mb": 1},
                refused="row.csv: data row 1 is 1.1 MB, more than the 1 MB a row may have (settings.toml [limits] max_row_mb)"),
    HostileCase("size.csv", _text("size.csv", HEADER + good_rows(2000)), limits={"max_file_mb": 0.05},
                refused="size.csv: the file is 0.11 MB, more than the 0.05 MB allowed (settings.toml [limits] max_file_mb)"),
    HostileCase("memory.csv", _text("memory.csv", HEADER + good_rows(20)), limits={"parse_memory_mb": 64},
                refused="memory.csv: reading the file needs more than 64 MB of memory"),
    # The reader of 150,000 rows now needs about 1 s of CPU (the limit is whole CPU seconds):
    # 600,000 rows need about 3 s, so the file stays over the limit on a faster machine.
    HostileCase("slow.csv", _text("slow.csv", HEADER + good_rows(600_000)), limits={"parse_seconds": 1},
                refused="slow.csv: reading the file took longer than 1 s (settings.toml [limits] parse_seconds)"),
    # --- JSON an attacker or a script wrote: one line each, never a traceback (the JSON
    # importer's own wording for these, naming the field, is the fidelity branch's)
    HostileCase("labels-number.json", _bytes("labels-number.json", _search([_json_issue("J-1", labels=5)])),
                accepted={"issues": 1, "rejects": {
                    ("fields.labels", 'labels are not a list (expected like ["tech-debt"]): ignored')}}),
    HostileCase("year-9999.json", _bytes("year-9999.json", _search([_json_issue("J-1", created="9999-12-31T23:59:59.000+0500")])),
                accepted={"issues": 1, "rejects": {
                    ("Created", "implausible date (outside 1970–2100, settings.toml [limits]) on J-1: value cleared")}}),
    HostileCase("huge-number.json", _bytes("huge-number.json", b'{"issues": [{"key": "J-1", "fields": {"customfield_10016": '
                                           + b"9" * 5000 + b"}}]}"),
                refused="huge-number.json: "),
    # --- valid files that used to be refused, and implausible values that become rejects
    HostileCase("utf16.csv", _text("utf16.csv", "\ufeff" + HEADER + good_rows(3), "utf-16-le"), accepted={"issues": 3}),
    HostileCase("utf16-no-bom.csv", _text("utf16-no-bom.csv", HEADER + good_rows(3), "utf-16-be"), accepted={"issues": 3}),
    # found by tests/test_fuzz_import.py: a UTF-16 file (with its BOM) starting with Excel's sep= line
    HostileCase("excel-utf16.csv", _text("excel-utf16.csv", "\ufeffsep=;\r\n" + (HEADER + good_rows(3)).replace(",", ";"),
                                         "utf-16-le"), accepted={"issues": 3}),
    HostileCase("excel.csv", _text("excel.csv", "sep=;\r\n" + (HEADER + good_rows(3)).replace(",", ";")), accepted={"issues": 3}),
    HostileCase("mixed-endings.csv", _bytes("mixed-endings.csv", HEADER.encode().replace(b"\n", b"\r\n")
                                            + b'H-1,"first\rsecond",Done,2026-01-01,2026-01-02,1\n'
                                            + b"H-2,b,Done,2026-01-01,2026-01-03,2\r\nH-3,c,Done,2026-01-01,2026-01-04,3\n"),
                accepted={"issues": 3, "summary": ("H-1", "first\rsecond")}),
    HostileCase("year-9999.csv", _text("year-9999.csv", HEADER + good_rows(3)
                                       + "H-4,x,Done,0001-01-01 00:00,9999-12-31 23:59,1\n"),
                accepted={"issues": 4, "as_of": "2026-02-04", "rejects": {
                    ("Created", "implausible date (outside 1970–2100, settings.toml [limits]) on H-4: value cleared"),
                    ("Updated", "implausible date (outside 1970–2100, settings.toml [limits]) on H-4: value cleared")}}),
    HostileCase("points.csv", _text("points.csv", HEADER + "".join(
        f"P-{n},x,Done,2026-01-01,2026-01-02,{value}\n" for n, value in enumerate(["NaN", "inf", "-inf", "1e309", "-5", "2"], 1))),
                accepted={"issues": 6, "points": {"P-6": 2.0}, "rejects": {
                    ("Story points", "story points not a finite number on P-1: value cleared"),
                    ("Story points", "story points not a finite number on P-2: value cleared"),
                    ("Story points", "story points not a finite number on P-3: value cleared"),
                    ("Story points", "story points not a finite number on P-4: value cleared"),
                    ("Story points", "negative story points on P-5: value cleared")}}),
    HostileCase("big-cell.csv", _text("big-cell.csv", HEADER + good_rows(40) + "H-41," + "x" * (40 * 1024 * 1024)
                                      + ",Done,2026-01-01,2026-01-02,1\n" + GOOD_ROW.format(n=42, d=2)),
                limits={"max_cell_mb": 64}, accepted={"issues": 42}),
    HostileCase("wide.csv", _text("wide.csv", HEADER.rstrip("\n") + "".join(f",Extra {i}" for i in range(1500)) + "\n"
                                  + "H-1,a,Done,2026-01-01,2026-01-02,1" + ",v" * 1500 + "\n"),
                accepted={"issues": 1}),
]


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "hostile-inputs")
    out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        folder = out / case.name.replace("/", "_")
        folder.mkdir(exist_ok=True)
        print(case.build(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
