"""The photo stage (exporter.read.photos): which photos a brief keeps, and their bytes from files next to the
input, data: URIs and a web server on 127.0.0.1, each bounded; a photo that cannot be had is left out with a
warning and its caption stays; downloads are cached."""
from __future__ import annotations

import base64
import logging

import photo_files as pf

from exporter.model import Article, Block, Photo, SourceInfo
from exporter.options import Options
from exporter.read import photos as photo_stage
from exporter.read.photos import choose_photos, load_photos
from exporter.read.rules.photo_places import resolve_src


def _article(*srcs: str) -> Article:
    blocks = [Block.plain("lead", "Sapo của bài.")]
    for i, src in enumerate(srcs):
        blocks += [Block("image", (), photo=Photo(src=src, alt=f"ảnh {i}")), Block.plain("caption", f"Chú thích {i}")]
    return Article(title="Tiêu đề", blocks=tuple(blocks), input=SourceInfo(path="bai.html", format="html"))


def _opts(tmp_path, **kw) -> Options:
    # the photos below are on this machine's test server: named by the article, they need the host allowed
    return Options(cache_dir=str(tmp_path / "cache"), allow_private_hosts=("127.0.0.1",), **kw)


def test_choose_all_lead_none():
    article = _article("a.jpg", "b.jpg", "c.jpg")
    assert len(choose_photos(article, "all").photos) == 3
    assert [p.src for p in choose_photos(article, "lead").photos] == ["a.jpg"]
    none = choose_photos(article, "none")
    assert none.photos == () and none.captions == ("Chú thích 0", "Chú thích 1", "Chú thích 2")


def test_resolve_against_page_url_and_folder(tmp_path):
    assert resolve_src("anh/1.jpg", "https://bao.vn/tin/bai.html") == "https://bao.vn/tin/anh/1.jpg"
    assert resolve_src("//cdn.bao.vn/1.jpg", "https://bao.vn/bai.html") == "https://cdn.bao.vn/1.jpg"
    page = tmp_path / "bai.html"
    assert resolve_src("bai_files/1.jpg", str(page)) == str(tmp_path / "bai_files" / "1.jpg")
    assert resolve_src("bai_files/a%20b.jpg", str(page)) == str(tmp_path / "bai_files" / "a b.jpg")


def test_files_data_uris_and_downloads(tmp_path, static_site):
    local = tmp_path / "1.jpg"
    local.write_bytes(pf.jpeg(seed=1))
    remote = static_site.add("/anh/2.jpg", pf.jpeg(seed=2), "image/jpeg")
    inline = "data:image/png;base64," + base64.b64encode(pf.png(seed=3)).decode()
    article = load_photos(_article(str(local), remote, inline), _opts(tmp_path))
    assert [len(p.data) > 1000 for p in article.photos] == [True, True, True]
    assert article.photos[1].data == pf.jpeg(seed=2)
    assert static_site.hits["/anh/2.jpg"] == 1


def test_second_load_comes_from_the_cache(tmp_path, static_site):
    remote = static_site.add("/anh/2.jpg", pf.jpeg(), "image/jpeg")
    load_photos(_article(remote), _opts(tmp_path))
    again = load_photos(_article(remote), _opts(tmp_path))
    assert again.photos[0].data == pf.jpeg() and static_site.hits["/anh/2.jpg"] == 1
    load_photos(_article(remote), _opts(tmp_path, use_cache=False))
    assert static_site.hits["/anh/2.jpg"] == 2


def test_cache_is_bounded(tmp_path):
    cache = photo_stage.PhotoCache(str(tmp_path), max_bytes=250_000)
    for i in range(5):
        cache.put(f"http://x/{i}.jpg", bytes(100_000))
    stored = list((tmp_path / "photos").iterdir())
    assert sum(p.stat().st_size for p in stored) <= 250_000
    assert cache.get("http://x/4.jpg") is not None  # the newest stays


def test_missing_wrong_type_and_refused_photos_leave_captions(tmp_path, static_site, caplog):
    page = static_site.add("/trang.html", b"<html></html>", "text/html")
    article = _article(str(tmp_path / "missing.jpg"), page, static_site.url("/404.jpg"), "javascript:alert(1)",
                       "ftp://x/y.jpg")
    with caplog.at_level(logging.WARNING):
        loaded = load_photos(article, _opts(tmp_path))
    assert loaded.photos == ()
    assert loaded.captions == article.captions
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 5 and all("left out" in m and "\n" not in m for m in messages)
    assert any("no such file" in m for m in messages)
    assert any("not an image" in m for m in messages)
    assert any("404" in m for m in messages)


