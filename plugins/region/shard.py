"""One county of a region, built as its own shard: `make region-shard-<id>` (and `make -j region`).

    PYTHONPATH=plugins python -m region.shard region.yaml COUNTY_ID REGION_OUTPUT

The county is built as `make publish` builds a county (publish/release.py: a fresh folder, checked,
then swapped in), in a process of its own, with its own cache, into
`REGION_OUTPUT.shards/<id>` (a link to its newest good release). A failed build leaves the last
good release where it was: the merge (region/merge.py) goes on with it and reports the county.
`REGION_OUTPUT.shards/<id>.status.json` says how the last build went.

What is the county's and what is the region's:
- from the county's `pelicanconf.py`: its data files, its content (PATH), SITENAME and every
  setting of ours (framework/defaults.py), such as CORRECTION_CONTACT or MAP_TILES;
- from the region: the code and theme (this project's publishconf.py), the cache, and the address
  (region.yaml's url plus `/<id>`).
"""

import datetime as dt
import fcntl
import json
import resource
import sys
from pathlib import Path

from datafile.problems import DataError
from publish import release

from . import config, open_sites
from .settings import shard_settings

ROOT = Path(__file__).resolve().parents[2]
PUBLISH_CONF = ROOT / "publishconf.py"


def shards_folder(output):
    output = Path(output)
    return output.parent / f"{output.name}.shards"


def neighbours(region, county, settings, cache_root):
    """The file listing the county's neighbours' open sites (region/open_sites.py), after
    refreshing the county's own: when those changed, its neighbours' tables are out of date
    until they are built again, which `make -j region` does and a lone shard's build says."""
    try:
        changed = open_sites.refresh(county, settings, cache_root)
    except DataError:
        changed = False  # its build reports the mistakes
    listed = open_sites.neighbours_file(region, county, cache_root)
    if changed:
        names = [f"{other['name']}（make region-shard-{other['id']}）"
                 for other in json.loads(Path(listed).read_text(encoding="utf-8"))["counties"]]
        if names:
            print(f"{county.name}的开放接种点变了：邻县" + "、".join(names) + "的“各村最近的接种点”也要重新构建，"
                  "make -j region 会一起做。", file=sys.stderr)
    return listed


def build(region, county, output, cache_root):
    """Build and swap in one shard; its exit status. The status file records the outcome."""
    shards = shards_folder(output)
    target = shards / county.id
    releases = shards / f"{county.id}.releases"
    releases.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now()
    with open(releases / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            settings = shard_settings(region, county, cache_root)
        except Exception as error:  # the county's settings file itself is broken
            print(f"{county.name}（{county.id}）的 pelicanconf.py 读不出来：{error}", file=sys.stderr)
            status = 1
        else:
            settings["REGION_NEIGHBOURS"] = neighbours(region, county, settings, cache_root)
            status = release.publish(PUBLISH_CONF, target, releases, settings=settings, links_out=True)
    (shards / f"{county.id}.status.json").write_text(json.dumps({
        "county": county.id, "ok": status == 0, "finished": dt.datetime.now().isoformat(timespec="seconds"),
        "seconds": round((dt.datetime.now() - started).total_seconds(), 1),
        # The largest process of the build (Pelican, or one of its children such as Pagefind), in MB.
        "peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }, ensure_ascii=False), encoding="utf-8")
    return status


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    region = config.from_command_line(argv, "python -m region.shard region.yaml 县的编号 全市网站的输出文件夹", 3)
    try:
        county = region.county(argv[1])
    except DataError as error:
        print(config.report(error), file=sys.stderr)
        return 2
    cache_root = Path(argv[3]) if len(argv) > 3 else ROOT / "cache" / "region"
    print(f"正在构建 {county.name}（{county.id}）……", file=sys.stderr)
    status = build(region, county, Path(argv[2]), cache_root)
    if status != 0:
        print(f"{county.name}（{county.id}）没有构建成功，全市网站里保留它上一次构建成功的版本。", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
