"""The search index of a build: a section is indexed as soon as its pages are written, side by
side with the pages still being drawn, and what is published always matches the pages on disk."""

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from search.index import SearchIndex, section_pages, searched_page

SETTINGS = {"SEARCH_SECTIONS": {"faq": {"pages": ["faq/*"], "weight": 1.0}, "sites": {"pages": ["sites/*"], "weight": 0.5}},
            "SEARCH_BUNDLE_PAGES": 10000, "PREVIEW_SEARCH_BUNDLE_PAGES": 250, "PUBLISH": False,
            "SEARCH_SAVE_AS": "search/index.html"}


class PelicanLikeGenerator:
    """What framework.outputs.planned reads of one of Pelican's own generators: its pages."""

    def __init__(self, *save_as):
        self.pages = [SimpleNamespace(save_as=path, source_path=f"/nowhere/{path}") for path in save_as]


def write_page(output, path, words):
    page = output / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<!DOCTYPE html><html lang="en"><head><title>{words}</title></head>'
                    f"<body><main data-pagefind-body><h1>{words}</h1><p>{words}</p></main></body></html>", encoding="utf-8")


def indexed_text(bundle):
    """Everything Pagefind stored of the pages in a bundle (its fragments are gzipped JSON)."""
    return " ".join(gzip.decompress(fragment.read_bytes()).decode("utf-8") for fragment in (bundle / "fragment").iterdir())


