"""FAQ pages: validation, the plain-language checks, review dates, pages, and search."""

import datetime as dt
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, TODAY, Server, run_pelican
from datafile.problems import DataError
from faq.load import load_all, read_folder
from faq.plain import check as plain_check
from faq.schema import Term

GOOD = """\
Title: 打疫苗疼不疼？
Slug: does-it-hurt
Myth: 打疫苗特别疼
Answer: 不太疼，就像被蚊子叮一下。
Topic: before-after
Sources: 世界卫生组织｜Getting vaccinated｜https://www.who.int/emergencies/diseases/novel-coronavirus-2019/covid-19-vaccines/advice
Reviewed: 2026-11-20
Reviewer: 县疾控中心 免疫规划科（示例）

## 为什么

针头很细，打在胳膊上。
灭活疫苗（把病毒杀死后做成的疫苗）打完，胳膊可能酸一两天。

## 怎么做

- 放松胳膊。
"""
TERMS = [Term(term="灭活疫苗", plain="把病毒杀死后做成的疫苗"), Term(term="加强针", plain="过一段时间再补打的一针")]


def load(tmp_path, text, name="does-it-hurt.md", glossary=None):
    folder = tmp_path / "faq"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    glossary_file = folder / "glossary.yaml"
    if glossary:
        glossary_file.write_text(glossary, encoding="utf-8")
    return load_all(folder, dt.date.fromisoformat(TODAY), glossary_file)


def problems(tmp_path, text, **kwargs):
    with pytest.raises(DataError) as raised:
        load(tmp_path, text, **kwargs)
    return raised.value.problems


def line_of(text, marker):
    return text[:text.index(marker)].count("\n") + 1


def test_a_good_page_passes(tmp_path):
    faqs, _ = load(tmp_path, GOOD)
    assert faqs[0].meta.slug == "does-it-hurt" and faqs[0].meta.sources[0].org == "世界卫生组织"
    assert plain_check(faqs[0], TERMS, 40, 4) == []


@pytest.mark.parametrize("old,new,marker,words", [
    ("Answer: 不太疼，就像被蚊子叮一下。\n", "", "Title:", "缺少「Answer」"),
    ("Reviewed: 2026-11-20", "Reviewed: 2026年11月20日", "Reviewed:", "日期"),
    ("Reviewed: 2026-11-20", "Reviewed: 2027-11-20", "Reviewed:", "晚于今天"),
    ("｜https://www.who.int/emergencies/diseases/novel-coronavirus-2019/covid-19-vaccines/advice", "", "Sources:", "来源没有网址"),
    ("Topic: before-after", "Topic: 打针", "Topic:", "safety（疫苗安全吗）"),
    ("Reviewer: 县疾控中心", "Reviewr: 县疾控中心", "Reviewr:", "是不是想写「Reviewer」"),
    ("Answer: 不太疼，就像被蚊子叮一下。", "Answer: 不太疼。就像被蚊子叮一下。", "Answer:", "只写一句话"),
    ("Slug: does-it-hurt", "Slug: 疼不疼", "Slug:", "小写英文字母"),
    ("Myth: 打疫苗特别疼\n", "Myth: 打疫苗特别疼\n这里忘了写字段名\n", "这里忘了", "不是“字段: 值”的格式"),
])
def test_each_metadata_mistake_is_reported_on_its_line(tmp_path, old, new, marker, words):
    text = GOOD.replace(old, new, 1)
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    assert found[0].file == "does-it-hurt.md" and words in found[0].message
    assert found[0].line == line_of(text, marker), found[0]


def test_a_second_source_line_is_reported_on_its_own_line(tmp_path):
    text = GOOD.replace("/advice\n", "/advice\n    中国疾控中心｜没有网址的来源\n", 1)
    found = problems(tmp_path, text)
    assert found[0].line == line_of(text, "    中国疾控中心") and "来源没有网址" in found[0].message


