"""Pagefind indexes of the built site, one per section, each made again only when its pages change.

Each section (FAQ and pages, sites and townships, school letters) is its own Pagefind bundle under
pagefind/<name>/; the search page loads the first and merges the others. Splitting keeps Pagefind's
memory bounded at nation scale (a section of more than SEARCH_BUNDLE_PAGES pages is split into
several bundles), and a bundle depends only on what Pagefind reads of its pages (searched_page,
which is also all Pagefind is fed), so it is kept in the cache under that content's digest:
editing one FAQ page re-indexes 50 pages, not 9,000. A preview splits
sections into bundles of about 500 pages (PREVIEW_SEARCH_BUNDLE_PAGES), so that a clerk's change
to one site re-indexes the few bundles that hold the pages showing it, not a province's 5,000
pages of a section. (Smaller bundles would cost more than they save: Pagefind takes 0.3 s to
start, and indexing a province's 9,800 pages took 16 s in bundles of 500, 24 s in bundles of 250,
15 s whole.)
"""

import atexit
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from datafile.cache import Store, digest, link_or_copy
from datafile.digests import FileDigests

BUNDLES = "pagefind"
# The search page names its bundles with these; finishing() puts in the sections that have pages.
PRIMARY_NAME, PRIMARY, MERGED = "__pagefind_primary_name__", "__pagefind_primary__", "__pagefind_merged__"


def _matcher(patterns):
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns)).match


def section_pages(pages, patterns):
    """Sorted paths among pages (relative, '/'-separated) that match any of patterns."""
    matches = _matcher(patterns)
    return sorted(page for page in pages if matches(page))


# The start of the digest of a page without data-pagefind-body.
NOT_SEARCHED = "not-searched:"


# Attributes that make Pagefind read more than the marked elements (metadata, filters, sort keys,
# attributes it indexes: they may sit anywhere on the page) all start so; these three do not.
_ATTRIBUTE = b"data-pagefind-"
_BODY, _IGNORED = b"data-pagefind-body", b"data-pagefind-ignore"
_MARKED_ONLY = (_BODY, _IGNORED, b"data-pagefind-weight")
# What could hide a tag from a count of tags: a script's or a style's text, a comment. (Text
# shown, a <textarea>'s too, is escaped: it holds no "<".)
_NOT_MARKUP = (b"<script", b"<style", b"<!")
_TAG_NAME = re.compile(rb"<([a-z][a-z0-9]*)")
_HTML_TAG = re.compile(rb"<html\b[^>]*>")
_TITLE = re.compile(rb"<title\b.*?</title>", re.DOTALL)
_FIRST_H1 = re.compile(rb"<h1\b.*?</h1>", re.DOTALL)
_IMAGE = re.compile(rb"<img\b[^>]*>")


