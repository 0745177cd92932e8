"""下一针什么时候打, as a resident uses it in Chromium: the answer over a table of cases (each
window's first and last day, a leap day, a date in the future, a missed window, a finished
course), the calendar reminder read by a real iCalendar parser, the card to print, and the page
in every display mode with axe."""

import datetime as dt
import io
import unicodedata
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from conftest import ROOT, TODAY
from county.load import load_county

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHINA = dt.timezone(dt.timedelta(hours=8))
INACTIVATED, PROTEIN, ADENOVIRUS = "新冠病毒灭活疫苗（Vero细胞）", "重组新冠病毒蛋白疫苗（CHO细胞）", "重组新冠病毒疫苗（5型腺病毒载体）"

# (vaccine, last dose, {dose: date}, the phone's date, what the resident reads)
# Inactivated: 2nd dose 3 to 8 weeks after the 1st; booster 6 months after the course.
# Protein: 2nd 4 to 8 weeks after the 1st; 3rd at least 4 weeks after the 2nd and within 6 months of the 1st.
CASES = [
    # 10 November + 21 days = 1 December; + 56 days = 5 January.
    (INACTIVATED, "1", {"1": "2026-11-10"}, "2026-11-29", "第2针：12月1日到2027年1月5日之间打，越早越好。"),
    (INACTIVATED, "1", {"1": "2026-11-10"}, "2026-11-30", "第2针：12月1日到2027年1月5日之间打，越早越好。"),
    (INACTIVATED, "1", {"1": "2026-11-10"}, "2026-12-01", "现在就可以打第2针，最晚2027年1月5日，越早越好。"),
    (INACTIVATED, "1", {"1": "2026-11-10"}, "2027-01-05", "现在就可以打第2针，最晚1月5日，越早越好。"),
    (INACTIVATED, "1", {"1": "2026-11-10"}, "2027-01-06", "第2针应在1月5日前打，现在已经过了。过了8周也不用重新打，尽快补上。"),
    # A first dose on a leap day.
    (INACTIVATED, "1", {"1": "2024-02-29"}, "2024-03-01", "第2针：3月21日到4月25日之间打，越早越好。"),
    # A date in the future, and no date at all.
    (INACTIVATED, "1", {"1": "2026-12-05"}, "2026-11-29", "您填的第1针日期（12月5日）比今天还晚。请填已经打过的那一针是哪天打的。"),
    (INACTIVATED, "1", {"1": ""}, "2026-11-29", "请填上第1针是哪天打的（看接种凭证上的日期）。"),
    # The course done: the booster's window opens 6 calendar months on (31 August -> 28 February).
    (INACTIVATED, "2", {"2": "2026-06-15"}, "2026-11-29", "全程打完满6个月就可以打加强针：12月15日以后都可以。"),
    (INACTIVATED, "2", {"2": "2026-06-15"}, "2026-12-15", "您现在就可以打加强针（全程打完已满6个月）。"),
    (INACTIVATED, "2", {"2": "2025-08-31"}, "2026-01-10", "全程打完满6个月就可以打加强针：2月28日以后都可以。"),
    (INACTIVATED, "booster", {"booster": "2026-10-01"}, "2026-11-29", "您已经打完全程和加强针，不用再打。"),
    # Protein: the third within 6 months of the first, which ends on a leap day.
    (PROTEIN, "1", {"1": "2026-11-01"}, "2026-11-29", "现在就可以打第2针，最晚12月27日，越早越好。"),
    (PROTEIN, "2", {"1": "2023-08-31", "2": "2023-09-28"}, "2023-10-25", "第3针：10月26日到2024年2月29日之间打，越早越好。"),
    (PROTEIN, "2", {"1": "2023-08-31", "2": "2023-09-28"}, "2023-11-01", "现在就可以打第3针，最晚2024年2月29日，越早越好。"),
    (PROTEIN, "2", {"1": "2023-08-31", "2": "2023-09-28"}, "2024-02-29", "现在就可以打第3针，最晚2月29日，越早越好。"),
    (PROTEIN, "2", {"1": "2023-08-31", "2": "2023-09-28"}, "2024-03-01", "第3针应在2月29日前打，现在已经过了。过了6个月也不用重新打，尽快补上。"),
    # A second dose so late that the third's last day comes before its first.
    (PROTEIN, "2", {"1": "2026-01-01", "2": "2026-06-20"}, "2026-06-25", "第3针最早7月18日能打。已经过了第1针后6个月，也不用重新打，到时尽快补上。"),
    (PROTEIN, "2", {"1": "2026-07-01", "2": "2026-06-20"}, "2026-07-10", "第1针的日期应早于第2针，请再看看接种凭证。"),
    (PROTEIN, "3", {"3": "2026-10-01"}, "2026-11-29", "您已经打完全程（3针），不用再打。"),
    # Adenovirus: one dose, then a booster 6 months on.
    (ADENOVIRUS, "1", {"1": "2026-10-01"}, "2026-11-29", "全程打完满6个月就可以打加强针：2027年4月1日以后都可以。"),
    (ADENOVIRUS, "booster", {"booster": "2026-10-01"}, "2026-11-29", "您已经打完全程和加强针，不用再打。"),
]


def at(day):
    return dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=CHINA)


