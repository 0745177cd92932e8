"""The preview build's report: what `make check` finds, as a page, a status file and a notice.

`stopped()` runs when a mistake stops the build, `passed()` once a build has written every file;
both write the same four files (`paths()`), made by `render()`.
"""

import json
import logging
import os
import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from datafile.problems import DataError
from framework.defaults import DEFAULT_CONFIG, address_pattern
from framework.settings import COMPLETED, DRY_RUN

logger = logging.getLogger(__name__)

COMPONENT = "build-notice"            # theme/components/build-notice/: the notice's script and styles
TEMPLATE = "build_report.html"        # theme/templates/: the report page
NOTICE_FILES = ("notice.css", "notice.js")
STATUS = "status.json"

# {output folder: Problems} while the settings file is wrong: under the devserver, Pelican then goes
# on building with the settings it read before, and that build must not report the site as fine.
_wrong_settings = {}


def wanted(settings):
    """A preview build: not a publish build, nor `make check`'s dry run."""
    return not settings.get("PUBLISH") and not settings.get(DRY_RUN)


@dataclass(frozen=True)
class Paths:
    page: str      # the report page's file, from the site root (BUILD_REPORT_SAVE_AS)
    url: str       # its address (BUILD_REPORT_URL)

    @property
    def folder(self):
        return posixpath.dirname(self.page)

    def beside(self, name):
        return posixpath.join(self.folder, name)

    def files(self):
        """Every file the report writes, the status last (the notice reads it: the page is there first)."""
        return [*(self.beside(name) for name in NOTICE_FILES), self.page, self.beside(STATUS)]

    def notice(self):
        """What every preview page's frame needs for the notice (the `build_notice` context entry)."""
        return {"css": self.beside("notice.css"), "js": self.beside("notice.js"), "status": self.beside(STATUS),
                "report": self.url}

    def root(self):
        """The site root, relative to the report page."""
        return "/".join([".."] * self.page.count("/")) or "."


def paths(settings):
    """The report's files from the settings; their defaults when the settings are wrong (a stopped
    build's settings may be the very thing that is wrong)."""
    defaults = {setting.name: setting.default for setting in DEFAULT_CONFIG}
    chosen = {}
    for name in ("BUILD_REPORT_SAVE_AS", "BUILD_REPORT_URL"):
        value = settings.get(name, defaults[name])
        chosen[name] = defaults[name] if address_pattern()(name, value) else value
    return Paths(chosen["BUILD_REPORT_SAVE_AS"], chosen["BUILD_REPORT_URL"])


def collect(settings):
    """(problems, warnings) as `make check STRICT=1` finds them, without planning the build."""
    import check  # plugins/check.py, `make check`
    problems, warnings, _ = check.collect(settings, plan=False)
    return problems, warnings


def render(settings, problems, warnings):
    """{path: text} of the report's files."""
    where = paths(settings)
    problems, warnings = sorted(set(problems)), sorted(set(warnings))
    status = {"ok": not problems, "errors": len(problems), "warnings": len(warnings)}
    components = Path(settings["THEME"]) / "components"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(Path(settings["THEME"]) / "templates"), str(components)]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    page = environment.get_template(TEMPLATE).render(
        problems=problems, warnings=warnings, status=status, status_json=json.dumps(status),
        sitename=settings.get("SITENAME", ""), root=where.root(),
        files="、".join(dict.fromkeys(problem.file for problem in problems)))
    texts = {where.beside(name): (components / COMPONENT / name).read_text(encoding="utf-8") for name in NOTICE_FILES}
    texts[where.page] = page
    texts[where.beside(STATUS)] = json.dumps(status) + "\n"
    return {path: texts[path] for path in where.files()}


def write(output_path, files):
    """Write each file whole (a reader never sees half of one), in the order given."""
    for path, text in files.items():
        target = Path(output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".report-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def stopped(settings, problems):
    """`build_stopped`'s receiver: every mistake `make check` finds besides the build's own,
    written into the report when the output folder holds a site (always under the devserver).
    Returns the mistakes the build did not report itself, for its console."""
    if not wanted(settings):
        return []
    output = settings.get("OUTPUT_PATH", "output")
    warnings, found = [], []
    if not settings.get(COMPLETED):
        _wrong_settings[os.path.abspath(output)] = list(problems)
    else:
        try:
            found, warnings = collect(settings)
        except DataError as error:  # a check that could not run at all says why
            found = list(error.problems)
        except Exception:  # never hide the build's own report behind a fault of the report
            logger.exception("构建报告：检查各文件时出错")
    if settings.get("DEVSERVER") or os.path.isdir(output):
        try:
            write(output, render(settings, [*problems, *found], warnings))
        except OSError as error:
            logger.warning("构建报告没有写成（%s）", error)
    return [problem for problem in found if problem not in set(problems)]


def settings_read(settings):
    """At Pelican's `initialized`: the settings file is being read again; forget that it was wrong
    (when it still is, `stopped()` hears of it again)."""
    _wrong_settings.pop(os.path.abspath(settings.get("OUTPUT_PATH", "output")), None)


def passed(settings):
    """`site_finished`'s receiver: once every file is written (the search index and the service
    worker's version too), the report of a build that passed, with the warnings. Its status.json
    tells an editor's open pages that the new site is there."""
    if not wanted(settings):
        return
    output = settings["OUTPUT_PATH"]
    problems, warnings = collect(settings)
    # Built with the settings read before pelicanconf.py went wrong (the devserver): say so.
    problems += _wrong_settings.get(os.path.abspath(output), [])
    write(output, render(settings, problems, warnings))
