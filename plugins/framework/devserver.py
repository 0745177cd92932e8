"""`make devserver` (and `make edit`): Pelican's autoreload and server, with two differences.

    PYTHONPATH=plugins python -m framework.devserver [pelican's arguments] --autoreload --listen

Pelican's autoreload loop starts the build again at once when it stopped on a mistake, so until
an editor fixes it the machine rebuilds every two seconds, a core busy and the build report
rewritten each time. Here a build that stopped waits for the next change, like one that passed.

And Pelican starts watching anew after each build, so a file saved while a build runs (the web
editor's second save, a few seconds after the first) went unseen until some later change. Here
one watcher (Pelican's paths and filter, through watchfiles, as Pelican does) runs for the whole
session, started before the first build: what changes during a build starts the next one.
Everything else is Pelican's own: its arguments, its settings and its server.
"""

import logging
import multiprocessing
import os
import sys

import pelican
import watchfiles
from pelican.utils import FileChangeFilter

from .collector import collect, resume

logger = logging.getLogger("pelican")

# How long, in milliseconds, the watcher waits in one go: it starts watching at once (the first
# wait ends after this long at most) and then checks a stop between waits.
WATCH_STEP_MS = 200


def watch(settings_file, settings):
    """A watcher of the paths Pelican's autoreload watches (pelican.utils.wait_for_changes's: the
    settings file, the theme, the content and STATIC_PATHS), running from now on; next_changes()
    gives what changed."""
    content = settings.get("PATH", "")
    candidates = [settings_file, settings.get("THEME", ""), content,
                  *(os.path.join(content, path) for path in settings.get("STATIC_PATHS", []))]
    paths = [os.path.abspath(path) for path in candidates if path and os.path.exists(path)]
    changes = watchfiles.watch(*paths, watch_filter=FileChangeFilter(ignore_file_patterns=set(settings.get("IGNORE_FILES", []))),
                               rust_timeout=WATCH_STEP_MS, yield_on_timeout=True)
    next(changes)  # the watcher runs from here on, between builds and during them
    return changes


def next_changes(watcher):
    """The next set of (change, path): at once if something changed since the last, else the
    first change to settle."""
    while True:
        found = next(watcher)
        if found:
            return found


def autoreload(args, excqueue=None):
    site, settings = pelican.get_instance(args)
    settings_file = os.path.abspath(args.settings)
    changes = watch(args.settings, settings)
    try:
        while True:
            try:
                site.run()
            except Exception as error:  # the build stopped: the console (and the build report) say why
                logger.warning('Caught exception:\n"%s".', error)
            finally:
                resume()  # however the build ended (framework/collector.py)
                collect()
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
