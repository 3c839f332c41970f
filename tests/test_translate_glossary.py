"""The glossary: bundled data, matching, personal names, placeholders and their restoration."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from exporter.errors import UsageError
from exporter.translate.glossary import (
    BUNDLED_GLOSSARY,
    BUNDLED_PLACES,
    Entry,
    Glossary,
    fold,
    load_glossary,
    read_glossary_file,
)
from exporter.translate.glossary_io import read_places
from exporter.translate.placeholders import protect, restore, substitute

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def test_bundled_glossary_has_100_sourced_entries():
    entries = read_glossary_file(BUNDLED_GLOSSARY)
    assert len(entries) >= 100
    assert all(entry.source and entry.source != str(BUNDLED_GLOSSARY) for entry in entries)
    folded = [" ".join(fold(e.vietnamese).split()) for e in entries]
    assert len(folded) == len(set(folded)), "duplicate Vietnamese terms"


@pytest.mark.parametrize("vietnamese, english", [
    ("Bộ Chính trị", "the Politburo"),
    ("Ban Bí thư", "the Secretariat"),
    ("Ban Chấp hành Trung ương", "the Central Committee"),
    ("Ban Tổ chức Trung ương", "the Central Organisation Commission"),
    ("Trưởng Ban Tổ chức Trung ương", "Head of the Central Organisation Commission"),
    ("Đại hội XIII", "the 13th National Party Congress"),
    ("Quốc hội khóa XV", "the 15th National Assembly"),
    ("HĐND", "People's Council"),
    ("Bộ Quốc phòng", "the Ministry of National Defence"),
    ("Bộ Công an", "the Ministry of Public Security"),
    ("Tổng Bí thư", "General Secretary"),
    ("Chủ tịch nước", "State President"),
    ("Thủ tướng", "Prime Minister"),
    ("Tòa án nhân dân tối cao", "the Supreme People's Court"),
    ("Viện Kiểm sát nhân dân tối cao", "the Supreme People's Procuracy"),
    ("Kiểm toán Nhà nước", "the State Audit Office of Việt Nam"),
    ("Mặt trận Tổ quốc Việt Nam", "the Việt Nam Fatherland Front"),
    ("Ủy ban Thường vụ Quốc hội", "the Standing Committee of the National Assembly"),
    ("Bộ trưởng Bộ Y tế", "Minister of Health"),  # derived from the ministry's row
    ("Thứ trưởng Bộ Tài chính", "Deputy Minister of Finance"),
])
def test_issue_examples(glossary, vietnamese, english):
    spans = glossary.terms(f"Theo {vietnamese}, hôm nay")
    assert [(s.original, s.replacement) for s in spans] == [(vietnamese, english)]


def test_sample_article_terms(glossary):
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    found = {(s.kind, s.original, s.replacement) for s in glossary.spans(text)}
    assert ("term", "Ban chấp hành Trung ương", "the Central Committee") in found  # lower case in the article
    assert ("term", "Bộ Chính trị", "the Politburo") in found
    assert ("term", "Ban Bí thư", "the Secretariat") in found
    assert ("term", "Ban Tổ chức Trung ương", "the Central Organisation Commission") in found
    assert ("term", "Đại hội XIII", "the 13th National Party Congress") in found
    assert ("term", "Quốc hội khoá 15", "the 15th National Assembly") in found  # new-style tone, Arabic figure
    assert ("term", "HĐND", "People's Council") in found
    assert ("term", "Bộ Quốc phòng", "the Ministry of National Defence") in found
    assert ("term", "Bộ Công an", "the Ministry of Public Security") in found
    assert ("name", "Trương Thị Mai", "Trương Thị Mai") in found
    # generic lower-case uses are left to the translator
    assert not any(original.lower().startswith("ban tổ chức các") for _, original, _ in found)
    assert not any(original.lower().startswith("đại hội đảng bộ") for _, original, _ in found)


def test_matching_ignores_case_and_tone_placement(glossary):
    for text in ("ủy ban thường vụ quốc hội", "Uỷ ban Thường vụ Quốc hội", "ỦY BAN THƯỜNG VỤ QUỐC HỘI"):
        assert [s.replacement for s in glossary.terms(text)] == ["the Standing Committee of the National Assembly"]
    assert fold("Hoà") == fold("hòa") and fold("THUỶ") == fold("thủy")
    assert len(fold("Hòa Thủy")) == len("Hòa Thủy")


def test_longest_match_wins_and_words_are_whole(glossary):
    spans = glossary.terms("Bộ trưởng Bộ Quốc phòng và Bộ Công Thương")
    assert [s.replacement for s in spans] == ["Minister of National Defence", "the Ministry of Industry and Trade"]
    assert glossary.terms("Bộ Công an") and not glossary.terms("Bộ Công anh")
    assert glossary.terms("UBND tỉnh") and not glossary.terms("UBNDX")


def test_punctuation_variants(glossary):
    for text in ("Bộ Lao động - Thương binh và Xã hội", "Bộ Lao động – Thương binh và Xã hội",
                 "Bộ LĐ-TB&XH", "Bộ Lao động, Thương binh và Xã hội"):
        assert [s.replacement for s in glossary.terms(text)] == ["the Ministry of Labour, Invalids and Social Affairs"]
    for text in ("TP.HCM", "TP. HCM", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"):
        assert [s.replacement for s in glossary.terms(text)] == ["Hồ Chí Minh City"], text


def test_numbered_entries(glossary):
    assert glossary.terms("Đại hội đại biểu toàn quốc lần thứ XII của Đảng")[0].replacement == \
        "the 12th National Party Congress"
    assert glossary.terms("Quốc hội khóa 14")[0].replacement == "the 14th National Assembly"
    assert glossary.terms("kỳ họp thứ 2")[0].replacement == "the 2nd session"
    assert glossary.terms("Hội nghị Trung ương 11")[0].replacement == "the 11th plenum of the Party Central Committee"
    assert glossary.terms("Đại hội XXI")[0].replacement == "the 21st National Party Congress"
    # not a number: falls back to the plain "Quốc hội" entry
    assert [s.replacement for s in glossary.terms("Quốc hội khóa mới")] == ["the National Assembly"]
    assert glossary.terms("Đại hội IIII") == []  # not a Roman numeral


def test_personal_names(glossary):
    text = "Chủ tịch nước Nguyễn Xuân Phúc gặp bà Võ Thị Hồng Ánh và ông Lê Văn Thắng tại Hà Nội."
    names = [s.original for s in glossary.personal_names(text)]
    assert names == ["Nguyễn Xuân Phúc", "Võ Thị Hồng Ánh", "Lê Văn Thắng"]
    # places led by a surname, and a lone surname, are not names
    assert glossary.personal_names("Đoàn đến Hà Nội, Thái Lan và Cao Bằng; ông Nguyễn đi.") == []


def test_names_can_be_switched_off():
    assert Glossary([], names=False).spans("ông Trương Thị Mai") == []
    assert Glossary([], names=True).spans("ông Trương Thị Mai") != []


def test_protect_and_restore(glossary):
    text = "Bộ Chính trị họp với Tổng Bí thư Nguyễn Phú Trọng."
    protected = protect(text, glossary)
    assert protected.text == "{v0} họp với {v1} {v2}."
    assert [s.kind for s in protected.spans] == ["term", "term", "name"]
    assert restore("{v0} met with {v1} {v2}.", protected) == \
        "The Politburo met with General Secretary Nguyễn Phú Trọng."
    # tolerated: spaces and case inside a placeholder, "the" already there, order changed
    assert restore("{v1} { V2 } met the {V0}.", protected) == \
        "General Secretary Nguyễn Phú Trọng met the Politburo."


@pytest.mark.parametrize("answer", [
    "The Politburo met the General Secretary.",           # placeholders lost
    "{v0} met {v1} {v1} {v2}.",                            # duplicated
    "{v0} met {v1} {v2} and {v3}.",                        # invented
])
def test_restore_detects_mangled_placeholders(glossary, answer):
    protected = protect("Bộ Chính trị họp với Tổng Bí thư Nguyễn Phú Trọng.", glossary)
    assert restore(answer, protected) is None


def test_substitute_repairs_an_unprotected_translation(glossary):
    text = "Bà Trương Thị Mai làm việc với Ban Tổ chức Trung ương."
    spans = protect(text, glossary).spans
    answer = "Ms. Truong Thi Mai worked with Ban To chuc Trung uong and Ban Tổ chức Trung ương."
    assert substitute(answer, spans)[0] == (
        "Ms. Trương Thị Mai worked with Ban To chuc Trung uong and the Central Organisation Commission.")


def test_protect_without_glossary_or_terms():
    assert protect("Trời mưa.", None).text == "Trời mưa."
    assert protect("Trời mưa.", load_glossary()).spans == ()


def test_user_glossary_extends_and_overrides(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("vietnamese\tenglish\nBộ Chính trị\tthe Political Bureau\nSở Y tế\tDepartment of Health\n",
                   encoding="utf-8")
    glossary = load_glossary(tsv)
    assert [s.replacement for s in glossary.terms("Bộ Chính trị và Sở Y tế")] == [
        "the Political Bureau", "Department of Health"]
    assert load_glossary().terms("Bộ Chính trị và Sở Y tế")[0].replacement != "the Political Bureau"

    csv_file = tmp_path / "mine.csv"
    csv_file.write_text('\ufeff# comment\n"Ban Bí thư","the Party Secretariat"\n', encoding="utf-8")
    assert load_glossary(csv_file).terms("Ban Bí thư")[0].replacement == "the Party Secretariat"


@pytest.mark.parametrize("scope, foreign", [("", 0), ("generic", 0), ("always", 3)])
def test_a_user_entry_keeps_the_bundled_context_rule_unless_it_sets_its_own(tmp_path, scope, foreign):
    """Issue 22: a user's "Chính phủ" overrides the bundled English but not its rule that a foreign government is
    not the Government: "Chính phủ Mỹ" must not become "the Cabinet Mỹ"."""
    path = tmp_path / "mine.csv"
    path.write_text(f"vi,en,scope\nChính phủ,the Cabinet,{scope}\n", encoding="utf-8")
    glossary = load_glossary(path)
    texts = ["Chính phủ Mỹ đóng cửa.", "Chính phủ của Nhật Bản họp.", "Tại Pháp, Chính phủ từ chức."]
    fired = [s.replacement for text in texts for s in glossary.terms(text)]
    assert fired == ["the Cabinet"] * foreign
    assert [s.replacement for s in glossary.terms("Chính phủ họp phiên thường kỳ.")] == ["the Cabinet"]


def test_bad_user_glossaries(tmp_path):
    scoped = tmp_path / "scoped.csv"
    scoped.write_text("vi,en,scope\nChính phủ,the Cabinet,foreign\n", encoding="utf-8")
    with pytest.raises(UsageError, match="line 2: unknown scope 'foreign'"):
        load_glossary(scoped)
    with pytest.raises(UsageError, match="not found"):
        load_glossary(tmp_path / "missing.csv")
    one_column = tmp_path / "bad.csv"
    one_column.write_text("vietnamese,english\nchỉ một cột\n", encoding="utf-8")
    with pytest.raises(UsageError, match="line 2 needs a Vietnamese term"):
        load_glossary(one_column)
    latin1 = tmp_path / "latin.csv"
    latin1.write_bytes("Bộ,Ministry\n".encode("utf-16"))
    with pytest.raises(UsageError, match="not UTF-8"):
        load_glossary(latin1)


def test_corpus_names_are_not_places():
    articles = CORPUS / "articles"
    if not articles.is_dir():
        pytest.skip("shared corpus not available")
    glossary = load_glossary()
    names = set()
    for path in articles.glob("*.txt"):
        names.update(s.original for s in glossary.personal_names(path.read_text(encoding="utf-8")))
    assert {"Nguyễn Xuân Phúc", "Trương Hòa Bình", "Mai Tiến Dũng"} <= names
    assert not names & {"Hà Nội", "Thái Bình", "Cao Bằng", "Thái Lan", "Hà Lan"}


# -- in context (issue 9) ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, fired", [
    ("Chính phủ Mỹ đóng cửa 16 ngày.", []),
    ("Quốc hội Pháp thông qua luật.", []),
    ("Quốc hội Mỹ họp.", []),
    ("Thủ tướng Đức Olaf Scholz phát biểu.", []),
    ("Thủ tướng Chính phủ của Nhật Bản đến Hà Nội.", []),
    ("Bộ Ngoại giao Trung Quốc ra tuyên bố.", []),
    ("Bộ trưởng Bộ Quốc phòng Hàn Quốc thăm Việt Nam.", []),
    ("Cục Dự trữ Liên bang Mỹ chưa cắt giảm do chính phủ đóng cửa.", []),  # lower case after a foreign country
    ("Thủ tướng Nhật Bản và Ngoại trưởng Mỹ chọn Việt Nam.", []),
    ("Tại Pháp, Quốc hội đã thông qua luật.", []),  # the scene is set abroad
    ("Ở Đức, Thủ tướng Olaf Scholz từ chức.", []),
    ("dư nợ công, dư nợ chính phủ tăng.", []),  # lower case: the common noun, left to the translator
    # still Vietnam's
    ("Chính phủ trình Quốc hội.", ["the Government", "the National Assembly"]),
    ("Thủ tướng Phạm Minh Chính tiếp Đại sứ Mỹ.", ["Prime Minister"]),
    ("Sau chuyến thăm Mỹ, Thủ tướng về nước.", ["Prime Minister"]),  # capitalised: Vietnam's own
    ("Tại Pháp, Thủ tướng Việt Nam gặp kiều bào.", ["Prime Minister"]),
])
def test_generic_institutions_do_not_fire_for_foreign_bodies(glossary, text, fired):
    assert [s.replacement for s in glossary.terms(text)] == fired


@pytest.mark.parametrize("text, fired", [
    ("Đại hội XIII Công đoàn Việt Nam khai mạc.", []),
    ("Đại hội XIII của Hội Nông dân.", []),
    ("BCH Trung ương Hội Khuyến học Việt Nam họp.", []),
    ("Đại hội XIII Đảng bộ tỉnh.", []),
    ("Đại hội XIII của Đảng thành công.", ["the 13th National Party Congress"]),
    ("Nghị quyết Đại hội XIII đã nêu.", ["the 13th National Party Congress"]),
    ("Ban Chấp hành Trung ương Đảng họp.", ["the Party Central Committee"]),
])
def test_numbered_congress_and_central_committee_only_for_the_party(glossary, text, fired):
    assert [s.replacement for s in glossary.terms(text)] == fired


def test_a_shorter_entry_never_matches_the_head_of_a_coordinated_name():
    # an entry that knows only the old committee: the 2025 name must not become "the Economic Committee và …"
    old_only = Glossary([Entry("Ủy ban Kinh tế", "the Economic Committee"), Entry("Bộ Y tế", "the Ministry of Health"),
                         Entry("Ủy ban Văn hóa", "the Culture Committee")])
    assert old_only.terms("Ủy ban Kinh tế và Tài chính họp.") == []
    assert old_only.terms("Ủy ban Văn hóa, Giáo dục và Xã hội họp.") == []
    # coordination of two names, each known, is not a longer name
    assert [s.replacement for s in old_only.terms("Ủy ban Kinh tế và Bộ Y tế họp.")] == [
        "the Economic Committee", "the Ministry of Health"]
    assert [s.replacement for s in old_only.terms("Theo Ủy ban Kinh tế, Nghị quyết cần sửa.")] == [
        "the Economic Committee"]


@pytest.mark.parametrize("vietnamese, english", [
    ("Ban Tuyên giáo và Dân vận Trung ương",
     "the Central Commission for Communication, Education and Mass Mobilisation"),
    ("Ủy ban Kinh tế và Tài chính", "the Committee for Economic and Financial Affairs"),
    ("Ủy ban Văn hóa và Xã hội", "the Committee for Culture and Social Affairs"),
    ("Ủy ban Pháp luật và Tư pháp", "the Committee for Legal and Judicial Affairs"),
    ("Ủy ban Quốc phòng, An ninh và Đối ngoại", "the Committee for National Defence, Security and Foreign Affairs"),
    ("Bộ Nông nghiệp và Môi trường", "the Ministry of Agriculture and Environment"),
    ("Bộ Dân tộc và Tôn giáo", "the Ministry of Ethnic Minorities and Religions"),
    ("Bộ trưởng Bộ Xây dựng", "Minister of Construction"),
    ("Đảng ủy Chính phủ", "the Party Committee of the Government"),
    ("tỉnh Tuyên Quang", "Tuyên Quang Province"),  # one of the 34 from 2025-07-01
    ("tỉnh Hà Giang", "Hà Giang Province"),  # merged into Tuyên Quang; older articles name it
    ("TP Cần Thơ", "Cần Thơ City"),
    ("thành phố Huế", "Huế City"),
    # the old names stay beside the new ones
    ("Ủy ban Kinh tế", "the Economic Committee"),
    ("Bộ Kế hoạch và Đầu tư", "the Ministry of Planning and Investment"),
    ("Ban Tuyên giáo Trung ương", "the Central Commission for Communication and Education"),
])
def test_2025_reorganisation_beside_the_old_names(glossary, vietnamese, english):
    assert [(s.original, s.replacement) for s in glossary.terms(f"Theo {vietnamese}, hôm nay")] == [
        (vietnamese, english)]


def test_every_bundled_entry_says_where_it_comes_from_and_how_it_was_checked():
    entries = read_glossary_file(BUNDLED_GLOSSARY)
    assert all(e.source and e.checked for e in entries)
    header = BUNDLED_GLOSSARY.read_text(encoding="utf-8")
    for entry in entries:
        for key in re.findall(r"\bE\d+\b", entry.checked):
            assert f"# {key} " in header, (entry.vietnamese, key)
    # the 2025 rows are checked against a found document, not only "written from usage"
    new = {"Ban Tuyên giáo và Dân vận Trung ương", "Ủy ban Kinh tế và Tài chính", "Ủy ban Văn hóa và Xã hội",
           "Bộ Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo", "Bộ Xây dựng", "Bộ Nội vụ", "Bộ Tài chính",
           "Bộ Khoa học và Công nghệ"}
    assert all(re.search(r"\bE\d", e.checked) for e in entries if e.vietnamese in new)


def test_34_provinces_and_cities_from_july_2025():
    rows = [r for r in read_places(BUNDLED_PLACES) if r[1] in ("province", "city")]
    assert len(rows) == 63
    current = [name for name, _kind, status in rows if not status.startswith("merged into")]
    assert len(current) == 34
    assert sum(1 for _name, kind, status in rows if kind == "city" and not status.startswith("merged into")) == 6
    for name, _kind, status in rows:
        if status.startswith("merged into"):
            assert status.split("merged into ")[1].split(" on ")[0] in current, name


@pytest.mark.parametrize("english", ["uk", "us"])
def test_one_english_spelling_throughout(english):
    glossary = load_glossary(english=english)
    text = " | ".join(e.english for e in glossary.entries)
    british = re.findall(r"\b(?:Organisation|Mobilisation|Defence|Labour|Centre|Programme)\b", text)
    american = re.findall(r"\b(?:Organization|Mobilization|Defense|Labor|Center|Program)\b", text)
    assert (british, bool(american)) == ([], True) if english == "us" else (american, bool(british)) == ([], True)
    assert [s.replacement for s in glossary.terms("Bộ Quốc phòng")] == [
        "the Ministry of National Defence" if english == "uk" else "the Ministry of National Defense"]


@pytest.mark.parametrize("style, expected", [
    ("keep", ["President Hồ Chí Minh", "Hồ Chí Minh City", "the Communist Party of Việt Nam", "Hà Nội",
              "Nguyễn Đình Quyền", "Việt Nam"]),
    ("ascii", ["President Ho Chi Minh", "Ho Chi Minh City", "the Communist Party of Vietnam", "Hanoi",
               "Nguyen Dinh Quyen", "Vietnam"]),
])
def test_one_names_policy_for_terms_names_and_places(style, expected):
    glossary = load_glossary(name_style=style)
    text = ("Chủ tịch Hồ Chí Minh sinh ra trước khi có TP.HCM; Đảng Cộng sản Việt Nam họp ở Hà Nội; "
            "ông Nguyễn Đình Quyền nói Việt Nam")
    assert [s.replacement for s in glossary.spans(text)] == expected
    everything = " ".join(e.english for e in glossary.entries)
    if style == "ascii":
        assert not re.search(r"[^\x00-\x7f’]", everything)
    else:
        assert "Viet Nam" not in everything and "Vietnam" not in everything


def test_user_entries_override_bundled_ones_and_their_derived_titles(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("vi,en\nBộ Y tế,the Ministry of Public Health\n", encoding="utf-8")
    glossary = load_glossary(mine)
    assert [s.replacement for s in glossary.terms("Bộ trưởng Bộ Y tế và Bộ Y tế")] == [
        "Minister of Public Health", "the Ministry of Public Health"]
    # a title the user gives wins over the derived one, and user English is used as written
    mine.write_text("vi,en\nBộ Y tế,the Ministry of Health Care\nBộ trưởng Bộ Y tế,Health Secretary\n",
                    encoding="utf-8")
    glossary = load_glossary(mine, english="us")
    assert [s.replacement for s in glossary.terms("Thứ trưởng Bộ Y tế, Bộ trưởng Bộ Y tế")] == [
        "Deputy Minister of Health Care", "Health Secretary"]


@pytest.mark.parametrize("text, fired", [
    ("Ban Tổ chức Trung ương và Ngành Tổ chức xây dựng Đảng đã thực hiện.", ["the Central Organisation Commission"]),
    ("Bộ Y tế và Sở Y tế Hà Nội phối hợp.", ["the Ministry of Health"]),
    ("Ủy ban Kinh tế và Các cơ quan liên quan.", ["the Economic Committee"]),
])
def test_a_name_followed_by_another_body_still_fires(glossary, text, fired):
    assert [s.replacement for s in glossary.terms(text)] == fired
