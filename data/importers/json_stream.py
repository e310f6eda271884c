"""Reading a large JSON file one item at a time, never the whole text at once.

A Jira REST search response of a million issues is a gigabyte of text; `json.load` of it
holds the text and ten gigabytes of Python objects. `JsonStream` reads the file in blocks
through an incremental UTF-8 decoder and decodes one value at a time with the standard
library's `JSONDecoder.raw_decode` over a sliding buffer: the top-level object's members
one by one, and the items of the arrays a caller asks to stream one by one, so what is in
memory is one block plus one item.

Errors read as `json.loads` words them, on one line with the position in the whole file:
"FILE: the JSON is incomplete or invalid (line L, column C): Expecting ',' delimiter".
"""
from __future__ import annotations

import codecs
import gc
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from config.limits import MB, Limits
from data.errors import ImportRefused

BLOCK_BYTES = 1 << 20
# One item (an issue with its changelog) larger than this is refused rather than buffered:
# the same bound as one row of a CSV export.
MAX_ITEM_CHARS = Limits().max_row_bytes
_WHITESPACE = " \t\n\r"
# Within this many characters of the buffer's end a decoding error may only mean the value
# goes on in the next block (a literal or an escape cut in two).
_CUT_MARGIN = 16


@contextmanager
def paused_gc():
    """The cyclic garbage collector off for a pass over a file: decoded items hold no
    cycles (reference counting frees them), and the collector would otherwise walk the
    millions of young dicts and lists a large file makes (a third of the import's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class JsonStream:
    """One pass over a JSON file. Use `top()` to learn the shape, then `members()` for an
    object or `items()` for an array; each value is decoded when it is reached."""

    def __init__(self, path: Path, file_name: str, block_bytes: int = BLOCK_BYTES,
                 max_item_chars: int = MAX_ITEM_CHARS):
        self.file_name = file_name
        self._block_bytes = block_bytes
        self._max_item_chars = max_item_chars
        try:
            self._handle = Path(path).open("rb")
        except IsADirectoryError:
            raise ImportRefused(f"{file_name}: is a folder, not an export file") from None
        except OSError as exc:
            raise ImportRefused(f"{file_name}: cannot be read ({exc.strerror or exc})") from None
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self._json = json.JSONDecoder()
        self._bytes_read = 0
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1           # line and column (0-based) of the buffer's first character
        self._column = 0

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "JsonStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- shape ---------------------------------------------------------------------------
    def top(self) -> str:
        """'object', 'array' or 'value' (a scalar, or nothing at all: 'value' then fails
        on `value()` with json's own message)."""
        char = self._peek()
        return {"{": "object", "[": "array"}.get(char, "value")

    def members(self, streamed: tuple[str, ...] = ()) -> Iterator[tuple[str, object]]:
        """The top-level object's (key, value) pairs in file order. A member named in
        `streamed` whose value is an array comes as an iterator of its items, to be read
        before the next member (what is left unread is skipped)."""
        self._expect("{")
        if self._peek() == "}":
            self._pos += 1
        else:
            while True:
                if self._peek() != '"':
                    self._fail("Expecting property name enclosed in double quotes")
                key = self.value()
                if self._peek() != ":":
                    self._fail("Expecting ':' delimiter")
                self._pos += 1
                if key in streamed and self._peek() == "[":
                    items = self.items()
                    yield key, items
                    for _ in items:   # the caller stopped early: skip the rest
                        pass
                else:
                    yield key, self.value()
                char = self._peek()
                self._pos += 1
                if char == "}":
                    break
                if char != ",":
                    self._pos -= 1
                    self._fail("Expecting ',' delimiter")
        self._end()

    def items(self) -> Iterator[object]:
        """The items of the array at the current position, one at a time."""
        self._expect("[")
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            char = self._peek()
            self._pos += 1
            if char == "]":
                return
            if char != ",":
                self._pos -= 1
                self._fail("Expecting ',' delimiter")

    def root_items(self) -> Iterator[object]:
        """The items of a top-level array, then a check that nothing follows it."""
        yield from self.items()
        self._end()

    def value(self) -> object:
        """The next complete JSON value, read across as many blocks as it spans."""
        self._peek()
        while True:
            try:
                value, end = self._json.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._eof or not self._may_continue(exc):
                    self._fail(exc.msg, exc.pos)
                self._more()
                continue
            except RecursionError:
                raise ImportRefused(f"{self.file_name}: the JSON is nested too deeply to be a Jira REST export") from None
            except ValueError as exc:   # e.g. a number with more digits than Python converts
                text = " ".join(str(exc).split())[:200] or type(exc).__name__
                raise ImportRefused(f"{self.file_name}: the JSON holds a value that cannot be read ({text})") from None
            if not self._eof and (end == len(self._buf) or (
                    end >= len(self._buf) - _CUT_MARGIN and isinstance(value, (int, float)))):
                self._more()            # a number may go on in the next block ("89." of "89.5e2")
                continue
            self._pos = end
            return value

    # --- the buffer ----------------------------------------------------------------------
    def _may_continue(self, exc: json.JSONDecodeError) -> bool:
        return exc.pos >= len(self._buf) - _CUT_MARGIN or exc.msg.startswith("Unterminated string")

    def _more(self) -> None:
        """Drop what has been read, append the next block; refuse an item beyond the cap."""
        if self._pos:
            done = self._buf[:self._pos]
            newlines = done.count("\n")
            if newlines:
                self._line += newlines
                self._column = len(done) - done.rfind("\n") - 1
            else:
                self._column += len(done)
            self._buf = self._buf[self._pos:]
            self._pos = 0
        if len(self._buf) > self._max_item_chars:
            raise ImportRefused(
                f"{self.file_name}: one item of the JSON (from line {self._line:,}) is larger than "
                f"{self._max_item_chars / MB:,.0f} MB; not a tracker export")
        # At least as much again as is buffered: an item spanning many blocks is re-parsed
        # a logarithmic, not a linear, number of times.
        block = self._handle.read(max(self._block_bytes, len(self._buf)))
        try:
            text = self._decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{self.file_name}: not UTF-8 text (byte {self._bytes_read + exc.start}); "
                                "a Jira REST export is UTF-8 JSON") from None
        self._bytes_read += len(block)
        self._eof = not block
        self._buf += text

    def _peek(self) -> str:
        """The next character that is not whitespace ('' at the end of the file)."""
        while True:
            buf, pos = self._buf, self._pos
            while pos < len(buf) and buf[pos] in _WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < len(buf):
                return buf[pos]
            if self._eof:
                return ""
            self._more()

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            self._fail("Expecting value" if char in "{[" else f"Expecting '{char}'")
        self._pos += 1

    def _end(self) -> None:
        if self._peek() != "":
            self._fail("Extra data")

    def _fail(self, message: str, pos: int | None = None) -> None:
        pos = self._pos if pos is None else pos
        before = self._buf[:pos]
        newlines = before.count("\n")
        line = self._line + newlines
        column = (pos - before.rfind("\n")) if newlines else self._column + pos + 1
        raise ImportRefused(
            f"{self.file_name}: the JSON is incomplete or invalid (line {line}, column {column}): {message}")
