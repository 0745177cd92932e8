"""A content-addressed store kept between builds under Pelican's CACHE_PATH.

Derived files that are slow to make and depend only on their input (compressed copies of a page,
a school's QR code) are made once per distinct input. Entries are never changed in place: a new
one is written beside its final name and renamed, so a hard link to an entry stays valid.
"""

import hashlib
import os
import shutil
import time
from pathlib import Path

# An entry this build did not use is removed once it is this old: a preview build (no SITEURL)
# and a publish build can share the cache without removing each other's entries every time.
KEEP_UNUSED_DAYS = 7


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


class Store:
    def __init__(self, settings, name):
        self.root = Path(settings.get("CACHE_PATH") or "cache") / name

    def path(self, key, suffix=""):
        """Where the entry lives: a file, or a folder for a whole bundle."""
        return self.root / key[:2] / f"{key}{suffix}"

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
        """Remove the entries whose key is not in used, once they are max_age_days old."""
        if not self.root.is_dir():
            return
        cutoff = time.time() - max_age_days * 86400
        for folder in self.root.iterdir():
            for entry in folder.iterdir():
                if entry.name.split(".", 1)[0] not in used and entry.stat().st_mtime < cutoff:
                    if entry.is_dir():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
