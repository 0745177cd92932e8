"""region: a city or province built from its counties (issue 21's federation).

- config.py reads region.yaml: the region and its member counties (each a complete county site).
- shard.py builds one county as a shard, in its own process, with its own cache, swapped in only
  when it passed its checks (`make region-shard-<id>`; `make -j region` runs them all).
- generator.py, in the merge build (regionconf.py), writes what spans the shards from what they
  published (merge.py): the home page with the finder over every county and the county index,
  the search over every county, the open data and the sitemap index.
- publish.py is the merge: that build into a fresh folder, the shards linked in, checked, swapped.
"""

from pelican import signals


def get_generators(pelican):
    from .generator import RegionGenerator
    return RegionGenerator


def register():
    signals.get_generators.connect(get_generators)
