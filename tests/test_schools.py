"""小手拉大手: a letter page per school, its QR code (decoded for real) and its printed A4 page."""

import datetime as dt
import io
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import ROOT, SAMPLE, TODAY, Server, run_pelican
from datafile.problems import DataError
from county.load import load_county

SITEURL = "https://ym.example.gov.cn"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample built with a public address, as `make publish` would."""
    build = run_pelican(tmp_path_factory.mktemp("schools") / "out", extra=[f'SITEURL="{SITEURL}"'])
    assert build.returncode == 0, build.stderr
    server = Server(build.output)
    yield build, server.url
    server.close()


def test_every_school_has_a_page_and_the_index_groups_them_by_district(published):
    build, _ = published
    data = load_county(SAMPLE, today=dt.date.fromisoformat(TODAY), schools_path=ROOT / "schools.yaml",
                       places_path=ROOT / "places.yaml")
    assert len(data.schools) >= 15
    index = build.page("schools")
    districts = [h.get_text() for h in index.select("main h2")]
    assert sorted(districts) == sorted({s.school_district for s in data.schools})
    for school in data.schools:
        page = build.page(f"schools/{school.id}")
        letter = " ".join(page.select_one(".school-letter").get_text().split())
        assert f"尊敬的{school.name}学生家长" in letter and "【" not in letter
        assert "2026年11月28日" in letter
    assert build.page("townships/pingxiang").find("a", string="通渭县第一中学")


def test_letter_names_the_district_point_and_the_nearest_sites(published):
    build, _ = published
    page = build.page("schools/maying-primary")
    letter = " ".join(page.select_one(".school-letter").get_text().split())
    assert "学区接种点是马营学区接种点（马营中心小学）" in letter
    assert "开放时间：周一至周五 14:00–17:00；周六 9:00–12:00；周日 休息" in letter
    items = page.select(".school-letter ul")[1].select("li")
    assert len(items) == 3 and "公里" in items[1].get_text()


def test_share_card_metadata(published):
    build, _ = published
    page = build.page("schools/maying-primary")
    meta = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
    assert meta["og:title"] == "马营中心小学：致家长的一封信（小手拉大手）"
    assert meta["og:url"] == f"{SITEURL}/schools/maying-primary/"
    assert meta["og:image"] == f"{SITEURL}/theme/share.png"
    assert (build.output / "theme/share.png").stat().st_size > 1000


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg (Debian zbar-tools) is needed; make test installs it")
def test_qr_code_decodes_to_the_page_url(browser, published, tmp_path):
    _, url = published
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    page.goto(url + "/schools/maying-primary/")
    shot = tmp_path / "qr.png"
    page.locator(".school-qr svg").screenshot(path=str(shot))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True)
    assert decoded.stdout.strip() == f"{SITEURL}/schools/maying-primary/"
    context.close()


@pytest.mark.parametrize("school", ["maying-primary", "tw-no1-middle", "beichengpu-primary"])
def test_printed_letter_is_exactly_one_a4_page(browser, published, school):
    _, url = published
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/schools/{school}/")
    assert page.get_by_role("button", name="打印给家长").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True, prefer_css_page_size=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())
    assert "一封信" in text and "扫码查看" in text and "全部接种点" not in text
    context.close()


def test_publish_build_without_siteurl_stops_unless_asked_for_on_purpose(tmp_path):
    build = run_pelican(tmp_path / "out", extra=["PUBLISH=true"])
    assert build.returncode != 0 and "PUBLISH_SITEURL=https://" in build.stderr and "Traceback" not in build.stderr
    build = run_pelican(tmp_path / "out", extra=["PUBLISH=true", "PUBLISH_RELATIVE_ONLY=true"])
    assert build.returncode == 0, build.stderr
    assert "SITEURL 没有设置" in " ".join((build.stdout + build.stderr).split())


def write_content(tmp_path, letter=None, extra=None):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    if letter is not None:
        (content / "schools" / "letter.md").write_text(letter, encoding="utf-8")
    for name, text in (extra or {}).items():
        (content / "schools" / name).write_text(text, encoding="utf-8")
    return content


def test_unknown_placeholder_is_a_clear_error(tmp_path):
    letter = (ROOT / "content/schools/letter.md").read_text(encoding="utf-8")
    bad = letter.replace("【接种点电话】", "【接种电话】", 1)
    content = write_content(tmp_path, bad)
    build = run_pelican(tmp_path / "out", extra=[f'PATH="{content}"'])
    line = bad[:bad.index("【接种电话】")].count("\n") + 1
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert f"letter.md:{line}: 不认识的占位符【接种电话】" in build.stderr
    assert not (tmp_path / "out").exists()


def test_a_school_can_have_its_own_letter(tmp_path):
    content = write_content(tmp_path, extra={"maying-primary.md": "马营中心小学的家长们：请看【学区接种点】。\n"})
    build = run_pelican(tmp_path / "out", extra=[f'PATH="{content}"'])
    assert build.returncode == 0, build.stderr
    assert "马营中心小学的家长们：请看马营学区接种点" in build.page("schools/maying-primary").get_text()
    assert "尊敬的" in build.page("schools/bangluo-primary").get_text()


def test_a_letter_for_no_school_is_an_error(tmp_path):
    content = write_content(tmp_path, extra={"no-such-school.md": "hi\n"})
    build = run_pelican(tmp_path / "out", extra=[f'PATH="{content}"'])
    assert build.returncode != 0 and "no-such-school.md:1" in build.stderr


@pytest.mark.parametrize("old,new,words", [
    ("    township: 马营镇\n    school_district: 马营学区\n", "    township: 马营乡\n    school_district: 马营学区\n", "是不是「马营镇」"),
    ("  - id: maying-middle\n    name: 马营中学\n    township: 马营镇\n    school_district: 马营学区\n",
     "  - id: maying-middle\n    name: 马营中学\n    township: 马营镇\n    school_district: 榜罗学区\n", "应为：马营学区"),
    ("  - id: maying-middle\n", "  - id: maying-primary\n", "重复"),
    ("    level: high\n", "    level: college\n", "primary"),
])
def test_schools_mistakes_are_reported_on_their_line(tmp_path, old, new, words):
    text = (ROOT / "schools.yaml").read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    (tmp_path / "schools.yaml").write_text(changed, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_county(SAMPLE, today=dt.date.fromisoformat(TODAY), schools_path=tmp_path / "schools.yaml",
                    places_path=ROOT / "places.yaml")
    problems = raised.value.problems
    assert len(problems) == 1 and problems[0].file == "schools.yaml" and words in problems[0].message, problems
    first_changed = next(i for i, (a, b) in enumerate(zip(text.splitlines(), changed.splitlines())) if a != b) + 1
    assert problems[0].line == first_changed, problems[0]


def test_qr_codes_of_the_same_pages_as_the_last_build_are_not_looked_up_and_stay_right(tmp_path, monkeypatch):
    from datafile import qr
    from datafile.cache import Store

    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    letters = [(f"https://ym.example.gov.cn/schools/{n}/", f"学校{n}告家长书的网址") for n in range(3)]
    posters = [("https://ym.example.gov.cn/townships/maying/", "马营乡疫苗接种的网址")]
    drawn = qr.QrCodes(settings, letters, "letters").get()
    assert drawn == qr.svgs(letters)
    qr.QrCodes(settings, posters, "posters").get()  # another purpose keeps its own codes

    # The same codes as the last build: the cache is not listed, and they are read as kept.
    listed = []
    monkeypatch.setattr(Store, "keys", lambda self, suffix="": listed.append(self.root) or set())
    again = qr.QrCodes(settings, letters, "letters")
    assert again.missing == [] and listed == []
    assert again.get([2, 0]) == [drawn[2], drawn[0]]
    monkeypatch.undo()

    # Other codes in between: the cache is listed again, and only the new code is drawn.
    qr.QrCodes(settings, letters[:2], "letters").get()
    moved = letters[:2] + [("https://ym.example.gov.cn/schools/new/", "新学校告家长书的网址")]
    assert qr.QrCodes(settings, moved, "letters").missing == [2]
    # A kept code that is gone after all (a cache cleared by hand) is drawn when it is asked for.
    again = qr.QrCodes(settings, moved, "letters")
    again.get()
    for code in (tmp_path / "cache").rglob("*.svg"):
        code.unlink()
    assert qr.QrCodes(settings, moved, "letters").get() == qr.svgs(moved)


def test_qr_codes_from_the_cache_follow_the_public_address(tmp_path):
    """Two builds share the QR cache; the second, at another address, must not reuse the first's codes."""
    import segno
    from bs4 import BeautifulSoup
    from datafile.qr import OPTIONS

    drawn = {}
    for siteurl in ("https://ym.example.gov.cn", "https://ym.other.example.cn"):
        build = run_pelican(tmp_path / siteurl.split("//")[1],
                            extra=[f'SITEURL="{siteurl}"', f'CACHE_PATH="{tmp_path / "cache"}"'])
        assert build.returncode == 0, build.stderr
        page = [p["d"] for p in build.page("schools/maying-primary").select(".school-qr svg path")]
        code = segno.make(f"{siteurl}/schools/maying-primary/", error="m")
        fresh = [p["d"] for p in BeautifulSoup(code.svg_inline(omitsize=True, **OPTIONS), "html.parser")("path")]
        assert page == fresh
        drawn[siteurl] = tuple(page)
    assert len(set(drawn.values())) == 2


