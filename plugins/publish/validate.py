"""Check a built site before it is published: well-formed HTML, no link that runs code
(javascript:, data:, vbscript:), and every internal link and asset (with its #anchor) found in the
build. Returns problems in words; an empty list means publishable."""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from bs4 import BeautifulSoup

REFS = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"),
        ("[data-markers]", "data-markers")]
# Addresses that run code or carry a document of their own: never in a published page.
UNSAFE = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
UNSAFE_REFS = [("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
               ("iframe", "src"), ("embed", "src"), ("object", "data"), ("form", "action"), ("button", "formaction"),
               ("source", "src"), ("video", "src"), ("audio", "src")]


def validate(folder, siteurl="", pages=None):
    """pages: the relative paths of the pages to check (None: every page in the folder)."""
    folder = Path(folder)
    if pages is None:
        pages = [p for p in folder.rglob("*.html") if "pagefind" not in p.relative_to(folder).parts]
    else:
        pages = [folder / page for page in pages]
    ids_cache = {}
    problems = []
    for page in pages:
        rel = page.relative_to(folder).as_posix()
        text = page.read_text(encoding="utf-8")
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(text)
        for (line, col), code, data in parser.errors[:3]:
            problems.append(f"{rel}:{line}: HTML 格式错误（{code}）")
        soup = BeautifulSoup(text, "html.parser")
        for tag, attribute in UNSAFE_REFS:
            for element in soup.find_all(tag, attrs={attribute: _runs_code}):
                problems.append(f"{rel}: 不安全的链接（会运行代码）：{element[attribute][:60]}")
        for selector, attribute in REFS:
            for element in soup.select(selector):
                ref = element.get(attribute)
                if ref and not _resolves(folder, rel, ref, siteurl, ids_cache):
                    problems.append(f"{rel}: 链接指向的文件或锚点不存在：{ref}")
    return problems


def _runs_code(address):
    # Browsers ignore control characters and spaces in a scheme ("java\tscript:"), so do we.
    return bool(address) and bool(UNSAFE.match(re.sub(r"[\x00-\x20]", "", address)))


def _resolves(folder, page, ref, siteurl, ids_cache):
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
