"""The review desk (issue 22) over real HTTP on 127.0.0.1: the token and CSRF checks, the actions and their honest
states, conflicts with another tab or a changed file, saving (XLIFF + translation memory) and rendering."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from breaking_server import BreakingChatServer
from conftest import EXAMPLE, pdf_text, squash

from exporter.pipeline import read_article
from exporter.translate import article_segments, read_reviewed

pytest.importorskip("flask")

#: Seconds a request to the desk may take (generous: the machine may be loaded; a test never waits for it).
TIMEOUT = 60


@pytest.fixture(scope="module")
def sample_plan():
    """The sample article, its segments, and a model that leaves b1's date in Vietnamese form (a flag)."""
    segments = article_segments(read_article(str(EXAMPLE)))
    return segments, {segments[1].source: "vnnum"}


@pytest.fixture
def desk_server(tmp_path, sample_plan):
    from exporter.desk.server import DeskServer
    from exporter.desk.session import Desk
    from exporter.options import Options

    with BreakingChatServer(sample_plan[1]) as chat:
        options = Options(provider="openai", provider_url=chat.url + "/v1", model="test",
                          cache_dir=str(tmp_path / "cache"), jobs=1)
        desk = Desk([str(EXAMPLE)], options, tmp_path / "out", reviewer="Lan")
    with DeskServer(desk) as server:
        yield server


def call(server, path, body=None, *, token=None, csrf=None, headers=None, method=None):
    """``(status, answer)`` of a request to the desk; the session's tokens unless told otherwise."""
    url = f"http://127.0.0.1:{server.port}{path}"
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode("utf-8"))
    request = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"))
    if data is not None and not isinstance(body, bytes):
        request.add_header("Content-Type", "application/json")
    if data is not None:
        request.add_header("X-Desk-Token", server.token if token is None else token)
        request.add_header("X-CSRF-Token", _csrf(server) if csrf is None else csrf)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        with err:  # closed, or its socket is left to the garbage collector (a ResourceWarning)
            raw, status = err.read(), err.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.read().decode("utf-8")


def _csrf(server) -> str:
    page = fetch(server.url)
    return page.split('data-csrf="', 1)[1].split('"', 1)[0]


def revision(server) -> int:
    return server.desk.review(1).revision


