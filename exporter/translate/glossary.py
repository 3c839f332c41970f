"""Official English names for Vietnamese institutions and titles, and Vietnamese personal names kept as written.

Machine translation renders "Ban Tổ chức Trung ương" a dozen different ways and strips the diacritics from
"Trương Thị Mai". Providers without a glossary feature are kept honest by protection: every glossary term and
every personal name in a text is replaced by an opaque placeholder (``{v0}``, ``{v1}`` …) before the text is
sent; the answer must contain each placeholder exactly once, and each is then replaced by the English name (or
the untouched Vietnamese name). When a provider mangles the placeholders, the caller translates the text
without protection and :func:`substitute` patches what it can.

Matching ignores case and tone-mark placement: Vietnamese writes ``hòa`` (old style) and ``hoà`` (new style,
Quyết định 1989/QĐ-BGDĐT of 2018) for the same syllable, and NFC keeps them distinct, so both sides are folded
with the 15 pairs of ``corpus/encodings/tone_placement_old_new.tsv``. The longest term wins.

Glossary files (the bundled ``glossary_vi_en.tsv`` and user files given with ``--glossary``) are UTF-8 CSV or
TSV: ``vietnamese``, ``english`` and an optional third column (the source), an optional header row, ``#``
comment lines. ``{n}`` in the Vietnamese stands for a number (``XIII`` or ``13``); ``{nth}`` in the English
gives its ordinal (``13th``) and ``{n}`` the figure.
"""
from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import UsageError
from ..text.normalise import apply_tone_style

log = logging.getLogger(__name__)

__all__ = [
    "Entry", "Span", "Protected", "Glossary", "load_glossary", "read_glossary_file", "fold",
    "protect", "restore", "substitute", "BUNDLED_GLOSSARY",
]

BUNDLED_GLOSSARY = Path(__file__).with_name("glossary_vi_en.tsv")

#: Common Vietnamese family names, the most frequent first, plus "Văn", the middle name by which people (footballers
#: above all: "Văn Quyết") are often called. A run of two to four capitalised syllables led by one of these is taken
#: for a personal name.
SURNAMES = frozenset(
    """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Mai Đào Lưu Hà Tô Tạ
    Trịnh Lâm Cao Chu Lương Đoàn Vương Kiều Quách Tăng Lại Thân Nông Triệu Phùng Tôn Hứa Doãn Lã Lục Nghiêm
    Tống Từ Khúc Đàm Thái Châu La Mạc Diệp Âu Văn
    """.split()
)

#: Runs that look like names but are places or other things (a surname followed by a capitalised word).
_NOT_NAMES = frozenset(
    item.replace("_", " ")
    for item in """
    Hà_Nội Hà_Giang Hà_Nam Hà_Tĩnh Hà_Tiên Hà_Đông Hà_Lan Hà_Bắc Hà_Tây Thái_Lan Thái_Bình Thái_Nguyên
    Thái_Bình_Dương Châu_Âu Châu_Á Châu_Phi Châu_Mỹ Châu_Úc Châu_Đại_Dương Cao_Bằng Lâm_Đồng Hoàng_Sa
    Hoàng_Mai Phan_Thiết Phan_Rang Lý_Sơn Mai_Châu Hồ_Gươm Hồ_Tây Vũ_Hán Lê_Chân Đoàn_Thanh La_Mã Văn_Miếu
    Văn_Phòng Tô_Lịch Cao_Lãnh Châu_Đốc Hồ_Con_Rùa Hồ_Ba_Bể Văn_Lâm Văn_Giang Văn_Yên Văn_Chấn Văn_Bàn
    """.split()
)

_PLACEHOLDER = "{{v{}}}"
_PLACEHOLDER_RE = re.compile(r"[{｛]\s*[vV]\s*(\d+)\s*[}｝]")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# Words after which a glossary "the" would be doubled: "of the {v0}", "its {v0}".
_DETERMINERS = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|your|my|this|that|these|those)|'s|’s)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Entry:
    """One glossary line."""

    vietnamese: str
    """The Vietnamese term as written in the file (may contain ``{n}``)."""
    english: str
    """Its English name (may contain ``{n}`` / ``{nth}``)."""
    source: str = ""
    """Where the English name comes from."""


@dataclass(frozen=True)
class Span:
    """A protected stretch of a text: a glossary term or a personal name."""

    start: int
    end: int
    original: str
    """The text as it stands in the source."""
    replacement: str
    """What goes into the translation: the English name, or the name itself."""
    kind: str
    """``term`` or ``name``."""


@dataclass(frozen=True)
class Protected:
    """A text with its terms and names replaced by placeholders."""

    text: str
    """What is sent to the provider."""
    spans: Tuple[Span, ...]
    """The protected spans, in order; placeholder ``{v<i>}`` stands for ``spans[i]``."""

    @property
    def has_text(self) -> bool:
        """Whether anything but placeholders, spaces and punctuation is left to translate."""
        return any(ch.isalpha() for ch in _PLACEHOLDER_RE.sub("", self.text))