def searched_page(content):
    """What Pagefind reads of a page, as a page of its own: Pagefind makes the very same bundle
    from it as from the page (tests/test_search_index.py checks this against the Pagefind we
    install, on every section of the sample). The whole page when that cannot be told cheaply.

    With data-pagefind-body, Pagefind indexes the marked elements only, less the elements marked
    data-pagefind-ignore in them; its default metadata are the first <h1> (the title; <title>
    when there is none) and the pictures (the image), and <html lang> picks the language. That
    is what is kept, in the page's order. So:
    - Pagefind is fed a fifth of the bytes: a province's township pages are mostly their
      villages' nearest sites (ignored), and indexing the sites' section took 10.5 s whole,
      6.0 s so;
    - the search digest (SearchIndex) is this page's: a school letter, searched by its <h1>
      alone, keeps its bundle when the nearest sites it lists change, and a township page when
      only the nearest sites of its villages do. A clerk's phone fix re-indexes the sites'
      section, not 5,000 letters.
    Plain searches of the bytes, not a parser: this runs on every page of a publish build."""
    marked = content.find(_BODY)
    if marked == -1 or content.count(_ATTRIBUTE) != sum(content.count(name) for name in _MARKED_ONLY):
        return content
    elements = []  # (start, end) of each marked element
    while marked != -1:
        start = content.rfind(b"<", 0, marked)
        name = _TAG_NAME.match(content, start)
        end = name and name.group(1) not in (b"html", b"body") and _element_end(content, start, name.group(1))
        if not end or any(content.find(hidden, start, end) != -1 for hidden in _NOT_MARKUP):
            return content
        elements.append((start, end))
        marked = content.find(_BODY, end)
    pieces, ignored = [], []
    for start, end in elements:
        kept = _without_ignored(content, start, end, ignored)
        if kept is None:
            return content
        pieces.append((start, kept))
    h1 = _FIRST_H1.search(content)
    metadata = [found for found in [h1, *_IMAGE.finditer(content)] if found]
    if any(start <= found.start() < end for found in metadata for start, end in ignored):
        return content  # whether Pagefind takes an ignored picture or title is not ours to guess
    pieces += [(found.start(), found.group()) for found in metadata
               if not any(start <= found.start() < end for start, end in elements)]
    if h1 is None and (title := _TITLE.search(content)):
        pieces.append((title.start(), title.group()))
    html = _HTML_TAG.search(content)
    return b"".join([html.group() if html else b"<html>", b"<body>", *(piece for _, piece in sorted(pieces)),
                     b"</body></html>"])


def _without_ignored(content, start, end, ignored):
    """content[start:end] without the elements in it marked data-pagefind-ignore, whose
    (start, end) are added to ignored; None when one cannot be cut out."""
    kept, at = [], start
    found = content.find(_IGNORED, at, end)
    while found != -1:
        begins = content.rfind(b"<", at, found)
        name = _TAG_NAME.match(content, begins) if begins != -1 else None
        ends = name and _element_end(content, begins, name.group(1))
        if not ends or ends > end:
            return None
        kept.append(content[at:begins])
        ignored.append((begins, ends))
        at = ends
        found = content.find(_IGNORED, at, end)
    kept.append(content[at:end])
    return b"".join(kept)


def _element_end(content, start, name):
    """Where the element of that name whose start tag begins at `start` ends, counting nested
    elements of its name (the page is well-formed HTML: the suite checks every page kind with the
    Nu checker); None if it does not."""
    opening, closing = b"<" + name, b"</" + name + b">"
    depth, at = 1, start + 1
    while True:
        close = content.find(closing, at)
        if close == -1:
            return None
        # The elements of that name opened before this end tag, each closed by a later one.
        opened = content.find(opening, at, close)
        while opened != -1:
            if content[opened + len(opening):opened + len(opening) + 1] in (b" ", b">", b"\n", b"\t"):
                depth += 1
            opened = content.find(opening, opened + 1, close)
        depth -= 1
        if depth == 0:
            return close + len(closing)
        at = close + len(closing)


