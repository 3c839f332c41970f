"""Vietnamese personal names and place names in a text, and how a brief writes them (``--names keep|ascii``).

A personal name is a run of two to four capitalised syllables led by a family name (``Trương Thị Mai``), or any
capitalised syllable followed by the middle names ``Thị``/``Văn`` and a capitalised given name, which catches
rarer family names (``Cà Thị Út``). Someone named in full once is often called by the given name afterwards
(``ông Quyền``, ``Bộ trưởng Thể``): with the article's full names known, a given name after an honorific or a
title is a name too, and so is the last two syllables of a full name anywhere (``Tấn Tài`` after ``Lê Tấn
Tài``). A family name that is also an ordinary word (``Từ`` = from) does not start a name when what follows is a
place (``Từ Hà Nội,`` = "From Hà Nội").

Places below the provinces follow the same policy (:func:`place_runs`): a run of capitalised syllables after a
place word (``xã Pá Khoang``, ``phường Mường Thanh``, ``thành phố Điện Biên Phủ``, ``di tích Kim Liên``), or a name
of the administrative units (``units_vi.tsv``: the 3,321 communes and wards of 2025 and the districts before
them) standing as a capitalised run (``Hội An``). Names written in capitals are names too (:func:`caps_runs`):
after an honorific (``bà MÃO``), or a family name in capitals and one to three more (``NGUYỄN VĂN AN``) in a
text that is not all capitals (a headline in capitals is not a name).

``keep`` writes every Vietnamese name with its diacritics (as Việt Nam News, the state agency's English daily,
does); ``ascii`` folds them as English-language media do, with the two exonyms they use (Vietnam, Hanoi).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Dict, FrozenSet, Iterable, List, Tuple

__all__ = ["SURNAMES", "LANDMARKS", "name_words", "style_name", "ascii_fold_keep_case",
           "HONORIFICS", "PLACE_WORDS", "place_runs", "caps_runs"]


#: Common Vietnamese family names, the most frequent first, then less common ones (many of them of the northern
#: uplands: Cà, Lò, Quàng, Bế …), plus "Văn", the middle name by which people (footballers above all: "Văn
#: Quyết") are often called.
SURNAMES = frozenset(
    """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Mai Đào Lưu Hà Tô Tạ
    Trịnh Lâm Cao Chu Lương Đoàn Vương Kiều Quách Tăng Lại Thân Nông Triệu Phùng Tôn Hứa Doãn Lã Lục Nghiêm
    Tống Từ Khúc Đàm Thái Châu La Mạc Diệp Âu Văn Cà Lò Quàng Bế Hầu Giàng Vàng Sùng Mùa Thào Điêu Lầu Phí
    Khổng Ninh Bạch Đồng Mẫn Lạc Kim Bành Cù Ma Lù Hoàng Giáp Khuất Khương Thạch Trình
    """.split()
)

#: Family names that are also ordinary words, which a capital at a sentence start does not make a name.
_ORDINARY = frozenset(
    "Từ Cao Mai Hà Lâm Thân Tô Châu Lại Hồ Chu Tạ Khúc Thái Văn La Đồng Kim Lạc Ninh Tăng".split())

#: Places and other things that look like names (a family name followed by a capitalised word) and are not
#: provinces (those come from ``places_vi.tsv``): districts, landmarks, continents, oceans.
LANDMARKS = frozenset(
    item.replace("_", " ")
    for item in """
    Hà_Tiên Hà_Đông Hà_Bắc Hà_Tây Thái_Bình_Dương Châu_Âu Châu_Á Châu_Phi Châu_Mỹ Châu_Úc Châu_Đại_Dương
    Hoàng_Sa Hoàng_Mai Phan_Thiết Phan_Rang Lý_Sơn Mai_Châu Hồ_Gươm Hồ_Tây Vũ_Hán Lê_Chân Đoàn_Thanh La_Mã
    Văn_Miếu Văn_Phòng Tô_Lịch Cao_Lãnh Châu_Đốc Hồ_Con_Rùa Hồ_Ba_Bể Văn_Lâm Văn_Giang Văn_Yên Văn_Chấn Văn_Bàn
    Trường_Sa Phú_Quốc Hạ_Long Đà_Lạt Nha_Trang Vũng_Tàu Hội_An Sa_Pa Tam_Đảo Côn_Đảo
    """.split()
)

#: Words after which a given name alone refers to a person named in full elsewhere in the article.
HONORIFICS = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "thầy", "cháu", "bé", "đồng chí", "đại biểu", "HLV",
    "Bộ trưởng", "Thứ trưởng", "Chủ tịch", "Phó Chủ tịch", "Thủ tướng", "Phó Thủ tướng", "Tổng Bí thư", "Bí thư",
    "Giám đốc", "Phó Giám đốc", "Đại sứ", "Tổng thống", "Chủ nhiệm", "Trưởng ban", "Viện trưởng", "Chánh án",
    "Thống đốc", "Tiến sĩ", "TS", "PGS", "GS", "BS", "Đại tá", "Thượng tướng", "Đại tướng", "Trung tướng",
    "Thiếu tướng", "Luật sư", "Nhà báo", "Nghệ sĩ", "NSND", "NSƯT", "cầu thủ", "tiền đạo", "thủ môn", "hậu vệ",
    "tiền vệ", "đội trưởng",
)

#: Words for a kind of place: a run of capitalised syllables after one of them is the name of a place.
PLACE_WORDS = (
    "thành phố", "thị xã", "thị trấn", "đặc khu", "khu di tích", "di tích", "quận", "huyện", "xã", "phường", "tỉnh",
    "bản", "thôn", "ấp", "làng", "xóm", "TP",
)
_PLACE_WORD = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(w) for w in PLACE_WORDS) + r")\.?\s*$",
                         re.IGNORECASE)
#: Honorifics written in lower case before a name ("bà MÃO"): the name after them may be in capitals.
_CAPS_HONORIFICS = frozenset(h for h in HONORIFICS if h.islower() and " " not in h)

_EXONYMS = {"Việt Nam": "Vietnam", "Hà Nội": "Hanoi", "VIỆT NAM": "VIETNAM", "HÀ NỘI": "HANOI"}
_EXONYM_RE = re.compile("|".join(re.escape(k) for k in _EXONYMS))


def capitalised(word: str) -> bool:
    """A word written with a capital and then small letters (``Quyết``, not ``UBND`` or ``và``)."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def name_words(text: str) -> List[Tuple[int, int, str]]:
    """The words of ``text`` (letters only) with their offsets."""
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\W\d_]+", text)]


