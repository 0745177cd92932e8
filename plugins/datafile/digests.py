"""The digest of every file a build wrote, read again only for the files that changed.

Plugins that run after the build (the search index, the service worker's version) need to know
which pages changed. Reading 50,000 pages to find out takes seconds; a rebuild that kept most of
them (see the incremental plugin) rewrote only a few. So each file's digest is kept in the cache
with its size and modification time, and a file whose size and time are unchanged is not read.
"""

import json
import os

from .cache import Store, digest

STORE = "file-digests"


def _walk(folder, skip):
    """(relative path with '/', os.stat_result) of every file under folder, except skipped names."""
    pending = [("", str(folder))]
    while pending:
        relative, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = relative + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((name + "/", entry.path))
                elif not skip(name):
                    yield name, entry.path, entry.stat()


def file_digests(settings, folder, purpose, skip=lambda relative: False, known=None):
    """{relative path ('/'-separated): digest of its content} of the files under folder that
    skip(relative path) does not refuse. purpose names the caller: each keeps its own record, as
    each skips other files. known: {relative path: digest} the caller has already read."""
    store = Store(settings, STORE)
    key = digest(os.path.abspath(folder), purpose)
    saved = json.loads(store.get(key, ".json") or b"{}")
    known = known or {}
    found, fresh = {}, {}
    for relative, path, info in _walk(folder, skip):
        stamp = f"{info.st_size}:{info.st_mtime_ns}"
        entry = saved.get(relative)
        if relative in known:
            found[relative] = known[relative]
        elif entry and entry[0] == stamp:
            found[relative] = entry[1]
        else:
            with open(path, "rb") as handle:
                found[relative] = digest(handle.read())
        fresh[relative] = [stamp, found[relative]]
    store.put(key, ".json", json.dumps(fresh, separators=(",", ":")).encode("utf-8"))
    return found
