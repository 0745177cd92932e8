"""A content-addressed store kept between builds under Pelican's CACHE_PATH.

Derived files that are slow to make and depend only on their input (compressed copies of a page,
a school's QR code) are made once per distinct input. Entries are never changed in place: a new
one is written beside its final name and renamed, so a hard link to an entry stays valid.

What is in the store is trusted: the county model is unpickled from it, QR codes go into pages as
they are. So the store belongs to one project (a folder per project, by its path) and to the user
who builds: a CACHE_PATH that others may write to, or that another user owns, is not used; the
build then keeps its derived files in a private temporary folder, and says so.
"""

import atexit
import functools
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

logger = logging.getLogger(__name__)
_private = {}  # unsafe CACHE_PATH -> the private folder used instead in this process
_writers = []  # forked children writing entries (Store.put_soon)

# An entry this build did not use is removed once it is this old: a preview build (no SITEURL)
# and a publish build can share the cache without removing each other's entries every time.
KEEP_UNUSED_DAYS = 7
PRUNE_EVERY_SECONDS = 3600


def contents_digest(path):
    """A digest of a file's bytes, or of a folder's files with their names ("-" when there is
    nothing there); Python's __pycache__ folders are left out."""
    path = Path(path)
    if path.is_file():
        return digest(path.read_bytes())
    if not path.is_dir():
        return "-"
    files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(part for p in files for part in (p.relative_to(path).as_posix(), p.read_bytes())))


# Our plugins' folder: its code is part of what every derived file depends on.
PLUGINS = Path(__file__).resolve().parent.parent


@functools.cache
def code_digest():
    """contents_digest() of our plugins' code, read once per process (the page keys and the kept
    marker files both depend on it): the code a process runs does not change while it runs."""
    return contents_digest(PLUGINS)


def _wait_for_writers():
    for child in _writers:
        try:
            os.waitpid(child, 0)
        except ChildProcessError:
            pass
    _writers.clear()


def digest(*parts):
    """A key for the given inputs (bytes or text)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def link_or_copy(source, target):
    """A hard link from target to source, or a copy on a file system without them."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise  # no source: the caller decides
    except OSError:
        shutil.copy2(source, target)


def _unsafe(folder):
    """Why a cache folder (or, before it exists, the folder it will be made in) cannot be
    trusted, or None: others may write to it, or another user owns it."""
    existing = next((path for path in (folder, *folder.parents) if path.exists()), None)
    if existing is None:
        return None
    info = existing.stat()
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX:
        return f"{existing} 别的用户也能改写"
    if hasattr(os, "getuid") and info.st_uid not in (os.getuid(), 0):
        return f"{existing} 属于另一个用户"
    return None


def cache_root(settings):
    """The folder derived files are kept in: CACHE_PATH, or a private one when it is not safe."""
    base = Path(settings.get("CACHE_PATH") or "cache").resolve()
    why = _unsafe(base)
    if why is None:
        return base
    if base not in _private:
        _private[base] = Path(tempfile.mkdtemp(prefix="vaccine-site-cache-"))
        atexit.register(shutil.rmtree, _private[base], True)
        logger.warning("缓存文件夹不安全（%s），这次构建不用它，改用临时文件夹，会慢一些。"
                       "请运行 chmod go-w %s，并确认它属于构建网站的用户。", why, base)
    return _private[base]


class Store:
    def __init__(self, settings, name):
        # One folder per project: a CACHE_PATH shared by several projects never mixes them.
        project = digest(os.path.abspath(Path(settings["PATH"]).parent))[:8] if settings.get("PATH") else "default"
        self.root = cache_root(settings) / name / project
        self._root_text = str(self.root)

    def path(self, key, suffix=""):
        """Where the entry lives: a file, or a folder for a whole bundle."""
        return self.root / key[:2] / f"{key}{suffix}"

    def has(self, key, suffix=""):
        """Whether the entry is there (os.path, not pathlib: a province asks 22,000 times)."""
        return os.path.exists(os.path.join(self._root_text, key[:2], key + suffix))

    def keys(self, suffix=""):
        """The keys of the entries there with this suffix: one listing per folder of entries, where
        has() for each of a province's 22,000 QR codes took 0.2 s."""
        found = set()
        try:
            folders = [entry.path for entry in os.scandir(self._root_text) if entry.is_dir()]
        except FileNotFoundError:
            return found
        for folder in folders:
            try:
                names = os.listdir(folder)
            except FileNotFoundError:
                continue  # removed meanwhile
            found.update(name[:len(name) - len(suffix)] for name in names
                         if name.endswith(suffix) and not name.startswith("."))
        return found

    def get(self, key, suffix=""):
        try:
            return self.path(key, suffix).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key, suffix, data):
        path = self.path(key, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, path)
        return path

    def put_soon(self, key, suffix, make):
        """put(key, suffix, make()) in a forked child while this process goes on (pickling a
        province's model takes a second). The build waits for it only when it ends, by which time
        it is long done. Without fork, it is done here."""
        self.put_all_soon(suffix, lambda: {key: make()})

    def put_all_soon(self, suffix, make):
        """put() each entry of make() -> {key: data} in one forked child, as put_soon() does one
        (a province's first build keeps 1,400 marker files so)."""
        if not hasattr(os, "fork"):
            for key, data in make().items():
                self.put(key, suffix, data)
            return
        child = os.fork()
        if child == 0:
            status = 1
            try:
                for key, data in make().items():
                    self.put(key, suffix, data)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers or buffered output of the parent's
        if not _writers:
            atexit.register(_wait_for_writers)
        _writers.append(child)

    def link(self, key, suffix, target, make):
        """Put the entry at target, a hard link where possible; make() gives its content if the
        entry was removed since it was made (another build's prune)."""
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
        try:
            link_or_copy(self.path(key, suffix), target)
        except FileNotFoundError:
            Path(target).write_bytes(make())

    def prune(self, used, max_age_days=KEEP_UNUSED_DAYS):
        """Remove the entries whose key is not in used (a set, or a function that gives it: called
        only when the entries are looked over), once they are max_age_days old. Entries kept for
        days are looked over at most once an hour: a preview rebuild does not list a province's
        20,000 codes every time to find none old enough."""
        if not self.root.is_dir():
            return
        if max_age_days:
            marker = self.root / ".pruned"
            try:
                if marker.stat().st_mtime > time.time() - PRUNE_EVERY_SECONDS:
                    return
            except FileNotFoundError:
                pass
            marker.touch()
        cutoff = time.time() - max_age_days * 86400
        used = used() if callable(used) else used
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                try:
                    if entry.name.startswith("."):  # being written (put, put_soon), or left by a killed build
                        old = entry.stat().st_mtime < time.time() - 3600
                    else:
                        old = entry.name.split(".", 1)[0] not in used and entry.stat().st_mtime < cutoff
                except FileNotFoundError:
                    continue  # renamed or removed meanwhile
                if old:
                    if entry.is_dir():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
