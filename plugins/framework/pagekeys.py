"""Page keys: a digest of everything one planned page or file is made from, so that a rebuild
writes only the outputs whose key changed.

A page is drawn from its template (the theme), the settings, our plugins' code, the values it was
planned with (FeatureGenerator.add_page) and the context entries its template reads. The first
three are one digest per build (`build_digest`). The values are digested from their content
(datafile/fingerprint.py). The context entries are digested as the page declares:

- `reads=[("maps", "sites", site_id), ("outreach",)]`: the parts of entries the template reads,
  each a path into an entry (framework/context.py says what each entry holds). Entries marked
  `site_wide` there (the banner, the bundles, the addresses in the menu) count for every page.
- no `reads`: every entry, whole. A page that shows something of everything (the home page, the
  map) needs nothing more; a page that shows one site declares what it reads, or one change to
  any site draws it again.

A value that cannot be digested makes the key None: that output is always written. A file that is
not a page (marker data, the finder's cells) is keyed by its text.

Digesting 11,000 pages' values takes seconds at province scale, so a page whose inputs are all
unchanged keeps its last key without being digested: its generator's `made_from` and the
`made_from` of every entry it reads (framework/context.py) name the settings of the files and
folders they are made from, and when those files, the settings, the theme and our code are as
they were, so is the page. When an entry's files changed, the parts of it the page reads are
digested and compared with the last build's (`record()` keeps every part's digest): an FAQ edit
changes the FAQ's entry, but not the address of "打完针以后" that every site page reads of it,
so it digests the FAQ's pages and one part, not 3,000 site pages.

`PageKeys` holds the keys the output folder's files were written with (the incremental plugin
keeps them between builds) and collects this build's.
"""

import logging
import os

from datafile.cache import contents_digest, digest, link_or_copy
from datafile.digests import file_stamp
from datafile.fingerprint import Fingerprints, Unknown
from datafile.pool import CHUNKS_PER_WORKER, forked_map

from .context import ENTRIES

logger = logging.getLogger(__name__)

# The entries every page's frame reads (framework/context.py).
SITE_WIDE = [name for name, entry in ENTRIES.items() if entry.site_wide]


