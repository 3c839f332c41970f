"""Checks run on every machine translation, whatever the provider: what a reviewer should look at first.

Each translated segment is compared with its Vietnamese source, and a :class:`Flag` is raised when

- ``number``: a number of the source is not in the translation. Vietnamese writes ``1.312,76`` where
  English writes ``1,312.76``; the source is read the Vietnamese way and the translation the English way
  (each the other way only when its own is impossible), a number kept as written passes, and so do
  ``3 tỷ`` → ``3 billion`` / ``3,000 million``, ``tháng 3`` → ``March`` and one to twelve spelled out;
- ``glossary``: the English name of a glossary term found in the source is missing;
- ``name``: a personal name of the source (``Trương Thị Mai``) is not in the translation as the glossary
  writes it (as written, unless names are to be folded to ASCII);
- ``untranslated``: the translation is the source, or still Vietnamese: more than 15 % of its words are
  Vietnamese function words (của, và, những …) or more than half are spelled with Vietnamese letters (place
  names such as Hà Nội kept in an English sentence do not count against it);
- ``short``: the translation is far shorter than the source (a sentence or a clause was dropped).

The flags go into the review file (the ``check`` column of CSV and JSON, a note in XLIFF), the summary line
and the ``--report``; ``--strict`` turns them into exit code 4.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, List, Optional, Set, Tuple

from .glossary import Glossary, Span

__all__ = ["Flag", "check_segment", "format_flags", "CHECKS"]

#: Every kind of flag, in the order they are reported.
CHECKS = ("number", "glossary", "name", "untranslated", "short")

#: A translation shorter than this share of its source (in letters) is flagged ``short``.
SHORT_RATIO = 0.4
#: Sources shorter than this many letters are never flagged ``short`` (headlines, captions of two words).
SHORT_MIN = 40
#: A translation is ``untranslated`` when more than this share of its words are Vietnamese function words …
FUNCTION_SHARE = 0.15
#: … or more than this share carry Vietnamese letters (place names such as Hà Nội, Quảng Ninh may stay).
VIETNAMESE_SHARE = 0.5
# The most frequent Vietnamese function words: common in any Vietnamese sentence, absent from English.
_FUNCTION_WORDS = frozenset("""
    của và là các những được trong cho với người đã này không có một để đến khi từ cũng như tại về theo nhiều
    nhưng vào sẽ thì đó lại ra năm hơn rằng nên bị còn đang vẫn chỉ mà nếu
    """.split())

_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_SCALES_VI = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_SCALES_EN = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
              "b": 1e9, "trillion": 1e12, "tn": 1e12}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve")
# Letters only Vietnamese uses among the languages vnbrief translates into (tone marks and ă â đ ê ô ơ ư).
_VI_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b")


@dataclass(frozen=True)
class Flag:
    """One finding of the checks on one segment."""

    kind: str
    """One of :data:`CHECKS`."""
    detail: str = ""
    """What is missing (the number, the English term, the name) or a short reason."""

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


def format_flags(flags: Iterable[Flag]) -> str:
    """The ``check`` column's text: ``number: 1.312,76; glossary: the Ministry of Health``."""
    return "; ".join(str(flag) for flag in flags)


