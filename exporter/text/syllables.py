"""Is this word a well-formed Vietnamese syllable? And how Vietnamese does a text look? Used to pick the right
decoding of unknown bytes among candidates (:mod:`exporter.read.parse.encoding`).

A syllable is an initial consonant (possibly none), a rhyme (optional medial o/u, a vowel nucleus, optional
final consonant or semivowel) and at most one tone mark, which sits on the vowel the spelling rules name. The
inventories follow the standard description of Vietnamese phonology and spelling (Đoàn Thiện Thuật, *Ngữ âm
tiếng Việt*) and the spelling rules of Quyết định 1989/QĐ-BGDĐT (2018). Both tone placements in the open rhymes
oa, oe, uy are accepted (``hòa`` and ``hoà``), since newsrooms still use the old one.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache, lru_cache
from typing import NamedTuple, Optional, Tuple

from . import lazy_re

_TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền sắc hỏi ngã nặng
_SAC, _NANG = 2, 5
_VOWELS = "aăâeêioôơuưy"
_MARKED = "ăâêôơư"  # vowels with a quality mark: the tone goes on them

INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
            "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")

# Rhymes without a medial; "y" stands for "i" after some initials (ly, mỹ) and at the start (yêu, yên).
_PLAIN = """
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âu ây âc âm ân âng âp ât
e eo ec em en eng ep et
ê êu êch êm ên ênh êp êt
i ia iu ich im in inh ip it iêu iêc iêm iên iêng iêp iêt
y yêu yêm yên yêng yêt
o oi oc om on ong op ot oong ooc
ô ôi ôc ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua ui uc um un ung up ut uôi uôc uôm uôn uông uôt
ư ưa ưi ưu ưc ưm ưn ưng ưt ươi ươu ươc ươm ươn ương ươp ươt
"""
# Rhymes with the medial o/u (written o before a, ă, e; u before â, ê, y, ơ).
_MEDIAL = """
oa oai oay oao oac oach oam oan oang oanh oap oat
oăc oăm oăn oăng oăp oăt
oe oeo oen oet
uâ uân uâng uât uây
uê uêch uênh
uy uya uyu uych uynh uyt uyên uyêt
uơ
"""
PLAIN_RHYMES = frozenset(_PLAIN.split())
RHYMES = PLAIN_RHYMES | frozenset(_MEDIAL.split())
# After "qu" (whose u is the medial) come plain rhymes and the y-rhymes of "quy, quýt, quỳnh, quyết".
_AFTER_QU = PLAIN_RHYMES | frozenset("y yt ynh ych yên yêt a".split())
# After "gi" (whose i may merge with the nucleus: gì, giếng) come plain rhymes or nothing.
_AFTER_GI = PLAIN_RHYMES | frozenset(["", "êng"])

_STOPS = ("p", "t", "c", "ch")       # checked syllables take only sắc or nặng
_FRONT = ("i", "e", "ê", "y")        # k, gh, ngh only before these; c, ng, g never before e/ê


@cache
def _split_char(ch: str) -> Optional[Tuple[str, int]]:
    """(letter without tone, tone number) for a small Vietnamese letter, else None."""
    if "a" <= ch <= "z" or ch == "đ":
        return ch, 0
    parts = unicodedata.normalize("NFD", ch)
    tone = 0
    rest = ""
    for p in parts:
        if p in _TONE_MARKS:
            if tone:
                return None
            tone = _TONE_MARKS[p]
        else:
            rest += p
    base = unicodedata.normalize("NFC", rest)
    if len(base) != 1 or not ("a" <= base <= "z" or base in _MARKED or base == "đ"):
        return None
    if tone and base not in _VOWELS:
        return None
    return base, tone


def _tone_targets(rhyme: str, offset: int) -> Tuple[int, ...]:
    """Positions (in the whole word) where the tone mark of a syllable with this rhyme may sit."""
    marked = [i for i, ch in enumerate(rhyme) if ch in _MARKED]
    if marked:
        return (offset + marked[-1],)     # ươ → ơ, uyê → ê, ưu → ư
    vowels = [i for i, ch in enumerate(rhyme) if ch in _VOWELS]
    if not vowels:
        return ()
    if rhyme[vowels[-1] + 1:]:          # a final consonant: tone on the last vowel (hoàng, toán)
        return (offset + vowels[-1],)
    if len(vowels) == 1:
        return (offset + vowels[0],)
    if len(vowels) == 2:
        pair = rhyme[vowels[0]] + rhyme[vowels[1]]
        if pair in ("oa", "oe", "uy"):  # old style hòa, khỏe, thủy and new style hoà, khoẻ, thuỷ
            return (offset + vowels[0], offset + vowels[1])
        return (offset + vowels[0],)    # mía, múa, tài, cháo
    return (offset + vowels[1],)         # three vowels: the middle one (ngoài, khuỷu, ngoẹo)


def _spelling_ok(initial: str, rest: str) -> bool:
    if initial in ("k", "gh", "ngh"):
        return rest.startswith(_FRONT)
    if initial in ("c", "ng"):
        return not rest.startswith(_FRONT)
    if initial == "g":
        return not rest.startswith(("e", "ê"))
    return True


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` (one syllable, any case, NFC) is a well-formed Vietnamese syllable with at most one
    tone mark, placed where Vietnamese spelling puts it."""
    word = word.lower()
    if not word or len(word) > 8:
        return False
    bare = []
    tone = 0
    tone_at = -1
    for i, ch in enumerate(word):
        split = _split_char(ch)
        if split is None:
            return False
        base, t = split
        if t:
            if tone:
                return False
            tone, tone_at = t, i
        bare.append(base)
    plain = "".join(bare)
    for initial in INITIALS:
        if not plain.startswith(initial):
            continue
        rest = plain[len(initial):]
        if initial == "qu":
            allowed = _AFTER_QU
        elif initial == "gi":
            allowed = _AFTER_GI
        else:
            allowed = RHYMES
        if rest not in allowed or not _spelling_ok(initial, rest):
            continue
        if rest.endswith(_STOPS) and tone not in (_SAC, _NANG):
            continue
        if not tone:
            return True
        if tone_at in _tone_targets(rest, len(initial)) or (initial == "gi" and not rest and tone_at == 1):
            return True
    return False


