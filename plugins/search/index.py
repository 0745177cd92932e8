"""Pagefind indexes of the built site, one per section, each made again only when its pages change.

Each section (FAQ and pages, sites and townships, school letters) is its own Pagefind bundle under
pagefind/<name>/; the search page loads the first and merges the others. Splitting keeps Pagefind's
memory bounded at nation scale (a section of more than SEARCH_BUNDLE_PAGES pages is split into
several bundles), and a bundle depends only on its pages' HTML, so it is kept in the cache under
that content's digest: editing one FAQ page re-indexes 50 pages, not 9,000.
"""

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from datafile.cache import Store, digest, link_or_copy
from datafile.digests import file_digests

BUNDLES = "pagefind"
# The search page names its bundles with these; build() puts in the sections that have pages.
PRIMARY_NAME, PRIMARY, MERGED = "__pagefind_primary_name__", "__pagefind_primary__", "__pagefind_merged__"


def section_pages(pages, patterns):
    """Sorted paths among pages (relative, '/'-separated) that match any of patterns."""
    matches = re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns)).match
    return sorted(page for page in pages if matches(page))


def _not_indexed(relative):
    return not relative.endswith(".html") or relative.startswith(BUNDLES + "/")


def build(settings, output):
    """Write pagefind/<section>/ for each section in SEARCH_SECTIONS; raise SystemExit on failure."""
    output = Path(output)
    store = Store(settings, "search")
    version = _pagefind_version()
    sections = []
    size = settings["SEARCH_BUNDLE_PAGES"]
    html = file_digests(settings, output, "search", _not_indexed)
    for section_name, section in settings["SEARCH_SECTIONS"].items():
        pages = section_pages(html, section["pages"])  # Pagefind will not make an empty index
        chunks = [pages[start:start + size] for start in range(0, len(pages), size)]
        for number, chunk in enumerate(chunks, 1):
            name = section_name if len(chunks) == 1 else f"{section_name}-{number}"
            key = digest(version, name, *(part for page in chunk for part in (page, html[page])))
            sections.append((name, section["weight"], chunk, store.path(key)))
    missing = [(pages, cached) for _, _, pages, cached in sections if not cached.is_dir()]
    # Pagefind mostly keeps to one core: index the sections side by side.
    with ThreadPoolExecutor(max(1, min(len(missing), os.cpu_count() or 1))) as pool:
        for job in [pool.submit(_index, output, pages, cached) for pages, cached in missing]:
            job.result()
    for name, _, _, cached in sections:
        target = output / BUNDLES / name
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(cached, target, copy_function=link_or_copy)
    store.prune({cached.name for *_, cached in sections})
    built = [f"{name}:{weight}" for name, weight, _, _ in sections]
    _name_bundles(output / settings["SEARCH_SAVE_AS"], built or [f"{next(iter(settings['SEARCH_SECTIONS']))}:1"])


def _name_bundles(search_page, bundles):
    """Put "name:weight ..." of the bundles that were built into the search page."""
    if not search_page.exists():
        return
    html = search_page.read_text(encoding="utf-8")
    html = (html.replace(PRIMARY_NAME, bundles[0].split(":")[0]).replace(PRIMARY, bundles[0])
            .replace(MERGED, " ".join(bundles[1:])))
    search_page.write_text(html, encoding="utf-8")


def _index(output, pages, cached):
    """Run Pagefind over just these pages (in a scratch copy made of links), into the cache."""
    scratch = cached.with_name(f".{cached.name}.{os.getpid()}")  # sections have different keys
    shutil.rmtree(scratch, ignore_errors=True)
    site = scratch / "site"
    for page in pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(output / page, site / page)
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(scratch / "bundle"),
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0 or not (scratch / "bundle").is_dir():
        shutil.rmtree(scratch, ignore_errors=True)
        raise SystemExit("搜索索引（Pagefind）没有建成：\n" + (result.stderr or result.stdout).strip()
                         + "\n请运行 make install 重新安装依赖后再试。")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(cached, ignore_errors=True)
    os.replace(scratch / "bundle", cached)
    shutil.rmtree(scratch, ignore_errors=True)


def _pagefind_version():
    from importlib.metadata import version
    return version("pagefind")
