"""A report as PDF: the HTML report laid out for print by WeasyPrint, an optional extra.

A consultant hands out a PDF, so `--format pdf` renders the same HTML as
`--format html` (its print stylesheet included) into a PDF. WeasyPrint is
a well-kept HTML-to-PDF engine with no browser behind it; it needs Pango
from the system, so it is the `pdf` extra rather than a core dependency.
Without it, the command exits 2 with one line naming the extra and the
system packages (``PdfUnavailable``).

WeasyPrint fetches nothing here: the report is self-contained, and the
URL fetcher refuses every URL, so no text in a report can make it read a
file or reach the network.
"""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import OutputRefused

INSTALL_HINT = ("--format pdf needs the pdf extra: pip install 'salesops-revops-advisor[pdf]' "
                "(and Pango from the system, e.g. apt install libpango-1.0-0 libpangoft2-1.0-0)")


class PdfUnavailable(OutputRefused):
    """WeasyPrint (or the Pango it needs) is not installed: the output cannot be made, exit 2."""


def available() -> bool:
    """Whether PDF can be made here (the app offers PDF in its export only then)."""
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except (ImportError, OSError):  # not installed, or installed without Pango
        raise PdfUnavailable(INSTALL_HINT) from None
    return weasyprint


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"a report fetches nothing (asked for {url[:80]!r})")


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that refuses every URL (WeasyPrint 68+ wants a URLFetcher; older ones a function)."""
    base = getattr(weasyprint.urls, "URLFetcher", None)
    if base is None:
        return _no_fetch

    class NoFetch(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> NoReturn:
            _no_fetch(url)

    return NoFetch()


def pdf_from_html(html: str) -> bytes:
    """The PDF of a self-contained HTML report."""
    import logging

    weasyprint = _weasyprint()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # a refused URL is by design, not news
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint), base_url=None)
    return bytes(document.write_pdf())
