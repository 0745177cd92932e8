"""The keys an output folder's files were written with, kept between builds (framework/pagekeys.py)."""

import datetime as dt
import json
import os
from pathlib import Path

from datafile.cache import Store, contents_digest, digest
from framework.generator import FeatureGenerator
from framework.pagekeys import PageKeys

PLUGINS = Path(__file__).resolve().parent.parent


def _store(settings):
    return Store(settings, "incremental")


def _state_key(settings):
    return digest(os.path.abspath(settings["OUTPUT_PATH"]))


def _plain(value):
    """The settings that can change what a page says: plain values only (no functions or modules)."""
    if isinstance(value, dict):
        return {str(k): v for k, v in ((k, _plain(v)) for k, v in value.items()) if v is not _SKIP}
    if isinstance(value, (list, tuple)):
        return [item for item in (_plain(v) for v in value) if item is not _SKIP]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (dt.date, Path)):
        return str(value)
    return _SKIP


_SKIP = object()


def build_digest(settings):
    """A digest of what every page depends on besides its own data: settings, theme and our code."""
    return digest(json.dumps(_plain(settings), sort_keys=True, ensure_ascii=False),
                  contents_digest(PLUGINS), contents_digest(settings["THEME"]))


def decide(generators):
    """Give our generators the keys of the outputs this folder holds, so that they write only
    the outputs whose key changed. Publish builds, and builds with INCREMENTAL off, write all."""
    ours = [g for g in generators if isinstance(g, FeatureGenerator)]
    if not ours:
        return
    settings = ours[0].settings
    store, state_key = _store(settings), _state_key(settings)
    # Forget first: if this build stops half-way, the next one must not trust a half-written folder.
    saved = store.get(state_key, ".json")
    _forget(store, state_key)
    if settings["PUBLISH"] or not settings["INCREMENTAL"]:
        return
    before = json.loads(saved) if saved else {}
    _remove_dropped(before.get("keys", {}), ours, settings["OUTPUT_PATH"])
    keys = PageKeys(settings, build_digest(settings), before, settings["OUTPUT_PATH"])
    for generator in ours:
        generator.page_keys = keys
    settings["_INCREMENTAL_KEYS"] = keys


def record(pelican):
    keys = pelican.settings.pop("_INCREMENTAL_KEYS", None)
    if keys is None:
        return
    _store(pelican.settings).put(_state_key(pelican.settings), ".json", json.dumps(keys.record()).encode("utf-8"))


def _remove_dropped(written, generators, output_path):
    """Remove the pages and files an earlier build wrote that this one no longer plans (a removed
    site's page), before anything is written or indexed."""
    planned = {path for generator in generators for path, _, _ in generator.outputs()}
    for path in set(written) - planned:
        try:
            os.unlink(os.path.join(output_path, path))
        except FileNotFoundError:
            pass


def _forget(store, state_key):
    try:
        os.unlink(store.path(state_key, ".json"))
    except FileNotFoundError:
        pass
