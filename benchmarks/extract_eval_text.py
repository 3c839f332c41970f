"""Per-field accuracy of reading real plain-text and Word articles against labels written by hand.

The fixtures are in ``tests/fixtures/text`` and ``tests/fixtures/docx``, each folder with a ``labels.json`` that
records where every file came from and what a reader should find in it. Run::

    python benchmarks/extract_eval_text.py            # every set
    python benchmarks/extract_eval_text.py text       # one set (text, docx, corpus)

It prints, per field, how many labelled files are right (``byline found x/N``) and then every miss, and for the
sets whose labels give the sub-headings, line by line: labelled sub-headings read as sub-headings, lines read as
sub-headings that are none (captions among them), labelled captions read as captions. The shared corpus's labels
are ``tests/fixtures/text/corpus_labels.json`` (its texts stay in ``../shared/corpus``; skipped when absent). The
HTML page evaluation (``benchmarks/extract_eval.py``) prints this report after its own.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing vnbrief (PYTHONPATH still wins)
    sys.path.append(str(ROOT))
SETS = {"text": ROOT / "tests" / "fixtures" / "text", "docx": ROOT / "tests" / "fixtures" / "docx",
        "corpus": ROOT.parent / "shared" / "corpus" / "articles"}
#: Where each set's labels are: beside its files, or (the shared corpus, whose texts stay where they are) here.
LABEL_FILES = {"text": SETS["text"] / "labels.json", "docx": SETS["docx"] / "labels.json",
               "corpus": SETS["text"] / "corpus_labels.json"}
FIELDS = ("title", "title_not", "lead", "author", "source", "captions", "headings", "paragraphs", "last_paragraph",
          "notes",
          "no_punctuation_paragraph")


def _norm(text: Optional[str]) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _check(article, label: dict) -> Dict[str, Tuple[bool, str]]:
    """Field → (right, what was found) for every field the label gives."""
    body = [_norm(p) for p in article.body]
    captions = [_norm(c) for c in article.captions]
    out: Dict[str, Tuple[bool, str]] = {}
    if label.get("title") is not None:
        out["title"] = (_norm(article.title) == _norm(label["title"]), article.title)
    if label.get("title_not"):
        out["title_not"] = (all(_norm(article.title) != _norm(t) for t in label["title_not"]), article.title)
    if label.get("lead") is not None:
        want = _norm(label["lead"])
        got = _norm(article.lead)
        out["lead"] = ((got.startswith(want) and bool(want)) or (not want and not got), article.lead[:60])
    if label.get("author") is not None:
        out["author"] = (_norm(article.author) == _norm(label["author"]), article.author)
    if label.get("source") is not None:
        out["source"] = (_norm(article.source) == _norm(label["source"]), article.source)
    if label.get("captions") is not None:
        wanted = [_norm(c) for c in label["captions"]]
        found = all(any(c.startswith(w) for c in captions) for w in wanted)
        # a caption kept in the body: a caption-sized paragraph that starts like it
        leaked = any(p.startswith(w) and len(p) <= len(w) + 60 for w in wanted for p in body)
        extra = len(captions) > len(wanted) + 1  # a stray paragraph taken for a caption
        out["captions"] = (found and not leaked and not extra, f"{len(captions)} captions: {article.captions[:3]}")
    if label.get("headings") is not None:
        headings = [_norm(b.text) for b in article.blocks if b.kind == "heading"]
        out["headings"] = (headings == [_norm(h) for h in label["headings"]],
                           f"{len(headings)} headings: {headings[:3]}")
    if label.get("paragraphs") is not None:
        low, high = label["paragraphs"]
        out["paragraphs"] = (low <= len(body) <= high, f"{len(body)} paragraphs")
    if label.get("last_paragraph_ends") is not None:
        last = re.sub(r"\[\d+\]$", "", body[-1]).strip() if body else ""  # note markers are checked as notes
        while re.search(r"\[\d+\]$", last):
            last = re.sub(r"\[\d+\]$", "", last).strip()
        out["last_paragraph"] = (last.endswith(_norm(label["last_paragraph_ends"])), last[-60:])
    if label.get("notes") is not None:
        notes = [_norm(n) for n in getattr(article, "notes", ())]
        out["notes"] = (notes == [_norm(n) for n in label["notes"]], f"{len(notes)} notes")
    # No paragraph, caption or byline of punctuation alone ("." left over from "(Ảnh: X).").
    pieces = [b.text for b in article.blocks]
    out["no_punctuation_paragraph"] = (all(any(c.isalnum() for c in p) for p in pieces if p.strip()),
                                       next((p for p in pieces if p.strip() and not any(c.isalnum() for c in p)), ""))
    return out


def evaluate(kind: str, held_out: Optional[bool] = None) -> Tuple[Dict[str, List[int]], List[str]]:
    """Read every labelled file of one set (``text`` or ``docx``) with the project's reader; return field →
    [right, labelled] and the list of misses (one line each). ``held_out`` True or False keeps only the files
    labelled blind after the rules were written, or only the others."""
    from exporter import read_article

    folder = SETS[kind]
    if not folder.is_dir():
        return {}, []
    labels = json.loads(LABEL_FILES[kind].read_text(encoding="utf-8"))["files"]
    scores: Dict[str, List[int]] = {f: [0, 0] for f in FIELDS}
    misses: List[str] = []
    for name, label in sorted(labels.items()):
        if held_out is not None and bool(label.get("held_out")) != held_out:
            continue
        article = read_article(str(folder / name))
        for field, (right, found) in _check(article, label).items():
            scores[field][1] += 1
            scores[field][0] += int(right)
            if not right:
                misses.append(f"{kind}/{name}: {field}: got {found!r}")
    return {f: s for f, s in scores.items() if s[1]}, misses


def line_roles(kind: str) -> Dict[str, int]:
    """Line by line over the files whose labels give their sub-headings: sub-headings labelled and found, lines
    read as sub-headings that are none (labelled captions among them), captions labelled and found."""
    from exporter import read_article

    counts = {"headings": 0, "headings found": 0, "false headings": 0, "captions read as headings": 0,
              "captions": 0, "captions found": 0}
    if not SETS[kind].is_dir():
        return counts
    labels = json.loads(LABEL_FILES[kind].read_text(encoding="utf-8"))["files"]
    for name, label in sorted(labels.items()):
        if label.get("headings") is None:
            continue
        article = read_article(str(SETS[kind] / name))
        found = [_norm(b.text) for b in article.blocks if b.kind == "heading"]
        wanted = [_norm(h) for h in label["headings"]]
        captions = [_norm(c) for c in label.get("captions") or []]
        unsure = [_norm(u) for u in label.get("unsure") or []]
        counts["headings"] += len(wanted)
        counts["headings found"] += sum(h in found for h in wanted)
        false = [h for h in found if h not in wanted and not any(h.startswith(u) for u in unsure)]
        counts["false headings"] += len(false)
        counts["captions read as headings"] += sum(any(h.startswith(c) for c in captions) for h in false)
        counts["captions"] += len(captions)
        counts["captions found"] += sum(any(c2.startswith(c) for c2 in map(_norm, article.captions)) for c in captions)
    return counts


def report(kinds: Sequence[str] = ("text", "docx", "corpus"), held_out_only: Optional[bool] = None) -> str:
    """The printed table and misses for ``kinds`` (``held_out_only`` True or False: one part only)."""
    lines: List[str] = []
    parts = (False, True) if held_out_only is None else (held_out_only,)
    for kind, held_out in ((k, h) for k in kinds for h in parts):
        scores, misses = evaluate(kind, held_out)
        if not scores:
            continue
        part = "held out (labelled blind)" if held_out else "tuned on"
        lines.append(f"{kind} ({os.path.relpath(SETS[kind], ROOT)}), {part}:")
        lines += [f"  {field:<26} {right}/{total}" for field, (right, total) in scores.items()]
        lines += ["  misses:"] + [f"    {m}" for m in misses] if misses else ["  misses: none"]
    for kind in kinds:
        counts = line_roles(kind)
        if counts["headings"] or counts["captions"]:
            lines.append(f"{kind}, line by line: sub-headings found {counts['headings found']}/{counts['headings']}, "
                         f"lines read as sub-headings that are none {counts['false headings']} (captions "
                         f"{counts['captions read as headings']}), captions found {counts['captions found']}/"
                         f"{counts['captions']}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    kinds = [a for a in argv if a in SETS] or list(SETS)
    print(report(kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
