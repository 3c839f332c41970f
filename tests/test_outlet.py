"""The source of a page is the outlet's own name: every rule of exporter/read/rules/outlet.py on its own, then the
real saved pages, whose outlets were labelled by hand (tests/fixtures/pages/labels.json)."""
from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import FIXTURES

from exporter.options import Options
from exporter.pipeline import read_article
from exporter.read.rules.outlet import outlet_name, page_host


def test_a_stated_name_wins_over_an_address():
    assert outlet_name(["Vietnamnet.vn", "VietNamNet News"], url="https://vietnamnet.vn/a") == "VietNamNet News"
    assert outlet_name(["Báo VnExpress", "vnexpress.net"], url="https://vnexpress.net/a") == "Báo VnExpress"


def test_the_best_written_form_of_one_name_wins():
    # the same letters without marks and case: the page's own best spelling, wherever it is
    assert outlet_name(["tuoitre.vn", "TUOI TRE ONLINE"], ["Tuổi Trẻ Online"], "https://tuoitre.vn/x") == \
        "Tuổi Trẻ Online"
    assert outlet_name(["Dantri"], ["Sự kiện", "Dân trí"], "http://dantri.com.vn/x") == "Dân trí"


def test_the_titles_site_part_is_the_one_that_spells_the_address():
    # letters of the address in the part, or the part's initials: never a section
    assert outlet_name([], ["Zing News", "Xã hội"], "https://news.zing.vn/a") == "Zing News"
    assert outlet_name(["nld.com.vn"], ["Pháp luật", "Người Lao Động Online"], "http://nld.com.vn/a") == \
        "Người Lao Động Online"
    assert outlet_name([], ["Xã hội"], "https://news.zing.vn/a") == ""
    assert outlet_name([], ["Zing News"], "") == ""  # no address to check the part against


def test_a_slug_that_is_the_address_is_shown_as_the_address():
    assert outlet_name(["cafef"], url="https://cafef.vn/a") == "cafef.vn"
    assert outlet_name(["baodautu"], url="baodautu.vn") == "baodautu.vn"
    assert outlet_name(["cafef"]) == "cafef"  # no address known: as the page says it


def test_an_owner_or_a_notice_is_never_the_source_but_a_notices_holder_is():
    assert outlet_name([], (), "http://genk.vn/a", ["Công ty cổ phần Truyền Thông Việt Nam - Vccorp"]) == ""
    assert outlet_name(["Copyright (c) by Công ty cổ phần Vccorp"]) == ""
    assert outlet_name([], (), "", ["2003-2011, Báo Thanh Niên"]) == "Báo Thanh Niên"
    assert outlet_name(["https://example.vn/"]) == ""


def test_a_name_with_a_slogan_is_cut_to_the_name():
    assert outlet_name(["Báo Tuổi Trẻ - Tin tức mới nhất, tin nhanh, tin nóng 24h"]) == "Báo Tuổi Trẻ"


def test_a_saved_page_without_an_address_is_placed_by_its_links():
    links = "".join(f'<a href="https://{host}/x">x</a>' for host in
                    ["www.thanhnien.com.vn"] * 3 + ["thethao.thanhnien.com.vn"] * 2 + ["ads.example"] * 4)
    assert page_host(lxml.html.fromstring(f"<html><body>{links}</body></html>")) == "thanhnien.com.vn"
    scattered = "".join(f'<a href="https://site{n}.example/x">x</a>' for n in range(5))
    assert page_host(lxml.html.fromstring(f"<html><body>{scattered}</body></html>")) == ""


LABELS = json.loads((FIXTURES / "pages" / "labels.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("page, source", [
    ("dantri_2012", "Dân trí"), ("tuoitre", "Tuổi Trẻ Online"), ("nld_2012", "Người Lao Động Online"),
    ("genk_2012", "GenK.vn"), ("soha_2012", "Soha.vn"), ("thanhnien_2012", "Thanh Niên Online"),
    ("vnexpress_ione_2012", "VnExpress iOne"), ("zing_2012_giangsinh", "Zing News"), ("cafef_chungkhoan", "cafef.vn"),
    ("vietnamnet", "VietNamNet News"), ("vnexpress_2013", "VnExpress")])
def test_real_pages_name_their_outlet(page, source):
    label = next(p for p in LABELS if p["id"] == page)
    path = FIXTURES / label["page"].split(":", 1)[1]
    article = read_article(path, Options(images="none"))
    assert article.source == source
    assert label["outlet"].split()[0].casefold() in article.source.casefold()  # the hand label agrees
