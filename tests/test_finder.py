"""The finder in Chromium: "使用我的位置", filters, place search, and the ways it can go wrong."""

import datetime as dt

import pytest
from geopy.distance import geodesic

from conftest import ROOT, TODAY
from county.load import load_county

CHINA = dt.timezone(dt.timedelta(hours=8))
TUESDAY_10AM = dt.datetime(2026, 12, 1, 10, 0, tzinfo=CHINA)
AGE_GROUPS = {"3-11": (3, 11), "12-17": (12, 17), "18-59": (18, 59), "60-200": (60, 200)}


@pytest.fixture(scope="module")
def data():
    return load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")


def expected(data, point, k=5, age=None, vaccine=None, walk_in=False, today=None):
    """An independent ranking: every open site that passes the filters, by geodesic distance."""
    def wanted(site):
        if site.status.state != "open" or site.visits or (walk_in and not site.walk_in):  # a team: at its visits
            return False
        if today and not site.hours.on(today)[0]:
            return False
        for v in site.vaccines:
            if vaccine and v.name != vaccine:
                continue
            if age is None:
                return True
            low, high = AGE_GROUPS[age]
            if v.ages[0] <= high and (v.ages[1] is None or v.ages[1] >= low):
                return True
        return False
    sites = [s for s in data.sites if wanted(s)]
    return [s.id for s in sorted(sites, key=lambda s: (geodesic(point, s.location.wgs84).km, s.id))[:k]]


def open_finder(browser, url, point=None, grant=True):
    options = {"viewport": {"width": 412, "height": 900}, "locale": "zh-CN"}
    if point:
        options["geolocation"] = {"latitude": point[0], "longitude": point[1]}
    if grant:
        options["permissions"] = ["geolocation"]
    context = browser.new_context(**options)
    page = context.new_page()
    page.clock.set_fixed_time(TUESDAY_10AM)
    page.goto(url + "/")
    return context, page


def results(page, count=None):
    if count is not None:
        page.wait_for_function(f"document.querySelectorAll('.finder__results [data-site-id]').length === {count}")
    else:
        page.wait_for_selector(".finder__results [data-site-id]")
    return [li.get_attribute("data-site-id") for li in page.locator(".finder__results > li").all()]


POINT = (35.18, 105.28)


def test_my_location_gives_the_five_nearest_in_order(browser, served_sample, data):
    context, page = open_finder(browser, served_sample, POINT)
    page.get_by_role("button", name="使用我的位置").click()
    assert results(page, 5) == expected(data, POINT)
    first = page.locator(".finder__results > li").first.inner_text()
    assert "公里" in first and "今天" in first
    assert "不会发送给任何人" in page.locator(".finder__privacy").inner_text()
    context.close()


@pytest.mark.parametrize("control,value,filters", [
    (".finder__age", "3-11", {"age": "3-11"}),
    (".finder__age", "60-200", {"age": "60-200"}),
    (".finder__age", "18-59", {"age": "18-59"}),
    (".finder__vaccine", "重组新冠病毒蛋白疫苗（CHO细胞）", {"vaccine": "重组新冠病毒蛋白疫苗（CHO细胞）"}),
    (".finder__walkin", True, {"walk_in": True}),
    (".finder__today", True, {"today": TUESDAY_10AM.date()}),
])
def test_each_filter(browser, served_sample, data, control, value, filters):
    context, page = open_finder(browser, served_sample, POINT)
    page.get_by_role("button", name="使用我的位置").click()
    results(page, 5)
    if value is True:
        page.locator(control).check()
    else:
        page.locator(control).select_option(value)
    want = expected(data, POINT, **filters)
    assert want != expected(data, POINT), "this filter should change the answer for the sample"
    page.wait_for_function("([ids]) => [...document.querySelectorAll('.finder__results > li')]"
                           ".map(li => li.dataset.siteId).join() === ids", arg=[",".join(want)])
    assert results(page) == want
    context.close()


def test_refused_permission_says_what_to_do(browser, served_sample):
    context, page = open_finder(browser, served_sample, POINT, grant=False)
    page.get_by_role("button", name="使用我的位置").click()
    status = page.locator(".finder__status")
    status.wait_for()
    page.wait_for_function("document.querySelector('.finder__status').textContent.includes('没有允许')")
    assert "输入村名或乡镇名" in status.inner_text()
    context.close()


def test_far_outside_the_county_is_explained(browser, served_sample, data):
    lanzhou = (36.06, 103.83)
    context, page = open_finder(browser, served_sample, lanzhou)
    page.get_by_role("button", name="使用我的位置").click()
    assert results(page, 5) == expected(data, lanzhou)
    assert "不在通渭县" in page.locator(".finder__status").inner_text()
    context.close()


@pytest.mark.parametrize("typed", ["锦鸡", "jjc", "JJC"])
def test_village_search_by_name_or_initials(browser, served_sample, data, typed):
    context, page = open_finder(browser, served_sample, grant=False)
    page.locator(".finder__input").fill(typed)
    page.get_by_role("button", name="锦鸡村（北城铺镇）").click()
    point = data.centres["北城铺镇"]  # 锦鸡村 has no location of its own yet
    assert results(page, 5) == expected(data, point)
    assert "位置按乡镇驻地估算" in page.locator(".finder__status").inner_text()
    context.close()


def test_township_search_by_initials_and_keyboard(browser, served_sample, data):
    context, page = open_finder(browser, served_sample, grant=False)
    page.locator(".finder__input").fill("myz")  # 马营镇
    page.get_by_role("button", name="马营镇").wait_for()
    page.locator(".finder__input").press("Enter")
    assert results(page, 5) == expected(data, data.centres["马营镇"])
    context.close()


def test_unknown_place_is_not_a_blank(browser, served_sample):
    context, page = open_finder(browser, served_sample, grant=False)
    page.locator(".finder__input").fill("xyzq")
    page.wait_for_function("document.querySelector('.finder__status').textContent.includes('没有找到')")
    context.close()


def test_finder_is_hidden_without_javascript(browser, served_sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_sample + "/find/")
    assert not page.locator(".finder").is_visible()
    assert page.locator(".township-list a").count() == 18
    context.close()
