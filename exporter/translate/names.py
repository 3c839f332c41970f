"""Vietnamese personal names and place names in a text, and how a brief writes them (``--names keep|ascii``).

A personal name is a run of two to four capitalised syllables led by a family name (``Trương Thị Mai``), or any
capitalised syllable followed by the middle names ``Thị``/``Văn`` and a capitalised given name, which catches
rarer family names (``Cà Thị Út``). Someone named in full once is often called by the given name afterwards
(``ông Quyền``, ``Bộ trưởng Thể``): with the article's full names known, a given name after an honorific or a
title is a name too, and so is the last two syllables of a full name anywhere (``Tấn Tài`` after ``Lê Tấn
Tài``). A family name that is also an ordinary word (``Từ`` = from) does not start a name when what follows is a
place (``Từ Hà Nội,`` = "From Hà Nội").

``keep`` writes every Vietnamese name with its diacritics (as Việt Nam News, the state agency's English daily,
does); ``ascii`` folds them as English-language media do, with the two exonyms they use (Vietnam, Hanoi).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Dict, FrozenSet, Iterable, List, Tuple

__all__ = ["SURNAMES", "LANDMARKS", "name_words", "style_name", "ascii_fold_keep_case",
           "HONORIFICS"]


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
