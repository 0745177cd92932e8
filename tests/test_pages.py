"""The sample site, built into a temporary folder, read as a resident would read it (no JavaScript)."""

import datetime as dt
import re

import pytest

from conftest import ROOT, TODAY
from sites import filters
from county.load import load_county

EXTERNAL = re.compile(r"^(https?:)?//")


@pytest.fixture(scope="module")
def data():
    return load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")


def text_of(soup):
    return " ".join(soup.get_text().split())


def test_every_page_is_chinese_self_contained_and_marked_as_sample(sample_build):
    pages = sample_build.html_files()
    assert len(pages) >= 1 + 18 + 32 + 1 + 1  # home, townships, sites, all sites, about
    for path in pages:
        soup = sample_build.page(path.relative_to(sample_build.output))
        assert soup.html["lang"] == "zh-CN", path
        banner = soup.select_one(".sample-banner")
        # The preview's report of mistakes (build-report/) is the editors' page, made without the data.
        assert "build-report" in path.parts or banner is not None and "示例数据" in banner.get_text(), path
        assets = [t.get("src") for t in soup.select("script, img, iframe")] + [t.get("href") for t in soup.select("link")]
        assert not [a for a in assets if a and EXTERNAL.match(a)], path
        assert all(s.get("src") for s in soup.select("script")), f"inline script in {path}"
        assert not soup.select("[style]"), f"inline style in {path}"
        assert soup.select_one("a.skip-link[href='#main']") and soup.select_one("main#main"), path


def test_assets_the_pages_reference_exist(sample_build):
    soup = sample_build.page("sites/tw-cdc")
    for ref in [soup.select_one("link[rel=stylesheet]")["href"], soup.select_one("script")["src"]]:
        target = (sample_build.output / "sites/tw-cdc" / ref).resolve()
        assert target.is_file() and target.stat().st_size > 100, ref


def test_home_leads_with_finding_a_site_by_township(sample_build, data):
    soup = sample_build.page("index.html")
    assert "找离您最近的疫苗接种点" in soup.h1.get_text()
    links = soup.select(".township-list a")
    assert [a.select_one(".township-list__name").get_text() for a in links] == [t.name for t in data.county.townships]
    for link, township in zip(links, data.county.townships):
        assert link["href"].endswith(f"townships/{township.id}/")
        assert (sample_build.output / f"townships/{township.id}/index.html").exists()
    assert soup.select_one("a[href$='sites/']")


def test_township_page_lists_its_own_sites_open_first(sample_build, data):
    soup = sample_build.page("townships/pingxiang")
    ids = [card["data-site-id"] for card in soup.select(".card-list [data-site-id]")]
    assert sorted(ids) == sorted(s.id for s in data.by_township["平襄镇"])
    assert "平襄学区" in text_of(soup)
    states = [data_site.status.state for data_site in (next(s for s in data.sites if s.id == i) for i in ids)]
    assert states == sorted(states, key=lambda s: s != "open")
    # Nothing from other townships: pages never list every site.
    assert "马营镇卫生院" not in text_of(soup)


def test_site_page_says_everything_a_resident_asks(sample_build):
    soup = sample_build.page("sites/tw-cdc")
    text = text_of(soup)
    assert soup.h1.get_text() == "通渭县疾病预防控制中心预防接种门诊"
    # Hours in words, and a row per weekday.
    assert "周一至周五 8:00–12:00、14:30–17:30；周六 9:00–12:00；周日 休息" in soup.find("meta", attrs={"name": "description"})["content"]
    rows = [[c.get_text() for c in tr.select("th, td")] for tr in soup.select(".hours-table tr")]
    assert rows[0] == ["周一", "8:00–12:00、14:30–17:30"] and rows[6] == ["周日", "休息"]
    # 2026-11-28 is a Saturday: open in the morning, and the date is printed beside it.
    today = soup.select_one(".js-today")
    assert " ".join(today.get_text().split()) == "11月28日（周六）：开放 9:00–12:00"
    assert "12月6日（周日）：开放 9:00–16:00（周日加开，方便上班族）" in text
    assert "1月1日（周五）：不开放（元旦休息）" in text
    assert soup.select_one("a[href='tel:09320000101']").get_text() == "拨打 0932-0000101"
    vaccines = [tr.select("td")[0].get_text() for tr in soup.select("#h-vaccines ~ table tbody tr")]
    assert vaccines[0] == "新冠病毒灭活疫苗（Vero细胞）" and len(vaccines) == 4
    first = [td.get_text() for td in soup.select("#h-vaccines ~ table tbody tr")[0].select("td")]
    assert first[1:] == ["3 岁及以上", "第一剂、第二剂、加强针"]
    assert "可以直接去" in text and "预约方法：拨打电话预约" in text
    assert "轮椅：可以进入" in text and "停车：有停车位" in text
    assert "坐标（WGS-84）：北纬 35.20880，东经 105.23860" in text
    verified = soup.select_one(".verified")
    assert "信息核实于 2 天前（2026-11-26，核实人：县疾控中心 免疫规划科）" in text_of(verified)
    assert "verified--stale" not in verified["class"]
    correction = soup.find("a", string=re.compile("信息有误"))
    assert correction["href"] == "tel:09320000100"


