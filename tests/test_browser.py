"""Real Chromium: what a resident sees on a phone, on the day they look, with and without JavaScript."""

import datetime as dt

import pytest

CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    yield context
    context.close()


def at(page, *when):
    page.clock.set_fixed_time(dt.datetime(*when, tzinfo=CHINA))


def today_text(page):
    return " ".join(page.locator(".today-panel .js-today").inner_text().split())


def test_today_is_worked_out_on_the_day_the_page_is_read(phone, served_sample):
    page = phone.new_page()
    at(page, 2026, 12, 1, 10, 0)  # a Tuesday morning, days after the build
    page.goto(f"{served_sample}/sites/tw-cdc/")
    assert today_text(page) == "今天 12月1日（周二）：开放 8:00–12:00、14:30–17:30 现在开放中，12:00 停止接种"
    assert page.locator(".hours-table tr.is-today th").inner_text() == "周二"


def test_today_uses_dated_exceptions_and_the_hour(phone, served_sample):
    page = phone.new_page()
    at(page, 2026, 12, 6, 8, 30)  # the special Sunday opening, before it starts
    page.goto(f"{served_sample}/sites/tw-cdc/")
    assert today_text(page) == "今天 12月6日（周日）：开放 9:00–16:00（周日加开，方便上班族） 现在还没开门，9:00 开始"
    at(page, 2026, 12, 7, 18, 0)
    page.reload()
    assert today_text(page).endswith("今天的接种已经结束")


def test_paused_site_stays_paused_whatever_the_day(phone, served_sample):
    page = phone.new_page()
    at(page, 2026, 12, 1, 10, 0)
    page.goto(f"{served_sample}/sites/longshan-whc/")
    assert today_text(page) == "今天 12月1日（周二）：暂停接种"


def test_verified_age_is_counted_on_the_reading_day(phone, served_sample):
    page = phone.new_page()
    at(page, 2026, 12, 28, 9, 0)
    page.goto(f"{served_sample}/sites/tw-cdc/")
    verified = page.locator(".verified")
    assert "32 天前" in verified.inner_text()
    assert "信息可能已过时" in verified.inner_text()


def test_without_javascript_the_build_date_is_shown(browser, served_sample):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{served_sample}/townships/pingxiang/")
    first = " ".join(page.locator("[data-site-id] .js-today").first.inner_text().split())
    assert first.startswith("11月28日（周六）：")
    assert page.locator(".card-list [data-site-id]").count() == 4
    context.close()


def test_skip_link_is_the_first_tab_stop(phone, served_sample):
    page = phone.new_page()
    page.goto(f"{served_sample}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_resident_can_reach_a_site_by_keyboard(phone, served_sample):
    page = phone.new_page()
    page.goto(f"{served_sample}/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip().startswith("马营镇"):
            break
    else:
        pytest.fail("马营镇 cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/townships/maying/")
    assert page.locator("h1").inner_text() == "马营镇的接种点"


def test_no_horizontal_scroll_on_a_small_phone(browser, served_sample):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ["/", "/sites/tw-cdc/", "/sites/", "/townships/pingxiang/"]:
        page.goto(served_sample + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()
