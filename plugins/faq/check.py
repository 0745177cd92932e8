"""The FAQ part of `make check`."""

from datafile.problems import DataError

from .load import read_folder


def check(settings):
    try:
        faqs, terms, warnings = read_folder(settings)
    except DataError as error:
        return error.problems, [], ""
    return [], warnings, f"常见问题 {len(faqs)} 页，术语 {len(terms)} 个" if faqs else ""
