"""After the build: the sitemap, for publish builds .gz/.br copies, then the service worker's version.

Files that pages load already have fingerprinted names (datafile/assets.py).
"""

import gzip
import os
import posixpath
import re
from pathlib import Path
from xml.sax.saxutils import escape

import brotli

from datafile.cache import Store, digest
from datafile.digests import FileDigests, file_digests, stamp
from datafile.pool import ForkedMap, forked_map
from framework.finishing import output_files

from .generator import SERVICE_WORKER


COMPRESS = (".html", ".css", ".js", ".json", ".geojson", ".csv", ".xml", ".svg", ".txt", ".webmanifest", ".mjs")
SKIP_SITEMAP = {"404.html", "offline.html", "search/index.html"}


# Brotli quality 7 comes within 0.1 % of quality 9 in size on our pages, at a thirteenth of the time;
# gzip level 6 within 1 % of level 9, in less than half the time. (Measured on a province's pages.)
GZIP_LEVEL, BROTLI_QUALITY = 6, 7
# Fewer files than this added late are compressed here rather than on every core.
FEW_FILES = 200


def start(settings, output):
    """The sitemap now and, for publish builds, the compressed copies on every core in the
    background; returns the function that completes them once the plugins before publish have
    added their files (framework/finishing.py): the copies of files added or replaced meanwhile,
    then the service worker's version."""
    output = Path(output)
    files = output_files(output)  # listed once for every last step; the search index has said what it changed
    write_sitemap(settings, output, files)
    store = Store(settings, "compressed") if settings["PUBLISH"] else None
    compressing = Compression(output, store, FileDigests(settings, output, "compressed",
                                                         linked_from=settings.get("INCREMENTAL_FROM")), files) if store else None

    # A preview's build report is written after everything else (buildreport, at site_finished)
    # and is no page of the site's: it is left out of the version.
    report = posixpath.dirname(settings["BUILD_REPORT_SAVE_AS"]) + "/"

    def not_versioned(relative):
        return _not_versioned(relative) or relative.startswith(report)

    def finish():
        known = compressing.finish() if compressing else None
        stamp_service_worker(output, file_digests(settings, output, "service-worker", not_versioned, known,
                                                  linked_from=settings.get("INCREMENTAL_FROM"), listing=files))
        if store:
            compress_file(store, str(output / SERVICE_WORKER))
    return finish


def _not_versioned(relative):
    """The worker itself and the compressed copies say nothing new about the pages."""
    return relative == SERVICE_WORKER or relative.endswith((".gz", ".br"))


def stamp_service_worker(output, digests):
    """Give sw.js a version made from everything the build wrote (`digests`: {relative path:
    digest}). When any page changes, residents' phones install the new worker, which checks the
    pages they saved (sw.js); when nothing changed, the worker is byte for byte the same and
    nothing happens."""
    worker = output / SERVICE_WORKER
    if not worker.exists():
        return
    version = digest(*(part for path in sorted(digests) for part in (path, digests[path])))[:12]
    text = worker.read_text(encoding="utf-8")
    versioned = re.sub(r'var VERSION = "[^"]*";', f'var VERSION = "{version}";', text, count=1)
    if versioned == text:
        return  # a rebuild that changed nothing leaves every file as it was, the worker too
    stamped = worker.with_name(worker.name + ".new")
    stamped.write_text(versioned, encoding="utf-8")
    os.replace(stamped, worker)  # a phone that checks meanwhile gets one whole worker, never half of one


def write_sitemap(settings, output, files):
    """sitemap.xml, of the .html pages among `files` (the output's OutputFiles) outside the search
    index's folders."""
    siteurl = settings.get("SITEURL") or ""
    if not siteurl:
        return  # a sitemap needs absolute addresses
    pages = sorted(relative for relative, _, _ in files.files(lambda relative: not relative.endswith(".html"),
                                                              outside=["pagefind/"]))
    urls = [f"{siteurl}/{page[:-len('index.html')] if page.endswith('index.html') else page}"
            for page in pages if page not in SKIP_SITEMAP]
    body = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in urls)
    (output / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n', encoding="utf-8")
    files.changed("sitemap.xml")


class Compression:
    """.gz and .br beside every text file, started at once on every core; unchanged files come from
    the cache. finish() waits, then compresses the files added or replaced since (the search index,
    the search page), and returns {relative path: digest of its content} of the files it read.

    A file whose size and time are those `record` (the folder's FileDigests for this purpose) knows
    is not read: its cache key is the one recorded. A publish into a fresh folder holds most files
    as hard links to the release now published, whose record says what they are; reading and
    digesting a province's 14,700 text files again took seconds of both cores while Pagefind,
    the last step to end, ran."""

    def __init__(self, output, store, record, listing):
        self.output, self.store, self.record, self.listing = output, store, record, listing
        self.prefix = len(os.path.join(output, ""))  # files are under output: os.path.relpath takes longer
        self.files = _text_files(listing)
        self.work = ForkedMap(self._compress, [(file, record.known(self._relative(file), stamped))
                                               for file, stamped in self.files.items()])

    def _relative(self, file):
        return file[self.prefix:].replace(os.sep, "/")

    def _compress(self, job):
        file, key = job
        if key is None:
            return compress_file(self.store, file)
        link_copies(self.store, key, file)
        return key

    def finish(self):
        keys = dict(zip(self.files, self.work.results()))
        later = {file: stamped for file, stamped in _text_files(self.listing).items() if self.files.get(file) != stamped}
        keys.update(zip(later, forked_map(self._compress, [(file, None) for file in later], parallel=len(later) > FEW_FILES)))
        self.store.prune({key for key in keys.values() if key})
        stamps = {**self.files, **later}
        found = {self._relative(file): (key, stamps[file]) for file, key in keys.items() if key}
        self.record.keep({relative: [stamped, key] for relative, (key, stamped) in found.items()})
        return {relative: key for relative, (key, _) in found.items()}


def _text_files(listing):
    """{path: stamp (datafile.digests.stamp: size and time)} of every file in the listing (the
    output's OutputFiles) that gets compressed copies."""
    return {path: stamp(info) for relative, path, info in listing.files()
            if os.path.splitext(relative)[1] in COMPRESS}


def compress_file(store, file):
    """The cache key of the file's compressed copies (a digest of its content), linked in beside
    it; None for a tiny file, which is not compressed."""
    data = _read(file)
    if len(data) < 256:
        return None
    key = digest(data, GZIP_LEVEL, BROTLI_QUALITY)
    for suffix, make in COPIES:
        if not store.path(key, suffix).exists():
            store.put(key, suffix, make(data))
        store.link(key, suffix, file + suffix, lambda make=make: make(data))
    return key


def link_copies(store, key, file):
    """Link in the compressed copies of a file whose cache key is known; the file is read only
    if another build's prune removed them from the cache."""
    for suffix, make in COPIES:
        store.link(key, suffix, file + suffix, lambda make=make: make(_read(file)))


def _read(file):
    with open(file, "rb") as handle:
        return handle.read()


COPIES = ((".gz", lambda data: gzip.compress(data, GZIP_LEVEL, mtime=0)),
          (".br", lambda data: brotli.compress(data, quality=BROTLI_QUALITY)))