def test_photo_size_and_count_are_bounded(tmp_path, static_site, monkeypatch, caplog):
    monkeypatch.setattr(photo_stage, "MAX_PHOTO_BYTES", 50_000)
    big = static_site.add("/big.jpg", pf.jpeg((3000, 2000), quality=95), "image/jpeg")
    with caplog.at_level(logging.WARNING):
        assert load_photos(_article(big), _opts(tmp_path)).photos == ()
    assert "too large" in caplog.text
    monkeypatch.setattr(photo_stage, "MAX_PHOTOS", 2)
    srcs = [static_site.add(f"/{i}.jpg", pf.jpeg((300, 200), seed=i), "image/jpeg") for i in range(4)]
    assert len(load_photos(_article(*srcs), _opts(tmp_path)).photos) == 2


def test_device_is_read_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(photo_stage, "MAX_PHOTO_BYTES", 10_000)
    loaded = load_photos(_article("/dev/zero"), _opts(tmp_path))
    assert loaded.photos == ()


def test_inputs_cannot_pull_in_other_files(tmp_path, caplog):
    from exporter.read.rules.photo_places import resolve_photos

    secret = tmp_path / "private.jpg"
    secret.write_bytes(pf.jpeg())
    folder = tmp_path / "bai"
    (folder / "bai_files").mkdir(parents=True)
    (folder / "bai_files" / "1.jpg").write_bytes(pf.jpeg())
    page = str(folder / "bai.html")
    blocks = _article("bai_files/1.jpg", "../private.jpg", str(secret), "file://" + str(secret)).blocks
    with caplog.at_level(logging.WARNING):
        kept = [b.photo.src for b in resolve_photos(blocks, page) if b.photo]
    assert kept == [str(folder / "bai_files" / "1.jpg")]
    assert caplog.text.count("outside the input's folder") == 3
    # a page from the web names web photos only
    web = [b.photo.src for b in resolve_photos(_article("file:///etc/passwd", "/a.jpg").blocks,
                                               "https://bao.vn/x/bai.html") if b.photo]
    assert web == ["https://bao.vn/a.jpg"]


def test_local_photos_are_read_through_the_one_gate(tmp_path, monkeypatch, caplog):
    """A photo beside the input is read by the gate every file read passes (exporter.read.fetch.bounded): a file
    over the limit is refused by its size, unread, and a folder, a pipe or a device an article names is refused
    without being opened for reading (a pipe with no writer is not waited for)."""
    import os

    from exporter.read.fetch import bounded

    calls = []
    real = bounded.read_file
    monkeypatch.setattr(photo_stage, "read_file", lambda *a, **kw: calls.append(kw) or real(*a, **kw))
    small, big, folder, pipe = (tmp_path / n for n in ("small.jpg", "big.jpg", "folder.jpg", "pipe.jpg"))
    small.write_bytes(pf.jpeg(seed=4))
    with open(big, "wb") as handle:  # sparse: its size says 13 MB, and no byte of it is read
        handle.truncate(13 * 1024 * 1024)
    folder.mkdir()
    os.mkfifo(pipe)
    with caplog.at_level(logging.WARNING):
        loaded = load_photos(_article(str(small), str(big), str(folder), str(pipe)), _opts(tmp_path))
    assert [p.data for p in loaded.photos] == [pf.jpeg(seed=4)]
    assert len(calls) == 4 and all(kw["regular"] for kw in calls)
    messages = [r.getMessage() for r in caplog.records]
    assert any("big.jpg" in m and "too large (over 12 MB)" in m for m in messages)
    assert sum("not a regular file" in m for m in messages) == 2


def test_the_gate_refuses_a_pipe_unread_when_only_a_regular_file_will_do(tmp_path):
    import os

    import pytest

    from exporter.read.fetch.bounded import InputError, NotARegularFile, read_file

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(NotARegularFile, match="not a regular file"):
        read_file(pipe, "pipe", regular=True, timeout=0.2)
    with pytest.raises(InputError, match="no input within"):  # an input named by the user is still waited for
        read_file(pipe, "pipe", timeout=0.2)
