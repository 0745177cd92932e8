"""editor: the web editor of the Markdown content, for preview builds only (`make edit`).

The propaganda office edits the FAQ pages, the glossary, the school letter and the other pages
in a browser: Decap CMS (vendor/decap-cms/, the npm package's build, MIT), served from our own
host at EDITOR_URL (`admin/`), in Simplified Chinese, saving through decap-server (Decap's local
backend, `make edit` starts it) into the project's files. Its configuration is made at every
preview build from the models (faq/schema.py, models.py) and the settings (config.py), so a new
field or topic reaches the editor with no second edit; the files it writes are the ones the
build reads, in their own format (admin/editor.js reads and writes the `Key: value` header).

A publish build (PUBLISH = True) contains none of it. `python -m editor.serve` (`make edit`)
starts the preview server and decap-server together.
"""

from pelican import signals


def get_generators(pelican):
    from .generator import EditorGenerator
    return EditorGenerator


def register():
    signals.get_generators.connect(get_generators)