def fold(text: str) -> str:
    """Lower-case ``text`` and unify tone placement, keeping its length (so offsets stay valid)."""
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return apply_tone_style(lowered, "new")  # hòa → hoà: two characters for two


def _ascii_fold(text: str) -> str:
    """Lower-case ``text`` without diacritics, one character for one (to find "Truong Thi Mai")."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append("d" if base in "đĐ" else base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


def _term_pattern(term: str, index: int) -> str:
    """A regular expression for a folded glossary term: flexible spaces, dashes and ``{n}``."""
    parts = []
    words = fold(term).split()
    for position, word in enumerate(words):
        if position:
            parts.append(r"\s*" if words[position - 1].endswith(".") else r"\s+")
        chunk = []
        for piece in re.split(r"(\{n\}|[.,&\-–—])", word):
            if piece == "{n}":
                chunk.append(rf"(?P<n{index}>\d{{1,2}}|[ivxlc]{{1,7}})")
            elif piece == ".":
                chunk.append(r"\.\s*")
            elif piece in (",", "&"):
                chunk.append(rf"\s*{re.escape(piece)}\s*")
            elif piece in ("-", "–", "—"):
                chunk.append(r"\s*[-–—]\s*")
            elif piece:
                chunk.append(re.escape(piece))
        parts.append("".join(chunk))
    # a dash or comma standing alone between words ("Lao động - Thương binh")
    body = "".join(parts).replace(r"\s+\s*[-–—]\s*\s+", r"\s*[-–—]\s*")
    return rf"(?P<e{index}>(?<!\w){body}(?!\w))"


def _roman_value(text: str) -> Optional[int]:
    text = text.lower()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total if _to_roman(total) == text.upper() else None


def _to_roman(number: int) -> str:
    out = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class Glossary:
    """A compiled set of glossary entries plus the personal-name rule."""

    def __init__(self, entries: Iterable[Entry], *, names: bool = True) -> None:
        merged: Dict[str, Entry] = {}
        for entry in entries:
            merged[" ".join(fold(entry.vietnamese).split())] = entry  # later entries override earlier ones
        self.entries: Tuple[Entry, ...] = tuple(merged.values())
        self.names = names
        # Entries indexed by their first (folded) word, longest first: a text is scanned word by word and
        # only the few entries that can start at a word are tried there.
        self._index: Dict[str, List[Tuple[int, re.Pattern[str]]]] = {}
        for i in sorted(range(len(self.entries)), key=lambda i: -len(self.entries[i].vietnamese)):
            first = re.match(r"\w+", fold(self.entries[i].vietnamese).strip())
            if first:
                self._index.setdefault(first.group(0), []).append(
                    (i, re.compile(_term_pattern(self.entries[i].vietnamese, i))))
        digest = hashlib.sha256()
        for entry in self.entries:
            digest.update(f"{entry.vietnamese}\t{entry.english}\n".encode())
        digest.update(f"names={names}".encode("ascii"))
        self.version = digest.hexdigest()[:16]
        """Changes whenever an entry or the name rule changes; part of every cache key."""

    def __len__(self) -> int:
        return len(self.entries)

    def terms(self, text: str) -> List[Span]:
        """The glossary terms found in ``text``, left to right, longest first, not overlapping."""
        folded = fold(text)
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
                english = entry.english
                if "{n" in entry.vietnamese:
                    number = _roman_value(match.group(f"n{index}") or "")
                    if number is None or not 0 < number < 40:
                        continue  # "Đại hội di…" is not a congress number
                    english = english.replace("{nth}", _ordinal(number)).replace("{n}", str(number))
                spans.append(Span(match.start(), match.end(), text[match.start():match.end()], english, "term"))
                cursor = match.end()
                break
        return spans

    def personal_names(self, text: str) -> List[Span]:
        """Runs of 2–4 capitalised syllables led by a common surname (``Trương Thị Mai``)."""
        if not self.names:
            return []
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\W\d_]+", text)]
        spans: List[Span] = []
        i = 0
        while i < len(words):
            start, end, word = words[i]
            if word not in SURNAMES:
                i += 1
                continue
            run = [words[i]]
            j = i + 1
            while j < len(words) and len(run) < 4:
                gap = text[run[-1][1]:words[j][0]]
                candidate = words[j][2]
                if gap != " " or not _capitalised(candidate):
                    break
                run.append(words[j])
                j += 1
            if len(run) >= 2:
                original = text[run[0][0]:run[-1][1]]
                if not any(original == place or original.startswith(place + " ") for place in _NOT_NAMES):
                    spans.append(Span(run[0][0], run[-1][1], original, original, "name"))
                    i = j
                    continue
            i += 1
        return spans

    def spans(self, text: str) -> List[Span]:
        """Every protected span of ``text``: terms first, then names that do not overlap a term."""
        found = self.terms(text)
        taken = [(s.start, s.end) for s in found]
        for name in self.personal_names(text):
            if all(name.end <= start or name.start >= end for start, end in taken):
                found.append(name)
        return sorted(found, key=lambda s: s.start)


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def protect(text: str, glossary: Optional[Glossary]) -> Protected:
    """Replace the glossary terms and names of ``text`` by numbered placeholders."""
    spans = tuple(glossary.spans(text)) if glossary is not None else ()
    if not spans:
        return Protected(text, ())
    out: List[str] = []
    cursor = 0
    for number, span in enumerate(spans):
        out.append(text[cursor:span.start])
        out.append(_PLACEHOLDER.format(number))
        cursor = span.end
    out.append(text[cursor:])
    return Protected("".join(out), spans)


def restore(translated: str, protected: Protected) -> Optional[str]:
    """Put the English names back into a translation of ``protected.text``.

    Returns ``None`` when the provider lost, duplicated or invented a placeholder: the caller then translates
    the text without protection. Spacing and case changes inside a placeholder (``{ V0 }``) are tolerated.
    """
    found = [int(m.group(1)) for m in _PLACEHOLDER_RE.finditer(translated)]
    if sorted(found) != list(range(len(protected.spans))):
        return None
    out: List[str] = []
    cursor = 0
    for match in _PLACEHOLDER_RE.finditer(translated):
        before = translated[cursor:match.start()]
        span = protected.spans[int(match.group(1))]
        replacement = span.replacement
        if span.kind == "term":
            context = "".join(out) + before
            if replacement.lower().startswith("the ") and _DETERMINERS.search(context):
                replacement = replacement[4:]  # "of the {v0}" must not become "of the the Politburo"
            if _sentence_start(context):
                replacement = replacement[:1].upper() + replacement[1:]
        out.append(before)
        out.append(replacement)
        cursor = match.end()
    out.append(translated[cursor:])
    return "".join(out)


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip(" \"'“‘«([")
    return not stripped or stripped.endswith((".", "!", "?", "\n", "…"))


def substitute(translated: str, spans: Sequence[Span]) -> str:
    """Best effort for an unprotected translation: put back names whose diacritics the provider stripped
    (``Truong Thi Mai`` → ``Trương Thị Mai``) and English names of terms it left in Vietnamese."""
    for span in spans:
        if span.kind == "name":
            needle = _ascii_fold(span.original)
            haystack = _ascii_fold(translated)
        else:
            needle = " ".join(fold(span.original).split())
            haystack = fold(translated)
        pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
        pieces, cursor = [], 0
        for match in pattern.finditer(haystack):
            pieces.append(translated[cursor:match.start()])
            pieces.append(span.replacement)
            cursor = match.end()
        if pieces:
            pieces.append(translated[cursor:])
            translated = "".join(pieces)
    return translated


def read_glossary_file(path: str | Path) -> List[Entry]:
    """Read a CSV or TSV glossary (two or three columns, optional header, ``#`` comments)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError("glossary file not found", subject=str(path),
                         hint="give a CSV or TSV file of Vietnamese and English terms") from None
    except OSError as exc:
        raise UsageError(f"cannot read the glossary: {exc.strerror}", subject=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("the glossary is not UTF-8", subject=str(path),
                         hint="save it as UTF-8 (in Excel: CSV UTF-8)") from None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return []
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in lines[0] else (
        ";" if lines[0].count(";") > lines[0].count(",") else ",")
    entries = []
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter), 1):
        cells = [cell.strip() for cell in row]
        if number == 1 and [c.lower() for c in cells[:2]] in (["vietnamese", "english"], ["vi", "en"],
                                                             ["source", "target"], ["term", "translation"]):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise UsageError(f"line {number} needs two columns, Vietnamese and English", subject=str(path),
                             hint="separate them with a tab (TSV) or a comma (CSV)")
        entries.append(Entry(unicodedata.normalize("NFC", cells[0]), cells[1],
                             cells[2] if len(cells) > 2 else str(path)))
    return entries


def _derived(entries: Sequence[Entry]) -> List[Entry]:
    """Minister and deputy-minister titles for every ministry: "Bộ trưởng Bộ Y tế" = "Minister of Health"."""
    out = []
    for entry in entries:
        if entry.vietnamese.startswith("Bộ ") and entry.english.startswith("the Ministry of "):
            rest = entry.english[len("the Ministry of "):]
            out.append(Entry(f"Bộ trưởng {entry.vietnamese}", f"Minister of {rest}", entry.source))
            out.append(Entry(f"Thứ trưởng {entry.vietnamese}", f"Deputy Minister of {rest}", entry.source))
    return out


def load_glossary(user_file: str | Path | None = None, *, names: bool = True) -> Glossary:
    """The bundled glossary, extended and overridden by ``user_file`` when given."""
    bundled = read_glossary_file(BUNDLED_GLOSSARY)
    entries = bundled + _derived(bundled)
    if user_file:
        entries += read_glossary_file(user_file)
    return Glossary(entries, names=names)
