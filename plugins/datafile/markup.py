"""Markdown from editors, made safe: rendered, then cleaned by an allow-list sanitizer.

Editors write Markdown, never HTML. Whatever Markdown lets through (raw HTML, the `extra`
extension's attribute lists such as `{: onerror="…" }`, `javascript:` and `data:` links, reference
links) is removed after rendering by nh3 (the Ammonia sanitizer): only the tags Markdown itself
makes, a few harmless attributes, and links to http, https, mailto, tel or a relative address
remain. Images must come from our own host (a relative address).

`source_warnings()` finds those constructs in the Markdown source, so that `make check` and the
build can tell the editor, with `file:line`, why something vanished from the page.
"""

import re

import markdown
import nh3

URL_SCHEMES = {"http", "https", "mailto", "tel"}
TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
        "a", "img", "abbr", "sup", "sub", "div", "span"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "sup": {"id"},   # footnotes link to and from these ids
    "li": {"id"},
}

_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}|\{\s*[#.][^}]*\}")
_LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*):[^>\s]*>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--")
_OTHER_HOST_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_OUR_IMAGE = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?!//)")  # a relative address: no scheme, no host


def _keep(element, attribute, value):
    if element == "img" and attribute == "src" and not _OUR_IMAGE.match(value):
        return None  # an image from another host
    return value


def new_markdown():
    """The Markdown every editor's page is written in: python-markdown with `extra` and `sane_lists`."""
    return markdown.Markdown(extensions=["extra", "sane_lists"])


def render(markdown, text, escape_html=True):
    """Markdown (a python-markdown instance) to clean HTML. With escape_html, `<` and `&` are
    escaped first, so HTML an editor types shows on the page as text."""
    return clean(_convert(markdown, text, escape_html))


def warnings(markdown, text, first_line=1, escape_html=True):
    """[(line, message)] for what render() removes from this Markdown, found in the source where
    possible, else said once at the first line."""
    found = source_warnings(text, first_line, html_shown_as_text=escape_html)
    if not found and removed_anything(_convert(markdown, text, escape_html)):
        found.append((first_line, "正文里有一些写法网页上会被去掉（HTML、属性写法、不安全的链接或别的网站的图片），请检查"))
    return found


def _convert(markdown, text, escape_html):
    markdown.reset()
    if escape_html:
        text = text.replace("&", "&amp;").replace("<", "&lt;")
    return markdown.convert(text)


def clean(html):
    """HTML from rendered Markdown, with everything outside the allow-list removed."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_keep, link_rel="noopener noreferrer")


def source_warnings(text, first_line=1, html_shown_as_text=True):
    """[(line, what is wrong and what happens to it)] for the constructs clean() removes.

    `html_shown_as_text`: the renderer escapes `<` first (FAQ pages, the school letter), so HTML
    appears on the page as text; otherwise (Pelican's pages) it is removed."""
    found = []
    for offset, row in enumerate(text.splitlines()):
        line = first_line + offset
        if _ATTRIBUTE_LIST.search(row):
            found.append((line, "这里有 {: …} 或 {#…} 这样的属性写法，网页上会被去掉。请删去大括号里的内容，只写文字"))
        schemes = [m.group(1).lower() for pattern in (_LINK_SCHEME, _REFERENCE, _AUTOLINK) for m in pattern.finditer(row)]
        for scheme in schemes:
            if scheme not in URL_SCHEMES:
                found.append((line, f"链接用了「{scheme}:」开头的地址，网页上会被去掉。"
                                    "链接只能是 https:// 或 http:// 开头的网址、电话（tel:）、电子邮件（mailto:），或本站的页面"))
        if _OTHER_HOST_IMAGE.search(row):
            found.append((line, "图片只能用本站的图片（写相对地址，如 ../theme/图片.png）；别的网站的图片会被去掉"))
        if _TAG.search(row):
            found.append((line, "这里写了 HTML 标签。常见问题和告家长书不能写 HTML，标签会原样显示成文字，请改用 Markdown"
                          if html_shown_as_text else
                          "这里写了 HTML 标签。页面不能写 HTML，标签会被去掉，请改用 Markdown"))
    return found


def removed_anything(html):
    """Whether clean() removes an element, text, or a link's or image's address from this HTML.

    Other attributes (a table's alignment, a footnote's class) may go without notice. Both sides
    are passed through the sanitizer allowing everything but those attributes, so that harmless
    rewriting (`<hr />` as `<hr>`, entities as characters) does not count."""
    tags = {tag.lower() for tag in re.findall(r"<([A-Za-z][A-Za-z0-9]*)", html)}
    schemes = {scheme.lower() for scheme in re.findall(r"([A-Za-z][A-Za-z0-9+.-]*):", html)}

    def addresses_only(text):
        return nh3.clean(text, tags=tags, clean_content_tags=set(), attributes={"*": {"href", "src"}},
                         url_schemes=schemes, link_rel=None, strip_comments=False)

    return addresses_only(html) != addresses_only(clean(html))
