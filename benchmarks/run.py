"""Benchmarks from county to nation: our build against plain Pelican and Hugo, in the same run.

    python benchmarks/run.py county|province|nation [--no-rebuilds] [--baseline-limit=SECONDS]

--no-rebuilds leaves out the rebuilds (at nation scale each is another long build); their
figures are then null in the JSON. The rebuilds: a preview and a publish after one FAQ change and
after one site change, each a new process as `make html` and `make publish` are, and three site
changes in the clerk's loop, one process that builds again as `make edit` does (_loop.py). --baseline-limit stops plain Pelican or Hugo after that long:
its time and ratio are then null, and `baseline_notes` says it did not finish.

Prints one table and writes benchmarks/results/SCALE.json. Times are wall-clock on this machine,
so compare the ratios, which come from the same run.
"""

import datetime as dt
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "plugins"))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-28"
PHASES = {
    "load and validate": ["SitesGenerator.init", "FaqGenerator.init"],
    "nearest computation": ["NearestGenerator.generate_context"],  # with the finder's files, planned there now
    "posters and texts (outreach)": ["OutreachGenerator.generate_context", "OutreachGenerator.generate_output"],
    "maps": ["MapsGenerator.generate_context", "MapsGenerator.generate_output"],
    "page rendering": ["SitesGenerator.generate_output", "FaqGenerator.generate_output", "SchoolsGenerator.generate_output",
                       "SchoolsGenerator.generate_context", "ProgressGenerator.generate_output", "PagesGenerator.generate_output",
                       "NearestGenerator.generate_output", "SearchGenerator.generate_output", "PublishGenerator.generate_output",
                       "PublishGenerator.generate_context", "ProgressGenerator.generate_context", "FaqGenerator.generate_context"],
    # Pagefind and the compressed copies run side by side (framework/finishing.py): one figure.
    "search index, sitemap and compression": ["started.search", "finished.search", "started.publish",
                                              "finished.publish"],
}