def test_stale_listing_is_flagged(sample_build):
    soup = sample_build.page("sites/xinjing-whc")
    verified = soup.select_one(".verified")
    assert "verified--stale" in verified["class"]
    assert "信息可能已过时" in verified.get_text() and "74 天前" in verified.get_text()


def test_paused_site_says_why_and_until_when(sample_build):
    soup = sample_build.page("sites/longshan-whc")
    notice = text_of(soup.select_one(".status-notice"))
    assert "暂停接种：疫苗待配送，暂停接种" in notice and "12月10日" in notice
    assert text_of(soup.select_one(".today__text")) == "暂停接种"
    township_card = sample_build.page("townships/longshan").select_one("[data-site-id=longshan-whc] .status-tag")
    assert township_card.get_text() == "暂停接种"


def test_appointment_only_site(sample_build):
    text = text_of(sample_build.page("sites/pingxiang-school"))
    assert "需要预约，不能直接去" in text and "由学校统一组织" in text


def test_all_sites_page_groups_every_site_by_township(sample_build, data):
    soup = sample_build.page("sites/index.html")
    groups = soup.select("section.township-group")
    assert [g.h2.get_text() for g in groups] == [t.name for t in data.county.townships]
    seen = []
    for group, township in zip(groups, data.county.townships):
        ids = [c["data-site-id"] for c in group.select("[data-site-id]")]
        assert sorted(ids) == sorted(s.id for s in data.by_township[township.name])
        seen += ids
    assert sorted(seen) == sorted(s.id for s in data.sites)


def test_today_follows_exceptions_and_status(data):
    cdc = next(s for s in data.sites if s.id == "tw-cdc")
    assert filters.today_line(cdc, dt.date(2026, 12, 6)) == "开放 9:00–16:00（周日加开，方便上班族）"
    assert filters.today_line(cdc, dt.date(2027, 1, 1)) == "休息（元旦休息）"
    assert filters.today_line(cdc, dt.date(2026, 11, 30)) == "开放 8:00–12:00、14:30–17:30"
    mobile = next(s for s in data.sites if s.id == "changjiahe-mobile")
    assert filters.today_line(mobile, dt.date(2026, 12, 2)) == "休息（车辆检修）"


HOSTILE = '<script>alert("x")</script>'


def test_text_from_data_is_escaped(build_with, sample_text):
    text = sample_text.replace("    name: 通渭县疾病预防控制中心预防接种门诊\n", f"    name: '{HOSTILE}'\n", 1)
    text = text.replace("note: 周日加开，方便上班族\n", "note: '\"><img src=x onerror=alert(1)>'\n", 1)
    text = text.replace("    address: 平襄镇西大街（县疾控中心一楼）\n", "    address: \"</p><b onmouseover=alert(1)>x</b>\"\n", 1)
    build = build_with(text)
    assert build.returncode == 0, build.stderr
    for page in ["sites/tw-cdc", "townships/pingxiang", "sites/index.html"]:
        soup = build.page(page)
        assert all(s.get("src") and not s.string for s in soup.select("script")), page
        assert not soup.select("img, [onerror], [onmouseover]"), page
        assert HOSTILE in soup.get_text(), page
    hours = build.page("sites/tw-cdc").select_one(".today-panel .js-today")["data-hours"]
    assert '"><img src=x onerror=alert(1)>' in hours  # intact as data, inert as markup


def test_about_page_uses_the_theme(sample_build):
    soup = sample_build.page("about")
    assert soup.h1.get_text() == "关于本站" and soup.select_one(".sample-banner")


def test_sample_banner_goes_when_the_flag_is_off(build_with, sample_text):
    build = build_with(sample_text.replace("  sample: true\n", "  sample: false\n", 1))
    assert build.returncode == 0, build.stderr
    for page in ["index.html", "sites/tw-cdc", "about"]:
        assert build.page(page).select_one(".sample-banner") is None
