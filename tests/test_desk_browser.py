"""The review page in a real browser (Debian's headless Chromium through Selenium): a person's whole review of the
sample article, and a cross-site form and a request without the token refused (issue 22)."""
from __future__ import annotations

import io
import re

import pytest
from breaking_server import BreakingChatServer
from browser import chromium
from conftest import EXAMPLE, pdf_text, squash

from exporter.pipeline import read_article
from exporter.translate import article_segments, read_reviewed

pytest.importorskip("flask")
pytest.importorskip("selenium")


@pytest.fixture
def browser():
    yield from chromium((1280, 800))


@pytest.fixture
def desk_server(tmp_path):
    from exporter.desk.server import DeskServer
    from exporter.desk.session import Desk
    from exporter.options import Options

    segments = article_segments(read_article(str(EXAMPLE)))
    plan = {segments[1].source: "vnnum"}  # the model leaves b1's date as 28/6: flagged
    with BreakingChatServer(plan) as chat:
        options = Options(provider="openai", provider_url=chat.url + "/v1", model="test",
                          cache_dir=str(tmp_path / "cache"), jobs=1)
        desk = Desk([str(EXAMPLE)], options, tmp_path / "out", reviewer="Lan")
    with DeskServer(desk) as server:
        yield server


def _state(browser, sid: str) -> str:
    """The state a segment shows (read in the page: the element is replaced after every action)."""
    return browser.execute_script("return document.getElementById(arguments[0]).dataset.state", f"seg-{sid}")


def _current(browser) -> str:
    return browser.execute_script("var s = document.querySelector('.seg.current'); return s ? s.dataset.id : ''")


def _shown(browser) -> list:
    """The segments the filter shows, read in the page at once (a segment may be replaced between two calls)."""
    return browser.execute_script("return Array.from(document.querySelectorAll('.seg'))"
                                  ".filter(function (s) { return s.getClientRects().length > 0; })"
                                  ".map(function (s) { return s.dataset.id; })")


def test_a_person_reviews_the_sample_article_in_the_browser(desk_server, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 15)
    browser.get(desk_server.url)
    wait.until(lambda d: _current(d) == "title")
    # the flagged segment stands out: a red bar, a tinted ground, its reason shown
    flagged = browser.find_elements(By.CSS_SELECTOR, ".seg.flagged")
    assert [seg.get_attribute("data-id") for seg in flagged] == ["b1"]
    assert flagged[0].value_of_css_property("border-left-color") == "rgba(180, 35, 24, 1)"
    assert flagged[0].value_of_css_property("background-color") != \
        browser.find_element(By.CSS_SELECTOR, "#seg-b2").value_of_css_property("background-color")
    assert "number or date in Vietnamese form: 28/6" in flagged[0].find_element(By.CSS_SELECTOR, ".flags").text
    # glossary terms and names are marked with their English
    term = browser.find_element(By.CSS_SELECTOR, "#seg-b1 mark.term")
    assert term.text == "Trưởng Ban Tổ chức Trung ương"
    assert term.get_attribute("title") == "Head of the Central Organisation Commission"

    # edit b2: type, then Ctrl+Enter keeps the text
    box = browser.find_element(By.CSS_SELECTOR, "#seg-b2 textarea")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("The online conference of the northern provinces reviewed the first six months of 2021.")
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: _state(d, "b2") == "edited")
    # with the keyboard: leave the text, move to the next segment, approve it
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    ActionChains(browser).send_keys("j").perform()
    wait.until(lambda d: _current(d) == "b3")
    ActionChains(browser).send_keys("a").perform()
    wait.until(lambda d: _state(d, "b3") == "approved")
    counts = browser.find_element(By.ID, "counts").text
    assert "1 edited, 1 approved" in counts and browser.find_element(By.ID, "unsaved").is_displayed()
    # filters: the flagged only, then the not approved
    ActionChains(browser).send_keys("f").perform()
    wait.until(lambda d: _shown(d) == ["b1"])
    ActionChains(browser).send_keys("u").perform()
    wait.until(lambda d: _shown(d) != ["b1"])
    shown = _shown(browser)
    assert "b3" not in shown and "b2" in shown and len(shown) == 5

    # save (Ctrl+S), then render
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    wait.until(lambda d: "Saved to" in d.find_element(By.ID, "status").text)
    assert not browser.find_element(By.ID, "unsaved").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "button[data-action=render]").click()
    wait.until(lambda d: "Written:" in d.find_element(By.ID, "status").text)

    units = read_reviewed(tmp_path / "out" / "article.en.xlf").segments
    assert {sid: unit.state for sid, unit in units.items()} == {
        "title": "machine", "b1": "machine", "b2": "edited", "b3": "approved", "b4": "machine", "b5": "machine"}
    assert (units["b3"].by, units["b2"].by) == ("Lan", "Lan")
    pdf = (tmp_path / "out" / "article.en.pdf").read_bytes()
    text = squash(pdf_text(pdf))
    assert squash("1 of 6 segments approved by a person (marked †); 1 edited by a person and not yet approved "
                  "(marked ‡)") in text
    # the flagged segment no person approved carries its mark, its reason is at the end, and a bar in the margin
    b1 = units["b1"].target
    assert squash(b1[-60:] + " [check 1]") in text and text.count("[check1]") == 2  # b1's mark and its reason
    assert squash("Checks not yet settled by a person [check 1] number or date in Vietnamese form: 28/6") in text
    assert squash("months of 2021. ‡") in text and "‡[check" not in text
    from pypdf import PdfReader

    first = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"\.705882 \.137255 \.094118 rg\s+n -8 0 2\.5 [\d.]+ re f", first)  # the flag's bar


def test_a_cross_site_form_and_a_request_without_the_token_are_refused(desk_server, browser, static_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    desk = desk_server.desk
    target = f"http://127.0.0.1:{desk_server.port}/api/a/1/approve?t={desk_server.token}"  # even with the token
    page = (f'<!DOCTYPE html><html><body><form id="f" method="post" action="{target}" '
            'enctype="text/plain"><input name=\'{"id": "b2", "revision": ' + str(desk.review(1).revision) +
            ', "x": "\' value=\'"}\'></form><script>document.getElementById("f").submit()</script></body></html>')
    browser.get(static_site.add("/attack.html", page.encode("utf-8"), "text/html"))
    # the form is sent and the desk's answer shown (read in the page: the page may still be replaced meanwhile)
    WebDriverWait(browser, 15).until(lambda d: str(desk_server.port) in d.current_url and "Forbidden" in (
        d.execute_script("return document.body ? document.body.innerText : ''") or ""))
    assert desk.review(1).segment("b2").state == "machine"
    browser.get(f"http://127.0.0.1:{desk_server.port}/")
    assert "Forbidden" in browser.find_element(By.TAG_NAME, "body").text
    assert 'class="seg' not in browser.page_source
