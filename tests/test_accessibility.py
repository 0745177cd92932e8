"""Tested like a resident: axe on every template in every display mode, the keyboard, 适老化 mode,
small screens, and no request to any host but ours (and the tile server)."""

from pathlib import Path
from urllib.parse import urlparse

import pytest

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TEMPLATES = {
    "home": "/",
    "township": "/townships/pingxiang/",
    "site": "/sites/tw-cdc/",
    "all sites": "/sites/",
    "map": "/map/",
    "find": "/find/",
    "faq index": "/faq/",
    "faq page": "/faq/cold-or-fever/",
    "glossary": "/faq/glossary/",
    "search": "/search/?q=老人",
    "page": "/help/",
    "school": "/schools/maying-primary/",
    "schools index": "/schools/",
    "progress": "/progress/",
    "offline": "/offline.html",
    "mobile team": "/sites/xinjing-mobile/",
    "posters": "/posters/xinjing/",
    "next dose": "/next-dose/",
    "after the shot": "/faq/after-the-shot/",
}
MODES = {"normal": {}, "large": {"mode-large": "1"}, "contrast": {"mode-contrast": "1"}}
TILE_HOSTS = {"tile.openstreetmap.org"}


def new_page(browser, mode="normal", width=412, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    script = "".join(f"localStorage.setItem('{k}', '{v}');" for k, v in MODES[mode].items())
    if script:
        context.add_init_script(script)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname == "127.0.0.1"
               else route.abort())
    return context, page


def settle(page):
    if page.locator(".map__canvas").count():
        page.wait_for_selector("[data-markers-drawn]", state="attached")
    if page.locator(".search-box").count():
        page.wait_for_selector(".pagefind-ui__result", timeout=15_000)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", TEMPLATES)
def test_axe_finds_nothing(browser, served_sample, name, mode):
    context, page = new_page(browser, mode)
    page.goto(served_sample + TEMPLATES[name])
    settle(page)
    if mode != "normal":
        assert page.evaluate(f"document.documentElement.classList.contains('mode-{mode}')")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == [], problems
    context.close()


def test_every_template_asks_only_our_host_and_the_tiles(browser, served_sample):
    context = browser.new_context()
    page = context.new_page()
    hosts = set()

    def record(route):
        host = urlparse(route.request.url).hostname
        hosts.add(host)
        route.continue_() if host == "127.0.0.1" else route.abort()

    page.route("**/*", record)
    for path in TEMPLATES.values():
        page.goto(served_sample + path)
        settle(page)
    assert hosts - TILE_HOSTS == {"127.0.0.1"}, hosts
    context.close()


def test_keyboard_reaches_the_large_font_switch_and_the_finder(browser, served_sample):
    context, page = new_page(browser)
    page.goto(served_sample + "/")
    reached = {}
    for _ in range(60):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.textContent.trim()")
        if label == "大字模式" and "large" not in reached:
            reached["large"] = True
            page.keyboard.press("Enter")
            assert page.evaluate("getComputedStyle(document.body).fontSize") == "22px"
        if label == "使用我的位置":
            reached["finder"] = True
            break
    assert reached == {"large": True, "finder": True}
    # The focus can be seen: an outline on the focused control.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    # The choice is remembered on the next page.
    page.goto(served_sample + "/sites/tw-cdc/")
    assert page.evaluate("document.documentElement.classList.contains('mode-large')")
    assert page.locator("[data-mode=large]").get_attribute("aria-pressed") == "true"
    context.close()


@pytest.mark.parametrize("name", TEMPLATES)
def test_large_font_at_320px_never_scrolls_sideways(browser, served_sample, name, tmp_path):
    context, page = new_page(browser, "large", width=320)
    page.goto(served_sample + TEMPLATES[name])
    settle(page)
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "22px"
    page.screenshot(path=str(tmp_path / "shot.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide"
    context.close()


def test_200_percent_zoom_does_not_break_the_layout(browser, served_sample):
    # A 412px phone at 200% zoom lays out like a 206px-wide window with doubled pixels.
    context = browser.new_context(viewport={"width": 206, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    for path in ["/", "/sites/tw-cdc/", "/townships/pingxiang/"]:
        page.goto(served_sample + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 206, path
    context.close()


def test_tap_targets_and_line_height(browser, served_sample):
    context, page = new_page(browser)
    page.goto(served_sample + "/")
    small = page.evaluate("""() => [...document.querySelectorAll(
            'button, input, select, .site-nav a, .township-list a, .display-mode a, .skip-link:focus')]
        .filter(e => e.offsetParent !== null)
        .map(e => e.type === 'checkbox' && e.closest('label') ? e.closest('label') : e)
        .map(e => [e.textContent.trim() || e.name || e.id, e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([n, r]) => n + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")
    assert small == []
    ratio = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('main p'));
        return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }""")
    assert ratio >= 1.5
    context.close()


def test_read_aloud_speaks_the_main_text_in_chinese(browser, served_sample):
    context, page = new_page(browser)
    context.add_init_script("""
        window.__spoken = [];
        Object.defineProperty(window, 'speechSynthesis', {value: {
            speaking: false, getVoices: () => [], cancel() {}, speak(u) { window.__spoken.push([u.lang, u.text]); }}});""")
    page.goto(served_sample + "/faq/cold-or-fever/")
    speak = page.locator(".display-mode__speak")
    assert speak.is_visible()
    speak.click()
    lang, text = page.evaluate("window.__spoken[0]")
    assert lang == "zh-CN" and text.startswith("感冒、发烧了，还能不能打疫苗？")
    assert speak.get_attribute("aria-pressed") == "true"
    context.close()


def test_read_aloud_is_hidden_without_speech_synthesis(browser, served_sample):
    context, page = new_page(browser)
    context.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page.goto(served_sample + "/")
    assert not page.locator(".display-mode__speak").is_visible()
    assert page.locator("[data-mode=large]").is_visible()
    context.close()


def test_without_javascript_the_help_link_replaces_the_switches(browser, served_sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_sample + "/")
    assert not page.locator("[data-mode=large]").is_visible()
    page.get_by_role("link", name="看不清？").click()
    assert "字体大小" in page.locator("main").inner_text()
    context.close()


def test_no_pop_ups_or_autoplay(sample_build):
    for path in sample_build.html_files():
        html = path.read_text(encoding="utf-8")
        assert "<audio" not in html and "<video" not in html and "window.open" not in html
    bundle = (sample_build.output / "theme/site.js").read_text(encoding="utf-8")
    assert "window.open" not in bundle and "alert(" not in bundle


def test_axe_really_looks(browser, served_sample):
    """Guard: the same axe call flags a planted image without alt text."""
    context, page = new_page(browser)
    page.goto(served_sample + "/")
    page.evaluate("document.querySelector('main').appendChild(document.createElement('img')).src = 'x.png'")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert "image-alt" in [v["id"] for v in result["violations"]]
    context.close()