class SearchIndex:
    """One build's search index. Given the build's generators (at Pelican's
    `all_generators_finalized`), a section's Pagefind starts as soon as the last generator that
    writes its pages has written them (pages_written()), side by side with the pages still being
    drawn. finishing() starts the rest once every page is written and returns the function that
    waits for them all and writes pagefind/<section>/ for each section in SEARCH_SECTIONS
    (SystemExit on failure).

    What gets used is decided at the end, from the pages on disk: a bundle started early whose
    pages changed after all is dropped, and its section indexed again.
    """

    def __init__(self, settings, output, generators=()):
        from framework.outputs import planned  # the one list of what each generator writes
        self.settings, self.output = settings, Path(output)
        self.store = Store(settings, "search")
        self.version = _pagefind_version()
        # A page is read when it changed (since the last build into this folder, or since the
        # release a publish build linked it from).
        self.searched = SearchedPages(settings)
        self.jobs = _Jobs(self.output, self.searched)
        self.digests = FileDigests(settings, self.output, "searched-pages", self.searched.digest,
                                   linked_from=settings.get("INCREMENTAL_FROM"))
        self.position = {id(generator): number for number, generator in enumerate(generators)}
        self.early = {}  # {section: (position of the last generator writing its pages, the pages)}
        # Pages go into bundles in the order the build plans them, which keeps a township's page
        # and its sites' pages (a district's school letters) together: one site's change then
        # touches few bundles.
        self.order = {}
        for number, generator in enumerate(generators):
            paths = [path.replace(os.sep, "/") for path, _, _ in planned(generator)]
            for path in paths:
                self.order.setdefault(path, len(self.order))
            for name, section in settings["SEARCH_SECTIONS"].items():
                pages = section_pages(paths, section["pages"])
                if pages:
                    self.early[name] = (number, self._in_order({*self.early.get(name, (0, []))[1], *pages}))

    def pages_written(self, generator):
        """generator, and so every one before it, has written its pages: start the sections done."""
        written = self.position.get(id(generator))
        if written is None:
            return
        for name, (last, pages) in list(self.early.items()):
            if last <= written:
                del self.early[name]
                pages = [page for page in pages if (self.output / page).is_file()]
                digests = {page: self.digests.of(page) for page in pages}
                for _, chunk, cached in self._bundles(name, pages, digests):
                    self.jobs.add(chunk, cached)
        self.jobs.poll()

    def finishing(self):
        from framework.finishing import output_files  # the output's files, listed once for every last step
        files = output_files(self.output)
        searched = _matcher([pattern for section in self.settings["SEARCH_SECTIONS"].values() for pattern in section["pages"]])
        html = self.digests.all(lambda relative: not relative.endswith(".html") or not searched(relative),
                                outside=[BUNDLES + "/"], listing=files)
        sections = [(name, section["weight"], chunk, cached)
                    for section_name, section in self.settings["SEARCH_SECTIONS"].items()
                    for name, chunk, cached in self._bundles(section_name, self._in_order(section_pages(html, section["pages"])),
                                                             html)]
        # The bundles of an earlier build that are not this build's go now, before later plugins
        # list the output's files; a bundle that is (a preview's, after a small change: most of
        # them, some 10,000 files at province scale) stays as it is.
        kept, removed = _remove_other_bundles(self.output / BUNDLES, {name: cached for name, _, _, cached in sections})
        files.changed(*removed)
        self.jobs.keep_only({cached for *_, cached in sections})
        # The biggest first: they decide when the last one ends.
        for _, _, chunk, cached in sorted(sections, key=lambda section: -len(section[2])):
            self.jobs.add(chunk, cached)
        self.jobs.poll()

        def finish():
            self.jobs.wait()
            for name, _, _, cached in sections:
                if name not in kept:
                    target = self.output / BUNDLES / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copytree(cached, target, copy_function=link_or_copy)
            self.store.prune({cached.name for *_, cached in sections})
            self.searched.store.prune({SearchedPages.key(found) for found in html.values()})
            built = [f"{name}:{weight}" for name, weight, _, _ in sections]
            _name_bundles(self.output / self.settings["SEARCH_SAVE_AS"],
                          built or [f"{next(iter(self.settings['SEARCH_SECTIONS']))}:1"])
            # The same list for a region's search page, which searches its counties' bundles
            # together (region/merge.py): "name:weight", the first carrying the search box's scripts.
            (self.output / BUNDLES).mkdir(exist_ok=True)
            (self.output / BUNDLES / "bundles.json").write_text(json.dumps(built), encoding="utf-8")
            files.changed(*(f"{BUNDLES}/{name}/" for name, _, _, _ in sections if name not in kept),
                          f"{BUNDLES}/bundles.json", self.settings["SEARCH_SAVE_AS"].replace(os.sep, "/"))
        return finish

    def _in_order(self, pages):
        """The pages in the order the build planned them; pages it did not plan last, sorted."""
        return sorted(pages, key=lambda page: (self.order.get(page, len(self.order)), page))

    def _bundles(self, section_name, pages, digests):
        """(bundle name, its pages, its place in the cache) of each bundle of a section's pages
        (in order); a section without pages has none (Pagefind will not make an empty index). A
        bundle is kept in the cache by its pages and their content, not by its name, so that a
        bundle whose number changed is not indexed again."""
        size = self.settings["SEARCH_BUNDLE_PAGES"]
        if not self.settings["PUBLISH"]:
            size = min(size, self.settings["PREVIEW_SEARCH_BUNDLE_PAGES"])
        chunks = split_pages(pages, size)
        for number, chunk in enumerate(chunks, 1):
            name = section_name if len(chunks) == 1 else f"{section_name}-{number}"
            # Pagefind leaves out the pages without data-pagefind-body when a bundle has any page
            # with it: what those pages say (the list of all sites, changed by any site's phone
            # number) is no part of the bundle.
            searched = [page for page in chunk if not digests[page].startswith(NOT_SEARCHED)] or chunk
            key = digest(self.version, *(part for page in searched for part in (page, digests[page])))
            yield name, [(page, digests[page]) for page in searched], self.store.path(key)