def ascii_fold_keep_case(text: str) -> str:
    """``Nguyễn Văn Thể`` → ``Nguyen Van The``: diacritics removed, đ → d, case kept."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
            continue
        base = unicodedata.normalize("NFD", ch)
        out.append(base[0] if base[0].isascii() else ch)
    return "".join(out)


def style_name(text: str, style: str) -> str:
    """``text`` (a name, or English holding Vietnamese names) written in the brief's ``--names`` style."""
    if style != "ascii":
        return text
    return ascii_fold_keep_case(_EXONYM_RE.sub(lambda m: _EXONYMS[m.group(0)], text))


def surname_runs(text: str, places: FrozenSet[str]) -> List[Tuple[int, int]]:
    """Offsets of personal names: a family name and one to three capitalised syllables, or X Thị/Văn Y."""
    words = name_words(text)
    spans: List[Tuple[int, int]] = []
    i = 0
    while i < len(words):
        start, _end, word = words[i]
        middle = i + 1 < len(words) and words[i + 1][2] in ("Thị", "Văn") and capitalised(word)
        if word not in SURNAMES and not middle:
            i += 1
            continue
        run = [words[i]]
        j = i + 1
        while j < len(words) and len(run) < 4:
            if text[run[-1][1]:words[j][0]] != " " or not capitalised(words[j][2]):
                break
            run.append(words[j])
            j += 1
        if len(run) >= 2 and not (middle and len(run) < 3 and word not in SURNAMES):
            syllables = [w for _, _, w in run]
            # a place at the start of the run ("Hà Nội", "Thái Bình Dương"), or after an ordinary word ("Từ")
            is_place = any(" ".join(syllables[:k]) in places for k in range(2, len(syllables) + 1))
            ordinary = word in _ORDINARY and any(" ".join(syllables[1:k]) in places
                                                 for k in range(2, len(syllables) + 1))
            if not is_place and not ordinary:
                spans.append((run[0][0], run[-1][1]))
                i = j
                continue
        i += 1
    return spans


