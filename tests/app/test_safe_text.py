"""app.safe_text.md: text from an export shows as written in Streamlit Markdown."""
from __future__ import annotations

import html
import re
import string

from hypothesis import given, strategies as st

from app.safe_text import WORD_JOINER, md, md_list


def _unescaped(markdown: str) -> str:
    """What a CommonMark renderer shows for a string of backslash escapes and plain text."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")
    return html.unescape(text)


def test_image_link_and_html_become_escapes():
    assert md("![x](http://evil.invalid/x.png)") == "\\!\\[x\\]\\(http\\:\u2060//evil\\.invalid/x\\.png\\)"
    assert md("<img src=x onerror=alert(1)>") == r"&lt;img src\=x onerror\=alert\(1\)&gt;"
    assert md("*bold* <b>x</b> & [a](b)") == r"\*bold\* &lt;b&gt;x&lt;/b&gt; &amp; \[a\]\(b\)"
    assert md("[a](javascript:alert(1))") == r"\[a\]\(javascript\:alert\(1\)\)"


def test_streamlit_directives_and_latex_are_escaped():
    assert md(":red[alarm] :material/home: $x$") == r"\:red\[alarm\] \:material/home\: \$x\$"


def test_line_breaks_cannot_start_a_block():
    assert md("team\n# heading\r\n- item") == r"team \# heading  \- item"


def test_none_and_numbers():
    assert md(None) == ""
    assert md(5) == "5"
    assert md_list(["a_b", "c*d"]) == r"a\_b, c\*d"


@given(st.text(alphabet=string.printable + "äé€", min_size=1))
def test_every_markup_character_is_escaped(text):
    escaped = md(text)
    # No punctuation is left bare (each is preceded by the backslash that escapes it) ...
    bare = re.sub(r"\\[!-/:-@\[-`{-~]|&(amp|lt|gt);", "", escaped)
    assert not any(char in string.punctuation.replace("/", "") for char in bare)
    assert not any(char in "\r\n" for char in escaped)
    # ... and a renderer shows the text itself (line breaks as spaces).
    assert _unescaped(escaped) == re.sub(r"[\r\n\t\v\f]", " ", text)


def test_plain_words_stay():
    assert md("Platform team") == "Platform team"


def test_web_link_keeps_only_http_addresses():
    from app.safe_text import web_link
    assert web_link("https://jira.example.com/browse/A-1") == "https://jira.example.com/browse/A-1"
    assert web_link(" HTTP://x.example/y ") == "HTTP://x.example/y"
    assert [web_link(u) for u in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                  "file:///etc/passwd", "//evil.invalid/x", "", None, 5)] == [None] * 8


def test_file_name_from_data_is_plain():
    from app.safe_text import file_name
    assert file_name("balance_drift_Team <img src=x>/../x\n_month.csv") == "balance_drift_Team_img_src_x_.._x__month.csv"
    assert file_name("categories.csv") == "categories.csv"
    assert file_name("../") == "table.csv"


def test_bare_addresses_cannot_become_links():
    # GitHub-flavoured Markdown links http://..., www.... and e-mail addresses in plain text.
    escaped = md("see http://evil.invalid, WWW.evil.invalid or eve@evil.invalid")
    assert "://" not in escaped and "www\\." not in escaped.lower() and "@evil" not in escaped
    assert escaped.replace(WORD_JOINER, "") == r"see http\://evil\.invalid\, WWW\.evil\.invalid or eve\@evil\.invalid"