# About four hundred of the most frequent syllables of Vietnamese news prose (function words, the commonest
# nouns and verbs of politics, economy, society, sport and health). A decoding that yields them is likelier
# right than one that yields rare but well-formed syllables: this settles short inputs ("Hà Nội") where two
# legacy encodings both give valid syllables.
COMMON = frozenset("""
và của các có là được trong cho không người những với một đã này năm đến ngày khi về từ theo nhiều cũng
tại để đó ra sẽ như công nước việc làm thể nhà trên sau phải còn lại hiện động đồng học hội tế quốc chính
phát triển thành viên việt nam nội hà hồ chí minh thời gian đang vào hơn nhưng mới cao số bị gì đi nay tiếp
điều thì nên rất năng lực trường đại quan trọng quản lý kinh doanh dân sự xã tỉnh huyện phố thủ tướng bộ
trưởng tổng bí thư đảng nhân chủ tịch an ninh quân đội giáo dục y dịch bệnh tin tức báo chí mạng trẻ em gia
đình con cha mẹ vợ chồng anh chị ông bà cô chú bạn tôi chúng ta họ mình sinh sống chết tuổi tháng tuần giờ
phút sáng chiều tối đêm hôm qua mai nơi đây kia đâu sao thế nào ai bao lúc vẫn đều chỉ luôn cùng giữa
ngoài dưới trước tới bằng vì nếu mà hay hoặc nhất tốt lớn nhỏ mạnh dài mức giá tiền tỷ triệu nghìn trăm
thị hàng hóa hoá xuất nhập khẩu sản phẩm nghiệp đầu tư phần vốn ngân tài thuế phí dự án kế hoạch chương
trình pháp luật quy định nghị quyết tòa toà cảnh sát tra xe máy ô tô đường giao thông tai nạn cầu cảng bay
biển đảo núi sông rừng đất khu vực miền bắc trung tây đông giới mỹ nhật bản hàn nga đức liên hợp tổ ủy uỷ
ban trận đấu bóng đá tuyển cầu huấn luyện giải vô địch thắng thua điểm bàn kết quả tham phòng chống vụ sức
khỏe khoẻ bác sĩ viện thuốc trị xét nghiệm mắc nhiễm tiêm vắc xin cuộc sứ xung đột nổ thuộc cũ nằm cộng
nhận tiếng nói đưa cấp thực tính biết cần muốn thấy nhìn nghe đọc viết tạo giúp giữ đặt mở đóng đổi
mất tăng giảm hỗ trợ cải cách tự do mọi toàn bảo vệ đảm môi trường tiêu chuẩn chất lượng đánh giá
khách du lịch văn hóa hoá nghệ thuật âm nhạc phim ảnh sách lịch sử truyền thống lễ tết mùa xuân hạ thu
đông nắng mưa gió bão lũ lụt nhiệt độ nóng lạnh ngàn đơn vị cơ sở hệ mô hình lĩnh vai trò thông tin
chuyển tiến dựng xây ứng khoa hoạt hành đạo lãnh cơ quan tình hình thế giới đề nghị thảo luận họp
kỳ lần thứ hai ba bốn năm sáu bảy tám chín mười đầu tiên cuối hết nữa đã rồi chưa vừa ngay thêm huế
""".split())


