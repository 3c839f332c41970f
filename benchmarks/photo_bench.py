"""What photos and feeds cost.

1. A brief with three camera-size photos against the same brief without them (``--images none``), rendered in
   this process after the photos are loaded: time per PDF and per Markdown brief, and the PDF's size.
   Targets: photos add at most 2× to the render time; a three-photo PDF stays under 1 MB.
2. A digest of a 20-item feed served by a local web server (fixed latency per request), run as the real
   command with ``--jobs 1`` and ``--jobs 4``: wall time, CPU time of the command and its workers, requests and
   bytes served. The items are on two sites (``127.0.0.1`` and ``localhost``), so four workers are allowed.
   Target: network-bound, i.e. wall time far above CPU time, and more jobs → less wall time.

    python benchmarks/photo_bench.py [--repeat 5] [--latency 0.15]
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import child_env, header, median_time, paired_processes, ratio, verdict  # noqa: E402

BODY = ("Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn "
        "trên diện rộng, làm nhiều cây xanh bị đổ và nhiều tuyến đường ngập sâu. Chính quyền địa phương đã sơ tán "
        "hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ.")


def camera_photo(seed: int, size=(4000, 3000)) -> bytes:
    """A camera-size JPEG with texture (noise over gradients), as hard to compress as a real photo."""
    from PIL import Image, ImageChops, ImageDraw

    img = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(img)
    for i in range(30):
        x, y = (i * 397 + seed * 131) % size[0], (i * 233 + seed * 71) % size[1]
        draw.ellipse((x, y, x + size[0] // 6, y + size[1] // 6), fill=((i * 53) % 256, (seed * 90 + i * 17) % 256, 120))
    noise = Image.effect_noise(size, 40).convert("RGB")
    img = ImageChops.add(img, noise, scale=1.6, offset=-40)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def photo_brief(folder: Path, photos: int) -> Path:
    parts = ["# Bão số 3 đổ bộ vào Quảng Ninh", BODY]
    for i in range(photos):
        (folder / f"{i}.jpg").write_bytes(camera_photo(i))
        parts += [f"![Ảnh {i + 1}]({i}.jpg)", f"Người dân dọn dẹp sau bão, ảnh số {i + 1} (Ảnh: Minh Anh)", BODY]
    path = folder / "bai.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def fresh(fn):
    """``fn`` run with no photo prepared before (each format of a brief prepares its photos once; the second
    format of the same brief finds them prepared)."""
    from exporter.render import images

    def run(*args):
        images._PREPARED.clear()
        return fn(*args)

    return run


def bench_brief(repeat: int) -> None:
    from exporter.options import Options
    from exporter.pipeline import read_article, with_photos
    from exporter.render.base import render_files

    with tempfile.TemporaryDirectory() as tmp:
        path = photo_brief(Path(tmp), 3)
        source = sum(p.stat().st_size for p in Path(tmp).glob("*.jpg"))
        rows = []
        for mode in ("none", "all"):
            options = Options(images=mode, cache_dir=str(Path(tmp) / "cache"))
            article = with_photos(read_article(path, options), options)
            pdf = render_files(article, "pdf", options, "bai")["bai.pdf"]
            md = render_files(article, "md", options, "bai")
            t_pdf = median_time(lambda a=article, o=options: fresh(render_files)(a, "pdf", o, "bai"), repeat)
            t_md = median_time(lambda a=article, o=options: fresh(render_files)(a, "md", o, "bai"), repeat)
            rows.append((mode, t_pdf, t_md, len(pdf), sum(len(v) for k, v in md.items() if k != "bai.md")))
    print(f"Brief with 3 camera photos ({source / 1e6:.1f} MB of JPEG, 4000×3000 each), median of {repeat}:")
    print(f"{'images':8} {'PDF render':>11} {'MD render':>10} {'PDF size':>10} {'MD photos':>10}")
    for mode, t_pdf, t_md, size, files in rows:
        print(f"{mode:8} {t_pdf * 1000:9.0f} ms {t_md * 1000:8.0f} ms {size / 1e3:7.0f} KB {files / 1e3:7.0f} KB")
    (_, p0, m0, _, _), (_, p1, m1, size, _) = rows
    print(f"in this process, photos cost ×{p1 / p0:.0f} a PDF's render and ×{m1 / m0:.0f} a Markdown brief's "
          f"(against a text-only brief that takes milliseconds); PDF {size / 1e6:.2f} MB (target ≤ 1 MB)")
    # What a user waits for: the whole command, photos beside the input (downloads are cached), the two modes
    # alternated round by round; photos are prepared in threads, as many as --jobs allows (default: the CPUs), and
    # by the renderer itself when it would otherwise wait for one that no thread has started.
    with tempfile.TemporaryDirectory() as tmp:
        path = photo_brief(Path(tmp), 3)
        commands = {mode: [sys.executable, "-m", "exporter", "render", str(path), "-o", f"{tmp}/out-{mode}",
                           "--images", mode, "--force", "-q"] for mode in ("none", "all")}
        walls, _ = paired_processes(commands, repeat, env=child_env(ROOT))
    cost = ratio(walls, "all", "none")
    print(f"whole command 'vnbrief render' (PDF and Markdown), median of {repeat} alternated rounds: without photos "
          f"{statistics.median(walls['none']):.2f} s, with 3 photos {statistics.median(walls['all']):.2f} s: "
          f"x{cost:.2f}   target <= 2: {verdict(cost <= 2)}\n")


class Site:
    """Pages, photos and a feed for the digest benchmark, with latency; counts requests and bytes."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.files: Dict[str, Tuple[bytes, str]] = {}
        self.requests = 0
        self.bytes = 0
        self.lock = threading.Lock()

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # http.server's naming
                time.sleep(site.latency)
                data, ctype = site.files.get(self.path.split("?")[0], (b"missing", "text/plain"))
                with site.lock:
                    site.requests += 1
                    site.bytes += len(data)
                self.send_response(200 if ctype != "text/plain" else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def feed_site(site: Site, port: int, items: int) -> str:
    from PIL import Image

    photo = io.BytesIO()
    Image.merge("RGB", [Image.effect_noise((1200, 800), 40 + 10 * i) for i in range(3)]).save(photo, "JPEG",
                                                                                             quality=85)
    site.files["/anh.jpg"] = (photo.getvalue(), "image/jpeg")
    entries = []
    for n in range(items):
        host = "127.0.0.1" if n % 2 else "localhost"  # two sites
        title = f"Tin số {n + 1}: bão số 3 đổ bộ vào Quảng Ninh"
        page = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
                f"<p>{BODY}</p><figure><img src='/anh.jpg' alt='ảnh'><figcaption>Cây đổ trên phố (Ảnh: TTXVN)"
                f"</figcaption></figure><p>{BODY}</p><p>{BODY} Tin số {n + 1}.</p></article></body></html>")
        site.files[f"/tin/{n}.html"] = (page.encode("utf-8"), "text/html; charset=utf-8")
        entries.append(f"<item><title>{title}</title><link>http://{host}:{port}/tin/{n}.html</link>"
                       f"<pubDate>Fri, 27 Nov 2026 {8 + n // 6:02d}:{(n * 7) % 60:02d}:00 +0700</pubDate></item>")
    feed = (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Tin mới</title>"
            f"<link>http://127.0.0.1:{port}/</link>{''.join(entries)}</channel></rss>")
    site.files["/rss/tin-moi.rss"] = (feed.encode("utf-8"), "application/rss+xml")
    return f"http://127.0.0.1:{port}/rss/tin-moi.rss"


