"""Python's cycle collector paused while a build runs.

A build makes millions of objects that live until it ends (the county's records, the contexts,
11,000 pages' keys and values) and little garbage in reference cycles, which is all the collector
is for. Yet the collector runs every 700 new objects, and every hundredth run walks every live
object: the longer the build, the more each walk costs. At province scale that was about a quarter
of a preview rebuild after one changed phone number (see benchmarks/README.md), and about five
times the time to unpickle the kept records.

So automatic collection is off from the start of each build (Pelican's `get_generators`, sent at
the start of every run) to its end (the framework's `finalized` receiver, or a mistake stopping
the build). Garbage is still freed as it always is, when nothing refers to it; only cycles wait.
Forked workers inherit the pause and end with their work.

Turned back on, the collector would first walk everything the build made (1.5 s at province
scale, measured after a rebuild), though most of it is about to go; so what exists at the end is
frozen first (gc.freeze: left out of automatic collections). A one-off build then simply exits.
A process that builds again and again (`make devserver`) calls collect() between builds, which
frees the cycles of the build that ended.
"""

import gc

_paused = False


def pause(_sender=None):
    """Stop automatic collection until resume(); nothing when it is already off (by someone else)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume(_sender=None):
    """Turn automatic collection back on if pause() turned it off, leaving out what exists now."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def collect():
    """Free the reference cycles of the builds that ended (`make devserver`, between builds)."""
    gc.unfreeze()
    gc.collect()
