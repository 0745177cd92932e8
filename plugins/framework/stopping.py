"""When a build stops on bad input: `build_stopped`, sent just before the error is raised.

Every place that stops the build on a mistake in an editor's file or a setting (the settings at
Pelican's `initialized`, a generator's stop_on_bad_input(), the check that no two outputs
collide) asks `stopping(settings, error)` for the error to raise. It sends `build_stopped`
(sender: the build's settings, `problems`: the Problems the build found, `error`: the exception)
before anything is written; a receiver may return more Problems (the build stops at its first
bad file; a receiver may look at all of them), and the error raised then lists them all, so the
console shows every mistake at once. The build-report plugin writes a preview's report page
from it (plugins/buildreport).

The settings may be incomplete (a wrong setting stops the build before they are filled in):
`framework.settings.COMPLETED` says whether they are.
"""

import blinker

from datafile.problems import DataError, Problem

from .collector import resume

build_stopped = blinker.signal("county-build-stopped")

# Set on an error once it has been announced: a stop_on_bad_input() inside another announces once.
_ANNOUNCED = "_framework_stop_announced"


def problems_of(error):
    """The Problems of a DataError, or one for any other error that stops the build (a plugin out
    of order in PLUGINS: framework.context.ContractError, whose message says what to change)."""
    if isinstance(error, DataError):
        return list(error.problems)
    return [Problem("pelicanconf.py", 0, str(error))]


def stopping(settings, error):
    """The error to stop the build with: `error`, or a DataError that adds what receivers found."""
    resume()  # the build ends here
    if getattr(error, _ANNOUNCED, False):
        return error
    problems = problems_of(error)
    found = set(problems)
    for _, more in build_stopped.send(settings, problems=problems, error=error):
        found.update(more or ())
    if isinstance(error, DataError) and len(found) > len(set(problems)):
        error = DataError(found)
    setattr(error, _ANNOUNCED, True)
    return error