def test_batched_codes_are_exactly_the_codes_and_svgs_segno_draws():
    """qrbatch draws many codes at once with numpy; every module, the mask, the version and the SVG
    must be what segno.make() and svg_inline() give, for every mask and for versions with version
    information (7 and up), Micro QR codes and codes too wide for qrbatch (left to segno)."""
    import random

    import numpy as np
    import segno
    from datafile import qrbatch
    from datafile.qr import OPTIONS

    rng = random.Random(1)  # a seed whose texts get every mask chosen
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-"
    texts = [f"{SITEURL}/schools/{''.join(rng.choice(alphabet) for _ in range(rng.choice([8, 20, 45, 90, 160, 300])))}/"
             for _ in range(600)] + ["马营镇中心小学告家长书", "x", f"{SITEURL}/townships/xinjing/#village-张山村"]
    masks, versions = set(), set()
    for text, fast in zip(texts, qrbatch.symbols(texts, error="m")):
        expected = segno.make(text, error="m")
        assert (fast.mask, fast.version, fast.error) == (expected.mask, expected.version, expected.error), text
        assert (fast.matrix == np.array([list(row) for row in expected.matrix])).all(), text
        assert (qrbatch.svg_inline(fast, "标题 <&>", **OPTIONS)
                == expected.svg_inline(title="标题 <&>", omitsize=True, **OPTIONS)), text
        masks.add(expected.mask)
        versions.add(expected.version if isinstance(expected.version, int) else 0)  # "M2": a Micro QR code
    assert masks == set(range(8))
    assert 0 in versions and any(7 <= v <= 11 for v in versions) and max(versions) > 11