def test_duplicate_slugs(tmp_path):
    load_dir = tmp_path / "faq"
    load_dir.mkdir()
    (load_dir / "a.md").write_text(GOOD, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load(tmp_path, GOOD, name="b.md")
    assert "重复" in raised.value.problems[0].message and raised.value.problems[0].line == 2


def plain_warnings(tmp_path, text):
    faqs, _ = load(tmp_path, text)
    return plain_check(faqs[0], TERMS, 40, 4)


def test_long_sentence_warns_and_short_does_not(tmp_path):
    long = "针头很细，打在胳膊上，大多数人只觉得像被蚊子叮了一下，很快就过去了，不用担心，也不用紧张害怕。\n"
    text = GOOD.replace("针头很细，打在胳膊上。\n", long, 1)
    found = plain_warnings(tmp_path, text)
    assert len(found) == 1 and "超过了 40 个字" in found[0].message and found[0].line == line_of(text, long)
    assert plain_warnings(tmp_path, GOOD) == []


def test_long_paragraph_warns(tmp_path):
    para = "针头很细。打在胳膊上。不太疼。很快就好。不用担心。\n"
    text = GOOD.replace("针头很细，打在胳膊上。\n", para, 1)
    found = plain_warnings(tmp_path, text)
    assert len(found) == 1 and "这一段有 6 句话" in found[0].message and found[0].line == line_of(text, para)


def test_glossary_term_needs_an_explanation_at_first_use(tmp_path):
    text = GOOD.replace("灭活疫苗（把病毒杀死后做成的疫苗）", "灭活疫苗", 1)
    found = plain_warnings(tmp_path, text)
    assert len(found) == 1 and "「灭活疫苗」第一次出现时" in found[0].message
    assert found[0].line == line_of(text, "灭活疫苗打完")


def test_glossary_file_is_validated(tmp_path):
    found = problems(tmp_path, GOOD, glossary="terms:\n  - term: 灭活疫苗\n  - term: 抗体\n    plain: 对付病毒的物质\n")
    assert found[0].file == "glossary.yaml" and found[0].line == 2 and "plain" in found[0].message


# --- the shipped content, built ----------------------------------------------------------------

def test_shipped_content_passes_make_check_strict():
    run = subprocess.run([sys.executable, "-m", "check", str(ROOT / "pelicanconf.py"), "--strict"], cwd=ROOT,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""})
    assert run.returncode == 0, run.stderr
    assert "常见问题 14 页" in run.stdout


