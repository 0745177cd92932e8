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


def _walk(folder, prefix=""):
    """(relative path with '/', its path, os.stat_result) of every file under folder; relative
    paths start with prefix (a folder's relative path, ending in '/', or "")."""
    pending = [(prefix, str(folder))]
    while pending:
        relative, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = relative + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((name + "/", entry.path))
                else:
                    yield name, entry.path, entry.stat()


class OutputFiles:
    """The files under a folder, listed once and then kept up to date by whoever changes them.

    A build's last steps (framework/finishing.py) each look at every file of the output: the
    search index at its pages, the sitemap at its pages, the compressed copies at the text files,
    the service worker's version at everything. A province's preview holds 25,000 files in 11,000
    folders, a publish build three times the files, and each walk took 0.4 s or more. So one
    listing is made when every page is written; a step that adds, replaces or removes files after
    that says which (`changed()`), and only those are looked at again."""

    def __init__(self, folder):
        self.folder = str(folder)
        self.stats = {relative: (path, info) for relative, path, info in _walk(self.folder)}

    def changed(self, *relatives):
        """These files, and folders (relative paths ending in '/'), were added, replaced or
        removed since the listing: list them again."""
        folders = tuple(relative for relative in relatives if relative.endswith("/"))
        if folders:
            self.stats = {relative: found for relative, found in self.stats.items() if not relative.startswith(folders)}
            for folder in folders:
                path = os.path.join(self.folder, folder)
                if os.path.isdir(path) and not os.path.islink(path):
                    self.stats.update((relative, (file, info)) for relative, file, info in _walk(path, folder))
        for relative in relatives:
            if relative.endswith("/"):
                continue
            path = os.path.join(self.folder, relative)
            try:
                self.stats[relative] = (path, os.stat(path))
            except FileNotFoundError:
                self.stats.pop(relative, None)

    def files(self, skip=lambda relative: False, outside=()):
        """(relative path, path, os.stat_result) of the files that skip(relative path) does not
        refuse and that are not in the folders `outside` (relative paths ending in '/')."""
        outside = tuple(outside)
        for relative, (path, info) in self.stats.items():
            if not (outside and relative.startswith(outside)) and not skip(relative):
                yield relative, path, info


def stamp(info):
    """What changes when a file is written again, from its os.stat(): size and modification time."""
    return f"{info.st_size}:{info.st_mtime_ns}"


def file_stamp(path):
    """What changes when a file is written again: its size and modification time (None when it
    is not there)."""
    try:
        return stamp(os.stat(path))
    except FileNotFoundError:
        return None


def folder_identity(folder):
    """What names a folder for as long as it exists, through a rename (a publish build's
    `.building-<time>` becomes `<time>`): its device and inode. The folder is made if missing."""
    os.makedirs(folder, exist_ok=True)
    info = os.stat(folder)
    return f"{info.st_dev}:{info.st_ino}"


class FileDigests:
    """The digests one caller (`purpose`: each keeps its own record, as each skips other files)
    knows of a folder's files: of() for one file now, all() for every file at the end."""

    def __init__(self, settings, folder, purpose, digest_of=digest, linked_from=None):
        """digest_of(bytes) -> text: what this caller keeps of a file's content. linked_from: a
        folder whose unchanged files this one holds as hard links (a publish build takes them
        from the release now published, INCREMENTAL_FROM): a file with the size and time that
        folder's record says was digested there, and is not read again."""
        self.folder, self.digest_of = folder, digest_of
        self.store = Store(settings, STORE)
        self.key = self._key(folder, purpose)
        self.saved = self._record(self.key)  # {relative: [stamp, digest]}
        self.linked = {}
        if linked_from and os.path.isdir(linked_from) and not os.path.samefile(linked_from, folder):
            self.linked = self._record(self._key(linked_from, purpose))
        self.read = {}  # {relative: [stamp, digest]} read in this build

    @staticmethod
    def _key(folder, purpose):
        return digest(folder_identity(folder), purpose)

    def _record(self, key):
        return json.loads(self.store.get(key, ".json") or b"{}")

    def of(self, relative):
        """The digest of the file at relative path ('/'-separated), read only if it changed."""
        path = os.path.join(self.folder, relative)
        return self._digest(relative, path, os.stat(path))

    def all(self, skip=lambda relative: False, outside=(), known=None, listing=None):
        """{relative path: digest} of the files under the folder that skip(relative path) does
        not refuse, outside the folders `outside` (relative paths ending in '/'); kept for the next
        build. known: {relative path: digest} the caller has already read. listing: the folder's
        OutputFiles, when the caller has one (else the folder is walked)."""
        known = known or {}
        found, fresh = {}, {}
        for relative, path, info in (listing or OutputFiles(self.folder)).files(skip, outside):
            found[relative] = known[relative] if relative in known else self._digest(relative, path, info)
            fresh[relative] = [stamp(info), found[relative]]
        self.keep(fresh)
        return found

    def known(self, relative, stamped):
        """The digest the record holds for the file at relative path with this stamp (`stamp()`),
        or None: read for the file as it is now."""
        for entry in (self.read.get(relative), self.saved.get(relative), self.linked.get(relative)):
            if entry and entry[0] == stamped:
                return entry[1]
        return None

    def keep(self, found):
        """Keep {relative path: [stamp, digest]} as this folder's record, for the next build (all()
        keeps what it found; a caller that works the digests out itself keeps them so)."""
        self.store.put(self.key, ".json", json.dumps(found, separators=(",", ":")).encode("utf-8"))
        # Every publish build goes into a new folder and leaves a record (2 MB at province scale):
        # records not written for a week go.
        self.store.prune({self.key})

    def _digest(self, relative, path, info):
        stamped = stamp(info)
        found = self.known(relative, stamped)
        if found is None:
            with open(path, "rb") as handle:
                found = self.digest_of(handle.read())
            self.read[relative] = [stamped, found]
        return found


def file_digests(settings, folder, purpose, skip=lambda relative: False, known=None, linked_from=None, listing=None):
    """{relative path ('/'-separated): digest of its content} of the files under folder that
    skip(relative path) does not refuse (FileDigests.all)."""
    return FileDigests(settings, folder, purpose, linked_from=linked_from).all(skip, known=known, listing=listing)
