"""Outside checkers on the built site: LinkChecker for links, the W3C Nu HTML Checker for markup."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, need

VNU = ROOT / "tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar"
TEMPLATES = ["index.html", "townships/pingxiang/index.html", "sites/tw-cdc/index.html", "sites/index.html",
             "map/index.html", "find/index.html", "faq/index.html", "faq/cold-or-fever/index.html",
             "faq/glossary/index.html", "search/index.html", "help/index.html", "schools/index.html",
             "schools/maying-primary/index.html", "404.html", "progress/index.html", "admin/index.html"]


def test_linkchecker_finds_no_broken_link(served_sample):
    linkchecker = Path(sys.executable).parent / "linkchecker"
    need(linkchecker.exists(), "LinkChecker")
    result = subprocess.run(
        [str(linkchecker), "--no-status", "--no-robots", "-t", "20",
         "--ignore-url", r"^(?!http://127\.0\.0\.1)", served_sample + "/"],
        capture_output=True, text=True, timeout=600)
    summary = result.stdout.strip().splitlines()[-2:]
    assert result.returncode == 0, result.stdout[-3000:]
    assert " 0 errors found" in " ".join(summary), summary
    checked = int(re.search(r"links in (\d+) URLs checked", result.stdout).group(1))
    assert checked > 120  # it really walked the site


def test_nu_html_checker_reports_no_error_on_any_template(sample_build):
    need(VNU.exists(), "vnu.jar (npm vnu-jar)")
    need(shutil.which("java"), "Java (Debian default-jre-headless)")
    files = [str(sample_build.output / page) for page in TEMPLATES]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
