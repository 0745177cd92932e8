"""The web editor (plugins/editor): Decap CMS at admin/ in preview builds, never in a publish
build; its form made from the models; the files it writes are the ones the build reads; and the
propaganda office's day, in Chromium, through `make edit`'s launcher."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field
from ruamel.yaml import YAML

from conftest import ROOT, TODAY, need
from datafile.fields import Strict, Text
from editor import config
from editor.generator import vendored_files
from editor.serve import DECAP_SERVER, answers
from faq import schema
from faq.load import load_faq

EDITOR_JS = ROOT / "plugins/editor/admin/editor.js"
CONTENT = ROOT / "content"


def read_yaml(path):
    return YAML(typ="safe", pure=True).load(Path(path).read_text(encoding="utf-8"))


def collection(conf, name):
    return next(c for c in conf["collections"] if c["name"] == name)


# --- the configuration ----------------------------------------------------------------------------

def test_the_form_is_the_faq_model(sample_build):
    conf = read_yaml(sample_build.output / "admin/config.yml")
    assert conf["locale"] == "zh_Hans" and conf["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1",
                                                              "branch": "main"}
    faq = collection(conf, "faq")
    assert faq["folder"] == "content/faq" and faq["format"] == config.FAQ_FORMAT
    fields = {field["name"]: field for field in faq["fields"]}
    assert list(fields) == [*schema.FaqMeta.model_fields, "body"]
    required = {name for name, info in schema.FaqMeta.model_fields.items() if info.is_required()}
    assert {name for name, field in fields.items() if field["required"]} == required == {
        "title", "slug", "answer", "topic", "sources", "reviewed", "reviewer"}
    assert fields["topic"]["options"] == [{"label": label, "value": key} for key, label in schema.TOPICS.items()]
    assert [f["name"] for f in fields["sources"]["fields"]] == ["org", "title", "url"] and fields["sources"]["min"] == 1
    assert fields["reviewed"]["widget"] == "datetime" and fields["reviewed"]["format"] == "YYYY-MM-DD"
    assert fields["related"] | {"widget": "relation", "collection": "faq", "value_field": "slug", "multiple": True} == fields["related"]
    assert fields["title"]["label"] == "问题" and "以问号结尾" in fields["title"]["hint"]
    assert fields["body"]["widget"] == "markdown" and "不超过 40 个字" in fields["body"]["hint"]  # FAQ_MAX_SENTENCE_CHARS
    # The checks the editor makes before saving are the model's own.
    assert re.match(fields["slug"]["pattern"][0], "cold-or-fever") and not re.match(fields["slug"]["pattern"][0], "Cold")
    assert not re.match(fields["answer"]["pattern"][0], "不疼。就像蚊子叮。")

    glossary = collection(conf, "glossary")["files"][0]
    assert glossary["file"] == "content/faq/glossary.yaml"
    assert [f["name"] for f in glossary["fields"][0]["fields"]] == ["term", "plain"]
    letter = collection(conf, "schools")["files"][0]
    assert letter["file"] == "content/schools/letter.md" and letter["format"] == config.BODY_FORMAT
    assert "【最近的接种点】" in letter["fields"][0]["hint"]
    pages = collection(conf, "pages")
    assert pages["folder"] == "content/pages" and [f["name"] for f in pages["fields"]] == ["title", "slug", "body"]


def test_a_new_field_or_topic_reaches_the_form_with_no_second_edit():
    topics = {**schema.TOPICS, "myths": "谣言"}

    class Wider(schema.FaqMeta):
        topic: Literal[tuple(topics)] = Field(title="话题", json_schema_extra={"enum_labels": topics})
        audience: Text = Field(title="写给谁看", description="如 老人")

    fields = {field["name"]: field for field in config.fields(Wider, "faq")}
    assert {"label": "谣言", "value": "myths"} in fields["topic"]["options"]
    assert fields["audience"] == {"name": "audience", "label": "写给谁看", "required": True, "hint": "如 老人", "widget": "string"}
    assert ["audience", "Audience"] in config.header_keys(Wider)["keys"]


def test_a_field_the_editor_cannot_show_stops_the_build_saying_which():
    class Odd(Strict):
        where: dict[str, int]

    with pytest.raises(config.UnknownField, match="Odd.where"):
        config.fields(Odd, "odd")


def test_the_editor_page_loads_only_our_own_files(sample_build):
    admin = sample_build.output / "admin"
    page = sample_build.page("admin/index.html")
    assert [s["src"] for s in page.select("script")] == ["decap-cms/decap-cms.js", "editor.js"]
    assert [link["href"] for link in page.select("link")] == ["editor.css"]
    assert not re.search(r"(src|href)=\"(https?:)?//", (admin / "index.html").read_text(encoding="utf-8"))
    status = page.select_one("#editor-bar")
    assert status["data-status"] == "../build-report/status.json" and page.select_one("#editor-status")["href"] == "../build-report/"
    # Decap as npm published it, with its licences, next to the page.
    for name, source in vendored_files().items():
        assert (admin / "decap-cms" / name).read_bytes() == source.read_bytes(), name
    assert "MIT License" in (admin / "decap-cms/LICENSE").read_text(encoding="utf-8")
    assert json.loads((admin / "decap-cms/package.json").read_text(encoding="utf-8"))["version"] == "3.16.3"
    assert "zh_Hans" in (admin / "decap-cms/decap-cms.js").read_text(encoding="utf-8")


def test_a_publish_build_contains_no_editor(tmp_path):
    conf = tmp_path / "publish_conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
                    f"SITEURL = 'https://ym.example.gov.cn'\nSITES_TODAY = {TODAY!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n",
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(tmp_path / "public")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "300"})
    assert result.returncode == 0, result.stderr
    files = [p for p in (tmp_path / "public").rglob("*") if p.is_file()]
    assert len(files) > 100 and (tmp_path / "public/sitemap.xml").is_file()  # a real publish build
    assert not (tmp_path / "public/admin").exists()
    names = [p for p in files if re.search(r"decap|config\.yml|editor\.(js|css)", p.name, re.I)]
    assert names == []
    mentions = [p for p in files if p.suffix in (".html", ".js", ".css", ".json", ".xml", ".txt", ".webmanifest")
                and re.search(rb"decap|admin/", p.read_bytes(), re.I)]
    assert mentions == []


# --- the files it writes --------------------------------------------------------------------------

NODE_FORMATS = """
const editor = require(process.argv[1]);
const fs = require('fs');
const jobs = JSON.parse(fs.readFileSync(0, 'utf8'));
console.log(JSON.stringify(jobs.map(job => {
  const data = job.data || editor.read(job.format, job.text);
  return {data: data, text: editor.write(job.format, data)};
})));
"""


def run_formats(jobs):
    """admin/editor.js's read() and write() under Node: [{"data", "text"}] for each job."""
    need(shutil.which("node"), "Node.js (Debian nodejs)")
    formats = config.formats()
    for job in jobs:
        job["format"] = formats[job["format"]]
    result = subprocess.run(["node", "-e", NODE_FORMATS, str(EDITOR_JS)], input=json.dumps(jobs), capture_output=True,
                            text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def content_jobs():
    kinds = [(sorted((CONTENT / "faq").glob("*.md")), config.FAQ_FORMAT),
             (sorted((CONTENT / "pages").glob("*.md")), config.HEADER_FORMAT),
             ([CONTENT / "schools/letter.md"], config.BODY_FORMAT)]
    return [(path, {"format": format, "text": path.read_text(encoding="utf-8")}) for paths, format in kinds for path in paths]


def test_every_content_file_saved_unchanged_is_the_same_file():
    jobs = content_jobs()
    assert len(jobs) >= 17
    for (path, job), done in zip(jobs, run_formats([job for _, job in jobs])):
        assert done["text"] == path.read_text(encoding="utf-8"), path.name


def test_the_editor_reads_each_faq_page_as_the_build_does():
    jobs = [(path, job) for path, job in content_jobs() if job["format"] == config.FAQ_FORMAT]
    for (path, _), done in zip(jobs, run_formats([job for _, job in jobs])):
        problems = []
        faq = load_faq(path, __import__("datetime").date.fromisoformat(TODAY), problems)
        assert problems == [] and faq is not None
        data = done["data"]
        meta = faq.meta.model_dump(mode="json")
        for key, value in meta.items():
            if key == "myth" and value is None:
                assert key not in data
            elif key == "related" and value == []:
                assert key not in data
            else:
                assert data[key] == value, (path.name, key)
        assert data["body"].rstrip("\n") == faq.body.rstrip("\n")


def test_the_header_is_written_in_the_files_own_style():
    page = "Title: 标题\nSlug: about\nStatus: hidden\n这一行不是字段\n\n正文\n"
    faq = ("Title: 问题？\nSlug: a-b\nAnswer: 一句话。\nTopic: how\nSources: 甲 | 乙 | 标题 | https://a.example/x\n"
           "    世界卫生组织｜https://who.example/y\nReviewed: 2026-11-20\nReviewer: 某科\nRelated: x，y z\n\n正文\n")
    edited = {"title": "问题？", "slug": "a-b", "myth": "   ", "answer": "  两行\n写的回答。 ", "topic": "how",
              "sources": [{"org": "甲", "title": "标题", "url": "https://a.example/x"}, {"org": "", "title": "", "url": ""}],
              "reviewed": "2026-11-21", "reviewer": "某科", "related": ["x"], "body": ""}
    done = run_formats([{"format": config.HEADER_FORMAT, "text": page}, {"format": config.FAQ_FORMAT, "text": faq},
                        {"format": config.FAQ_FORMAT, "data": edited},
                        {"format": config.BODY_FORMAT, "text": "【学校】\r\n家长：\r\n"}])
    assert done[0]["text"] == page  # a key the form does not know, and a line that is not a key, are kept
    assert done[1]["data"]["sources"] == [{"org": "甲", "title": "乙｜标题", "url": "https://a.example/x"},
                                          {"org": "世界卫生组织", "title": "https://who.example/y", "url": "https://who.example/y"}]
    assert done[1]["data"]["related"] == ["x", "y", "z"]
    assert done[1]["text"] == faq.replace("甲 | 乙 | 标题 | ", "甲｜乙｜标题｜").replace(
        "世界卫生组织｜https://who.example/y", "世界卫生组织｜https://who.example/y｜https://who.example/y").replace(
        "Related: x，y z", "Related: x, y, z")
    # Blank values are left out (the build then names what is missing); one line per value.
    assert done[2]["text"] == ("Title: 问题？\nSlug: a-b\nAnswer: 两行 写的回答。\nTopic: how\n"
                               "Sources: 甲｜标题｜https://a.example/x\nReviewed: 2026-11-21\nReviewer: 某科\nRelated: x\n")
    assert done[3]["text"] == "【学校】\n家长：\n"


def test_the_editor_opened_without_its_backend_says_so(browser, served_sample):
    """Opened from `make devserver` or `make serve` rather than `make edit`: the bar says nothing
    can be saved, and how to open the editor."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.route("http://127.0.0.1:8081/**", lambda route: route.abort())  # no decap-server, whatever runs here
    page.goto(served_sample + "/admin/")
    page.get_by_role("button", name="登录").wait_for()  # Decap, in Chinese
    bar = page.locator("#editor-bar[data-state=errors]")
    bar.wait_for()
    assert "编辑器的后台没有运行" in bar.inner_text() and "make edit" in bar.inner_text()
    context.close()


# --- the preview sees every save ----------------------------------------------------------------------

def test_a_file_saved_while_a_build_runs_starts_the_next_build(tmp_path):
    """The devserver's watcher runs during builds too (framework/devserver.py): a second save a few
    seconds after the first, while the first one's build still runs, is not lost."""
    from framework.devserver import next_changes, watch
    (tmp_path / "content").mkdir()
    page = tmp_path / "content/page.md"
    page.write_text("Title: 一\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    watcher = watch(str(tmp_path / "conf.py"), {"PATH": str(tmp_path / "content"), "THEME": "", "STATIC_PATHS": []})
    try:
        page.write_text("Title: 二\n", encoding="utf-8")
        assert {path for _, path in next_changes(watcher)} == {str(page)}   # the first save starts a build...
        page.write_text("Title: 三\n", encoding="utf-8")                    # ...and while it runs, a second save
        time.sleep(2)
        started = time.monotonic()
        assert {path for _, path in next_changes(watcher)} == {str(page)}   # the next build starts at once
        assert time.monotonic() - started < 1
    finally:
        watcher.close()


# --- the office's day, in Chromium -----------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Launcher:
    """`make edit` (python -m editor.serve) on free ports, in a copy of the project's content."""

    def __init__(self, project):
        self.port, self.backend_port = free_port(), free_port()
        self.lines = []
        extra = {"PATH": str(project / "content"), "CACHE_PATH": str(project / "cache"), "SITES_TODAY": TODAY}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "editor.serve", "-s", str(ROOT / "pelicanconf.py"), "-o", str(project / "output"),
             "--port", str(self.port), "--backend-port", str(self.backend_port),
             "-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(90):
            self.stop()
            pytest.fail("make edit did not print its address:\n" + "".join(self.lines))
        self.url = f"http://localhost:{self.port}"

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            if "请用浏览器打开" in line:
                self.ready.set()

    def output(self):
        return "".join(self.lines)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C
        return self.process.wait(30)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(what, check, timeout=30, launcher=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail(f"waited {timeout} s for {what}" + (f"; make edit said:\n{launcher.output()}" if launcher else ""))


def save(page):
    """Save as the office does: 保存 -> 保存并更新网站预览."""
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("menuitem", name="保存并更新网站预览").click()


def test_the_office_edits_a_page_in_the_browser_and_sees_the_site_change(browser, tmp_path):
    need(shutil.which("node"), "Node.js (Debian nodejs)")
    need(DECAP_SERVER.is_file(), "decap-server (npm, tools/decap-server)")
    shutil.copytree(CONTENT, tmp_path / "content")
    faq_file = tmp_path / "content/faq/09-cold-or-fever.md"
    after_shot_file = tmp_path / "content/faq/14-after-the-shot.md"
    original, after_shot = faq_file.read_text(encoding="utf-8"), after_shot_file.read_text(encoding="utf-8")
    launcher = Launcher(tmp_path)
    try:
        assert f"请用浏览器打开：http://localhost:{launcher.port}/admin/" in launcher.output()
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        elsewhere = []
        page.on("request", lambda request: None if re.match(
            rf"http://(localhost|127\.0\.0\.1):({launcher.port}|{launcher.backend_port})/", request.url)
            else elsewhere.append(request.url))
        page.goto(launcher.url + "/admin/")
        page.get_by_role("button", name="登录").click()
        page.get_by_role("link", name="常见问题", exact=True).wait_for()
        assert page.locator("#editor-status").inner_text() == "网站预览状态：正常"

        # An FAQ page's answer and topic, saved: the file changes in those two lines, and so does the site.
        page.get_by_text("感冒、发烧了，还能不能打疫苗？").click()
        page.get_by_label("一句话回答", exact=True).fill("发烧时先不打，等烧退了、病好了再去打。")
        page.get_by_role("combobox", name="话题").click()
        page.get_by_role("option", name="疫苗安全吗").click()
        save(page)
        page.get_by_text("修改已保存").wait_for()
        assert faq_file.read_text(encoding="utf-8") == original.replace(
            "Answer: 正在发烧时先别打，等病好了再去打。", "Answer: 发烧时先不打，等烧退了、病好了再去打。").replace(
            "Topic: before-after", "Topic: safety")
        wait_for("the rebuilt page", lambda: "发烧时先不打，等烧退了" in fetch(launcher.url + "/faq/cold-or-fever/"))
        index = fetch(launcher.url + "/faq/")
        safety = index[index.index('id="topic-safety"'):index.index('id="topic-who"')]
        assert "cold-or-fever/" in safety

        # A required field left empty: the editor refuses to save and names it.
        reviewer = page.get_by_label("审核人", exact=True)
        reviewer.fill("")
        save(page)
        page.get_by_text("“审核人”是必填项").wait_for()
        assert "Reviewer: 县疾控中心" in faq_file.read_text(encoding="utf-8")
        # Only spaces get past the editor; the build then says what is missing, and where.
        reviewer.fill("   ")
        save(page)
        wait_for("the file saved without Reviewer", lambda: "Reviewer:" not in faq_file.read_text(encoding="utf-8"))
        status = page.locator("#editor-status")
        wait_for("the bar to show the error", lambda: "有 1 处错误" in status.inner_text(), launcher=launcher)
        with context.expect_page() as opened:
            status.click()
        report = opened.value
        report.wait_for_load_state()
        text = report.locator("main").inner_text()
        assert "09-cold-or-fever.md" in text and "缺少「Reviewer」" in text, text
        report.close()
        page.reload()  # Decap compares with the page as it opened it: open it afresh to put the value back
        page.get_by_label("审核人", exact=True).fill("县疾控中心 免疫规划科（示例）")
        save(page)
        wait_for("the bar to show the site rebuilt", lambda: status.inner_text() == "网站预览状态：正常")

        # A page saved back as it was is the same file, and the same page: every widget (sources,
        # date, related pages, Markdown) writes what it read.
        before = fetch(launcher.url + "/faq/after-the-shot/")
        page.get_by_role("link", name=re.compile("正在集合“常见问题”中编写")).click()
        page.get_by_text("打完针以后要注意什么？").click()
        answer = page.get_by_label("一句话回答", exact=True)
        said = answer.input_value()
        answer.fill(said.replace("坐满30分钟", "坐满半小时"))
        save(page)
        page.get_by_text("修改已保存").wait_for()
        wait_for("the first change", lambda: "坐满半小时" in after_shot_file.read_text(encoding="utf-8"))
        page.reload()
        page.get_by_label("一句话回答", exact=True).fill(said)
        save(page)
        wait_for("the page saved back", lambda: after_shot_file.read_text(encoding="utf-8") == after_shot)
        wait_for("the same page again", lambda: fetch(launcher.url + "/faq/after-the-shot/") == before)
        wait_for("the bar", lambda: status.inner_text() == "网站预览状态：正常")

        assert elsewhere == []  # everything from our own host
        context.close()
    finally:
        children = children_of(launcher.process.pid)
        code = launcher.stop()
    # Ctrl-C stops the preview server and decap-server with it.
    assert code == 0 and "已停止" in launcher.output(), launcher.output()
    assert len(children) == 2 and not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert not answers(launcher.port) and not answers(launcher.backend_port)
