"""Issue 16, part 2: one network policy. What the user names is trusted; what fetched content names (a page's
photos, a feed's items, the redirects of either) may not reach this machine or a private network unless it is on
the host the user named, checked on the resolved address, at every redirect, whatever the spelling. Two local
servers play the public site (the one the user names) and an internal service, which must never be asked."""
from __future__ import annotations

import photo_files as pf
import pytest
from static_server import serve

from exporter.net import AddressRefused, Reach

PARAGRAPHS = [
    "Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn.",
    "Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ vào đất liền.",
    "Theo dự báo, bão suy yếu thành áp thấp nhiệt đới và tiếp tục gây mưa to ở các tỉnh miền núi phía Bắc.",
]


def page_with(src: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>Bão</title></head><body><article>"
            f"<h1>Bão số 3 đổ bộ vào Quảng Ninh</h1><p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p>"
            f"<figure><img src='{src}'><figcaption>Cây đổ trên phố (Ảnh: Minh Anh)</figcaption></figure>"
            f"<p>{PARAGRAPHS[2]} {PARAGRAPHS[1]}</p><p>{PARAGRAPHS[0]}</p></article></body></html>").encode()


@pytest.fixture
def internal():
    """The internal service: a photo and a page anyone on this machine may fetch, but no page from outside."""
    with serve() as site:
        site.add("/secret.jpg", pf.jpeg((1200, 800), seed=11), "image/jpeg")
        site.add("/admin", page_with("/secret.jpg"), "text/html; charset=utf-8")
        yield site


def port_of(site) -> int:
    return int(site.base.rsplit(":", 1)[1])


@pytest.mark.parametrize("spelling", ["localhost", "other port", "decimal", "ipv6", "mapped ipv6"])
def test_photos_a_page_names_on_this_machine_are_not_fetched(tmp_path, static_site, internal, run_cli, spelling):
    port = port_of(internal)
    src = {"localhost": f"http://localhost:{port_of(static_site)}/secret.jpg",  # same port, another name
           "other port": f"{internal.base}/secret.jpg",
           "decimal": f"http://2130706433:{port}/secret.jpg",
           "ipv6": f"http://[::1]:{port}/secret.jpg",
           "mapped ipv6": f"http://[::ffff:127.0.0.1]:{port}/secret.jpg"}[spelling]
    static_site.add("/secret.jpg", pf.jpeg((1200, 800), seed=11), "image/jpeg")
    url = static_site.add("/bai", page_with(src), "text/html; charset=utf-8")
    result = run_cli("render", url, "-o", tmp_path / "out", "-f", "md", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert "left out: not fetched:" in result.stderr and "--allow-private-host" in result.stderr
    assert internal.hits["/secret.jpg"] == 0 and static_site.hits["/secret.jpg"] == 0
    assert not list((tmp_path / "out").glob("*_files"))


def test_link_local_metadata_address_is_never_asked(tmp_path, static_site, run_cli):
    url = static_site.add("/bai", page_with("http://169.254.169.254/latest/meta-data/iam.jpg"),
                          "text/html; charset=utf-8")
    result = run_cli("render", url, "-o", tmp_path / "out", "-f", "md", "--no-cache", "--timeout", "2")
    assert result.exit_code == 0, result.stderr
    assert "169.254.169.254 is on a link-local network" in result.stderr


def test_photos_on_the_host_the_user_named_are_fetched(tmp_path, static_site, run_cli):
    static_site.add("/anh.jpg", pf.jpeg((1200, 800), seed=3), "image/jpeg")
    url = static_site.add("/bai", page_with("/anh.jpg"), "text/html; charset=utf-8")
    result = run_cli("render", url, "-o", tmp_path / "out", "-f", "md", "--no-cache")
    assert result.exit_code == 0 and "Warning" not in result.stderr, result.stderr
    assert static_site.hits["/anh.jpg"] == 1 and len(list((tmp_path / "out").glob("*_files/01.jpg"))) == 1


def test_a_redirect_to_this_machine_is_refused(tmp_path, static_site, internal, run_cli):
    """A photo on the named host that redirects to the internal service; a page the user named whose redirect
    leaves for it."""
    static_site.redirects["/anh.jpg"] = (302, f"{internal.base}/secret.jpg")
    url = static_site.add("/bai", page_with("/anh.jpg"), "text/html; charset=utf-8")
    result = run_cli("render", url, "-o", tmp_path / "out", "-f", "md", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert static_site.hits["/anh.jpg"] == 1 and internal.hits["/secret.jpg"] == 0
    assert "left out: not fetched:" in result.stderr
    static_site.redirects["/di"] = (301, f"{internal.base}/admin")
    result = run_cli("render", static_site.url("/di"), "-o", tmp_path / "out2", "-f", "md", "--no-cache")
    assert result.exit_code == 3 and internal.hits["/admin"] == 0
    assert "not fetched: 127.0.0.1 is on this machine (loopback)" in result.stderr


def test_the_user_may_allow_a_private_host_by_name(tmp_path, static_site, internal, run_cli):
    url = static_site.add("/bai", page_with(f"{internal.base}/secret.jpg"), "text/html; charset=utf-8")
    result = run_cli("render", url, "-o", tmp_path / "out", "-f", "md", "--no-cache",
                     "--allow-private-host", "127.0.0.1")
    assert result.exit_code == 0 and "Warning" not in result.stderr, result.stderr
    assert internal.hits["/secret.jpg"] == 1


def feed_of(*links: str) -> bytes:
    items = "".join(f"<item><title>Bão số {i} đổ bộ</title><link>{link}</link>"
                    f"<pubDate>Mon, 0{i + 1} Dec 2026 08:00:00 +0700</pubDate></item>" for i, link in enumerate(links))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Tin</title>{items}</channel></rss>".encode()


@pytest.mark.parametrize("command", ["render", "digest"])
def test_feed_items_on_this_machine_are_not_fetched(tmp_path, static_site, internal, run_cli, command):
    static_site.add("/tin", page_with("data:,"), "text/html; charset=utf-8")
    feed = static_site.add("/rss", feed_of(static_site.url("/tin"), f"{internal.base}/admin",
                                           f"http://2130706433:{port_of(internal)}/admin"), "application/rss+xml")
    out = ["-o", tmp_path / "out", "-f", "md"] if command == "render" else ["-o", tmp_path / "d.md"]
    result = run_cli(command, feed, *out, "--no-cache")
    assert result.exit_code == 3, result.stderr
    assert internal.hits["/admin"] == 0 and static_site.hits["/tin"] == 1  # the feed's own host is trusted
    refused = [line for line in result.stderr.splitlines() if line.startswith("Error: ") and "not fetched: " in line]
    assert len(refused) == 2, result.stderr


def test_the_policy_checks_resolved_addresses():
    reach = Reach.of(["http://127.0.0.1:8000/page"], allowed=["intranet.test"])
    assert reach.trusts("127.0.0.1", 8000) and not reach.trusts("127.0.0.1", 8001)
    assert reach.trusts("INTRANET.test.", 1234)
    for host in ("localhost", "2130706433", "0x7f.1", "::1", "10.1.2.3", "192.168.0.1", "169.254.169.254",
                 "224.0.0.1", "0.0.0.0", "::ffff:10.0.0.1", "fe80::1", "fc00::1", "100.64.0.1"):
        with pytest.raises(AddressRefused):
            reach.addresses(host, 80)
    assert Reach(everywhere=True).addresses("127.0.0.1", 80)
