"""Text from an export is data, never markup: escaping for everything Streamlit renders
as Markdown (st.markdown, st.caption, st.info/success/warning/error messages, expander,
metric and widget labels).

`&`, `<` and `>` become HTML entities and every other ASCII punctuation character is
backslash-escaped, both of which CommonMark guarantees to render as the character itself;
that covers links and images (`[`, `]`, `(`, `!`),
emphasis, headings, lists, tables, raw HTML (`<`, `&`), Streamlit's colour and icon
directives (`:red[...]`, `:material/...:`) and its LaTeX (`$`). Line breaks become spaces
so a value cannot start a block of its own (a heading, a list, a code block).

Escapes do not stop GitHub-flavoured Markdown from turning a bare `http://...`, `www....`
or e-mail address into a link (it looks at the text after escapes are resolved), so an
invisible WORD JOINER (U+2060) goes after `:` in `://`, after `www` and after `@`.
"""
from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

# "/" alone is left bare: it is no Markdown syntax on its own, and paths stay readable.
_ESCAPED = {ord(char): "\\" + char for char in string.punctuation if char != "/"}
_ESCAPED.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_ESCAPED.update({ord("\r"): " ", ord("\n"): " ", ord("\t"): " ", ord("\v"): " ", ord("\f"): " ",
                 0x2028: " ", 0x2029: " "})
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?i:\bwww)(?=\.)|@")


def md(text: object) -> str:
    """`text` (any value; None becomes "") made safe to place inside a Markdown string:
    it shows exactly as written and nothing in it becomes a link, an image or markup."""
    if text is None:
        return ""
    return _AUTOLINK.sub("\\g<0>" + WORD_JOINER, str(text)).translate(_ESCAPED)


def md_list(values, separator: str = ", ") -> str:
    """Several values joined for Markdown, each escaped (the separator is ours, not data)."""
    return separator.join(md(value) for value in values)


def web_link(url: object) -> str | None:
    """`url` when it is an http(s) address, else None: a link column never offers a
    javascript:, data: or file: link that came with an export."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def file_name(text: str) -> str:
    """A download's file name that may hold a team or version name: letters, digits, '.',
    '-' and '_' only (anything else becomes '_'), so it cannot name a folder or hide an
    extension."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "table.csv"
