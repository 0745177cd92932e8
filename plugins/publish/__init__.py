"""publish: files a simple host needs, open data, offline use, and `make publish`'s safe swap.

- A Generator writes open data (data/sites.json, .geojson, .csv), robots.txt, the web app
  manifest, the service worker and a Chinese 404 page.
- In Pelican's `finalized` signal, after the search index: the sitemap, then for publish builds
  (PUBLISH = True) .gz/.br copies of text files. (CSS, scripts and map data get fingerprinted
  names when their generators write them: datafile/assets.py.)
- release.py builds into a fresh folder, checks it (validate.py) and only then swaps it in.
"""

from pelican import signals


def get_generators(pelican):
    from .generator import PublishGenerator
    return PublishGenerator


def finalize(pelican):
    from .postprocess import finalize as run
    run(pelican.settings, pelican.output_path)


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalize)
