"""Fingerprints: a short digest of what a value holds, equal in every build for equal content.

A rebuild draws a page only when what the page is drawn from changed (framework/pagekeys.py).
What it is drawn from is a tree of plain values, validated records (pydantic models),
dataclasses and containers; `Fingerprints.of(value)` digests such a tree.

The tree is pickled (in C, which is what makes 11,000 pages' worth of it quick) with the pickle
memo turned off, so that the bytes depend on content only, never on which objects happen to be
shared, and with two things made canonical first:
- a record (pydantic model) is its class and the digest of its declared fields, made once per
  build (not pydantic's own pickle, whose set of fields given changes order from one process to
  the next); so is a dataclass (a visit). A record the county's loader
  validated carries the digest of the text it was validated from (mark_source), which stands
  for its fields unread;
- a value with a `__fingerprint__()` method (texts made on demand, a point's nearest sites) is
  what that returns.
Both go through the pickler's dispatch table (`_Reducers`), which pickle looks up in C.
Sets are written in their own order, which for text changes from one process to the next: keep
them out of what pages are drawn from (a set only costs a needless redraw). A value pickle cannot write (a lambda, a file handle) raises Unknown; the caller then treats it
as changed. A structure that contains itself cannot be written either.

Values are remembered by identity for the build (with a reference that keeps them alive, so an
identity is never reused): 11,000 site pages that share a list of townships digest it once.
"""

import dataclasses
import functools
import hashlib
import io
import pickle

from pydantic import BaseModel


class Unknown(TypeError):
    """A value whose content cannot be digested."""


def _record(name, fields):
    """Never called: it names what a record was turned into, for pickle to write."""
    raise AssertionError("fingerprints are never unpickled")


class _Canonical(pickle.Pickler):
    def __init__(self, buffer, fingerprints):
        super().__init__(buffer, protocol=5)
        self.fast = True  # no memo: shared and equal-but-separate values give the same bytes
        # Not reducer_override, which pickle calls for every value but plain containers, text and
        # numbers, the function each record is reduced to included: 390,000 calls for a province's
        # page keys, half of them for that function. The dispatch table is looked up in C.
        self.dispatch_table = _Reducers(fingerprints)


class _Reducers(dict):
    """A pickler's dispatch table: {type: how its values are written}, filled in as types are met.

    A record (or a dataclass: a visit) is written as its digest, made once per build however many
    pages show it; a value with a `__fingerprint__()` as what that returns. A value of any other
    type is not in the table (KeyError), and pickle writes it as it always does."""

    def __init__(self, fingerprints):
        super().__init__()
        self.fingerprints = fingerprints

    def __missing__(self, cls):
        if issubclass(cls, BaseModel) or (hasattr(cls, "__dataclass_fields__") and cls.__dictoffset__):
            name, of_record, known = cls.__qualname__, self.fingerprints.of_record, self.fingerprints._records

            def reduce(value):
                found = known.get(id(value))  # most records are met again: of_record's own lookup, inline
                return _record, (name, found[1] if found is not None else of_record(value))
            self[cls] = reduce
            return reduce
        fingerprint = getattr(cls, "__fingerprint__", None)
        if fingerprint is None:
            raise KeyError(cls)
        self[cls] = reduce = lambda value: (_record, (cls.__qualname__, fingerprint(value)))
        return reduce


class Fingerprints:
    """Digests for one build: values met again are not digested again."""

    def __init__(self):
        self._known = {}  # id(value) -> (value, digest)
        # id(record) -> (record, digest of its fields): apart from _known, where the same record
        # digested as a value has another digest (its class and this one, pickled). In one table,
        # whichever came first answered for both, and keys depended on the order pages were digested in.
        self._records = {}
        self._idle = []  # (buffer, pickler) pairs not in use: making a pickler costs more than using it

    def of(self, value):
        """16 bytes that change whenever the content of value does."""
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        found = self._dump(value)
        self._known[id(value)] = (value, found)
        return found

    def _dump(self, value):
        # A record met while writing value is digested with a pickler of its own (see of_record).
        buffer, pickler = self._idle.pop() if self._idle else self._new_pickler()
        try:
            pickler.dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as reason:
            raise Unknown(f"cannot digest a {type(value).__qualname__}: {reason}") from None
        found = hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()
        buffer.seek(0)
        buffer.truncate()
        self._idle.append((buffer, pickler))  # not after a failure, which may leave it half-way
        return found

    def _new_pickler(self):
        buffer = io.BytesIO()
        return buffer, _Canonical(buffer, self)

    def of_record(self, record):
        """A record's or a dataclass's digest: its fields, in the order its class declares them
        (for a record, not pydantic's set of fields given, whose order changes from one process
        to the next). Only its fields: a cached_property keeps what it works out in the same
        __dict__ (a point's WGS-84 position, a week's description), there only once something
        asked for it. Digested with it, a site loaded from the cache and the same site validated
        again differed, and a rebuild drew again pages that had not changed."""
        known = self._records.get(id(record))
        if known is None:
            source = source_of(record)
            if source is not None:
                found = bytes.fromhex(source[:32])
            else:
                held = record.__dict__
                found = self._dump(tuple(held.get(name) for name in _field_names(type(record))))
            self._records[id(record)] = known = (record, found)
        return known[1]


def mark_source(record, source):
    """Give a validated record (and each record among its fields, at its place in it) the digest
    of what it was validated from: the text of its item and everything validation looked at
    besides (county/load.py's KeptRecords key). of_record() then takes it as the record's digest
    without reading its fields: of a province's 160,000 records and hits met while working out
    the page keys, the 90,000 records and their parts were half the time. Right only for a
    record that is read-only (datafile.fields.Strict) and made by validation alone."""
    private = getattr(record, "__pydantic_private__", None)
    if private is None or "_source" not in private:
        return  # not a record that keeps one (not a Strict): digested from its fields
    private["_source"] = source
    for name in _field_names(type(record)):
        _mark_within(record.__dict__.get(name), source, name)


def _mark_within(value, source, place):
    if isinstance(value, BaseModel):
        mark_source(value, hashlib.sha256(f"{source}/{place}".encode("utf-8")).hexdigest())
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _mark_within(item, source, f"{place}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _mark_within(item, source, f"{place}/{key!r}")


def source_of(record):
    """The digest mark_source() gave the record, or None."""
    private = getattr(record, "__pydantic_private__", None)
    return private.get("_source") if private else None


@functools.cache
def _field_names(cls):
    """The names of the fields a record's or a dataclass's class declares, in their order."""
    return tuple(cls.model_fields) if issubclass(cls, BaseModel) else tuple(f.name for f in dataclasses.fields(cls))
