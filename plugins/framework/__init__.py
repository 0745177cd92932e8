"""framework: what every feature plugin is built on. List it first in PLUGINS.

- `defaults`: DEFAULT_CONFIG, every setting with its default, meaning and check;
- `settings`: fills them in and checks them once, at Pelican's `initialized` signal;
- `context`: the entries generators share through Pelican's context, and who provides each;
- `generator`: FeatureGenerator, the base of our generators (declared context entries,
  page writing, stopping on bad input);
- `filters`: the template filters every page may use (dates, phone links);
- `pages`: Pelican's own pages (content/pages/) read with Markdown made safe;
- `outputs`: no two pages written to one file, checked before anything is written;
- `pagekeys`: the key of each planned page and file (what it is drawn from), so that a rebuild
  writes only what changed (the incremental plugin keeps the keys between builds);
- `content`: no symbolic link in the content folder that points outside the project;
- `settings_table`: the README's table of settings, made from the defaults;
- `finishing`: the steps after the last page (search index, compressed copies, the record of the
  build), started side by side and completed in the order of PLUGINS (`site_written`), with one
  listing of the output's files they share (`output_files`);
- `stopping`: `build_stopped`, sent when a mistake stops the build (a preview's report page);
- `collector`: Python's cycle collector paused while a build runs.
"""

import os

from pelican import signals


def complete_settings(pelican):
    from datafile.problems import DataError
    from .settings import complete
    from .content import outside_links
    try:
        complete(pelican.settings)
        problems = outside_links(pelican.settings)
        if problems:
            raise DataError(problems)
    except DataError as error:
        from .stopping import stopping
        error = stopping(pelican.settings, error)
        if pelican.settings.get("DEVSERVER"):
            raise error from None  # the devserver prints it and keeps watching pelicanconf.py
        raise SystemExit(str(error)) from None
    watch_data_files(pelican.settings)
    keep_compiled_templates(pelican.settings)


def keep_compiled_templates(settings):
    """Templates compiled once, not by every generator of every build: Jinja's bytecode cache, in
    our cache folder (whose safety datafile.cache checks). Jinja keys each entry by the template's
    name and text and its own version, so an edited template is compiled again. (Compiling took
    1.5 s of a county's 6 s build.)"""
    from jinja2 import FileSystemBytecodeCache
    from datafile.cache import Store
    folder = Store(settings, "templates").root
    folder.mkdir(parents=True, exist_ok=True)
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": FileSystemBytecodeCache(str(folder))}


WATCHED = ("SITES_FILE", "PLACES_FILE", "SCHOOLS_FILE", "GEOCODE_CACHE", "PROGRESS_DIR")


def watch_data_files(settings):
    # Pelican's autoreload watches STATIC_PATHS; list the data files there so that
    # `make devserver` rebuilds when one changes. Only for the devserver.
    if settings["DEVSERVER"]:
        data = [settings[key] for key in WATCHED if os.path.exists(settings[key])]
        settings["STATIC_PATHS"] = [*settings.get("STATIC_PATHS", []), *data]


def keep_data_files_unpublished(generator):
    # ...but they are watched, not published: take them off the static generator's list.
    settings = generator.settings
    if settings["DEVSERVER"]:
        data = [os.path.abspath(settings[key]) for key in WATCHED]
        inside = tuple(path + os.sep for path in data)
        generator.staticfiles[:] = [
            static for static in generator.staticfiles
            if os.path.abspath(static.source_path) not in data and not os.path.abspath(static.source_path).startswith(inside)]
        generator.context["staticfiles"] = generator.staticfiles


def use_safe_readers(readers):
    from .pages import use_safe_readers as run
    run(readers)


def check_outputs(generators):
    from datafile.problems import DataError
    from .outputs import check
    try:
        check(generators)
    except DataError as error:
        from .stopping import stopping
        error = stopping(generators[0].settings, error)
        if generators[0].settings.get("DEVSERVER"):
            raise error from None
        raise SystemExit(str(error)) from None


def add_filters(generator):
    from .filters import FILTERS
    generator.env.filters.update(FILTERS)


def finish_site(pelican):
    from .collector import resume
    from .finishing import finish
    try:
        finish(pelican)
    finally:
        resume()


def pause_collector(pelican):
    from .collector import pause
    pause()


def register():
    signals.get_generators.connect(pause_collector)  # sent at the start of every build
    signals.finalized.connect(finish_site)
    signals.initialized.connect(complete_settings)
    signals.generator_init.connect(add_filters)
    signals.static_generator_finalized.connect(keep_data_files_unpublished)
    signals.readers_init.connect(use_safe_readers)
    signals.all_generators_finalized.connect(check_outputs)
