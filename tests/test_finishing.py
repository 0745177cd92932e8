"""The steps after the last page: started side by side, completed in the order of PLUGINS."""

import blinker

from framework import finishing


class Plugin:
    def __init__(self, name):
        self.__name__ = name


class Pelican:
    plugins = [Plugin(name) for name in ["framework", "maps", "search", "publish", "incremental"]]
    output_path = "output"


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


def test_the_last_steps_share_one_listing_of_the_output_and_a_later_build_lists_it_again(monkeypatch, tmp_path):
    monkeypatch.setattr(finishing, "site_written", blinker.Signal())
    monkeypatch.setattr(finishing, "site_finished", blinker.Signal())
    (tmp_path / "index.html").write_text("一", encoding="utf-8")
    seen = []

    def step(plugin):
        def start(pelican):
            seen.append(finishing.output_files(pelican.output_path))
            return lambda: seen.append(finishing.output_files(pelican.output_path))
        start.__module__ = plugin
        return start

    for plugin in ("search", "publish"):
        finishing.site_written.connect(step(plugin), weak=False)
    build = Pelican()
    build.output_path = str(tmp_path)
    finishing.finish(build)
    assert len(seen) == 4 and all(listing is seen[0] for listing in seen)
    assert [relative for relative, _, _ in seen[0].files()] == ["index.html"]

    # The next build's steps list the output again: what changed between builds shows.
    (tmp_path / "new.html").write_text("二", encoding="utf-8")
    finishing.finish(build)
    assert seen[4] is not seen[0] and {relative for relative, _, _ in seen[4].files()} == {"index.html", "new.html"}
    # Outside a build's last steps, each call lists the folder as it is.
    assert finishing.output_files(tmp_path) is not finishing.output_files(tmp_path)


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
