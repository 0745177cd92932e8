"""The keys an output folder's files were written with, kept between builds (framework/pagekeys.py)."""

import datetime as dt
import json
import os
from pathlib import Path

from datafile.cache import Store, code_digest, contents_digest, digest
from datafile.digests import folder_identity
from framework.generator import FeatureGenerator
from framework.pagekeys import PageKeys


def _store(settings):
    """Where the records are kept: a preview's, one per output folder; publish builds', one per
    release, in a store of their own, where only the newest two are kept (the release published
    and the one replacing it)."""
    return Store(settings, "incremental-releases" if settings["PUBLISH"] else "incremental")


def _state_key(settings):
    return digest(os.path.abspath(settings["OUTPUT_PATH"]))


def _release_key(folder):
    """The key of a publish build's record: its folder's identity, which the rename from
    `.building-<time>` to `<time>` keeps (publish/release.py). The newest build into a folder
    saves the record; one that stops half-way leaves none."""
    return digest("release", folder_identity(folder))


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


# Where the files go, and come from, is no part of what they say.
NOT_SHOWN = ("OUTPUT_PATH", "INCREMENTAL_FROM")


def build_digest(settings):
    """A digest of what every page depends on besides its own data: settings, theme and our code."""
    shown = {name: value for name, value in settings.items() if name not in NOT_SHOWN}
    return digest(json.dumps(_plain(shown), sort_keys=True, ensure_ascii=False),
                  code_digest(), contents_digest(settings["THEME"]))


def decide(generators):
    """Give our generators the keys of the outputs this folder holds (a preview), or the release
    INCREMENTAL_FROM holds (a publish build), so that they draw only the outputs whose key
    changed. Builds with INCREMENTAL off, and publish builds without INCREMENTAL_FROM, draw all."""
    ours = [g for g in generators if isinstance(g, FeatureGenerator)]
    if not ours:
        return
    settings = ours[0].settings
    store = _store(settings)
    if settings["PUBLISH"]:
        os.makedirs(settings["OUTPUT_PATH"], exist_ok=True)
        state_key = _release_key(settings["OUTPUT_PATH"])
    else:
        state_key = _state_key(settings)
    # Forget first: if this build stops half-way, the next one must not trust a half-written folder.
    saved = None if settings["PUBLISH"] else store.get(state_key, ".json")
    _forget(store, state_key)
    if not settings["INCREMENTAL"]:
        return
    reuse_from = reuse_key = None
    if settings["PUBLISH"]:
        # Into a fresh folder: all is drawn, but for what the last release holds as it would be now.
        release = settings["INCREMENTAL_FROM"]
        reuse_from = release if release and os.path.isdir(release) else None
        if reuse_from and os.path.samefile(reuse_from, settings["OUTPUT_PATH"]):
            reuse_from = None  # not a fresh folder after all: nothing to link, all is drawn
        reuse_key = _release_key(reuse_from) if reuse_from else None
        saved = store.get(reuse_key, ".json") if reuse_key else None
    before = json.loads(saved) if saved else {}
    if reuse_from is None:
        _remove_dropped(before.get("keys", {}), ours, settings["OUTPUT_PATH"])
    keys = PageKeys(settings, build_digest(settings), before, settings["OUTPUT_PATH"], reuse_from)
    for generator in ours:
        generator.page_keys = keys
    keys.work_out(ours)  # every page's key, on every core, before any page is written
    settings["_INCREMENTAL_KEYS"] = keys, state_key, reuse_key


def record(pelican):
    keys, state_key, reuse_key = pelican.settings.pop("_INCREMENTAL_KEYS", (None, None, None))
    if keys is None:
        return
    store = _store(pelican.settings)
    store.put(state_key, ".json", json.dumps(keys.record()).encode("utf-8"))
    if pelican.settings["PUBLISH"]:
        store.prune({state_key, reuse_key}, max_age_days=0)  # 3 MB each at province scale


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
