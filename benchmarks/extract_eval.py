"""How well the news-page reader finds the parts of real articles: per-field accuracy over hand-labelled pages.

    python benchmarks/extract_eval.py                      # the tables (tuned, held out, all), misses of tuned pages
    python benchmarks/extract_eval.py --group held         # only the pages never tuned on
    python benchmarks/extract_eval.py --engine trafilatura # the same judging of trafilatura's extraction
    python benchmarks/extract_eval.py --show-held-misses   # also what was found on held-out pages (spoils them)
    PYTHONPATH=/path/to/other/checkout python benchmarks/extract_eval.py   # the same set read by other code

The labels (``tests/fixtures/pages/labels.json``) were made by reading each page, not by running vnbrief: the
headline, the lead (sapo), the article's paragraphs, its photo captions, the author, the publication date and
texts on the page that are not the article (menus, teasers, masthead). Each page is read with
:func:`exporter.read_article` and scored on:

- title: the headline, exactly;
- lead: the sapo, once (not repeated in the body, not holding the headline);
- body: at least 97 % of the article's words kept (``paragraphs`` also asks that they are not collapsed into a
  few long paragraphs, nor repeated);
- clean: none of the page's non-article texts in the brief;
- captions: no caption text inside the body (pages that have captions only): a caption's words opening a block,
  closing it or opening a sentence of it;
- author: the same names (order and case aside; an unsigned page must give none);
- date: ISO 8601, the labelled day and time (a page labelled with no date is right only when none is given);
- day: the labelled day, whatever the time (how a tool that gives days only compares).

``--engine trafilatura`` judges trafilatura's own extraction the same way: its title, its description as the lead
(a first paragraph equal to it is not counted twice), its paragraphs as the body (captions it leaves in the text
count as captions in the body), its author and date. Misses of held-out pages are not printed unless asked for, so
that nobody tuning the reader sees what it finds on them.

Corpus pages (``corpus:``) are skipped when ``../shared/corpus`` is absent. In the spirit of trafilatura's
evaluation (``tests/evaluate.py`` over ``evaldata.json``).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing vnbrief (PYTHONPATH still wins)
    sys.path.append(str(ROOT))
LABELS = ROOT / "tests" / "fixtures" / "pages" / "labels.json"
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = ("title", "lead", "body", "paragraphs", "clean", "captions", "author", "date", "day")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$")
_BODY_KINDS = ("paragraph", "heading", "quote")


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def key(text: str) -> str:
    """Text compared without case, punctuation and spacing."""
    return " ".join(re.findall(r"\w+", flat(text).casefold()))


def words(text: str) -> List[str]:
    return re.findall(r"\w+", flat(text).casefold())


def page_path(spec: str) -> Optional[Path]:
    """The file a label's ``page`` names, or None when it is a corpus page and the corpus is absent."""
    where, _, rel = spec.partition(":")
    path = (CORPUS if where == "corpus" else FIXTURES) / rel
    return path if path.exists() else None


def _names(text: str) -> List[str]:
    # names joined by a comma, a semicolon, "và" or a dash, a hyphen or an en dash alike ("Hoàng Trung – Mạnh Dũng")
    return sorted(key(n) for n in re.split(r",|;|\s+[-–]\s+|\s+và\s+", text) if key(n))


def _caption_in(caption: str, text: str) -> bool:
    """Whether a block holds a caption: the caption's words open the block, close it, or open a sentence of it (a
    short caption's words inside a sentence of the story, "… cho Messi đệm bóng gỡ hòa 1-1", are the story's)."""
    found = words(caption)
    if not found:
        return False
    for match in re.finditer(r"\W+".join(map(re.escape, found)), flat(text).casefold()):
        before, after = match.string[:match.start()].rstrip(), match.string[match.end():]
        if not before or before[-1] in ".!?…:;\"”)" or not re.search(r"\w", after):
            return True
    return False


def score(article, label: dict) -> Dict[str, Tuple[Optional[bool], str]]:
    """Each field of :data:`FIELDS` → ``(passed, what was found)``; ``passed`` is None when the field does not
    apply to the page (captions on a page without any)."""
    blocks = list(article.blocks)
    body = [b.text for b in blocks if b.kind in _BODY_KINDS]
    leads = [b.text for b in blocks if b.kind == "lead"]
    result: Dict[str, Tuple[Optional[bool], str]] = {}
    result["title"] = (flat(article.title) == flat(label["title"]), article.title)

    lead_key, found = key(label["lead"]), key(article.lead)
    repeated = sum(lead_key and lead_key in key(t) for t in body) if lead_key else 0
    title_in_lead = bool(found) and key(label["title"]) in found and key(label["title"]) not in lead_key
    ok = found == lead_key and len(leads) <= 1 and not repeated and not title_in_lead
    result["lead"] = (ok, article.lead + (" [repeated in the body]" if repeated else "")
                      + (" [holds the title]" if title_in_lead else ""))

    expected = Counter(w for p in label["body"] for w in words(p))
    got = Counter(w for t in body for w in words(t))
    kept = sum(min(n, got[w]) for w, n in expected.items()) / max(1, sum(expected.values()))
    result["body"] = (kept >= 0.97, f"{kept:.1%} of {sum(expected.values())} words")

    twice = [t for t, n in Counter(key(t) for t in body if len(t) >= 40).items() if n > 1]
    count, wanted = len(body), label["paragraph_count"]
    ok = not twice and count >= 0.7 * wanted and count <= 1.5 * wanted + 2
    result["paragraphs"] = (ok, f"{count} paragraphs for {wanted}" + (f", {len(twice)} repeated" if twice else ""))

    brief = flat("\n".join([article.title, article.author] + [b.text for b in blocks])).casefold()
    left = [c for c in label["must_not_contain"] if flat(c).casefold() in brief]
    result["clean"] = (not left, "; ".join(left))

    if label["captions"]:
        inside = [c for c in label["captions"] if any(_caption_in(c, t) for t in body + leads)]
        result["captions"] = (not inside, "; ".join(inside) or f"{len(article.captions)} captions")
    else:
        result["captions"] = (None, "")

    result["author"] = (_names(article.author) == _names(label["author"]), article.author)
    date = article.date or ""
    if label["date"]:
        result["date"] = (bool(_ISO.match(date)) and date.startswith(label["date"]), date)
    else:  # the page shows no date: none is right, an invented one is not
        result["date"] = (not date, date or "(none)")
    result["day"] = ((bool(_ISO.match(date)) and date[:10] == label["date"][:10]) if label["date"] else not date,
                     date or "(none)")
    return result


