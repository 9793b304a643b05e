"""The app exports the report as HTML, and as PDF where the pdf extra is installed (it is, for the tests).

Each is written where the person says, and in a browser each is a download
(PDF as binary); the files are the ones `advisor evaluate` writes for the
same answers and date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor import cli
from advisor.ui.screens.export import ExportScreen, offered_kinds

from .conftest import SIZE, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clear-salesops.yaml"
DATE = "2026-12-01"


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_the_app_exports_html_and_pdf(make_app: Any, tmp_path: Path, kind: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert kind in offered_kinds()
    target = tmp_path / f"report.{kind}"

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.push_screen(ExportScreen(kind, date=DATE))
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportScreen) and dialog.kind == kind
            dialog.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
            dialog.query_one("#export-path").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, ExportScreen)

    run(scenario())
    data = target.read_bytes()
    if kind == "html":
        assert cli.main(["evaluate", str(EXAMPLE), "--date", DATE, "--format", "html"]) == 0
        assert data.decode("utf-8") == capsys.readouterr().out  # the same as the command line's
    else:
        assert data.startswith(b"%PDF-")


def test_a_browser_gets_the_pdf_as_a_binary_download(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    delivered: list[tuple[bytes, str, str]] = []

    async def scenario() -> None:
        app = make_app(answers_path=EXAMPLE, web=True)

        def deliver_binary(file: Any, *, save_filename: str, mime_type: str, name: str) -> None:
            delivered.append((file.read(), save_filename, mime_type))

        monkeypatch.setattr(app, "deliver_binary", deliver_binary)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.push_screen(ExportScreen("pdf", date=DATE))
            await pilot.pause()
            app.screen.save()  # type: ignore[attr-defined]
            await pilot.pause()

    run(scenario())
    (data, name, mime), = delivered
    assert data.startswith(b"%PDF-") and name.endswith(".pdf") and mime == "application/pdf"
