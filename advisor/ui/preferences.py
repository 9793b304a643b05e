"""The apps' side of the preferences file (``advisor.config``): the saved theme, applied and kept.

Both apps (the questionnaire and the facilitator view) call ``keep_theme``
once mounted: it applies the saved theme if Textual knows it, says so in a
notification if it does not or if the file has problems, and saves every
theme the person picks afterwards (Ctrl+P, "Theme").
A preference never stops the app: a file that cannot be read or written is
a notification, and the default theme is used.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from .. import config
from ..errors import AdvisorError
from .texts import t

_TIMEOUT = 15  # seconds: these name a file and a line to fix, so they stay long enough to read


def keep_theme(app: App[Any], *, save: bool = True, warn: bool = True) -> config.Config:
    """Apply the saved theme to ``app`` and, with ``save``, save the ones picked later.

    ``warn``: notify the config file's problems (they name its path, so not in
    a browser). Returns the preferences as read.
    """
    prefs = config.load()
    if warn:
        for warning in prefs.warnings:
            app.notify(t("config.warning", problem=warning), severity="warning", timeout=_TIMEOUT, markup=False)
    if not prefs.is_default("theme"):
        if prefs.theme in app.available_themes:
            app.theme = prefs.theme
        elif warn:
            app.notify(t("config.unknown_theme", theme=prefs.theme, path=prefs.path), severity="warning",
                       timeout=_TIMEOUT, markup=False)
    if save:
        _save_changes(app, app.theme)
    return prefs


def _save_changes(app: App[Any], current: str) -> None:
    """Save the theme each time it changes from ``current`` (the theme the file holds, or the default)."""
    saved = current

    def changed(theme: Theme) -> None:
        nonlocal saved
        if theme.name == saved:  # the theme just applied from the file, or the same one picked again
            return
        try:
            config.save(theme=theme.name)
        except AdvisorError as exc:
            app.notify(t("config.save_failed", reason=exc), severity="warning", timeout=_TIMEOUT, markup=False)
            return
        saved = theme.name

    app.theme_changed_signal.subscribe(app, changed)
