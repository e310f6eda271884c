"""Export text is data, never markup: the escaping each briefing format needs.

Files leave the app, so their rules differ from the page's (app/safe_text.md): a Markdown
file keeps its full stops and commas readable, a deck's chart data is a workbook.
"""
from __future__ import annotations

import html
import re

# What can start markup inside a line of Markdown (GitHub, wikis, chat): emphasis, code,
# links and images, raw HTML and entities, table cells, strike-through, maths. Full stops,
# commas and hyphens stay readable: no value here starts a line (the renderer does).
_MARKDOWN = {ord(char): "\\" + char for char in "\\`*_[]()<>&|!~$#{}"}
_MARKDOWN.update({ord(c): " " for c in "\r\n\t\v\f\u2028\u2029"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (python-pptx would refuse them): control characters.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def markdown(text: object) -> str:
    """Markup characters backslash-escaped (CommonMark shows them as themselves): no link,
    image, emphasis, table cell or raw HTML can come from the value; line breaks become spaces."""
    return "" if text is None else str(text).translate(_MARKDOWN)


def html_text(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def plain(text: object) -> str:
    """Plain text for PowerPoint runs: no control characters (python-pptx sets text as
    text, never as fields or hyperlinks, so nothing else can take effect)."""
    return _XML_INVALID.sub(" ", "" if text is None else str(text))


def spreadsheet_cell(text: object) -> str:
    """A label bound for a spreadsheet cell (PowerPoint's chart data is a workbook):
    a value that would start a formula gets a leading apostrophe."""
    value = plain(text)
    return "'" + value if value.startswith(FORMULA_START) else value
