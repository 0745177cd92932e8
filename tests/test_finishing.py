"""The steps after the last page: started side by side, completed in the order of PLUGINS."""

import blinker

from framework import finishing


class Plugin:
    def __init__(self, name):
        self.__name__ = name


class Pelican:
    plugins = [Plugin(name) for name in ["framework", "maps", "search", "publish", "incremental"]]


def test_last_steps_start_and_complete_in_the_order_of_plugins_whatever_order_they_connected_in(monkeypatch):
    monkeypatch.setattr(finishing, "site_written", blinker.Signal())
    monkeypatch.setattr(finishing, "site_finished", blinker.Signal())
    calls = []
    finishing.site_finished.connect(lambda pelican: calls.append("site finished"), weak=False)

    def step(plugin, returns_finisher=True):
        def start(pelican):
            calls.append(f"start {plugin}")
            return (lambda: calls.append(f"finish {plugin}")) if returns_finisher else None
        start.__module__ = plugin
        return start

    steps = [step("incremental"), step("publish"), step("maps", returns_finisher=False), step("search")]
    for receiver in steps:  # last plugin first: the set that blinker keeps them in has no order
        finishing.site_written.connect(receiver)
    finishing.finish(Pelican())
    assert calls == ["start maps", "start search", "start publish", "start incremental",
                     "finish search", "finish publish", "finish incremental", "site finished"]


def test_the_cycle_collector_is_paused_from_the_start_of_a_build_to_its_end_or_its_stop(monkeypatch):
    import gc

    import framework
    from datafile.problems import DataError, Problem
    from framework import collector
    from framework.stopping import stopping

    monkeypatch.setattr(finishing, "site_written", blinker.Signal())
    assert gc.isenabled()
    try:
        framework.pause_collector(Pelican())  # Pelican's get_generators, at the start of every build
        assert not gc.isenabled()
        framework.finish_site(Pelican())  # its finalized, at the end
        assert gc.isenabled() and gc.get_freeze_count() > 0  # what the build left is not walked at once
        collector.collect()  # make devserver, between builds
        assert gc.get_freeze_count() == 0

        framework.pause_collector(Pelican())
        stopping({}, DataError([Problem("sites.yaml", 3, "电话号码不对")]))  # a mistake stops the build
        assert gc.isenabled()

        gc.disable()  # off by someone else's choice: a build leaves it off
        framework.pause_collector(Pelican())
        framework.finish_site(Pelican())
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