def test_a_section_is_indexed_once_its_pages_are_written_and_again_if_they_change_after(tmp_path):
    settings = {**SETTINGS, "CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    faq, sites = PelicanLikeGenerator("faq/one/index.html"), PelicanLikeGenerator("sites/a/index.html", "sites/b/index.html")
    index = SearchIndex(settings, output, [faq, sites])

    write_page(output, "faq/one/index.html", "mumps measles")
    index.pages_written(faq)
    assert [len(job.pages) for job in index.jobs.running] == [1]  # the FAQ, while the sites are still to come
    index.pages_written(sites)  # none of them on disk: nothing to start
    assert len(index.jobs.known) == 1

    write_page(output, "sites/a/index.html", "alpha clinic")
    write_page(output, "sites/b/index.html", "bravo clinic")
    index.jobs.wait()  # the FAQ's index is made...
    write_page(output, "faq/one/index.html", "rubella")  # ...and then its page changes after all
    index.finishing()()

    assert "rubella" in indexed_text(output / "pagefind/faq") and "mumps" not in indexed_text(output / "pagefind/faq")
    assert "bravo" in indexed_text(output / "pagefind/sites")
    assert not list(Path(settings["CACHE_PATH"]).rglob("pagefind.log"))  # no scratch copy left behind


def test_sections_started_early_are_the_bundles_a_build_at_the_end_makes(tmp_path):
    settings = {**SETTINGS, "CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    faq = PelicanLikeGenerator("faq/one/index.html")
    index = SearchIndex(settings, output, [faq])
    write_page(output, "faq/one/index.html", "mumps measles")
    index.pages_written(faq)
    index.finishing()()
    early = indexed_text(output / "pagefind/faq")

    settings["CACHE_PATH"] = str(tmp_path / "another-cache")
    SearchIndex(settings, output).finishing()()  # nothing known of the generators: all at the end
    assert indexed_text(output / "pagefind/faq") == early and "measles" in early


def test_a_rebuild_replaces_the_bundles_whose_pages_changed_and_leaves_the_others_as_they_are(tmp_path):
    settings = {**SETTINGS, "CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"
    write_page(output, "faq/one/index.html", "mumps measles")
    write_page(output, "sites/a/index.html", "alpha clinic")
    SearchIndex(settings, output).finishing()()
    bundles = output / "pagefind"
    for name in ("faq", "sites"):
        (bundles / name / "marker").write_text("left as it was", encoding="utf-8")
    (bundles / "sites-2").mkdir()  # a bundle an earlier build made and this one does not
    (bundles / "sites-2" / "pagefind-entry.json").write_text("{}", encoding="utf-8")

    write_page(output, "sites/a/index.html", "charlie clinic")
    SearchIndex(settings, output).finishing()()
    assert (bundles / "faq" / "marker").exists() and "measles" in indexed_text(bundles / "faq")
    assert not (bundles / "sites" / "marker").exists()
    assert "charlie" in indexed_text(bundles / "sites") and "alpha" not in indexed_text(bundles / "sites")
    assert not (bundles / "sites-2").exists()

    # A bundle folder that is not the cache's entry (copied, or changed by hand) is replaced.
    shutil.rmtree(bundles / "faq")
    shutil.copytree(next(path for path in Path(settings["CACHE_PATH"]).rglob("pagefind-entry.json")
                         if "mumps" in indexed_text(path.parent)).parent, bundles / "faq")
    (bundles / "faq" / "marker").write_text("copied", encoding="utf-8")
    SearchIndex(settings, output).finishing()()
    assert not (bundles / "faq" / "marker").exists() and "measles" in indexed_text(bundles / "faq")


def test_a_page_pagefind_leaves_out_changes_no_bundle(tmp_path):
    """The list of all sites has no data-pagefind-body, so Pagefind leaves it out of a bundle
    whose other pages have it; when any site's phone number changes, the list changes and no
    bundle is indexed again for it. A section whose pages all lack it is indexed whole."""
    settings = {**SETTINGS, "CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"

    def write_list(words):
        (output / "sites").mkdir(parents=True, exist_ok=True)
        (output / "sites/index.html").write_text(f"<!DOCTYPE html><html><body><main><p>{words}</p></main></body></html>",
                                                 encoding="utf-8")

    write_page(output, "sites/a/index.html", "alpha clinic")
    write_list("alpha 0932-0000101")
    write_list_only = {**settings, "SEARCH_SECTIONS": {"lists": {"pages": ["sites/index.html"], "weight": 1.0}}}
    SearchIndex(settings, output).finishing()()
    (output / "pagefind/sites/marker").write_text("left as it was", encoding="utf-8")

    write_list("alpha 0932-0000199")
    index = SearchIndex(settings, output)
    index.finishing()()
    assert not index.jobs.known and (output / "pagefind/sites/marker").exists()

    SearchIndex(write_list_only, output).finishing()()
    assert "0932-0000199" in indexed_text(output / "pagefind/lists")


def test_a_township_page_is_found_by_its_villages_not_by_the_nearest_sites_it_lists(sample_build):
    fragments = {}
    for fragment in (sample_build.output / "pagefind/sites/fragment").iterdir():
        record = json.loads(gzip.decompress(fragment.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))
        fragments[record["url"]] = record["content"].replace("\u200b", "")  # Pagefind's word breaks
    township = fragments["/townships/maying/"]
    assert "大河村" in township and "马营镇的接种点" in township
    assert "碧玉镇卫生院" not in township  # a nearest site of its villages, in the next township
    assert "碧玉镇卫生院" in fragments["/sites/biyu-whc/"]


def test_a_site_page_is_found_by_what_it_says_of_the_site_not_by_what_every_site_page_repeats(sample_build):
    """A search for 疾控中心 should find the centres, and one for 打完针 the FAQ's answer: not all
    site pages, whose map legend, today's hours, weekly hours, next-dose and after-shot sections
    and "last verified" line say the same words on every one of them. (Which doses a site gives,
    加强针 among them, is its own: a search for it finds the sites that give it.)"""
    fragments = {}
    for fragment in (sample_build.output / "pagefind/sites/fragment").iterdir():
        record = json.loads(gzip.decompress(fragment.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))
        fragments[record["url"]] = record["content"].replace("\u200b", "")
    site = fragments["/sites/biyu-whc/"]
    for said in ("碧玉镇卫生院预防接种门诊", "碧玉镇政府街", "新冠病毒灭活疫苗"):
        assert said in site, said
    assert "加强针" in site
    for repeated in ("图例", "下一针什么时候打", "坐满30分钟", "信息核实于", "开放时间可能临时变化", "坐标（WGS-84）",
                     "每周开放时间"):
        assert not any(repeated in content for content in fragments.values()), repeated
    assert not any("找到您的村" in content or "发到村里微信群的文字" in content for content in fragments.values())


def test_a_page_added_or_removed_changes_only_the_bundle_it_falls_in():
    """Bundles are cut where the pages' addresses say (search.index.split_pages), not at a count,
    so that a clerk's new site re-indexes one small bundle in a preview, not every one after it."""
    from search.index import split_pages

    pages = sorted(f"schools/school{number}/index.html" for number in range(3000))
    runs = split_pages(pages, 100)
    assert [page for run in runs for page in run] == pages
    assert len(runs) > 10 and all(1 <= len(run) <= 200 for run in runs)
    for changed in (sorted(pages + ["schools/school1500a/index.html"]), pages[:1500] + pages[1501:]):
        after = split_pages(changed, 100)
        assert len([run for run in after if run not in runs]) <= 2  # the run it is in (or two, if it cut one)
    assert split_pages(pages[:100], 100) == [pages[:100]] and split_pages([], 100) == []


def test_a_site_page_shares_its_search_bundle_with_its_township_page(tmp_path):
    """A site's change rewrites its page and its township's page; a preview indexes in small
    bundles, in the order the pages are planned, so each site's page follows its township's and
    one change re-indexes one bundle for both, not two (at province scale, 1.75 s of Pagefind).
    Bundles are cut where the pages' addresses say, so a few sites fall just after a cut."""
    import datetime as dt

    from conftest import ROOT, TODAY, run_pelican
    from county.load import load_county

    build = run_pelican(tmp_path / "out", extra=[f'CACHE_PATH="{tmp_path / "cache"}"', "PREVIEW_SEARCH_BUNDLE_PAGES=8"])
    assert build.returncode == 0, build.stderr
    bundle_of = {}
    for bundle in (tmp_path / "out" / "pagefind").glob("sites-*"):
        for fragment in (bundle / "fragment").iterdir():
            text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
            bundle_of[json.loads(text[text.index("{"):])["url"]] = bundle.name
    data = load_county(ROOT / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml")
    township_ids = {township.name: township.id for township in data.county.townships}
    pairs = [(bundle_of[f"/sites/{site.id}/"], bundle_of[f"/townships/{township_ids[site.township]}/"]) for site in data.sites]
    assert len(set(bundle_of.values())) > 4  # the section is cut into several bundles
    assert sum(site == township for site, township in pairs) >= 0.75 * len(pairs), pairs


# --- what of a page its search bundle depends on ----------------------------------------------

def pagefind_bundle(tmp_path, name, pages):
    """The files (path -> bytes) of a Pagefind bundle made of pages {path: html}."""
    site = tmp_path / name / "site"
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(html)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(tmp_path / name / "bundle"),
                    "--silent"], check=True)
    bundle = tmp_path / name / "bundle"
    return {str(path.relative_to(bundle)): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_pagefind_makes_the_same_bundle_from_what_it_reads_of_the_pages_as_from_the_pages(sample_build, tmp_path):
    """Pagefind is fed searched_page() of each page, a fifth of its bytes. Run on the pages
    themselves, the Pagefind we install writes the very same files, for every section of the
    sample; and the site, township and school pages are cut down, not fed whole."""
    from framework.defaults import DEFAULT_CONFIG

    sections = next(setting.default for setting in DEFAULT_CONFIG if setting.name == "SEARCH_SECTIONS")
    output = sample_build.output
    for name, section in sections.items():
        pages = {page: (output / page).read_bytes()
                 for page in section_pages([str(path.relative_to(output)) for path in output.rglob("*.html")], section["pages"])}
        pages = {page: html for page, html in pages.items() if b"data-pagefind-body" in html}  # as SearchIndex feeds them
        fed = {page: searched_page(html) for page, html in pages.items()}
        assert pagefind_bundle(tmp_path, f"{name}-fed", fed) == pagefind_bundle(tmp_path, f"{name}-whole", pages), name
        if name != "faq":
            assert all(len(fed[page]) < len(html) / 2 for page, html in pages.items()), name


def test_a_school_letter_keeps_its_search_bundle_when_only_the_sites_it_lists_change(sample_build, tmp_path):
    """A letter is searched by its title (<h1 data-pagefind-body>) alone. When the nearest sites it
    lists change (a clerk fixed a phone number), what Pagefind reads of it, and so its search
    digest, stays, and that is right: Pagefind, run on the old and the new page, writes the very
    same bundle. A change to its title changes both."""
    letter = next(sample_build.output.glob("schools/*/index.html"))
    page = letter.read_bytes()
    text = page.decode("utf-8")
    outside = text.split("</h1>", 1)[1]
    assert "电话" in outside and "<title>" in text
    edited = text.replace(outside, outside.replace("电话", "联系电话").replace("接种点", "接种门诊"))
    edited = edited.replace("<title>", "<title>改过的", 1).encode("utf-8")
    assert edited != page and searched_page(page) != page
    assert searched_page(edited) == searched_page(page)
    assert pagefind_bundle(tmp_path, "before", {"a/index.html": page}) == pagefind_bundle(tmp_path, "after", {"a/index.html": edited})

    retitled = text.replace("致家长的一封信</h1>", "致家长的第二封信</h1>").encode("utf-8")
    assert searched_page(retitled) != searched_page(page)
    assert pagefind_bundle(tmp_path, "retitled", {"a/index.html": retitled}) != pagefind_bundle(tmp_path, "before2", {"a/index.html": page})


def test_what_pagefind_may_read_elsewhere_makes_the_whole_page_count():
    """The marked element, and the ignored ones in it, are cut out by counting nested elements of
    their name; where that could go wrong (a script or a comment inside, metadata or filters
    marked elsewhere, a title or a picture inside an ignored element), the whole page counts."""
    frame = '<html lang="zh-CN"><head><title>t</title></head><body><nav>{nav}</nav>{body}<footer>{foot}</footer></body></html>'
    nested = '<div data-pagefind-body><div>甲</div>乙<ol data-pagefind-ignore><li><ol><li>戊</li></ol></li></ol>己</div><div>丙</div>'
    page = frame.format(nav="菜单", body=nested, foot="页脚").encode("utf-8")
    assert searched_page(page) == '<html lang="zh-CN"><body><title>t</title><div data-pagefind-body><div>甲</div>乙己</div></body></html>'.encode("utf-8")
    for body in ('<div data-pagefind-body><script>"</div>"</script>乙</div>',
                 '<div data-pagefind-body><!-- </div> -->乙</div>',
                 '<div data-pagefind-body>乙</div><span data-pagefind-meta="author">丙</span>',
                 '<div data-pagefind-body>乙</div><span data-pagefind-filter="kind">丙</span>',
                 '<div data-pagefind-body>乙<div data-pagefind-ignore><h1>丙</h1></div></div>',
                 '<div data-pagefind-body>乙<p data-pagefind-ignore><img src="a.png" alt=""></p></div>',
                 '<div data-pagefind-body>乙<img data-pagefind-ignore src="a.png" alt=""></div>'):
        whole = frame.format(nav="菜单", body=body, foot="页脚").encode("utf-8")
        assert searched_page(whole) == whole, body
    # A picture anywhere may be the result's image, and the first <h1> its title: they count.
    with_image = frame.format(nav='<h1>甲</h1><img src="a.png" alt="">', body=nested, foot="").encode("utf-8")
    assert b'<h1>\xe7\x94\xb2</h1><img src="a.png" alt="">' in searched_page(with_image)
    assert searched_page(with_image.replace(b"a.png", b"b.png")) != searched_page(with_image)
