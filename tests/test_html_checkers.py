"""Outside checkers on the built site: LinkChecker for links, the W3C Nu HTML Checker for markup."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Server, need

VNU = ROOT / "tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar"
TEMPLATES = ["index.html", "townships/pingxiang/index.html", "sites/tw-cdc/index.html", "sites/index.html",
             "map/index.html", "find/index.html", "faq/index.html", "faq/cold-or-fever/index.html",
             "faq/glossary/index.html", "search/index.html", "help/index.html", "schools/index.html",
             "schools/maying-primary/index.html", "404.html", "progress/index.html", "admin/index.html"]


def test_linkchecker_finds_no_broken_link(sample_build, tmp_path):
    linkchecker = Path(sys.executable).parent / "linkchecker"
    need(linkchecker.exists(), "LinkChecker")
    # LinkChecker asks a host at most 10 times a second unless the host answers with a "LinkChecker"
    # header and its configuration allows more: our own test server may be asked as fast as it answers.
    server = Server(sample_build.output, headers={"LinkChecker": "test server"})
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    try:
        result = subprocess.run(
            [str(linkchecker), "-f", str(config), "--no-status", "--no-robots", "-t", "20",
             "--ignore-url", r"^(?!http://127\.0\.0\.1)", server.url + "/"],
            capture_output=True, text=True, timeout=600)
    finally:
        server.close()
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
