"""Official English names for Vietnamese institutions and titles, and Vietnamese names written one way throughout.

Machine translation renders "Ban Tổ chức Trung ương" a dozen different ways and strips the diacritics from
"Trương Thị Mai". Providers without a glossary feature are kept honest by protection (:mod:`.placeholders`):
every glossary term and every name in a text is replaced by an opaque placeholder before the text is sent and
put back afterwards.

Matching ignores case and tone-mark placement: Vietnamese writes ``hòa`` (old style) and ``hoà`` (new style,
Quyết định 1989/QĐ-BGDĐT of 2018) for the same syllable, and NFC keeps them distinct, so both sides are folded
with the 15 pairs of ``corpus/encodings/tone_placement_old_new.tsv``. The longest term wins, in context:

- a row marked ``generic`` (``Chính phủ``, ``Quốc hội``, ``Thủ tướng``, ministries …) does not fire when a
  foreign country qualifies it (``Chính phủ Mỹ``, ``Thủ tướng Đức``, ``Quốc hội của Nhật Bản``), nor in lower
  case after a foreign country in the same sentence (``… Mỹ … do chính phủ đóng cửa``);
- no row fires on the head of a longer name: before another organisation's name (``Đại hội XIII Công đoàn
  Việt Nam``, ``BCH Trung ương Hội Khuyến học``) or before a coordinated part (``Ủy ban Kinh tế và Tài chính``
  is not "the Economic Committee và Tài chính").

Glossary files: see :mod:`.glossary_io`. ``{n}`` in the Vietnamese stands for a number (``XIII`` or ``13``);
``{nth}`` in the English gives its ordinal (``13th``) and ``{n}`` the figure. The bundled rows are in British
spelling; ``english="us"`` respells them. Place names (``places_vi.tsv``) give the provinces and cities, before
and after the 2025 reorganisation, and the foreign countries the context rules look for.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from ..errors import UsageError
from ..options import ENGLISH_VARIETIES, NAME_STYLES
from ..text.normalise import apply_tone_style
from ..text.syllables import is_syllable
from .glossary_io import Entry, read_places, read_rows
from .names import (
    LANDMARKS,
    capitalised,
    caps_runs,
    honorific_pattern,
    place_runs,
    short_forms,
    style_name,
    surname_runs,
)
from .terms import fold, ordinal, roman_value, term_pattern, us_spelling

log = logging.getLogger(__name__)

__all__ = [
    "Entry", "Span", "Glossary", "load_glossary", "read_glossary_file", "fold", "BUNDLED_GLOSSARY", "BUNDLED_PLACES",
    "ENGLISH_VARIETIES",
]

BUNDLED_GLOSSARY = Path(__file__).with_name("glossary_vi_en.tsv")
BUNDLED_PLACES = Path(__file__).with_name("places_vi.tsv")
BUNDLED_UNITS = Path(__file__).with_name("units_vi.tsv")

#: Words that start another organisation's name: a term right before one of them is that organisation's own
#: (its congress, its central committee), not the Party's or the State's. ``Đảng bộ`` (a local Party
#: organisation) is followed by a lower-case word; the others by a capitalised one.
_ORGANISATION_HEADS = re.compile(
    r"\s+(?:của\s+)?(?:(?:Hội|Công đoàn|Liên đoàn|Tổng Liên đoàn|Hiệp hội|Liên hiệp|Đoàn|Tập đoàn|Tổng công ty|"
    r"Công ty|Câu lạc bộ|CLB|Trường|Học viện|Viện|Ngân hàng|Hợp tác xã|Đảng)\s+[A-ZĐÀ-Ỹ]|Đảng bộ\b)")
#: Words that head a body's name: after "và", they start another name ("Ban Tổ chức Trung ương và Ngành Tổ chức
#: xây dựng Đảng"), not the rest of the same one ("Ủy ban Kinh tế và Tài chính").
_NAME_HEAD = re.compile(
    r"(?:Ngành|Ban|Bộ|Sở|Phòng|Cục|Tổng cục|Vụ|Viện|Ủy ban|Uỷ ban|Hội|Hội đồng|Văn phòng|Đảng ủy|Đảng uỷ|Đảng bộ|"
    r"Tỉnh ủy|Thành ủy|Huyện ủy|Công an|Quân đội|Quân khu|Tòa án|Toà án|Ngân hàng|Trường|Trung tâm|Đoàn|Mặt trận|"
    r"Tập đoàn|Tổng công ty|Công ty|Chính phủ|Quốc hội|Nhà nước|Thủ tướng|Chủ tịch|Lãnh đạo|Các|Những)(?![^\W\d_])")
#: A name ending like this is complete: what follows "và" is something else.
_COMPLETE = re.compile(r"(?:trung ương|việt nam|nhà nước|quốc hội|chính phủ|nhân dân|tối cao|đảng)$")
_COORDINATED = re.compile(r"\s*(?:\s(?:và|cùng)\s|&|,)\s*(?P<word>[^\W\d_]+)")
_SETTING = re.compile(r"(?:^|,)\s*(?:Còn\s+|Trong khi đó,?\s+)?(?:[Tt]ại|Ở|ở)\s+(?:nước\s+)?")
_VIETNAM_AFTER = re.compile(r"\s+(?:của\s+)?(?:nước\s+)?Việt Nam\b")
_SENTENCE_END = re.compile(r"[.!?…\n]")
_PLACE_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """A protected stretch of a text: a glossary term or a name."""

    start: int
    end: int
    original: str
    """The text as it stands in the source."""
    replacement: str
    """What goes into the translation: the English name, or the name written in the brief's style."""
    kind: str
    """``term``, ``name`` (a person) or ``place`` (a Vietnamese province or city, or Việt Nam)."""


