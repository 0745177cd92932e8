"""Preview builds keep what is already in the output folder (see test_rebuild.py for each kind of
change); the digests of what was written; fingerprints."""

import pytest

from conftest import build_inputs, output_files, run_pelican


def test_a_removed_page_is_drawn_again(inputs):
    first = build_inputs(inputs, "out")
    (first.output / "townships/maying/index.html").unlink()
    assert (build_inputs(inputs, "out").output / "townships/maying/index.html").exists()


def test_a_publish_build_always_writes_everything(inputs):
    first = build_inputs(inputs, "out")
    page = first.output / "sites/tw-cdc/index.html"
    written = page.stat().st_mtime_ns
    run_pelican(inputs / "out", sites_file=inputs / "sites.yaml",
                extra=[f'PATH="{inputs / "content"}"', f'CACHE_PATH="{inputs / "cache"}"', "PUBLISH=true",
                       'SITEURL="https://ym.example.gov.cn"'])
    assert page.stat().st_mtime_ns != written


def test_a_mistake_is_reported_even_after_a_good_build(inputs):
    build_inputs(inputs, "out")
    sites = inputs / "sites.yaml"
    good = sites.read_text(encoding="utf-8")
    sites.write_text(good.replace("township: 马营镇", "township: 马营乡", 1), encoding="utf-8")
    bad = run_pelican(inputs / "out", sites_file=sites, extra=[f'PATH="{inputs / "content"}"', f'CACHE_PATH="{inputs / "cache"}"'])
    assert bad.returncode != 0 and "马营乡" in bad.stderr
    sites.write_text(good, encoding="utf-8")
    build_inputs(inputs, "out")


