"""Debian's Chromium, headless, driven by Selenium through Debian's chromedriver (``apt-get install chromium
chromium-driver``; ``.ci/run`` installs them). Tests that need it are skipped where it is missing."""
from __future__ import annotations

import shutil
import tempfile
from typing import Any, Iterator, Tuple

import pytest

__all__ = ["chromium", "CHROMIUM_FLAGS"]

#: What Chromium needs here: no sandbox (the tests run as root in a container), no GPU, nothing from the network
#: (no updates, no sync, no first-run pages), an empty profile of its own.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--no-first-run",
                  "--disable-sync", "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
                  "--lang=en-US")


def _binaries() -> Tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    return browser, driver


def chromium(size: Tuple[int, int] = (1280, 800)) -> Iterator[Any]:
    """A headless Chromium of ``size`` (a generator for a fixture: it quits and removes its profile after)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    browser, driver = _binaries()
    profile = tempfile.mkdtemp(prefix="vnbrief-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(flag)
    session = webdriver.Chrome(options=options, service=Service(driver))
    try:
        yield session
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)