class Glossary:
    """A compiled set of glossary entries plus the rules for names and places.

    ``names`` switches name protection on or off; ``name_style`` (``keep`` or ``ascii``) is how every name is
    written; ``english`` (``uk`` or ``us``) respells the bundled English; ``places`` maps place names to their
    kind (``province``, ``city``, ``domestic``, ``country`` …).
    """

    def __init__(self, entries: Iterable[Entry], *, names: bool = True, name_style: str = "keep",
                 english: str = "uk", places: Optional[Dict[str, str]] = None,
                 units: Iterable[str] = ()) -> None:
        if name_style not in NAME_STYLES:
            raise UsageError(f"unknown names style {name_style!r}", subject="--names",
                             hint="choose " + " or ".join(NAME_STYLES))
        if english not in ENGLISH_VARIETIES:
            raise UsageError(f"unknown English variety {english!r}", subject="--english",
                             hint="choose " + " or ".join(ENGLISH_VARIETIES))
        self.names = names
        self.name_style = name_style
        self.english = english
        self.places: Dict[str, str] = dict(places or {})
        self.units: FrozenSet[str] = frozenset(apply_tone_style(u, "new") for u in units)
        """Names of the administrative units below the provinces (``units_vi.tsv``), tone placement unified."""
        merged: Dict[str, Entry] = {}
        for entry in entries:
            if not entry.user:
                text = us_spelling(entry.english) if english == "us" else entry.english
                entry = replace(entry, english=style_name(text, name_style))
            merged[" ".join(fold(entry.vietnamese).split())] = entry  # later entries override earlier ones
        self.entries: Tuple[Entry, ...] = tuple(merged.values())
        # Entries indexed by their first (folded) word, longest first: a text is scanned word by word and
        # only the few entries that can start at a word are tried there.
        self._index: Dict[str, List[Tuple[int, re.Pattern[str]]]] = {}
        for i in sorted(range(len(self.entries)), key=lambda i: -len(self.entries[i].vietnamese)):
            first = re.match(r"\w+", fold(self.entries[i].vietnamese).strip())
            if first:
                self._index.setdefault(first.group(0), []).append(
                    (i, re.compile(term_pattern(self.entries[i].vietnamese, i))))
        foreign = sorted((p for p, kind in self.places.items() if kind in ("country", "territory", "bloc")),
                         key=len, reverse=True)
        alternatives = "|".join(re.escape(apply_tone_style(p, "new")) for p in foreign) or r"(?!x)x"
        self._foreign_after = re.compile(rf"\s*(?:của\s+)?(?:nước\s+)?(?:{alternatives})(?![^\W\d_])")
        self._foreign_any = re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")
        local = sorted((p for p, kind in self.places.items() if kind in ("province", "city", "domestic")),
                       key=len, reverse=True)
        self._place_names: FrozenSet[str] = frozenset(self.places) | LANDMARKS
        self._local_re = re.compile(
            r"(?<![^\W\d_])(?:" + ("|".join(re.escape(apply_tone_style(p, "new")) for p in local) or r"(?!x)x")
            + r")(?![^\W\d_]| [A-ZĐ])")  # "Điện Biên" but not "Điện Biên Phủ"
        self._honorific = honorific_pattern()

    def __len__(self) -> int:
        return len(self.entries)

    # -- terms ---------------------------------------------------------------------------------------------
    def terms(self, text: str) -> List[Span]:
        """The glossary terms found in ``text``, left to right, longest first, not overlapping, in context."""
        folded = fold(text)
        newstyle = apply_tone_style(text, "new")
        spans: List[Span] = []
        cursor = 0
        for word in re.finditer(r"\w+", folded):
            if word.start() < cursor or word.group(0) not in self._index:
                continue
            for index, pattern in self._index[word.group(0)]:
                match = pattern.match(folded, word.start())
                if match is None:
                    continue
                entry = self.entries[index]
                verdict = self._context(entry, text, newstyle, match.start(), match.end())
                if verdict == "shorter":
                    continue  # a shorter entry may still fit ("Bộ Y tế" when "Bộ Y tế và …" is not a name)
                if isinstance(verdict, int):
                    cursor = verdict  # the whole name is someone else's: no entry fires inside it
                    break
                english = entry.english
                if "{n" in entry.vietnamese:
                    number = roman_value(match.group(f"n{index}") or "")
                    if number is None or not 0 < number < 40:
                        continue  # "Đại hội di…" is not a congress number
                    english = english.replace("{nth}", ordinal(number)).replace("{n}", str(number))
                if entry.scope == "place":  # the place as the article writes it ("Thanh Hoá"), in the names style
                    place = _PLACE_PREFIX.sub("", text[match.start():match.end()], count=1)
                    english = english.replace("{name}", style_name(place, self.name_style))
                spans.append(Span(match.start(), match.end(), text[match.start():match.end()], english, "term"))
                cursor = match.end()
                break
        return spans

    def _context(self, entry: Entry, text: str, newstyle: str, start: int, end: int) -> int | str | None:
        """Why an entry must not fire here: ``None`` (it may), ``"shorter"`` (it covers only the head of a
        longer coordinated name), or the offset up to which nothing may fire (another body's name)."""
        after = newstyle[end:]
        if entry.scope == "generic":
            foreign = self._foreign_after.match(after)
            if foreign:
                return end + foreign.end()
            if text[start:end] == text[start:end].lower():
                return end  # "chính phủ", "quốc hội" in lower case: the common noun, any country's
            if self._foreign_setting(newstyle, start) and not _VIETNAM_AFTER.match(newstyle, end):
                return end
        organisation = _ORGANISATION_HEADS.match(text, end)
        if organisation:
            return end
        coordinated = _COORDINATED.match(text, end)
        if coordinated and not _COMPLETE.search(fold(text[start:end])) and \
                capitalised(coordinated.group("word")) and not self._starts_name(text, coordinated):
            clause = text[coordinated.start():coordinated.start() + 60]
            if not clause.lstrip().startswith(",") or re.match(r"[^.;:!?()]*?\svà\s+[A-ZĐÀ-Ỹ]", clause):
                return "shorter"
        return None

    def _foreign_setting(self, newstyle: str, start: int) -> bool:
        """Whether the sentence so far sets the scene abroad ("Tại Pháp, Quốc hội …")."""
        boundary = max((m.end() for m in _SENTENCE_END.finditer(newstyle, 0, start)), default=0)
        sentence = newstyle[boundary:start]
        for setting in _SETTING.finditer(sentence):
            if self._foreign_any.match(sentence, setting.end()):
                return "Việt Nam" not in sentence[setting.end():]
        return False

    def _starts_name(self, text: str, coordinated: re.Match[str]) -> bool:
        """Whether the word after "và" / "," starts a name of its own (another entry, a place, a person)."""
        word = coordinated.group("word")
        rest = text[coordinated.start("word"):]
        if fold(word) in self._index or _NAME_HEAD.match(rest):
            return True
        if self._local_re.match(apply_tone_style(rest, "new")) or self._foreign_after.match(
                apply_tone_style(" " + rest, "new")):
            return True
        runs = surname_runs(rest[:40], self._place_names)
        return bool(runs) and runs[0][0] == 0

    # -- names ---------------------------------------------------------------------------------------------
    def article_names(self, texts: Iterable[str]) -> FrozenSet[str]:
        """The full personal names of an article, so that later mentions by given name are recognised."""
        if not self.names:
            return frozenset()
        found: Set[str] = set()
        for text in texts:
            found.update(s.original for s in self.personal_names(text) if " " in s.original)
        return frozenset(found)

    def personal_names(self, text: str, known: Iterable[str] = ()) -> List[Span]:
        """Personal names: full names, and given names of ``known`` full names after an honorific or title."""
        if not self.names:
            return []
        spans = [self._name_span(text, start, end) for start, end in surname_runs(text, self._place_names)]
        for start, end in caps_runs(text, is_syllable):  # "bà MÃO", "NGUYỄN VĂN AN"
            if all(end <= s.start or start >= s.end for s in spans):
                spans.append(self._name_span(text, start, end))
        known = tuple(known)
        if known:
            given, tails = short_forms(known)
            taken = [(s.start, s.end) for s in spans]
            for match in self._honorific.finditer(text):
                words = match.group("given")
                first = words.split(" ")[0]
                if words in tails:
                    start, end = match.start("given"), match.end("given")
                elif first in given and capitalised(first):
                    start, end = match.start("given"), match.start("given") + len(first)
                else:
                    continue
                if all(end <= a or start >= b for a, b in taken):
                    spans.append(self._name_span(text, start, end))
                    taken.append((start, end))
            # the last two syllables of a full name anywhere ("Tấn Tài"), a given name alone within a sentence
            # ("sự việc Út đặt …"): not at a sentence start, not inside a longer run of capitalised words
            shorts = sorted(set(tails) | set(given), key=len, reverse=True)
            pattern = re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, shorts)) + r")(?![^\W\d_])")
            for found in pattern.finditer(text):
                start, end = found.start(), found.end()
                before = text[max(0, start - 40):start].rstrip()
                previous = re.search(r"([^\W\d_]+)\s*$", before)
                if (previous and capitalised(previous.group(1))) or re.match(r" [^\W\d_]", text[end:end + 2]) \
                        and text[end + 1].isupper():
                    continue
                if found.group(0) not in tails and (
                        start == 0 or not before or before.endswith((".", "!", "?", "…", ":", "\n", '"', "“"))):
                    continue
                if all(end <= a or start >= b for a, b in taken):
                    spans.append(self._name_span(text, start, end))
                    taken.append((start, end))
        spans.extend(self._list_names(text, spans))
        return sorted(spans, key=lambda s: s.start)

    def _list_names(self, text: str, spans: Sequence[Span]) -> List[Span]:
        """Names in a list of names (a team sheet: "Tấn Trường, Văn Kiên, Thành Chung, Việt Anh …"): in a list
        of three or more capitalised items of which half (or, in a list of five or more, two) are names already,
        the other two- and three-syllable items that are not places are names too."""
        out: List[Span] = []
        covered = {(s.start, s.end) for s in spans}
        for clause in re.finditer(r"[^:;.\n()]+", text):
            items = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", clause.group(0))]
            items = [(clause.start() + a + (len(clause.group(0)[a:b]) - len(clause.group(0)[a:b].lstrip())),
                      clause.start() + b - (len(clause.group(0)[a:b]) - len(clause.group(0)[a:b].rstrip())))
                     for a, b in items]
            shaped = [(a, b) for a, b in items
                      if all(capitalised(w) for w in text[a:b].split()) and 1 <= len(text[a:b].split()) <= 3]
            if len(items) < 3 or len(shaped) != len(items):
                continue
            named = sum(1 for item in items if item in covered)
            several = sum(1 for a, b in items if " " in text[a:b])
            if named < 2 or (named * 2 < several and len(items) < 5):
                continue
            for a, b in items:
                if (a, b) not in covered and len(text[a:b].split()) >= 2 and text[a:b] not in self._place_names \
                        and \
                        all(b <= s.start or a >= s.end for s in spans):
                    out.append(self._name_span(text, a, b))
        return out

    def _name_span(self, text: str, start: int, end: int) -> Span:
        original = text[start:end]
        return Span(start, end, original, style_name(original, self.name_style), "name")

    def place_names(self, text: str) -> List[Span]:
        """Vietnamese places, written in the brief's names style: provinces and cities (and Việt Nam), then the
        places below them (:func:`~.names.place_runs`: after a place word, or named in ``units_vi.tsv``) that
        overlap none of those."""
        if not self.names:
            return []
        newstyle = apply_tone_style(text, "new")
        found = [(m.start(), m.end()) for m in self._local_re.finditer(newstyle)]
        for start, end in place_runs(text, self.units, lambda t: apply_tone_style(t, "new")):
            if all(end <= a or start >= b for a, b in found):
                found.append((start, end))
        return [replace(self._name_span(text, a, b), kind="place") for a, b in sorted(found)]

    def spans(self, text: str, known: Iterable[str] = ()) -> List[Span]:
        """Every protected span of ``text``: terms first, then names and places that overlap nothing before."""
        found = self.terms(text)
        taken = [(s.start, s.end) for s in found]
        for name in self.personal_names(text, known) + self.place_names(text):
            if all(name.end <= start or name.start >= end for start, end in taken):
                found.append(name)
                taken.append((name.start, name.end))
        return sorted(found, key=lambda s: s.start)


