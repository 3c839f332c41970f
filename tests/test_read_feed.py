"""Feeds (exporter.read.parse.feed, exporter.read.feeds): RSS 2.0 and Atom modelled on real Vietnamese feeds;
dates in several formats; --since, --limit, --match; the same article across feeds kept once."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from conftest import FIXTURES

from exporter.errors import InputError, UsageError
from exporter.options import VIETNAM, parse_since
from exporter.read.feed_names import looks_like_feed
from exporter.read.parse.feed import canonical_url, dedupe, parse_date, parse_feed, select

BASE = "http://127.0.0.1:8000"


def feed_bytes(name: str) -> bytes:
    return (FIXTURES / "feeds" / name).read_text(encoding="utf-8").replace("{base}", BASE).encode("utf-8")


def test_rss_items_titles_links_dates_thumbnails():
    feed = parse_feed(feed_bytes("tin-moi.rss"), "tin-moi.rss")
    assert feed.title == "Tin mới nhất - Báo Thử Nghiệm"
    assert [i.title for i in feed.items] == ["Bão số 3 đổ bộ vào Quảng Ninh, Hải Phòng",
                                            "Giá vàng hôm nay tăng mạnh", "Khai mạc kỳ họp thứ 10 Quốc hội khóa XV"]
    first = feed.items[0]
    assert first.link.startswith(f"{BASE}/bao-so-3.html")
    assert first.published == datetime(2026, 11, 27, 9, 15, tzinfo=VIETNAM)
    assert first.image == f"{BASE}/thumb/bao.jpg"
    assert first.summary.startswith("Sáng nay, bão số 3")
    assert "<" not in first.summary


def test_atom_with_a_day_month_year_date():
    feed = parse_feed(feed_bytes("thoi-su.atom"), "thoi-su.atom")
    assert len(feed.items) == 2
    assert feed.items[0].image == f"{BASE}/thumb/bao.jpg"
    assert feed.items[1].published == datetime(2026, 11, 27, 7, 30, tzinfo=VIETNAM)


@pytest.mark.parametrize("raw, expected", [
    ("Fri, 27 Nov 2026 09:15:00 +0700", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
    ("Fri, 27 Nov 2026 02:15:00 GMT", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
    ("2026-11-27T09:15:00+07:00", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
    ("2026-11-27 09:15:00", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
    ("27/11/2026 09:15", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
    ("27-11-2026 9h15", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
    ("Thứ sáu, 27/11/2026, 09:15 (GMT+7)", datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)),
])
def test_dates_in_the_forms_feeds_use(raw, expected):
    assert parse_date(raw) == expected


def test_unparseable_date_is_none():
    assert parse_date("hôm qua") is None


def test_since_span_and_date():
    now = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    assert parse_since("24h", now) == now - timedelta(hours=24)
    assert parse_since("7d", now) == now - timedelta(days=7)
    assert parse_since("2026-11-27", now) == datetime(2026, 11, 27, tzinfo=VIETNAM)
    with pytest.raises(UsageError, match="since cannot be .yesterday.: it is neither a span nor a date"):
        parse_since("yesterday", now)


def test_select_since_limit_match():
    items = parse_feed(feed_bytes("tin-moi.rss"), "f").items
    since = datetime(2026, 11, 26, tzinfo=VIETNAM)
    assert [i.title[:3] for i in select(items, since=since)] == ["Bão", "Giá"]
    assert len(select(items, limit=1)) == 1
    assert [i.title[:3] for i in select(items, match=["QUỐC HỘI"])] == ["Kha"]
    assert select(items, match=["quoc hoi"]) == []  # diacritics are significant in Vietnamese


def test_same_article_in_two_feeds_is_kept_once():
    rss = parse_feed(feed_bytes("tin-moi.rss"), "rss").items
    atom = parse_feed(feed_bytes("thoi-su.atom"), "atom").items
    kept = dedupe(list(rss) + list(atom))
    titles = [i.title for i in kept]
    assert titles.count("Bão số 3 đổ bộ vào Quảng Ninh, Hải Phòng") == 1
    assert len(kept) == 4


def test_same_address_with_other_title_is_kept_once():
    from exporter.read.parse.feed import FeedItem

    a = FeedItem("Tiêu đề A", "https://www.example.vn/bai-viet.html?utm_source=fb#top")
    b = FeedItem("Tiêu đề khác", "https://m.example.vn/bai-viet.html")
    assert canonical_url(a.link) == canonical_url(b.link)
    assert dedupe([a, b]) == [a]


def test_feed_sniffing():
    assert looks_like_feed(feed_bytes("tin-moi.rss"))
    assert looks_like_feed(feed_bytes("thoi-su.atom"))
    assert not looks_like_feed(b"<!doctype html><html><body>bai bao</body></html>")
    assert not looks_like_feed("Tin tức về RSS <rss>".encode())


def test_not_a_feed_is_an_input_error():
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>no feed</p></body></html>", "page.xml")


def test_names_feed(tmp_path):
    from exporter.read.feed_names import names_feed

    assert names_feed("https://vnexpress.net/rss/tin-moi-nhat.rss")
    assert names_feed("https://tuoitre.vn/rss/thoi-su.rss")
    assert names_feed("https://example.vn/feed")
    assert names_feed("https://example.vn/index.php?format=rss")
    assert not names_feed("https://vnexpress.net/bao-so-3-4797000.html")
    assert not names_feed("https://example.vn/feedback-ban-doc.html")
    saved = tmp_path / "tin.txt"
    saved.write_bytes(feed_bytes("tin-moi.rss"))
    assert names_feed(str(saved))
    article = tmp_path / "bai.txt"
    article.write_text("Tiêu đề\n\nThân bài.", encoding="utf-8")
    assert not names_feed(str(article))


def test_expand_feeds_keeps_pages_and_reports_each_feed(static_site):
    from exporter.read.feeds import expand_feeds

    static_site.add("/rss/tin-moi.rss", feed_bytes("tin-moi.rss"), "application/rss+xml")
    static_site.add("/rss/thoi-su.atom", feed_bytes("thoi-su.atom"), "application/atom+xml")
    static_site.add("/rss/hong.rss", b"<html><body>not a feed</body></html>", "text/html")
    specs = [static_site.url("/rss/tin-moi.rss"), "bai.txt", static_site.url("/rss/hong.rss"),
             static_site.url("/rss/thoi-su.atom"), static_site.url("/rss/missing.rss")]
    out, reports = expand_feeds(specs, timeout=5, limit=2)
    assert out == [f"{BASE}/bao-so-3.html?utm_source=rss&utm_medium=feed", f"{BASE}/gia-vang.html", "bai.txt",
                   f"{BASE}/xe-buyt.html"]
    assert [(r.listed, r.taken) for r in reports] == [(3, 2), (0, 0), (2, 1), (0, 0)]
    assert reports[1].error is not None and "not an RSS or Atom feed" in str(reports[1].error)
    assert reports[3].error is not None and "404" in str(reports[3].error)
