"""The build's own checks, run by `make check` without writing anything.

Some mistakes only show when the build plans its pages: two pages on one file (a Slug that is a
generated page's name), a plugin missing from PLUGINS. `make check` makes every generator's
context as a build would (Pelican's first half), then runs the checks that follow, and reports
what they find as the build would. Nothing is written, and no QR code is drawn.
"""

import logging

from pelican import Pelican

from datafile.problems import DataError, Problem

from . import outputs
from .context import ContractError
from .settings import DRY_RUN


def check(settings):
    """(problems, warnings, summary): plan the whole build and check the plan."""
    settings = dict(settings, **{DRY_RUN: True})
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)  # the other checks have said these already
    try:
        pelican = Pelican(settings)
        context = {**pelican.settings, "generated_content": {}, "static_links": set(), "static_content": {},
                   "localsiteurl": pelican.settings["SITEURL"]}
        generators = [cls(context=context, settings=pelican.settings, path=pelican.path, theme=pelican.theme,
                          output_path=pelican.output_path) for cls in pelican._get_generator_classes()]
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        outputs.check(generators)
    except DataError as error:
        return error.problems, [], ""
    except ContractError as error:
        return [Problem("pelicanconf.py", 0, str(error))], [], ""
    finally:
        logging.disable(previous)
    pages = sum(1 for generator in generators for _ in outputs.planned(generator))
    return [], [], f"网站共 {pages} 个文件，没有两个写到同一处"
