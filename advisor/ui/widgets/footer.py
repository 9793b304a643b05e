"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer removes and mounts all its keys again whenever its screen
publishes its bindings: on every focus change, every screen push or
resume, every ``refresh_bindings``. Each rebuild mounts a widget per key and
styles it (a ``set_class`` each for the compact look). Measured on the
result screen: five rebuilds while it arrives, some 70 ms, for the same eight
keys. This Footer remembers what it drew (each shown binding, whether it is
enabled, its tooltip, and the command palette's key) and skips a rebuild
that would draw the same.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class QuietFooter(Footer):
    """A Footer that rebuilds its keys only when what it would show differs from what it shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: tuple[object, ...] | None = None

    def _shown(self) -> tuple[object, ...]:
        """What ``compose`` draws from: the shown bindings in order, and the palette's key."""
        active = self.screen.active_bindings
        keys = tuple((binding, enabled, tooltip) for _node, binding, enabled, tooltip in active.values()
                     if binding.show)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) \
            if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE else None
        return (self.compact, self.combine_groups, keys, palette and palette[1:])

    def compose(self) -> ComposeResult:
        self._drawn = self._shown() if self._bindings_ready else None
        yield from super().compose()

    async def recompose(self) -> None:
        if self._drawn is not None and self.is_attached and self._shown() == self._drawn:
            return  # the same keys, enabled alike: rebuilding would draw the same row
        await super().recompose()
