"""buildreport: in a preview build, the errors and warnings where the office's editors look.

A preview build (`make devserver`, `make edit`, `make html`; never `make publish`, PUBLISH = True)
writes into BUILD_REPORT_URL (`build-report/`):

- `index.html`: a page in Chinese that lists every mistake in every file, as `make check` finds
  them (file, line, what is wrong and how to fix it: the console's lines), and the warnings of
  `make check STRICT=1` (plain language, FAQ reviews due) under their own heading;
- `status.json`: `{"ok": true|false, "errors": N, "warnings": N}`, which the CMS reads too;
- `notice.js` and `notice.css` (theme/components/build-notice/), which every preview page loads:
  the script reads status.json when the page opens and every few seconds, and while the build
  fails shows "网站没有更新：有 N 处错误，点此查看" over the bottom of the page, linking to the report.

When a mistake stops the build (framework/stopping.py's `build_stopped`), nothing else is
written: the last good pages stay, and their notice appears. The report is written when the
output folder holds a site already, and always under the devserver (DEVSERVER); a failed
`make html` into a fresh folder writes nothing. Once the build passes, the report says so and
the notice goes away.
"""

from pelican import signals


def get_generators(pelican):
    from .generator import BuildReportGenerator
    return BuildReportGenerator


def report_stop(settings, problems, error, **_):
    from .report import stopped
    return stopped(settings, problems)


def settings_read(pelican):
    from .report import settings_read as run
    run(pelican.settings)


def finish(pelican):
    """The report of a build that passed is written once every file is (the search index too),
    so that an editor's page, told the new site is there, finds all of it."""
    from .report import passed
    passed(pelican.settings)


def register():
    from framework.finishing import site_finished
    from framework.stopping import build_stopped
    signals.get_generators.connect(get_generators)
    signals.initialized.connect(settings_read)
    build_stopped.connect(report_stop)
    site_finished.connect(finish)