def short_forms(names: Iterable[str]) -> Tuple[Dict[str, str], Dict[str, str]]:
    """From full names, the given names (``Quyền``) and the two-syllable tails (``Đình Quyền``) that refer to them."""
    given: Dict[str, str] = {}
    tails: Dict[str, str] = {}
    for name in names:
        parts = name.split()
        given.setdefault(parts[-1], name)
        tails.setdefault(" ".join(parts[-2:]), name)  # "Đình Quyền"; a two-syllable name itself ("Tấn Trường")
    return given, tails


def honorific_pattern() -> re.Pattern[str]:
    """An honorific or title, then one or two capitalised words (group ``given``)."""
    titles = "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))
    upper_first = "|".join(re.escape(h[0].upper() + h[1:]) for h in HONORIFICS if h[0].islower())
    return re.compile(rf"(?<!\w)(?:{titles}|{upper_first})(?:\s+[A-ZĐ]{{2,}})?\s+(?P<given>[^\W\d_]+(?:\s[^\W\d_]+)?)")


def _capital_runs(text: str) -> List[List[Tuple[int, int, str]]]:
    """Runs of capitalised words (``Mường Thanh``) separated by single spaces."""
    runs: List[List[Tuple[int, int, str]]] = []
    for word in name_words(text):
        if not capitalised(word[2]):
            continue
        if runs and text[runs[-1][-1][1]:word[0]] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def place_runs(text: str, units: FrozenSet[str], fold: Callable[[str], str] = lambda t: t) -> List[Tuple[int, int]]:
    """Offsets of places below the provinces in ``text``: the capitalised run (up to four syllables) after a place
    word, or the longest name of ``units`` (two syllables or more, compared after ``fold``) inside a capitalised
    run."""
    spans: List[Tuple[int, int]] = []
    for run in _capital_runs(text):
        if _PLACE_WORD.search(text[max(0, run[0][0] - 20):run[0][0]]):
            spans.append((run[0][0], run[min(len(run), 4) - 1][1]))
            continue
        i = 0
        while i < len(run) - 1:
            for length in range(min(4, len(run) - i), 1, -1):
                if fold(" ".join(w for _, _, w in run[i:i + length])) in units:
                    spans.append((run[i][0], run[i + length - 1][1]))
                    i += length
                    break
            else:
                i += 1
    return spans


def caps_runs(text: str, is_syllable: Callable[[str], bool]) -> List[Tuple[int, int]]:
    """Offsets of names written in capitals: one to three capitalised syllables after a lower-case honorific
    (``bà MÃO``), or a family name and one to three more (``NGUYỄN VĂN AN``) where the text has small letters
    (a headline in capitals is not a name). ``is_syllable`` tells a Vietnamese syllable from an abbreviation
    (``ông UBND`` is not a name)."""
    words = name_words(text)
    if not any(ch.islower() for ch in text):
        return []
    spans: List[Tuple[int, int]] = []
    i = 0
    while i < len(words):
        run: List[Tuple[int, int, str]] = []
        j = i + (1 if words[i][2] in _CAPS_HONORIFICS else 0)
        after_title = j > i
        while j < len(words) and len(run) < (3 if after_title else 4) and words[j][2].isupper() and \
                is_syllable(words[j][2].lower()) and (not run or text[run[-1][1]:words[j][0]] == " ") and \
                (j == i + int(after_title) or text[words[j - 1][1]:words[j][0]] == " "):
            run.append(words[j])
            j += 1
        if run and (after_title or (len(run) >= 2 and run[0][2].capitalize() in SURNAMES)):
            spans.append((run[0][0], run[-1][1]))
            i = j
        else:
            i += 1
    return spans