def read_glossary_file(path: str | Path, target_lang: str = "en") -> List[Entry]:
    """Read a user glossary (CSV, TSV or TBX; see :mod:`.glossary_io`)."""
    return [replace(row, source=row.source or str(path), user=True) for row in read_rows(path, target_lang)]


def _bundled() -> List[Entry]:
    return read_rows(BUNDLED_GLOSSARY)


def _place_entries(places: Sequence[Tuple[str, str, str]]) -> List[Entry]:
    """"tỉnh X" → "X Province" for every province, "thành phố X" / "TP X" → "X City" for the six cities."""
    out = []
    for name, kind, _status in places:
        if kind == "province":
            out.append(Entry(f"tỉnh {name}", "{name} Province", "E6", "E6", "place"))
        elif kind == "city":
            for prefix in ("thành phố", "TP", "TP."):
                out.append(Entry(f"{prefix} {name}", "{name} City", "E6", "E6", "place"))
    return out


def _derived(entries: Sequence[Entry]) -> List[Entry]:
    """Minister and deputy-minister titles for every ministry: "Bộ trưởng Bộ Y tế" = "Minister of Health"."""
    out = []
    for entry in entries:
        if entry.vietnamese.startswith("Bộ ") and entry.english.startswith("the Ministry of "):
            rest = entry.english[len("the Ministry of "):]
            out.append(replace(entry, vietnamese=f"Bộ trưởng {entry.vietnamese}", english=f"Minister of {rest}"))
            out.append(replace(entry, vietnamese=f"Thứ trưởng {entry.vietnamese}",
                               english=f"Deputy Minister of {rest}"))
    return out


