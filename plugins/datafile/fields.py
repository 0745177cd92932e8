"""Building blocks every editor-facing pydantic model shares."""

import os
from pathlib import Path

from pydantic import AfterValidator, BaseModel, ConfigDict
from typing_extensions import Annotated


class Strict(BaseModel):
    """No unknown fields (they are usually typos), surrounding spaces trimmed, read-only."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _not_blank(value):
    if not value:
        raise ValueError("不能为空，请填写内容")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]


def write_files(output_path, files):
    """Write {relative path: text} under the output folder (for data files that are not pages)."""
    for path, text in files.items():
        target = Path(output_path) / path
        os.makedirs(target.parent, exist_ok=True)
        target.write_text(text, encoding="utf-8")
