"""Requests and wall time per article, translating the corpus against a local LibreTranslate-compatible server.

For every article of ``../shared/corpus/articles`` it measures four runs: without batching (one text per
request, what deep-translator does for every provider) and with batching (LibreTranslate's list ``q``), each
cold (empty cache) and cached (second run). The server answers after ``--latency`` seconds to stand for a real
network and model. The baseline is the unbatched cold run, measured in the same process.

    python benchmarks/translate_bench.py [--latency 0.02] [--jobs 1] [--corpus DIR]
    python benchmarks/translate_bench.py --providers      # cold requests per provider for the whole corpus

``--providers`` translates every article of the corpus once, cold, with each provider the fake server imitates
(Google's page, MyMemory, LibreTranslate, DeepL, Microsoft) and prints the requests each needed and the
longest request in bytes, against MyMemory's 500-byte limit.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from libre_server import TranslationServer  # noqa: E402

from exporter.model import Article, Block  # noqa: E402
from exporter.options import Options  # noqa: E402
from exporter.translate.engine import Translator  # noqa: E402


def load(path: Path) -> Article:
    """A corpus article: first line the headline, every further non-empty line a paragraph."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Article(title=lines[0], blocks=tuple(Block.plain("paragraph", line) for line in lines[1:]))


def run(article: Article, server: TranslationServer, cache_dir: str, *, batching: bool, jobs: int) -> tuple:
    options = Options(provider="libre", provider_url=server.url, cache_dir=cache_dir, jobs=jobs)
    with Translator(options) as translator:
        if not batching:
            translator.provider.batch_items = 1
        started = time.perf_counter()
        translator.translate_article(article)
        return translator.requests, time.perf_counter() - started


def provider_counts(paths, jobs: int) -> int:
    """Cold requests per provider for the corpus (see the module docstring)."""
    import os

    os.environ.setdefault("VNBRIEF_API_KEY", "bench-key")
    print(f"{'provider':10} {'requests':>8} {'largest request':>16} {'over 500 bytes':>15}")
    with TranslationServer() as server:
        for provider in ("google", "mymemory", "libre", "deepl", "microsoft"):
            server.reset()
            with tempfile.TemporaryDirectory() as cache_dir:
                options = Options(provider=provider, provider_url=server.url, cache_dir=cache_dir, jobs=jobs)
                with Translator(options) as translator:
                    for path in paths:
                        translator.translate_article(load(path))
            sizes = [len(_sent_text(record).encode("utf-8")) for record in server.requests]
            over = sum(1 for size in sizes if size > 500)
            print(f"{provider:10} {server.count:>8} {max(sizes, default=0):>10} bytes {over:>15}")
    return 0


def _sent_text(record) -> str:
    """The text a recorded request carried, whatever the provider's shape."""
    if "q" in record.query:
        return "".join(record.query["q"])
    data = record.json
    if isinstance(data, dict):
        q = data.get("q") or data.get("text") or ""
        return "".join(q) if isinstance(q, list) else str(q)
    if isinstance(data, list):
        return "".join(str(item.get("Text", item.get("text", ""))) for item in data if isinstance(item, dict))
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "articles")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds the server takes per request")
    parser.add_argument("--jobs", type=int, default=1, help="parallel requests (0: automatic)")
    parser.add_argument("--providers", action="store_true", help="cold requests per provider for the corpus")
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 1
    if args.providers:
        return provider_counts(paths, args.jobs)
    header = (f"{'article':32} {'chars':>6} {'segs':>4} | {'unbatched cold':>15} {'cached':>10} | "
              f"{'batched cold':>15} {'cached':>10}")
    print(f"latency {args.latency * 1000:.0f} ms/request, jobs {args.jobs}")
    print(header)
    print("-" * len(header))
    totals = [[0, 0.0] for _ in range(4)]
    with TranslationServer(delay=args.latency) as server:
        for path in paths:
            article = load(path)
            chars = len(article.title) + sum(len(b.text) for b in article.blocks)
            cells = []
            for index, batching in enumerate((False, True)):
                with tempfile.TemporaryDirectory() as cache_dir:
                    for offset in range(2):  # cold, then cached
                        requests, seconds = run(article, server, cache_dir, batching=batching, jobs=args.jobs)
                        totals[index * 2 + offset][0] += requests
                        totals[index * 2 + offset][1] += seconds
                        cells.append(f"{requests:>4} {seconds * 1000:>7.0f} ms")
            print(f"{path.stem[:32]:32} {chars:>6} {len(article.blocks) + 1:>4} | {cells[0]:>15} {cells[1]:>10} | "
                  f"{cells[2]:>15} {cells[3]:>10}")
    print("-" * len(header))
    labels = ("unbatched cold (baseline)", "unbatched cached", "batched cold", "batched cached")
    base_requests, base_seconds = totals[0]
    for label, (requests, seconds) in zip(labels, totals):
        print(f"{label:28} {requests:>5} requests ({requests / base_requests:6.1%}), "
              f"{seconds:7.2f} s ({seconds / base_seconds:6.1%} of baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
