"""The Footer is rebuilt only when the keys it shows change (advisor/ui/widgets/footer.py).

Issue 14: Textual's Footer removed and mounted all its keys on every focus
change, screen push and resume: five times while the result screen arrived.
"""

from __future__ import annotations

from typing import Any

from textual.widgets._footer import FooterKey

from advisor.ui.widgets.footer import QuietFooter

from .conftest import SIZE, run


def test_the_footer_is_not_rebuilt_when_its_keys_do_not_change(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+n")
            for _ in range(3):
                await pilot.pause()
            footer = app.screen.query_one(QuietFooter)
            keys = list(footer.query(FooterKey))
            assert keys
            app.screen.refresh_bindings()  # what every focus change and screen resume does
            await pilot.pause()
            await pilot.pause()
            assert list(footer.query(FooterKey)) == keys  # the same widgets: nothing rebuilt
            # A key whose words change is shown with its new words.
            app.switch_language("es")
            for _ in range(3):
                await pilot.pause()
            footer = app.screen.query_one(QuietFooter)
            words = " ".join(str(key.render()) for key in footer.query(FooterKey))
            assert "Siguiente" in words or "Seguir" in words or "Pasar" in words, words
    run(scenario())
