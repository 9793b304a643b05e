"""Text from users renders as itself: no terminal control, no Markdown structure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from advisor.plaintext import md_escape, one_line, strip_controls

HOSTILE = [
    "Acme <script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://example.com/x.png)",
    "# Owned",
    "1. first",
    "3) third",
    "- item",
    "+ item",
    "> quoted",
    "===",
    "---",
    "a | b | c",
    "**bold** _it_ ~~gone~~ `code`",
    "&amp; &#60;",
    "\\*already escaped\\*",
    "Ana_María",
]


def _rendered_text(markdown: str) -> tuple[list[str], str]:
    """The block token types and the plain text markdown-it makes of ``markdown``."""
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = md.parse(markdown)
    kinds = [t.type for t in tokens]
    inline = [t for t in tokens if t.type == "inline"]
    children = [c for t in inline for c in (t.children or [])]
    assert all(c.type in ("text", "softbreak") for c in children), [c.type for c in children]
    return kinds, "".join(c.content for c in children)


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_renders_the_literal_text(value: str) -> None:
    kinds, text = _rendered_text(md_escape(value))
    assert kinds == ["paragraph_open", "inline", "paragraph_close"]
    assert text == value


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_inside_a_list_item_and_a_table_cell(value: str) -> None:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(f"- {md_escape(value)}\n")
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["bullet_list_open", "list_item_open",
                                                                       "paragraph_open"]
    table = md.parse(f"| a | b |\n|---|---|\n| {md_escape(value)} | x |\n")
    cells = [t for t in table if t.type == "inline"]
    assert [c.content for c in cells][:2] == ["a", "b"]
    assert len(cells) == 4  # the hostile value stays in one cell


def test_md_escape_makes_one_line() -> None:
    assert md_escape("Acme\n# Heading\r\nrow") == "Acme \\# Heading row"


def test_strip_controls_removes_what_a_terminal_would_act_on() -> None:
    assert strip_controls("a\x1b]0;title\x07b\x1b[2Jc\x9bd\u202eé\tf\ng") == "a]0;titleb[2Jcdé\tf\ng"
    assert one_line("a\tb\n\nc\x00") == "a b c"


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("ab 1-+=.)*_[]<>#|~&!`\\(\t\n\u00a0\u2028\x1b\u202e")), max_size=12))
def test_any_value_renders_as_its_one_line_text(value: str) -> None:
    # Plain words skip the escaping (most of a report's values): the shortcut must never change a result.
    expected = one_line(value)
    if not expected:
        return
    kinds, text = _rendered_text(f"x {md_escape(value)}")
    assert kinds == ["paragraph_open", "inline", "paragraph_close"]
    assert text == f"x {expected}"


def test_slug_is_a_safe_short_file_name():
    from advisor.plaintext import slug

    assert slug("Café Müller & Co") == "cafe-muller-co"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert len(slug("x" * 5000)) == 40 and slug("a b", limit=2) == "a"