def bench_feed(latency: float, items: int = 20) -> None:
    site = Site(latency)
    server = ThreadingHTTPServer(("127.0.0.1", 0), site.handler())
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = feed_site(site, server.server_address[1], items)
    print(f"Digest of a {items}-item feed on two local sites, {latency * 1000:.0f} ms latency per request:")
    print(f"{'jobs':>4} {'wall':>8} {'CPU':>8} {'requests':>9} {'downloaded':>11}")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    walls = {}
    requests_1 = 0
    for jobs in (1, 4):
        site.requests = site.bytes = 0
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "exporter", "digest", url, "-o", f"{tmp}/d.pdf", "--jobs", str(jobs),
                            "--cache-dir", f"{tmp}/cache", "-q",
                            # the feed's second site is this machine by another name: allowed, as a user would
                            "--allow-private-host", "localhost"], check=True, env=env, cwd=tmp)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        walls[jobs] = wall
        if jobs == 1:
            requests_1 = site.requests
        print(f"{jobs:4} {wall:7.2f}s {cpu:7.2f}s {site.requests:9} {site.bytes / 1e6:9.2f} MB")
    server.shutdown()
    print(f"--jobs 4 vs 1: ×{walls[1] / walls[4]:.2f} faster; at --jobs 1 the requests alone wait "
          f"{requests_1 * latency:.1f} s of the {walls[1]:.1f} s (network-bound when wall time ≫ CPU time)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--latency", type=float, default=0.15)
    args = parser.parse_args(argv)
    header("photo_bench")
    bench_brief(args.repeat)
    bench_feed(args.latency)
    return 0


if __name__ == "__main__":
    sys.exit(main())
