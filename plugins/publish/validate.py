"""Check a built site before it is published: well-formed HTML, no link that runs code
(javascript:, data:, vbscript:), and every internal link and asset (with its #anchor) found in the
build. Returns problems in words; an empty list means publishable.

Each page is parsed once, by html5lib (whose parse errors are the well-formedness check), and its
tree walked for the links; the pages are shared out among the cores."""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

from datafile.pool import forked_map

# {tag or "*" (any): the attributes holding an address to find in the build}
REFS = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",), "form": ("action",),
        "*": ("data-markers", "data-markers-index")}
# Addresses that run code or carry a document of their own: never in a published page.
UNSAFE = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
UNSAFE_REFS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
               "embed": "src", "object": "data", "form": "action", "button": "formaction", "source": "src",
               "video": "src", "audio": "src"}
# Below this many pages, starting worker processes costs more than it saves.
FEW_PAGES = 100


def validate(folder, siteurl="", pages=None, links_out=False):
    """pages: the relative paths of the pages to check (None: every page in the folder).
    links_out: a link that leaves the folder ("../<county>/…" from a region's shard) passes."""
    folder = Path(folder)
    if pages is None:
        pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
                       if "pagefind" not in p.relative_to(folder).parts)
    ids_cache = {}
    found = forked_map(lambda page: _check(folder, page, siteurl, ids_cache, links_out), pages, parallel=len(pages) > FEW_PAGES)
    return [problem for problems in found for problem in problems]


def _check(folder, rel, siteurl, ids_cache, links_out):
    text = (folder / rel).read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    tree = parser.parse(text)
    problems = [f"{rel}:{line}: HTML 格式错误（{code}）" for (line, _), code, _ in parser.errors[:3]]
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        unsafe = UNSAFE_REFS.get(tag)
        if unsafe and _runs_code(element.get(unsafe)):
            problems.append(f"{rel}: 不安全的链接（会运行代码）：{element.get(unsafe)[:60]}")
        for attribute in REFS.get(tag, ()) + REFS["*"]:
            ref = element.get(attribute)
            if ref and not _runs_code(ref) and not _resolves(folder, rel, ref, siteurl, ids_cache, links_out):
                problems.append(f"{rel}: 链接指向的文件或锚点不存在：{ref}")
    return problems
def _runs_code(address):
    # Browsers ignore control characters and spaces in a scheme ("java\tscript:"), so do we.
    return bool(address) and bool(UNSAFE.match(re.sub(r"[\x00-\x20]", "", address)))


def _resolves(folder, page, ref, siteurl, ids_cache, links_out=False):
    if siteurl and ref.startswith(siteurl):
        ref = "/" + ref[len(siteurl):].lstrip("/")
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith(("mailto:", "tel:")):
        return True  # another site, or not a file
    path = unquote(parts.path)
    if path.startswith("/"):
        target = path.lstrip("/")
    elif path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        target = page
    if links_out and (target == ".." or target.startswith("../")):
        return True
    file = folder / target if target not in (".", "") else folder
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return False
    if parts.fragment and file.suffix == ".html":
        if file not in ids_cache:
            ids_cache[file] = set(re.findall(r'\bid="([^"]+)"', file.read_text(encoding="utf-8")))
        return unquote(parts.fragment) in ids_cache[file]
    return True
