"""Checks run on every translation that a person has not approved, whatever the provider: what a reviewer (and,
through the flag marks of the brief, a reader) should look at first.

Each translated segment is compared with its Vietnamese source, and a :class:`Flag` is raised when

- ``number``: a number of the source is missing, counted: a number written twice must be there twice. The source
  is read the Vietnamese way (``1.312,76``), the translation the English way (``1,312.76``); ``3 tỷ`` →
  ``3 billion`` / ``3,000 million``, ``tháng 3`` → ``March`` and one to twelve spelled out pass;
- ``vnform``: a number or date left in Vietnamese form, which an English reader misreads (``1,5`` is fifteen
  tenths there, ``2.000`` is two, ``1.312,76`` is nothing, ``30/4`` is no date);
- ``date``: a date of the source (``30/4``, ``ngày 2 tháng 10``, ``12/3/2024``) is not in the translation as an
  English date (``30 April``, ``April 30``);
- ``glossary``: the English name of a glossary term found in the source is missing;
- ``name``: a name of the source (``Trương Thị Mai``, ``Hội An``) is not in the translation as the names policy
  writes it;
- ``untranslated``: the translation is the source, or still Vietnamese: more than 15 % of its words are
  Vietnamese function words (của, và, những …) or more than half are spelled with Vietnamese letters;
- ``length``: the translation is far shorter or far longer than the source, in letters (a sentence dropped, or
  another text in its place); bounds for short segments (headlines, captions) have room for a few words more;
- ``form``: the source asks a question or exclaims and the translation does not;
- ``duplicate`` / ``misplaced`` (across the article, :func:`check_article`): two different sources with the same
  translation, or a translation holding a number that only another segment has (answers swapped);
- ``withheld``: a language model's answer failed :func:`fingerprint` twice; the segment is kept in Vietnamese.

The flags go into the review files (the ``check`` column of CSV and JSON, a note in XLIFF), the summary line,
the ``--report`` and the briefs (a mark on the segment and the reasons at the end, until a person approves it;
``--flags hide`` leaves them out); ``--strict`` turns them into exit code 4.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .glossary import Glossary, Span
from .names import ascii_fold_keep_case, style_name

__all__ = ["Flag", "check_segment", "check_article", "fingerprint", "anchors", "format_flags", "parse_flags",
           "CHECKS"]

#: Every kind of flag, in the order they are reported.
CHECKS = ("withheld", "number", "vnform", "date", "glossary", "name", "untranslated", "length", "form",
          "duplicate", "misplaced")

#: A translation with fewer letters than this share of its source's is too short …
SHORT_RATIO = 0.4
#: … and one with more than ``LONG_RATIO`` times its source's letters plus ``LONG_SLACK`` is too long.
LONG_RATIO, LONG_SLACK = 2.0, 10
#: Sources with fewer letters than this are never flagged as too short ("Hà Nội" → "Hanoi").
SHORT_MIN = 10
#: :func:`fingerprint`: a language model's answer outside these bounds is asked again.
REPLY_SHORT, REPLY_LONG = 0.3, 3.0
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
# d/m and d/m/yyyy; a date when it has a year or follows a word that introduces one ("ngày 30/4", "sáng 2/10").
_SLASH_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_DATE_WORDS = re.compile(r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|từ|đến|tới|trước|sau|dịp|vào|lễ|tết|đầu|cuối|"
                         r"giữa|hạn|hết|nay)[\s,(]*$", re.IGNORECASE)
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.IGNORECASE)
_MONTH_NAMES = "|".join([m for m in _MONTHS] + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                                                 "oct", "nov", "dec"])


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


def parse_flags(text: str) -> List[Flag]:
    """The flags of a ``check`` text (:func:`format_flags`' output) back."""
    out = []
    for part in (p.strip() for p in text.split("; ")):
        if part:
            kind, _, detail = part.partition(": ")
            out.append(Flag(kind.strip(), detail.strip()))
    return out


def check_segment(source: str, target: str, glossary: Optional[Glossary] = None,
                  spans: Optional[List[Span]] = None) -> List[Flag]:
    """The flags of one translated segment (see the module docstring); ``spans`` are the source's glossary
    terms and names when the caller has found them already."""
    source = unicodedata.normalize("NFC", source)
    target = unicodedata.normalize("NFC", target)
    if spans is None:
        spans = glossary.spans(source) if glossary is not None else []
    flags: List[Flag] = []
    missing, forms = _compare_numbers(source, target)
    flags.extend(Flag("number", number) for number in missing)
    flags.extend(Flag("vnform", number) for number in forms)
    flags.extend(_check_dates(source, target))
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
        elif span.kind == "place" and not _has_place(folded_target, span):
            flags.append(Flag("name", span.replacement))
    letters = _letters(source)
    if letters:
        if _squash(source) == folded_target:
            if not _only_names(source, spans):  # a list of names (a team sheet) stays as it is
                flags.append(Flag("untranslated", "same as the source"))
        elif _still_vietnamese(target, spans):
            flags.append(Flag("untranslated", "mostly Vietnamese"))
        else:
            found = _letters(target)
            if letters >= SHORT_MIN and found < SHORT_RATIO * letters:
                flags.append(Flag("length", f"{found} letters for {letters}: much shorter"))
            elif found > LONG_RATIO * letters + LONG_SLACK:
                flags.append(Flag("length", f"{found} letters for {letters}: much longer"))
            flags.extend(_check_form(source, target))
    return flags


def anchors(spans: Iterable[Span]) -> Dict[str, str]:
    """What a translation of a text with these glossary terms and names holds and another's need not: the
    English of its terms and its names as written and as the brief writes them (casefolded, four letters or
    more), each with the source text it stands for (casefolded)."""
    out: Dict[str, str] = {}
    for span in spans:
        for form in ((span.replacement,) if span.kind == "term" else (span.original, span.replacement)):
            form = _squash(form)
            form = form[4:] if form.startswith("the ") else form
            if _letters(form) >= 4:
                out[form] = _squash(span.original)
    return out


def check_article(pairs: Sequence[Tuple[str, str, str]],
                  marks: Optional[Dict[str, Dict[str, str]]] = None) -> Dict[str, List[Flag]]:
    """Flags that need the whole article, for ``(id, source, target)`` triples: ``duplicate`` (another segment
    with another source has the same translation) and ``misplaced`` (the translation holds a number, or a term or
    name of ``marks`` (id → :func:`anchors`), that its source lacks and another segment's source has)."""
    out: Dict[str, List[Flag]] = {}
    by_target: Dict[str, List[Tuple[str, str]]] = {}
    for sid, source, target in pairs:
        if _letters(target):
            by_target.setdefault(_squash(target), []).append((sid, _squash(source)))
    for group in by_target.values():
        if len({source for _, source in group}) > 1:
            for sid, _ in group:
                others = ", ".join(other for other, _ in group if other != sid)
                out.setdefault(sid, []).append(Flag("duplicate", f"same translation as {others}"))
    values = {sid: _values(source, vietnamese=True) for sid, source, _ in pairs}
    sources = {sid: _squash(source) for sid, source, _ in pairs}
    for sid, _source, target in pairs:
        foreign = _foreign_numbers(target, values[sid], {k: v for k, v in values.items() if k != sid})
        if not foreign and marks:
            foreign = _foreign_anchors(target, sources[sid], marks.get(sid, {}),
                                       {k: v for k, v in marks.items() if k != sid})
        if foreign:
            raw, owner = foreign[0]
            out.setdefault(sid, []).append(Flag("misplaced", f"{raw} is in {owner}"))
    return out


def fingerprint(source: str, answer: str, others: Sequence[str] = (),
                marks: Optional[Dict[str, Dict[str, str]]] = None) -> str:
    """Why a language model's ``answer`` cannot be the translation of ``source`` (``""``: it may be): far too
    short or long, or holding a number, or a term or name (``marks``: text → :func:`anchors`), that ``source``
    lacks and one of ``others`` (the other texts of the same request) has. The caller asks again once, then
    keeps the source (flag ``withheld``)."""
    letters, found = _letters(source), _letters(answer)
    if letters >= SHORT_MIN and found < REPLY_SHORT * letters:
        return f"{found} letters for {letters}"
    if found > REPLY_LONG * letters + 2 * LONG_SLACK:
        return f"{found} letters for {letters}"
    mine = _values(source, vietnamese=True)
    theirs = {str(i): _values(text, vietnamese=True) for i, text in enumerate(others)}
    if _foreign_numbers(answer, mine, theirs):
        return "numbers of another text"
    if marks and _foreign_anchors(answer, _squash(source), marks.get(source, {}),
                                  {str(i): marks.get(text, {}) for i, text in enumerate(others)}):
        return "names or terms of another text"
    return ""


# -- helpers ---------------------------------------------------------------------------------------------------
def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def _has_term(folded_target: str, english: str) -> bool:
    term = _squash(english)
    if term.startswith("the "):  # "of Vietnam's Politburo": the article may change
        term = term[4:]
    return term in folded_target or term.replace("’", "'") in folded_target.replace("’", "'")


def _only_names(source: str, spans: List[Span]) -> bool:
    """Whether ``source`` is names and places and little else (an abbreviation or two: "CLB Hà Nội: …")."""
    rest = source
    for span in spans:
        if span.kind in ("name", "place"):
            rest = rest.replace(span.original, " ")
    words = re.findall(r"[^\W\d_]+", rest)
    return bool(spans) and sum(1 for word in words if word.islower()) <= 1


def _has_place(folded_target: str, span: Span) -> bool:
    """A place is there as the names policy writes it, as written in the source, folded to ASCII, or as its English
    exonym ("Hanoi"): a missing diacritic on a place is no wrong content."""
    forms = {form for name in (span.original, span.replacement)
             for form in (name, ascii_fold_keep_case(name), style_name(name, "ascii"))}
    return any(_squash(form) in folded_target for form in forms)


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


def _check_form(source: str, target: str) -> List[Flag]:
    """A question stays a question, an exclamation an exclamation (the end of the text, quotes aside)."""
    end = source.rstrip(" \"'”’»)…").rstrip()
    if end.endswith("?") and "?" not in target:
        return [Flag("form", "a question in the source")]
    if end.endswith("!") and "!" not in target:
        return [Flag("form", "an exclamation in the source")]
    return []


# -- numbers ---------------------------------------------------------------------------------------------------
def _readings(number: str, vietnamese: bool, strict: bool = False) -> Set[float]:
    """The value ``number`` stands for, read the Vietnamese way (``.`` groups thousands, ``,`` marks the decimals)
    or the English way; the other way only when the first is impossible (``1,312.76`` in a Vietnamese text),
    unless ``strict``."""
    orders = ((".", ","), (",", ".")) if vietnamese else ((",", "."), (".", ","))
    for group, decimal in orders[:1] if strict else orders:
        parts = number.split(decimal)
        if len(parts) > 2:
            continue
        groups = parts[0].split(group)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        if len(parts) == 2 and group in parts[1]:
            continue
        return {round(float("".join(groups) + ("." + parts[1] if len(parts) == 2 else "")), 6)}
    return set()


def _numbers(text: str, scales: dict, vietnamese: bool) -> List[Tuple[str, Set[float], Set[float]]]:
    """``(as written, its values, its values times a following scale word)`` for every number of ``text``; a
    translation's numbers are read the English way only."""
    out = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        values = _readings(raw, vietnamese, strict=not vietnamese)
        after = re.match(r"\s*([^\W\d_]+)", text[match.end():])
        scale = scales.get(after.group(1).lower()) if after else None
        scaled = {round(v * scale, 6) for v in values} if scale else set()
        out.append((raw, values, scaled))
    return out


def _values(text: str, vietnamese: bool) -> Set[float]:
    return {v for _, plain, scaled in _numbers(text, _SCALES_VI if vietnamese else _SCALES_EN, vietnamese)
            for v in plain | scaled}


def _vietnamese_form(raw: str) -> bool:
    """Whether ``raw`` means another value (or none) when an English reader reads it: ``1,5``, ``2.000``."""
    return ("," in raw or "." in raw) and _readings(raw, True) != _readings(raw, False, strict=True)


def _compare_numbers(source: str, target: str) -> Tuple[List[str], List[str]]:
    """``(numbers of the source missing from the target, numbers left in Vietnamese form)``, counted: each number
    of the target stands for one of the source."""
    found = _numbers(target, _SCALES_EN, vietnamese=False)
    used = [False] * len(found)
    words = set(re.findall(r"[^\W\d_]+", target.casefold()))
    missing, forms = [], []
    for raw, plain, scaled in _numbers(source, _SCALES_VI, vietnamese=True):
        wanted = plain | scaled
        index = next((i for i, item in enumerate(found) if not used[i] and item[0] == raw), None)
        if index is not None and _vietnamese_form(raw):
            used[index] = True
            forms.append(raw)
            continue
        if index is None:
            index = next((i for i, (_, values, more) in enumerate(found)
                          if not used[i] and (values | more) & wanted), None)
        if index is not None:
            used[index] = True
            continue
        if len(plain) == 1:
            value = next(iter(plain))
            if value.is_integer() and 0 <= value <= 12 and _WORDS[int(value)] in words:
                continue  # "3 người" → "three people"
            if value.is_integer() and 1 <= value <= 12 and _MONTHS[int(value) - 1] in words:
                continue  # "tháng 3", "12/3/2024" → "March"
        missing.append(raw)
    return missing, forms


def _foreign_numbers(target: str, mine: Set[float], theirs: Dict[str, Set[float]]) -> List[Tuple[str, str]]:
    """Numbers of ``target`` (two digits or more, not a year of its own source) that its source lacks and
    another source has: ``(as written, that source's key)``."""
    out = []
    for raw, plain, scaled in _numbers(target, _SCALES_EN, vietnamese=False):
        values = plain | scaled
        if not values or values & mine or len(raw.replace(",", "").replace(".", "")) < 2:
            continue
        owner = next((key for key, other in theirs.items() if values & other), None)
        if owner is not None:
            out.append((raw, owner))
    return out


def _foreign_anchors(target: str, source: str, mine: Dict[str, str],
                     theirs: Dict[str, Dict[str, str]]) -> List[Tuple[str, str]]:
    """Terms and names of other texts (``theirs``: key → :func:`anchors`) in ``target`` that are not part of its
    own (``mine``: "Prime Minister" in "Deputy Prime Minister") and whose source words its own ``source``
    (casefolded) does not hold."""
    folded = _squash(target)
    out = []
    for key, forms in theirs.items():
        for form, original in sorted(forms.items()):
            if not any(form in own for own in mine) and original not in source and form not in source and \
                    re.search(rf"(?<!\w){re.escape(form)}(?!\w)", folded):
                out.append((form, key))
                break
    return out


# -- dates -----------------------------------------------------------------------------------------------------
def _source_dates(source: str) -> List[Tuple[str, int, int, str]]:
    """``(as written, day, month, year or "")`` for every date of ``source``."""
    out = []
    for match in _SLASH_DATE.finditer(source):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3) or ""
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        if year or _DATE_WORDS.search(source[max(0, match.start() - 20):match.start()]):
            out.append((match.group(0), day, month, year))
    for match in _LONG_DATE.finditer(source):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            out.append((match.group(0), day, month, match.group(3) or ""))
    return out


def _check_dates(source: str, target: str) -> List[Flag]:
    flags = []
    lowered = target.casefold()
    counts = Counter(_slash(t) for t in _SLASH_DATE.findall(target))
    for raw, day, month, year in _source_dates(source):
        name = _MONTHS[month - 1]
        names = rf"(?:{name}|{name[:3]}{'t' if month == 9 else ''}\.?|{name[:3]}\.?)"
        english = re.search(rf"(?<!\d){day}(?:st|nd|rd|th)?\s+(?:of\s+)?{names}(?![^\W\d_])|"
                            rf"(?<![^\W\d_]){names}\s+(?:the\s+)?{day}(?:st|nd|rd|th)?(?!\d)", lowered)
        if english and (not year or year in target):
            continue
        key = (day, month, year)
        if counts.get(key):
            counts[key] -= 1
            flags.append(Flag("vnform", raw))
        else:
            flags.append(Flag("date", raw))
    return flags


def _slash(found: Tuple[str, str, str]) -> Tuple[int, int, str]:
    return int(found[0]), int(found[1]), found[2]