def test_file_digests_read_again_only_the_files_that_changed(tmp_path):
    import os

    from datafile.cache import digest
    from datafile.digests import file_digests

    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    site = tmp_path / "site"
    (site / "faq").mkdir(parents=True)
    (site / "faq/index.html").write_text("一", encoding="utf-8")
    (site / "sw.js").write_text("worker", encoding="utf-8")
    skip_worker = lambda relative: relative == "sw.js"  # noqa: E731
    assert file_digests(settings, site, "test", skip_worker) == {"faq/index.html": digest("一".encode())}

    # Same size and time: the kept digest is trusted (this is what saves the reading) ...
    page = site / "faq/index.html"
    kept = page.stat()
    page.write_text("二", encoding="utf-8")
    os.utime(page, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert file_digests(settings, site, "test", skip_worker)["faq/index.html"] == digest("一".encode())
    # ... while a file written again, a new file and a removed one all show.
    os.utime(page, ns=(kept.st_atime_ns, kept.st_mtime_ns + 1))
    (site / "new.html").write_text("三", encoding="utf-8")
    assert file_digests(settings, site, "test", skip_worker) == {"faq/index.html": digest("二".encode()),
                                                                 "new.html": digest("三".encode())}
    (site / "new.html").unlink()
    assert set(file_digests(settings, site, "test", skip_worker)) == {"faq/index.html"}
    # Each purpose keeps its own record; what the caller already read is used as it is.
    assert file_digests(settings, site, "other", known={"sw.js": "given"})["sw.js"] == "given"
    # A record not written for a week (a release folder long gone) is removed.
    records = list((tmp_path / "cache").rglob("*.json"))
    assert len(records) == 2
    week_ago = kept.st_mtime - 8 * 86400
    for record in records:
        os.utime(record, (week_ago, week_ago))
    for marker in (tmp_path / "cache").rglob(".pruned"):
        marker.unlink()  # looked over at most hourly
    file_digests(settings, site, "test", skip_worker)
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1


def test_a_listing_of_the_output_sees_the_changes_it_is_told_of(tmp_path):
    """The build's last steps share one listing of the output (framework.finishing.output_files):
    what a step changes after it is made shows once the step says so, and only then."""
    from datafile.digests import OutputFiles

    site = tmp_path / "site"
    for relative in ("faq/index.html", "pagefind/faq/a.pf_index", "pagefind/sites-1/b.pf_index"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text("一", encoding="utf-8")
    listing = OutputFiles(site)
    listed = lambda **kwargs: {relative: info.st_size for relative, _, info in listing.files(**kwargs)}  # noqa: E731
    assert listed() == {"faq/index.html": 3, "pagefind/faq/a.pf_index": 3, "pagefind/sites-1/b.pf_index": 3}
    assert listed(outside=["pagefind/"]) == {"faq/index.html": 3}
    assert listed(skip=lambda relative: relative.endswith(".html")).keys() == {"pagefind/faq/a.pf_index",
                                                                               "pagefind/sites-1/b.pf_index"}

    # A bundle replaced by another, a page written again, a page removed: not walked again ...
    import shutil
    shutil.rmtree(site / "pagefind/sites-1")
    (site / "pagefind/sites-2").mkdir()
    (site / "pagefind/sites-2/c.pf_index").write_text("二", encoding="utf-8")
    (site / "faq/index.html").write_text("一二", encoding="utf-8")
    (site / "search.html").write_text("三", encoding="utf-8")
    assert listed() == {"faq/index.html": 3, "pagefind/faq/a.pf_index": 3, "pagefind/sites-1/b.pf_index": 3}
    # ... until the step that changed them says so.
    listing.changed("pagefind/sites-1/", "pagefind/sites-2/", "faq/index.html", "search.html", "never-there.html")
    assert listed() == {"faq/index.html": 6, "pagefind/faq/a.pf_index": 3, "pagefind/sites-2/c.pf_index": 3,
                        "search.html": 3}
    assert listed() == {relative: info.st_size for relative, _, info in OutputFiles(site).files()}


def test_pages_drawn_on_every_core_equal_pages_drawn_in_one_process(inputs):
    """PARALLEL_PAGES 0 sends every generator's pages to forked workers; the sample never does
    by default (it has fewer pages than that)."""
    def built(folder, threshold):
        result = run_pelican(inputs / folder, sites_file=inputs / "sites.yaml",
                             extra=[f'PATH="{inputs / "content"}"', f'CACHE_PATH="{inputs / folder}-cache"',
                                    f"PARALLEL_PAGES={threshold}"])
        assert result.returncode == 0, result.stderr
        return output_files(result.output)

    forked, serial = built("forked", 0), built("serial", 100000)
    assert len(forked) > 100 and forked == serial


def test_fingerprints_follow_content_not_identity():
    import datetime as dt

    from datafile.fingerprint import Fingerprints, Unknown
    from county.schema.sites import Verified

    def record(day):
        return Verified(date=dt.date(2026, 11, day), by="县疾控中心")

    same = Fingerprints()
    shared = record(1)
    assert same.of({"a": [shared, shared]}) == Fingerprints().of({"a": [record(1), record(1)]})
    assert Fingerprints().of([record(1)]) != Fingerprints().of([record(2)])
    assert Fingerprints().of([1]) != Fingerprints().of([1.0]) != Fingerprints().of(["1"])
    # What a cached_property worked out is not content: a point asked for its WGS-84 position
    # digests as the same point loaded from the cache, where nothing asked yet.
    from county.schema.common import Location
    asked, loaded = Location(lat=35.2, lon=105.2, datum="gcj02"), Location(lat=35.2, lon=105.2, datum="gcj02")
    assert asked.wgs84 and "wgs84" in asked.__dict__ and "wgs84" not in loaded.__dict__
    assert Fingerprints().of(asked) == Fingerprints().of(loaded)
    assert Fingerprints().of(asked) != Fingerprints().of(Location(lat=35.2, lon=105.3, datum="gcj02"))
    # Nor is the order values are digested in (each forked worker digests its own share of pages).
    alone_first, inside_first = Fingerprints(), Fingerprints()
    alone, inside = alone_first.of(shared), alone_first.of([shared])
    assert inside_first.of([shared]) == inside and inside_first.of(shared) == alone
    with pytest.raises(Unknown):
        Fingerprints().of({"text": lambda: "made on demand"})
    loop = []
    loop.append(loop)
    with pytest.raises(Unknown):
        Fingerprints().of(loop)


def test_a_kept_records_digest_is_the_digest_of_what_it_was_validated_from(tmp_path):
    """A record validated again, or kept from the last build, digests as the text it was made
    from (datafile.fingerprint.mark_source): a changed phone changes that site's digest and no
    other record's, and a fresh cache gives every record the digest a warm one does."""
    import datetime as dt

    from conftest import ROOT, TODAY
    from county.load import load_county
    from datafile.cache import Store, _wait_for_writers
    from datafile.fingerprint import Fingerprints

    def load(text, cache):
        (tmp_path / "sites.yaml").write_text(text, encoding="utf-8")
        settings = {"CACHE_PATH": str(tmp_path / cache), "PATH": str(tmp_path / "content")}
        data = load_county(tmp_path / "sites.yaml", today=dt.date.fromisoformat(TODAY), places_path=ROOT / "places.yaml",
                           schools_path=ROOT / "schools.yaml",
                           stores=(Store(settings, "county-parsed"), Store(settings, "county-records")))
        _wait_for_writers()  # the records are kept by a forked writer
        fingerprints = Fingerprints()
        villages = [village for entry in data.places for village in entry.villages]
        return {f"{type(record).__name__} {getattr(record, 'id', record)}": (record, fingerprints.of_record(record))
                for record in [*data.sites, *villages, *data.schools, *data.county.townships, data.county]}

    text = (ROOT / "sites.yaml").read_text(encoding="utf-8")
    first = load(text, "cache")
    assert all(record._source for record, _ in first.values())
    changed_text = text.replace("0932-0000102", "0932-0000199", 1)
    assert changed_text != text
    kept = load(changed_text, "cache")  # this process kept the first load's records in memory
    changed = {name for name in first if kept[name][1] != first[name][1]}
    assert len(changed) == 1 and next(iter(changed)).startswith("Site ")
    name = changed.pop()
    assert kept[name][0].phone != first[name][0].phone
    # The records KeptRecords keeps (the county's part is validated each time) are the very objects.
    kept_by_records = [other for other in kept if other != name and not other.startswith(("County", "Township"))]
    assert kept_by_records and all(kept[other][0] is first[other][0] for other in kept_by_records)
    # A new process unpickles them from the cache: other objects, the same digests.
    from county import load as county_load
    from datafile import document
    county_load._in_memory.clear()
    document._last_parses.clear()
    unpickled = load(changed_text.replace("0932-0000199", "0932-0000198", 1), "cache")
    assert all(unpickled[other][0] is not first[other][0] for other in unpickled)
    assert {other: found for other, (_, found) in unpickled.items() if other != name} == \
        {other: found for other, (_, found) in kept.items() if other != name}
    fresh = load(changed_text, "fresh-cache")
    assert {name: found for name, (_, found) in fresh.items()} == {name: found for name, (_, found) in kept.items()}
    # The digest is bookkeeping: a record equals the same record validated without one.
    site = kept[name][0]
    bare = type(site).model_construct(**{field: getattr(site, field) for field in type(site).model_fields})
    assert bare._source is None and site._source
    assert bare == site


def test_an_unchanged_places_file_is_kept_whole_and_a_changed_one_is_read_again(tmp_path, monkeypatch):
    """After a change to sites.yaml alone, places.yaml and schools.yaml are neither parsed nor
    validated again: their records come whole from the last load (county/load.py, KeptRecords).
    An edit to places.yaml, or another build date, reads it again."""
    import datetime as dt
    import shutil

    import county.load
    from conftest import ROOT, TODAY
    from county.load import load_county
    from datafile.cache import Store, _wait_for_writers

    skipped = []
    reader = county.load.read_side_by_side

    def read(paths, store=None, skip=()):
        skipped.append({Path(path).name for path in skip if path})
        return reader(paths, store, skip)

    monkeypatch.setattr(county.load, "read_side_by_side", read)
    from pathlib import Path
    for name in ("sites.yaml", "places.yaml", "schools.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "PATH": str(tmp_path / "content")}

    def load(today=TODAY):
        skipped.clear()
        data = load_county(tmp_path / "sites.yaml", today=dt.date.fromisoformat(today),
                           places_path=tmp_path / "places.yaml", schools_path=tmp_path / "schools.yaml",
                           stores=(Store(settings, "county-parsed"), Store(settings, "county-records")))
        _wait_for_writers()
        return data, [set(names) for names in skipped]

    def village_names(data):
        return [village.name for entry in data.places for village in entry.villages]

    first, reads = load()
    assert reads == [set()]
    sites = tmp_path / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("0932-0000102", "0932-0000199", 1), encoding="utf-8")
    second, reads = load()
    assert reads == [{"places.yaml", "schools.yaml"}]
    assert village_names(second) == village_names(first) and second.schools == first.schools
    assert [entry._source for entry in second.places] == [entry._source for entry in first.places]
    assert "0932-0000199" in [phone for site in second.sites for phone in site.phone]

    places = tmp_path / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("{name: 西关村}", "{name: 西关新村}", 1), encoding="utf-8")
    third, reads = load()
    assert reads == [{"schools.yaml"}]
    assert "西关新村" in village_names(third) and "西关村" not in village_names(third)
    # Only the edited township's record is another; the rest are the records kept one by one.
    changed = [new.township for old, new in zip(second.places, third.places) if old._source != new._source]
    assert changed == ["平襄镇"]

    # Another day: validation may depend on the date, so both files are read and validated again.
    fourth, reads = load("2026-11-29")
    assert reads[0] == {"places.yaml", "schools.yaml"} and len(reads) == 3
    assert village_names(fourth) == village_names(third) and fourth.schools == third.schools
    assert fourth.places[0]._source != third.places[0]._source


def test_a_page_whose_inputs_are_unchanged_keeps_its_key_without_being_digested(tmp_path):
    from framework.context import COUNTY_FILES
    from framework.generator import PlannedPage
    from framework.pagekeys import PageKeys

    (tmp_path / "faq").mkdir()
    (tmp_path / "faq/01.md").write_text("一", encoding="utf-8")
    (tmp_path / "sites.yaml").write_text("sites: []", encoding="utf-8")
    settings = {"SITES_FILE": str(tmp_path / "sites.yaml"), "FAQ_DIR": str(tmp_path / "faq")}
    context = {"site_urls": {"x": "sites/x/"}, "faq": {"after_shot": {"url": "faq/after/", "title": "打完针以后"},
                                                        "topics": ["一"]}}
    inputs = PageKeys(settings, "build", {}, str(tmp_path))
    inputs._path_digest(("faq", "after_shot"), context)  # as the last build's site pages read it
    before = {**inputs.record(), "keys": {"site.html": "site key", "faq.html": "faq key", "home.html": "home key"}}

    def page(save_as, reads):
        return PlannedPage(save_as, "t", "", "", reads=reads)

    site_page = page("site.html", [("site_urls", "x"), ("faq", "after_shot")])
    (tmp_path / "faq/01.md").write_text("二", encoding="utf-8")  # an FAQ edit
    context["faq"]["topics"] = ["二"]
    keys = PageKeys(settings, "build", before, str(tmp_path))
    assert keys._kept_key(page("site.html", [("site_urls", "x")]), COUNTY_FILES, context) == "site key"
    # It reads a part of the FAQ's entry, which the edit left as it was.
    assert keys._kept_key(site_page, COUNTY_FILES, context) == "site key"
    assert keys._kept_key(page("faq.html", [("faq",)]), ("FAQ_DIR",), context) is None        # reads the FAQ
    assert keys._kept_key(page("site.html", [("faq", "topics")]), COUNTY_FILES, context) is None  # never recorded
    assert keys._kept_key(page("home.html", None), COUNTY_FILES, context) is None              # reads everything
    assert keys._kept_key(page("site.html", [("site_urls", "x")]), None, context) is None      # made from what?
    assert PageKeys(settings, "other code", before, str(tmp_path))._kept_key(
        page("site.html", [("site_urls", "x")]), COUNTY_FILES, context) is None
    # The part it reads changed: drawn again.
    context["faq"]["after_shot"] = {"url": "faq/after-shot/", "title": "打完针以后"}
    assert PageKeys(settings, "build", before, str(tmp_path))._kept_key(site_page, COUNTY_FILES, context) is None
    # A part no page read in a build stays in the record while its entry's files are unchanged,
    # and leaves it when they change.
    later = {**keys.record(), "keys": before["keys"]}
    assert PageKeys(settings, "build", later, str(tmp_path)).record()["parts"]["faq/after_shot"] == \
        later["parts"]["faq/after_shot"]
    (tmp_path / "faq/01.md").write_text("三", encoding="utf-8")
    assert "faq/after_shot" not in PageKeys(settings, "build", later, str(tmp_path)).record()["parts"]
    (tmp_path / "sites.yaml").write_text("sites: [] # 改了", encoding="utf-8")
    assert PageKeys(settings, "build", before, str(tmp_path))._kept_key(
        page("site.html", [("site_urls", "x")]), COUNTY_FILES, context) is None


def test_file_digests_of_a_folder_of_links_are_not_read_again(tmp_path):
    """A publish build goes into a fresh folder and hard links in what the live release holds
    unchanged: those files are not read again for their digests (the release's record has them,
    kept by the folder's identity, which its rename keeps), while a file written fresh is."""
    import os

    from datafile.digests import FileDigests

    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    reads = []

    def digest_of(content):
        reads.append(content)
        return content.decode("utf-8")

    building = tmp_path / ".building-1"
    for name in ("a", "b", "c"):
        (building / name).mkdir(parents=True)
        (building / name / "index.html").write_text(name, encoding="utf-8")
    assert FileDigests(settings, building, "test", digest_of).all() == {f"{n}/index.html": n for n in "abc"}
    assert len(reads) == 3
    release = tmp_path / "1"
    building.rename(release)  # publish/release.py's swap

    fresh = tmp_path / ".building-2"
    for name in ("a", "b"):
        (fresh / name).mkdir(parents=True)
        os.link(release / name / "index.html", fresh / name / "index.html")
    (fresh / "c").mkdir()
    (fresh / "c/index.html").write_text("C", encoding="utf-8")
    reads.clear()
    digests = FileDigests(settings, fresh, "test", digest_of, linked_from=release)
    assert digests.all() == {"a/index.html": "a", "b/index.html": "b", "c/index.html": "C"}
    assert reads == [b"C"]
    # Without the release's record (another purpose), every file is read.
    reads.clear()
    FileDigests(settings, fresh, "other", digest_of, linked_from=release).all()
    assert len(reads) == 3


def test_a_forked_call_gives_its_value_or_its_error_and_leaves_no_child_behind(tmp_path):
    """The open data and the finder's data are made in a forked child beside the contexts
    (FeatureGenerator.add_files_soon): what it returns or raises reaches the build, and a call
    nobody waited for (a build stopped half-way) is reaped once it is collected."""
    import gc
    import os

    from datafile.pool import ForkedCall
    from datafile.problems import DataError, Problem

    parent = os.getpid()
    assert ForkedCall(lambda: {"data/sites.csv": f"made in {os.getpid()}"}).result() != {"data/sites.csv": f"made in {parent}"}

    def fails():
        raise DataError([Problem("sites.yaml", 3, "电话号码不对")])

    call = ForkedCall(fails)
    try:
        call.result()
    except DataError as error:
        assert "电话号码不对" in str(error)
    else:
        raise AssertionError("the child's error was lost")

    forgotten = ForkedCall(lambda: "never asked for")
    child = forgotten.child
    del forgotten
    gc.collect()
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        pass  # reaped
    else:
        raise AssertionError("the child of a forgotten call was not reaped")
