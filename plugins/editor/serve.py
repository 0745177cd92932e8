"""`make edit`: the preview server and the web editor's backend, started and stopped together.

    python -m editor.serve [-s pelicanconf.py] [-o output] [--port 8000] [--backend-port 8081]
                           [-e KEY=JSON ...]

- Pelican rebuilds the preview whenever a file changes (framework/devserver.py's autoreload, as
  `make devserver`, with DEVSERVER = True: a mistake is reported on the build report page, and
  the next change is awaited);
- decap-server (Decap CMS's local backend, Node) writes what the editor saves into the project
  folder (PATH's parent), listening on 127.0.0.1 only;
- the preview is served here on 127.0.0.1 (and ::1, so that "localhost" works either way), with
  nothing cached, so the page an editor opens after saving is the rebuilt one.

Once the first build is done, one address is printed: the editor's. Ctrl-C (or SIGTERM) stops
all of it; if either program ends by itself, the other is stopped too and the exit code says so.
"""

import argparse
import functools
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DECAP_SERVER = ROOT / "tools" / "decap-server" / "node_modules" / "decap-server" / "dist" / "index.js"
# The lines of Pelican's output that end a build, well or not.
BUILD_DONE = ("Done: Processed", "Caught exception")


class Stop(Exception):
    pass


def parse_extra(pairs):
    """`KEY=JSON` pairs, as `pelican -e` reads them."""
    found = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            found[key] = json.loads(value)
        except json.JSONDecodeError:
            found[key] = value
    return found


def read_settings(path, extra):
    from pelican.settings import read_settings as pelican_settings
    from framework.defaults import DEFAULT_CONFIG
    settings = pelican_settings(str(path), override=extra)
    defaults = {setting.name: setting.default for setting in DEFAULT_CONFIG}
    return settings, {key: settings.get(key, defaults.get(key)) for key in ("EDITOR_URL", "EDITOR_SAVE_AS", "BUILD_REPORT_URL")}


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the servers bind: a port whose last connections are closing (TIME_WAIT) is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Quiet(http.server.SimpleHTTPRequestHandler):
    """The built site, never cached, without a line per request."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".yml": "text/yaml; charset=utf-8", ".json": "application/json"}

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


class DualStack(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


def serve(output, port):
    """Serve `output` on 127.0.0.1:port (and [::1]:port when the machine has IPv6)."""
    handler = functools.partial(Quiet, directory=str(output))
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)]
    try:
        servers.append(DualStack(("::1", port), handler))
    except OSError:
        pass
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return servers


def relay(stream, done):
    """Echo a child's output line by line; set `done` when a build has ended."""
    for line in iter(stream.readline, ""):
        sys.stdout.write(line)
        sys.stdout.flush()
        if any(mark in line for mark in BUILD_DONE):
            done.set()
    stream.close()


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make edit", description="网站预览和网页编辑器（Decap CMS）一起启动，按 Ctrl-C 一起停止")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--port", type=int, default=8000, help="网站预览的端口（默认 8000）")
    parser.add_argument("--backend-port", type=int, default=8081, help="decap-server 的端口（默认 8081）")
    parser.add_argument("-e", "--extra-settings", nargs="*", default=[], metavar="KEY=JSON", help="同 pelican -e")
    parser.add_argument("--decap-server", default=str(DECAP_SERVER), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    node = shutil.which("node")
    if not node:
        print("没有找到 Node.js（node 命令），网页编辑器的后台要用它。请先安装：\n"
              "    sudo apt-get install nodejs npm\n然后再运行 make edit。", file=sys.stderr)
        return 2
    if not Path(args.decap_server).is_file():
        print(f"没有找到 decap-server（{args.decap_server}）。请用 make edit 启动，它会先用 npm 安装。", file=sys.stderr)
        return 2
    for port, what in ((args.port, "网站预览"), (args.backend_port, "编辑器后台（decap-server）")):
        if not port_free(port):
            print(f"端口 {port}（{what}）已被占用：是不是已经开着一个 make edit？请先关掉它（在它的窗口里按 Ctrl-C），"
                  f"或换一个端口，如 make edit PORT=8010 EDIT_BACKEND_PORT=8091。", file=sys.stderr)
            return 2

    extra = parse_extra(args.extra_settings)
    backend_url = f"http://127.0.0.1:{args.backend_port}/api/v1"
    extra.update(DEVSERVER=True, EDITOR_BACKEND_URL=backend_url)
    settings, values = read_settings(args.settings, extra)
    project = Path(settings["PATH"]).resolve().parent
    output = Path(args.output).resolve()
    output.mkdir(parents=True, exist_ok=True)

    # Ctrl-C and SIGTERM end the wait below, even when this process was started with SIGINT ignored.
    def interrupted(signum, frame):
        raise Stop()

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)

    processes = []
    servers = []
    code = 0
    try:
        env = {**os.environ, "PORT": str(args.backend_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "warn"}
        processes.append(subprocess.Popen([node, args.decap_server], cwd=project, env=env, start_new_session=True))
        # What `make devserver` runs (framework/devserver.py), without its server: the site is served here.
        pelican = [sys.executable, "-m", "framework.devserver", "--autoreload", "-s", str(args.settings), "-o", str(output),
                   "-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
        built = threading.Event()
        python_path = os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")]))
        process = subprocess.Popen(pelican, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True, env={**os.environ, "COLUMNS": "200", "PYTHONPATH": python_path})
        processes.append(process)
        threading.Thread(target=relay, args=(process.stdout, built), daemon=True).start()
        servers = serve(output, args.port)
        print("正在生成网站预览……", flush=True)
        while not (built.is_set() and answers(args.backend_port)):
            if any(p.poll() is not None for p in processes):
                break
            time.sleep(0.2)
        address = f"http://localhost:{args.port}/{values['EDITOR_URL']}"
        if all(p.poll() is None for p in processes):
            if not (output / values["EDITOR_SAVE_AS"]).is_file():
                # A first build that failed into an empty folder: no editor yet, only the report.
                report = f"http://localhost:{args.port}/{values['BUILD_REPORT_URL']}"
                print(f"\n网站第一次生成没有成功，编辑器还打不开。请先打开 {report} 看哪里错了，"
                      "改好文件保存后会自动重新生成。", flush=True)
            print(f"\n编辑网站内容，请用浏览器打开：{address}\n（不要关这个窗口；编辑完了，在这里按 Ctrl-C 停止）\n", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(0.3)
        ended = next(p for p in processes if p.poll() is not None)
        name = "decap-server" if ended is processes[0] else "Pelican"
        print(f"{name} 意外停止了（退出码 {ended.returncode}），编辑器和预览一起停止。请看上面的提示。", file=sys.stderr)
        code = 1
    except Stop:
        print("\n正在停止……", flush=True)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for server in servers:
            server.shutdown()
            server.server_close()
        stop(processes)
    print("已停止。" if code == 0 else "", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
