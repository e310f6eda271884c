"""Text from an export is data, never markup: escaping for everything Streamlit renders
as Markdown (st.markdown, st.caption, st.info/success/warning/error messages, expander,
metric and widget labels).

`&`, `<` and `>` become HTML entities and every other ASCII punctuation character is
backslash-escaped, both of which CommonMark guarantees to render as the character itself;
that covers links and images (`[`, `]`, `(`, `!`),
emphasis, headings, lists, tables, raw HTML (`<`, `&`), Streamlit's colour and icon
directives (`:red[...]`, `:material/...:`) and its LaTeX (`$`). Line breaks become spaces
so a value cannot start a block of its own (a heading, a list, a code block).
"""
from __future__ import annotations

import string

# "/" alone is left bare: it is no Markdown syntax on its own, and paths stay readable.
_ESCAPED = {ord(char): "\\" + char for char in string.punctuation if char != "/"}
_ESCAPED.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_ESCAPED.update({ord("\r"): " ", ord("\n"): " ", ord("\t"): " ", ord("\v"): " ", ord("\f"): " ",
                 0x2028: " ", 0x2029: " "})


def md(text: object) -> str:
    """`text` (any value; None becomes "") made safe to place inside a Markdown string:
    it shows exactly as written and nothing in it becomes a link, an image or markup."""
    if text is None:
        return ""
    return str(text).translate(_ESCAPED)


def md_list(values, separator: str = ", ") -> str:
    """Several values joined for Markdown, each escaped (the separator is ours, not data)."""
    return separator.join(md(value) for value in values)
