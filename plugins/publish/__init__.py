"""publish: files a simple host needs, open data, offline use, and `make publish`'s safe swap.

- A Generator writes open data (data/sites.json, .geojson, .csv), robots.txt, the web app
  manifest, the service worker and a Chinese 404 page.
- Once every page is written (framework/finishing.py): the sitemap, then for publish builds
  (PUBLISH = True) .gz/.br copies of text files, made on every core while Pagefind indexes, and
  of the search index's files once it is done; last, the service worker's version. (CSS, scripts and map data get fingerprinted
  names when their generators write them: datafile/assets.py.)
- release.py builds into a fresh folder, checks it (validate.py) and only then swaps it in.
"""

from pelican import signals


def get_generators(pelican):
    from .generator import PublishGenerator
    return PublishGenerator


def start_finishing(pelican):
    from .postprocess import start
    return start(pelican.settings, pelican.output_path)


def register():
    from framework.finishing import site_written
    signals.get_generators.connect(get_generators)
    site_written.connect(start_finishing)
