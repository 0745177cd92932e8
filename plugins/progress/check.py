"""The progress part of `make check`."""

from datafile.problems import DataError

from .generator import load_reports


def check(config):
    try:
        from sites import settings as site_settings
        from sites.load import load_sites
        site_settings.read(config)
        townships = [t.name for t in load_sites(config["SITES_FILE"], today=config["SITES_TODAY"]).county.townships]
    except DataError:
        return [], [], ""  # the sites check reports those
    (reports, problems, warnings), _ = load_reports(config, townships)
    days = len({r.date for r in reports})
    return problems, warnings, f"日通报 {days} 天" if reports else ""