class TextScore(NamedTuple):
    """Counts of the words of a candidate decoding (words with a letter outside ASCII only)."""

    valid: int        # Vietnamese syllables
    common: int       # of those, syllables in :data:`COMMON`
    foreign: int      # words of Latin-1 letters that are no syllable (café, Straße): neither for nor against
    invalid: int      # other words
    junk: int         # of those, words mixing letters and symbols ("§¹i"), plus overlong runs
    garbage: int      # control or replacement characters, and bytes the encoding leaves unassigned
    punctuation: int  # curly quotes, dashes, ellipses (Windows code pages have them at 0x85, 0x91-0x97)

    @property
    def value(self) -> int:
        """Higher is more like real text; only differences between candidates of the same bytes matter."""
        return (2 * self.valid + self.common + self.punctuation
                - 2 * self.invalid - 2 * self.junk - 6 * self.garbage)

    def plausible(self, vietnamese: bool) -> bool:
        """Text rather than random bytes: few junk words and control characters, and (for a Vietnamese
        encoding) at least as many valid syllables as invalid words, else mostly Western words."""
        words = self.valid + self.foreign + self.invalid
        if self.garbage > 4 + words // 20 or self.junk > 2 + words // 10:
            return False
        return self.valid >= self.invalid if vietnamese else self.invalid <= 2 + words // 5


_TONED_CAPITALS = frozenset(unicodedata.normalize("NFC", v + t) for v in "AĂÂEÊIOÔƠUƯY" for t in _TONE_MARKS)
# Word separators: white space, ASCII punctuation and digits, and the Unicode punctuation of news text. Latin-1
# symbols (§ ¹ « µ …) are not separators: in a wrong decoding they stand for letters inside words.
_SPLIT = lazy_re.compile(r"[\s!-@\[-`{-~\u00a0“”‘’„…–—•]+")
# Characters text never holds: C0/C1 controls (VISCII/VPS capitals decoded any other way land here), U+FFFD.
_GARBAGE = lazy_re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_VALID, _COMMON, _FOREIGN, _INVALID = range(4)   # word kinds; -1 for words that count for nothing


