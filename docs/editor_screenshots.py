"""The screenshots of the web editor in docs/编辑指南.md (docs/images/editor-*.png), taken again.

    .venv/bin/python docs/editor_screenshots.py

Starts `make edit`'s launcher on a copy of content/ in a temporary folder (the project's own files
are not touched), goes through the steps the guide describes in Debian's Chromium, and writes the
pictures. Needs what `make test` installs (Playwright, Chromium, decap-server).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
SIZE = {"width": 1100, "height": 720}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(project):
    port, backend = free_port(), free_port()
    extra = {"PATH": str(project / "content"), "CACHE_PATH": str(project / "cache"), "SITES_TODAY": "2026-11-28"}
    process = subprocess.Popen(
        [sys.executable, "-m", "editor.serve", "-s", str(ROOT / "pelicanconf.py"), "-o", str(project / "output"),
         "--port", str(port), "--backend-port", str(backend), "-e", *(f"{k}={json.dumps(v)}" for k, v in extra.items())],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")}, stdout=subprocess.PIPE, text=True,
        start_new_session=True)
    for line in process.stdout:
        if "请用浏览器打开" in line:
            break
    return process, f"http://localhost:{port}"


def shot(page, name, **kwargs):
    page.wait_for_timeout(400)
    page.screenshot(path=str(IMAGES / f"editor-{name}.png"), **kwargs)
    print(f"editor-{name}.png", (IMAGES / f"editor-{name}.png").stat().st_size // 1024, "KB")


def clear_toasts(page):
    for button in page.locator(".Toastify__close-button").all():
        button.click()
    page.wait_for_timeout(600)


def save(page):
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("menuitem", name="保存并更新网站预览").click()


def main():
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "content", project / "content")
        process, base = start(project)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--lang=zh-CN"],
                                                     env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"})
                context = browser.new_context(locale="zh-CN", viewport=SIZE)
                page = context.new_page()
                page.goto(base + "/admin/")
                page.get_by_role("button", name="登录").wait_for()
                shot(page, "login")
                page.get_by_role("button", name="登录").click()
                page.get_by_text("感冒、发烧了，还能不能打疫苗？").wait_for()
                shot(page, "list")

                page.get_by_text("感冒、发烧了，还能不能打疫苗？").click()
                page.get_by_label("一句话回答", exact=True).fill("发烧时先不打，等烧退了、病好了再去打。")
                shot(page, "faq")
                page.get_by_role("button", name="保存", exact=True).click()
                shot(page, "save", clip={"x": 0, "y": 0, "width": 700, "height": 300})
                page.get_by_role("menuitem", name="保存并更新网站预览").click()
                page.get_by_text("修改已保存").wait_for()
                clear_toasts(page)

                page.get_by_label("审核人", exact=True).fill("")
                save(page)
                page.get_by_text("“审核人”是必填项").scroll_into_view_if_needed()
                shot(page, "required")
                clear_toasts(page)
                page.get_by_label("审核人", exact=True).fill("   ")
                save(page)
                page.locator("#editor-bar[data-state=errors]").wait_for(timeout=30000)
                clear_toasts(page)
                shot(page, "error", clip={"x": 0, "y": 0, "width": SIZE["width"], "height": 110})
                with context.expect_page() as opened:
                    page.locator("#editor-status").click()
                report = opened.value
                report.set_viewport_size({"width": 720, "height": 560})
                report.wait_for_load_state()
                shot(report, "report")
                report.close()
                page.reload()  # the value it opened with, put back: Decap compares with the page as it opened it
                page.get_by_label("审核人", exact=True).fill("县疾控中心 免疫规划科（示例）")
                save(page)
                page.locator("#editor-bar[data-state=ok]").wait_for(timeout=30000)

                page.goto(base + "/admin/#/collections/glossary/entries/glossary")
                page.locator("input[id^=term-field]").first.wait_for()
                shot(page, "glossary")
                page.goto(base + "/admin/#/collections/schools/entries/letter")
                page.locator("[data-slate-editor]").first.wait_for()
                shot(page, "letter")
                page.goto(base + "/admin/#/collections/faq/new")
                page.get_by_label("问题", exact=True).wait_for()
                shot(page, "new")
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
            time.sleep(0.5)


if __name__ == "__main__":
    main()