def test_strict_fails_on_a_warning(tmp_path):
    folder = tmp_path / "content"
    (folder / "faq").mkdir(parents=True)
    (folder / "faq" / "a.md").write_text(GOOD.replace("Reviewed: 2026-11-20", "Reviewed: 2024-01-01"), encoding="utf-8")
    shutil.copytree(ROOT / "content" / "schools", folder / "schools")  # make check checks the letters too
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nPATH = {str(folder)!r}\nSITES_TODAY = {TODAY!r}\n", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""}
    relaxed = subprocess.run([sys.executable, "-m", "check", str(conf)], cwd=ROOT, capture_output=True, text=True, env=env)
    strict = subprocess.run([sys.executable, "-m", "check", str(conf), "--strict"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert relaxed.returncode == 0 and "a.md:7: 内容审核于 2024-01-01" in relaxed.stderr
    assert strict.returncode == 1 and "STRICT=1" in strict.stderr


def test_the_folder_read_is_kept_and_read_again_when_a_file_or_setting_changes(tmp_path):
    folder = tmp_path / "faq"
    folder.mkdir()
    (folder / "a.md").write_text(GOOD, encoding="utf-8")
    settings = {"FAQ_DIR": str(folder), "CACHE_PATH": str(tmp_path / "cache"), "PATH": str(tmp_path),
                "SITES_TODAY": dt.date.fromisoformat(TODAY), "FOLLOW_UP": "", "FAQ_MAX_SENTENCE_CHARS": 60,
                "FAQ_MAX_PARAGRAPH_SENTENCES": 5, "FAQ_REVIEW_MAX_DAYS": 365}
    faqs, _, warnings = read_folder(settings)
    assert not warnings and list((tmp_path / "cache" / "faq").rglob("*.pickle"))
    kept = read_folder(settings)  # from the cache: the same pages and warnings
    assert kept[0][0].body == faqs[0].body and kept[2] == warnings
    # A setting that changes the warnings: read again, not taken from the cache.
    assert any("内容审核于" in w.message for w in read_folder({**settings, "FAQ_REVIEW_MAX_DAYS": 1})[2])
    # An edited page: read again.
    (folder / "a.md").write_text(GOOD.replace("放松胳膊", "放松手臂"), encoding="utf-8")
    assert "放松手臂" in read_folder(settings)[0][0].body
    # A mistake (b.md has a.md's Slug) is reported every time: a folder with one is never kept.
    (folder / "b.md").write_text(GOOD, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError):
            read_folder(settings)


def test_stale_review_shows_on_the_page(tmp_path):
    build = run_pelican(tmp_path / "out", today="2028-01-01")
    assert build.returncode == 0, build.stderr
    review = build.page("faq/cold-or-fever").select_one(".review")
    assert "review--stale" in review["class"] and "内容审核于 2026-11-20，可能已过期" in review.get_text()
    assert "内容审核于 2026-11-20" in build.stdout + build.stderr  # and the build says so


def test_faq_pages_and_index(sample_build):
    index = sample_build.page("faq")
    topics = [h.get_text() for h in index.select("main h2")]
    assert topics == ["疫苗安全吗", "谁能打、谁要等等", "打之前、打之后", "怎么打、去哪打、要带什么"]
    links = index.select(".faq-list a")
    assert len(links) >= 12
    for link in links:
        page = sample_build.page(link["href"].lstrip("./").replace("../", ""))
        assert page.select_one(".faq-answer") and page.select(".faq-sources a[href^='http']")
        assert "须由当地卫生健康部门审核" in page.get_text()
        related = page.select("#h-related ~ .faq-list a")
        assert 2 <= len(related) <= 3
        assert page.find("a", string="找离您最近的接种点") and page.find("a", string="按村查找")
    glossary = sample_build.page("faq/glossary")
    assert "灭活疫苗" in [dt.get_text() for dt in glossary.select("dt")]


def test_markup_in_markdown_stays_text(build_with, sample_text, tmp_path):
    folder = tmp_path / "content"
    (folder / "faq").mkdir(parents=True)
    (folder / "pages").mkdir()
    __import__("shutil").copytree(ROOT / "content" / "schools", folder / "schools")
    (folder / "faq" / "a.md").write_text(GOOD + "\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n", encoding="utf-8")
    build = run_pelican(tmp_path / "out", extra=[f'PATH="{folder}"'])
    assert build.returncode == 0, build.stderr
    page = build.page("faq/does-it-hurt")
    assert "<script>alert(1)</script>" in page.get_text()
    assert not page.select(".faq-body script, .faq-body img")


# --- search, in Chromium -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def search_site(sample_build):
    server = Server(sample_build.output, headers={
        # Pagefind compiles WebAssembly, which needs 'wasm-unsafe-eval'; no inline script is allowed.
        "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                                   "style-src 'self' 'unsafe-inline'; img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'",
    })
    yield server.url
    server.close()


def wait_for_results(page):
    """Pagefind UI fills each result in as its fragment arrives, so wait until none is a placeholder."""
    page.wait_for_function(
        """() => document.querySelector('.pagefind-ui__result')
              && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')""",
        timeout=15_000,
    )


@pytest.mark.parametrize("query,first", [("老人", "老年人能不能打新冠疫苗？"), ("发烧", "感冒、发烧了，还能不能打疫苗？")])
def test_search_finds_the_right_faq_first(browser, search_site, query, first):
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page.goto(f"{search_site}/")
    page.locator("#site-search-q").fill(query)
    page.locator("#site-search-q").press("Enter")
    wait_for_results(page)
    assert page.locator(".pagefind-ui__result-link").first.inner_text() == first
    assert violations == []
    context.close()


def test_search_covers_sites_townships_and_school_letters(browser, search_site):
    page = browser.new_page()
    page.goto(f"{search_site}/search/?q=马营")
    wait_for_results(page)
    links = [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
    assert "/schools/maying-primary/" in links and "/townships/maying/" in links
    assert any(link.startswith("/sites/") for link in links)
    page.close()


def test_a_large_section_is_split_into_bundles_that_are_all_searched(browser, tmp_path):
    """Past SEARCH_BUNDLE_PAGES pages a section becomes sites-1, sites-2, ... of about that many
    pages each, never twice as many; a search still covers them all."""
    build = run_pelican(tmp_path / "out", extra=["SEARCH_BUNDLE_PAGES=12", f'CACHE_PATH="{tmp_path / "cache"}"'])
    assert build.returncode == 0, build.stderr
    bundles = sorted(p.name for p in (build.output / "pagefind").iterdir() if p.is_dir())
    sites = [name for name in bundles if name.startswith("sites-")]
    assert "sites" not in bundles and len(sites) >= 3
    for name in bundles:
        assert 1 <= len(list((build.output / "pagefind" / name / "fragment").iterdir())) <= 24, name
    box = build.page("search").select_one(".search-box")
    primary = box["data-primary"].split(":")[0]
    assert primary in ("faq", "faq-1")
    assert {entry.split(":")[0] for entry in box["data-merged"].split()} == set(bundles) - {primary}
    server = Server(build.output)
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/search/?q=马营")
        wait_for_results(page)
        links = [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
        # The township and the school-district site sort into different bundles.
        assert "/townships/maying/" in links and "/sites/maying-school/" in links
        page.close()
    finally:
        server.close()


def test_a_changed_faq_page_reindexes_only_the_faq_bundle(tmp_path):
    """Each section's Pagefind bundle comes from the cache while its pages are unchanged."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    extra = [f'PATH="{content}"', f'CACHE_PATH="{tmp_path / "cache"}"']
    first = run_pelican(tmp_path / "first", extra=extra)
    faq = next((content / "faq").glob("*.md"))
    faq.write_text(faq.read_text(encoding="utf-8") + "\n新加的一段话：请带好预防接种证。\n", encoding="utf-8")
    second = run_pelican(tmp_path / "second", extra=extra)
    assert first.returncode == 0 and second.returncode == 0, second.stderr

    def bundle(build, name):
        return {p.relative_to(build.output / "pagefind" / name).as_posix(): p.stat().st_ino
                for p in (build.output / "pagefind" / name).rglob("*") if p.is_file()}

    for unchanged in ("sites", "schools"):
        assert bundle(first, unchanged) == bundle(second, unchanged)  # the same files, linked from the cache
    assert set(bundle(first, "faq")) != set(bundle(second, "faq"))   # a new index, with new file names


def test_search_without_javascript_points_to_the_faq(browser, sample_build):
    server = Server(sample_build.output)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/search/?q=老人")
    assert page.locator(".search-fallback").is_visible()
    assert page.get_by_role("link", name="常见问题").first.is_visible()
    context.close()
    server.close()


@pytest.mark.parametrize("setting,words", [
    ('SEARCH_SECTIONS={"faq": ["faq/*"]}', "SEARCH_SECTIONS 要写成"),
    ("SEARCH_BUNDLE_PAGES=0", "SEARCH_BUNDLE_PAGES 应是一个正整数"),
])
def test_a_malformed_search_setting_is_explained(tmp_path, setting, words):
    build = run_pelican(tmp_path / "out", extra=[setting])
    assert build.returncode != 0 and words in build.stderr and "Traceback" not in build.stderr