def our_build(folder, output, publish=True, published=None):
    """A build as `make publish` makes it (publish=True; `published`: the release it replaces,
    whose unchanged files it links in), or as `make html` previews it, with the cache of derived
    files (CACHE_PATH) kept in folder across the builds of one run."""
    report = folder / f"timings-{output.name}.json"
    settings = ["SITES_FILE", "PLACES_FILE", "SCHOOLS_FILE"]
    extra = [f'{key}="{folder / (key.split("_")[0].lower() + ".yaml")}"' for key in settings]
    (folder / "progress").mkdir(exist_ok=True)  # no 日通报 in the synthetic input
    extra += [f'PATH="{folder / "content"}"', f'PROGRESS_DIR="{folder / "progress"}"', f'SITES_TODAY="{TODAY}"',
              f'CACHE_PATH="{folder / "cache"}"']
    if publish:
        extra += ["PUBLISH=true", 'SITEURL="https://ym.example.gov.cn"']
    if published:
        extra += [f'INCREMENTAL_FROM="{published}"']
    conf = ROOT / ("publishconf.py" if publish else "pelicanconf.py")
    result = subprocess.run([sys.executable, str(HERE / "_build.py"), str(conf), str(output), str(report), *extra],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    if result.returncode != 0:
        sys.exit(f"the build failed (exit {result.returncode}):\n{result.stderr[-5000:]}")
    return json.loads(report.read_text())


def clerk_loop(folder, output, changes=3):
    """The rebuilds of `make devserver` and `make edit` (benchmarks/_loop.py): one process that
    builds `output` as it is, then again after each of `changes` site changes. Returns
    [seconds of each rebuild after a change]."""
    report = folder / "timings-loop.json"
    extra = [f'{key}="{folder / (key.split("_")[0].lower() + ".yaml")}"' for key in ["SITES_FILE", "PLACES_FILE", "SCHOOLS_FILE"]]
    extra += [f'PATH="{folder / "content"}"', f'PROGRESS_DIR="{folder / "progress"}"', f'SITES_TODAY="{TODAY}"',
              f'CACHE_PATH="{folder / "cache"}"', "DEVSERVER=true"]
    result = subprocess.run([sys.executable, str(HERE / "_loop.py"), str(ROOT / "pelicanconf.py"), str(output),
                             str(folder / "sites.yaml"), str(changes), str(report), *extra],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    if result.returncode != 0:
        sys.exit(f"the clerk's loop failed (exit {result.returncode}):\n{result.stderr[-5000:]}")
    return json.loads(report.read_text())["after_site_change"]


def markdown_pages(folder, count):
    folder.mkdir(parents=True)
    text = "这是一个用于基准测试的页面。" * 20
    for i in range(count):
        (folder / f"page-{i}.md").write_text(f"Title: 页面 {i}\nSlug: page-{i}\n\n{text}\n\n- 一\n- 二\n", encoding="utf-8")


def timed(command, limit):
    """Seconds the command took, or None when it ran past limit (seconds, or None for no limit)."""
    started = time.perf_counter()
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def plain_pelican(folder, count, limit=None):
    content = folder / "plain" / "content"
    markdown_pages(content / "pages", count)
    conf = folder / "plain" / "conf.py"
    conf.write_text("SITENAME = 'plain'\nPATH = 'content'\nTIMEZONE = 'Asia/Shanghai'\nDISPLAY_PAGES_ON_MENU = False\n"
                    "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
                    "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nRELATIVE_URLS = True\n")
    return timed([str(BIN / "pelican"), str(content), "-s", str(conf), "-o", str(folder / "plain" / "out")], limit)


def hugo(folder, count, limit=None):
    site = folder / "hugo"
    markdown_pages(site / "content" / "pages", count)
    for page in (site / "content" / "pages").glob("*.md"):  # Hugo wants front matter
        body = page.read_text(encoding="utf-8").split("\n\n", 1)
        page.write_text(f"---\ntitle: \"{page.stem}\"\n---\n\n{body[1]}", encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text('<!DOCTYPE html><html lang="zh-CN"><head><title>{{ .Title }}</title></head>'
                                         "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>")
    (layouts / "list.html").write_text("<html><body>{{ .Title }}</body></html>")
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    return timed([str(BIN / "hugo"), "--quiet", "-s", str(site)], limit)


def page_weight(output, page):
    """gzip bytes of a page and everything it loads (CSS, JS, the map's data); tiles excluded."""
    file = output / page
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    refs = [t["href"] for t in soup.select("link[rel=stylesheet]")] + [t["src"] for t in soup.select("script[src]")]
    refs += [t["data-markers"] for t in soup.select("[data-markers]")]
    total = len(gzip.compress(file.read_bytes(), 9))
    for ref in refs:
        path = ref.replace("https://ym.example.gov.cn/", "")
        target = (file.parent / path).resolve() if not ref.startswith("https://") else output / path
        total += len(gzip.compress(target.read_bytes(), 9))
    return total


def finder_lookup_bytes(output, lat, lon, k=5):
    """What finder.js fetches for one "使用我的位置" at (lat, lon): the index and the nearest cells."""
    from nearest.finder_data import lookup_cells
    finder = output / "finder"
    index = json.loads((finder / "index.json").read_text(encoding="utf-8"))

    def read_sites(key):
        return json.loads((finder / "cells" / f"{key}.json").read_text(encoding="utf-8"))["sites"]

    size = lambda path: len(gzip.compress(path.read_bytes(), 9))  # noqa: E731
    return size(finder / "index.json") + sum(size(finder / "cells" / f"{key}.json")
                                             for key in lookup_cells(index, read_sites, lat, lon, k))


def main(scale, rebuilds=True, baseline_limit=None):
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(scale, Path(tmp) / "input")
        first = our_build(folder, Path(tmp) / "out")
        print(f"first build: {first['wall']:.1f} s, peak {first['peak_rss_mb']:.0f} MB "
              f"(all processes at once {first['peak_tree_mb']:.0f} MB)", flush=True)
        print(json.dumps({k: round(v, 2) for k, v in sorted(first['times'].items(), key=lambda kv: -kv[1])[:12]}), flush=True)
        output = Path(tmp) / "out"
        pages = sum(1 for p in output.rglob("*.html") if "pagefind" not in p.parts)

        preview_first = rebuild_faq = publish_faq = rebuild_site = publish_site = loop_site = None
        if rebuilds:
            # The editor's loop: a preview build (`make html`), one change, the same command again.
            preview = Path(tmp) / "preview"
            preview_first = our_build(folder, preview, publish=False)["wall"]
            print(f"preview build: {preview_first:.1f} s", flush=True)
            faq = next((folder / "content" / "faq").glob("*.md"))
            faq.write_text(faq.read_text(encoding="utf-8").replace("## 怎么做", "## 怎么做\n\n（改了一句。）", 1), encoding="utf-8")
            rebuild_faq = our_build(folder, preview, publish=False)["wall"]
            # The same change published as `make publish` does: a fresh folder, with the cache the
            # first publish left, linking in what the release it replaces holds unchanged.
            publish_faq = our_build(folder, Path(tmp) / "out-2", published=output)["wall"]
            sites = folder / "sites.yaml"
            text = sites.read_text(encoding="utf-8")
            at = text.index("    address: ") + len("    address: ")
            sites.write_text(text[:at] + "（已搬迁）" + text[at:], encoding="utf-8")
            rebuild_site = our_build(folder, preview, publish=False)["wall"]
            publish_site = our_build(folder, Path(tmp) / "out-3", published=Path(tmp) / "out-2")["wall"]
            print(f"rebuilds: faq {rebuild_faq:.1f} s (published {publish_faq:.1f} s), "
                  f"site {rebuild_site:.1f} s (published {publish_site:.1f} s)", flush=True)
            # The clerk's own loop: `make edit` builds again in one process after each save.
            loop_site = clerk_loop(folder, preview)
            print(f"the clerk's loop, after each of three site changes: {', '.join(f'{s:.1f}' for s in loop_site)} s",
                  flush=True)

        pelican_seconds = plain_pelican(Path(tmp), pages, baseline_limit)
        hugo_seconds = hugo(Path(tmp), pages, baseline_limit)

        township = next(p for p in sorted((output / "townships").iterdir()))
        site = next(p for p in sorted((output / "sites").iterdir()) if p.is_dir())
        weights = {
            "home": page_weight(output, "index.html"),
            "township": page_weight(output, f"townships/{township.name}/index.html"),
            "site": page_weight(output, f"sites/{site.name}/index.html"),
            "map": page_weight(output, "map/index.html"),
        }
        bounds = json.loads((output / "finder" / "index.json").read_text(encoding="utf-8"))["bounds"]
        lookup = finder_lookup_bytes(output, (bounds["south"] + bounds["north"]) / 2, (bounds["west"] + bounds["east"]) / 2)

    phases = {name: round(sum(first["times"].get(key, 0) for key in keys), 2) for name, keys in PHASES.items()}
    ours_per_page = first["wall"] / pages
    result = {
        "scale": scale, "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, {platform.python_version()}",
        "build_seconds": round(first["wall"], 2), "peak_rss_mb": round(first["peak_rss_mb"]),
        "peak_tree_mb": round(first["peak_tree_mb"]), "pages": pages,
        "phases_seconds": phases, "nearest_seconds": phases["nearest computation"],
        "plain_pelican_seconds": _round(pelican_seconds), "hugo_seconds": _round(hugo_seconds),
        "per_page_ratio_vs_pelican": _round(pelican_seconds and ours_per_page / (pelican_seconds / pages)),
        "per_page_ratio_vs_hugo": _round(hugo_seconds and ours_per_page / (hugo_seconds / pages)),
        "baseline_notes": [f"{name} had not finished after {baseline_limit} s and was stopped"
                           for name, seconds in (("plain Pelican", pelican_seconds), ("Hugo", hugo_seconds))
                           if seconds is None],
        **{key: _round(value) for key, value in {
            "preview_build_seconds": preview_first, "rebuild_faq_seconds": rebuild_faq, "rebuild_site_seconds": rebuild_site,
            "publish_rebuild_faq_seconds": publish_faq, "publish_rebuild_site_seconds": publish_site,
            "loop_rebuild_site_seconds": loop_site and sorted(loop_site)[len(loop_site) // 2]}.items()},
        "loop_rebuilds_site_seconds": loop_site and [round(seconds, 2) for seconds in loop_site],
        "page_gzip_bytes": weights, "finder_lookup_bytes": lookup,
    }
    out = HERE / "results" / f"{scale}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    rows = [("pages written", pages), ("full build (s)", result["build_seconds"]), ("peak RSS (MB)", result["peak_rss_mb"]),
            ("peak of all its processes at once, PSS (MB)", result["peak_tree_mb"])]
    rows += [(f"  {name} (s)", value) for name, value in phases.items()]
    rows += [("plain Pelican, same page count (s)", result["plain_pelican_seconds"]), ("Hugo, same page count (s)", result["hugo_seconds"]),
             ("per page, ours / plain Pelican", result["per_page_ratio_vs_pelican"]),
             ("per page, ours / Hugo", result["per_page_ratio_vs_hugo"]),
             ("preview build, first (s)", result["preview_build_seconds"]),
             ("preview rebuild after one FAQ change (s)", result["rebuild_faq_seconds"]),
             ("preview rebuild after one site change (s)", result["rebuild_site_seconds"]),
             ("the same in the clerk's loop (make edit), median of three (s)", result["loop_rebuild_site_seconds"]),
             ("publish after one FAQ change, warm cache (s)", result["publish_rebuild_faq_seconds"]),
             ("publish after one site change, warm cache (s)", result["publish_rebuild_site_seconds"])]
    rows += [(f"gzip, {kind} page + what it loads (KB)", round(size / 1024, 1)) for kind, size in weights.items()]
    rows += [("finder, one nearest-site lookup (KB)", round(lookup / 1024, 1))]
    width = max(len(r[0]) for r in rows)
    print(f"{scale} — {result['machine']}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    for note in result["baseline_notes"]:
        print(f"  note: {note}")
    print(f"written to {out.relative_to(ROOT)}")


def _round(value):
    return None if value is None else round(value, 2)


if __name__ == "__main__":
    args = sys.argv[1:]
    limits = [a for a in args[1:] if a.startswith("--baseline-limit=") and a.split("=", 1)[1].isdigit()]
    if not args or args[0] not in ("county", "province", "nation") or set(args[1:]) - {"--no-rebuilds", *limits}:
        sys.exit("usage: python benchmarks/run.py county|province|nation [--no-rebuilds] [--baseline-limit=SECONDS]")
    main(args[0], rebuilds="--no-rebuilds" not in args,
         baseline_limit=int(limits[-1].split("=", 1)[1]) if limits else None)
