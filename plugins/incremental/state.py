"""What an output folder was last built from, and the decision to keep its pages made from data."""

import datetime as dt
import json
import logging
import os
from pathlib import Path

from datafile.cache import Store, digest

logger = logging.getLogger(__name__)

PLUGINS = Path(__file__).resolve().parent.parent


def _store(settings):
    return Store(settings, "incremental")


def _state_key(settings):
    return digest(os.path.abspath(settings["OUTPUT_PATH"]))


def _files(folder):
    """Every file under folder, as paths relative to it."""
    folder = Path(folder)
    return sorted(os.path.relpath(os.path.join(root, name), folder)
                  for root, _, names in os.walk(folder) for name in names)


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


def inputs_digest(settings, generators):
    """A digest of everything the pages made from data depend on."""
    plain = {k: v for k, v in _plain(settings).items() if not k.startswith("_INCREMENTAL")}
    parts = [json.dumps(plain, sort_keys=True, ensure_ascii=False)]
    folders = [PLUGINS, Path(settings["THEME"])]
    paths = sorted({str(p) for g in generators for p in g.data_inputs() if p})
    for path in map(Path, paths):
        if path.is_dir():
            folders.append(path)
        else:
            parts += [str(path), path.read_bytes() if path.exists() else b"-"]
    for folder in folders:
        for file in sorted(folder.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                parts += [str(file), file.read_bytes()]
    return digest(*parts)


def decide(generators):
    if not generators:
        return
    settings = generators[0].settings
    store, state_key = _store(settings), _state_key(settings)
    from_data = [g for g in generators if hasattr(g, "data_inputs")]
    if settings["PUBLISH"] or not settings["INCREMENTAL"] or not from_data:
        _forget(store, state_key)
        return
    current = inputs_digest(settings, from_data)
    settings["_INCREMENTAL_DIGEST"] = current
    saved = store.get(state_key, ".json")
    state = json.loads(saved) if saved else {}
    output = Path(settings["OUTPUT_PATH"])
    if state.get("digest") == current and all((output / name).exists() for name in state.get("files", [])):
        for generator in from_data:
            generator.generate_output = lambda writer: None
        logger.info("数据、模板和设置都没有变化：保留上次生成的 %d 个文件，只重新生成其他页面。", len(state["files"]))
        settings["_INCREMENTAL_KEPT"] = True
    else:
        # Forget first: if this build stops half-way, the next one must not keep a half-written folder.
        _forget(store, state_key)


def record(pelican):
    settings = pelican.settings
    current = settings.pop("_INCREMENTAL_DIGEST", None)
    kept = settings.pop("_INCREMENTAL_KEPT", False)
    if current is None or kept:
        return
    state = {"digest": current, "files": _files(pelican.output_path)}
    _store(settings).put(_state_key(settings), ".json", json.dumps(state).encode("utf-8"))


def _forget(store, state_key):
    try:
        os.unlink(store.path(state_key, ".json"))
    except FileNotFoundError:
        pass
