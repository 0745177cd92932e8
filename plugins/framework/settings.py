"""Fill in and check every setting once, when Pelican starts, from framework/defaults.py.

`complete(settings)` is what the framework plugin runs at Pelican's `initialized` signal, and what
the commands (`make check`, `make geocode`, `make progress-template`) run through `read(path)`:

- every missing setting gets its default;
- data files and folders become absolute paths (relative to the project, or to the content folder);
- SITES_TODAY becomes a date (today in TIMEZONE when it is None): the only place it is parsed;
- every value is checked, and all that are wrong are reported at once, in Chinese.
"""

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from datafile.problems import DataError, Problem

from .defaults import DEFAULT_CONFIG, RULES

# Set once the settings are complete: generators refuse to run on settings that are not.
COMPLETED = "_FRAMEWORK_SETTINGS_COMPLETE"
# Set by `make check`'s dry run (framework/dry_run.py): generators raise a DataError instead of
# exiting, and skip work whose only purpose is output.
DRY_RUN = "_FRAMEWORK_DRY_RUN"


def complete(settings):
    """Fill in defaults, resolve paths, parse today; raise DataError listing every wrong setting."""
    problems = []
    for setting in DEFAULT_CONFIG:
        if setting.name not in settings:
            settings[setting.name] = _copy(setting.default)
    _parse_today(settings)
    for setting in DEFAULT_CONFIG:
        message = setting.check(setting.name, settings[setting.name]) if setting.check else None
        if message:
            problems.append(Problem("pelicanconf.py", 0, message))
        elif setting.path:
            settings[setting.name] = _absolute(settings, setting)
    for rule in RULES:
        found = rule(settings)
        if found:
            problems.append(Problem("pelicanconf.py", 0, f"{found[0]}：{found[1]}"))
    if problems:
        raise DataError(problems)
    settings[COMPLETED] = True
    return settings


def read(path="pelicanconf.py"):
    """A settings file as Pelican reads it, completed; raises DataError like complete()."""
    from pelican.settings import read_settings
    return complete(read_settings(str(path)))


def from_command_line(argv):
    """(settings, other arguments, options) of a `make` command run as `python -m …`: the first
    argument that is not an --option names the settings file (pelicanconf.py when none). Wrong
    settings are printed as the build says them, and the command exits with 1."""
    arguments = [a for a in argv if not a.startswith("--")]
    options = {a for a in argv if a.startswith("--")}
    try:
        settings = read(arguments[0] if arguments else "pelicanconf.py")
    except DataError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    return settings, arguments[1:], options


def _parse_today(settings):
    today = settings["SITES_TODAY"]
    if today is None:
        settings["SITES_TODAY"] = dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Asia/Shanghai")).date()
    elif isinstance(today, str):
        try:
            settings["SITES_TODAY"] = dt.date.fromisoformat(today)
        except ValueError:
            pass  # left as text: its check says what is wrong


def _absolute(settings, setting):
    """The path as an absolute one; relative paths are relative to the project (PATH's parent) or to PATH."""
    path = Path(settings[setting.name])
    if path.is_absolute():
        return str(path)
    content = Path(settings["PATH"])
    return str((content.parent if setting.path == "project" else content) / path)


def _copy(value):
    """A default's own copy, so a plugin that changes its settings cannot change the defaults."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
