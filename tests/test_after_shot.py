"""打完针以后: an FAQ page like the others (sources, review date, plain language), with the county's
own follow-up of older people taken from FOLLOW_UP, and linked from every site page, the finder
and the next-dose page."""

import json
import re

from conftest import run_pelican

PAGE = "faq/after-the-shot/"


def follow_up_setting(value):
    return "FOLLOW_UP=" + json.dumps(value, ensure_ascii=False)


def test_the_page_says_what_to_do_with_its_sources(sample_build):
    page = sample_build.page(PAGE)
    text = page.get_text()
    for words in ("坐满30分钟", "马上打120", "喘不上气", "给接种点打电话",
                  "60 岁及以上的人打完针，给您打针的接种点会连着 3 天打电话问您身体怎么样。"):
        assert words in text, words
    assert "【" not in page.select_one("main").get_text()  # no placeholder left
    sources = [a["href"] for a in page.select(".faq-sources a")]
    assert len(sources) == 5 and all(href.startswith(("http://", "https://")) for href in sources)


def test_another_county_states_its_own_follow_up(tmp_path):
    build = run_pelican(tmp_path / "out", extra=[follow_up_setting(
        {"ages": 65, "days": 7, "who": "村医", "call_back": "村卫生室的电话 0932-1234567"})])
    assert build.returncode == 0, build.stderr
    text = build.page(PAGE).get_text()
    assert "65 岁及以上的人打完针，村医会连着 7 天打电话问您身体怎么样。有不舒服，随时打村卫生室的电话 0932-1234567。" in text


def test_the_placeholder_without_the_setting_is_an_error_on_its_line(tmp_path):
    build = run_pelican(tmp_path / "out", extra=["FOLLOW_UP={}"])
    assert build.returncode != 0
    assert re.search(r"14-after-the-shot\.md:\d+: 这里用了【老人随访】，但 pelicanconf\.py 里没有写 FOLLOW_UP", build.stderr), build.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_malformed_follow_up_setting_is_explained(tmp_path):
    build = run_pelican(tmp_path / "out", extra=[follow_up_setting({"ages": "六十", "days": 3, "who": "医生", "call_back": "电话"})])
    assert build.returncode != 0
    assert "FOLLOW_UP 的 ages（从多少岁起）要写一个正整数" in build.stderr


def test_site_pages_the_finder_and_the_next_dose_page_link_to_it(sample_build):
    for path in ("sites/tw-cdc/", "sites/maying-whc/", "", "find/", "next-dose/"):
        links = [a["href"] for a in sample_build.page(path).find_all("a")]
        assert any(href.rstrip("/").endswith("faq/after-the-shot") for href in links), path