def load_glossary(user_file: str | Path | None = None, *, names: bool = True, name_style: str = "keep",
                  english: str = "uk", target_lang: str = "en") -> Glossary:
    """The bundled glossary, extended and overridden by ``user_file`` when given (derived titles included:
    a user's "Bộ Y tế" changes "Bộ trưởng Bộ Y tế" too, unless the user also gives that title). A user's entry
    for a bundled term without a ``scope`` of its own keeps the bundled row's."""
    places = read_places(BUNDLED_PLACES)
    bundled = _place_entries(places) + _bundled()
    user = read_glossary_file(user_file, target_lang) if user_file else []
    # a user entry for a bundled term keeps the bundled row's context rule ("Chính phủ Mỹ" is not the
    # Government's) unless it sets a scope of its own ("always": no rule)
    rules = {" ".join(fold(e.vietnamese).split()): e.scope for e in bundled}
    user = [replace(e, scope=rules.get(" ".join(fold(e.vietnamese).split()), "")) if not e.scope else e for e in user]
    user_keys = {" ".join(fold(e.vietnamese).split()) for e in user}
    merged = {" ".join(fold(e.vietnamese).split()): e for e in bundled + user}
    derived = [e for e in _derived(list(merged.values())) if " ".join(fold(e.vietnamese).split()) not in user_keys]
    explicit = [e for e in bundled if " ".join(fold(e.vietnamese).split()) not in user_keys]
    units = [name for name, _kind, _status in read_places(BUNDLED_UNITS)
             if " " in name and not any(ch.isdigit() for ch in name)] if names else []
    return Glossary(derived + explicit + user, names=names, name_style=name_style, english=english,
                    places={name: kind for name, kind, _ in places}, units=units)
