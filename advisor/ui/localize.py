"""Changing the app's language while it runs: the footer's words included.

Textual reads a class's ``BINDINGS`` once, when the class is made, and
copies them into each widget and screen as it is created; a binding's
description is a plain string. So the words of the footer are those of the
language at import time, unless they are put right afterwards. Every binding
of ours is made by ``binding`` (or ``keys.bindings``), which records the
strings key of its description under the binding's id; ``localize`` then
rewrites the description of every such binding, in the classes (for the
widgets still to come) and in every node on screen, in the language
``texts`` speaks now, and asks the footer to redraw.

The rest of what a screen says is composed from ``t`` when it is built, so
the app rebuilds its screens after a change (``AdvisorApp.switch_language``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from .texts import t

if TYPE_CHECKING:
    from textual.app import App, SystemCommand
    from textual.binding import Binding, BindingsMap
    from textual.command import CommandPalette

_TEXT_KEYS: dict[str, str] = {}  # binding id -> the strings key of its description
_DISPLAY_KEYS: dict[str, str] = {}  # binding id -> the strings key of how the footer writes its key ("Space")


def binding(keys: str, action: str, text_key: str, *, id: str, **options: Any) -> Binding:
    """A Textual Binding whose description is the text at ``text_key``, kept in the app's language."""
    from textual.binding import Binding

    known = _TEXT_KEYS.setdefault(id, text_key)
    if known != text_key:  # an id names one text, or relabelling would mix them up
        raise ValueError(f"binding id {id!r} already names {known!r}, not {text_key!r}")
    return Binding(keys, action, t(text_key), id=id, **options)


def register(id: str, text_key: str, display_key: str = "") -> None:
    """Record the strings keys of the description (and of the key as written) of a binding made elsewhere."""
    _TEXT_KEYS[id] = text_key
    if display_key:
        _DISPLAY_KEYS[id] = display_key


def relabelled(bindings: BindingsMap) -> BindingsMap:
    """``bindings`` with each of our descriptions in the current language (Textual's own left as they are)."""
    from textual.binding import BindingsMap

    def fresh(b: Binding) -> Binding:
        key = _TEXT_KEYS.get(b.id or "")
        if not key:
            return b
        display = _DISPLAY_KEYS.get(b.id or "")
        return dataclasses.replace(b, description=t(key), key_display=t(display) if display else b.key_display)

    return BindingsMap.from_keys({key: [fresh(b) for b in found] for key, found in bindings.key_to_bindings.items()})


def _our_classes() -> Iterator[type]:
    from textual.dom import DOMNode

    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("advisor."):
            yield cls


def localize(app: App[Any]) -> None:
    """Put every binding of ours, in every class and on every node of ``app``, in the current language."""
    for cls in _our_classes():
        merged = getattr(cls, "_merged_bindings", None)
        if merged is not None:
            cls._merged_bindings = relabelled(merged)  # type: ignore[attr-defined]
    nodes: list[Any] = [app]
    for screen in app.screen_stack:
        nodes.append(screen)
        nodes.extend(screen.walk_children(with_self=False))
    for node in nodes:
        node._bindings = relabelled(node._bindings)
    app.refresh_bindings()


# Textual's own commands in the palette, by the English words Textual gives them: the strings keys of
# their title and help (palette.<key> and palette.<key>_help). A command not listed keeps Textual's words.
_TEXTUAL_COMMANDS = {
    ("Theme", "Change the current theme"): "theme",
    ("Quit", "Quit the application as soon as possible"): "quit",
    ("Keys", "Hide the keys and widget help panel"): "keys_hide",
    ("Keys", "Show help for the focused widget and a summary of available keys"): "keys_show",
    ("Minimize", "Minimize the widget and restore to normal size"): "minimize",
    ("Maximize", "Maximize the focused widget"): "maximize",
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"): "screenshot",
}


def textual_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's own palette commands with their title and help in the current language."""
    from textual.app import SystemCommand

    for command in commands:
        key = _TEXTUAL_COMMANDS.get((command.title, command.help))
        if key is None:
            yield command
        else:
            yield SystemCommand(t(f"palette.{key}"), t(f"palette.{key}_help"), command.callback, command.discover)


def command_palette(app: App[Any]) -> None:
    """Open the command palette with its prompt in the current language (Textual's own action, reworded)."""
    from textual.command import CommandPalette

    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(_palette_class()(id="--command-palette", placeholder=t("palette.placeholder")))


@cache
def _palette_class() -> type[CommandPalette]:
    """Textual's command palette, saying "No matches found" in the current language.

    Textual writes that line inside a private method; ours is the same
    method with our words, and gives way to Textual's own should a later
    Textual no longer have the attributes it uses.
    """
    from rich.align import Align
    from rich.text import Text
    from textual.command import CommandList, CommandPalette
    from textual.widgets.option_list import Option

    class Palette(CommandPalette):
        def _start_no_matches_countdown(self, search_value: str) -> None:
            needed = ("_stop_no_matches_countdown", "_NO_MATCHES", "_NO_MATCHES_COUNTDOWN", "_no_matches_timer")
            if not all(hasattr(self, name) for name in needed):  # pragma: no cover - another Textual
                super()._start_no_matches_countdown(search_value)
                return
            self._stop_no_matches_countdown()

            def show() -> None:
                if search_value:
                    self.query_one(CommandList).add_option(
                        Option(Align.center(Text(t("palette.no_matches"), style="not bold")), disabled=True,
                               id=self._NO_MATCHES))
                    self._list_visible = True
                else:  # discovering: nothing to say when nothing is listed
                    self._list_visible = False

            self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)

    return Palette
