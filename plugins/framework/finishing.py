"""The last steps of a build, once every page is written: slow ones side by side, then in order.

Pelican's `finalized` signal calls its receivers in no fixed order (blinker keeps them in a set),
but these steps depend on each other: the search index adds files that the compressed copies and
the service worker's version must cover, and the record of what was built must see every file.
So no plugin connects to `finalized`. The framework does, and sends `site_written` instead:

- each receiver starts its slow work in other processes (Pagefind, the compressed copies on every
  core) and returns at once with a function that waits for that work and writes what it made, or
  None. Receivers run in the order of PLUGINS, so a plugin may clear files it owns before the
  plugins after it look at the output.
- Then those functions run one by one, in the order of PLUGINS: each sees every file that the
  plugins listed before it added. They add files or replace them whole; they remove none that a
  later plugin may be reading.

The two slowest steps of a province's build, Pagefind and compression, thus share the cores
instead of taking turns.

Every step that looks at the output's files takes them from one listing (`output_files`), made
when the first asks and shared by all: a step that adds, replaces or removes files says which
(`OutputFiles.changed`), so that the steps after it see them.

Then `site_finished` is sent, once every file is in place: for what tells an editor's open page
that the new site is there (the preview's status), which must not come before the search index
it would search.
"""

import os

import blinker

from datafile.digests import OutputFiles

site_written = blinker.signal("county-site-written")
site_finished = blinker.signal("county-site-finished")


# {output folder: its OutputFiles, or None until a step asks} while finish() runs for it.
_listings = {}


def output_files(output):
    """The OutputFiles of the output folder: while its build's last steps run, the one listing
    they share (a step that changes files tells it: OutputFiles.changed); otherwise listed now."""
    folder = os.path.abspath(output)
    if folder not in _listings:
        return OutputFiles(folder)
    if _listings[folder] is None:
        _listings[folder] = OutputFiles(folder)
    return _listings[folder]


def finish(pelican):
    """Pelican's `finalized` receiver: start every plugin's last steps, then complete them in order."""
    folder = os.path.abspath(pelican.output_path)
    _listings[folder] = None
    try:
        _finish(pelican)
    finally:
        _listings.pop(folder, None)


def _finish(pelican):
    order = {getattr(plugin, "__name__", str(plugin)): position for position, plugin in enumerate(pelican.plugins)}
    receivers = sorted(site_written.receivers_for(pelican),
                       key=lambda receiver: order.get(receiver.__module__.split(".")[0], len(order)))
    finishers = [receiver(pelican) for receiver in receivers]
    for complete in finishers:
        if complete is not None:
            complete()
    site_finished.send(pelican)