def test_the_page_is_served_on_loopback_with_the_token_only(desk_server):
    assert desk_server.url.startswith("http://127.0.0.1:") and "?t=" in desk_server.url
    status, page = call(desk_server, f"/?t={desk_server.token}")
    assert status == 200 and 'class="seg' in page and "flagged" in page
    assert call(desk_server, "/")[0] == 403
    assert call(desk_server, "/?t=wrong")[0] == 403
    assert call(desk_server, f"/static/desk.js?t={desk_server.token}")[0] == 200
    assert call(desk_server, "/static/desk.js")[0] == 403
    # a name that resolves here but is not the address served (DNS rebinding)
    assert call(desk_server, f"/?t={desk_server.token}", headers={"Host": "evil.example:80"})[0] == 421
    with urllib.request.urlopen(desk_server.url, timeout=TIMEOUT) as response:
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_actions_need_both_tokens_json_and_this_origin(desk_server):
    body = {"id": "b2", "revision": revision(desk_server)}
    assert call(desk_server, "/api/a/1/approve", body, token="")[0] == 403
    assert call(desk_server, "/api/a/1/approve", body, csrf="")[0] == 403
    assert call(desk_server, "/api/a/1/approve", body, headers={"Origin": "http://evil.example"})[0] == 403
    assert call(desk_server, "/api/a/1/approve", body, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    # what a form of another site can send: no headers of its own, a form body (even with the address's token)
    form = f"id=b2&revision={body['revision']}".encode("ascii")
    request = urllib.request.Request(f"http://127.0.0.1:{desk_server.port}/api/a/1/approve?t={desk_server.token}",
                                     data=form, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Origin", "http://127.0.0.1:1")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=TIMEOUT)
    refused.value.close()
    assert refused.value.code == 403
    assert desk_server.desk.review(1).segment("b2").state == "machine"  # nothing happened
    status, answer = call(desk_server, "/api/a/1/approve", body)
    assert status == 200 and answer["ok"] and desk_server.desk.review(1).segment("b2").state == "approved"


def test_edit_approve_reopen_keep_honest_states(desk_server):
    desk = desk_server.desk
    b3 = desk.review(1).segment("b3")
    status, answer = call(desk_server, "/api/a/1/edit",
                          {"id": "b3", "text": b3.text, "revision": revision(desk_server)})
    assert status == 200 and desk.review(1).segment("b3").state == "machine"  # the same text: no edit
    status, answer = call(desk_server, "/api/a/1/edit",
                          {"id": "b3", "text": "A person's translation.", "revision": revision(desk_server)})
    item = desk.review(1).segment("b3")
    assert (item.state, item.by) == ("edited", "Lan") and item.at.endswith("Z") and "Edited" in answer["html"]
    call(desk_server, "/api/a/1/approve", {"id": "b3", "revision": revision(desk_server)})
    assert desk.review(1).segment("b3").state == "approved"
    call(desk_server, "/api/a/1/reopen", {"id": "b3", "revision": revision(desk_server)})
    assert desk.review(1).segment("b3").state == "edited"  # re-opened: still a person's text, not approved
    # approving a flagged segment settles its flags; re-opening runs the checks again
    assert desk.review(1).segment("b1").flags
    call(desk_server, "/api/a/1/approve", {"id": "b1", "revision": revision(desk_server)})
    assert not desk.review(1).segment("b1").flags
    call(desk_server, "/api/a/1/reopen", {"id": "b1", "revision": revision(desk_server)})
    assert [f.kind for f in desk.review(1).segment("b1").flags] == ["vnform"]


def test_a_second_tab_and_a_changed_file_are_conflicts_not_overwrites(desk_server):
    old = revision(desk_server)
    assert call(desk_server, "/api/a/1/approve", {"id": "b2", "revision": old})[0] == 200
    status, answer = call(desk_server, "/api/a/1/approve", {"id": "b4", "revision": old})  # a tab still at `old`
    assert status == 409 and answer["conflict"] and desk_server.desk.review(1).segment("b4").state == "machine"
    status, answer = call(desk_server, "/api/a/1/save", {"revision": revision(desk_server)})
    assert status == 200, answer
    path = desk_server.desk.review(1).file
    assert path.name == "article.en.xlf" and read_reviewed(path).segments["b2"].state == "approved"
    call(desk_server, "/api/a/1/approve", {"id": "b4", "revision": revision(desk_server)})
    path.write_text(path.read_text(encoding="utf-8").replace("needs-review-translation", "translated"),
                    encoding="utf-8")  # a CAT tool changed the file meanwhile
    before = path.read_bytes()
    status, answer = call(desk_server, "/api/a/1/save", {"revision": revision(desk_server)})
    assert status == 409 and "changed on disk" in answer["message"] and path.read_bytes() == before
    status, answer = call(desk_server, "/api/a/1/reload", {"revision": revision(desk_server)})
    assert status == 200 and answer["reload"]
    review = desk_server.desk.review(1)
    assert review.segment("b2").state == "approved" and review.segment("b4").state == "machine"


def test_save_keeps_the_work_in_the_memory_and_render_writes_the_briefs(desk_server, tmp_path):
    call(desk_server, "/api/a/1/edit", {"id": "b2", "text": "Edited by a person.", "revision": revision(desk_server)})
    call(desk_server, "/api/a/1/approve", {"id": "b3", "revision": revision(desk_server)})
    status, answer = call(desk_server, "/api/a/1/save", {"revision": revision(desk_server), "lang": "vi"})
    assert status == 200 and answer["message"].startswith("Đã lưu vào") and not answer["unsaved"]
    from exporter.translate.cache import TranslationCache

    cache = TranslationCache(tmp_path / "cache")
    states = {found.state for _, found in cache.memory("vi", "en")}
    cache.close()
    assert states == {"edited", "approved"}
    status, answer = call(desk_server, "/api/a/1/render", {"revision": revision(desk_server)})
    assert status == 200 and "article.en.pdf" in answer["message"]
    text = squash(pdf_text((tmp_path / "out" / "article.en.pdf").read_bytes()))
    assert squash("1 of 6 segments approved by a person (marked †); 1 edited by a person and not yet approved") \
        in text
    assert squash("Edited by a person. ‡") in text


def test_the_page_speaks_vietnamese_and_english(desk_server):
    token = desk_server.token
    vi = call(desk_server, f"/a/1?t={token}&lang=vi")[1]
    en = call(desk_server, f"/a/1?t={token}&lang=en")[1]
    assert "Duyệt" in vi and 'lang="vi"' in vi and "Approve" in en and 'lang="en"' in en
    assert "<summary>Phím tắt</summary>" in vi and "<summary>Keys</summary>" in en
    assert "built-in method" not in vi + en and "{{" not in vi + en
    from exporter.desk.words import WORDS

    assert set(WORDS["vi"]) == set(WORDS["en"]) and not set(WORDS["en"]) & set(dir(dict))
    assert "Duyệt" in call(desk_server, f"/?t={token}", headers={"Accept-Language": "vi-VN,vi;q=0.9"})[1]
    assert call(desk_server, f"/a/9?t={token}")[0] == 404


def test_review_file_and_several_articles(tmp_path, sample_plan):
    from exporter.desk.session import Desk
    from exporter.errors import UsageError
    from exporter.options import Options

    with BreakingChatServer() as chat:
        options = Options(provider="openai", provider_url=chat.url + "/v1", model="test",
                          cache_dir=str(tmp_path / "cache"), jobs=1)
        with pytest.raises(UsageError, match="one article"):
            Desk([str(EXAMPLE), str(EXAMPLE)], options, tmp_path, review_file=str(tmp_path / "x.xlf"))
        mine = tmp_path / "mine.xlf"
        desk = Desk([str(EXAMPLE)], options, tmp_path / "out", reviewer="Lan", review_file=str(mine))
        desk.approve(1, "b2", desk.review(1).revision)
        assert desk.save(1, desk.review(1).revision) == mine
        again = Desk([str(EXAMPLE)], options, tmp_path / "out", review_file=str(mine))
    assert again.review(1).segment("b2").state == "approved"
    assert again.review(1).segment("b2").by == "Lan"
    assert Path(EXAMPLE).read_text(encoding="utf-8").startswith("Tại Hội nghị")  # the input untouched


def test_the_command_prints_the_address_serves_and_stops_on_ctrl_c(tmp_path):
    """``vnbrief review --no-browser`` as a user runs it: one line with the address, the page served there, Ctrl-C
    ends it with exit 0 and names what was not saved."""
    import os
    import signal
    import subprocess
    import sys

    with BreakingChatServer() as chat:
        command = [sys.executable, "-m", "exporter", "review", str(EXAMPLE), "-o", str(tmp_path / "out"),
                   "--no-browser", "--provider", "openai", "--provider-url", chat.url + "/v1", "--model", "test",
                   "--cache-dir", str(tmp_path / "cache"), "--reviewer", "Lan", "--jobs", "1"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=dict(os.environ, PYTHONIOENCODING="utf-8"))
        try:
            line = process.stdout.readline().strip()
            assert line.startswith("Review page: http://127.0.0.1:") and "?t=" in line, process.stderr.read()
            url = line.split(" ", 2)[2]
            page = fetch(url)
            assert 'data-id="b1"' in page and "Lan" in page
            port = int(url.split(":")[2].split("/")[0])
            csrf = page.split('data-csrf="', 1)[1].split('"', 1)[0]
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/a/1/approve", method="POST",
                                             data=json.dumps({"id": "b2", "revision": 1}).encode("utf-8"))
            for name, value in (("Content-Type", "application/json"), ("X-Desk-Token", url.split("?t=")[1]),
                                ("X-CSRF-Token", csrf)):
                request.add_header(name, value)
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                assert json.loads(response.read())["ok"]
        finally:
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Stopped; not saved:" in err and "Traceback" not in err
