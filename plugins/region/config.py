"""region.yaml: a region (a city or a province) and the counties it is built from.

    region:
      name: 定西市
      url: https://ym.dingxi.gov.cn      # optional: the published address; shards live under it
      contact: {name: 市疾控中心, phone: 0932-1234567}   # for "发现信息有误" on the region's pages
      neighbour_km: 30                   # optional: villages list the open sites of counties this near
    counties:
      - id: tongwei                      # the county's folder in the region's site: /tongwei/
        name: 通渭县
        path: ../..                      # its folder (or git checkout), relative to region.yaml

A county's folder is a complete county site: its `pelicanconf.py` names its data files, its content
and its settings (region/shard.py reads them); the code and theme are the region's, so every shard
writes the files the merge reads in the same form.

    PYTHONPATH=plugins python -m region.config region.yaml   # the county ids, one a line (for make)
"""

import re
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from datafile.document import Document
from datafile.problems import DataError, Problem

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Folders the merge writes at the region's top level: a county may not take their names.
RESERVED_IDS = {"theme", "data", "finder", "find", "search", "pagefind", "counties"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Contact(Strict):
    name: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""


class RegionInfo(Strict):
    name: str = Field(min_length=1)
    url: str = ""
    # Who residents tell about a wrong listing, on the region's own pages (each county's site names its own).
    contact: Contact
    # A village's nearest-site table considers the open sites of every county whose sites lie
    # within this many km of the county's villages (region/open_sites.py).
    neighbour_km: float = Field(default=30, gt=0, le=200)

    @field_validator("url")
    @classmethod
    def _address(cls, value):
        if value and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", value):
            raise ValueError("网址要以 http:// 或 https:// 开头，例如 https://ym.dingxi.gov.cn")
        return value.rstrip("/")


class CountyEntry(Strict):
    id: str
    name: str = Field(min_length=1)
    path: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value):
        if not ID.match(value):
            raise ValueError("编号只能用小写字母、数字和减号（-），并以字母或数字开头，例如 tongwei")
        if value in RESERVED_IDS:
            raise ValueError(f"编号「{value}」是全市网站自己要用的文件夹名，请换一个，例如加上县名的拼音")
        return value


class RegionFile(Strict):
    region: RegionInfo
    counties: list[CountyEntry] = Field(min_length=1)


class County:
    """One member county: its id, name and folder (absolute)."""

    def __init__(self, entry, folder):
        self.id, self.name, self.folder = entry.id, entry.name, folder

    @property
    def settings_file(self):
        return self.folder / "pelicanconf.py"


class Region:
    def __init__(self, path, info, counties):
        self.path, self.name, self.url, self.counties = path, info.name, info.url, counties
        self.neighbour_km = info.neighbour_km
        self.contact = info.contact.model_dump(exclude_defaults=True)

    def county(self, county_id):
        for county in self.counties:
            if county.id == county_id:
                return county
        raise DataError([_problem(self.path, f"没有编号为「{county_id}」的县，region.yaml 里有："
                                  + "、".join(c.id for c in self.counties))])


def _problem(path, message, line=0):
    return Problem(Path(path).name, line, message)


def load(path):
    """The Region in region.yaml at path; DataError with every mistake at its line."""
    path = Path(path).resolve()
    problems = []
    doc = Document(path, problems, known_fields=("region", "counties", "name", "url", "contact", "phone", "email", "id", "path",
                                             "neighbour_km"),
                   expect="region.yaml 要写 region（全市的名称）和 counties（各县）")
    parsed = doc.validate(RegionFile, doc.doc, (), record="县")
    if parsed is None:
        raise DataError(problems)
    doc.report_duplicates("counties", "id", lambda value, line: f"编号「{value}」和第 {line} 行的县重复了，每个县的编号要不同")
    counties = []
    for index, entry in enumerate(parsed.counties):
        folder = (path.parent / entry.path).resolve()
        if not (folder / "pelicanconf.py").is_file():
            doc.report(("counties", index, "path"),
                       f"县「{entry.name}」的文件夹 {folder} 里没有 pelicanconf.py：path 要指向这个县的网站文件夹"
                       "（里面有 pelicanconf.py、sites.yaml 和 content/）")
        counties.append(County(entry, folder))
    if problems:
        raise DataError(problems)
    return Region(path, parsed.region, counties)


def report(error):
    """A DataError's report, in the words of a region's build."""
    return (error.report().replace("网站没有生成", "全市网站没有更新")
            .replace("运行 make check 再检查一次", "再运行 make region"))


def from_command_line(argv, usage, arguments):
    """The Region named by argv[0], the command having been given at least `arguments`
    arguments; otherwise SystemExit(2), after saying why in Chinese (usage, or every mistake)."""
    if len(argv) < arguments:
        print(f"用法：{usage}", file=sys.stderr)
        raise SystemExit(2)
    try:
        return load(argv[0])
    except DataError as error:
        print(report(error), file=sys.stderr)
        raise SystemExit(2) from None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        region = load(argv[0] if argv else "region.yaml")
    except DataError as error:
        print(report(error), file=sys.stderr)
        return 2
    print("\n".join(county.id for county in region.counties))
    return 0


if __name__ == "__main__":
    sys.exit(main())
