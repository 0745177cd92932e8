"""Names for the files pages load (CSS, scripts, map data).

In publish builds a file is named by its content, name.<hash>.ext, so a host can let browsers keep it
for a year (deploy/nginx.conf): a changed file gets a new name. Each generator names its own files
before any page is rendered, so pages are written once with the final names.
"""

import hashlib
from pathlib import PurePosixPath


def asset_name(settings, path, data):
    """`path` (relative to the site root), renamed by the content `data` (str or bytes) in publish builds."""
    if not settings["PUBLISH"]:
        return path
    raw = data.encode("utf-8") if isinstance(data, str) else data
    name = PurePosixPath(path)
    return str(name.with_name(f"{name.stem}.{hashlib.sha256(raw).hexdigest()[:10]}{name.suffix}"))
