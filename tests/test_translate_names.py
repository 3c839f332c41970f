"""Personal names: given names after honorifics and titles, rare family names, sentence starts, one style."""
from __future__ import annotations

import pytest

from exporter.translate.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


ARTICLE = [
    "Bên lề kỳ họp, ông Nguyễn Đình Quyền, Đoàn đại biểu Quốc hội Hà Nội cho rằng ngân sách còn khó khăn.",
    "Bà Đàm Thị Mão 65 tuổi bị huyết áp.",
    "Bộ trưởng GTVT Nguyễn Văn Thể cho biết dự án sẽ xong.",
    "HLV Chu Đình Nghiêm quyết định rút Lê Tấn Tài ra sân.",
    "Theo ông Quyền, bà Mão cần được giúp. Bộ trưởng Thể nói: Tấn Tài chơi hay. Anh Tùng không đến.",
]


def test_given_names_after_honorifics_when_the_full_name_is_in_the_article(glossary):
    known = glossary.article_names(ARTICLE)
    assert {"Nguyễn Đình Quyền", "Đàm Thị Mão", "Nguyễn Văn Thể", "Lê Tấn Tài"} <= known
    names = [s.original for s in glossary.personal_names(ARTICLE[-1], known)]
    assert names == ["Quyền", "Mão", "Thể", "Tấn Tài"]  # "Tùng": nobody of that name in the article
    assert glossary.personal_names(ARTICLE[-1]) == []  # without the article, a given name alone is not enough


def test_given_names_follow_the_names_style():
    ascii_glossary = load_glossary(name_style="ascii")
    known = ascii_glossary.article_names(ARTICLE)
    assert [s.replacement for s in ascii_glossary.personal_names(ARTICLE[-1], known)] == [
        "Quyen", "Mao", "The", "Tan Tai"]
    spans = ascii_glossary.spans(ARTICLE[0], known)
    assert "Nguyen Dinh Quyen" in [s.replacement for s in spans]


@pytest.mark.parametrize("text, name", [
    ("Chị Cà Thị Út sống ở bản.", "Cà Thị Út"),
    ("Ông Lò Văn Puốn là trưởng bản.", "Lò Văn Puốn"),
    ("Em Hờ A Dính đi học.", None),  # a family name the list lacks, and no middle name: not guessed
    ("Bà Giàng Thị Súa cho biết.", "Giàng Thị Súa"),
])
def test_rare_family_names(glossary, text, name):
    found = [s.original for s in glossary.personal_names(text)]
    assert found == ([name] if name else [])


@pytest.mark.parametrize("text", [
    "Từ Hà Nội, đoàn đi Huế.",
    "Cao Bằng có thác Bản Giốc.",
    "Mai Châu đẹp vào mùa lúa.",
])
def test_an_ordinary_word_at_a_sentence_start_is_not_a_name(glossary, text):
    assert glossary.personal_names(text) == []
    assert all(s.original != text.split(",")[0] for s in glossary.spans(text))


def test_names_in_a_team_sheet(glossary):
    sheet = ("CLB Thanh Hóa: Thanh Diệp, Xuân Cường, Minh Tùng, Balic, Văn Lợi, Thái Bình, Thành Long, Hữu Dũng, "
             "Văn Thắng, Epassi, Samson")
    names = [s.original for s in glossary.spans(sheet) if s.kind == "name"]
    assert {"Thanh Diệp", "Xuân Cường", "Minh Tùng", "Văn Lợi", "Thành Long", "Hữu Dũng", "Văn Thắng"} <= set(names)
    # a list of places or of ordinary capitalised words is not a team sheet
    assert [s.kind for s in glossary.spans("Hà Nội, Hải Phòng, Nam Định và Huế")] == ["place"] * 4
    assert glossary.personal_names("Xuân, Hạ, Thu, Đông") == []


# Issue 22: one names policy for every place. Sentences written here after the shapes of real reports (a
# district, a commune, a ward, a village, a historic site, a city that is no province).
PLACES = [
    ("Công an phường Mường Thanh (TP.Điện Biên Phủ, tỉnh Điện Biên) cho biết.", ["Mường Thanh", "Điện Biên Phủ"]),
    ("Cô có hộ khẩu tại bản Co Hói, xã Pá Khoang, thành phố Điện Biên Phủ.", ["Co Hói", "Pá Khoang",
                                                                              "Điện Biên Phủ"]),
    ("Du khách dần quay lại Hội An sau dịch.", ["Hội An"]),  # a name of the 2025 units, no place word
    ("Đoàn đến thăm di tích Hoàng Thành Thăng Long và huyện Mường Ảng.", ["Hoàng Thành Thăng Long", "Mường Ảng"]),
    ("Khu di tích Kim Liên đón khách trở lại.", ["Kim Liên"]),
]


@pytest.mark.parametrize("text, expected", PLACES)
def test_places_below_the_provinces_are_names(glossary, text, expected):
    found = [s.original for s in glossary.spans(text) if s.kind in ("place", "name")]
    assert found == expected


@pytest.mark.parametrize("text", ["Xã hội ngày càng phát triển.", "Thành phố cũng luôn chú trọng việc này.",
                                  "Huyện ủy đã họp.", "Dân phường tham gia."])
def test_a_place_word_needs_a_capitalised_name_after_it(glossary, text):
    assert [s for s in glossary.spans(text) if s.kind == "place"] == []


def test_names_in_capitals(glossary):
    found = [(s.original, s.kind) for s in glossary.spans("Bà Đàm Thị Mão, hàng xóm gọi là bà MÃO, kể với ông UBND.")]
    assert ("MÃO", "name") in found and not any(o == "UBND" and k == "name" for o, k in found)
    assert [s.original for s in glossary.personal_names("Ông NGUYỄN VĂN AN là giám đốc.")] == ["NGUYỄN VĂN AN"]
    assert glossary.personal_names("HÀ NỘI TỔ CHỨC LỄ HỘI LỚN") == []  # a headline in capitals


@pytest.mark.parametrize("style, expected", [
    ("keep", ["Mường Thanh", "Điện Biên Phủ", "Pá Khoang", "Hội An", "MÃO"]),
    ("ascii", ["Muong Thanh", "Dien Bien Phu", "Pa Khoang", "Hoi An", "MAO"]),
])
def test_every_place_follows_the_names_policy_through_a_provider(translation_server, tmp_path, style, expected):
    """A provider strips the marks of capitalised words it is not told to keep (the test server does, as machine
    translation does): protected, every place comes back as the policy writes it."""
    from libre_server import mangle_placeholders

    from exporter.model import Article, Block
    from exporter.options import Options
    from exporter.translate import translate_article

    translation_server.transform = mangle_placeholders
    article = Article(title="Tin địa phương", blocks=(
        Block.plain("paragraph", "Công an phường Mường Thanh, thành phố Điện Biên Phủ, cho biết."),
        Block.plain("paragraph", "Cô ở xã Pá Khoang, rồi chuyển về Hội An; bà MÃO là người giới thiệu."),
    ))
    options = Options(provider="libre", provider_url=translation_server.url, names=style,
                      cache_dir=str(tmp_path / "cache"), jobs=1)
    text = " ".join(b.text for b in translate_article(article, options).translation.blocks)
    assert [name for name in expected if name in text] == expected
