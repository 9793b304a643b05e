"""Each example HTML report in headless Chromium: no errors, no requests, nothing wider than the page, few pages.

At most 4 printed pages for a single company's report (5 in Spanish), 5 for the workshop example.

Selenium drives the system Chromium through its chromedriver (Debian's
``chromium`` and ``chromium-driver``), as tests/cli/test_serve_browser.py
does. Without them the tests are skipped with the reason, except where
``ADVISOR_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
The page is printed with Chromium's own print-to-PDF (DevTools'
``Page.printToPDF``) on A4 and on Letter, and its pages counted.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [*sorted((ROOT / "examples").glob("*.html")), *sorted((ROOT / "examples" / "workshop").glob("*.html"))]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PAPERS = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}  # inches
MAX_PAGES = 4           # a single company's report
MAX_SPANISH_PAGES = 5   # the same in Spanish, which runs about a fifth longer
MAX_WORKSHOP_PAGES = 5  # the workshop example's: five people, twelve questions they disagree on


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("ADVISOR_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium and chromedriver are required here (apt-get install chromium chromium-driver)")
        pytest.skip("no system Chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF from Chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 12 and all(path.is_file() for path in EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES,
                         ids=[f"workshop-{p.stem}" if p.parent.name == "workshop" else p.stem for p in EXAMPLES])
def test_an_example_in_chromium(driver: Any, path: Path) -> None:
    driver.set_window_size(1200, 900)
    driver.get_log("performance")  # drop what earlier pages left
    driver.get(path.as_uri())
    assert driver.title  # loaded

    errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    urls = {m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"}
    assert urls <= {path.as_uri()}, urls  # the page itself, and nothing else

    for width in (1200, 380):  # a desktop and a phone
        driver.set_window_size(width, 900)
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")

    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        background = driver.execute_script("return getComputedStyle(document.documentElement).backgroundColor")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    red, green, blue = (int(n) for n in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 150, background  # a dark page in dark mode

    for paper, (width_in, height_in) in PAPERS.items():
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": width_in, "paperHeight": height_in})
        count = pages(base64.b64decode(printed["data"]))
        most = (MAX_WORKSHOP_PAGES if path.parent.name == "workshop"
                else MAX_SPANISH_PAGES if path.suffixes[:1] == [".es"] else MAX_PAGES)
        assert 1 <= count <= most, f"{path.name} prints on {count} {paper} pages"