@lru_cache(maxsize=65536)
def _classify(word: str) -> Tuple[int, int]:
    """(kind, junk weight) of one word that has a character outside ASCII."""
    if len(word) > 20:                      # no word of any language: random bytes
        return _INVALID, len(word) // 10
    alpha = word.isalpha()
    if not alpha and not any(ch.isalpha() for ch in word):
        return -1, 0                        # a symbol standing alone: © ° ±
    if word in _TONED_CAPITALS:
        return -1, 0                        # "Ở" or "Ý" alone proves little: VISCII and VPS put such capitals
                                            # where Windows code pages have dashes and quotes (0x80-0x9F)
    # A capital with a tone mark inside a word that also has small letters ("ChiẾu", "tẸ") comes from a wrong
    # table. TCVN3 has no such capitals, so its all-capital words ("ĐạI") are not affected.
    if not word.islower() and not word.isupper() and any(ch in _TONED_CAPITALS for ch in word[1:]):
        return _INVALID, 0 if alpha else 1
    if is_syllable(word):
        return (_COMMON if word.lower() in COMMON else _VALID), 0
    if alpha and max(word) <= "\u00ff":
        return _FOREIGN, 0                  # a Western word in Windows-1252/Latin-1 letters
    return _INVALID, 0 if alpha else 1


def words_of(text: str) -> Counter[str]:
    """The words of ``text`` that have a character outside ASCII (the only ones the scoring reads), counted."""
    return Counter(word for word in _SPLIT.split(text) if not word.isascii())


def _score_words(words: Counter[str]) -> Tuple[int, int, int, int, int]:
    counts = [0] * 4
    junk = 0
    for word, n in words.items():
        kind, weight = _classify(word)
        if kind >= 0:
            counts[kind] += n
            junk += weight * n
    return counts[_VALID] + counts[_COMMON], counts[_COMMON], counts[_FOREIGN], counts[_INVALID], junk


def score_text(text: str, odd: int = 0) -> TextScore:
    """Score a candidate decoding; ``odd`` adds bytes the decoder found no character for."""
    valid, common, foreign, invalid, junk = _score_words(words_of(text))
    punctuation = sum(text.count(ch) for ch in "“”‘’–—…")
    return TextScore(valid, common, foreign, invalid, junk, len(_GARBAGE.findall(text)) + odd, punctuation)


def decisive_change(before: str, after: str, *, broken_evidence: int = 2, western_evidence: int = 3) -> bool:
    """Is ``after`` (a repair or another decoding of ``before``) decisively more Vietnamese than ``before``?

    Only the words the change touches are compared: the words ``before`` loses and the words ``after`` gains.
    The change is decisive when most gained words are Vietnamese syllables, their share is well above that
    of the lost words, and there is enough evidence: words that were broken (letters mixed with symbols,
    wrong capitals) may turn into as few as ``broken_evidence`` different syllables of two letters or more;
    words that were plausible Western words (``Ë``, ``Größe``, ``façon``) need at least ``western_evidence``
    (three: a repair of text that is already Unicode; one, for bytes that must be read somehow), one of them
    among the commonest of Vietnamese, since any Latin-1 letter is some Vietnamese letter in some legacy
    table. So text with no Vietnamese in it is never turned into
    Vietnamese: ``Ë Ë`` stays, ``§¹i héi ®¹i biÓu`` becomes ``Đại hội đại biểu``.
    """
    old, new = words_of(before), words_of(after)
    lost, gained = old - new, new - old
    valid_b, _, foreign_b, invalid_b, junk_b = _score_words(lost)
    valid_a, _, foreign_a, invalid_a, _ = _score_words(gained)
    if not valid_a:
        return False
    share_a = valid_a / (valid_a + foreign_a + invalid_a)
    share_b = valid_b / max(1, valid_b + foreign_b + invalid_b)
    if share_a < 0.75 or share_a - share_b < 0.4:
        return False
    # Single letters prove little: most Latin-1 letters are some toned vowel in some legacy table.
    long = {w.lower() for w in gained if len(w) >= 2 and _classify(w)[0] in (_VALID, _COMMON)}
    if invalid_b + junk_b > foreign_b + valid_b:      # the text was visibly broken
        return len(long) >= broken_evidence
    return len(long) >= western_evidence and any(w in COMMON for w in long)
