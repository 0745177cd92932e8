"""流动接种 and the village channels (issue 16): visits in the data, on the pages, in the finder and the
open data; notice-board posters; WeChat texts."""

import csv
import datetime as dt
import io
import json
import re
import sys
import unicodedata

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, TODAY
from county.load import load_county
from datafile.problems import DataError

TEAM = "  - id: xinjing-mobile\n"
CHINA_MORNING = dt.timezone(dt.timedelta(hours=8))


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=CHINA_MORNING)


# --- the data ------------------------------------------------------------------------------

def problems_for(tmp_path, text):
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_county(path, today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")
    return raised.value.problems


@pytest.mark.parametrize("old, new, words", [
    ("village: 张山村, where: 村委会}\n      - {date: 2026-12-01", "village: 张三村, where: 村委会}\n      - {date: 2026-12-01",
     "村「张三村」不在 places.yaml 的新景乡里。是不是「张山村」？"),
    ("{date: 2026-11-30, hours: 14:30-17:00, village: 张山村", "{date: 2026-11-30, hours: 11:00-13:00, village: 张山村",
     "和第"),
    ("{date: 2026-12-01, hours: 9:00-12:00, village: 张河村", "{date: 2026-12-01, hours: 9:00-25:00, village: 张河村",
     "25:00 不是有效的时间"),
    ("{date: 2026-12-01, hours: 9:00-12:00, village: 张河村, where: 村委会}",
     "{date: 2026-12-01, hours: 9:00-12:00, village: 张河村, where: 村委会, vaccines: [流感疫苗]}", "不在这个接种点的 vaccines 里"),
    ("{date: 2026-12-01, hours: 9:00-12:00, village: 张河村, where: 村委会}",
     "{date: 2026-12-01, hours: 9:00-12:00, where: 村委会}", "只写其中一个"),
])
def test_each_mistake_in_a_visit_is_reported_on_its_line(tmp_path, sample_text, old, new, words):
    assert old in sample_text
    line = sample_text[:sample_text.index(old)].count("\n") + 1
    problems = problems_for(tmp_path, sample_text.replace(old, new, 1))
    assert len(problems) == 1, problems
    assert problems[0].file == "sites.yaml" and problems[0].line == line and words in problems[0].message, problems[0]


def test_two_places_at_once_names_the_other_visit(tmp_path, sample_text):
    text = sample_text.replace("{date: 2026-11-30, hours: 14:30-17:00, village: 张山村",
                               "{date: 2026-11-30, hours: 11:00-13:00, village: 张山村", 1)
    message = problems_for(tmp_path, text)[0].message
    assert "11:00–13:00" in message and "9:00–12:00（大寨村）" in message and "同一支流动队同一时间只能在一个地方" in message


def test_a_past_visit_is_kept_but_not_shown(sample_build):
    data = json.loads((sample_build.output / "data/sites.json").read_text(encoding="utf-8"))
    team = next(site for site in data["sites"] if site["id"] == "xinjing-mobile")
    assert team["visits"][0]["date"] == "2026-11-24"  # kept in the data
    for page in ("sites/xinjing-mobile", "townships/xinjing", ""):
        assert "2026-11-24" not in str(sample_build.page(page)), page


# --- the pages -------------------------------------------------------------------------------

def text_of(element):
    return " ".join(element.get_text().split())


def test_a_village_row_shows_its_next_visits_above_its_nearest_sites(sample_build):
    row = sample_build.page("townships/xinjing").select_one("tr#village-zhangshancun")
    visits = [text_of(li) for li in row.select(".visit-list li")]
    assert visits == ["11月30日（周一） 14:30–17:00 新景乡进村流动接种队到本村，村委会",
                      "12月11日（周五） 9:00–12:00 新景乡进村流动接种队到本村，村委会"]
    cell = str(row)
    assert cell.index("visit-list") < cell.index("hit-list")
    # The team is met at its visits, so it is not among the village's nearest fixed sites.
    assert "xinjing-mobile" not in [li["data-site-id"] for li in row.select(".hit-list [data-site-id]")]


def test_the_team_page_lists_its_visits_by_week(sample_build):
    page = sample_build.page("sites/xinjing-mobile")
    weeks = page.select(".visit-week")
    assert [text_of(week.h3) for week in weeks] == ["11月30日（周一）至12月6日（周日）", "12月7日（周一）至12月13日（周日）"]
    assert len(weeks[0].select("li")) == 10 and len(weeks[1].select("li")) == 10
    first = weeks[0].select_one("li")
    assert text_of(first) == "11月30日（周一） 9:00–12:00 大寨村（新景乡），村委会"
    assert first.a["href"].endswith("townships/xinjing/#village-dazhaicun")


def test_the_home_page_has_the_week_of_visits(sample_build):
    section = sample_build.page("").select_one("section[aria-labelledby=h-week-visits]")
    items = [text_of(li) for li in section.select("li")]
    assert items[0] == "11月30日（周一） 9:00–12:00 新景乡进村流动接种队到大寨村（新景乡），村委会"
    assert all(item.split("）")[0] <= "12月4日（周五" or item.startswith("11月") for item in items)
    assert len(items) == 12  # 11-30 to 12-04: ten in 新景乡, two in 鸡川镇 (12-01, 12-03)


def test_visits_before_the_phones_date_are_hidden(browser, served_sample):
    page = browser.new_page(viewport={"width": 412, "height": 900})
    page.clock.set_fixed_time(at(2026, 12, 5))
    page.goto(served_sample + "/sites/xinjing-mobile/")
    shown = [li.inner_text() for li in page.locator(".visit-list li:visible").all()]
    assert len(shown) == 10 and shown[0].startswith("12月7日")
    assert not page.locator(".visit-week").first.is_visible()  # the first week has passed
    page.clock.set_fixed_time(at(2026, 12, 12))
    page.goto(served_sample + "/sites/xinjing-mobile/")
    assert page.locator(".visit-list li:visible").count() == 0
    assert page.locator(".visit-weeks__none").is_visible()
    page.goto(served_sample + "/")  # the home page's week is over: the section goes
    assert not page.locator("section[aria-labelledby=h-week-visits]").is_visible()
    page.close()


# --- the finder ----------------------------------------------------------------------------

def finder_results(browser, url, when, typed=None, point=None):
    options = {"viewport": {"width": 412, "height": 900}}
    if point:
        options.update(geolocation={"latitude": point[0], "longitude": point[1]}, permissions=["geolocation"])
    context = browser.new_context(**options)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(url + "/")
    if typed:
        page.locator(".finder__input").fill(typed)
        page.locator(".finder__suggestions button").first.click()
    else:
        page.get_by_role("button", name="使用我的位置").click()
    page.wait_for_selector(".finder__results [data-site-id]")
    rows = [" ".join(li.inner_text().split()) for li in page.locator(".finder__results > li").all()]
    status = page.locator(".finder__status").inner_text()
    context.close()
    return rows, status


def test_the_finder_lists_a_visit_to_your_own_village_first(browser, served_sample):
    rows, status = finder_results(browser, served_sample, at(2026, 11, 29), typed="张山")
    assert "流动接种到张山村附近" in status
    assert rows[0].startswith("11月30日（周一） 14:30–17:00 流动接种到张山村（村委会）：新景乡进村流动接种队")
    visits = [row for row in rows if "流动接种到" in row]
    assert 1 <= len(visits) <= 3 and rows.index(visits[-1]) == len(visits) - 1  # before every fixed site


def test_the_finder_shows_only_the_coming_week(browser, served_sample):
    rows, _ = finder_results(browser, served_sample, at(2026, 12, 5), typed="牛坡")
    assert rows[0].startswith("12月8日（周二） 9:00–12:00 流动接种到牛坡村（村委会）")
    rows, _ = finder_results(browser, served_sample, at(2026, 12, 11), typed="牛坡")
    assert not [row for row in rows if "流动接种到" in row]  # the last visit was on 12-08


def test_the_finder_finds_visits_near_your_location(browser, served_sample):
    rows, _ = finder_results(browser, served_sample, at(2026, 11, 29), point=(35.421, 105.151))
    assert "流动接种到" in rows[0]


# --- open data -----------------------------------------------------------------------------

def test_open_data_carries_the_visits(sample_build):
    output = sample_build.output
    data = json.loads((output / "data/sites.json").read_text(encoding="utf-8"))
    total = sum(len(site["visits"]) for site in data["sites"])
    assert total == 25
    collection = json.loads((output / "data/sites.geojson").read_text(encoding="utf-8"))
    visits = [f for f in collection["features"] if f["properties"]["feature"] == "visit"]
    assert len(visits) == total
    first = next(f for f in visits if f["properties"]["site_id"] == "jichuan-mobile")
    assert first["properties"]["date"] == "2026-12-01" and first["properties"]["village"] == "牛坡村"
    assert first["geometry"]["type"] == "Point"
    rows = list(csv.DictReader(io.StringIO((output / "data/visits.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == total and rows[0]["site_id"] and rows[0]["date"]
    documented = (ROOT / "docs/open-data.md").read_text(encoding="utf-8")
    for field in data["sites"][0]["visits"] or next(s for s in data["sites"] if s["visits"])["visits"][0]:
        assert f"`{field}`" in documented, field


# --- posters -------------------------------------------------------------------------------

def test_a_township_poster_page_prints_one_a4_sheet_per_village(browser, served_sample, tmp_path):
    page = browser.new_page()
    page.clock.set_fixed_time(at(2026, 11, 28))
    page.goto(served_sample + "/posters/xinjing/")
    page.pdf(path=str(tmp_path / "all.pdf"), format="A4")
    pages = PdfReader(str(tmp_path / "all.pdf")).pages
    assert len(pages) == 1 + 10  # the township's sheet, then one per village
    texts = [unicodedata.normalize("NFKC", page_.extract_text()) for page_ in pages]
    assert "新景乡疫苗接种" in texts[0] and "张山村接种通知" in texts[2]
    # Essentials in type readable from two metres: 28 pt (37.3 CSS px) or more.
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.poster__list li strong, .poster__phone')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 37.3
    # One village alone: its address, then print.
    page.goto(served_sample + "/posters/xinjing/#village-zhangshancun")
    page.pdf(path=str(tmp_path / "one.pdf"), format="A4")
    one = PdfReader(str(tmp_path / "one.pdf")).pages
    assert len(one) == 1 and "张山村接种通知" in unicodedata.normalize("NFKC", one[0].extract_text())
    page.close()


def test_every_poster_has_a_qr_code_to_its_village_row(sample_build):
    import segno
    from datafile.qr import OPTIONS
    page = sample_build.page("posters/xinjing")
    sheets = page.select(".poster")
    assert len(sheets) == 11 and all(sheet.select_one("svg") for sheet in sheets)
    zhangshan = page.select_one("#village-zhangshancun")
    url = "/townships/xinjing/#village-zhangshancun"  # with SITEURL in front when publishing
    assert zhangshan.select_one(".poster__url").get_text() == url
    code = segno.make(url, error="m").svg_inline(title="张山村接种通知的网址", omitsize=True, **OPTIONS)
    assert str(zhangshan.select_one("svg")) == str(BeautifulSoup(code, "html.parser").svg)


# --- WeChat texts --------------------------------------------------------------------------

EMOJI_OR_ODD = re.compile(r"[^\u0020-\u007e\u00b7\u2014\u2018-\u201d\u2026\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")


def test_every_text_is_short_plain_and_has_its_link(sample_build):
    for path in ("townships/xinjing", "townships/jichuan", "sites/xinjing-mobile", "sites/tw-cdc"):
        for box in sample_build.page(path).select(".copy-text__box"):
            text = box.get_text()
            assert 0 < len(text) <= 300, (path, len(text))
            assert "<" not in text and not EMOJI_OR_ODD.search(text), (path, EMOJI_OR_ODD.findall(text))
            assert re.search(r"详情：/(townships|sites)/\S+$", text), text
    village = sample_build.page("townships/xinjing").select_one("#text-village-zhangshancun").get_text()
    assert village.startswith("【张山村接种通知】11月30日（周一）14:30-17:00新景乡进村流动接种队到本村村委会。")
    assert "要带：" in village and "电话0932-0000116" in village


def test_texts_stay_within_300_characters_at_province_scale(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate
    from county.nearest import nearest_to_villages
    from county.visits import coming
    from datafile.cache import Store
    from outreach import texts

    folder = generate("province", tmp_path)
    data = load_county(folder / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=folder / "places.yaml")
    hits = nearest_to_villages(data, 3, Store({"CACHE_PATH": str(tmp_path / "cache")}, "nearest"))
    soon = coming(data.visit_stops, data.today, days=14)
    link = "https://ym.example.gov.cn/townships/t1234/#village-v12"
    lengths = []
    for township in data.county.townships:
        name = township.name
        visits = [stop for stop in soon if stop.township == name]
        lengths.append(len(texts.township_text(name, data.by_township[name], visits, "大人带身份证", link)))
        for village, found in zip(data.villages[name], hits[name]):
            mine = [stop for stop in visits if stop.village is village]
            lengths.append(len(texts.village_text(name, village, mine, found, "大人带身份证", link)))
    lengths += [len(texts.site_text(site, [], "大人带身份证", link)) for site in data.sites]
    assert len(lengths) > 20_000 and max(lengths) <= 300


def test_the_copy_button_copies_the_exact_text(browser, served_sample):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served_sample + "/townships/xinjing/")
    page.locator("#h-outreach").scroll_into_view_if_needed()
    page.get_by_role("button", name="复制").last.click()
    expected = page.locator("#text-township").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "已复制" in page.locator("#h-outreach ~ * .copy-text__done, .copy-text__done").last.inner_text()
    context.close()


def test_without_javascript_the_text_is_there_and_the_button_is_not(browser, served_sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_sample + "/sites/xinjing-mobile/")
    assert page.locator("#text-site").is_visible() and page.locator("[data-copy]").is_hidden()
    assert page.locator(".visit-list li").first.is_visible()  # every visit listed, none hidden
    context.close()


def test_township_and_site_pages_carry_share_metadata(sample_build):
    for path, title in (("townships/xinjing", "新景乡的疫苗接种点"), ("sites/tw-cdc", "通渭县疾病预防控制中心预防接种门诊")):
        page = sample_build.page(path)
        meta = {tag.get("property") or tag.get("itemprop"): tag["content"] for tag in page.select("meta[property], meta[itemprop]")}
        assert meta["og:title"] == title and meta["og:description"] and meta["og:image"].endswith("theme/share.png")
        assert page.html.get("itemscope") is not None
