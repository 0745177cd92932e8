"""Pelican's own pages (content/pages/), read as the other editors' pages are: Markdown made safe.

Pelican renders Markdown and passes raw HTML through. The readers here render as Pelican does,
then clean the HTML with the allow-list of datafile/markup.py, and warn (file:line) about what
was removed; `check()` gives `make check` the same warnings.
"""

import logging
from pathlib import Path

from pelican.readers import HTMLReader, MarkdownReader

from datafile import markup
from datafile.problems import Problem

logger = logging.getLogger(__name__)


def _warnings(path, rendered):
    text = Path(path).read_text(encoding="utf-8")
    found = markup.source_warnings(text, html_shown_as_text=False)
    if not found and markup.removed_anything(rendered):
        found.append((1, "页面里有一些写法网页上会被去掉（HTML、属性写法、不安全的链接或别的网站的图片），请检查"))
    return [Problem(Path(path).name, line, message) for line, message in found]


class _Safe:
    def read(self, source_path):
        content, metadata = super().read(source_path)
        for warning in _warnings(source_path, content):
            logger.warning("%s", warning)
        return markup.clean(content), metadata


class SafeMarkdownReader(_Safe, MarkdownReader):
    pass


class SafeHTMLReader(_Safe, HTMLReader):
    pass


def use_safe_readers(readers):
    """At Pelican's readers_init: read Markdown and HTML pages with the safe readers."""
    for cls in (SafeMarkdownReader, SafeHTMLReader):
        for extension in cls.file_extensions:
            if extension in readers.reader_classes:
                readers.reader_classes[extension] = cls


def check(settings):
    """(problems, warnings, summary) for the pages in PAGE_PATHS, for `make check`."""
    warnings, count = [], 0
    readers = {cls.file_extensions[0]: cls for cls in (MarkdownReader, HTMLReader)}
    for folder in settings.get("PAGE_PATHS", []):
        for path in sorted((Path(settings["PATH"]) / folder).rglob("*")):
            reader = next((cls for cls in readers.values() if path.suffix.lstrip(".") in cls.file_extensions), None)
            if reader and path.is_file():
                content, _ = reader(settings).read(str(path))
                warnings += _warnings(path, content)
                count += 1
    return [], warnings, f"页面 {count} 个" if count else ""
