"""datafile: what every plugin that reads an editor's file shares.

Not a Pelican plugin: a small library. `yamlfile` reads YAML with a line for every key,
`messages` says pydantic's errors in Chinese, `problems` collects `file:line: message`
reports and turns them into one error that prints without a traceback.
"""
