"""`advisor serve` in a real browser: headless Chromium joins a workshop with the link, as a participant would.

Selenium drives the system Chromium through its own chromedriver (Debian's
``chromium`` and ``chromium-driver``; Playwright's browser download cannot be
reached here). Without them the test is skipped with the reason, except in
CI (``ADVISOR_REQUIRE_BROWSER=1``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import Any

import pytest

from tests.cli.test_serve import Served, served  # noqa: F401 - the fixture, shared

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def browser() -> Any:
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("ADVISOR_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium and chromedriver are required here (apt-get install chromium chromium-driver)")
        pytest.skip("no system Chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,800"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait_for(check: Any, seconds: float = 20.0) -> Any:
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    return check()


def test_a_participant_joins_answers_three_questions_and_closes_the_tab(served: Served) -> None:  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser()
    try:
        driver.get(f"{served.url}/?token={served.token}")
        assert "token" not in driver.current_url  # redirected: the token left the address bar
        cookie = driver.get_cookie("advisor_token")
        assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        terminal = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".xterm-helper-textarea"))
        assert terminal, "the terminal did not load"
        assert wait_for(lambda: served.children()), "no session started"
        time.sleep(3)  # the app paints its start screen

        driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")  # as a click would

        def keys(*sequence: str) -> None:
            for item in sequence:
                ActionChains(driver).send_keys(item).perform()
                time.sleep(0.4)

        keys("Zoe", Keys.ENTER, "Sales", Keys.ENTER)
        answers = served.folder / "zoe.yaml"
        assert wait_for(answers.exists), sorted(p.name for p in served.folder.iterdir())
        time.sleep(1.5)
        keys("3", Keys.ENTER)   # company stage: growing
        time.sleep(1)
        keys("8", Keys.ENTER)   # sales reps: 8
        time.sleep(1)
        keys("2", Keys.ENTER)   # company size: 11 to 50
        assert wait_for(lambda: "company_size" in answers.read_text(encoding="utf-8"))
        shot = os.environ.get("ADVISOR_BROWSER_SCREENSHOT")
        if shot:
            driver.save_screenshot(shot)
    finally:
        driver.quit()  # the tab (and the browser) closes
    assert wait_for(lambda: not served.children()), "the session's process outlived its tab"
    text = answers.read_text(encoding="utf-8")
    for line in ("company_stage: growing", "sales_reps: 8", "company_size: 11_to_50", "name: Zoe", "role: Sales"):
        assert line in text
    assert served.proc.poll() is None
