"""`make publish`: build into a fresh folder, check it, and only then swap it in.

    PYTHONPATH=plugins python -m publish.release [publishconf.py] [public]

`public` is a symbolic link to `public.releases/<time>`; the swap replaces the link with one
rename, so a host serving `public` sees the old site or the new one, never half of each. A failed
or interrupted build leaves `public` exactly as it was.
"""

import datetime as dt
import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pelican.settings import read_settings

from .validate import validate

KEEP = 3


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    conf = Path(argv[0] if argv else "publishconf.py")
    target = Path(argv[1] if len(argv) > 1 else "public")
    releases = target.parent / f"{target.name}.releases"
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("另一个发布（make publish）正在进行，等它结束后再发布……", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        return publish(conf, target, releases)


def publish(conf, target, releases, settings=None, build=None, links_out=False):
    """Build, check and swap in one release; the caller holds the releases' lock. `settings`
    ({name: value}) override the settings file's (a region's shards, region/shard.py); `build`
    (folder -> exit status, SITEURL), when given, replaces the Pelican run (the region's merge).
    `links_out`: links that leave the site's folder pass the check (a shard's links to its
    neighbouring counties' pages, beside it in the region)."""
    for leftover in releases.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    building = releases / f".building-{stamp}"
    try:
        if build is not None:
            status, siteurl, pages = build(building)
        else:
            # What the release now published holds unchanged is linked in, not drawn again.
            published = {"INCREMENTAL_FROM": str(target.resolve())} if target.is_dir() else {}
            status, siteurl, pages = pelican(conf, building, {**published, **(settings or {})}), None, None
        if status != 0:
            print("构建没有成功，已发布的网站保持原样。", file=sys.stderr)
            return 1
        if siteurl is None:
            siteurl = (settings or {}).get("SITEURL", read_settings(str(conf)).get("SITEURL"))
        problems = validate(building, siteurl or "", pages, links_out)
        if problems:
            for problem in problems[:50]:
                print(f"  {problem}", file=sys.stderr)
            print(f"检查发现 {len(problems)} 处问题，已发布的网站保持原样。", file=sys.stderr)
            return 1
        release = releases / stamp
        building.rename(release)
        swap(target, release)
        prune(releases, release)
        print(f"已发布：{target} → {release}")
        return 0
    except KeyboardInterrupt:
        print("\n已中断，已发布的网站保持原样。", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(building, ignore_errors=True)


def pelican(conf, output, settings):
    """Run Pelican into output; its exit status."""
    overrides = [f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in settings.items()]
    return subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(output),
                           *(["-e", *overrides] if overrides else [])]).returncode


def swap(target, release):
    if target.exists() and not target.is_symlink():
        # The first publish after `make html`-style output: keep the old folder as a release.
        target.rename(release.parent / f"previous-{release.name}")
    link = target.with_name(f".{target.name}.new")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(release, target.parent), link)
    os.replace(link, target)  # one rename: atomic on POSIX


def prune(releases, current):
    """Keep the KEEP newest releases (the current one included); "previous-<time>" (a folder that
    stood where the link now is) counts by its time like the others."""
    old = sorted((p for p in releases.iterdir() if p.is_dir() and p != current and not p.name.startswith(".")),
                 key=lambda p: p.name.removeprefix("previous-"), reverse=True)
    for path in old[KEEP - 1:]:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
