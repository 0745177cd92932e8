"""FeatureGenerator: what every generator of ours shares on top of Pelican's Generator.

- `needs` and `provides` declare the context entries it reads and writes (framework/context.py);
  the entries it needs are checked before its generate_context runs.
- `stop_on_bad_input()`: a DataError (a mistake in an editor's file or a setting) ends the build
  with its report in Chinese and no traceback; under `make devserver` it is raised instead, so
  that Pelican's autoreload prints it and keeps watching. Generators load the county model in
  __init__ under it: all generators are made before any writes a file, so bad data stops the
  build with the output untouched.
- `write_page()`: one page from a template, with the page's address and the build's URL style.
- `url()` and `save_as()`: the address and file of a page from its *_URL / *_SAVE_AS settings.
"""

import contextlib

from pelican.generators import Generator

from datafile.problems import DataError

from . import context
from .settings import COMPLETED


class FeatureGenerator(Generator):
    needs = ()        # context entries this generator or its templates read, provided by earlier plugins
    provides = ()     # context entries its generate_context adds

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.settings.get(COMPLETED):
            raise SystemExit("pelicanconf.py 的 PLUGINS 里要有 \"framework\"，并且排在第一个："
                             "它补全并检查所有设置，其他插件都靠它。")

    @contextlib.contextmanager
    def stop_on_bad_input(self):
        try:
            yield
        except (DataError, context.ContractError) as error:
            if self.settings.get("DEVSERVER"):
                raise
            raise SystemExit(str(error)) from None

    def stop_on(self, problems):
        """Stop the build, as stop_on_bad_input() does, when there are problems."""
        if problems:
            with self.stop_on_bad_input():
                raise DataError(problems)

    def generate_context(self):
        """Check that every entry this generator needs is there; subclasses call this first."""
        with self.stop_on_bad_input():
            for key in self.needs:
                context.need(self, key)

    def need(self, key):
        with self.stop_on_bad_input():
            return context.need(self, key)

    def provide(self, **entries):
        undeclared = sorted(set(entries) - set(self.provides))
        if undeclared:
            raise context.ContractError(f"{type(self).__name__} provides {undeclared} without declaring them in `provides`")
        context.provide(self, entries)

    def url(self, page, **fields):
        return self.settings[f"{page}_URL"].format(**fields)

    def save_as(self, page, **fields):
        return self.settings[f"{page}_SAVE_AS"].format(**fields)

    def write_page(self, writer, save_as, template, url, relative_urls=None, **page):
        """Write one page. `page` holds what its template reads beyond the shared context;
        `url` is its address (templates mark the menu item of the page they are on)."""
        writer.write_file(save_as, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"] if relative_urls is None else relative_urls,
                          url=url, current_url=url, **page)