class _Extracted:
    """trafilatura's extraction of a page in the shape :func:`score` reads (title, lead, author, date, blocks)."""

    def __init__(self, title: str, lead: str, paragraphs: List[str], author: str, date: str) -> None:
        from exporter.model import Block

        self.title, self.lead, self.author, self.date = title, lead, author, date
        self.blocks = ([Block.plain("lead", lead)] if lead else []) + [Block.plain("paragraph", p) for p in paragraphs]
        self.captions: Tuple[str, ...] = ()


def trafilatura_article(path: Path) -> _Extracted:
    """Extract a saved page with trafilatura alone (precision off, metadata on), as a user of it would."""
    import trafilatura

    doc = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True, include_comments=False,
                                      include_tables=True, url=None)
    get = (lambda name: getattr(doc, name, None)) if doc is not None and not isinstance(doc, dict) else \
        (lambda name: (doc or {}).get(name))
    lead = flat(get("description") or "")
    paragraphs = [flat(p) for p in (get("text") or "").split("\n") if flat(p)]
    if paragraphs and lead and key(paragraphs[0]) == key(lead):
        paragraphs = paragraphs[1:]
    return _Extracted(flat(get("title") or ""), lead, paragraphs, flat(get("author") or ""), get("date") or "")


def evaluate(labels: List[dict], group: Optional[str] = None, engine: str = "vnbrief") -> List[Tuple[dict, Dict]]:
    """Read and score every labelled page (of one group, if given) that is present, with vnbrief or trafilatura."""
    from exporter import Options, read_article
    from exporter.errors import VnbriefError

    results = []
    for label in labels:
        if group and label["group"] != group:
            continue
        path = page_path(label["page"])
        if path is None:
            continue
        if engine == "trafilatura":
            results.append((label, score(trafilatura_article(path), label)))
            continue
        try:
            article = read_article(str(path), Options())
        except VnbriefError as exc:  # a page the reader refuses misses every field that applies to it
            results.append((label, {field: (None if field == "captions" and not label["captions"] else False,
                                            f"not read: {exc}") for field in FIELDS}))
            continue
        results.append((label, score(article, label)))
    return results


def table(results: List[Tuple[dict, Dict]], title: str) -> str:
    years = sorted({r[0]["year"] for r in results})
    mobile = sum(r[0]["device"] != "desktop" for r in results)
    lines = [f"{title}: {len(results)} pages, {len({r[0]['outlet'] for r in results})} outlets, "
             f"years {', '.join(map(str, years))}, {mobile} mobile/AMP",
             "| field | right | share |", "| --- | --- | --- |"]
    for field in FIELDS:
        marks = [scores[field][0] for _, scores in results if scores[field][0] is not None]
        share = f"{sum(marks) / len(marks):.0%}" if marks else "-"
        lines.append(f"| {field} | {sum(marks)} / {len(marks)} | {share} |")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="labels file (default: %(default)s)")
    parser.add_argument("--group", choices=("tuned", "held"), help="only this group of pages")
    parser.add_argument("--engine", choices=("vnbrief", "trafilatura"), default="vnbrief",
                        help="whose extraction is judged (default: %(default)s)")
    parser.add_argument("--show-held-misses", action="store_true",
                        help="also print what was found on held-out pages (only once the group is given up)")
    args = parser.parse_args(argv)
    labels = json.loads(args.labels.read_text(encoding="utf-8"))["pages"]
    import logging

    logging.disable(logging.WARNING)  # repairs the reader notes are not misses
    try:
        results = evaluate(labels, args.group, args.engine)
    finally:
        logging.disable(logging.NOTSET)
    groups = [args.group] if args.group else ["tuned", "held"]
    for group in groups:
        print(table([r for r in results if r[0]["group"] == group], f"{args.engine}, {group} pages"), end="\n\n")
    if not args.group:
        print(table(results, f"{args.engine}, all pages"), end="\n\n")
    print("Misses:")
    for label, scores in results:
        if label["group"] == "held" and not args.show_held_misses:
            continue
        for field in FIELDS:
            passed, found = scores[field]
            if passed is False:
                print(f"  {label['id']} ({label['group']}) {field}: {found[:160]!r}")
    # The plain-text and Word files, labelled the same way (tests/fixtures/text, tests/fixtures/docx).
    if args.engine != "vnbrief":
        return 0
    if str(Path(__file__).resolve().parent) not in sys.path:  # loaded by a test, not run as a script
        sys.path.insert(0, str(Path(__file__).resolve().parent))
    from extract_eval_text import report as files_report

    logging.disable(logging.WARNING)
    try:
        print("\nPlain-text and Word files:\n" + files_report(held_out_only=None if not args.group
                                                              else args.group == "held"))
    finally:
        logging.disable(logging.NOTSET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
