"""county: the model of the county's data, a library every feature plugin uses.

Not a Pelican plugin and not a page generator: it turns the editors' files into a validated,
read-only model, and works out what follows from the data alone.

- `kinds`: every closed list (site kinds, states, doses, school levels, datums) with its words;
- `schema/`: the pydantic models, one module per file (sites, places, schools, geocoded);
- `load`: reads the files, every problem with its `file:line`; `cache`: keeps the model between builds;
- `model`: CountyData, what plugins get; its `open_site_index` answers "nearest open sites";
- `datum` (WGS-84, GCJ-02, BD-09), `hours` (opening hours), `nearest` (the site index and the
  nearest sites of every village);
- `neighbours`: in a region's shard, the neighbouring counties' open sites (REGION_NEIGHBOURS),
  which border villages' nearest sites include;
- `geocode` (`make geocode`) and `check` (its part of `make check`).

A plugin gets the model with `county.cache.load(settings)`.
"""