class PageKeys:
    def __init__(self, settings, build_digest, before, output_path, reuse_from=None):
        """before: what the folder's files were written from, as `record()` gave it (or {});
        reuse_from: the folder those files are in, when it is not output_path (a publish build
        into a fresh folder takes them from the release now published, as hard links)."""
        self.settings = settings
        self.reuse_from = reuse_from
        self.build_digest = build_digest
        self.written = before.get("keys", {})  # {output path: key} of the files the folder holds now
        self.stamps = before.get("stamps", {})  # {output path: size and time} of those files when recorded
        self.inputs_before = before.get("inputs", {}) if before.get("build") == build_digest else None
        # {"entry/part/…": digest} of the parts of context entries the last build's pages read
        self.parts_before = before.get("parts", {}) if self.inputs_before is not None else {}
        self.output_path = output_path
        self.keys = {}              # {output path: key} of this build's outputs
        self.fingerprints = Fingerprints()
        self._parts = {}            # {"entry/part/…": digest} of the parts digested in this build
        self._input_digests = {}
        self._worked_out = {}       # {output path: key} made by work_out(), not yet used

    def work_out(self, generators):
        """Work out the key of every page the generators planned, once every context is complete
        (at all_generators_finalized), so that changed_pages() finds them made.

        A page whose inputs are unchanged keeps its key here. The rest are digested on every core
        when there are more than PARALLEL_PAGES of them (forked workers, which see the pages
        through fork and send back only keys). A worker's share is a contiguous run of each
        generator's pages: neighbouring pages share most of what they are drawn from (a township's
        page and its sites' pages, schools and the sites near them, in file order), which a worker
        then digests once. Dealt out one by one, every worker digested nearly all of it again,
        and two cores took longer than one. At province scale after one changed phone number, on
        a busy day: 6.7–8.0 s in one process, 4.2–4.5 s in contiguous shares on two cores.

        All generators' pages are digested together, not each generator's as it starts writing:
        split that way, a generator's workers digested again what the last one's had (the site
        records, most villages' nearest sites) and the rebuild took longer than in one process."""
        left = []  # (context, pages) of each generator, the pages whose keys must be digested
        for generator in generators:
            pages = []
            for page in generator.planned_pages:
                kept = self._kept_key(page, generator.made_from, generator.context)
                if kept is None:
                    pages.append(page)
                else:
                    self._worked_out[page.save_as] = kept
            left.append((generator.context, pages))
        parallel = sum(len(pages) for _, pages in left) > self.settings["PARALLEL_PAGES"]
        count = (os.cpu_count() or 1) * CHUNKS_PER_WORKER if parallel else 1
        shares = [[(context, pages[len(pages) * n // count:len(pages) * (n + 1) // count]) for context, pages in left]
                  for n in range(count)]
        known_parts = set(self._parts)

        def digest_share(number):
            keys = {page.save_as: self.page_key(page, context) for context, pages in shares[number] for page in pages}
            return keys, {text: found for text, found in self._parts.items() if text not in known_parts}

        for keys, parts in forked_map(digest_share, range(count), parallel=parallel):
            self._worked_out.update(keys)
            self._parts.update(parts)

    def changed_pages(self, pages, made_from, context):
        """The PlannedPages (of a generator whose values come from the files the settings
        `made_from` name; None: not known) that the folder does not hold as they are now; every
        page's key is recorded. Keys work_out() made are taken from it."""
        return [page for page in pages if not self.unchanged(page.save_as, self._key(page, made_from, context))]

    def _key(self, page, made_from, context):
        if page.save_as in self._worked_out:
            return self._worked_out.pop(page.save_as)
        return self._kept_key(page, made_from, context) or self.page_key(page, context)

    def record(self):
        """What the next build compares with: this build's keys, the digests of its inputs and of
        the parts of entries its pages read. A part not digested in this build is recorded as
        it was when the files its entry is made from are unchanged."""
        names = {name for entry in ENTRIES.values() for name in (entry.made_from or ())}
        parts = {text: found.hex() for text, found in self._parts.items()}
        for text, found in self.parts_before.items():
            entry = ENTRIES.get(text.split("/", 1)[0])
            if text not in parts and entry is not None and self._unchanged(entry.made_from):
                parts[text] = found
        keys = {path: key for path, key in self.keys.items() if key is not None}
        made = {"build": self.build_digest, "inputs": {name: self._input_digest(name) for name in sorted(names)},
                "parts": parts, "keys": keys}
        if self.settings.get("PUBLISH"):  # a release's files are linked into the next one's (unchanged())
            made["stamps"] = {path: file_stamp(os.path.join(self.output_path, path)) for path in keys}
        return made

    def _kept_key(self, page, made_from, context):
        """The key the page was last written with, when nothing it may be drawn from changed: its
        values' files, and each entry it reads, whose files are unchanged or, if not, whose parts
        this page reads are as they were (an FAQ edit changes the FAQ entry, but not the address
        of "打完针以后" that 3,000 site pages read of it)."""
        if self.inputs_before is None or page.save_as not in self.written or not self._unchanged(made_from):
            return None
        read = ENTRIES if page.reads is None else {path[0] for path in page.reads}
        entries = {name: ENTRIES[name] for name in (*read, *SITE_WIDE)}
        changed = {name for name, entry in entries.items() if not self._unchanged(entry.made_from)}
        if not changed:
            return self.written[page.save_as]
        if page.reads is None or any(entries[name].made_from is None for name in changed):
            return None
        paths = [(name,) for name in SITE_WIDE if name in changed] + [path for path in page.reads if path[0] in changed]
        try:
            if all(self._path_digest(path, context).hex() == self.parts_before.get(path_text(path)) for path in paths):
                return self.written[page.save_as]
        except Unknown:
            pass
        return None

    def _unchanged(self, names):
        """Whether the files and folders the settings `names` point at are as in the last build
        (None: not known)."""
        return names is not None and all(self._input_digest(name) == self.inputs_before.get(name) for name in names)

    def _input_digest(self, name):
        """A digest of the file or folder the setting `name` points at."""
        if name not in self._input_digests:
            value = self.settings.get(name)  # not set: nothing to read (never the working folder)
            self._input_digests[name] = contents_digest(value) if value else "-"
        return self._input_digests[name]

    def page_key(self, page, context):
        """The key of a PlannedPage, or None when part of what it is drawn from cannot be digested."""
        try:
            parts = [self._values_digest(page.values), self._reads_digest(page.reads, context)]
        except Unknown as reason:
            logger.debug("page %s is always drawn: %s", page.save_as, reason)
            return None
        return digest(self.build_digest, page.template, page.url, repr(page.relative_urls), *parts)

    def _values_digest(self, values):
        """Each of a page's values digested on its own, so that a value many pages share (every
        township's address, on each of a province's 4,750 site pages) is digested once per build,
        not once per page (a province's site pages' values: 3.4 s in one process as one dict each,
        2.2 s so)."""
        return b"".join(name.encode("utf-8") + b"=" + self.fingerprints.of(value) for name, value in values.items())

    def file_key(self, text):
        return digest(self.build_digest, text)

    def unchanged(self, path, key):
        """Record this build's key for path; True when the folder already holds that very output
        (linked in from reuse_from, if given)."""
        self.keys[path] = key
        if key is None or self.written.get(path) != key:
            return False
        if self.reuse_from is None:
            return os.path.exists(os.path.join(self.output_path, path))
        # A file of the release that someone changed since (its size or time) is drawn again.
        source = os.path.join(self.reuse_from, path)
        return file_stamp(source) == self.stamps.get(path) and _link_in(source, os.path.join(self.output_path, path))

    def _reads_digest(self, reads, context):
        paths = [(name,) for name in SITE_WIDE] + (list(reads) if reads is not None else [(name,) for name in ENTRIES])
        texts = [path_text(path) for path in paths]
        return b"".join(text.encode("utf-8") + self._path_digest(path, context, text) for path, text in zip(paths, texts))

    def _path_digest(self, path, context, text=None):
        """The digest of a part of an entry (a whole entry: a path of one), once per build.
        text: path_text(path), when the caller has it."""
        text = text or path_text(path)
        if text not in self._parts:
            self._parts[text] = self._digest_part(path, context)
        return self._parts[text]

    def _digest_part(self, path, context):
        if path[0] not in context:
            return b"-"  # a plugin that is not in PLUGINS: the template sees nothing either
        value = context[path[0]]
        if len(path) == 1:
            return self.fingerprints.of(value)
        try:
            for step in path[1:-1]:
                value = value[step]
            last = path[-1]
            # A mapping that makes its values on demand digests what it would make them from.
            found = value.fingerprint_of(last) if hasattr(value, "fingerprint_of") else value[last]
        except (KeyError, IndexError):
            return b"missing"  # the template finds nothing there either
        return self.fingerprints.of(found)


def _link_in(source, target):
    """Whether source could be linked (or, across file systems, copied) to target. Its folder is
    made only when the link finds it missing: most share one with the file linked before them."""
    try:
        link_or_copy(source, target)
    except FileNotFoundError:
        if not os.path.exists(source):
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            link_or_copy(source, target)
        except FileNotFoundError:
            return False
    return True


def path_text(path):
    return "/".join(map(str, path))
