"""incremental: a preview build keeps the pages made from data when nothing they come from changed.

An editor who fixes one FAQ page should not wait while a province's 9,000 site, township and
school pages are drawn again. A generator whose pages come only from data files says so with a
`data_inputs()` method (the paths it reads). Before any page is written, this plugin digests
those files, the theme, our plugins' code and the settings; if the digest matches the one this
output folder was last built from, and that build's files are all still there, those generators
write nothing and their pages stay as they are.

Publish builds (PUBLISH = True) always write everything: `make publish` builds into a fresh
folder anyway, and a release should never depend on what an earlier build left behind.
"""

from pelican import signals


def decide(generators):
    from .state import decide as run
    run(generators)


def record_when_finished(pelican):
    """The record is made last (incremental comes last in PLUGINS): it lists every file written."""
    from .state import record
    return lambda: record(pelican)


def register():
    from framework.finishing import site_written
    signals.all_generators_finalized.connect(decide)
    site_written.connect(record_when_finished)
