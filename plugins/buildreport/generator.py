"""BuildReportGenerator: claims the report's files and tells every preview page where the notice is.

It writes nothing itself: the report is written once every file is (report.passed), or when a
mistake stops the build (report.stopped). Its outputs are claimed here, so that a page whose
Slug would land on the report is caught like any other clash (framework/outputs.py).
"""

from framework.generator import FeatureGenerator

from . import report


class BuildReportGenerator(FeatureGenerator):
    provides = ("build_notice",)
    made_from = ()

    def generate_context(self):
        super().generate_context()
        if report.wanted(self.settings):
            self.provide(build_notice=report.paths(self.settings).notice())

    def outputs(self):
        if not report.wanted(self.settings):
            return super().outputs()
        return super().outputs() + [(path, "预览网站的构建报告（BUILD_REPORT_SAVE_AS）", ())
                                    for path in report.paths(self.settings).files()]
