"""search: a search page and a Pagefind index of the built site, made offline after each build.

Pagefind (the `pagefind[extended]` package, which segments Chinese) indexes the elements marked
`data-pagefind-body`: FAQ pages, site pages, township pages with their village tables, the glossary.
"""

import logging
import subprocess
import sys

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {"SEARCH_INDEX": True, "SEARCH_URL": "search/", "SEARCH_SAVE_AS": "search/index.html"}


def get_generators(pelican):
    from .generator import SearchGenerator
    return SearchGenerator


def build_index(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    if not pelican.settings["SEARCH_INDEX"]:
        return
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--silent"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("搜索索引（Pagefind）没有建成：\n" + (result.stderr or result.stdout).strip()
                         + "\n请运行 make install 重新安装依赖后再试。")


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(build_index)
