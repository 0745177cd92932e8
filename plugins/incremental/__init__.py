"""incremental: a preview build writes only the pages and files whose inputs changed.

An editor who fixes one phone number should not wait while a province's 11,000 pages are drawn
again. Every page our generators plan has a key, a digest of what it is drawn from
(framework/pagekeys.py); this plugin keeps, per output folder, the key each file was written
with, and gives the generators those keys before any page is written. A page whose key is
unchanged, and whose file is still there, is left as it is.

A publish build (PUBLISH = True) goes into a fresh folder, and draws every page there, except
for what the release now published holds as it would be drawn now: `make publish` names that
release (INCREMENTAL_FROM), and a page whose key is the one the release's file was written with
is linked in from it (a hard link: releases are never written into once built, and a build
replaces a file whole, never in place). A file whose size or time is not what the record says
(someone changed it on the server) is drawn again. The record of a release's keys is kept by
the identity of its folder, which publish/release.py's rename keeps. The new release is checked
whole, as always, before it is published.
"""

from pelican import signals


def decide(generators):
    from .state import decide as run
    run(generators)


def record_when_finished(pelican):
    """The record is made last (incremental comes last in PLUGINS), once every file is written."""
    from .state import record
    return lambda: record(pelican)


def register():
    from framework.finishing import site_written
    signals.all_generators_finalized.connect(decide)
    site_written.connect(record_when_finished)
