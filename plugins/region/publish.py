"""The region's merge: `make region` runs it after the shards (`make -j region`).

    PYTHONPATH=plugins python -m region.publish region.yaml REGION_OUTPUT

Builds the region's own pages and files (regionconf.py, region/generator.py) into a fresh folder,
links in each county's last good shard (`<id>` -> `REGION_OUTPUT.shards/<id>`, which region/shard.py
swaps when the county is rebuilt), checks the region's pages, and only then swaps the folder in
(publish/release.py), so a host serving REGION_OUTPUT never sees half a region.

A county whose last shard build failed keeps its last good shard and is reported; a county that
never built is left out and reported; the region publishes either way, and the exit status is 1 so
that the person or the CI job that ran it sees the report.
"""

import fcntl
import os
import sys
from pathlib import Path

from publish import release


from . import config
from .generator import shards_of, status_of
from .shard import ROOT, shards_folder

REGION_CONF = ROOT / "regionconf.py"


def merge_build(region, output):
    """The build function for publish/release.py: the region's pages into a folder, shards linked."""
    shards = shards_folder(output)

    def build(folder):
        settings = {"REGION_FILE": str(region.path), "REGION_SHARDS": str(shards.resolve()),
                    "SITENAME": f"{region.name}疫苗接种点查询", "CORRECTION_CONTACT": region.contact}
        if region.url:
            settings.update(SITEURL=region.url, RELATIVE_URLS=False, PUBLISH_RELATIVE_ONLY=False)
        status = release.pelican(REGION_CONF, folder, settings)
        if status != 0:
            return status, None, None
        pages = sorted(str(page.relative_to(folder)) for page in Path(folder).rglob("*.html"))
        built, _ = shards_of(region, shards)
        for county, _ in built:
            # The link, not the release it points at: a county rebuilt alone is live at once.
            os.symlink(os.path.relpath(shards / county.id, folder), Path(folder) / county.id)
        return 0, region.url, pages

    return build


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    region = config.from_command_line(argv, "python -m region.publish region.yaml 全市网站的输出文件夹", 2)
    target = Path(argv[1])
    releases = target.parent / f"{target.name}.releases"
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        status = release.publish(REGION_CONF, target, releases, build=merge_build(region, target))
    shards = shards_folder(target)
    built, missing = shards_of(region, shards)
    failed = [county for county, _ in built if (status_of(shards, county) or {}).get("ok") is False]
    for county in failed:
        print(f"  {county.name}（{county.id}）：最近一次构建没有成功，全市网站里是它上一次构建成功的版本。"
              f"请运行 make region-shard-{county.id} 看错误在哪里", file=sys.stderr)
    for county in missing:
        print(f"  {county.name}（{county.id}）：还没有构建成功过，全市网站里暂时没有这个县；"
              f"邻县“各村最近的接种点”里它的接种点，链接也要等它构建成功后才能打开。"
              f"请运行 make region-shard-{county.id} 看错误在哪里", file=sys.stderr)
    if status != 0:
        return status
    if failed or missing:
        print(f"全市网站已更新，但有 {len(failed) + len(missing)} 个县要处理（见上）。", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
