"""Generators share context entries by a declared contract (plugins/framework/context.py): a missing
or late provider stops the build and says which plugin to add or move."""

import importlib
import json

import pytest

from conftest import run_pelican
from framework.context import ENTRIES, ContractError, need
from framework.generator import FeatureGenerator

PLUGINS = ["framework", "components", "buildreport", "sites", "maps", "nearest", "faq", "nextdose", "schools", "outreach",
           "progress", "search", "editor", "publish", "incremental"]
GENERATORS = {"components": "bundle", "buildreport": "generator", "sites": "generator", "maps": "generator",
              "nearest": "generator", "faq": "generator", "schools": "generator", "outreach": "generator",
              "progress": "generator", "search": "generator", "editor": "generator", "publish": "generator"}


def generator_classes():
    found = {}
    for plugin, module in GENERATORS.items():
        loaded = importlib.import_module(f"{plugin}.{module}")
        found[plugin] = [cls for cls in vars(loaded).values()
                         if isinstance(cls, type) and issubclass(cls, FeatureGenerator) and cls is not FeatureGenerator
                         and cls.__module__ == loaded.__name__]
    return found


def test_every_entry_is_declared_once_and_provided_by_its_plugin():
    provided = {}
    for plugin, classes in generator_classes().items():
        assert len(classes) == 1, plugin
        for key in classes[0].provides:
            assert ENTRIES[key].provider == plugin, key
            assert key not in provided, key
            provided[key] = plugin
        for key in classes[0].needs:
            assert key in ENTRIES, (plugin, key)
            # A need is met by a plugin listed earlier in the shipped order.
            assert PLUGINS.index(ENTRIES[key].provider) < PLUGINS.index(plugin), (plugin, key)
    assert set(provided) == set(ENTRIES)


def test_the_shipped_order_is_pelicanconfs():
    from conftest import ROOT
    namespace = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), {"__file__": str(ROOT / "pelicanconf.py")}, namespace)
    assert namespace["PLUGINS"] == PLUGINS


class FakeGenerator:
    """What need() looks at: the context, the settings, and the plugin the class comes from."""

    def __init__(self, context, plugins):
        self.context, self.settings = context, {"PLUGINS": plugins}


FakeGenerator.__module__ = "publish.generator"


def test_need_says_which_plugin_to_add_or_move():
    assert need(FakeGenerator({"bundles": {"css": "a"}}, PLUGINS), "bundles") == {"css": "a"}
    with pytest.raises(ContractError) as missing:
        need(FakeGenerator({}, [p for p in PLUGINS if p != "components"]), "bundles")
    assert "PLUGINS 里没有 components" in str(missing.value) and "放在 \"publish\" 前面" in str(missing.value)
    late = [p for p in PLUGINS if p != "components"]
    late.insert(late.index("publish") + 1, "components")
    with pytest.raises(ContractError) as ordered:
        need(FakeGenerator({}, late), "bundles")
    assert "顺序不对" in str(ordered.value) and "\"components\" 要排在 \"publish\" 前面" in str(ordered.value)


def plugins_setting(plugins):
    return "PLUGINS=" + json.dumps(plugins)


def test_a_plugin_listed_after_the_one_it_serves_stops_the_build(tmp_path):
    order = ["framework", "components", "buildreport", "maps", "sites", *PLUGINS[5:]]  # maps' map page lists sites' townships
    build = run_pelican(tmp_path / "out", extra=[plugins_setting(order)])
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert "PLUGINS 的顺序不对" in build.stderr and "\"sites\" 要排在 \"maps\" 前面" in build.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_missing_provider_stops_the_build(tmp_path):
    build = run_pelican(tmp_path / "out", extra=[plugins_setting([p for p in PLUGINS if p != "components"])])
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert "PLUGINS 里没有 components" in build.stderr


def test_the_framework_plugin_must_come_first(tmp_path):
    build = run_pelican(tmp_path / "out", extra=[plugins_setting(PLUGINS[1:])])
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert "\"framework\"" in build.stderr
