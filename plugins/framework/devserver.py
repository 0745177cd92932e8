"""`make devserver` (and `make edit`): Pelican's autoreload and server, with a few differences.

    PYTHONPATH=plugins python -m framework.devserver [pelican's arguments] --autoreload --listen

Pelican's autoreload loop starts the build again at once when it stopped on a mistake, so until
an editor fixes it the machine rebuilds every two seconds, a core busy and the build report
rewritten each time. Here a build that stopped waits for the next change, like one that passed.

And Pelican starts watching anew after each build, so a file saved while a build runs (the web
editor's second save, a few seconds after the first) went unseen until some later change. Here
one watcher (Pelican's paths and filter, through watchfiles, as Pelican does) runs for the whole
session, started before the first build: what changes during a build starts the next one.

A file saved with the text it had (an editor's second save, a spreadsheet imported again that
writes the same `sites.yaml`, a `git checkout` of the same content) starts no build: the digest of
every watched file is kept from the last build's start, and a change that leaves them all as they
were is reported and skipped (a province preview takes seconds even with nothing to write).

Between builds, what the last build made is freed (between_builds()): Pelican's own autoreload
keeps every build's pages and contexts alive, and the process grows with every save.

Everything else is Pelican's own: its arguments, its settings and its server.
"""

import logging
import multiprocessing
import os
import sys

import pelican
import watchfiles
from pelican.contents import Content
from pelican.utils import FileChangeFilter

from datafile.cache import digest

from .collector import collect, resume

logger = logging.getLogger("pelican")

# How long, in milliseconds, the watcher waits in one go: it starts watching at once (the first
# wait ends after this long at most) and then checks a stop between waits.
WATCH_STEP_MS = 200


def watched_paths(settings_file, settings):
    """The paths Pelican's autoreload watches (pelican.utils.wait_for_changes's: the settings
    file, the theme, the content and STATIC_PATHS), those that exist."""
    content = settings.get("PATH", "")
    candidates = [settings_file, settings.get("THEME", ""), content,
                  *(os.path.join(content, path) for path in settings.get("STATIC_PATHS", []))]
    return [os.path.abspath(path) for path in candidates if path and os.path.exists(path)]


def watch(settings_file, settings):
    """A watcher of the watched paths, running from now on; next_changes() gives what changed."""
    changes = watchfiles.watch(*watched_paths(settings_file, settings),
                               watch_filter=FileChangeFilter(ignore_file_patterns=set(settings.get("IGNORE_FILES", []))),
                               rust_timeout=WATCH_STEP_MS, yield_on_timeout=True)
    next(changes)  # the watcher runs from here on, between builds and during them
    return changes


class Contents:
    """The digest of every watched file as it was when the last build started."""

    def __init__(self, paths):
        self.digests = {}
        for path in paths:
            files = [path] if os.path.isfile(path) else (
                os.path.join(folder, name) for folder, _, names in os.walk(path) for name in names)
            for file in files:
                self.digests[file] = _file_digest(file)

    def changed(self, paths):
        """Whether any of these paths (that the watcher says changed) holds something else than
        when the last build started: a file with other content, a new file, a file gone, or a
        folder. A file that came and went between builds (an editor's temporary file, renamed
        over the one it saves) is no change. What they hold now is kept."""
        changed = False
        for path in paths:
            now = _file_digest(path)
            if now != self.digests.get(path) or (now is None and os.path.isdir(path)):
                changed = True
            if now is None:
                self.digests.pop(path, None)
            else:
                self.digests[path] = now
        return changed


def _file_digest(path):
    """The digest of a file's content; None for a folder or a path that is not there."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except (IsADirectoryError, FileNotFoundError, PermissionError):
        return None


def next_changes(watcher):
    """The next set of (change, path): at once if something changed since the last, else the
    first change to settle."""
    while True:
        found = next(watcher)
        if found:
            return found


def between_builds():
    """Free what the build that ended leaves behind, before the next one starts.

    Pelican memoizes each page's HTML (Content.get_content and get_summary) in a dict on the
    class, keyed by the page object. So every page of every build stayed alive, and with each
    page the whole context it was built with. At province scale that is the model and every
    context, about 95 MB per build: a clerk's `make edit` grew by a gigabyte every ten saves.
    A fresh build fills those memos again as it draws its pages."""
    resume()  # framework/collector.py
    for name in ("get_content", "get_summary"):
        vars(Content)[name].cache.clear()
    collect()


def autoreload(args, excqueue=None):
    site, settings = pelican.get_instance(args)
    settings_file = os.path.abspath(args.settings)
    changes = watch(args.settings, settings)
    contents = Contents(watched_paths(args.settings, settings))
    try:
        while True:
            try:
                site.run()
            except Exception as error:  # the build stopped: the console (and the build report) say why
                logger.warning('Caught exception:\n"%s".', error)
            finally:
                between_builds()  # however the build ended
            changed = {path for _, path in next_changes(changes)}
            while not contents.changed(changed):
                print(f"\n-> 文件保存了，但内容和上次生成时一样，不重新生成：{'、'.join(sorted(changed))}", flush=True)
                changed = {path for _, path in next_changes(changes)}
            if settings_file in changed:
                try:
                    site, settings = pelican.get_instance(args)
                    changes.close()
                    changes = watch(args.settings, settings)  # the settings may name other paths
                except Exception as error:  # a wrong setting: go on with the settings read before
                    logger.warning('Caught exception:\n"%s".', error)
            print(f"\n-> Modified: {', '.join(sorted(changed))}. re-generating...", flush=True)
    except KeyboardInterrupt:
        if excqueue is not None:
            excqueue.put(None)
            return
        raise


def main(argv=None):
    args = pelican.parse_arguments(argv)
    pelican.init_logging(level=args.verbosity, fatal=args.fatal, name="pelican",
                         handler=pelican.LOG_HANDLERS[args.log_handler],
                         logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))
    if not args.autoreload:
        return pelican.main(argv)
    _, settings = pelican.get_instance(args)
    if not args.listen:
        autoreload(args)
        return 0
    # As Pelican runs the two: each in its own process, stopped together.
    excqueue = multiprocessing.Queue()
    watcher = multiprocessing.Process(target=autoreload, args=(args, excqueue))
    server = multiprocessing.Process(target=pelican.listen, args=(
        settings.get("BIND"), settings.get("PORT"), settings.get("OUTPUT_PATH"), excqueue))
    try:
        watcher.start()
        server.start()
        problem = excqueue.get()
        if problem is not None:
            logger.critical(problem)
    except KeyboardInterrupt:
        logger.warning("Keyboard interrupt received. Exiting.")
    finally:
        watcher.terminate()
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