def check_segment(source: str, target: str, glossary: Optional[Glossary] = None,
                  spans: Optional[List[Span]] = None) -> List[Flag]:
    """The flags of one translated segment (see the module docstring); ``spans`` are the source's glossary
    terms and names when the caller has found them already."""
    source = unicodedata.normalize("NFC", source)
    target = unicodedata.normalize("NFC", target)
    if spans is None:
        spans = glossary.spans(source) if glossary is not None else []
    flags: List[Flag] = []
    missing = _missing_numbers(source, target)
    flags.extend(Flag("number", number) for number in missing)
    folded_target = _squash(target)
    seen: Set[Tuple[str, str]] = set()
    for span in spans:
        if (span.kind, span.replacement) in seen:
            continue
        seen.add((span.kind, span.replacement))
        if span.kind == "term" and not _has_term(folded_target, span.replacement):
            flags.append(Flag("glossary", span.replacement))
        elif span.kind == "name" and _squash(span.replacement) not in folded_target:
            flags.append(Flag("name", span.replacement))
    letters = sum(ch.isalpha() for ch in source)
    if letters:
        if _squash(source) == folded_target:
            flags.append(Flag("untranslated", "same as the source"))
        elif _still_vietnamese(target, spans):
            flags.append(Flag("untranslated", "mostly Vietnamese"))
        elif letters >= SHORT_MIN and sum(ch.isalpha() for ch in target) < SHORT_RATIO * letters:
            flags.append(Flag("short", f"{len(target)} of {len(source)} characters"))
    return flags


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def _has_term(folded_target: str, english: str) -> bool:
    term = _squash(english)
    if term.startswith("the "):  # "of Vietnam's Politburo": the article may change
        term = term[4:]
    return term in folded_target or term.replace("’", "'") in folded_target.replace("’", "'")


def _still_vietnamese(target: str, spans: List[Span]) -> bool:
    """Whether too many words of ``target`` are Vietnamese function words, or are spelled with Vietnamese
    letters (the source's names and kept terms left out)."""
    for span in spans:
        target = target.replace(span.original, " ").replace(span.replacement, " ")
    words = [word.lower() for word in re.findall(r"[^\W\d_]+", target)]
    if not words:
        return False
    function = sum(1 for word in words if word in _FUNCTION_WORDS)
    marked = sum(1 for word in words if word.startswith("đ") or
                 any(ch in _VI_MARKS for ch in unicodedata.normalize("NFD", word)))
    return function > FUNCTION_SHARE * len(words) or marked > VIETNAMESE_SHARE * len(words)


def _readings(number: str, vietnamese: bool) -> Set[float]:
    """The value ``number`` stands for, read the Vietnamese way first (``.`` groups thousands, ``,`` marks the
    decimals) in a source, the English way first in a translation; the other reading only when the first is
    impossible (``1,312.76`` in a Vietnamese text, ``2.5`` with one decimal)."""
    orders = ((".", ","), (",", ".")) if vietnamese else ((",", "."), (".", ","))
    for group, decimal in orders:
        parts = number.split(decimal)
        if len(parts) > 2:
            continue
        groups = parts[0].split(group)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        if len(parts) == 2 and group in parts[1]:
            continue
        return {float("".join(groups) + ("." + parts[1] if len(parts) == 2 else ""))}
    return set()


def _numbers(text: str, scales: dict, vietnamese: bool) -> List[Tuple[str, Set[float], Set[float]]]:
    """``(as written, its values, its values times a following scale word)`` for every number of ``text``."""
    out = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        values = _readings(raw, vietnamese)
        after = re.match(r"\s*([^\W\d_]+)", text[match.end():])
        scale = scales.get(after.group(1).lower()) if after else None
        scaled = {round(v * scale, 6) for v in values} if scale else set()
        out.append((raw, values, scaled))
    return out


def _missing_numbers(source: str, target: str) -> List[str]:
    found = _numbers(target, _SCALES_EN, vietnamese=False)
    values: Set[float] = set()
    raws = set()
    for raw, plain, scaled in found:
        raws.add(raw)
        values |= {round(v, 6) for v in plain} | scaled
    lowered = target.casefold()
    words = set(re.findall(r"[^\W\d_]+", lowered))
    missing = []
    for raw, plain, scaled in _numbers(source, _SCALES_VI, vietnamese=True):
        if raw in raws or {round(v, 6) for v in plain} & values or scaled & values:
            continue
        if len(plain) == 1:
            value = next(iter(plain))
            if value.is_integer() and 0 <= value <= 12 and _WORDS[int(value)] in words:
                continue  # "3 người" → "three people"
            if value.is_integer() and 1 <= value <= 12 and _MONTHS[int(value) - 1] in words:
                continue  # "tháng 3", "12/3/2024" → "March"
        missing.append(raw)
    return missing
