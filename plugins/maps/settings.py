"""The maps plugin's settings: defaults, and checks that say what is wrong."""

from .providers import NAMES, provider

DEFAULTS = {
    "MAP_TILES": "osm",
    "TIANDITU_KEY": "",
    # 审图号, e.g. "GS(2024)0650号"; shown on every map when set.
    "MAP_APPROVAL_NUMBER": "",
    # Above this many markers on one map, nearby markers are grouped into clusters.
    "MAP_CLUSTER_THRESHOLD": 60,
    "MAP_PAGE_URL": "map/",
    "MAP_PAGE_SAVE_AS": "map/index.html",
}


class SettingsError(Exception):
    """A map setting is wrong; str() says how to fix it, in Chinese."""


def read(settings):
    """Fill in defaults and return the tile provider, or raise SettingsError."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    name = settings["MAP_TILES"]
    if name not in NAMES:
        raise SettingsError(
            f"pelicanconf.py: MAP_TILES = {name!r} 不是可用的底图。可选：osm（开发用）、"
            "tianditu（天地图，需 TIANDITU_KEY）、gaode（高德）、none（不加载底图）"
        )
    if name == "tianditu" and not settings["TIANDITU_KEY"]:
        raise SettingsError(
            "pelicanconf.py: MAP_TILES = \"tianditu\" 需要天地图的密钥。请在天地图开放平台"
            "（console.tianditu.gov.cn）免费申请“浏览器端”密钥，填到 TIANDITU_KEY；"
            "或者暂时改用 MAP_TILES = \"gaode\" 或 \"none\""
        )
    threshold = settings["MAP_CLUSTER_THRESHOLD"]
    if not isinstance(threshold, int) or threshold < 1:
        raise SettingsError("pelicanconf.py: MAP_CLUSTER_THRESHOLD 应是正整数，例如 60")
    return provider(name, settings["TIANDITU_KEY"])
