"""A news page's sapo cleaned of what pages put around it: the related story it ends with (``>> …``), the
headline repeated at its start, or cut short after a dash at the end of a description. Imports nothing heavy;
:mod:`exporter.read.rules.page_meta` applies it."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Tuple

from ...model import Inline
from .page_runs import match_key, merge_runs

_RELATED_MARK = re.compile(r"^\s*(?:>>|»|>)\s*\S")
_RELATED_TAIL = re.compile(r"\s*(?:>>|»)\s*[^<>»]{5,160}$")


def without_related(runs: Tuple[Inline, ...]) -> Tuple[Inline, ...]:
    """A sapo without the related story it ends with: a ``>>`` link after it ("<br><a>&gt;&gt; Công chức …
    được nghỉ 9 ngày dịp Tết</a>", Dân trí and VnExpress of 2012)."""
    related = next((i for i, r in enumerate(runs) if r.href and _RELATED_MARK.match(r.text)
                    or _RELATED_MARK.match(r.text) and i + 1 < len(runs) and runs[i + 1].href), None)
    if related:
        runs = runs[:related]
    # the same written out in plain text (a description that copied it): "… ngày 17/2/2013. >> Công chức …"
    text = "".join(r.text for r in runs)
    tail = _RELATED_TAIL.search(text)
    if tail and tail.start() >= 40:
        kept, cut = [], tail.start()
        for r in runs:
            if cut > 0:
                kept.append(replace(r, text=r.text[:cut]))
            cut -= len(r.text)
        runs = tuple(kept)
    return merge_runs(replace(r, text=r.text.rstrip()) if i == len(runs) - 1 else r for i, r in enumerate(runs))


# the end of a description that repeats the headline cut short: " - Xử phạt Giám đốc tài chính…"
_CUT_TITLE = re.compile(r"\s+[-–|]\s+([^-–|]{10,}?)\s*(?:…|\.\.\.)\s*$")


def without_title(runs: Tuple[Inline, ...], titles) -> Tuple[Inline, ...]:
    """A sapo that some pages (and descriptions) start with the headline: the headline cut off; and without the
    related story it may end with."""
    runs = without_related(runs)
    text = "".join(r.text for r in runs)
    cut_title = _CUT_TITLE.search(text)
    if cut_title and any(t.startswith(match_key(cut_title.group(1))) for t in titles if t) and \
            len(match_key(text[:cut_title.start()])) >= 20:
        # a description made of the sapo, " - " and the headline cut short with "…": the sapo alone
        return (Inline(text[:cut_title.start()].rstrip()),)
    for title in sorted(titles, key=len, reverse=True):
        if title and match_key(text).startswith(title) and len(match_key(text)) > len(title) + 20:
            cut = len(title)
            # find where the headline ends in the text as written (case and spacing may differ)
            for end in range(len(text) + 1):
                if len(match_key(text[:end])) >= cut:
                    rest = text[end:].lstrip(" .:-–—|")
                    return (Inline(rest),) if rest else runs
    return runs
