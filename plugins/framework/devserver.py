"""`make devserver` (and `make edit`): Pelican's autoreload and server, with one difference.

    PYTHONPATH=plugins python -m framework.devserver [pelican's arguments] --autoreload --listen

Pelican's autoreload loop starts the build again at once when it stopped on a mistake, so until
an editor fixes it the machine rebuilds every two seconds, a core busy and the build report
rewritten each time. Here a build that stopped waits for the next change, like one that passed.
Everything else is Pelican's own: its arguments, its settings, its file watcher and its server.
"""

import logging
import multiprocessing
import os
import sys

import pelican
from pelican.utils import wait_for_changes

logger = logging.getLogger("pelican")


def autoreload(args, excqueue=None):
    site, settings = pelican.get_instance(args)
    settings_file = os.path.abspath(args.settings)
    try:
        while True:
            try:
                site.run()
            except Exception as error:  # the build stopped: the console (and the build report) say why
                logger.warning('Caught exception:\n"%s".', error)
            changed = {path for _, path in wait_for_changes(args.settings, settings)}
            if settings_file in changed:
                try:
                    site, settings = pelican.get_instance(args)
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
