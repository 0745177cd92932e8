"""The FAQ part of `make check`."""

from datafile.problems import DataError

from .generator import load


def check(config):
    try:
        faqs, terms, warnings = load(config)
    except DataError as error:
        return error.problems, [], ""
    return [], warnings, f"常见问题 {len(faqs)} 页，术语 {len(terms)} 个" if faqs else ""
