"""Our datum conversions agree with an independent implementation (eviltransform)."""

import itertools

import eviltransform
import pytest

from county.datum import from_wgs84, to_wgs84

# A grid over Tongwei and its neighbours, plus points across China.
GRID = list(itertools.product([34.9, 35.05, 35.2, 35.35, 35.5], [104.95, 105.2, 105.45, 105.65]))
CHINA = [(39.9087, 116.3975), (31.2304, 121.4737), (22.5431, 114.0579), (43.8256, 87.6168), (29.6500, 91.1000)]
POINTS = GRID + CHINA


def metres(a, b):
    # Small distances: an equirectangular approximation is plenty at this scale.
    import math
    dlat = (a[0] - b[0]) * 111_320
    dlon = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


@pytest.mark.parametrize("lat,lon", POINTS)
def test_wgs84_to_gcj02_matches_eviltransform(lat, lon):
    # Both are the same published algorithm; they differ only in floating-point order.
    assert metres(from_wgs84(lat, lon, "gcj02"), eviltransform.wgs2gcj(lat, lon)) < 0.05


@pytest.mark.parametrize("lat,lon", POINTS)
def test_gcj02_to_wgs84_matches_eviltransform_exact(lat, lon):
    gcj = eviltransform.wgs2gcj(lat, lon)
    ours = to_wgs84(*gcj, "gcj02")
    # eviltransform stops iterating at about 0.1 m; ours goes on to millimetres.
    assert metres(ours, eviltransform.gcj2wgs_exact(*gcj)) < 0.5
    assert metres(ours, (lat, lon)) < 0.05


@pytest.mark.parametrize("lat,lon", POINTS)
def test_bd09_matches_eviltransform(lat, lon):
    bd = eviltransform.wgs2bd(lat, lon)
    assert metres(from_wgs84(lat, lon, "bd09"), bd) < 0.05
    # eviltransform's bd2wgs inverts GCJ-02 approximately; ours iterates, so allow its error.
    assert metres(to_wgs84(*bd, "bd09"), eviltransform.bd2wgs(*bd)) < 5
    assert metres(to_wgs84(*bd, "bd09"), (lat, lon)) < 0.5


def test_the_offset_is_the_few_hundred_metres_that_matter():
    """Putting a GCJ-02 point on the map unconverted would land it in the wrong village."""
    county_seat = (35.2105, 105.2420)
    shift = metres(county_seat, from_wgs84(*county_seat, "gcj02"))
    assert 200 < shift < 800


def test_wgs84_is_unchanged():
    assert to_wgs84(35.2, 105.2, "wgs84") == (35.2, 105.2)
