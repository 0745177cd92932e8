"""Problems found in an input file, reported to the clerk as `file:line: message`."""

from dataclasses import dataclass, field


# A message longer than this is cut: a value quoted whole must never flood the report.
MAX_MESSAGE_CHARS = 600


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    # Where in the document (the model's path, such as ("sites", 3, "phone")) and the message
    # without its "接种点「…」的 phone：" lead: what a spreadsheet import needs to name the cell.
    loc: tuple = field(default=(), compare=False)
    detail: str = field(default="", compare=False)

    def __post_init__(self):
        if len(self.message) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "message", self.message[:MAX_MESSAGE_CHARS] + "……")

    def __str__(self):
        if not self.line:
            return f"{self.file}: {self.message}"
        if self.file.lower().endswith(".xlsx"):  # people who work in spreadsheets count rows
            return f"{self.file} 第 {self.line} 行：{self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class DataError(Exception):
    """Invalid input. str() is the full report, ready to print without a traceback."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def __reduce__(self):
        # Made again from its problems: an error raised in a forked worker reaches the build whole.
        return type(self), (self.problems,)

    def report(self):
        files = "、".join(dict.fromkeys(p.file for p in self.problems))
        lines = [f"{files} 中有 {len(self.problems)} 处错误，网站没有生成（已有的网站文件保持不变）："]
        lines += [f"  {p}" for p in self.problems]
        lines.append("改正以上各处后，运行 make check 再检查一次。")
        return "\n".join(lines)
