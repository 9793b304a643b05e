"""The app's words as Textual Content: ``tc`` and ``plain``, on top of ``advisor.texts``.

Text that comes from a ruleset or an answers file is data, never markup:
Textual would turn ``[CRM]`` into a style, ``[@click=app.quit]`` into an
action and a stray ``[/]`` into a crash. So the app shows it through
``plain`` (or ``tc``, whose placeholders are filled after the markup of our
own text has been read), with its terminal control characters removed.
``t`` (from ``advisor.texts``, re-exported here) gives plain strings for
what Textual does not read as markup (key descriptions, file names,
notifications sent with ``markup=False``).

This module imports Textual only when ``tc`` or ``plain`` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plaintext import one_line, strip_controls
from ..texts import LANGUAGE, _current, _fields, _lookup, check, current_language, languages, set_language, t

if TYPE_CHECKING:
    from textual.content import Content

__all__ = ["LANGUAGE", "check", "current_language", "languages", "plain", "set_language", "t", "tc"]

# Textual substitutes `$name` (string.Template) inside the text of markup,
# after the tags are read; a prefix no text of ours uses keeps them apart.
_VARIABLE = "advisor_value_"


def tc(key: str, language: str | None = None, **values: object) -> Content:
    """The text at ``key`` as Textual Content: its own markup applied, the values shown as they are."""
    from textual.content import Content

    text = _lookup(key, language or _current[0])
    if not values:
        return Content.from_markup(text)
    template: list[str] = []
    variables: dict[str, str] = {}
    for literal, value in _fields(text, values):
        template.append(literal)
        if value is not None:
            name = f"{_VARIABLE}{len(variables)}"
            variables[name] = value
            template.append("${" + name + "}")
    return Content.from_markup("".join(template), **variables)


def plain(text: object, *, line: bool = False) -> Content:
    """``text`` (from a ruleset, an answers file, an error) as Content shown literally.

    ``line``: on one line, as a name or a title is shown.
    """
    from textual.content import Content

    return Content(one_line(str(text)) if line else strip_controls(str(text)))
