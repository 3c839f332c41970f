"""News feeds end to end, against a web server on 127.0.0.1: `digest FEED…` and `render FEED…` fetch each item's
article (and its photos), with --since, --limit and --match; a feed or article that fails is reported and never
stops the others."""
from __future__ import annotations

import io
import json

import photo_files as pf
import pytest
from conftest import FIXTURES, pdf_text, squash

BODY = ("Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn "
        "trên diện rộng. Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ.")


def page(title: str, photo: str = "") -> bytes:
    figure = (f"<figure><img src='{photo}' alt='ảnh'><figcaption>Ảnh minh họa cho bài {title} (Ảnh: TTXVN)"
              f"</figcaption></figure>") if photo else ""
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:title' content='{title}'></head><body><article><h1>{title}</h1><p>{BODY}</p>"
            f"{figure}<p>{BODY} {title}.</p><p>Theo dự báo, sau khi vào đất liền bão suy yếu thành áp thấp nhiệt đới, "
            f"tiếp tục gây mưa to ở các tỉnh miền núi phía Bắc trong hai ngày tới.</p></article></body></html>"
            ).encode()


@pytest.fixture
def site(static_site):
    base = static_site.base
    for name in ("tin-moi.rss", "thoi-su.atom"):
        text = (FIXTURES / "feeds" / name).read_text(encoding="utf-8").replace("{base}", base)
        static_site.add(f"/rss/{name}", text.encode("utf-8"), "application/rss+xml" if name.endswith("rss")
                        else "application/atom+xml")
    static_site.add("/bao-so-3.html", page("Bão số 3 đổ bộ vào Quảng Ninh, Hải Phòng", "/anh/bao.jpg"),
                    "text/html; charset=utf-8")
    static_site.add("/gia-vang.html", page("Giá vàng hôm nay tăng mạnh"), "text/html; charset=utf-8")
    static_site.add("/ky-hop.html", page("Khai mạc kỳ họp thứ 10 Quốc hội khóa XV"), "text/html; charset=utf-8")
    # /xe-buyt.html is listed by the Atom feed but missing: a failed item
    static_site.add("/anh/bao.jpg", pf.jpeg(), "image/jpeg")
    return static_site


def test_digest_from_two_feeds(site, run_cli, tmp_path):
    pdf = tmp_path / "diem-tin.pdf"
    result = run_cli("digest", site.url("/rss/tin-moi.rss"), site.url("/rss/thoi-su.atom"), "-o", pdf,
                     "-o", tmp_path / "diem-tin.md", "--date", "2026-11-28", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 3, result.stderr  # one listed article is missing: reported, the digest is made
    assert "xe-buyt.html" in result.stderr and "404" in result.stderr
    assert "tin-moi.rss: 3 of 3 items" in result.stderr and "thoi-su.atom: 1 of 2 items" in result.stderr
    text = squash(pdf_text(pdf.read_bytes()))
    for title in ("Bão số 3 đổ bộ vào Quảng Ninh, Hải Phòng", "Giá vàng hôm nay tăng mạnh",
                  "Khai mạc kỳ họp thứ 10 Quốc hội khóa XV"):
        assert squash(title) in text
    # the same story in both feeds (under two addresses) is read once
    assert sum(n for path, n in site.hits.items() if path.startswith("/bao-so-3.html")) == 1
    from pypdf import PdfReader

    # the one photo, drawn in its article and, the lead story's, on the front page; stored once
    data = pdf.read_bytes()
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(data)).pages[1:]) == 1
    assert data.count(b"/Subtype /Image") == 1
    assert (tmp_path / "diem-tin.md").is_file()


def test_since_limit_and_match(site, run_cli, tmp_path):
    feed = site.url("/rss/tin-moi.rss")
    result = run_cli("digest", feed, "-o", tmp_path / "a.pdf", "--since", "2026-11-01", "--cache-dir", tmp_path / "c")
    assert result.exit_code == 0, result.stderr
    assert "2 of 3 items" in result.stderr and site.hits["/ky-hop.html"] == 0
    result = run_cli("digest", feed, "-o", tmp_path / "b.pdf", "--limit", "1", "--cache-dir", tmp_path / "c")
    assert "1 of 3 items" in result.stderr
    result = run_cli("digest", feed, "-o", tmp_path / "c.pdf", "--match", "quốc hội", "--cache-dir", tmp_path / "c")
    assert result.exit_code == 0 and "1 of 3 items" in result.stderr
    assert squash("Khai mạc kỳ họp") in squash(pdf_text((tmp_path / "c.pdf").read_bytes()))


def test_render_a_feed_writes_a_brief_per_item(site, run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli("render", site.url("/rss/tin-moi.rss"), "-o", out, "-f", "md", "--report", tmp_path / "r.json",
                     "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    briefs = sorted(p.name for p in out.glob("*.md"))
    assert len(briefs) == 3
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(report["inputs"]) == 3


def test_a_feed_that_fails_never_stops_the_others(site, run_cli, tmp_path):
    site.add("/rss/hong.rss", "<html><body>Trang này không phải RSS</body></html>".encode(), "text/html")
    result = run_cli("digest", site.url("/rss/hong.rss"), site.url("/rss/khong-co.rss"), site.url("/rss/tin-moi.rss"),
                     "-o", tmp_path / "d.pdf", "--limit", "1", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert any("hong.rss" in e and "not an RSS or Atom feed" in e for e in errors)
    assert any("khong-co.rss" in e and "404" in e for e in errors)
    assert (tmp_path / "d.pdf").is_file()


def test_a_saved_feed_file(site, run_cli, tmp_path):
    saved = tmp_path / "tin.xml"
    saved.write_bytes(site.files["/rss/tin-moi.rss"][0])
    # the items of a saved feed are addresses the file names, not the user: this machine's are refused ...
    result = run_cli("digest", saved, "-o", tmp_path / "d.pdf", "--limit", "2", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 3 and "allow-private-host 127.0.0.1" in result.stderr
    # ... unless the user allows the host by name
    result = run_cli("digest", saved, "-o", tmp_path / "d.pdf", "--limit", "2", "--cache-dir", tmp_path / "cache",
                     "--allow-private-host", "127.0.0.1")
    assert result.exit_code == 0, result.stderr


def test_bad_since_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("digest", "https://127.0.0.1:9/rss/x.rss", "-o", tmp_path / "d.pdf", "--since", "hôm qua")
    assert result.exit_code == 2
    assert "--since" in result.stderr or "since" in result.stderr


def test_jobs_keep_to_two_downloads_a_site(site, run_cli, tmp_path):
    site.delay = 0.3
    result = run_cli("digest", site.url("/rss/tin-moi.rss"), "-o", tmp_path / "d.pdf", "--jobs", "4",
                     "--images", "none", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    assert 1 <= site.most_active["all"] <= 2
