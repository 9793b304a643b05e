"""Every key of the questionnaire, in one table: the bindings, the footer, the help screen (F1) and the README.

Each screen (and each answer control, since the focused control decides
what Enter and the digits do) has a *scope* here, a tuple of ``Key``. A
screen's ``BINDINGS`` come from ``bindings(scope)``; the footer shows the
keys marked ``footer`` (few, so they fit in 80 columns); the help screen
lists all of a screen's scopes with their longer descriptions; and
``markdown_table()`` is the README's table of keys, which a test compares
with the README. Descriptions are in the app's strings
(``keys.<name>`` short, for the footer; ``key_help.<name>`` long, for the
help screen and the README), so a translation needs no code.

No Textual at import time: ``bindings`` imports it when called.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .localize import register
from .texts import t

if TYPE_CHECKING:
    from textual.binding import BindingType


@dataclass(frozen=True)
class Key:
    """One key (or several that do the same), what it does and where it shows."""

    keys: str             # Textual key names, comma-separated: "left,pageup"
    action: str           # the Textual action: "screen.back", "choose(1)"
    name: str             # the strings' name: keys.<name> and key_help.<name>
    display: str = ""     # how the footer and the help screen write the keys: "←"
    footer: bool = True   # in the footer (the help screen lists every key)
    priority: bool = False
    listed: bool = True   # in the help screen and the README (False: an alias written with another key)

    @property
    def label(self) -> str:
        """The footer's word for it."""
        return t(f"keys.{self.name}")

    @property
    def help(self) -> str:
        """The help screen's sentence for it."""
        return t(f"key_help.{self.name}")


# The scopes. Order is the footer's and the help screen's order.
KEYS: dict[str, tuple[Key, ...]] = {
    # Everywhere in the questionnaire.
    "app": (
        Key("f1", "app.help", "help_screen", "F1"),
        Key("ctrl+q", "app.quit", "quit", "^q", priority=True),
        Key("ctrl+p", "app.command_palette", "palette", "^p", footer=False),
    ),
    "start": (
        Key("ctrl+n", "start", "start", "^n"),
        Key("ctrl+o", "open", "open", "^o"),
        Key("delete", "discard", "discard", "Del", footer=False),
    ),
    # A question, whatever its control. Keys a text field would swallow (?, r, s) are hidden
    # while a number field has the focus (QuestionScreen.check_action), and F2 stands in for ?.
    "question": (
        Key("question_mark", "toggle_help", "why", "?"),
        Key("f2", "why", "why", "F2", listed=False),
        Key("r", "review", "review", "r"),
        Key("s", "toggle_scores", "scores", "s", footer=False),
        Key("escape", "leave", "leave", "Esc", footer=False),
        Key("ctrl+e", "app.export", "export", "^e", footer=False),
        Key("ctrl+s", "app.save_answers", "save_answers", "^s", footer=False),
    ),
    "choice": (
        Key("left,pageup", "screen.back", "back", "←"),
        Key("right,pagedown", "screen.skip", "next", "→"),
        Key("enter", "select", "choose_next", "Enter", footer=False),
        *(Key(str(n), f"choose({n})", "choose", "1-9", footer=False, listed=n == 1) for n in range(1, 10)),
    ),
    "multi": (
        Key("space", "toggle_tick", "tick", "Space"),
        Key("left,pageup", "screen.back", "back", "←"),
        Key("right,pagedown", "screen.skip", "next", "→"),
        Key("enter", "go_on", "multi_next", "Enter", footer=False),
        *(Key(str(n), f"tick({n})", "tick_number", "1-9", footer=False, listed=n == 1) for n in range(1, 10)),
    ),
    "number": (
        Key("enter", "submit", "number_next", "Enter"),
        Key("pageup", "screen.back", "back", "PgUp"),
        Key("pagedown", "screen.skip", "next", "PgDn", footer=False),
        # A text field takes Ctrl+E for "end of line" (End does that too): here it exports, as everywhere.
        Key("ctrl+e", "app.export", "export", "^e", footer=False, listed=False),
    ),
    "review": (
        Key("enter", "change", "edit", "Enter"),
        Key("v", "result", "result", "v"),
        Key("escape", "back", "close_screen", "Esc"),
        Key("ctrl+e", "app.export", "export", "^e", footer=False),
        Key("ctrl+s", "app.save_answers", "save_answers", "^s", footer=False),
    ),
    "result": (
        Key("e,ctrl+e", "app.export", "export", "e"),
        Key("r", "review", "review", "r"),
        Key("escape", "back", "close_screen", "Esc"),
        Key("ctrl+s", "app.save_answers", "save_answers", "^s", footer=False),
    ),
}

# What the help screen and the README call each scope.
SCOPE_TITLES = {"app": "everywhere", "start": "start", "question": "question", "choice": "choice",
                "multi": "multi", "number": "number", "review": "review", "result": "result"}


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of ``scope``, with the footer's words and display."""
    from textual.binding import Binding

    made: list[BindingType] = []
    for key in KEYS[scope]:
        display = _DISPLAY_NAMES.get(key.display, "")
        # Kept in the app's language (localize.py): the footer's word, and a key written in words.
        register(f"{key.name}-{key.keys}", f"keys.{key.name}", f"key_names.{display}" if display else "")
        made.append(Binding(key.keys, key.action, key.label, show=key.footer,
                            key_display=t(f"key_names.{display}") if display else key.display or None,
                            priority=key.priority, id=f"{key.name}-{key.keys}"))
    return made


# The footer's ways of writing a key that are words, and their strings (key_names.<name>). "Space"
# stays as it is in the footer: "Espacio" would push "F1" off a Spanish multiple choice's footer at
# 80 columns (the help screen writes it in full).
_DISPLAY_NAMES = {"PgUp": "pageup", "PgDn": "pagedown", "Del": "delete"}


def help_rows(scopes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(scope title, keys as written, what they do) for the help screen, the scopes in order then "app"."""
    rows = []
    for scope in (*scopes, "app"):
        seen: set[str] = set()
        for key in KEYS[scope]:
            if not key.listed or key.name + key.display in seen:
                continue
            seen.add(key.name + key.display)
            rows.append((t(f"key_scopes.{SCOPE_TITLES[scope]}"), _written(key), key.help))
    return rows


def _written(key: Key) -> str:
    """The keys as the README and the help screen write them: "← or PgUp", "e or ^e" (in the app's language)."""
    names = {"pageup": t("key_names.pageup"), "pagedown": t("key_names.pagedown"), "left": "←", "right": "→",
             "enter": "Enter", "escape": "Esc", "space": t("key_names.space"), "delete": t("key_names.delete"),
             "question_mark": "?"}
    if key.display == "1-9":
        return "1-9"
    written = []
    for name in key.keys.split(","):
        if name.startswith("ctrl+"):
            written.append("Ctrl+" + name[5:].upper())
        elif name.startswith("f") and name[1:].isdigit():
            written.append(name.upper())
        else:
            written.append(names.get(name, name))
    return f" {t('key_names.or')} ".join(written)


def markdown_table() -> str:
    """The README's table of keys: every listed key of every scope, grouped by scope."""
    lines = ["| where | key | does |", "|---|---|---|"]
    for scope in KEYS:
        first = True
        for key in KEYS[scope]:
            if not key.listed:
                continue
            where = t(f"key_scopes.{SCOPE_TITLES[scope]}") if first else ""
            first = False
            lines.append(f"| {where} | {_written(key)} | {key.help} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m advisor.ui.keys: the README's table, to paste
    print(markdown_table())
