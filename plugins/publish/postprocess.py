"""After the build: the sitemap, then for publish builds fingerprinted names and .gz/.br copies."""

import gzip
import hashlib
import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape

import brotli

logger = logging.getLogger(__name__)

# Files that pages name directly, and so can be renamed by content and cached for a year.
FINGERPRINT = ["theme/site.css", "theme/site.js", "theme/head.js", "maps/*.js", "maps/data/**/*.json",
               "theme/vendor/**/*.js", "theme/vendor/**/*.css"]
# Open data (data/) keeps fixed addresses: others link to it.
# Files whose text may name a fingerprinted file.
REWRITE = ("*.html", "*.js", "*.css", "*.json", "*.webmanifest", "*.xml", "*.txt")
COMPRESS = (".html", ".css", ".js", ".json", ".geojson", ".csv", ".xml", ".svg", ".txt", ".webmanifest", ".mjs")
SKIP_SITEMAP = {"404.html", "search/index.html"}


def finalize(settings, output):
    output = Path(output)
    write_sitemap(settings, output)
    if settings.get("PUBLISH"):
        fingerprint(output)
        compress(output)


def write_sitemap(settings, output):
    siteurl = settings.get("SITEURL") or ""
    if not siteurl:
        return  # a sitemap needs absolute addresses
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html")
                   if "pagefind" not in p.parts)
    urls = [f"{siteurl}/{page[:-len('index.html')] if page.endswith('index.html') else page}"
            for page in pages if page not in SKIP_SITEMAP]
    body = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in urls)
    (output / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n', encoding="utf-8")


def fingerprint(output):
    """Rename files to name.<hash>.ext and point every reference at the new name."""
    renames = {}
    for pattern in FINGERPRINT:
        for path in sorted(output.glob(pattern)):
            if re.search(r"\.[0-9a-f]{10}\.\w+$", path.name):
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            new = path.with_name(f"{path.stem}.{digest}{path.suffix}")
            renames[path.relative_to(output).as_posix()] = new.relative_to(output).as_posix()
    if not renames:
        return
    # One simple scan for anything shaped like a fingerprintable path, then a dictionary look-up:
    # an alternation of thousands of names (one per township's map data) was the slow part.
    pattern = re.compile(r"(?:theme|maps)/[\w./-]+?\.(?:css|js|json)(?![\w.])")
    for glob in REWRITE:
        for path in output.rglob(glob):
            if "pagefind" in path.parts or path.relative_to(output).as_posix() in renames:
                continue
            text = path.read_text(encoding="utf-8")
            new_text = pattern.sub(lambda m: renames.get(m.group(0), m.group(0)), text)
            if new_text != text:
                path.write_text(new_text, encoding="utf-8")
    for old, new in renames.items():
        (output / old).rename(output / new)


def compress(output):
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in COMPRESS:
            data = path.read_bytes()
            if len(data) < 256:
                continue
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
            # Quality 9: within a few per cent of 11 in size, and many times faster over a province.
            path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=9))
