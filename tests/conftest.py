"""Fixtures that build real sites into temporary folders, as a clerk would with `make html`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sites.yaml"
TODAY = "2026-11-28"  # a Saturday; the sample data is written around it
PELICAN = [sys.executable, "-m", "pelican"]
EXTERNAL_ASSET = __import__("re").compile(r"^(https?:)?//")


class Build:
    """The result of one `pelican` run: exit code, messages, and the pages written."""

    def __init__(self, result, output):
        self.returncode = result.returncode
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.output = output

    def page(self, path):
        file = self.output / path
        if file.is_dir():
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def html_files(self):
        """The site's pages. The web editor (admin/, preview builds only: the office's tool, not a
        page residents see) is not one of them; tests/test_editor.py checks it."""
        return sorted(p for p in self.output.rglob("*.html") if p.relative_to(self.output).parts[0] != "admin")


def run_pelican(output, sites_file=SAMPLE, today=TODAY, extra=()):
    """`extra` holds more KEY=JSON settings; they join the one -e list (a second -e replaces the first)."""
    args = PELICAN + [
        "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
        "-e", f"SITES_FILE={str(sites_file)!r}".replace("'", '"'),
        f'SITES_TODAY="{today}"', *extra,
    ]
    # A wide "terminal", so Pelican's log lines are not wrapped in the middle of a message.
    env = {**os.environ, "COLUMNS": "300"}
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    return Build(result, Path(output))


def output_files(folder):
    """{relative path: bytes} of a built site, the search index left out."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "pagefind" not in p.parts}


def need(condition, what):
    """Skip loudly when a tool `make test` installs is missing; in CI, fail."""
    if not condition:
        message = f"{what} is missing; `make test` installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def inputs(tmp_path):
    """A copy of the sample's content and sites.yaml to edit (places and schools are the sample's)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "sites.yaml", tmp_path / "sites.yaml")
    return tmp_path


def build_inputs(inputs, output, cache="cache", extra=()):
    """A preview build of a copy made by `inputs` into inputs/output, with its cache in inputs/cache."""
    result = run_pelican(inputs / output, sites_file=inputs / "sites.yaml",
                         extra=[f'PATH="{inputs / "content"}"', f'CACHE_PATH="{inputs / cache}"', *extra])
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    build = run_pelican(tmp_path_factory.mktemp("sample") / "output")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture
def build_with(tmp_path):
    """build_with(text) writes `text` as sites.yaml and builds it into a fresh folder."""

    def build(text, output=None, **kwargs):
        sites_file = tmp_path / "sites.yaml"
        sites_file.write_text(text, encoding="utf-8")
        return run_pelican(output or tmp_path / "output", sites_file=sites_file, **kwargs)

    return build


@pytest.fixture
def sample_text():
    return SAMPLE.read_text(encoding="utf-8")


# --- browser -----------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = ("\n!!! 没有找到 Debian 的 chromium，浏览器测试无法运行。"
                   "请运行 `apt-get install -y chromium fonts-noto-cjk`，或直接运行 `make test`。\n")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


class Server:
    """Serve a folder on a free localhost port, optionally with extra response headers."""

    def __init__(self, directory, headers=None):
        import functools
        import http.server
        import threading

        extra = dict(headers or {})

        class Handler(http.server.SimpleHTTPRequestHandler):
            def end_headers(self):
                for name, value in extra.items():
                    self.send_header(name, value)
                super().end_headers()

            def log_message(self, *args):
                pass

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A browser that leaves a page drops the downloads under way: not a failure.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.httpd = Quiet(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def served_sample(sample_build):
    """The sample site on a free localhost port."""
    server = Server(sample_build.output)
    yield server.url
    server.close()
