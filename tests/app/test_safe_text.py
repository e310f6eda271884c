"""Export text shown through st.markdown stays literal text."""
from app.safe_text import md


def test_markdown_and_html_specials_are_escaped():
    assert md("*bold* <b>x</b> & [a](b)") == r"\*bold\* &lt;b&gt;x&lt;/b&gt; &amp; \[a\]\(b\)"


def test_streamlit_directives_and_newlines_are_neutral():
    assert md(":red[alarm] $x$\nnext") == r"\:red\[alarm\] \$x\$ next"


def test_none_is_empty_and_plain_words_stay():
    assert md(None) == ""
    assert md("Platform team") == "Platform team"