def split_pages(pages, size):
    """Pages, in the order given, in runs of about `size` (at most twice that), or one run when
    there are not more than `size`. A run ends before a page whose address's digest says so, not
    at a count: a page added or removed changes only the run it falls in, and every other run, its
    pages unchanged, keeps its bundle in the cache (content-defined chunking)."""
    if len(pages) <= size:
        return [pages] if pages else []
    runs = [[]]
    for page in pages:
        starts_run = int(digest(page)[:12], 16) % size == 0
        if runs[-1] and (starts_run or len(runs[-1]) >= 2 * size):
            runs.append([])
        runs[-1].append(page)
    return runs


class SearchedPages:
    """What Pagefind reads of each page (searched_page), kept in the cache under its digest
    (the page's search digest) when the page is first read: a section indexed again after one
    page changed is fed the others' from the cache, not cut out of 5,000 pages again."""

    def __init__(self, settings):
        self.store = Store(settings, "searched-pages")

    def digest(self, content):
        """The search digest of a page: its searched_page's, marked when Pagefind will not index
        the page (see SearchIndex._bundles)."""
        searched = searched_page(content)
        found = digest(searched)
        if not self.store.has(found, ".html"):
            self.store.put(found, ".html", searched)
        return found if _BODY in content else NOT_SEARCHED + found

    @staticmethod
    def key(search_digest):
        return search_digest.removeprefix(NOT_SEARCHED)

    def link(self, search_digest, page, target):
        """Put what Pagefind reads of the page (the output file `page`) at target."""
        self.store.link(self.key(search_digest), ".html", target, lambda: searched_page(page.read_bytes()))


class _Jobs:
    """Pagefind over (pages, cached bundle) jobs, each in a process of its own, at most one a core
    at a time (each holds about 150 KB a page). No threads, so that other steps may fork meanwhile:
    the jobs move on when poll() or wait() is called."""

    def __init__(self, output, searched):
        self.output, self.searched, self.waiting, self.running, self.known = output, searched, [], [], set()
        self.guarded = False  # whether a build that stops half-way will stop the running ones too

    def add(self, pages, cached):
        if cached not in self.known and not cached.is_dir():
            self.known.add(cached)
            self.waiting.append((pages, cached))

    def keep_only(self, wanted):
        """Drop the jobs whose bundle is not wanted after all: its pages changed after they were
        read, so what Pagefind read of them (through links) is not what the bundle's key says."""
        self.waiting = [job for job in self.waiting if job[1] in wanted]
        for job in [job for job in self.running if job.cached not in wanted]:
            job.abandon()
            self.running.remove(job)
        for cached in self.known - wanted:
            shutil.rmtree(cached, ignore_errors=True)
        self.known &= wanted

    def poll(self):
        """Put finished jobs' bundles in the cache, and start waiting jobs on the free cores."""
        for job in [job for job in self.running if job.process.poll() is not None]:
            self.running.remove(job)
            job.finish()
        while self.waiting and len(self.running) < (os.cpu_count() or 1):
            if not self.guarded:
                atexit.register(self.abandon)
                self.guarded = True
            self.running.append(_Pagefind(self.output, self.searched, *self.waiting.pop(0)))

    def wait(self):
        self.poll()
        while self.running:
            time.sleep(0.05)
            self.poll()
        if self.guarded:
            atexit.unregister(self.abandon)
            self.guarded = False

    def abandon(self):
        for job in self.running:
            job.abandon()


