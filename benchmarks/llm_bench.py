"""Requests, tokens, glossary terms and bad replies of the ``openai`` provider over the corpus, against
LibreTranslate-style batching, both measured in the same run against local scripted servers.

- **LibreTranslate-style batching** (the baseline): the ``libre`` provider against the LibreTranslate test
  server, up to 32 texts and 4,000 characters a request; its "tokens" are the characters sent divided by
  three, the scripted chat server's own rule, so that the two can be compared.
- **openai, obedient model**: the chat server follows the prompt (terms in English, names kept), with a fixed
  latency per request and per completion token. Printed: requests, tokens in and out (as the server reports
  them), wall time, and the share of the corpus's glossary terms whose English is in the output.
- **openai, sloppy model**: the same server drops or adds an id in a share of its replies (``--sloppy``).
  Printed: the sloppy replies, how many the provider rejected, how many were accepted (must be 0), the extra
  requests they cost, and whether the output is identical to the obedient run's.

    python benchmarks/llm_bench.py [--latency 0.05] [--token-latency 0.0002] [--sloppy 0.3] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from libre_server import TranslationServer  # noqa: E402
from openai_server import ChatServer  # noqa: E402
from translate_bench import load  # noqa: E402

from exporter.model import Article  # noqa: E402
from exporter.options import Options  # noqa: E402
from exporter.translate import article_segments  # noqa: E402
from exporter.translate.checks import check_segment  # noqa: E402
from exporter.translate.engine import Translator  # noqa: E402
from exporter.translate.glossary import load_glossary  # noqa: E402
from exporter.translate.http import RetryPolicy  # noqa: E402


def translate_all(articles: List[Article], options: Options) -> Tuple[List[Article], int, Tuple[int, int], float,
                                                                       int]:
    """Translate every article with one cold cache; (articles, requests, tokens, seconds, bad replies)."""
    out = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as cache_dir:
        options = Options(**{**options.__dict__, "cache_dir": cache_dir})
        with Translator(options, retry=RetryPolicy(attempts=2, base_delay=0.01)) as translator:
            for article in articles:
                out.append(translator.translate_article(article))
            return (out, translator.requests, translator.tokens, time.perf_counter() - started,
                    int(getattr(translator.provider, "bad_replies", 0)))


def glossary_presence(articles: List[Article]) -> Tuple[int, int]:
    """(glossary terms found in the sources, of which the English is in the translation)."""
    glossary = load_glossary()
    total = present = 0
    for article in articles:
        tr = article.translation
        assert tr is not None
        targets: Dict[str, str] = {"title": tr.title}
        targets.update({f"b{i + 1}": block.text for i, block in enumerate(tr.blocks)})
        for segment in article_segments(article):
            terms = [s for s in glossary.terms(segment.source)]
            missing = {f.detail for f in check_segment(segment.source, targets[segment.id], glossary, terms)
                       if f.kind == "glossary"}
            total += len(terms)
            present += sum(1 for t in terms if t.replacement not in missing)
    return total, present


def texts(articles: List[Article]) -> List[str]:
    return [a.translation.title for a in articles if a.translation] + [
        b.text for a in articles if a.translation for b in a.translation.blocks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "articles")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds a request takes, whatever its size")
    parser.add_argument("--token-latency", type=float, default=0.0002, help="seconds per completion token")
    parser.add_argument("--sloppy", type=float, default=0.3, help="share of replies with a missing or extra id")
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 1
    articles = [load(path) for path in paths]
    chars = sum(len(s.source) for a in articles for s in article_segments(a))
    print(f"corpus: {len(articles)} articles, {chars:,} characters to translate; latency "
          f"{args.latency * 1000:.0f} ms/request + {args.token_latency * 1000:.2f} ms/completion token\n")

    with TranslationServer(delay=args.latency) as libre:
        _, libre_requests, _, libre_seconds, _ = translate_all(
            articles, Options(provider="libre", provider_url=libre.url, jobs=1))
        sent = sum(len(t) for r in libre.requests for t in (r.json or {}).get("q", []))
    with ChatServer(latency=args.latency, token_latency=args.token_latency) as chat:
        options = Options(provider="openai", provider_url=chat.url + "/v1", model="bench", jobs=1)
        good, requests, tokens, seconds, bad = translate_all(articles, options)
    with ChatServer(latency=args.latency, token_latency=args.token_latency, sloppy=args.sloppy) as sloppy:
        options = Options(provider="openai", provider_url=sloppy.url + "/v1", model="bench", jobs=1)
        rough, s_requests, s_tokens, s_seconds, s_bad = translate_all(articles, options)
        made_bad = sloppy.sloppy_replies

    total, present = glossary_presence(good)
    print(f"{'run':34} {'requests':>8} {'tokens in':>10} {'tokens out':>10} {'seconds':>8}")
    approx = "~" + format(sent // 3, ",")  # characters sent / 3; about as many come back
    print(f"{'LibreTranslate-style batching':34} {libre_requests:>8} {approx:>10} {approx:>10} {libre_seconds:>8.2f}")
    print(f"{'openai, obedient model':34} {requests:>8} {tokens[0]:>10,} {tokens[1]:>10,} {seconds:>8.2f}")
    print(f"{'openai, sloppy model':34} {s_requests:>8} {s_tokens[0]:>10,} {s_tokens[1]:>10,} {s_seconds:>8.2f}")
    print()
    print(f"requests: openai {requests} vs LibreTranslate-style {libre_requests} "
          f"({requests / libre_requests:.0%}); target <= 20: {'met' if requests <= 20 else 'NOT MET'}")
    print(f"glossary terms present (obedient model): {present} of {total} "
          f"({present / max(total, 1):.1%}); target 100%: {'met' if present == total else 'NOT MET'}")
    accepted = made_bad - s_bad
    same = texts(rough) == texts(good)
    print(f"sloppy model: {made_bad} of {s_requests} replies with a missing or extra id, {s_bad} rejected, "
          f"{accepted} accepted; {s_requests - requests} extra requests; output identical to the obedient "
          f"run: {same}; target 0 accepted: {'met' if accepted == 0 and same else 'NOT MET'}")
    kinds = Counter(flag.split(":")[0] for a in good if a.translation for _, text in a.translation.checks
                    for flag in text.split("; "))
    print(f"checks after translation (obedient model): {dict(kinds) or 'no flags'} (the scripted model's "
          f"'English' is the Vietnamese without diacritics, so 'untranslated' may fire where function words "
          f"remain); bad replies in the obedient run: {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
