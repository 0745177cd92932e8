"""Lighthouse on every kind of page, in the three display modes, as a resident's phone gets them.

    python benchmarks/lighthouse.py [RUNS]      (make lighthouse)

Builds the sample as `make publish` does (relative addresses, no map tiles without a Tianditu key,
.gz copies), serves it as a simple host would (the .gz copy to a browser that accepts gzip), and
runs Lighthouse 13 (npm, on Debian's Chromium: CHROME_PATH) with its mobile defaults: a Moto G
Power-sized screen, simulated slow 4G and a 4x slower CPU. The 大字 and 高对比度 modes are set the
way a resident sets them, in the browser's localStorage, in a profile Lighthouse is told to keep.

Each page kind and mode runs RUNS times (default 1) and the median score is kept. Writes
benchmarks/results/lighthouse.json and prints the table for benchmarks/README.md.
"""

import functools
import http.server
import json
import mimetypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = HERE / ".tools/node_modules/lighthouse/cli/index.js"
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-28"
PAGE_KINDS = {"home": "/", "township": "/townships/maying/", "site": "/sites/tw-cdc/", "all sites": "/sites/",
              "map": "/map/", "FAQ": "/faq/", "school letter": "/schools/maying-primary/", "progress": "/progress/",
              "search": "/search/?q=%E8%80%81%E4%BA%BA", "按村查找": "/find/", "next dose": "/next-dose/",
              "after the shot": "/faq/after-the-shot/"}
MODES = {"normal": {}, "large": {"mode-large": "1"}, "contrast": {"mode-contrast": "1"}}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95, "seo": 0.95}


class GzipHost(http.server.SimpleHTTPRequestHandler):
    """Serves the .gz copy beside a file to a browser that accepts gzip, as nginx's gzip_static does."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path + ".gz"):
            with open(path + ".gz", "rb") as handle:
                body = handle.read()
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def log_message(self, *args):
        pass


def build(output, cache):
    env = {**os.environ, "PUBLISH_SITEURL": "", "PUBLISH_RELATIVE_ONLY": "1"}  # served from 127.0.0.1
    subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "-o", str(output),
                    "-e", f'SITES_TODAY="{TODAY}"', f'CACHE_PATH="{cache}"'], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def set_mode(profile, origin, values):
    """Put the mode switches in localStorage for origin, in the Chromium profile Lighthouse will use."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                                args=["--no-sandbox"])
        page = context.new_page()
        page.goto(origin + "/robots.txt")
        page.evaluate("values => { localStorage.clear(); for (const k in values) localStorage.setItem(k, values[k]); }",
                      values)
        context.close()


def lighthouse(url, profile, report):
    flags = f"--headless=new --no-sandbox --user-data-dir={profile}"
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", "--disable-storage-reset", f"--chrome-flags={flags}"],
                   env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True)
    result = json.loads(Path(report).read_text(encoding="utf-8"))
    audits = result["audits"]
    failing = sorted(name for name, audit in audits.items()
                     if audit.get("score") is not None and audit["score"] < 0.9
                     and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return {**{name: result["categories"][name]["score"] for name in CATEGORIES},
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "failing": failing}


def main(runs=1):
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `make lighthouse` (it installs it from the npm registry).")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build(tmp / "public", tmp / "cache")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHost, directory=str(tmp / "public")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        results = {}
        try:
            for mode, values in MODES.items():
                profile = tmp / f"profile-{mode}"
                set_mode(profile, origin, values)
                for kind, path in PAGE_KINDS.items():
                    measured = [lighthouse(origin + path, profile, tmp / "report.json") for _ in range(runs)]
                    middle = {key: statistics.median(m[key] for m in measured) for key in [*CATEGORIES, "cls", "lcp_s"]}
                    middle["failing"] = sorted({name for m in measured for name in m["failing"]})
                    results.setdefault(kind, {})[mode] = middle
                    print(kind, mode, middle, flush=True)
        finally:
            server.shutdown()
    (HERE / "results/lighthouse.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results))


def table(results):
    rows = ["| page | mode | performance | accessibility | best practices | SEO | CLS | LCP (s) | audits under 0.9 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind, modes in results.items():
        for mode, m in modes.items():
            marks = {name: ("" if m[name] >= TARGETS[name] else " ✗") for name in CATEGORIES}
            rows.append(f"| {kind} | {mode} | " + " | ".join(f"{m[name]:.2f}{marks[name]}" for name in CATEGORIES)
                        + f" | {m['cls']:.3f}{'' if m['cls'] <= 0.02 else ' ✗'} | {m['lcp_s']:.1f}{'' if m['lcp_s'] <= 1.8 else ' ✗'}"
                        + f" | {', '.join(m['failing'])} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