# A file every Pagefind bundle has, and whose content changes with the bundle's.
BUNDLE_ENTRY = "pagefind-entry.json"


def _remove_other_bundles(folder, wanted):
    """Remove what is under folder except the bundles that are the cache entry wanted for their
    name ({name: cached bundle folder}); the names of those kept. Bundles are copied from the
    cache as hard links and nothing writes into them, so a bundle whose entry file is the cache
    entry's very file holds that entry (where files cannot be linked, every bundle is copied).
    Returns the names of the bundles kept, and the relative paths (in the output, a folder's
    ending in '/') of what was removed."""
    kept, removed = set(), []
    if not folder.is_dir():
        return kept, removed
    for bundle in folder.iterdir():
        cached = wanted.get(bundle.name)
        try:
            same = cached is not None and os.path.samefile(bundle / BUNDLE_ENTRY, cached / BUNDLE_ENTRY)
        except OSError:  # one of them is not there
            same = False
        if same:
            kept.add(bundle.name)
        elif bundle.is_dir() and not bundle.is_symlink():
            shutil.rmtree(bundle)
            removed.append(f"{BUNDLES}/{bundle.name}/")
        else:
            bundle.unlink()
            removed.append(f"{BUNDLES}/{bundle.name}")
    return kept, removed


def _name_bundles(search_page, bundles):
    """Put "name:weight ..." of the bundles that were built into the search page."""
    if not search_page.exists():
        return
    html = search_page.read_text(encoding="utf-8")
    html = (html.replace(PRIMARY_NAME, bundles[0].split(":")[0]).replace(PRIMARY, bundles[0])
            .replace(MERGED, " ".join(bundles[1:])))
    # Whole or not at all: the compressed copies of the last build's pages may be read meanwhile.
    written = search_page.with_name(search_page.name + ".new")
    written.write_text(html, encoding="utf-8")
    os.replace(written, search_page)


class _Pagefind:
    """Pagefind run over just these pages ([(path, search digest)]: what it reads of each, in a
    scratch folder of links to the cache); finish() puts the bundle in the cache."""

    def __init__(self, output, searched, pages, cached):
        self.pages, self.cached = pages, cached
        self.scratch = cached.with_name(f".{cached.name}.{os.getpid()}")  # sections have different keys
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True)
        site = self.scratch / "site"
        for page, search_digest in pages:
            (site / page).parent.mkdir(parents=True, exist_ok=True)
            searched.link(search_digest, output / page, site / page)
        self.log = open(self.scratch / "pagefind.log", "w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(self.scratch / "bundle"),
             "--silent"], stdout=self.log, stderr=subprocess.STDOUT, text=True)

    def finish(self):
        self.log.seek(0)
        said = self.log.read().strip()
        self.log.close()
        bundle = self.scratch / "bundle"
        if self.process.returncode != 0 or not bundle.is_dir():
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise SystemExit("搜索索引（Pagefind）没有建成：\n" + said + "\n请运行 make install 重新安装依赖后再试。")
        self.cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.cached, ignore_errors=True)
        os.replace(bundle, self.cached)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def abandon(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _pagefind_version():
    from importlib.metadata import version
    return version("pagefind")
