"""FeatureGenerator: what every generator of ours shares on top of Pelican's Generator.

- `needs` and `provides` declare the context entries it reads and writes (framework/context.py);
  the entries it needs are checked before its generate_context runs.
- `stop_on_bad_input()`: a DataError (a mistake in an editor's file or a setting) ends the build
  with its report in Chinese and no traceback; under `make devserver` it is raised instead, so
  that Pelican's autoreload prints it and keeps watching. Either way `build_stopped` is sent first
  (framework/stopping.py), and the report lists what its receivers found besides. A generator's
  `data_loader` (the county model) runs in __init__ under it: all generators are made before any
  writes a file, so bad data stops the build with the output untouched.
- `add_page()` and `add_file()`: what the generator will write, planned in generate_context;
  generate_output writes the plan. Because every output path is known before anything is
  written, two pages that would land on one file are caught first (framework/outputs.py).
- `url()` and `save_as()`: the address and file of a page from its *_URL / *_SAVE_AS settings.
- `pages_written` is sent (sender: the generator) once it has written its plan. Pelican writes
  the generators one after another, in their order, so every generator before it has written too:
  work over finished pages may start then (the search index does).
"""

import contextlib
from dataclasses import dataclass, field

import blinker
from pelican.generators import Generator

from datafile.fields import write_files
from datafile.pool import ForkedCall, forked_map
from datafile.problems import DataError

from . import context
from .settings import COMPLETED, DRY_RUN
from .stopping import stopping

pages_written = blinker.signal("county-pages-written")


@dataclass
class PlannedPage:
    save_as: str
    template: str
    url: str
    origin: str                      # what the page is, for a message about a clash: "名词解释页"
    where: tuple = ()                # (file, line) of the editor's text that names the page, if any
    relative_urls: object = None     # None: the build's RELATIVE_URLS
    values: dict = field(default_factory=dict)
    reads: object = None             # the parts of context entries its template reads (framework/pagekeys.py)


class FeatureGenerator(Generator):
    needs = ()        # context entries this generator or its templates read, provided by earlier plugins
    provides = ()     # context entries its generate_context adds
    # A function(settings) that loads what the pages are made from (county.cache.load), called
    # under stop_on_bad_input() when the generator is made, into self.data.
    data_loader = None
    # framework.pagekeys.PageKeys, set by the incremental plugin before any page is written: the
    # keys of the outputs the folder holds. None: write everything.
    page_keys = None
    # The settings naming the files and folders its pages' values are made from (besides the
    # settings, the theme and our code), such as framework.context.COUNTY_FILES: when they are
    # unchanged, a rebuild keeps its pages without digesting them (framework/pagekeys.py).
    # None: not known.
    made_from = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned_pages = []
        self.planned_files = {}       # output path -> text
        self._files_soon = []         # ForkedCalls whose {output path: text} are planned files too
        if not self.settings.get(COMPLETED):
            raise SystemExit("pelicanconf.py 的 PLUGINS 里要有 \"framework\"，并且排在第一个："
                             "它补全并检查所有设置，其他插件都靠它。")
        if self.data_loader is not None:
            with self.stop_on_bad_input():
                self.data = self.data_loader(self.settings)

    @contextlib.contextmanager
    def stop_on_bad_input(self):
        try:
            yield
        except (DataError, context.ContractError) as error:
            error = stopping(self.settings, error)  # build_stopped: a preview's report lists every mistake
            if self.settings.get("DEVSERVER") or self.settings.get(DRY_RUN):
                raise error from None  # the devserver prints it and keeps watching; make check reports it
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

    def add_page(self, save_as, template, url, origin="", where=(), relative_urls=None, reads=None, **values):
        """Plan one page. `values` are what its template reads beyond the shared context; `url` is
        its address (templates mark the menu item of the page they are on); `origin` and `where`
        say what it is and which editor's line names it; `reads` lists the parts of the shared
        context its template reads, as paths such as ("maps", "sites", site_id) (None: all of it),
        so that a rebuild draws it again only when they change (framework/pagekeys.py)."""
        self.planned_pages.append(PlannedPage(save_as, template, url, origin or template, where, relative_urls, values,
                                              reads))

    def add_file(self, path, text):
        """Plan one file that is not a page (data, scripts)."""
        self.planned_files[path] = text

    def add_files_soon(self, make):
        """Plan the files make() returns ({output path: text}), made meanwhile in a forked child:
        for files made from the model alone, which the pages do not read (the open data, the
        finder's data). The contexts are made one after another on one core; this uses the other.
        Their paths and texts are waited for when the plan is read (outputs(), at the end of the
        contexts, and generate_output())."""
        self._files_soon.append(ForkedCall(make))

    def _planned_files(self):
        while self._files_soon:
            with self.stop_on_bad_input():
                self.planned_files.update(self._files_soon.pop(0).result())
        return self.planned_files

    def outputs(self):
        """[(output path, what it is, (file, line) or ())] for everything planned, for the check
        that no two collide."""
        return ([(page.save_as, page.origin, page.where) for page in self.planned_pages]
                + [(path, f"数据文件 {path}", ()) for path in self._planned_files()])

    def before_drawing(self, pages):
        """Called with the PlannedPages about to be drawn, once it is known which: fill in what
        only drawing needs (a QR code's picture). Their keys are made without it."""

    def generate_output(self, writer):
        """Write the plan: the files, then the pages; many pages are drawn on every core (forked
        workers that share everything the pages are made from: nothing is copied to them).

        With `page_keys` (set by the incremental plugin), an output whose key is the one the
        folder's file was written with is left as it is."""
        keys = self.page_keys
        files, pages = self._planned_files(), self.planned_pages
        if keys is not None:
            files = {path: text for path, text in files.items() if not keys.unchanged(path, keys.file_key(text))}
            pages = keys.changed_pages(pages, self.made_from, self.context)
        write_files(self.output_path, files)
        self.before_drawing(pages)
        templates = {page.template: self.get_template(page.template) for page in pages}

        def write(position):
            page = pages[position]
            relative = self.settings["RELATIVE_URLS"] if page.relative_urls is None else page.relative_urls
            writer.write_file(page.save_as, templates[page.template], self.context, relative_urls=relative,
                              url=page.url, current_url=page.url, **page.values)

        # Workers get positions, not pages: they see the pages through fork, and nothing is pickled.
        forked_map(write, range(len(pages)), parallel=len(pages) > self.settings["PARALLEL_PAGES"])
        pages_written.send(self)