@pytest.fixture(scope="module")
def tool(browser, served_sample):
    context = browser.new_context(viewport={"width": 412, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.clock.set_fixed_time(at(TODAY))
    page.goto(served_sample + "/next-dose/")
    page.wait_for_selector("form.next-dose.script-ready")
    yield page
    context.close()


def ask(page, vaccine, last, dates, today):
    page.clock.set_fixed_time(at(today))
    page.select_option("#next-dose-product", label=PLAIN[vaccine])
    page.select_option("#next-dose-dose", last)
    page.fill("#next-dose-date", dates[last])
    for dose, day in dates.items():
        if dose != last:
            page.fill(f"#next-dose-date-{dose}", day)
    page.click("form.next-dose button[type=submit]")
    return page.locator(".next-dose__answer").text_content()


# What the tool's list calls each product (sites.yaml's `plain`).
PLAIN = {name: product.plain for name, product in
         load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY),
                     places_path=ROOT / "places.yaml").products.items()}


@pytest.mark.parametrize("vaccine,last,dates,today,expected", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_the_answer(tool, vaccine, last, dates, today, expected):
    assert ask(tool, vaccine, last, dates, today) == expected


def test_a_one_dose_vaccine_without_a_booster_is_done(tool):
    # No product of the sample is one, so the tool's own function is asked, with one made up.
    product = {"name": "某单剂疫苗", "plain": "", "doses": 1, "intervals": [], "booster": None}
    answer = tool.evaluate("""product => { const T = window.VaxNextDose;
        return T.answer(product, 1, {1: T.parseDay('2026-10-01')}, T.parseDay('2026-11-29')); }""", product)
    assert answer["text"] == "这种疫苗只打1针，您已经打完了，不用再打。" and "next" not in answer


def test_the_calendar_reminder_is_valid_icalendar(tool):
    ask(tool, INACTIVATED, "1", {"1": "2026-11-10"}, "2026-11-29")
    with tool.expect_download() as download:
        tool.click("text=下载日历提醒")
    raw = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".ics")
    # RFC 5545: CRLF line ends; no line longer than 75 octets (folded lines continue after a space).
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    raw.decode("utf-8")  # folding never splits a character
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [dt.date(2026, 12, 1), dt.date(2027, 1, 5)]
    for event in events:
        assert event["UID"] and event.decoded("DTSTAMP")
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=1)
        assert "第2针" in str(event["SUMMARY"]) and PLAIN[INACTIVATED] in str(event["SUMMARY"])
        assert "12月1日到2027年1月5日之间打" in str(event["DESCRIPTION"])
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["ACTION"] == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == dt.timedelta(hours=-15)  # 9:00 the day before


def test_a_reminder_on_a_site_page_says_where_to_go(browser, served_sample):
    context = browser.new_context(viewport={"width": 412, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.clock.set_fixed_time(at("2026-11-29"))
    page.goto(served_sample + "/sites/tw-cdc/")
    page.fill("#next-dose-date", "2026-11-10")
    page.click("form.next-dose button[type=submit]")
    with page.expect_download() as download:
        page.click("text=下载日历提醒")
    event = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert "通渭县疾病预防控制中心预防接种门诊，电话 0932-0000101" in str(event["DESCRIPTION"])
    context.close()


def test_the_card_prints_alone_on_one_page(tool):
    ask(tool, INACTIVATED, "1", {"1": "2026-11-10"}, "2026-11-29")
    card = tool.locator(".next-dose__card")
    assert "第1针：2026年11月10日" in card.text_content()
    assert "第2针：12月1日到2027年1月5日之间打" in card.text_content()
    # What the page is when the print dialog opens: a PDF of it, as the phone would print it.
    tool.evaluate("""() => { window.print = () => {
        window.printedPages = document.body.className.includes('next-dose-printing')
            && document.querySelector('body > .next-dose-print .next-dose__card').textContent; }; }""")
    tool.click("text=打印接种卡")
    assert "第2针：12月1日到2027年1月5日之间打" in tool.evaluate("window.printedPages")
    assert tool.locator(".next-dose-print").count() == 0  # taken away after printing
    tool.evaluate("""() => { const copy = document.createElement('div'); copy.className = 'next-dose-print';
        copy.appendChild(document.querySelector('.next-dose__card').cloneNode(true));
        document.body.appendChild(copy); document.body.className += ' next-dose-printing'; }""")
    pdf = PdfReader(io.BytesIO(tool.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())  # the PDF's 一 may read back as ⼀
    assert "新冠疫苗接种卡" in text and "下一针实际打的日期" in text and "下一针什么时候打" not in text
    tool.evaluate("""() => { document.querySelector('body > .next-dose-print').remove();
        document.body.className = document.body.className.replace(' next-dose-printing', ''); }""")


def test_without_javascript_the_table_answers(browser, served_sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_sample + "/next-dose/")
    assert not page.locator("form.next-dose").is_visible()
    table = page.locator(".next-dose__table").text_content()
    assert "第2针：第1针后3周到8周之间打，越早越好" in table
    assert "第3针：第2针后至少4周，而且第1针后6个月以内打，越早越好" in table
    assert "只打1针" in table and "加强针：全程打完满6个月后" in table
    assert page.locator(".next-dose__table a[href^='http://en.nhc.gov.cn/']").count() == 3
    context.close()


@pytest.mark.parametrize("mode", ["normal", "large", "contrast"])
def test_axe_finds_nothing_with_an_answer_shown(browser, served_sample, mode):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    if mode != "normal":
        context.add_init_script(f"localStorage.setItem('mode-{mode}', '1');")
    page = context.new_page()
    page.clock.set_fixed_time(at("2026-11-29"))
    for path in ("/next-dose/", "/sites/tw-cdc/"):
        page.goto(served_sample + path)
        page.wait_for_selector("form.next-dose.script-ready")
        page.select_option("#next-dose-product", index=1)
        page.select_option("#next-dose-dose", "2")
        page.fill("#next-dose-date", "2026-11-10")
        page.fill("#next-dose-date-1", "2026-10-01")
        page.click("form.next-dose button[type=submit]")
        page.wait_for_selector(".next-dose__card")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == [], path
    context.close()
