"""Text from rulesets and answers files is data: never a terminal command, never markup.

Two helpers every client uses at its boundary:

- ``strip_controls`` removes the characters a terminal would act on (C0 and
  C1 controls such as ESC, which start the sequences that retitle a window or
  clear the screen, and DEL), keeping newlines and tabs. Unicode format
  characters that reorder text (bidi overrides) go too, so a company name
  cannot make a line read backwards.
- ``md_escape`` makes a value render in Markdown as exactly the text it is:
  no heading, list, link, image, table cell break, emphasis or HTML can come
  out of it.

And ``slug``, for a file named after a name somebody typed.
"""

from __future__ import annotations

import re

# C0 except \t and \n, DEL, C1; and the bidi embedding/override/isolate marks. The
# patterns below are strings: re compiles each on first use (and caches it), so a
# command that escapes nothing does not pay for compiling them at import.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0), *range(0x202a, 0x202f),
                           *range(0x2066, 0x206a)])  # a str.translate table: deletes them
# Characters CommonMark (and GFM tables) give a meaning to anywhere in a line.
# Hyphens, dots and parentheses only matter at the start of a line; see below.
_INLINE = r"([\\`*_\[\]<>#|~&])"
# What would start a block if the value began a line: a list item ("- ",
# "+ ", "1. ", "1) "), a quote (handled by `>` above), a setext underline or
# a thematic break ("===", "---"). "1.0.0" or "-5%" start nothing and stay as they are.
_LINE_START = r"^(\s*)([-+=](?=[\s=-]|$)|[0-9]{1,9}[.)](?=\s|$))"


def strip_controls(text: str) -> str:
    """``text`` without terminal control characters (newlines and tabs stay)."""
    return text.translate(_CONTROLS)


def one_line(text: str) -> str:
    """``text`` with its control characters removed and line breaks turned into spaces."""
    return " ".join(strip_controls(text).replace("\t", " ").split())


# Anything md_escape would change: a report has some 300 values, most of them plain words.
_NEEDS_WORK = (r"[\\`*_\[\]<>#|~&\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|^[-+=0-9]"
               r"|[^\S ]|\s\s|^\s|\s$")


def md_escape(text: str) -> str:
    """``text`` escaped so that Markdown shows it literally, on one line."""
    if re.search(_NEEDS_WORK, text) is None:
        return text
    flat = one_line(text)
    escaped = re.sub(_INLINE, r"\\\1", flat)
    return re.sub(_LINE_START, _escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.groups()
    if mark[-1] in ".)":  # an ordered-list number: escape its dot or parenthesis
        return lead + mark[:-1] + "\\" + mark[-1]
    return lead + "\\" + mark


def slug(text: str, limit: int = 40) -> str:
    """``text`` as a file name stem: ASCII lowercase letters, digits and single hyphens, or "".

    Accents are dropped ("José" -> "jose"); everything else (slashes, dots,
    spaces, emoji, controls) becomes a hyphen, and the ends lose theirs, so
    the stem can neither leave its folder nor hide the file. At most
    ``limit`` characters, never ending with a hyphen.
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].rstrip("-")
